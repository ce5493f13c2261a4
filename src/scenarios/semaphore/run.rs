//! 示例 4 限流并发 — every request is started by gather at once, but
//! `async with semaphore` lets only `max_concurrent` in at a time; the
//! others wait their turn (shown as `queued`), first come first served.
use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop, Semaphore};
use crate::scenarios::RunCtx;

/// `async def fetch_with_limit(i)`: one request, inside the semaphore.
fn fetch_with_limit(lp: &EventLoop, semaphore: &Semaphore, i: i64, latency: f64) -> Coro {
    let (lp, semaphore) = (lp.clone(), semaphore.clone());
    Coro::new(format!("fetch_with_limit({i})"), async move {
        let _permit = semaphore.acquire().await?; // async with semaphore:  # 限制并发数
        let url = format!("https://api.example.com/item/{i}");
        lp.http("GET", &url, latency, 200).await?; // response = await client.get(urls[i])
        Ok(json!(i))
    }) // the permit is released when the block ends
}

/// `async def rate_limited_fetch(urls, max_concurrent)`.
pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    let limit = ctx.int("max_concurrent");
    Coro::new(
        format!("rate_limited_fetch(urls, max_concurrent={limit})"),
        async move {
            let lp = &ctx.lp;
            let semaphore = Semaphore::new(lp, limit as usize);
            let latency = ctx.ms("latency_ms");
            let tasks = (0..ctx.int("urls"))
                .map(|i| fetch_with_limit(lp, &semaphore, i, latency))
                .collect();
            let results = lp.gather(tasks).await?; // in argument order
            let done = ctx.tr("完成的请求数:", "requests done:");
            lp.print(format!("{done} {}", results.len()));
            Ok(Value::Array(results))
        },
    )
}
