//! The outside world a scenario talks to: a web server, a database, other
//! processes. Virtual time simulates each with timers (the catalogue's exact
//! times). A real-clock run in the browser does the real thing: a `fetch`
//! the page's service worker answers after the latency, an IndexedDB
//! transaction per database round trip, CPU work in Web Workers; where the
//! browser cannot (no service worker), it falls back to the timers and says
//! so ([`take_fallbacks`]).
use std::cell::RefCell;

use serde_json::Value;

use super::error::Exc;
use super::event_loop::EventLoop;
use super::sync::Semaphore;
use super::trace::Mode;

thread_local! {
    /// Why a real run used timers instead of real I/O, for the page to say.
    static FALLBACKS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// Whether the service worker answers the network, as [`prepare`] found.
    static NET: RefCell<Option<Result<(), String>>> = const { RefCell::new(None) };
}

/// Readies the network before a real run that uses it starts its clock (a
/// page opened a moment ago may still be waiting for its service worker to
/// take control); the run's requests then use what this found.
pub async fn prepare() {
    let ready = browser_io::net_ready().await;
    NET.with(|net| *net.borrow_mut() = Some(ready));
}

/// The reasons real I/O fell back to timers since the last call.
pub fn take_fallbacks() -> Vec<String> {
    FALLBACKS.with(|f| std::mem::take(&mut *f.borrow_mut()))
}

fn fell_back(why: String) {
    FALLBACKS.with(|f| {
        let mut f = f.borrow_mut();
        if !f.contains(&why) {
            f.push(why);
        }
    });
}

impl EventLoop {
    /// Whether this run talks to the browser's real I/O.
    fn real_io(&self) -> bool {
        cfg!(target_arch = "wasm32") && self.mode() == Mode::Real
    }

    /// One HTTP round trip to the scenario's server, which answers after
    /// `latency_ms` with `status`. Real time in the browser: a real `fetch`
    /// of the page's own origin, answered by its service worker (the
    /// request shows in DevTools' Network panel).
    pub async fn http(
        &self,
        method: &str,
        url: &str,
        latency_ms: f64,
        status: u16,
    ) -> Result<(), Exc> {
        if self.real_io() {
            let known = NET.with(|net| net.borrow().clone());
            let ready = match known {
                Some(ready) => ready,
                None => {
                    self.instrument("service worker", browser_io::net_ready())
                        .await?
                }
            };
            match ready {
                Ok(()) => {
                    let fetch = browser_io::fetch(method, url, latency_ms, status);
                    return self
                        .instrument(format!("fetch {method} {url}"), fetch)
                        .await?;
                }
                Err(why) => fell_back(why),
            }
        }
        self.sleep(latency_ms).await
    }
}

/// A database the scenario's session talks to: every round trip takes
/// `round_trip_ms`. Real time in the browser: each round trip is also one
/// real IndexedDB transaction on a database of that name (visible in
/// DevTools while the run lasts, deleted when the `Database` is dropped: the
/// run ended or was stopped).
pub struct Database {
    lp: EventLoop,
    name: String,
    round_trip_ms: f64,
    real: bool,
}

impl Database {
    /// A fresh database: a real one left by a stopped run is deleted first
    /// (IndexedDB queues the first round trip's opening behind it, so no
    /// time is spent here).
    pub fn open(lp: &EventLoop, name: &str, round_trip_ms: f64) -> Database {
        let real = lp.real_io();
        if real {
            browser_io::db_delete(name);
        }
        Database {
            lp: lp.clone(),
            name: name.to_string(),
            round_trip_ms,
            real,
        }
    }

    /// One round trip doing `op` (`{"op": "add", "rows": [...]}`, `get`,
    /// `getAll`, `getMany`), shown as waiting on `call`. The rows' ids are
    /// the scenario's to compute (autoincrement from 1 in a fresh
    /// database), so both clocks give the same results.
    pub async fn round_trip(&self, call: &str, op: Value) -> Result<(), Exc> {
        let start = self.lp.now();
        if self.real {
            let transaction = browser_io::db_round_trip(&self.name, &op);
            if let Err(why) = self.lp.instrument(call, transaction).await? {
                fell_back(why);
            }
        }
        // The rest of the round trip is the server's latency.
        let left = self.round_trip_ms - (self.lp.now() - start);
        if left > 0.0 || !self.real {
            self.lp.sleep(left.max(0.0)).await?;
        }
        Ok(())
    }
}

impl Drop for Database {
    /// Deletes the real database once its connection has closed; the run
    /// does not wait for it.
    fn drop(&mut self) {
        if self.real {
            browser_io::db_delete(&self.name);
        }
    }
}

/// A pool of worker processes (`ProcessPoolExecutor`): `run` waits for a
/// free worker, then for the work. Real time in the browser: each worker is
/// a real Web Worker doing `work_ms` of CPU work, so the loop stays free.
pub struct ProcessPool {
    lp: EventLoop,
    free: Semaphore,
    real: bool,
}

impl ProcessPool {
    pub fn new(lp: &EventLoop, workers: usize) -> ProcessPool {
        let real = lp.real_io();
        if real {
            browser_io::cpu_pool_start(workers);
        }
        ProcessPool {
            lp: lp.clone(),
            free: Semaphore::new(lp, workers),
            real,
        }
    }

    /// `await loop.run_in_executor(pool, work)`: `work_ms` of CPU work in a
    /// worker, shown as waiting on `call`.
    pub async fn run(&self, call: &str, work_ms: f64) -> Result<(), Exc> {
        let _worker = self.free.acquire().await?;
        if self.real {
            let work = browser_io::cpu_pool_run(work_ms, call);
            return match self.lp.instrument(call, work).await? {
                Ok(()) => Ok(()),
                Err(why) => Err(Exc::new("BrokenProcessPool", &why)),
            };
        }
        self.lp.sleep(work_ms).await
    }
}

impl Drop for ProcessPool {
    fn drop(&mut self) {
        if self.real {
            browser_io::cpu_pool_stop();
        }
    }
}

/// Natively there is no browser: real-clock runs (tests of the real loop)
/// use the timers.
#[cfg(not(target_arch = "wasm32"))]
mod browser_io {
    use std::future::Future;

    use serde_json::Value;

    use crate::engine::error::Exc;

    const NO_BROWSER: &str = "no browser";

    pub async fn net_ready() -> Result<(), String> {
        Err(NO_BROWSER.into())
    }
    pub fn fetch(_: &str, _: &str, _: f64, _: u16) -> impl Future<Output = Result<(), Exc>> {
        async { Ok(()) }
    }
    pub fn db_round_trip(_: &str, _: &Value) -> impl Future<Output = Result<(), String>> {
        async { Ok(()) }
    }
    pub fn db_delete(_: &str) {}
    pub fn cpu_pool_start(_: usize) {}
    pub fn cpu_pool_run(_: f64, _: &str) -> impl Future<Output = Result<(), String>> {
        async { Ok(()) }
    }
    pub fn cpu_pool_stop() {}
}

/// The page's side of `js/real_io.js` (through `js/bridge.js`,
/// which loads it on demand).
#[cfg(target_arch = "wasm32")]
mod browser_io {
    use std::cell::Cell;
    use std::future::Future;

    use serde_json::Value;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    use crate::engine::error::Exc;

    #[wasm_bindgen(module = "/js/bridge.js")]
    extern "C" {
        #[wasm_bindgen(js_name = netReady)]
        fn js_net_ready(timeout_ms: f64) -> js_sys::Promise;
        #[wasm_bindgen(js_name = netFetch)]
        fn js_net_fetch(
            method: &str,
            url: &str,
            latency_ms: f64,
            status: u16,
            body_json: &str,
            abort_key: &str,
        ) -> js_sys::Promise;
        #[wasm_bindgen(js_name = netAbort)]
        fn js_net_abort(abort_key: &str);
        #[wasm_bindgen(js_name = dbRoundTrip)]
        fn js_db_round_trip(name: &str, op_json: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = dbDelete)]
        fn js_db_delete(name: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = cpuPoolStart)]
        fn js_cpu_pool_start(workers: u32);
        #[wasm_bindgen(js_name = cpuPoolRun)]
        fn js_cpu_pool_run(work_ms: f64, label: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = cpuPoolStop)]
        fn js_cpu_pool_stop();
    }

    /// How long a first real run waits for the service worker to take
    /// control of the page before using timers.
    const NET_READY_TIMEOUT_MS: f64 = 10_000.0;

    thread_local! {
        static NEXT_ABORT_KEY: Cell<u64> = const { Cell::new(0) };
    }

    fn message(error: JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "unknown error".into())
    }

    async fn settle(promise: js_sys::Promise) -> Result<String, String> {
        JsFuture::from(promise)
            .await
            .map(|v| v.as_string().unwrap_or_default())
            .map_err(message)
    }

    /// `Ok` when the service worker answers the simulated network, else why
    /// not (the page says it).
    pub async fn net_ready() -> Result<(), String> {
        match settle(js_net_ready(NET_READY_TIMEOUT_MS)).await {
            Ok(why) if why.is_empty() => Ok(()),
            Ok(why) | Err(why) => Err(why),
        }
    }

    /// Aborts its fetch when dropped before the answer came (a cancelled
    /// task's request is cancelled too).
    struct AbortOnDrop {
        key: String,
        done: Cell<bool>,
    }

    impl Drop for AbortOnDrop {
        fn drop(&mut self) {
            if !self.done.get() {
                js_net_abort(&self.key);
            }
        }
    }

    pub fn fetch(
        method: &str,
        url: &str,
        latency_ms: f64,
        status: u16,
    ) -> impl Future<Output = Result<(), Exc>> {
        let key = NEXT_ABORT_KEY.with(|k| {
            k.set(k.get() + 1);
            format!("fetch-{}", k.get())
        });
        let promise = js_net_fetch(method, url, latency_ms, status, "null", &key);
        let guard = AbortOnDrop {
            key,
            done: Cell::new(false),
        };
        async move {
            let answer = settle(promise).await;
            guard.done.set(true);
            answer
                .map(|_| ())
                .map_err(|why| Exc::new("ConnectionError", &why))
        }
    }

    pub fn db_round_trip(name: &str, op: &Value) -> impl Future<Output = Result<(), String>> {
        let promise = js_db_round_trip(name, &op.to_string());
        async move { settle(promise).await.map(|_| ()) }
    }

    /// Fire and forget: the run does not wait for the deletion.
    pub fn db_delete(name: &str) {
        let _ = js_db_delete(name);
    }

    pub fn cpu_pool_start(workers: usize) {
        js_cpu_pool_start(workers as u32);
    }

    pub fn cpu_pool_run(work_ms: f64, label: &str) -> impl Future<Output = Result<(), String>> {
        let promise = js_cpu_pool_run(work_ms, label);
        async move { settle(promise).await.map(|_| ()) }
    }

    pub fn cpu_pool_stop() {
        js_cpu_pool_stop();
    }
}
