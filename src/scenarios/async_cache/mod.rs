//! `async-cache`: the guide's AsyncCache: hits, expiry after the TTL, and a
//! cache stampede with its fix.
mod run;

use serde_json::json;

use super::predict::{counts, Asks, Question};
use super::{Expect, Javascript, Kind, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "async-cache",
    chapter: "examples",
    section: "示例 5 异步缓存",
    variants: &["ttl", "stampede"],
    params: &[
        ParamSpec::duration("db_ms", 300),
        // At least 1 ms: with a TTL of 0 every entry expires as it is set.
        ParamSpec {
            key: "ttl_ms",
            kind: Kind::Int {
                min: 1,
                max: super::params::MAX_DURATION_MS,
                default: 3000,
            },
            variant_defaults: &[],
        },
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, _| {
        Load::tasks(match variant {
            "stampede" => 2 * run::READERS + 1,
            _ => 1,
        })
    },
    python: Python {
        rewrites: &[],
        entries: &[("stampede", "stampede_demo()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "stampede",
            "await ttlDemo(); // or: await stampedeDemo()",
            "await stampedeDemo(); // or: await ttlDemo()",
        )],
        setup: "",
    },
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// ttl: a miss, a free hit, the TTL, a miss; stampede: one database query
/// time per half (the ten misses overlap; the locked readers wait for one).
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let db = params.ms("db_ms", variant);
    match variant {
        "ttl" => 2.0 * db + params.ms("ttl_ms", variant),
        _ => 2.0 * db,
    }
}

/// The texts' extras:
/// - `readers`: the concurrent readers of the stampede variant;
/// - `queued_readers`: those that queue on the lock behind the one loader.
fn text_vars(_: &Params) -> Vec<(&'static str, f64)> {
    vec![
        ("readers", run::READERS as f64),
        ("queued_readers", (run::READERS - 1) as f64),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let (db, ttl) = (params.ms("db_ms", variant), params.ms("ttl_ms", variant));
    let miss = format!(
        "user:1 {}",
        lang.pick(
            "缓存未命中，查询数据库",
            "cache miss, querying the database"
        )
    );
    let hit = format!("user:1 {}", lang.pick("缓存命中", "cache hit"));
    let took = |ms: f64| format!("get_user(1, db): {} ms", crate::format::fmt_ms(ms));
    if variant == "ttl" {
        return vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            Expect::Result(json!({ "id": 1, "username": "alice" })),
            Expect::Output(vec![
                (0.0, miss.clone()),
                (db, took(db)),
                (db, hit),
                (db, took(0.0)),
                (db + ttl, miss),
                (2.0 * db + ttl, took(db)),
            ]),
        ];
    }
    let readers = run::READERS;
    vec![
        Expect::TotalMs(ideal_ms(variant, params)),
        Expect::Result(json!({ "without_lock": readers, "with_lock": 1 })),
        Expect::Prints(
            db,
            format!(
                "{}: {readers}",
                lang.pick("无锁，数据库查询次数", "without a lock, database queries")
            ),
        ),
        Expect::Prints(
            2.0 * db,
            format!(
                "{}: 1",
                lang.pick(
                    "每个 key 一把锁，数据库查询次数",
                    "one lock per key, database queries"
                )
            ),
        ),
        Expect::OutcomeCount(TaskOutcome::Done, 2 * readers + 1),
        // The last locked reader queued behind the one loader, then hit.
        Expect::TaskEnds("get_user_locked(1, db)".into(), TaskOutcome::Done, 2.0 * db),
    ]
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "stampede-queries",
    variant: "stampede",
    asks: Asks::ResultInt("without_lock"),
    // Ten readers ask for the same cold key at once.
    options: |_| counts([1, 2, 10]),
}];
