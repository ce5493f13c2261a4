//! 并发执行 2 — `asyncio.create_task` runs a loop in the background while
//! main does other things; `task.cancel()` raises CancelledError inside it.
use serde_json::Value;

use crate::engine::Coro;
use crate::scenarios::RunCtx;

/// `async def background_task()`: `while True`, one tick per interval.
fn background_task(ctx: &RunCtx) -> Coro {
    let (lp, interval) = (ctx.lp.clone(), ctx.ms("interval_ms"));
    let tick = ctx.tr("后台任务运行中...", "background task running...");
    Coro::new("background_task()", async move {
        loop {
            lp.print(tick.clone());
            lp.sleep(interval).await?; // CancelledError is raised here
        }
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        // 创建后台任务（不等待）
        let task = ctx.lp.create_task(background_task(&ctx));
        // 做其他事情
        ctx.lp.sleep(ctx.ms("run_ms")).await?;
        // 取消后台任务, then wait until it has really ended
        task.cancel();
        match task.join().await {
            Err(e) if e.is_cancelled() => {
                let cancelled = ctx.tr("后台任务已取消", "background task cancelled");
                ctx.lp.print(format!("{e}: {cancelled}"));
            }
            other => {
                other?;
            }
        }
        Ok(Value::Null)
    })
}
