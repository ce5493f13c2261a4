//! 最佳实践 2 — a dashboard needs three queries that do not depend on each
//! other: awaited in turn they add up, gathered they overlap.
use serde_json::{json, Value};

use crate::engine::Coro;
use crate::scenarios::RunCtx;

/// `async def get_user(db, user_id)`.
fn get_user(ctx: &RunCtx, user_id: i64) -> Coro {
    let user = json!({ "id": user_id, "username": "alice" });
    query(ctx, format!("get_user(db, {user_id})"), "user_ms", user)
}

/// `async def get_user_posts(db, user_id)`.
fn get_user_posts(ctx: &RunCtx, user_id: i64) -> Coro {
    let posts = json!([{ "id": 101, "title": "Hello asyncio" }]);
    query(
        ctx,
        format!("get_user_posts(db, {user_id})"),
        "posts_ms",
        posts,
    )
}

/// `async def get_user_comments(db, user_id)`.
fn get_user_comments(ctx: &RunCtx, user_id: i64) -> Coro {
    let comments = json!([{ "id": 201, "text": "Nice!" }]);
    query(
        ctx,
        format!("get_user_comments(db, {user_id})"),
        "comments_ms",
        comments,
    )
}

/// The simulated `await db.execute(select(...))`: the database answers
/// `rows` after the parameter `ms_key` milliseconds.
fn query(ctx: &RunCtx, name: String, ms_key: &str, rows: Value) -> Coro {
    let (lp, ms) = (ctx.lp.clone(), ctx.ms(ms_key));
    Coro::new(name, async move {
        lp.sleep(ms).await?; // result = await db.execute(select(...))
        Ok(rows)
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let user_id = 1;
        let results = match ctx.variant {
            // user = await get_user(db, 1); posts = await ...; comments = await ...
            "sequential" => vec![
                get_user(&ctx, user_id).await?,
                get_user_posts(&ctx, user_id).await?,
                get_user_comments(&ctx, user_id).await?,
            ],
            // user, posts, comments = await asyncio.gather(get_user(db, 1), ...)
            _ => {
                let queries = vec![
                    get_user(&ctx, user_id),
                    get_user_posts(&ctx, user_id),
                    get_user_comments(&ctx, user_id),
                ];
                ctx.lp.gather(queries).await?
            }
        };
        Ok(json!({
            "user": results[0],
            "posts": results[1],
            "comments": results[2],
        }))
    })
}
