//! Every scenario's Python listing, run in the CPython the page ships
//! (Pyodide's 3.14 under Node, through `py/playground`'s tracer), shows what
//! the catalogue claims: the same checks the engine's runs pass, on
//! CPython's own trace. The e2e suite runs the same programs in the page.
#[path = "differential/cpython.rs"]
mod cpython;

use async_playground::engine::recorder::replay;
use async_playground::engine::steps::{StepLog, TaskState};
use async_playground::engine::{RunTrace, SpanState, TaskOutcome};
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
        let steps = StepLog::from_events(&run.events);
        for why in steps_disagree(&steps, &trace) {
            failed.push(format!("{}/{}: steps: {why}", scenario.id, job.variant));
        }
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

/// Where CPython's steps (the step view's log of the tracer's events)
/// disagree with CPython's trace (the same events as lanes): each step
/// starts a running span of its task at its time, every task that ran has
/// steps (a program that never starts a loop has none), the last step has printed every line and leaves every finished
/// task with its outcome.
fn steps_disagree(steps: &StepLog, trace: &RunTrace) -> Vec<String> {
    let mut why = Vec::new();
    let running_starts = |task: usize| -> Vec<f64> {
        trace.tasks[task]
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Running)
            .map(|s| s.start_ms)
            .collect()
    };
    for (i, step) in steps.steps().iter().enumerate() {
        let Some(task) = step.handle.task else {
            why.push(format!("step {} runs no task", i + 1));
            continue;
        };
        if !running_starts(task).contains(&step.at_ms) {
            why.push(format!(
                "step {} of {} at {} ms starts no running span",
                i + 1,
                trace.tasks[task].name,
                step.at_ms
            ));
        }
    }
    // Lane 0 also runs the program's top level, outside the loop.
    for (id, task) in trace.tasks.iter().enumerate().skip(1) {
        let stepped = steps.steps().iter().any(|s| s.handle.task == Some(id));
        if !running_starts(id).is_empty() && !stepped {
            why.push(format!("{} ran but has no step", task.name));
        }
    }
    if let Some(last) = steps.snapshot(steps.len()) {
        if last.outputs != trace.output.len() {
            why.push(format!(
                "{} lines printed after the last step, {} in the trace",
                last.outputs,
                trace.output.len()
            ));
        }
        for view in &last.tasks {
            let outcome = trace.tasks[view.id].outcome;
            let ended = matches!(view.state, TaskState::Ended(o) if o == outcome);
            if outcome != TaskOutcome::Running && !ended {
                why.push(format!(
                    "{} ends {outcome:?} but the last step shows {:?}",
                    trace.tasks[view.id].name, view.state
                ));
            }
        }
    } else if trace.tasks.len() > 1 {
        why.push("no steps, yet tasks were created".into());
    }
    why
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
