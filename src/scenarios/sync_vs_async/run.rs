//! 同步 vs 异步 — the same three requests, one after another, then at once.
use serde_json::{json, Value};

use crate::engine::Coro;
use crate::scenarios::RunCtx;

/// `async def fetch_user(user_id)`: one request taking `latency_ms`.
fn fetch_user(ctx: &RunCtx, user_id: i64) -> Coro {
    let (lp, latency) = (ctx.lp.clone(), ctx.ms("latency_ms"));
    Coro::new(format!("fetch_user({user_id})"), async move {
        lp.sleep(latency).await?; // await client.get(...)
        Ok(json!(user_id))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let users = 1..=ctx.int("users");
        let results = match ctx.variant {
            // user1 = await fetch_user(1); user2 = await fetch_user(2); ...
            "serial" => {
                let mut results = Vec::new();
                for user_id in users {
                    results.push(fetch_user(&ctx, user_id).await?);
                }
                results
            }
            // await asyncio.gather(fetch_user(1), fetch_user(2), ...)
            _ => {
                let calls = users.map(|user_id| fetch_user(&ctx, user_id)).collect();
                ctx.lp.gather(calls).await?
            }
        };
        ctx.lp.print(format!(
            "{} {} ms",
            ctx.tr("总耗时:", "total:"),
            ctx.lp.now()
        ));
        Ok(Value::Array(results))
    })
}
