//! `perf-10-urls`: the guide's benchmark, ten URLs fetched one by one or
//! all at once.
mod run;

use serde_json::{json, Value};

use super::predict::{together_or_in_turn, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "perf-10-urls",
    chapter: "performance",
    section: "性能对比",
    variants: &["sync", "async"],
    params: &[
        ParamSpec::count("urls", 1, 100_000, 10),
        ParamSpec::duration("latency_ms", 500),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, lang| {
        let total = ideal_ms(variant, params);
        let posts: Vec<Value> = (1..=params.int("urls", variant))
            .map(|i| json!({ "id": i }))
            .collect();
        vec![
            Expect::TotalMs(total),
            Expect::Result(Value::Array(posts)),
            Expect::Output(vec![(total, took_line(variant, total, lang))]),
        ]
    },
    load: |variant, params| {
        Load::tasks(match variant {
            "async" => params.int("urls", variant) as usize + 1,
            _ => 1,
        })
    },
    python: Python {
        rewrites: &[],
        entries: &[("sync", "async def main():\n    return sync_main()\nmain()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[
            (
                "async",
                "await timed(\"in turn\", fetchAllInTurn); // or: await timed(\"all at once\", fetchAll)",
                "await timed(\"all at once\", fetchAll); // or: await timed(\"in turn\", fetchAllInTurn)",
            ),
        ],
        setup: "",
    },
    speedup: Some(("sync", "async")),
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// The guide's line: `同步耗时: 5.00秒`.
fn took_line(variant: &str, ms: f64, lang: Lang) -> String {
    let secs = ms / 1000.0;
    match (variant, lang) {
        ("sync", Lang::Zh) => format!("同步耗时: {secs:.2}秒"),
        ("sync", Lang::En) => format!("sync took {secs:.2} s"),
        (_, Lang::Zh) => format!("异步耗时: {secs:.2}秒"),
        (_, Lang::En) => format!("async took {secs:.2} s"),
    }
}

/// sync: one latency per URL, end to end; async: one latency.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let (urls, latency) = (
        params.int("urls", variant) as f64,
        params.ms("latency_ms", variant),
    );
    match variant {
        "sync" => urls * latency,
        _ => latency,
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "async-total",
    variant: "async",
    asks: Asks::Total,
    options: |p| together_or_in_turn(p, "async", "urls", "latency_ms", &[2.0]),
}];
