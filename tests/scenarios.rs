#![cfg(not(target_arch = "wasm32"))]
//! Every scenario and variant, with default parameters, shows exactly the
//! catalogue's outcome in virtual time (shared/spec/scenarios.md).
use async_playground::engine::TaskOutcome;
use async_playground::lang::Lang;
use async_playground::scenarios::{self, listing};
use serde_json::json;

mod common;
use common::{outputs, run, scenario, source};

#[test]
fn every_scenario_passes_its_own_claims_with_defaults_in_both_languages() {
    for s in scenarios::CATALOGUE {
        for lang in Lang::ALL {
            for &variant in s.variants {
                let params = s.default_params();
                let trace = s.run_virtual(variant, &params, lang);
                for check in s.verify(&trace, &params, lang) {
                    assert!(
                        check.pass,
                        "{} / {variant} / {lang:?}: claimed {}, observed {}",
                        s.id, check.claim, check.observed
                    );
                }
                assert!(
                    !s.verify(&trace, &params, lang).is_empty(),
                    "{} / {variant} claims nothing",
                    s.id
                );
            }
        }
    }
}

#[test]
fn every_scenario_knows_its_ideal_time_and_its_load() {
    for s in scenarios::CATALOGUE {
        let params = s.default_params();
        for &variant in s.variants {
            let trace = s.run_virtual(variant, &params, Lang::En);
            assert_eq!(trace.ideal_ms, trace.total_ms, "{} / {variant}", s.id);
            let load = (s.load)(variant, &params);
            // The limits check the load before a run: it may not undercount.
            assert!(
                load.tasks >= trace.tasks.len(),
                "{} / {variant}: load {} < {} tasks",
                s.id,
                load.tasks,
                trace.tasks.len()
            );
        }
    }
}

#[test]
fn the_network_scenarios_are_the_ones_whose_rust_sends_requests() {
    for s in scenarios::CATALOGUE {
        let sends = source(s.id, "run.rs").contains(".http(");
        assert_eq!(sends, s.uses_network(), "{}", s.id);
    }
}

/// Python's own dunder names; any other `__word__` is a placeholder left over.
const DUNDERS: &[&str] = &[
    "name", "main", "init", "aenter", "aexit", "aiter", "anext", "enter", "exit", "call",
];

#[test]
fn listings_have_no_unfilled_placeholders() {
    for s in scenarios::CATALOGUE {
        let params = s.default_params();
        for file in ["example.py", "example.js"] {
            let filled = listing::fill(&source(s.id, file), &params, s.variants[0]);
            for (i, word) in filled.split("__").enumerate() {
                let is_word =
                    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                assert!(
                    i % 2 == 0 || !is_word || DUNDERS.contains(&word),
                    "{}: __{word}__ left in listing",
                    s.id
                );
            }
        }
    }
}

#[test]
fn sync_vs_async() {
    let serial = run("sync-vs-async", "serial");
    let concurrent = run("sync-vs-async", "concurrent");
    assert_eq!(serial.total_ms, 3000.0);
    assert_eq!(concurrent.total_ms, 1000.0);
    assert_eq!(serial.result, json!([1, 2, 3]));
    assert_eq!(concurrent.result, json!([1, 2, 3]));
    let s = scenario("sync-vs-async");
    assert_eq!(s.speedup_of(&[serial, concurrent.clone()]), Some(3.0));
    assert_eq!(outputs(&concurrent), vec![(1000.0, "total: 1000 ms")]);
    assert!(concurrent
        .tasks
        .iter()
        .all(|t| t.outcome == TaskOutcome::Done));
}

#[test]
fn every_scenario_has_all_its_texts_in_both_languages() {
    use async_playground::texts;
    for s in scenarios::CATALOGUE {
        let params: Vec<&str> = s.params.iter().map(|p| p.key).collect();
        for key in texts::scenario_keys(s.id, s.variants, &params) {
            for lang in Lang::ALL {
                assert!(texts::has(&key, lang), "{key} missing in {lang:?}");
            }
        }
    }
}

#[test]
fn every_listing_is_highlighted_at_build_time() {
    for s in scenarios::CATALOGUE {
        for file in ["run.rs", "example.py", "example.js"] {
            let html = listing::highlighted_filled(s.id, file, &s.default_params(), s.variants[0])
                .unwrap_or_else(|| panic!("{} has no highlighted {file}", s.id));
            assert!(
                !html.contains("<script"),
                "{}: listing HTML is escaped",
                s.id
            );
        }
    }
    // The Rust shown is the file that runs, token for token.
    let html = listing::highlighted_filled(
        "sync-vs-async",
        "run.rs",
        &scenarios::find("sync-vs-async").unwrap().default_params(),
        "serial",
    )
    .unwrap();
    assert!(html.contains("<span class=\"k\">async"), "{html}");
    assert!(html.contains("fetch_user"));
}
