//! `semaphore`: `asyncio.Semaphore` caps how many requests run at once; the
//! rest queue in FIFO order.
mod run;

use serde_json::json;

use super::predict::{counts, times, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "semaphore",
    chapter: "examples",
    section: "示例 4 限流并发",
    variants: &["limited"],
    params: &[
        ParamSpec::count("urls", 1, 100_000, 20),
        ParamSpec::count("max_concurrent", 1, 100_000, 5),
        ParamSpec::duration("latency_ms", 500),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, params| Load::tasks(params.int("urls", variant) as usize + 1),
    python: Python::AS_WRITTEN,
    javascript: Javascript::AS_WRITTEN,
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// How many waves of `max_concurrent` the requests go through:
/// ceil(urls / max_concurrent).
fn waves(variant: &str, params: &Params) -> i64 {
    let urls = params.int("urls", variant);
    let limit = params.int("max_concurrent", variant);
    (urls + limit - 1) / limit
}

/// The requests go through in waves of `max_concurrent`:
/// ceil(urls / max_concurrent) × latency.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    waves(variant, params) as f64 * params.ms("latency_ms", variant)
}

/// The texts' extras:
/// - `waves`: how many waves of `max_concurrent` the requests go through;
/// - `last_wave`: how many requests the last wave holds;
/// - `last_queue_ms`: how long the last wave queues for its permits (one
///   latency per wave before it);
/// - `peak`, `queued`: how many requests hold a permit at the busiest
///   moment, and how many wait for one then.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    let variant = "limited";
    let waves = waves(variant, params);
    let before = (waves - 1).max(0);
    let urls = params.int("urls", variant);
    let limit = params.int("max_concurrent", variant);
    vec![
        ("waves", waves as f64),
        ("last_wave", (urls - before * limit) as f64),
        (
            "last_queue_ms",
            before as f64 * params.ms("latency_ms", variant),
        ),
        ("peak", urls.min(limit) as f64),
        ("queued", (urls - limit).max(0) as f64),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let urls = params.int("urls", variant);
    let limit = params.int("max_concurrent", variant) as usize;
    let total = ideal_ms(variant, params);
    let fetched = lang.pick("完成的请求数:", "requests done:");
    vec![
        Expect::TotalMs(total),
        Expect::Result(json!((0..urls).collect::<Vec<_>>())),
        Expect::MaxConcurrent(limit),
        Expect::Output(vec![(total, format!("{fetched} {urls}"))]),
    ]
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "total",
        variant: "limited",
        asks: Asks::Total,
        options: |p| {
            let latency = p.ms("latency_ms", "limited");
            let urls = p.int("urls", "limited") as f64;
            times([
                latency,
                waves("limited", p) as f64 * latency,
                urls * latency,
            ])
        },
    },
    Question {
        id: "peak",
        variant: "limited",
        asks: Asks::Peak,
        options: |p| {
            counts([
                1,
                p.int("max_concurrent", "limited"),
                p.int("urls", "limited"),
            ])
        },
    },
];
