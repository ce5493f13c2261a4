//! 何时使用异步: CPU 密集型操作 — computing inside a coroutine holds the
//! loop like a blocking call; a process pool computes elsewhere while the
//! loop stays free. In real time the work is real: the page's own thread
//! computes for `in-loop`, Web Workers (the browser's processes) for
//! `process-pool`.
use std::rc::Rc;

use serde_json::{json, Value};

use crate::engine::{Coro, ProcessPool};
use crate::scenarios::RunCtx;

/// `async def heartbeat()`: four beats a quarter of the work apart, as long
/// as the loop is free to run it.
fn heartbeat(ctx: &RunCtx) -> Coro {
    let (lp, every) = (ctx.lp.clone(), ctx.ms("work_ms") / 4.0);
    let beat = ctx.tr("♥ 心跳", "♥ heartbeat");
    Coro::new("heartbeat()", async move {
        for n in 0..4 {
            if n > 0 {
                lp.sleep(every).await?;
            }
            lp.print(beat.clone());
        }
        Ok(Value::Null)
    })
}

/// `async def analyse(job)`: `crunch(job)` computes for `work_ms`, in the
/// loop's own thread or, given a pool, in one of its workers.
fn analyse(ctx: &RunCtx, pool: Option<Rc<ProcessPool>>, job: i64) -> Coro {
    let (lp, work) = (ctx.lp.clone(), ctx.ms("work_ms"));
    Coro::new(format!("analyse({job})"), async move {
        match pool {
            // return await loop.run_in_executor(pool, crunch, job)
            Some(pool) => {
                pool.run(&format!("crunch({job}) in a worker"), work)
                    .await?
            }
            // return crunch(job): the loop computes, nobody else runs
            None => lp.block(work),
        }
        Ok(json!(format!("job {job} done")))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let beat = ctx.lp.create_task(heartbeat(&ctx));
        // with ProcessPoolExecutor(max_workers=workers) as pool:
        let pool = (ctx.variant == "process-pool")
            .then(|| Rc::new(ProcessPool::new(&ctx.lp, ctx.int("workers") as usize)));
        let jobs = (1..=ctx.int("jobs"))
            .map(|job| analyse(&ctx, pool.clone(), job))
            .collect();
        let results = ctx.lp.gather(jobs).await?;
        beat.cancel();
        Ok(Value::Array(results))
    })
}
