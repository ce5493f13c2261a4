//! `race-condition`: read, await, write loses updates; a Lock keeps each
//! read-modify-write whole.
mod run;

use serde_json::json;

use super::predict::{counts, together_or_in_turn, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;

pub static SCENARIO: Scenario = Scenario {
    id: "race-condition",
    chapter: "pitfalls",
    section: "陷阱 4 并发访问共享资源",
    variants: &["no-lock", "with-lock"],
    params: &[
        ParamSpec::count("tasks", 1, 10_000, 10),
        ParamSpec::duration("delay_ms", 10),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, _| {
        let tasks = params.int("tasks", variant);
        let counter = counter(variant, params);
        let total = ideal_ms(variant, params);
        let mut claims = vec![
            Expect::TotalMs(total),
            Expect::Result(json!(counter)),
            Expect::Output(vec![(total, format!("counter = {counter}"))]),
            Expect::OutcomeCount(TaskOutcome::Done, tasks as usize + 1),
        ];
        if variant == "with-lock" {
            // Only the lock holder is inside; the others are queued.
            claims.push(Expect::MaxConcurrent(1));
        }
        claims
    },
    load: |variant, params| Load::tasks(params.int("tasks", variant) as usize + 1),
    python: Python {
        rewrites: &[],
        entries: &[("with-lock", "increment = safe_increment\nmain()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "with-lock",
            "increment)); // or: safeIncrement",
            "safeIncrement)); // or: increment",
        )],
        setup: "",
    },
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// What counter ends at. Without the lock every task reads 0 before any
/// writes, so they all write 1; with it, each increment sees the previous
/// one.
fn counter(variant: &str, params: &Params) -> i64 {
    match variant {
        "no-lock" => 1,
        _ => params.int("tasks", variant),
    }
}

/// The texts' extras:
/// - `counter_no_lock`: what counter ends at without the lock;
/// - `counter_with_lock`: what it ends at with the lock.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![
        ("counter_no_lock", counter("no-lock", params) as f64),
        ("counter_with_lock", counter("with-lock", params) as f64),
    ]
}

/// no-lock: every delay overlaps; with-lock: one after another.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let delay = params.ms("delay_ms", variant);
    match variant {
        "no-lock" => delay,
        _ => params.int("tasks", variant) as f64 * delay,
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "no-lock-counter",
        variant: "no-lock",
        asks: Asks::ResultInt(""),
        options: |p| counts([0, 1, p.int("tasks", "no-lock")]),
    },
    Question {
        id: "with-lock-total",
        variant: "with-lock",
        asks: Asks::Total,
        options: |p| together_or_in_turn(p, "with-lock", "tasks", "delay_ms", &[]),
    },
];
