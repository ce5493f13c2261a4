//! 并发执行 3 — `asyncio.wait(tasks, return_when=FIRST_COMPLETED)` returns
//! (done, pending) as soon as one task is done. Nothing is cancelled for
//! you: main cancels the pending tasks itself.
use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop, ReturnWhen, TaskHandle};
use crate::scenarios::listing::seconds;
use crate::scenarios::RunCtx;

/// `async def task(n, seconds)`: sleeps, then returns "Task n done".
fn task(lp: &EventLoop, n: usize, ms: i64) -> Coro {
    let lp = lp.clone();
    Coro::new(format!("task({n}, {})", seconds(ms)), async move {
        lp.sleep(ms as f64).await?; // await asyncio.sleep(seconds)
        Ok(json!(format!("Task {n} done")))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let lp = &ctx.lp;
        let tasks: Vec<TaskHandle> = ctx
            .list("durations_ms")
            .into_iter()
            .enumerate()
            .map(|(i, ms)| lp.create_task(task(lp, i + 1, ms)))
            .collect();

        // 等待第一个完成
        let (done, pending) = lp.wait(&tasks, ReturnWhen::FirstCompleted).await?;

        // 取消剩余任务
        for task in &pending {
            task.cancel();
        }

        let mut results = Vec::new();
        for task in &done {
            let result = task.result().unwrap_or(Ok(Value::Null))?; // task.result()
            let text = result.as_str().unwrap_or_default();
            lp.print(format!("{} {text}", ctx.tr("完成:", "done:")));
            results.push(result);
        }
        let cancelled = ctx.tr("取消未完成的任务:", "cancelled pending tasks:");
        lp.print(format!("{cancelled} {}", pending.len()));
        Ok(Value::Array(results))
    })
}
