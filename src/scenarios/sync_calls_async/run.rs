//! 陷阱 3 在同步函数中调用异步函数 — `await` only exists inside `async
//! def`; a plain function may start a loop of its own with `asyncio.run`,
//! but not from inside a loop that is already running.
use serde_json::json;

use crate::engine::{Coro, Exc};
use crate::scenarios::RunCtx;

/// `async def async_function()`: one second of waiting, then its result.
/// `watched`: dropped without being awaited, it warns as CPython does.
fn async_function(ctx: &RunCtx) -> Coro {
    let lp = ctx.lp.clone();
    let result = ctx.tr("结果", "result");
    Coro::watched(&ctx.lp, "async_function()", async move {
        lp.sleep(1000.0).await?; // await asyncio.sleep(1)
        Ok(json!(result))
    })
}

/// The listing's line where `await-in-sync` writes its `await`.
pub const AWAIT_LINE: usize = 18;

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    match ctx.variant {
        // def sync_function(): result = await async_function()
        // CPython refuses the whole file before running any of it, and
        // names the line of the await.
        "await-in-sync" => Coro::new("<module>", async {
            Err(Exc::new(
                "SyntaxError",
                format!("'await' outside async function (line {AWAIT_LINE})"),
            ))
        }),
        // print(sync_function()): asyncio.run(async_function()) starts a
        // loop, runs the coroutine to its end and gives back its value.
        "run-in-sync" => {
            let lp = ctx.lp.clone();
            let coro = async_function(&ctx);
            Coro::new("async_function()", async move {
                let result = coro.await?;
                lp.print(result.as_str().unwrap_or_default()); // print(...)
                Ok(result)
            })
        }
        // asyncio.run(main()), main calling sync_function(): the
        // coroutine object is made, then asyncio.run refuses to start a
        // second loop; nobody ever awaits the coroutine.
        _ => Coro::new("main()", async move {
            let _never_awaited = async_function(&ctx);
            Err(Exc::new(
                "RuntimeError",
                "asyncio.run() cannot be called from a running event loop",
            ))
        }),
    }
}
