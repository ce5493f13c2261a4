# Async Playground: build, serve and test from a fresh Debian machine.
#
#   make serve   install what is missing, then trunk serve on http://127.0.0.1:8080
#   make test    install what is missing, then every check CI runs, in order
#   make build   release build of the static site into dist/
#   make bench   release build, then engine, render, size and load figures (tests/bench/)
#   make fuzz    the engine against CPython 3.14 on 10,000 random programs (PROGRAMS=n, SEED=n)
#
# Every set-up step checks first and returns at once when its tool is present,
# so a second run spends its time on the checks, not on installing.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

WASM_TARGET := wasm32-unknown-unknown
TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen crate in Cargo.lock; the
# lock file is the only place that version is written down.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
CHROMIUM := /usr/bin/chromium
export CHROMEDRIVER := /usr/bin/chromedriver

# node_modules/.bin first: Trunk must pick the npm binaryen's wasm-opt, never
# an older system one. Cargo's bin dir next, for trunk and wasm-bindgen.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
LOGS := target/test-logs
NPM_STAMP := node_modules/.package-lock.json

ifeq ($(WASM_BINDGEN_VERSION),)
$(error could not read the wasm-bindgen version from Cargo.lock)
endif

.PHONY: help serve build test bench fuzz setup setup-rust setup-trunk \
        setup-wasm-bindgen setup-browser setup-python runtime summary

help:
	@echo "make serve   dev server with reload on http://127.0.0.1:8080"
	@echo "make test    fmt, clippy (host + wasm32), cargo test, browser tests, release build, e2e"
	@echo "make build   release build into dist/"
	@echo "make bench   engine vs JS, virtual events/s, render, sizes, load time (reports only)"
	@echo "make fuzz    engine vs CPython 3.14 on 10,000 random programs, divergences shrunk"

# ---------------------------------------------------------------- set-up

setup: setup-rust setup-trunk setup-wasm-bindgen $(NPM_STAMP)

# pytest for the tracer's native tests (py/tests), with the machine's python3.
setup-python:
	@python3 -m pytest --version >/dev/null 2>&1 \
	  || python3 -m pip install --quiet pytest \
	  || $(SUDO) apt-get install -y python3-pytest

# What the page loads on demand (Pyodide, the Python worker, the tracer),
# staged where index.html's copy-dir takes it into dist/runtime/.
runtime: $(NPM_STAMP)
	@node js/stage-runtime.mjs

setup-rust:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' \
	  || rustup target add $(WASM_TARGET)
	@{ cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1 \
	  || rustup component add rustfmt clippy

setup-trunk:
	@[ "$$(trunk --version 2>/dev/null)" = "trunk $(TRUNK_VERSION)" ] \
	  || cargo install --locked trunk@$(TRUNK_VERSION)

# Without --locked: the CLI's own lock file pins a version that is missing
# from the registry, and `--locked` fails.
setup-wasm-bindgen:
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
	  && [ "$$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $(WASM_BINDGEN_VERSION)" ] \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# Re-run only when node_modules is missing or older than the lock file.
$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# fonts-noto-cjk: the page is half Chinese; without it screenshots show boxes.
setup-browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver fonts-noto-cjk; \
	fi

# ---------------------------------------------------------------- develop

serve: setup runtime
	trunk serve

build: setup runtime
	trunk build --release

# The native engine bench (tests/bench/engine.rs, as JSON), then the release
# build measured in headless Chromium (tests/bench/run.mjs): one table on
# stdout, the same figures in target/bench/bench.json. Reports, never fails
# on a missed goal.
bench: build setup-browser
	@mkdir -p target/bench
	cargo bench --bench engine -- --json > target/bench/native.json
	node tests/bench/run.mjs

# The differential test (tests/differential.rs) beyond the seed set CI runs:
# PROGRAMS random programs from SEED, each divergence shrunk to a minimal one.
PROGRAMS ?= 10000
SEED ?= 1000000
fuzz: setup runtime
	FUZZ_PROGRAMS=$(PROGRAMS) FUZZ_SEED=$(SEED) cargo test --test differential fuzz -- --ignored --nocapture

# ---------------------------------------------------------------- test

# Each step's output is also kept in target/test-logs/ so the runners'
# summary lines can be repeated at the end.
define step
	@echo "==> $(2)"
	@$(2) 2>&1 | tee $(LOGS)/$(1).log
endef

# The browser tests build without debug info: with it the test's wasm is
# 267 MB, and Chromium sometimes never finished loading it ("Timed out
# receiving message from renderer"); without it, 19 MB.
test: setup setup-browser setup-python runtime
	@mkdir -p $(LOGS) && rm -f $(LOGS)/*.log
	$(call step,1-fmt,cargo fmt --check)
	$(call step,2-clippy-host,cargo clippy --all-targets -- -D warnings)
	$(call step,3-clippy-wasm,cargo clippy --all-targets --target $(WASM_TARGET) -- -D warnings)
	$(call step,4-test-python,python3 -B -m pytest -q -p no:cacheprovider py/tests)
	$(call step,4-test-js,node --test tests/js/)
	$(call step,5-test-native,cargo test)
	$(call step,6-test-browser,CARGO_PROFILE_DEV_DEBUG=0 cargo test --target $(WASM_TARGET) --test browser)
	$(call step,7-build-release,trunk build --release)
	$(call step,8-e2e,npx --no-install playwright test -c tests/e2e/playwright.config.ts)
	@$(MAKE) summary

# The runners' own summary lines from each step's log ("ok" when a step
# prints none, like cargo fmt); test binaries with no tests are left out.
summary:
	@echo
	@echo "==> summary"
	@for log in $(LOGS)/*.log; do \
	  step=$$(basename "$$log" .log); step=$${step#*-}; \
	  lines=$$(grep -E '^test result:|^ *[0-9]+ (passed|failed|flaky|skipped|interrupted|did not run)|^# (pass|fail) [0-9]+|Finished .* target|success$$' "$$log" \
	    | grep -vF 'ok. 0 passed; 0 failed; 0 ignored;' | sed -E 's/^ +//; s/^.*INFO +//' || true); \
	  printf '%s\n' "$${lines:-ok}" | sed "s/^/$$step: /"; \
	done
