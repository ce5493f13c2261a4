//! `serial-loop`: awaiting inside a `for` loop runs the calls one after
//! another; building the list first and gathering it runs them together.
mod run;

use serde_json::json;

use super::predict::{together_or_in_turn, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::format::fmt_ms;

pub static SCENARIO: Scenario = Scenario {
    id: "serial-loop",
    chapter: "pitfalls",
    section: "陷阱 5 在循环中串行执行",
    variants: &["for-await", "gather"],
    params: &[
        ParamSpec::count("items", 1, 100_000, 10),
        ParamSpec::duration("latency_ms", 500),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, lang| {
        let items = params.int("items", variant);
        let results: Vec<String> = (0..items).map(|i| format!("data {i}")).collect();
        let total = ideal_ms(variant, params);
        let total_line = format!("{} {} ms", lang.pick("总耗时:", "total:"), fmt_ms(total));
        let mut claims = vec![
            Expect::TotalMs(total),
            Expect::Result(json!(results)),
            Expect::Output(vec![(total, total_line)]),
        ];
        if variant == "gather" {
            // Every call is its own task, and they all end together.
            let latency = params.ms("latency_ms", variant);
            claims.push(Expect::TaskEnds(
                "fetch_data(0)".into(),
                TaskOutcome::Done,
                latency,
            ));
            claims.push(Expect::TaskEnds(
                format!("fetch_data({})", last_item(variant, params)),
                TaskOutcome::Done,
                latency,
            ));
        }
        claims
    },
    load: |variant, params| {
        Load::tasks(match variant {
            "gather" => params.int("items", variant) as usize + 1,
            _ => 1,
        })
    },
    python: Python {
        rewrites: &[],
        entries: &[("for-await", "fast = slow\nmain()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "gather",
            "await slow(); // or: await fast()",
            "await fast(); // or: await slow()",
        )],
        setup: "",
    },
    speedup: Some(("for-await", "gather")),
    text_vars,
    questions: QUESTIONS,
};

/// The number of the last request (`fetch_data(i)` counts from 0).
fn last_item(variant: &str, params: &Params) -> i64 {
    params.int("items", variant) - 1
}

/// The texts' extras:
/// - `last_item`: the number of the last request, as in `data 9`.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![("last_item", last_item("for-await", params) as f64)]
}

/// for-await: the sum of the latencies; gather: one latency.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let (items, latency) = (
        params.int("items", variant) as f64,
        params.ms("latency_ms", variant),
    );
    match variant {
        "for-await" => items * latency,
        _ => latency,
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "for-await-total",
    variant: "for-await",
    asks: Asks::Total,
    options: |p| together_or_in_turn(p, "for-await", "items", "latency_ms", &[]),
}];
