//! The JavaScript listings run for real: each run in a fresh Web Worker
//! (`js/javascript_client.js` owns the Workers; `js/runtime/` is what runs
//! inside). This is its typed side.
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::engine::recorder::ProgramRun;
use crate::engine::Mode;
use crate::scenarios::ProgramJob;

#[wasm_bindgen(module = "/js/javascript_client.js")]
extern "C" {
    fn js_run(request: JsValue, on_live: &Closure<dyn FnMut(String)>) -> js_sys::Promise;
    fn js_stop() -> bool;
}

/// Runs one job; `on_live` gets the events of a real-time run as they come
/// (JSON arrays, in order). Resolves when the program ends or is stopped.
pub async fn run(
    job: &ProgramJob,
    mode: Mode,
    on_live: impl FnMut(String) + 'static,
) -> ProgramRun {
    let request = serde_json::json!({
        "source": job.source,
        "mode": mode.as_str(),
        "setup": job.setup,
        "latency_ms": job.latency_ms,
    });
    let request = js_sys::JSON::parse(&request.to_string()).unwrap_or(JsValue::NULL);
    let on_live: Closure<dyn FnMut(String)> = Closure::new(on_live);
    let json = JsFuture::from(js_run(request, &on_live)).await;
    drop(on_live);
    match json.ok().and_then(|v| v.as_string()) {
        Some(json) => ProgramRun::parse(&json),
        None => ProgramRun::parse(""),
    }
}

/// Stops every running JavaScript program at once (their Workers are
/// terminated).
pub fn stop() -> bool {
    js_stop()
}
