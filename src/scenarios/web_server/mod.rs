//! `web-server`: one FastAPI route written three ways under the same load.
mod run;

use serde_json::json;

use super::predict::{Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "web-server",
    chapter: "database",
    section: "在 FastAPI 中使用; 何时使用异步: 高并发场景",
    variants: &["async-route", "blocking-route", "thread-pool"],
    params: &[
        // A server demo: 10,000 requests at once already make the point, and
        // each prints its access-log line (100,000 would take seconds to draw).
        ParamSpec::count("requests", 1, 10_000, 20),
        ParamSpec::duration("db_ms", 100),
        ParamSpec::count("threads", 1, 1_000, 40),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, params| {
        let requests = params.int("requests", variant);
        Load {
            tasks: requests as usize + 1,
            blocking_ms: match variant {
                "blocking-route" => requests as f64 * params.ms("db_ms", variant),
                _ => 0.0,
            },
        }
    },
    python: Python {
        // The route the decorator is on is the one the server runs.
        rewrites: &[
            (
                "blocking-route",
                "@router.get(\"/users/{user_id}\")\nasync def get_user(",
                "# @router.get(\"/users/{user_id}\")\nasync def get_user(",
            ),
            (
                "blocking-route",
                "# @router.get(\"/users/{user_id}\")\nasync def get_user_blocking(",
                "@router.get(\"/users/{user_id}\")\nasync def get_user_blocking(",
            ),
            (
                "thread-pool",
                "@router.get(\"/users/{user_id}\")\nasync def get_user(",
                "# @router.get(\"/users/{user_id}\")\nasync def get_user(",
            ),
            (
                "thread-pool",
                "# @router.get(\"/users/{user_id}\")\ndef get_user_in_thread(",
                "@router.get(\"/users/{user_id}\")\ndef get_user_in_thread(",
            ),
        ],
        entries: &[],
        setup: "db.latency_ms = __db_ms__\ndb.add_users(__requests__)",
    },
    javascript: Javascript {
        entries: &[
            (
                "blocking-route",
                "app.get(\"/users/:id\", getUser); // or: getUserBlocking, getUserInPool",
                "app.get(\"/users/:id\", getUserBlocking); // or: getUser, getUserInPool",
            ),
            (
                "thread-pool",
                "app.get(\"/users/:id\", getUser); // or: getUserBlocking, getUserInPool",
                "app.get(\"/users/:id\", getUserInPool); // or: getUser, getUserBlocking",
            ),
        ],
        setup: "net.route(\"db.example.com\", { latencyMs: __db_ms__ });",
    },
    speedup: Some(("blocking-route", "async-route")),
    text_vars,
    questions: QUESTIONS,
};

/// Rounds of the thread pool: `threads` requests at a time.
fn waves(variant: &str, params: &Params) -> f64 {
    let (requests, threads) = (
        params.int("requests", variant),
        params.int("threads", variant),
    );
    (requests as f64 / threads as f64).ceil()
}

/// When the `k`-th request (from 1) is answered.
fn answered_at(variant: &str, params: &Params, k: i64) -> f64 {
    let db = params.ms("db_ms", variant);
    match variant {
        "async-route" => db,
        // each waits for every response before it
        "blocking-route" => k as f64 * db,
        _ => ((k - 1) / params.int("threads", variant) + 1) as f64 * db,
    }
}

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let db = params.ms("db_ms", variant);
    match variant {
        "async-route" => db,
        "blocking-route" => params.int("requests", variant) as f64 * db,
        _ => waves(variant, params) * db,
    }
}

/// The texts' extras: `waves_thread_pool`, the pool's rounds.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![("waves_thread_pool", waves("thread-pool", params))]
}

fn expect(variant: &str, params: &Params, _: Lang) -> Vec<Expect> {
    let requests = params.int("requests", variant);
    vec![
        Expect::TotalMs(ideal_ms(variant, params)),
        Expect::Result(json!((1..=requests).collect::<Vec<_>>())),
        Expect::Output(
            (1..=requests)
                .map(|k| {
                    let line = format!("\"GET /users/{k} HTTP/1.1\" 200");
                    (answered_at(variant, params, k), line)
                })
                .collect(),
        ),
    ]
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "blocking-route-total",
        variant: "blocking-route",
        asks: Asks::Total,
        options: |p| {
            super::predict::together_or_in_turn(p, "blocking-route", "requests", "db_ms", &[2.0])
        },
    },
    Question {
        id: "thread-pool-total",
        variant: "thread-pool",
        asks: Asks::Total,
        options: |p| {
            let waves = waves("thread-pool", p);
            let mut options =
                super::predict::together_or_in_turn(p, "thread-pool", "requests", "db_ms", &[]);
            options.push(super::predict::Answer::Ms(
                waves * p.ms("db_ms", "thread-pool"),
            ));
            options.push(super::predict::Answer::Ms(
                (waves + 1.0) * p.ms("db_ms", "thread-pool"),
            ));
            options
        },
    },
];
