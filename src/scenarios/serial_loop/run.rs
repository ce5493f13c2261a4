//! 陷阱 5 — `await` inside a `for` loop waits for each call before starting
//! the next; gather starts them all, then waits once.
use serde_json::{json, Value};

use crate::engine::Coro;
use crate::format::fmt_ms;
use crate::scenarios::RunCtx;

/// `async def fetch_data(i)`: one request taking `latency_ms`.
fn fetch_data(ctx: &RunCtx, i: i64) -> Coro {
    let (lp, latency) = (ctx.lp.clone(), ctx.ms("latency_ms"));
    Coro::new(format!("fetch_data({i})"), async move {
        lp.sleep(latency).await?; // await client.get(f"/data/{i}")
        Ok(json!(format!("data {i}")))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let items = 0..ctx.int("items");
        let results = match ctx.variant {
            // ❌ slow: each await finishes before the loop goes on
            "for-await" => {
                let mut results = Vec::new();
                for i in items {
                    results.push(fetch_data(&ctx, i).await?);
                }
                results
            }
            // ✅ fast: build every call first, then run them together
            _ => {
                let tasks = items.map(|i| fetch_data(&ctx, i)).collect();
                ctx.lp.gather(tasks).await?
            }
        };
        let total = fmt_ms(ctx.lp.now());
        ctx.lp
            .print(format!("{} {total} ms", ctx.tr("总耗时:", "total:")));
        Ok(Value::Array(results))
    })
}
