//! `sync-vs-async`: serial requests add up, concurrent ones overlap.
mod run;

use serde_json::json;

use super::predict::{together_or_in_turn, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};

pub static SCENARIO: Scenario = Scenario {
    id: "sync-vs-async",
    chapter: "sync-vs-async",
    section: "同步 vs 异步",
    variants: &["serial", "concurrent"],
    params: &[
        ParamSpec::count("users", 1, 100_000, 3),
        ParamSpec::duration("latency_ms", 1000),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, _| {
        let users: Vec<i64> = (1..=params.int("users", variant)).collect();
        vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            Expect::Result(json!(users)),
        ]
    },
    load: |variant, params| Load::tasks(params.int("users", variant) as usize + 1),
    python: Python {
        rewrites: &[],
        entries: &[("serial", "serial()"), ("concurrent", "concurrent()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "concurrent",
            "await serial(); // or: await concurrent()",
            "await concurrent(); // or: await serial()",
        )],
        setup: "",
    },
    speedup: Some(("serial", "concurrent")),
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let (users, latency) = (
        params.int("users", variant) as f64,
        params.ms("latency_ms", variant),
    );
    match variant {
        "serial" => users * latency,
        _ => latency,
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "concurrent-total",
    variant: "concurrent",
    asks: Asks::Total,
    options: |p| together_or_in_turn(p, "concurrent", "users", "latency_ms", &[2.0]),
}];
