//! `coroutine-vs-task`: tasks run side by side; awaited coroutines run in turn.
mod run;

use serde_json::Value;

use super::predict::{times, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
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
        rewrites: &[],
        entries: &[("await-in-turn", "in_turn()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "await-in-turn",
            "await withTasks(); // or: await inTurn()",
            "await inTurn(); // or: await withTasks()",
        )],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let delay = params.ms("delay_ms", variant);
    match variant {
        "create-task" => delay,
        _ => 2.0 * delay,
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "create-task-total",
        variant: "create-task",
        asks: Asks::Total,
        options: |p| {
            let d = p.ms("delay_ms", "create-task");
            times([d, 2.0 * d])
        },
    },
    Question {
        id: "second-hello",
        variant: "await-in-turn",
        // Hello, World, then the second Hello.
        asks: Asks::PrintAt(2),
        options: |p| {
            let d = p.ms("delay_ms", "await-in-turn");
            times([0.0, d, 2.0 * d])
        },
    },
];
