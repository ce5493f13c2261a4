//! The JavaScript listings run for real: each run in a fresh Web Worker
//! (`js/bridge.js` owns the Workers; `js/runtime/` is what runs
//! inside). This is its typed side.
use wasm_bindgen::prelude::*;

use crate::engine::recorder::ProgramRun;
use crate::engine::Mode;
use crate::scenarios::ProgramJob;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    fn js_run(
        request: JsValue,
        on_live: &Closure<dyn FnMut(String)>,
        group: &str,
    ) -> js_sys::Promise;
    fn js_stop(group: &str) -> bool;
}

/// Whose Workers: the page's run, or the comparison drawn beside it (each
/// stops its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Run,
    Compare,
}

impl Group {
    fn as_str(self) -> &'static str {
        match self {
            Group::Run => "run",
            Group::Compare => "compare",
        }
    }
}

/// Runs one job; `on_live` gets the events of a real-time run as they come
/// (JSON arrays, in order). Resolves when the program ends or is stopped.
pub async fn run(
    job: &ProgramJob,
    mode: Mode,
    group: Group,
    on_live: impl FnMut(String) + 'static,
) -> ProgramRun {
    let on_live: Closure<dyn FnMut(String)> = Closure::new(on_live);
    let promise = js_run(super::request(job, mode), &on_live, group.as_str());
    let run = super::settled(promise).await;
    drop(on_live);
    run
}

/// Stops the group's running JavaScript programs at once (their Workers
/// are terminated).
pub fn stop(group: Group) -> bool {
    js_stop(group.as_str())
}
