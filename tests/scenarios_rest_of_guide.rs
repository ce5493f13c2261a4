#![cfg(not(target_arch = "wasm32"))]
//! The rest of the guide (database, web server, async from sync, CPU-bound
//! work): the catalogue's outcome with default parameters in literal values
//! (shared/spec/scenarios.md), and each scenario's law for any valid
//! parameters.
use async_playground::engine::{Mode, SpanState, TaskOutcome};
use async_playground::lang::Lang;
use async_playground::scenarios::ParamValue;
use proptest::prelude::*;
use serde_json::json;

mod common;
use common::{claims_hold, outputs, params, run, scenario, task};

fn int(v: i64) -> ParamValue {
    ParamValue::Int(v)
}

/// The labels of main's waits, in order (what the timeline shows it
/// waiting on).
fn waits(trace: &async_playground::engine::RunTrace) -> Vec<&str> {
    trace.tasks[0]
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Waiting)
        .filter_map(|s| s.on.as_deref())
        .collect()
}

// ---- the catalogue, with default parameters -------------------------------

#[test]
fn database() {
    // crud: commit + refresh, then the id is printed; one select by id, one
    // select of every user: 4 round trips of 50 ms.
    let crud = run("database", "crud");
    assert_eq!(crud.total_ms, 200.0);
    assert_eq!(outputs(&crud), vec![(100.0, "new user id: 1")]);
    assert_eq!(crud.result, json!(["alice", 1]));
    assert_eq!(
        crud.tasks.len(),
        1,
        "the session's calls are awaited in main"
    );
    assert_eq!(waits(&crud).len(), 4);

    // 示例 3 as written: commit + 10 refreshes, one after another.
    let in_loop = run("database", "refresh-in-loop");
    assert_eq!(in_loop.total_ms, 550.0);
    assert_eq!(outputs(&in_loop), vec![(550.0, "created 10 users")]);
    assert_eq!(in_loop.result, json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    assert_eq!(waits(&in_loop).len(), 11);

    let one_query = run("database", "one-query");
    assert_eq!(one_query.total_ms, 100.0);
    assert_eq!(one_query.result, json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    assert_eq!(waits(&one_query).len(), 2);
    assert_eq!(
        scenario("database").speedup_of(&[in_loop, one_query]),
        Some(5.5)
    );
}

#[test]
fn web_server() {
    let line = |k: i64| format!("\"GET /users/{k} HTTP/1.1\" 200");
    let ids: Vec<i64> = (1..=20).collect();

    // async def + await: every request waits at once.
    let async_route = run("web-server", "async-route");
    assert_eq!(async_route.total_ms, 100.0);
    assert_eq!(async_route.result, json!(ids));
    assert_eq!(async_route.tasks.len(), 21, "main and one lane per request");
    assert_eq!(task(&async_route, "GET /users/20").end_ms, 100.0);
    assert!(async_route.output.iter().all(|o| o.at_ms == 100.0));

    // async def + a blocking driver: answered one after another.
    let blocking = run("web-server", "blocking-route");
    assert_eq!(blocking.total_ms, 2000.0);
    assert_eq!(task(&blocking, "GET /users/1").end_ms, 100.0);
    assert_eq!(task(&blocking, "GET /users/20").end_ms, 2000.0);
    assert_eq!(blocking.output[19].at_ms, 2000.0);
    assert_eq!(blocking.output[19].text, line(20));
    // The last request was ready at 0 and blocked until 1900.
    let last = task(&blocking, "GET /users/20");
    assert_eq!(
        (last.spans[0].state, last.spans[0].end_ms),
        (SpanState::Blocked, 1900.0)
    );

    // def: a pool of 40 threads, so 20 requests take one round.
    let pool = run("web-server", "thread-pool");
    assert_eq!(pool.total_ms, 100.0);
    assert_eq!(pool.result, json!(ids));
    let four = scenario("web-server").run_virtual(
        "thread-pool",
        &params("web-server", &[("threads", int(4))]),
        Lang::En,
    );
    assert_eq!(four.total_ms, 500.0);
    let ends: Vec<f64> = four.output.iter().map(|o| o.at_ms).collect();
    let waves: Vec<f64> = (0..20).map(|k| (k / 4 + 1) as f64 * 100.0).collect();
    assert_eq!(ends, waves);
    // A request beyond the fourth waits for a thread.
    let fifth = task(&four, "GET /users/5");
    assert!(fifth.spans.iter().any(|s| s.state == SpanState::Queued));
}

#[test]
fn sync_calls_async() {
    let await_in_sync = run("sync-calls-async", "await-in-sync");
    assert_eq!(
        await_in_sync.error.as_deref(),
        Some("SyntaxError: 'await' outside async function (line 18)")
    );
    // Line 18 of the listing is the line the variant rewrites into an await.
    let listing = common::source("sync-calls-async", "example.py");
    assert_eq!(
        listing.lines().nth(17).map(str::trim),
        Some("result = asyncio.run(async_function())")
    );
    assert_eq!(await_in_sync.total_ms, 0.0);
    assert!(await_in_sync.output.is_empty(), "nothing runs");

    let run_in_sync = run("sync-calls-async", "run-in-sync");
    assert_eq!(run_in_sync.total_ms, 1000.0);
    assert_eq!(run_in_sync.result, json!("result"));
    assert_eq!(outputs(&run_in_sync), vec![(1000.0, "result")]);

    let inside = run("sync-calls-async", "run-inside-loop");
    assert_eq!(
        inside.error.as_deref(),
        Some("RuntimeError: asyncio.run() cannot be called from a running event loop")
    );
    assert_eq!(
        outputs(&inside),
        vec![(
            0.0,
            "RuntimeWarning: coroutine 'async_function' was never awaited"
        )]
    );
}

#[test]
fn cpu_bound() {
    let in_loop = run("cpu-bound", "in-loop");
    assert_eq!(in_loop.total_ms, 3000.0);
    assert_eq!(
        in_loop.result,
        json!(["job 1 done", "job 2 done", "job 3 done"])
    );
    assert_eq!(outputs(&in_loop), vec![(0.0, "♥ heartbeat")]);
    let beat = task(&in_loop, "heartbeat()");
    assert_eq!(
        (beat.outcome, beat.end_ms),
        (TaskOutcome::Cancelled, 3000.0)
    );
    let third = task(&in_loop, "analyse(3)");
    assert_eq!(
        (third.spans[0].state, third.spans[0].end_ms),
        (SpanState::Blocked, 2000.0)
    );

    let pool = run("cpu-bound", "process-pool");
    assert_eq!(pool.total_ms, 1000.0);
    assert_eq!(pool.result, in_loop.result);
    let beats: Vec<f64> = pool.output.iter().map(|o| o.at_ms).collect();
    assert_eq!(beats, vec![0.0, 250.0, 500.0, 750.0]);
    assert_eq!(task(&pool, "heartbeat()").outcome, TaskOutcome::Done);
    assert_eq!(
        scenario("cpu-bound").speedup_of(&[in_loop, pool]),
        Some(3.0)
    );
}

#[test]
fn blocking_variants_are_held_to_the_blocking_limit() {
    let web = scenario("web-server");
    let ok = params("web-server", &[("requests", int(50)), ("db_ms", int(100))]);
    assert!(web.check_load(&ok, Mode::Real).is_ok());
    let too_much = params("web-server", &[("requests", int(51)), ("db_ms", int(100))]);
    assert!(web.check_load(&too_much, Mode::Virtual).is_err());
    let cpu = scenario("cpu-bound");
    let too_much = params("cpu-bound", &[("jobs", int(6)), ("work_ms", int(1000))]);
    assert!(cpu.check_load(&too_much, Mode::Real).is_err());
    let mut bad = cpu.default_params();
    assert!(bad.set("workers", int(0)).is_err());
    assert!(bad.set("work_ms", int(60_001)).is_err());
}

// ---- laws, for random valid parameters -------------------------------------

fn cases() -> ProptestConfig {
    ProptestConfig::with_cases(48)
}

proptest! {
    #![proptest_config(cases())]

    /// Every awaited session call is one round trip: crud 4, the guide's
    /// loop users + 1, one query 2.
    #[test]
    fn database_law(users in 1i64..=200, db in 0i64..=1000) {
        let p = params("database", &[("users", int(users)), ("db_ms", int(db))]);
        let total = |variant| scenario("database").run_virtual(variant, &p, Lang::En).total_ms;
        prop_assert_eq!(total("crud"), (4 * db) as f64);
        prop_assert_eq!(total("refresh-in-loop"), ((users + 1) * db) as f64);
        prop_assert_eq!(total("one-query"), (2 * db) as f64);
        for variant in ["crud", "refresh-in-loop", "one-query"] {
            claims_hold("database", variant, &p);
        }
    }

    /// The blocking route's k-th response comes at k × db_ms; the thread
    /// pool's total is ceil(requests / threads) × db_ms; the async route's
    /// is one db_ms.
    #[test]
    fn web_server_law(requests in 1i64..=60, db in 0i64..=80, threads in 1i64..=50) {
        let p = params("web-server", &[
            ("requests", int(requests)), ("db_ms", int(db)), ("threads", int(threads)),
        ]);
        let s = scenario("web-server");
        let blocking = s.run_virtual("blocking-route", &p, Lang::En);
        for k in 1..=requests {
            prop_assert_eq!(task(&blocking, &format!("GET /users/{k}")).end_ms, (k * db) as f64);
        }
        let waves = (requests + threads - 1) / threads;
        prop_assert_eq!(s.run_virtual("thread-pool", &p, Lang::En).total_ms, (waves * db) as f64);
        prop_assert_eq!(s.run_virtual("async-route", &p, Lang::En).total_ms, db as f64);
        for variant in ["async-route", "blocking-route", "thread-pool"] {
            claims_hold("web-server", variant, &p);
        }
    }

    /// Computing in the loop adds the jobs up; a pool of `workers` takes
    /// ceil(jobs / workers) rounds, and the heartbeat beats all the while.
    #[test]
    fn cpu_bound_law(jobs in 1i64..=12, work in 0i64..=400, workers in 1i64..=16) {
        let p = params("cpu-bound", &[
            ("jobs", int(jobs)), ("work_ms", int(work)), ("workers", int(workers)),
        ]);
        let s = scenario("cpu-bound");
        prop_assert_eq!(s.run_virtual("in-loop", &p, Lang::En).total_ms, (jobs * work) as f64);
        let waves = (jobs + workers - 1) / workers;
        prop_assert_eq!(s.run_virtual("process-pool", &p, Lang::En).total_ms, (waves * work) as f64);
        claims_hold("cpu-bound", "in-loop", &p);
        claims_hold("cpu-bound", "process-pool", &p);
    }
}
