//! The heartbeat in virtual time reports how long the program held its own
//! loop (never the page's rendering time): the catalogue's blocking-call
//! holds it for tasks × duration, back to back; nothing else ever holds it.
use async_playground::engine::{
    longest_hold_ms, RunTrace, Span, SpanState, TaskOutcome, TaskTrace,
};
use async_playground::lang::Lang;
use async_playground::scenarios::{find, CATALOGUE};
use serde_json::Value;

fn run(id: &str, variant: &str) -> RunTrace {
    let scenario = find(id).unwrap();
    scenario.run_virtual(
        scenario.variants.iter().find(|v| **v == variant).unwrap(),
        &scenario.default_params(),
        Lang::En,
    )
}

#[test]
fn blocking_calls_hold_the_loop_back_to_back_and_nothing_else_does() {
    // Three tasks, each time.sleep(1): the loop is held from 0 to 3000.
    assert_eq!(longest_hold_ms(&run("blocking-call", "time-sleep")), 3000.0);
    assert_eq!(longest_hold_ms(&run("blocking-call", "asyncio-sleep")), 0.0);
    // 20 requests each blocking the loop for 100 ms in the driver.
    assert_eq!(
        longest_hold_ms(&run("web-server", "blocking-route")),
        2000.0
    );
    assert_eq!(longest_hold_ms(&run("web-server", "thread-pool")), 0.0);
    // Three 1000 ms computations on the loop's own thread.
    assert_eq!(longest_hold_ms(&run("cpu-bound", "in-loop")), 3000.0);
    assert_eq!(longest_hold_ms(&run("cpu-bound", "process-pool")), 0.0);
    // Every variant holds the loop as long as its declared blocking load,
    // in one stretch, and a variant that declares none never holds it.
    for scenario in CATALOGUE {
        let params = scenario.default_params();
        for variant in scenario.variants {
            let trace = scenario.run_virtual(variant, &params, Lang::En);
            let declared = (scenario.load)(variant, &params).blocking_ms;
            assert_eq!(
                longest_hold_ms(&trace),
                declared,
                "{}/{variant}",
                scenario.id
            );
        }
    }
}

fn task(id: usize, spans: &[(f64, f64)]) -> TaskTrace {
    TaskTrace {
        id,
        name: format!("t{id}"),
        parent: None,
        start_ms: 0.0,
        end_ms: 100.0,
        outcome: TaskOutcome::Done,
        value: Value::Null,
        error: None,
        spans: spans
            .iter()
            .map(|&(start_ms, end_ms)| Span {
                state: SpanState::Running,
                start_ms,
                end_ms,
                on: None,
            })
            .collect(),
    }
}

#[test]
fn touching_holds_add_up_and_a_gap_splits_them() {
    let trace = RunTrace {
        variant: "v".into(),
        total_ms: 100.0,
        ideal_ms: 0.0,
        result: Value::Null,
        error: None,
        // 0–10 and 10–25 touch (25 ms); 30–70 stands alone after a gap (40 ms).
        tasks: vec![
            task(0, &[(0.0, 10.0), (30.0, 70.0)]),
            task(1, &[(10.0, 25.0)]),
        ],
        output: Vec::new(),
    };
    assert_eq!(longest_hold_ms(&trace), 40.0);
}
