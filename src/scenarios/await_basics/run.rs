//! async/await 语法; 陷阱 2 — `await` runs a coroutine; calling the function
//! without `await` only builds a coroutine object, and its body never runs.
use serde_json::json;

use crate::engine::{Coro, Outcome};
use crate::scenarios::RunCtx;

/// `async def async_function()`: says that its body runs, returns "Hello".
/// `watched`: dropped without being awaited, it warns as CPython does.
fn async_function(ctx: &RunCtx) -> Coro {
    let lp = ctx.lp.clone();
    let running = ctx.tr("async_function 开始执行", "async_function is running");
    Coro::watched(&ctx.lp, "async_function()", async move {
        lp.print(running);
        Ok(json!("Hello"))
    })
}

/// `repr()` of a coroutine object, as `print(result)` shows it (CPython
/// prints its memory address, which changes from run to run).
fn coroutine_repr(coro: &Coro) -> String {
    let function = coro.name.trim_end_matches("()");
    format!("<coroutine object {function} at 0x…>")
}

/// `async def good()`: `await` runs the coroutine and gives its result.
async fn good(ctx: &RunCtx) -> Outcome {
    let result = async_function(ctx).await?;
    ctx.lp.print(result.as_str().unwrap_or_default()); // print(result)
    Ok(result)
}

/// `async def bad()`: calling without `await` only creates the object.
async fn bad(ctx: &RunCtx) -> Outcome {
    let result = async_function(ctx); // 得到的是 coroutine 对象，不是结果
    let shown = coroutine_repr(&result);
    ctx.lp.print(shown.clone()); // print(result)
    Ok(json!(shown))
    // `result` is dropped here without ever being awaited: RuntimeWarning.
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        match ctx.variant {
            "awaited" => good(&ctx).await, // return await good()
            _ => bad(&ctx).await,          // return await bad()
        }
    })
}
