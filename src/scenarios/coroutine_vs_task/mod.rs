//! `coroutine-vs-task`: tasks run side by side; awaited coroutines run in turn.
mod run;

use serde_json::Value;

use super::{Expect, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;

pub static SCENARIO: Scenario = Scenario {
    id: "coroutine-vs-task",
    chapter: "core-concepts",
    section: "asyncio 核心概念: Coroutine, Event Loop, Task",
    variants: &["create-task", "await-in-turn"],
    params: &[ParamSpec::duration("delay_ms", 1000)],
    main: run::main,
    ideal_ms,
    expect: |variant, params, _| {
        let d = params.ms("delay_ms", variant);
        let line = |at: f64, text: &str| (at, text.to_string());
        match variant {
            // Both tasks start when main first waits, and sleep together.
            "create-task" => vec![
                Expect::TotalMs(d),
                Expect::Result(Value::Null),
                Expect::Output(vec![
                    line(0.0, "Hello"),
                    line(0.0, "Hello"),
                    line(d, "World"),
                    line(d, "World"),
                ]),
                Expect::TaskEnds("say_hello()".into(), TaskOutcome::Done, d),
                Expect::OutcomeCount(TaskOutcome::Done, 3),
            ],
            // Each coroutine runs to its end inside main: no task at all.
            _ => vec![
                Expect::TotalMs(2.0 * d),
                Expect::Result(Value::Null),
                Expect::Output(vec![
                    line(0.0, "Hello"),
                    line(d, "World"),
                    line(d, "Hello"),
                    line(2.0 * d, "World"),
                ]),
                Expect::OutcomeCount(TaskOutcome::Done, 1),
            ],
        }
    },
    load: |variant, _| Load::tasks(if variant == "create-task" { 3 } else { 1 }),
    python: Python {
        entries: &[("await-in-turn", "in_turn()")],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
};

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let delay = params.ms("delay_ms", variant);
    match variant {
        "create-task" => delay,
        _ => 2.0 * delay,
    }
}
