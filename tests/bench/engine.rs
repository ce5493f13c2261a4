//! Native figures for the virtual-time engine (`make bench` prints them):
//! scheduler events per second, and the time to simulate the catalogue's
//! semaphore scenario with 100,000 tasks. Reports, never asserts.
use std::time::Instant;

use async_playground::engine::{Coro, EventLoop};
use async_playground::lang::Lang;
use async_playground::scenarios::{self, ParamValue};
use serde_json::Value;

fn sleepers(n: usize) -> (u64, f64) {
    let lp = EventLoop::new_virtual();
    let inner = lp.clone();
    lp.spawn_main(Coro::new("main()", async move {
        let coros = (0..n)
            .map(|i| {
                let lp = inner.clone();
                Coro::new("sleeper", async move {
                    for _ in 0..4 {
                        lp.sleep(((i % 7) + 1) as f64).await?;
                    }
                    Ok(Value::Null)
                })
            })
            .collect();
        inner.gather(coros).await?;
        Ok(Value::Null)
    }));
    let start = Instant::now();
    lp.run_virtual();
    (lp.events(), start.elapsed().as_secs_f64())
}

fn main() {
    let (events, secs) = sleepers(50_000);
    let per_sec = events as f64 / secs;

    let semaphore = scenarios::find("semaphore").expect("semaphore scenario");
    let mut params = semaphore.default_params();
    params
        .set("urls", ParamValue::Int(100_000))
        .expect("100,000 urls is within limits");
    let start = Instant::now();
    let trace = semaphore.run_virtual("limited", &params, Lang::En);
    let sim_ms = start.elapsed().as_secs_f64() * 1000.0;

    println!("| figure | value | goal |");
    println!("|---|---|---|");
    println!("| virtual scheduler events/s (native, 50,000 tasks × 4 sleeps) | {per_sec:.0} | ≥ 1,000,000 |");
    println!(
        "| simulate semaphore, 100,000 tasks (native) | {sim_ms:.0} ms ({} tasks traced, virtual total {} ms) | < 1000 ms (browser) |",
        trace.tasks.len(),
        trace.total_ms
    );
}
