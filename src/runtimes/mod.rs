//! The runtimes that can run a program besides the engine, behind the page's
//! one run pipeline: each turns a program into the tracer's events, and
//! [`crate::engine::recorder`] turns those into the same trace the engine
//! produces.
#[cfg(target_arch = "wasm32")]
pub mod javascript;
#[cfg(target_arch = "wasm32")]
pub mod python;

/// A job as the runtimes' Workers take it.
#[cfg(target_arch = "wasm32")]
fn request(job: &crate::scenarios::ProgramJob, mode: crate::engine::Mode) -> wasm_bindgen::JsValue {
    let request = serde_json::json!({
        "source": job.source,
        "mode": mode.as_str(),
        "entry": job.entry,
        "setup": job.setup,
        "latency_ms": job.latency_ms,
    });
    js_sys::JSON::parse(&request.to_string()).unwrap_or(wasm_bindgen::JsValue::NULL)
}

/// A Worker's answer (the runtime's JSON text); anything else is the
/// runtime's own failure.
#[cfg(target_arch = "wasm32")]
async fn settled(promise: js_sys::Promise) -> crate::engine::recorder::ProgramRun {
    let json = wasm_bindgen_futures::JsFuture::from(promise).await;
    crate::engine::recorder::ProgramRun::parse(
        &json.ok().and_then(|v| v.as_string()).unwrap_or_default(),
    )
}

/// A runtime that runs a program's text (the engine runs Rust instead).
#[cfg(target_arch = "wasm32")]
#[derive(Clone, Copy)]
pub enum ProgramRuntime {
    Python(python::PythonRuntime),
    Javascript,
}

#[cfg(target_arch = "wasm32")]
impl ProgramRuntime {
    /// Runs one job; `on_live` gets a real-time run's events as they come.
    pub async fn run(
        &self,
        job: &crate::scenarios::ProgramJob,
        mode: crate::engine::Mode,
        on_live: impl FnMut(String) + 'static,
    ) -> crate::engine::recorder::ProgramRun {
        match self {
            ProgramRuntime::Python(python) => python.run(job, mode, on_live).await,
            ProgramRuntime::Javascript => {
                javascript::run(job, mode, javascript::Group::Run, on_live).await
            }
        }
    }

    /// Stops the running program at once.
    pub fn stop(&self) -> bool {
        match self {
            ProgramRuntime::Python(python) => python.stop(),
            ProgramRuntime::Javascript => javascript::stop(javascript::Group::Run),
        }
    }
}

/// The line (1-based) where the coroutine a lane is named after is defined
/// in `program`: `fetch_user(3)` → `async def fetch_user(`; a method lane
/// (`client.get(...)`) by its method name. `None` when it is not defined
/// there (a library's coroutine, a lambda).
pub fn definition_line(program: &str, task_name: &str) -> Option<u32> {
    let callee = task_name.split('(').next()?.trim();
    let function = callee.rsplit('.').next()?;
    if function.is_empty() {
        return None;
    }
    let pattern = format!("def {function}(");
    program
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("async ").unwrap_or(line);
            line.starts_with(&pattern)
        })
        .map(|i| i as u32 + 1)
}

/// Where in `program` a task waits on `on`, for a runtime that knows what a
/// task waits on but not the line (the engine runs Rust, not the listing):
/// within the body of the coroutine the lane is named after, the first line
/// that makes that kind of wait (`sleep(`, `gather(`, `async with`, …), else
/// its first `await`. A heuristic: a body that awaits the same thing twice
/// is shown at the first.
pub fn await_line(program: &str, task_name: &str, on: &str) -> Option<u32> {
    let def = definition_line(program, task_name)? as usize;
    let lines: Vec<&str> = program.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let def_indent = indent(lines.get(def - 1)?);
    let body: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .skip(def)
        .take_while(|(_, l)| l.trim().is_empty() || indent(l) > def_indent)
        .map(|(i, l)| (i + 1, *l))
        .collect();
    let on = on.to_ascii_lowercase();
    let keyword = [
        ("sleep", "sleep("),
        ("wait_for", "wait_for("),
        ("timeout", "wait_for("),
        ("gather", "gather("),
        ("semaphore", "async with"),
        ("lock", "async with"),
        ("event", ".wait("),
        ("queue", ".get("),
        ("wait", "wait("),
        ("task", "await"),
    ]
    .iter()
    .find(|(what, _)| on.contains(what))
    .map(|(_, keyword)| *keyword);
    let code = |l: &str| l.split('#').next().unwrap_or("").to_string();
    keyword
        .and_then(|k| body.iter().find(|(_, l)| code(l).contains(k)))
        .or_else(|| body.iter().find(|(_, l)| code(l).contains("await")))
        .map(|(n, _)| *n as u32)
}
