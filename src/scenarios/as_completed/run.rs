//! 并发执行 4 — `asyncio.as_completed`: every task runs at once, and each
//! result is handled as soon as it is ready, fastest first.
use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop};
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
        let tasks = ctx
            .list("durations_ms")
            .into_iter()
            .enumerate()
            .map(|(i, ms)| task(lp, i + 1, ms))
            .collect();

        // 按完成顺序处理: for coro in asyncio.as_completed(tasks)
        let mut completed = lp.as_completed(tasks);
        let mut results = Vec::new();
        while let Some(outcome) = completed.next().await {
            let result = outcome?; // result = await coro
            let text = result.as_str().unwrap_or_default();
            lp.print(format!("{} {text}", ctx.tr("完成:", "done:")));
            results.push(result);
        }
        Ok(Value::Array(results))
    })
}
