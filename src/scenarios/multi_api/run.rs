//! 示例 2 — three different APIs describe one user; gather asks all three
//! at once, so the answer takes as long as the slowest API.
use serde_json::{json, Value};

use crate::engine::{Coro, Exc};
use crate::scenarios::RunCtx;

/// The simulated `client.get(url)`: the API at `url` answers `body`
/// (what `response.json()` gives) after the parameter `ms_key` milliseconds.
fn get(ctx: &RunCtx, url: String, ms_key: &str, body: Value) -> Coro {
    let (lp, latency) = (ctx.lp.clone(), ctx.ms(ms_key));
    Coro::new(format!("client.get(\"{url}\")"), async move {
        lp.http("GET", &url, latency, 200).await?; // the request travels
        Ok(body)
    })
}

/// `async def fetch_user_data(user_id)`.
async fn fetch_user_data(ctx: &RunCtx, user_id: i64) -> Result<Value, Exc> {
    // profile, posts, followers = await asyncio.gather(client.get(...), ...)
    let calls = vec![
        get(
            ctx,
            format!("https://api1.com/users/{user_id}"),
            "profile_ms",
            json!({ "id": user_id, "name": "Alice" }),
        ),
        get(
            ctx,
            format!("https://api2.com/users/{user_id}/posts"),
            "posts_ms",
            json!([{ "id": 7, "title": "Why asyncio" }]),
        ),
        get(
            ctx,
            format!("https://api3.com/users/{user_id}/followers"),
            "followers_ms",
            json!([2, 3, 5]),
        ),
    ];
    let responses = ctx.lp.gather(calls).await?;
    Ok(json!({
        "profile": responses[0],
        "posts": responses[1],
        "followers": responses[2],
    }))
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move { fetch_user_data(&ctx, 1).await })
}
