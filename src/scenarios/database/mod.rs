//! `database`: the guide's SQLAlchemy session — how many round trips each
//! way of writing the same work costs.
mod run;

use serde_json::json;

use super::predict::{times, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "database",
    chapter: "database",
    section: "异步数据库操作 (SQLAlchemy 异步示例); 示例 3 数据库批量操作; 最佳实践 5",
    variants: &["crud", "refresh-in-loop", "one-query"],
    params: &[
        ParamSpec::count("users", 1, 10_000, 10),
        ParamSpec::duration("db_ms", 50),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[],
        // The listing runs crud as written; the bulk variants run main_bulk
        // with 示例 3 as written or the one-query version.
        entries: &[
            ("refresh-in-loop", "main_bulk()"),
            ("one-query", "main_bulk(bulk_create_users_one_query)"),
        ],
        setup: "db.latency_ms = __db_ms__",
    },
    // A round trip is a query sent over HTTP (as serverless drivers do),
    // answered by the simulated network after db_ms.
    javascript: Javascript {
        entries: &[
            (
                "refresh-in-loop",
                "await crud(db); // or: await bulk(db, bulkCreateUsers), await bulk(db, bulkCreateUsersOneQuery)",
                "await bulk(db, bulkCreateUsers); // or: await crud(db), await bulk(db, bulkCreateUsersOneQuery)",
            ),
            (
                "one-query",
                "await crud(db); // or: await bulk(db, bulkCreateUsers), await bulk(db, bulkCreateUsersOneQuery)",
                "await bulk(db, bulkCreateUsersOneQuery); // or: await crud(db), await bulk(db, bulkCreateUsers)",
            ),
        ],
        setup: "net.route(\"db.example.com\", { latencyMs: __db_ms__ });",
    },
    speedup: Some(("refresh-in-loop", "one-query")),
    text_vars,
    questions: QUESTIONS,
};

/// Round trips to the database: every awaited session call is one.
fn round_trips(variant: &str, params: &Params) -> f64 {
    match variant {
        // commit + refresh, one select by id, one select of all
        "crud" => 4.0,
        // commit + one refresh per user (示例 3 as written)
        "refresh-in-loop" => params.int("users", variant) as f64 + 1.0,
        // commit + one select of every new row
        _ => 2.0,
    }
}

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    round_trips(variant, params) * params.ms("db_ms", variant)
}

/// The texts' extras: `trips_<variant>`, each variant's round trips.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![
        ("trips_crud", round_trips("crud", params)),
        (
            "trips_refresh_in_loop",
            round_trips("refresh-in-loop", params),
        ),
        ("trips_one_query", round_trips("one-query", params)),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let db = params.ms("db_ms", variant);
    let users = params.int("users", variant);
    match variant {
        "crud" => vec![
            Expect::TotalMs(4.0 * db),
            // commit and refresh come before the id is known
            Expect::Output(vec![(
                2.0 * db,
                lang.pick("新用户的 id: 1", "new user id: 1").into(),
            )]),
            Expect::Result(json!(["alice", 1])),
        ],
        _ => vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            Expect::Output(vec![(
                ideal_ms(variant, params),
                match lang {
                    Lang::Zh => format!("创建了 {users} 个用户"),
                    Lang::En => format!("created {users} users"),
                },
            )]),
            Expect::Result(json!((1..=users).collect::<Vec<_>>())),
        ],
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "refresh-in-loop-total",
    variant: "refresh-in-loop",
    asks: Asks::Total,
    options: |p| {
        let (users, db) = (
            p.int("users", "refresh-in-loop") as f64,
            p.ms("db_ms", "refresh-in-loop"),
        );
        // all at once, commit + one query, one per user, commit + one per user
        times([db, 2.0 * db, users * db, (users + 1.0) * db])
    },
}];
