//! 在 FastAPI 中使用; 何时使用异步: 高并发场景 — `requests` requests reach
//! the server at once; how the route is written decides whether they are
//! answered together or one after another.
use serde_json::{json, Value};

use crate::engine::{Coro, Semaphore};
use crate::scenarios::RunCtx;

/// One request, from arrival to response: uvicorn runs each in a task of
/// its own and logs the response.
fn request(ctx: &RunCtx, threads: &Semaphore, user_id: i64) -> Coro {
    let (lp, db_ms, variant) = (ctx.lp.clone(), ctx.ms("db_ms"), ctx.variant);
    let threads = threads.clone();
    Coro::new(format!("GET /users/{user_id}"), async move {
        match variant {
            // async def get_user(...): user = await get_user_by_id(db, user_id)
            "async-route" => lp.sleep(db_ms).await?,
            // async def get_user(...): user = blocking_db.get_user(user_id)
            "blocking-route" => lp.block(db_ms),
            // def get_user(...): FastAPI runs it in a thread of its pool; the
            // thread blocks in the driver, the loop stays free.
            _ => {
                let _thread = threads.acquire().await?;
                lp.sleep(db_ms).await?;
            }
        }
        lp.print(format!("\"GET /users/{user_id} HTTP/1.1\" 200"));
        Ok(json!(user_id))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let threads = Semaphore::new(&ctx.lp, ctx.int("threads") as usize);
        let requests = (1..=ctx.int("requests"))
            .map(|user_id| request(&ctx, &threads, user_id))
            .collect();
        let answered = ctx.lp.gather(requests).await?;
        Ok(Value::Array(answered))
    })
}
