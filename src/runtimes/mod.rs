//! The runtimes that can run a program besides the engine, behind the page's
//! one run pipeline: each turns a program into the tracer's events, and
//! [`crate::engine::recorder`] turns those into the same trace the engine
//! produces.
#[cfg(target_arch = "wasm32")]
pub mod python;

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
