//! Event Loop（事件循环）— 方式 1 runs `say_hello()` with `asyncio.run`;
//! 方式 2 asks for the current loop first, which CPython 3.14 no longer
//! makes up: RuntimeError before anything runs; `asyncio.Runner` keeps one
//! loop for several runs and behaves like 方式 1 here.
use serde_json::Value;

use crate::engine::{Coro, Exc};
use crate::scenarios::RunCtx;

/// `async def say_hello()`.
fn say_hello(ctx: &RunCtx) -> Coro {
    let (lp, delay) = (ctx.lp.clone(), ctx.ms("delay_ms"));
    Coro::new("say_hello()", async move {
        lp.print("Hello");
        lp.sleep(delay).await?; // await asyncio.sleep(1)
        lp.print("World");
        Ok(Value::Null)
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    match ctx.variant {
        // loop = asyncio.get_event_loop(): no loop was set in this thread.
        "get-event-loop" => Coro::new("way_2()", async {
            Err(Exc::new(
                "RuntimeError",
                "There is no current event loop in thread 'MainThread'.",
            ))
        }),
        // asyncio.run(say_hello()) / runner.run(say_hello())
        _ => say_hello(ctx),
    }
}
