//! Every scenario's Python listing, run in the CPython the page ships
//! (Pyodide's 3.14 under Node, through `py/playground`'s tracer), shows what
//! the catalogue claims: the same checks the engine's runs pass, on
//! CPython's own trace. The e2e suite runs the same programs in the page.
#[path = "differential/cpython.rs"]
mod cpython;

use async_playground::engine::recorder::replay;
use async_playground::engine::RunTrace;
use async_playground::lang::Lang;
use async_playground::scenarios::{Scenario, CATALOGUE};
use cpython::CPython;

fn failures(cpython: &mut CPython, scenario: &Scenario) -> Vec<String> {
    let params = scenario.default_params();
    let mut failed = Vec::new();
    for job in scenario.python_jobs(&params) {
        let run = cpython.request(&serde_json::json!({
            "source": job.source,
            "entry": job.entry,
            "setup": job.setup,
            "latency_ms": job.latency_ms,
        }));
        let trace: RunTrace = replay(&run, job.variant, 0.0);
        for check in scenario.verify(&trace, &params, Lang::Zh) {
            if !check.pass {
                failed.push(format!(
                    "{}/{}: claimed {}, CPython showed {}",
                    scenario.id, job.variant, check.claim, check.observed
                ));
            }
        }
    }
    failed
}

#[test]
fn every_listing_shows_the_catalogue_outcomes_in_cpython() {
    let mut cpython = CPython::start();
    assert!(cpython.version.starts_with("3.14"), "{}", cpython.version);
    let failed: Vec<String> = CATALOGUE
        .iter()
        .flat_map(|s| failures(&mut cpython, s))
        .collect();
    assert!(
        failed.is_empty(),
        "{} claims fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
