//! CPython in the page: Pyodide in a Web Worker, started on the first
//! Python run (`js/bridge.js` owns the Worker; this is its typed
//! side). Loading progress is a signal any component can show.
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::engine::recorder::ProgramRun;
use crate::engine::Mode;
use crate::scenarios::ProgramJob;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    fn python_on_progress(callback: &Closure<dyn FnMut(String, f64, f64, JsValue)>);
    fn python_run(request: JsValue, on_live: &Closure<dyn FnMut(String)>) -> js_sys::Promise;
    fn python_stop() -> bool;
}

/// Where loading CPython stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Loading {
    /// Not asked for yet: nothing of Pyodide has been fetched.
    #[default]
    Idle,
    /// Fetching Pyodide's files: bytes so far and in all.
    Download { loaded: f64, total: f64 },
    /// Files fetched; the interpreter starts.
    Starting,
    /// Ready, with its version (`3.14.2`).
    Ready(String),
    /// It could not start; why.
    Failed(String),
}

/// The page-wide state of the Python runtime, provided by App.
#[derive(Clone, Copy)]
pub struct PythonRuntime {
    pub loading: RwSignal<Loading>,
}

impl PythonRuntime {
    /// Follows the Worker's progress messages (the Worker itself starts
    /// only with the first run).
    pub fn new() -> Self {
        let loading = RwSignal::new(Loading::Idle);
        let on_progress = Closure::new(
            move |phase: String, loaded: f64, total: f64, detail: JsValue| {
                let detail = detail.as_string().unwrap_or_default();
                let next = match phase.as_str() {
                    "download" => Loading::Download { loaded, total },
                    "starting" => Loading::Starting,
                    "ready" => Loading::Ready(detail),
                    "failed" => Loading::Failed(detail),
                    // Stopped: the Worker is gone; the next run loads it again.
                    _ => Loading::Idle,
                };
                loading.set(next);
            },
        );
        python_on_progress(&on_progress);
        // Lives as long as the page: the client calls it on every message.
        on_progress.forget();
        PythonRuntime { loading }
    }

    /// Runs one job; `on_live` gets the events of a real-time run as they
    /// come (JSON arrays, in order). Resolves when the program ends or is
    /// stopped.
    pub async fn run(
        &self,
        job: &ProgramJob,
        mode: Mode,
        on_live: impl FnMut(String) + 'static,
    ) -> ProgramRun {
        if !matches!(self.loading.get_untracked(), Loading::Ready(_)) {
            self.loading.set(Loading::Download {
                loaded: 0.0,
                total: 0.0,
            });
        }
        let on_live: Closure<dyn FnMut(String)> = Closure::new(on_live);
        let run = super::settled(python_run(super::request(job, mode), &on_live)).await;
        drop(on_live);
        run
    }

    /// Stops the running program at once (the Worker is terminated).
    pub fn stop(&self) -> bool {
        python_stop()
    }
}

impl Default for PythonRuntime {
    fn default() -> Self {
        Self::new()
    }
}
