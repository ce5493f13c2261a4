//! Native figures for the virtual-time engine: scheduler events per second,
//! and the time to simulate the catalogue's semaphore scenario with 100,000
//! tasks. Reports, never asserts.
//!
//! `cargo bench --bench engine` prints a Markdown table;
//! `cargo bench --bench engine -- --json` prints the same figures as one JSON
//! object on one line (what `make bench` feeds to tests/bench/run.mjs).
use std::time::Instant;

use async_playground::engine::{workload, EventLoop};
use async_playground::lang::Lang;
use async_playground::scenarios::{self, ParamValue};
use serde_json::json;

/// Runs per figure; the median is reported.
const REPEAT: usize = 3;
const SLEEPERS: usize = 50_000;
const SEMAPHORE_URLS: i64 = 100_000;

/// `n` tasks that each sleep 4 times: (events, seconds).
fn sleepers(n: usize) -> (u64, f64) {
    let lp = EventLoop::new_virtual();
    lp.spawn_main(workload::sleepers(&lp, n));
    let start = Instant::now();
    lp.run_virtual();
    (lp.events(), start.elapsed().as_secs_f64())
}

/// The semaphore scenario with `urls` tasks: (milliseconds, tasks traced,
/// virtual total).
fn semaphore(urls: i64) -> (f64, usize, f64) {
    let scenario = scenarios::find("semaphore").expect("semaphore scenario");
    let mut params = scenario.default_params();
    params
        .set("urls", ParamValue::Int(urls))
        .expect("the url count is within limits");
    let start = Instant::now();
    let trace = scenario.run_virtual("limited", &params, Lang::En);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    (ms, trace.tasks.len(), trace.total_ms)
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

    if as_json {
        let doc = json!({
            "events_per_sec": per_sec,
            "events": events,
            "sleepers": SLEEPERS,
            "semaphore_ms": sim_ms,
            "semaphore_tasks": tasks,
            "semaphore_virtual_total_ms": virtual_ms,
            "repeat": REPEAT,
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
}
