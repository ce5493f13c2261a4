//! `dashboard-queries`: three independent queries, awaited in turn or
//! gathered.
mod run;

use super::predict::{fastest_slowest_or_sum, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;

pub static SCENARIO: Scenario = Scenario {
    id: "dashboard-queries",
    chapter: "best-practices",
    section: "最佳实践 2 合理使用 gather",
    variants: &["sequential", "gather"],
    params: &[
        ParamSpec::duration("user_ms", 300),
        ParamSpec::duration("posts_ms", 400),
        ParamSpec::duration("comments_ms", 200),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, _| {
        let mut claims = vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            Expect::Result(dashboard()),
        ];
        if variant == "gather" {
            // Each query is a task of its own and ends after its own time.
            for (task, key) in [
                ("get_user(db, 1)", "user_ms"),
                ("get_user_posts(db, 1)", "posts_ms"),
                ("get_user_comments(db, 1)", "comments_ms"),
            ] {
                claims.push(Expect::TaskEnds(
                    task.into(),
                    TaskOutcome::Done,
                    params.ms(key, variant),
                ));
            }
        }
        claims
    },
    load: |variant, _| Load::tasks(if variant == "gather" { 4 } else { 1 }),
    python: Python {
        rewrites: &[],
        entries: &[(
            "sequential",
            "fetch_dashboard_data = fetch_dashboard_sequential\nmain()",
        )],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "gather",
            "fetchDashboardSequential(1, null); // or: fetchDashboardData(1, null)",
            "fetchDashboardData(1, null); // or: fetchDashboardSequential(1, null)",
        )],
        setup: "",
    },
    speedup: Some(("sequential", "gather")),
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// What `fetch_dashboard_data(1, db)` returns.
fn dashboard() -> serde_json::Value {
    serde_json::json!({
        "user": { "id": 1, "username": "alice" },
        "posts": [{ "id": 101, "title": "Hello asyncio" }],
        "comments": [{ "id": 201, "text": "Nice!" }],
    })
}

/// sequential: the sum of the three queries; gather: the slowest one.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let times = ["user_ms", "posts_ms", "comments_ms"].map(|k| params.ms(k, variant));
    match variant {
        "sequential" => times.iter().sum(),
        _ => times.iter().copied().fold(0.0, f64::max),
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "gather-total",
    variant: "gather",
    asks: Asks::Total,
    options: |p| {
        fastest_slowest_or_sum(["user_ms", "posts_ms", "comments_ms"].map(|k| p.ms(k, "gather")))
    },
}];
