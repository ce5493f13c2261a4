//! Helpers the scenario test files share.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use async_playground::engine::{RunTrace, TaskTrace};
use async_playground::lang::Lang;
use async_playground::scenarios::{self, ParamValue, Params, Scenario};

/// A listing as written in the scenario's folder (the page ships only its
/// highlighted form).
pub fn source(id: &str, file: &str) -> String {
    let path = format!(
        "{}/src/scenarios/{}/{file}",
        env!("CARGO_MANIFEST_DIR"),
        id.replace('-', "_")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn scenario(id: &str) -> &'static Scenario {
    scenarios::find(id).unwrap_or_else(|| panic!("no scenario {id}"))
}

/// Printed lines with their times.
pub fn outputs(trace: &RunTrace) -> Vec<(f64, &str)> {
    trace
        .output
        .iter()
        .map(|o| (o.at_ms, o.text.as_str()))
        .collect()
}

pub fn names(trace: &RunTrace) -> Vec<&str> {
    trace.tasks.iter().map(|t| t.name.as_str()).collect()
}

/// The task of that name.
pub fn task<'a>(trace: &'a RunTrace, name: &str) -> &'a TaskTrace {
    trace
        .tasks
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no task {name} in {:?}", names(trace)))
}

/// A variant with default parameters, in English.
pub fn run(id: &str, variant: &'static str) -> RunTrace {
    let s = scenario(id);
    s.run_virtual(variant, &s.default_params(), Lang::En)
}

/// Parameters of `id` with some values set (the rest default).
pub fn params(id: &str, values: &[(&str, ParamValue)]) -> Params {
    let mut params = scenario(id).default_params();
    for (key, value) in values {
        params
            .set(key, value.clone())
            .unwrap_or_else(|e| panic!("{id}: {key} {e}"));
    }
    params
}

/// Every claim the scenario makes holds for these parameters, in both
/// languages.
pub fn claims_hold(id: &str, variant: &'static str, params: &Params) {
    let s = scenario(id);
    for lang in Lang::ALL {
        let trace = s.run_virtual(variant, params, lang);
        for check in s.verify(&trace, params, lang) {
            assert!(
                check.pass,
                "{id} / {variant} / {lang:?} / {params:?}: claimed {}, observed {}",
                check.claim, check.observed
            );
        }
    }
}
