//! 性能对比 — the same URLs fetched one after another (the `requests`
//! version) and all at once (the `httpx` + gather version).
use serde_json::{json, Value};

use crate::engine::Coro;
use crate::scenarios::RunCtx;

/// The simulated `client.get(f"/posts/{i}")`: the server answers
/// `{"id": i}` after `latency_ms`.
fn get_post(ctx: &RunCtx, i: i64) -> Coro {
    let (lp, latency) = (ctx.lp.clone(), ctx.ms("latency_ms"));
    Coro::new(format!("client.get(\"/posts/{i}\")"), async move {
        let url = format!("https://jsonplaceholder.typicode.com/posts/{i}");
        lp.http("GET", &url, latency, 200).await?; // the request travels
        Ok(json!({ "id": i }))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let urls = 1..=ctx.int("urls");
        let start = ctx.lp.now();
        let results = match ctx.variant {
            // sync_fetch_all: for url in urls: requests.get(url).json()
            // Awaited here, so only this loop waits. A real requests.get
            // inside a coroutine would block the whole event loop instead
            // (see the blocking-call scenario).
            "sync" => {
                let mut results = Vec::new();
                for i in urls {
                    results.push(get_post(&ctx, i).await?);
                }
                results
            }
            // async_fetch_all: await asyncio.gather(*[client.get(url) ...])
            _ => {
                let requests = urls.map(|i| get_post(&ctx, i)).collect();
                ctx.lp.gather(requests).await?
            }
        };
        let secs = (ctx.lp.now() - start) / 1000.0;
        let label = match ctx.variant {
            "sync" => ctx.tr("同步耗时:", "sync took"),
            _ => ctx.tr("异步耗时:", "async took"),
        };
        ctx.lp
            .print(format!("{label} {secs:.2}{}", ctx.tr("秒", " s")));
        Ok(Value::Array(results))
    })
}
