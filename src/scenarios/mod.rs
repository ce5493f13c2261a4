//! The catalogue of `shared/spec/scenarios.md`: one folder per scenario with
//! the Rust that runs (`run.rs`, shown as-is in the page), its Python and
//! JavaScript listings, and its metadata (`mod.rs`). Adding a scenario means
//! adding one folder and one line in [`CATALOGUE`].
pub mod expect;
pub mod listing;
pub mod params;
pub mod predict;

use serde_json::Value;

use crate::engine::{Coro, EventLoop, Mode, RunTrace, TraceDoc};
use crate::lang::Lang;
use crate::texts::Var;
pub use expect::{Check, Expect};
pub use params::{Kind, ParamSpec, ParamValue, Params};

mod as_completed;
mod async_cache;
mod async_context_manager;
mod async_generator;
mod await_basics;
mod background_task;
mod blocking_call;
mod bulk_email;
mod coroutine_vs_task;
mod cpu_bound;
mod dashboard_queries;
mod database;
mod error_handling;
mod event_loop;
mod gather;
mod http_requests;
mod multi_api;
mod perf_10_urls;
mod race_condition;
mod semaphore;
mod serial_loop;
mod sync_calls_async;
mod sync_vs_async;
mod wait_first_completed;
mod wait_for;
mod web_server;

/// Everything a scenario's main coroutine needs.
#[derive(Clone)]
pub struct RunCtx {
    pub lp: EventLoop,
    pub variant: &'static str,
    pub params: Params,
    pub lang: Lang,
}

impl RunCtx {
    /// An integer parameter as the variant uses it.
    pub fn int(&self, key: &str) -> i64 {
        self.params.int(key, self.variant)
    }
    /// A duration parameter in milliseconds.
    pub fn ms(&self, key: &str) -> f64 {
        self.params.ms(key, self.variant)
    }
    pub fn float(&self, key: &str) -> f64 {
        self.params.float(key, self.variant)
    }
    pub fn list(&self, key: &str) -> Vec<i64> {
        self.params.list(key, self.variant)
    }
    /// Text printed by the program, in the page's language.
    pub fn tr(&self, zh: &str, en: &str) -> String {
        self.lang.pick(zh, en).to_string()
    }
}

/// How much a run asks of the page, checked against the catalogue's limits.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Load {
    /// Tasks the run creates, main included.
    pub tasks: usize,
    pub blocking_ms: f64,
}

impl Load {
    /// A run of `tasks` tasks that never blocks the loop.
    pub const fn tasks(tasks: usize) -> Self {
        Load {
            tasks,
            blocking_ms: 0.0,
        }
    }
}

/// One scenario of the catalogue.
pub struct Scenario {
    /// Stable id: the `demo` key of links and the trace's `scenario`.
    pub id: &'static str,
    /// The guide chapter it belongs to (see [`CHAPTERS`]).
    pub chapter: &'static str,
    /// The guide's section names, as the catalogue lists them.
    pub section: &'static str,
    pub variants: &'static [&'static str],
    pub params: &'static [ParamSpec],
    /// The variant's `main()` coroutine.
    pub main: fn(&RunCtx) -> Coro,
    /// The ideal total of a variant, from its parameters alone.
    pub ideal_ms: fn(&str, &Params) -> f64,
    /// What the guide claims a variant shows (the catalogue's outcome).
    pub expect: fn(&str, &Params, Lang) -> Vec<Expect>,
    pub load: fn(&str, &Params) -> Load,
    /// How the Python listing runs in CPython, one run per variant.
    pub python: Python,
    /// How the JavaScript listing runs each variant.
    pub javascript: Javascript,
    /// (slow, fast): the variants whose ratio the guide points out.
    pub speedup: Option<(&'static str, &'static str)>,
    /// Numbers the texts state beyond the parameters and each variant's
    /// total (see [`Scenario::text_vars`]), computed from the parameters.
    pub text_vars: fn(&Params) -> Vec<(&'static str, f64)>,
    /// What the page asks the learner to predict before a run.
    pub questions: &'static [predict::Question],
}

/// A scenario whose texts need no number beyond its parameters and totals.
pub fn no_text_vars(_: &Params) -> Vec<(&'static str, f64)> {
    Vec::new()
}

/// How a scenario's Python listing runs each variant in CPython. A listing
/// shows one variant as written and names the others in comments; an entry
/// makes a variant run: Python statements, then on the last line the
/// coroutine to run in place of the first `asyncio.run`'s. Placeholders
/// (`__latency_s__`) are filled like the listing's.
pub struct Python {
    /// `(variant, find, replacement)`: the listing rewritten before it runs,
    /// for a variant that differs inside the program rather than in what it
    /// runs (a `def` whose body awaits, so the module does not compile).
    pub rewrites: &'static [(&'static str, &'static str, &'static str)],
    pub entries: &'static [(&'static str, &'static str)],
    /// Python run before the program to shape the simulated network: `net`
    /// is `py/playground/fakes.py`'s, e.g. `net.route("api1.com",
    /// latency_ms=300)`.
    pub setup: &'static str,
}

impl Python {
    /// Every variant runs the listing exactly as written.
    pub const AS_WRITTEN: Python = Python {
        rewrites: &[],
        entries: &[],
        setup: "",
    };

    /// `listing` rewritten for `variant` (each `find` occurs in it once).
    pub fn program(&self, listing: &str, variant: &str) -> String {
        rewrite(self.rewrites, listing, variant)
    }

    /// The entry of `variant`, if it does not run as written.
    pub fn entry(&self, variant: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(v, _)| *v == variant)
            .map(|(_, entry)| *entry)
    }
}

/// How a scenario's JavaScript listing runs each variant (in
/// `js/runtime/`). The listing shows one variant as written and names the
/// others in comments; an entry `(variant, find, replacement)` rewrites the
/// listing for another variant (`"await allSucceed()"` → `"await
/// oneFails()"`; a variant may have several). `setup` is JavaScript run
/// before the program to shape the simulated network (`net.route("api1.com",
/// { latencyMs: __profile_ms__ })`: `js/runtime/net.mjs`). Placeholders are
/// filled like the listing's.
pub struct Javascript {
    pub entries: &'static [(&'static str, &'static str, &'static str)],
    pub setup: &'static str,
}

impl Javascript {
    /// Every variant runs the listing exactly as written.
    pub const AS_WRITTEN: Javascript = Javascript {
        entries: &[],
        setup: "",
    };

    /// `listing` rewritten for `variant`; each `find` must occur in it
    /// exactly once (a native test holds every entry to that).
    pub fn program(&self, listing: &str, variant: &str) -> String {
        rewrite(self.entries, listing, variant)
    }
}

/// `listing` with `variant`'s `(variant, find, replacement)` applied.
fn rewrite(
    rewrites: &[(&'static str, &'static str, &'static str)],
    listing: &str,
    variant: &str,
) -> String {
    rewrites
        .iter()
        .filter(|(v, _, _)| *v == variant)
        .fold(listing.to_string(), |program, (_, find, replacement)| {
            program.replacen(find, replacement, 1)
        })
}

/// One variant's program, ready for a runtime (CPython's tracer or the
/// JavaScript runtime).
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramJob {
    pub variant: &'static str,
    pub source: String,
    pub entry: Option<String>,
    pub setup: Option<String>,
    /// The simulated network's default latency: the scenario's
    /// `latency_ms`, else the guide's 500 ms.
    pub latency_ms: f64,
}

/// What a simulated request takes when the scenario does not say: the
/// figure the guide's own performance comparison assumes.
pub const DEFAULT_LATENCY_MS: f64 = 500.0;

/// The guide's chapters in the guide's order: (id, Chinese title).
pub const CHAPTERS: &[(&str, &str)] = &[
    ("sync-vs-async", "同步 vs 异步"),
    ("async-await", "async/await 语法"),
    ("core-concepts", "asyncio 核心概念"),
    ("database", "异步数据库操作"),
    ("http", "异步 HTTP 请求"),
    ("concurrency", "并发执行"),
    ("context-managers", "异步上下文管理器"),
    ("generators", "异步生成器"),
    ("pitfalls", "常见陷阱"),
    ("best-practices", "最佳实践"),
    ("examples", "实战示例"),
    ("performance", "性能对比"),
    ("when-async", "何时使用异步"),
];

/// Every scenario, in the guide's order.
pub static CATALOGUE: &[&Scenario] = &[
    &sync_vs_async::SCENARIO,
    &await_basics::SCENARIO,
    &coroutine_vs_task::SCENARIO,
    &event_loop::SCENARIO,
    &blocking_call::SCENARIO,
    &database::SCENARIO,
    &web_server::SCENARIO,
    &http_requests::SCENARIO,
    &gather::SCENARIO,
    &background_task::SCENARIO,
    &wait_first_completed::SCENARIO,
    &as_completed::SCENARIO,
    &async_context_manager::SCENARIO,
    &async_generator::SCENARIO,
    &sync_calls_async::SCENARIO,
    &race_condition::SCENARIO,
    &serial_loop::SCENARIO,
    &dashboard_queries::SCENARIO,
    &wait_for::SCENARIO,
    &error_handling::SCENARIO,
    &bulk_email::SCENARIO,
    &multi_api::SCENARIO,
    &semaphore::SCENARIO,
    &async_cache::SCENARIO,
    &perf_10_urls::SCENARIO,
    &cpu_bound::SCENARIO,
];

/// How many times faster the `fast` variant ran than the `slow` one.
pub fn speedup_of((slow, fast): (&str, &str), runs: &[RunTrace]) -> Option<f64> {
    let total = |name: &str| runs.iter().find(|r| r.variant == name).map(|r| r.total_ms);
    let (slow, fast) = (total(slow)?, total(fast)?);
    (fast > 0.0).then(|| slow / fast)
}

/// The scenarios whose real runs send real requests (`EventLoop::http`),
/// answered by the page's service worker: the catalogue's HTTP scenarios.
pub const NETWORK_SCENARIOS: &[&str] = &[
    "http-requests",
    "perf-10-urls",
    "multi-api",
    "error-handling",
    "semaphore",
];

pub fn find(id: &str) -> Option<&'static Scenario> {
    CATALOGUE.iter().copied().find(|s| s.id == id)
}

impl Scenario {
    /// Whether a real run needs the page's service worker first.
    pub fn uses_network(&self) -> bool {
        NETWORK_SCENARIOS.contains(&self.id)
    }

    pub fn default_params(&self) -> Params {
        Params::defaults(self.params)
    }

    /// Refuses parameters whose combination exceeds the catalogue's limits
    /// (task counts per mode, total blocking time).
    pub fn check_load(&self, params: &Params, mode: Mode) -> Result<(), String> {
        let max_tasks = match mode {
            Mode::Real => params::MAX_TASKS_REAL,
            Mode::Virtual => params::MAX_TASKS_VIRTUAL,
        };
        for variant in self.variants {
            let load = (self.load)(variant, params);
            // main is the program itself, not one of the tasks the limit counts.
            if load.tasks > max_tasks + 1 {
                return Err(format!(
                    "{variant} would create {} tasks; at most {max_tasks} in {} mode",
                    load.tasks,
                    mode.as_str()
                ));
            }
            if load.blocking_ms > params::MAX_BLOCKING_MS {
                return Err(format!(
                    "{variant} would block the page for {} ms; at most {} ms",
                    load.blocking_ms,
                    params::MAX_BLOCKING_MS
                ));
            }
        }
        Ok(())
    }

    /// A fresh loop running `variant`'s main (not yet driven).
    pub fn start(&self, lp: &EventLoop, variant: &'static str, params: &Params, lang: Lang) {
        let ctx = RunCtx {
            lp: lp.clone(),
            variant,
            params: params.clone(),
            lang,
        };
        lp.spawn_main((self.main)(&ctx));
    }

    /// Runs one variant in virtual time.
    pub fn run_virtual(&self, variant: &'static str, params: &Params, lang: Lang) -> RunTrace {
        let lp = EventLoop::new_virtual();
        self.start(&lp, variant, params, lang);
        lp.run_virtual();
        lp.trace(variant, (self.ideal_ms)(variant, params))
    }

    /// Runs one variant in virtual time, keeping every step for the step
    /// view.
    pub fn run_steps(
        &self,
        variant: &'static str,
        params: &Params,
        lang: Lang,
    ) -> (RunTrace, crate::engine::steps::StepLog) {
        let lp = EventLoop::new_virtual();
        lp.record_steps();
        self.start(&lp, variant, params, lang);
        lp.run_virtual();
        let trace = lp.trace(variant, (self.ideal_ms)(variant, params));
        (trace, lp.take_steps().unwrap_or_default())
    }

    /// Runs every variant in virtual time: the document a link reproduces.
    pub fn run_all_virtual(&self, params: &Params, lang: Lang) -> TraceDoc {
        let runs = self
            .variants
            .iter()
            .map(|v| self.run_virtual(v, params, lang))
            .collect();
        TraceDoc::new(self.id, Mode::Virtual, self.params_json(params), runs)
    }

    /// The Python listing's program for each variant, with `params`.
    pub fn python_jobs(&self, params: &Params) -> Vec<ProgramJob> {
        self.variants
            .iter()
            .map(|&variant| {
                let fill = |src: &str| listing::fill(src, params, variant);
                let source = listing::source(self.id, "example.py")
                    .map(|s| fill(&self.python.program(&s, variant)))
                    .unwrap_or_default();
                ProgramJob {
                    variant,
                    source,
                    entry: self.python.entry(variant).map(fill),
                    setup: (!self.python.setup.is_empty()).then(|| fill(self.python.setup)),
                    latency_ms: self.latency_ms(params, variant),
                }
            })
            .collect()
    }

    /// The JavaScript listing's program for each variant, with `params`.
    pub fn javascript_jobs(&self, params: &Params) -> Vec<ProgramJob> {
        self.variants
            .iter()
            .map(|&variant| {
                let fill = |src: &str| listing::fill(src, params, variant);
                let listing = listing::source(self.id, "example.js").unwrap_or_default();
                let source = fill(&self.javascript.program(&listing, variant));
                ProgramJob {
                    variant,
                    source,
                    entry: None,
                    setup: (!self.javascript.setup.is_empty()).then(|| fill(self.javascript.setup)),
                    latency_ms: self.latency_ms(params, variant),
                }
            })
            .collect()
    }

    /// The simulated network's latency: the scenario's `latency_ms`, else
    /// the guide's.
    fn latency_ms(&self, params: &Params, variant: &str) -> f64 {
        let has_latency = params.specs().iter().any(|s| s.key == "latency_ms");
        if has_latency {
            params.ms("latency_ms", variant)
        } else {
            DEFAULT_LATENCY_MS
        }
    }

    pub fn params_json(&self, params: &Params) -> Value {
        params.to_json(self.variants.first().copied().unwrap_or(""))
    }

    /// Speedup of the fast variant over the slow one, from two totals.
    pub fn speedup_of(&self, runs: &[RunTrace]) -> Option<f64> {
        speedup_of(self.speedup?, runs)
    }

    /// Every number a text of this scenario may state, by name, for the
    /// `%{name}` placeholders of its locale texts: each parameter (as the
    /// first variant runs it, and as `<name>_<variant>` for each variant),
    /// a duration's `_s` in seconds, a list's `_count`, `_sum` and `_max`, a
    /// fraction's `_percent`, each variant's total as `total_<variant>` (and
    /// `_s`), the speedup the guide points out, and the scenario's extras.
    pub fn text_vars(&self, params: &Params) -> Vec<(String, Var)> {
        let mut vars = Vec::new();
        let first = self.variants.first().copied().unwrap_or_default();
        let snake = |variant: &str| variant.replace('-', "_");
        for spec in self.params {
            let key = spec.key;
            for (name, variant) in std::iter::once((key.to_string(), first)).chain(
                self.variants
                    .iter()
                    .map(|v| (format!("{key}_{}", snake(v)), *v)),
            ) {
                match params.value(key, variant) {
                    ParamValue::Int(v) => {
                        if key.ends_with("_ms") {
                            vars.push((format!("{name}_s"), Var::Num(v as f64 / 1000.0)));
                        }
                        vars.push((name, Var::Num(v as f64)));
                    }
                    ParamValue::Float(v) => {
                        vars.push((format!("{name}_percent"), Var::Num(v * 100.0)));
                        vars.push((name, Var::Num(v)));
                    }
                    ParamValue::IntList(list) => {
                        let count = list.len() as f64;
                        let sum = list.iter().sum::<i64>() as f64;
                        let max = list.iter().copied().max().unwrap_or(0) as f64;
                        vars.push((format!("{name}_count"), Var::Num(count)));
                        vars.push((format!("{name}_sum"), Var::Num(sum)));
                        vars.push((format!("{name}_max"), Var::Num(max)));
                        vars.push((name, Var::List(list.iter().map(|&v| v as f64).collect())));
                    }
                }
            }
        }
        for variant in self.variants {
            let total = (self.ideal_ms)(variant, params);
            vars.push((
                format!("total_{}_s", snake(variant)),
                Var::Num(total / 1000.0),
            ));
            vars.push((format!("total_{}", snake(variant)), Var::Num(total)));
        }
        if let Some((slow, fast)) = self.speedup {
            let fast_ms = (self.ideal_ms)(fast, params);
            if fast_ms > 0.0 {
                let ratio = (self.ideal_ms)(slow, params) / fast_ms;
                vars.push(("speedup".into(), Var::Num((ratio * 10.0).round() / 10.0)));
            }
        }
        for (name, value) in (self.text_vars)(params) {
            vars.push((name.to_string(), Var::Num(value)));
        }
        vars
    }

    /// A text of this scenario (`summary`, `watch`, `claims.<variant>`...)
    /// with the numbers of these parameters.
    pub fn text(&self, key: &str, params: &Params, lang: Lang) -> String {
        let template = crate::texts::text(&format!("scenarios.{}.{key}", self.id), lang);
        // While the page moves to another scenario, the link may already
        // hold the next one's parameters: say the defaults for that instant.
        let defaults;
        let params = if std::ptr::eq(params.specs(), self.params) {
            params
        } else {
            defaults = self.default_params();
            &defaults
        };
        crate::texts::fill(&template, lang, &self.text_vars(params))
    }

    /// Checks a variant's trace against what the guide claims.
    pub fn verify(&self, trace: &RunTrace, params: &Params, lang: Lang) -> Vec<Check> {
        (self.expect)(&trace.variant, params, lang)
            .iter()
            .map(|e| e.check(trace))
            .collect()
    }
}
