//! Native figures for the virtual-time engine: scheduler events per second,
//! and the time to simulate the catalogue's semaphore scenario with 100,000
//! tasks. Reports, never asserts.
//!
//! `cargo bench --bench engine` prints a Markdown table;
//! `cargo bench --bench engine -- --json` prints the same figures as one JSON
//! object on one line (what `make bench` feeds to tests/bench/run.mjs).
use std::time::Instant;

use async_playground::engine::steps::StepLog;
use async_playground::engine::{workload, EventLoop};
use async_playground::lang::Lang;
use async_playground::scenarios::{self, ParamValue};
use serde_json::json;

/// Runs per figure; the median is reported.
const REPEAT: usize = 3;
const SLEEPERS: usize = 50_000;
const SEMAPHORE_URLS: i64 = 100_000;
/// The step view's figures: a 10,000-task run, and a run of about 100,000
/// steps (each request is a first step, a timer callback and a wake-up,
/// and a semaphore hand-over).
const STEP_TASKS: i64 = 10_000;
const HISTORY_URLS: i64 = 25_000;
const STEP_WALK: usize = 200;

/// `n` tasks that each sleep 4 times: (events, seconds).
fn sleepers(n: usize) -> (u64, f64) {
    let lp = EventLoop::new_virtual();
    lp.spawn_main(workload::sleepers(&lp, n));
    let start = Instant::now();
    lp.run_virtual();
    (lp.events(), start.elapsed().as_secs_f64())
}

/// The semaphore scenario and its parameters for `urls` requests.
fn semaphore_with(urls: i64) -> (&'static scenarios::Scenario, scenarios::Params) {
    let scenario = scenarios::find("semaphore").expect("semaphore scenario");
    let mut params = scenario.default_params();
    params
        .set("urls", ParamValue::Int(urls))
        .expect("the url count is within limits");
    (scenario, params)
}

/// The semaphore scenario with `urls` tasks: (milliseconds, tasks traced,
/// virtual total).
fn semaphore(urls: i64) -> (f64, usize, f64) {
    let (scenario, params) = semaphore_with(urls);
    let start = Instant::now();
    let trace = scenario.run_virtual("limited", &params, Lang::En);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    (ms, trace.tasks.len(), trace.total_ms)
}

/// The semaphore scenario's steps, recorded: (the log, seconds to record).
fn semaphore_steps(urls: i64) -> (StepLog, f64) {
    let (scenario, params) = semaphore_with(urls);
    let start = Instant::now();
    let (_, log) = scenario.run_steps("limited", &params, Lang::En);
    (log, start.elapsed().as_secs_f64())
}

/// Milliseconds per snapshot, stepping forward then back over `STEP_WALK`
/// steps from the middle of the run.
fn step_times(log: &StepLog) -> (f64, f64) {
    let from = log.len() / 2;
    let start = Instant::now();
    for n in from..from + STEP_WALK {
        std::hint::black_box(log.snapshot(n + 1));
    }
    let forward = start.elapsed().as_secs_f64() * 1000.0 / STEP_WALK as f64;
    let start = Instant::now();
    for n in (from..from + STEP_WALK).rev() {
        std::hint::black_box(log.snapshot(n));
    }
    let back = start.elapsed().as_secs_f64() * 1000.0 / STEP_WALK as f64;
    (forward, back)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let as_json = std::env::args().any(|a| a == "--json");

    let mut rates = Vec::new();
    let mut events = 0;
    for _ in 0..REPEAT {
        let (n, secs) = sleepers(SLEEPERS);
        events = n;
        rates.push(n as f64 / secs);
    }
    let per_sec = median(rates);

    let mut times = Vec::new();
    let (mut tasks, mut virtual_ms) = (0, 0.0);
    for _ in 0..REPEAT {
        let (ms, n, total) = semaphore(SEMAPHORE_URLS);
        times.push(ms);
        (tasks, virtual_ms) = (n, total);
    }
    let sim_ms = median(times);

    let (log, _) = semaphore_steps(STEP_TASKS);
    let (forward_ms, back_ms) = step_times(&log);
    let steps_10k = log.len();
    drop(log);
    let (history, record_s) = semaphore_steps(HISTORY_URLS);
    let (history_steps, history_bytes) = (history.len(), history.memory_bytes());

    if as_json {
        let doc = json!({
            "events_per_sec": per_sec,
            "events": events,
            "sleepers": SLEEPERS,
            "semaphore_ms": sim_ms,
            "semaphore_tasks": tasks,
            "semaphore_virtual_total_ms": virtual_ms,
            "repeat": REPEAT,
            "step_tasks": STEP_TASKS,
            "steps_10k": steps_10k,
            "step_forward_ms": forward_ms,
            "step_back_ms": back_ms,
            "history_steps": history_steps,
            "history_bytes": history_bytes,
            "history_record_ms": record_s * 1000.0,
        });
        println!("{doc}");
        return;
    }
    println!("| figure | value | goal |");
    println!("|---|---|---|");
    println!("| virtual scheduler events/s (native, {SLEEPERS} tasks × 4 sleeps, median of {REPEAT}) | {per_sec:.0} | ≥ 1,000,000 |");
    println!(
        "| simulate semaphore, {SEMAPHORE_URLS} urls (native, median of {REPEAT}) | {sim_ms:.0} ms ({tasks} tasks traced, virtual total {virtual_ms} ms) | < 1000 ms (browser) |"
    );
    println!("| step view: snapshot forward / back, {STEP_TASKS} tasks ({steps_10k} steps), native | {forward_ms:.3} / {back_ms:.3} ms | ≤ 16 ms |");
    println!(
        "| step view: history of {history_steps} steps | {:.1} MB, recorded in {:.0} ms | |",
        history_bytes as f64 / 1e6,
        record_s * 1000.0
    );
}
