//! Entry points for `make bench` (tests/bench/run.mjs calls them through
//! Trunk's `window.wasmBindings`): the engine's side of the browser figures.
//! Every export returns a JSON string, so the page needs no extra bindings;
//! none of them touches the page's UI.
use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::engine::browser::{now_ms, real_loop, run_real};
use crate::engine::{Coro, EventLoop};
use crate::export;
use crate::lang::Lang;
use crate::layout::{layout, LayoutOptions};
use crate::scenarios::{self, ParamValue};

/// Main gathers `n` coroutines that each `await sleep(ms)`; `marks`, when
/// given, records when the first and last sleep started and ended.
fn sleepers_main(lp: &EventLoop, n: u32, ms: f64, marks: Option<Rc<Marks>>) -> Coro {
    let lp = lp.clone();
    Coro::new("main()", async move {
        let coros = (0..n)
            .map(|_| {
                let (lp, marks) = (lp.clone(), marks.clone());
                Coro::new("sleeper", async move {
                    if let Some(m) = &marks {
                        m.mark(0);
                    }
                    lp.sleep(ms).await?;
                    if let Some(m) = &marks {
                        m.mark(1);
                    }
                    Ok(Value::Null)
                })
            })
            .collect();
        lp.gather(coros).await?;
        Ok(Value::Null)
    })
}

/// First and last time each of two points was passed, from `start`.
struct Marks {
    start: f64,
    first: [Cell<f64>; 2],
    last: [Cell<f64>; 2],
}

impl Marks {
    fn new(start: f64) -> Rc<Self> {
        Rc::new(Marks {
            start,
            first: [Cell::new(f64::NAN), Cell::new(f64::NAN)],
            last: [Cell::new(f64::NAN), Cell::new(f64::NAN)],
        })
    }
    fn mark(&self, point: usize) {
        let t = now_ms() - self.start;
        if self.first[point].get().is_nan() {
            self.first[point].set(t);
        }
        self.last[point].set(t);
    }
}

/// Runs `n` sleeps of `ms` on `lp` with the page's driver; `{elapsed_ms,
/// events}` from just before the loop starts to its completion.
async fn real_sleeps(lp: EventLoop, n: u32, ms: f64) -> String {
    lp.spawn_main(sleepers_main(&lp, n, ms, None));
    let start = now_ms();
    run_real(lp.clone()).await;
    let elapsed = now_ms() - start;
    json!({ "elapsed_ms": elapsed, "events": lp.events() }).to_string()
}

/// Real mode, the headline figure: `n` concurrent sleeps of `ms` on the
/// page's loop (`real_loop` + `run_real`, exactly what a real run uses).
#[wasm_bindgen]
pub async fn bench_real_sleeps(n: u32, ms: f64) -> String {
    real_sleeps(real_loop(), n, ms).await
}

thread_local! {
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
    static CLOCK_READS: Cell<u64> = const { Cell::new(0) };
}

/// `performance.now()` through a `Performance` looked up once: one call
/// into JS per read instead of three (window, performance, now).
fn cached_now_ms() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or_else(now_ms, |p| p.now()))
}

/// The page's clock, counted.
fn counted_now_ms() -> f64 {
    CLOCK_READS.with(|c| c.set(c.get() + 1));
    now_ms()
}

/// What-if: the same run with a loop whose clock caches the `Performance`
/// object (the driver is the page's own `run_real`).
#[wasm_bindgen]
pub async fn bench_real_sleeps_cached_clock(n: u32, ms: f64) -> String {
    real_sleeps(EventLoop::new_real(cached_now_ms), n, ms).await
}

/// The same run, instrumented to split the time beyond `ms` into phases (all
/// from the start): first and last sleep registered, first and last sleeper
/// woken, and how often the loop read the clock. The marks cost two clock
/// reads per task, so this is for the breakdown, not the headline.
#[wasm_bindgen]
pub async fn bench_real_sleeps_phases(n: u32, ms: f64) -> String {
    let lp = EventLoop::new_real(counted_now_ms);
    CLOCK_READS.with(|c| c.set(0));
    let start = now_ms();
    let marks = Marks::new(start);
    lp.spawn_main(sleepers_main(&lp, n, ms, Some(marks.clone())));
    run_real(lp.clone()).await;
    let elapsed = now_ms() - start;
    json!({
        "elapsed_ms": elapsed,
        "first_sleep_ms": marks.first[0].get(),
        "last_sleep_ms": marks.last[0].get(),
        "first_wake_ms": marks.first[1].get(),
        "last_wake_ms": marks.last[1].get(),
        "events": lp.events(),
        "clock_reads": CLOCK_READS.with(Cell::get),
    })
    .to_string()
}

/// Microseconds per clock read: the page's `now_ms` and the cached one.
#[wasm_bindgen]
pub fn bench_clock_read(n: u32) -> String {
    let time = |read: fn() -> f64| {
        let start = now_ms();
        let mut sum = 0.0;
        for _ in 0..n {
            sum += read();
        }
        ((now_ms() - start) * 1000.0 / f64::from(n.max(1)), sum)
    };
    let (page_us, _) = time(now_ms);
    let (cached_us, _) = time(cached_now_ms);
    json!({ "page_us": page_us, "cached_us": cached_us }).to_string()
}

/// The real-mode workload on a virtual clock: the engine's own CPU time for
/// `n` sleeps (no waiting, no browser timers, a free clock).
#[wasm_bindgen]
pub fn bench_virtual_sleeps(n: u32, ms: f64) -> String {
    let lp = EventLoop::new_virtual();
    lp.spawn_main(sleepers_main(&lp, n, ms, None));
    let start = now_ms();
    lp.run_virtual();
    let cpu_ms = now_ms() - start;
    json!({ "cpu_ms": cpu_ms, "events": lp.events() }).to_string()
}

/// Virtual mode: `n` tasks that each sleep 4 times (1–7 ms), the load of
/// tests/bench/engine.rs. Returns `{events, ms}`.
#[wasm_bindgen]
pub fn bench_virtual_events(n: u32) -> String {
    let lp = EventLoop::new_virtual();
    lp.spawn_main(crate::engine::workload::sleepers(&lp, n as usize));
    let start = now_ms();
    lp.run_virtual();
    let ms = now_ms() - start;
    json!({ "events": lp.events(), "ms": ms }).to_string()
}

/// Virtual mode: the catalogue's `semaphore` scenario with `urls` tasks
/// (default limit and latency), and what the page then does with the
/// document, each timed alone: the simulation (`run_all_virtual`, trace
/// included, what Run calls), one clone of the document, its JSON export,
/// and the timeline's layout at `width` px.
#[wasm_bindgen]
pub fn bench_semaphore_virtual(urls: u32, width: f64) -> String {
    let Some(scenario) = scenarios::find("semaphore") else {
        return json!({ "error": "no semaphore scenario" }).to_string();
    };
    let mut params = scenario.default_params();
    if let Err(why) = params.set("urls", ParamValue::Int(i64::from(urls))) {
        return json!({ "error": why }).to_string();
    }
    let start = now_ms();
    let doc = scenario.run_all_virtual(&params, Lang::En);
    let simulate_ms = now_ms() - start;

    let start = now_ms();
    let copy = doc.clone();
    let clone_ms = now_ms() - start;
    drop(copy);

    let start = now_ms();
    let json_len = export::to_json(&doc).len();
    let to_json_ms = now_ms() - start;

    let start = now_ms();
    let lay = layout(&doc.runs, &LayoutOptions::with_width(width));
    let layout_ms = now_ms() - start;
    json!({
        "simulate_ms": simulate_ms,
        "clone_ms": clone_ms,
        "to_json_ms": to_json_ms,
        "json_bytes": json_len,
        "layout_ms": layout_ms,
        "tasks": doc.runs.iter().map(|r| r.tasks.len()).sum::<usize>(),
        "virtual_total_ms": doc.runs.first().map_or(0.0, |r| r.total_ms),
        "height_px": lay.height_px,
    })
    .to_string()
}
