//! 异步生成器 — `async for` pulls one value at a time; each pull may await.
//! A Rust async generator here is a struct whose `next()` is an async fn:
//! `while let Some(x) = gen.next().await? { ... }` is `async for x in gen:`.
use std::collections::VecDeque;

use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop, Exc};
use crate::scenarios::RunCtx;

/// `async def async_range(start, stop)`: sleeps `step` before each yield.
struct AsyncRange {
    lp: EventLoop,
    next: i64,
    stop: i64,
    step: f64,
}

impl AsyncRange {
    /// `__anext__`: the next number, or None (`StopAsyncIteration`).
    async fn next(&mut self) -> Result<Option<i64>, Exc> {
        if self.next >= self.stop {
            return Ok(None);
        }
        self.lp.sleep(self.step).await?; // await asyncio.sleep(0.1)
        self.next += 1;
        Ok(Some(self.next - 1)) // yield i
    }
}

/// The simulated database: `total` users, each page query takes `ms`.
struct Db {
    lp: EventLoop,
    total: i64,
    ms: f64,
    queries: i64,
}

impl Db {
    /// `await db.execute(select(User).offset(offset).limit(limit))`.
    async fn execute(&mut self, offset: i64, limit: i64) -> Result<Vec<Value>, Exc> {
        self.queries += 1;
        self.lp.sleep(self.ms).await?;
        let users = (offset..(offset + limit).min(self.total))
            .map(|i| json!({ "username": format!("user_{}", i + 1) }));
        Ok(users.collect())
    }
}

/// `async def fetch_users_paginated(db, page_size)`: queries one page,
/// yields its users one by one, and stops at the first empty page.
struct UsersPaginated {
    db: Db,
    page_size: i64,
    offset: i64,
    page: VecDeque<Value>,
    finished: bool,
}

impl UsersPaginated {
    async fn next(&mut self) -> Result<Option<Value>, Exc> {
        while self.page.is_empty() && !self.finished {
            let users = self.db.execute(self.offset, self.page_size).await?;
            // if not users: break
            self.finished = users.is_empty();
            self.page.extend(users);
            self.offset += self.page_size;
        }
        Ok(self.page.pop_front()) // for user in users: yield user
    }
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let lp = ctx.lp.clone();
        if ctx.variant == "async-range" {
            // async for number in async_range(0, count): print(number)
            let mut numbers = AsyncRange {
                lp: lp.clone(),
                next: 0,
                stop: ctx.int("count"),
                step: ctx.ms("step_ms"),
            };
            while let Some(number) = numbers.next().await? {
                lp.print(number.to_string());
            }
            return Ok(Value::Null);
        }
        // async for user in fetch_users_paginated(db, page_size): ...
        let db = Db {
            lp: lp.clone(),
            total: ctx.int("total_users"),
            ms: ctx.ms("page_ms"),
            queries: 0,
        };
        let mut users = UsersPaginated {
            db,
            page_size: ctx.int("page_size"),
            offset: 0,
            page: VecDeque::new(),
            finished: false,
        };
        let mut processed = 0;
        while let Some(user) = users.next().await? {
            let label = ctx.tr("处理用户", "processing user");
            lp.print(format!(
                "{label}: {}",
                user["username"].as_str().unwrap_or("?")
            ));
            processed += 1;
        }
        let queries = users.db.queries;
        lp.print(format!(
            "{}: {processed}, {}: {queries}",
            ctx.tr("处理用户数", "users processed"),
            ctx.tr("查询次数", "queries")
        ));
        Ok(json!({ "processed": processed, "queries": queries }))
    })
}
