//! 陷阱 4 — `temp = counter; await ...; counter = temp + 1`: another task
//! runs at the await and its update is overwritten. `async with lock` keeps
//! the whole read-modify-write to one task at a time.
use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Value};

use crate::engine::{Coro, Lock};
use crate::scenarios::RunCtx;

/// `async def increment()` without a lock.
fn increment(ctx: &RunCtx, counter: &Rc<Cell<i64>>) -> Coro {
    let (lp, delay, counter) = (ctx.lp.clone(), ctx.ms("delay_ms"), counter.clone());
    Coro::new("increment()", async move {
        let temp = counter.get(); // temp = counter
        lp.sleep(delay).await?; // await asyncio.sleep(0.01)  # 模拟延迟
        counter.set(temp + 1); // counter = temp + 1
        Ok(Value::Null)
    })
}

/// `async def safe_increment()`: the same, inside `async with lock`.
fn safe_increment(ctx: &RunCtx, counter: &Rc<Cell<i64>>, lock: &Lock) -> Coro {
    let (lp, delay) = (ctx.lp.clone(), ctx.ms("delay_ms"));
    let (counter, lock) = (counter.clone(), lock.clone());
    Coro::new("safe_increment()", async move {
        let _guard = lock.acquire().await?; // async with lock:
        let temp = counter.get();
        lp.sleep(delay).await?;
        counter.set(temp + 1);
        Ok(Value::Null)
    }) // the lock is released when the block ends
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let counter = Rc::new(Cell::new(0)); // counter = 0
        let lock = Lock::new(&ctx.lp); // lock = asyncio.Lock()
        let calls = (0..ctx.int("tasks"))
            .map(|_| match ctx.variant {
                "no-lock" => increment(&ctx, &counter),
                _ => safe_increment(&ctx, &counter, &lock),
            })
            .collect();
        ctx.lp.gather(calls).await?;
        ctx.lp.print(format!("counter = {}", counter.get()));
        Ok(json!(counter.get()))
    })
}
