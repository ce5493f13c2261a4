//! asyncio 核心概念 — a Task runs a coroutine alongside the others; awaiting
//! a coroutine directly runs it to its end before the next line.
use serde_json::Value;

use crate::engine::Coro;
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
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        match ctx.variant {
            // Two tasks: both are scheduled now and start as soon as main
            // waits, so their sleeps overlap.
            "create-task" => {
                let task1 = ctx.lp.create_task(say_hello(&ctx));
                let task2 = ctx.lp.create_task(say_hello(&ctx));
                task1.join().await?; // await task1
                task2.join().await?; // await task2
            }
            // Two coroutines awaited in turn: each runs inside main, and the
            // second does not start until the first has finished.
            _ => {
                say_hello(&ctx).await?; // await say_hello()
                say_hello(&ctx).await?; // await say_hello()
            }
        }
        Ok(Value::Null)
    })
}
