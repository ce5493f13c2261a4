//! asyncio.sleep(); 陷阱 1 — `time.sleep` inside a coroutine blocks the
//! whole event loop; `await asyncio.sleep` hands it back while waiting.
use serde_json::{json, Value};

use crate::engine::Coro;
use crate::scenarios::RunCtx;

/// `async def heartbeat()`: four beats a quarter of the duration apart, as
/// long as the loop is free to run it. (The last beat comes before the calls
/// end, so no beat ties with the end of the run.)
fn heartbeat(ctx: &RunCtx) -> Coro {
    let (lp, every) = (ctx.lp.clone(), ctx.ms("duration_ms") / 4.0);
    let beat = ctx.tr("♥ 心跳", "♥ heartbeat");
    Coro::new("heartbeat()", async move {
        for n in 0..4 {
            if n > 0 {
                lp.sleep(every).await?;
            }
            lp.print(beat.clone());
        }
        Ok(Value::Null)
    })
}

/// `async def bad_function()`: `time.sleep` busy-waits and holds the loop.
fn bad_function(ctx: &RunCtx) -> Coro {
    let (lp, duration) = (ctx.lp.clone(), ctx.ms("duration_ms"));
    Coro::new("bad_function()", async move {
        lp.block(duration); // time.sleep(1): 阻塞整个事件循环！
        Ok(json!("done"))
    })
}

/// `async def good_function()`: `asyncio.sleep` lets the others run.
fn good_function(ctx: &RunCtx) -> Coro {
    let (lp, duration) = (ctx.lp.clone(), ctx.ms("duration_ms"));
    Coro::new("good_function()", async move {
        lp.sleep(duration).await?; // await asyncio.sleep(1): 非阻塞
        Ok(json!("done"))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let beat = ctx.lp.create_task(heartbeat(&ctx));
        let calls = (0..ctx.int("tasks"))
            .map(|_| match ctx.variant {
                "time-sleep" => bad_function(&ctx),
                _ => good_function(&ctx),
            })
            .collect();
        let results = ctx.lp.gather(calls).await?;
        beat.cancel();
        Ok(Value::Array(results))
    })
}
