//! `multi-api`: one user's profile, posts and followers from three APIs at
//! once.
mod run;

use serde_json::json;

use super::predict::{fastest_slowest_or_sum, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;

pub static SCENARIO: Scenario = Scenario {
    id: "multi-api",
    chapter: "examples",
    section: "示例 2 并发查询多个 API",
    variants: &["gather"],
    params: &[
        ParamSpec::duration("profile_ms", 300),
        ParamSpec::duration("posts_ms", 500),
        ParamSpec::duration("followers_ms", 400),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, _| {
        let mut claims = vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            Expect::Result(json!({
                "profile": { "id": 1, "name": "Alice" },
                "posts": [{ "id": 7, "title": "Why asyncio" }],
                "followers": [2, 3, 5],
            })),
            Expect::OutcomeCount(TaskOutcome::Done, 4),
        ];
        // Each API answers after its own latency, all started at 0.
        for (url, key) in [
            ("https://api1.com/users/1", "profile_ms"),
            ("https://api2.com/users/1/posts", "posts_ms"),
            ("https://api3.com/users/1/followers", "followers_ms"),
        ] {
            claims.push(Expect::TaskEnds(
                format!("client.get(\"{url}\")"),
                TaskOutcome::Done,
                params.ms(key, variant),
            ));
        }
        claims
    },
    load: |_, _| Load::tasks(4),
    python: Python {
        rewrites: &[],
        entries: &[
        ],
        setup: "net.route(\"api1.com\", latency_ms=__profile_ms__)\nnet.route(\"api2.com\", latency_ms=__posts_ms__)\nnet.route(\"api3.com\", latency_ms=__followers_ms__)",
    },
    javascript: Javascript {
        entries: &[],
        setup: "net.route(\"api1.com\", { latencyMs: __profile_ms__ });\nnet.route(\"api2.com\", { latencyMs: __posts_ms__ });\nnet.route(\"api3.com\", { latencyMs: __followers_ms__ });",
    },
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// Each API's latency: profile, posts, followers.
fn latencies(variant: &str, params: &Params) -> [f64; 3] {
    ["profile_ms", "posts_ms", "followers_ms"].map(|k| params.ms(k, variant))
}

/// gather: the slowest of the three APIs.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    latencies(variant, params).into_iter().fold(0.0, f64::max)
}

/// The texts' extras:
/// - `sum_ms`: the three latencies added up, what one request after
///   another would take.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![("sum_ms", latencies("gather", params).into_iter().sum())]
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "total",
    variant: "gather",
    asks: Asks::Total,
    options: |p| {
        fastest_slowest_or_sum(
            ["profile_ms", "posts_ms", "followers_ms"].map(|k| p.ms(k, "gather")),
        )
    },
}];
