//! 并发执行 1 — `asyncio.gather`: results in argument order. A failure is
//! raised at once, yet the other tasks are NOT cancelled; with
//! `return_exceptions=True` the error takes its place in the list instead.
use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop, Exc, ReturnWhen, TaskHandle};
use crate::scenarios::listing::seconds;
use crate::scenarios::RunCtx;

/// `async def task(n, seconds)`: sleeps, then returns "Task n done".
fn task(lp: &EventLoop, n: usize, ms: i64) -> Coro {
    let lp = lp.clone();
    Coro::new(format!("task({n}, {})", seconds(ms)), async move {
        lp.sleep(ms as f64).await?; // await asyncio.sleep(seconds)
        Ok(json!(format!("Task {n} done")))
    })
}

/// `async def failing_task(seconds)`: sleeps, then raises ValueError.
fn failing_task(ctx: &RunCtx) -> Coro {
    let (lp, ms) = (ctx.lp.clone(), ctx.int("fail_ms"));
    let message = ctx.tr("任务失败", "task failed");
    Coro::new(format!("failing_task({})", seconds(ms)), async move {
        lp.sleep(ms as f64).await?;
        Err(Exc::new("ValueError", message)) // raise ValueError("任务失败")
    })
}

/// A value as Python's `print(list)` shows it: `'Task 1 done'`.
fn repr(value: &Value) -> String {
    match value {
        Value::String(text) => format!("'{text}'"),
        other => other.to_string(),
    }
}

/// An exception as Python's `print(list)` shows it: `ValueError('任务失败')`.
fn exc_repr(exc: &Exc) -> String {
    format!("{}('{}')", exc.kind, exc.message)
}

/// `print(results)`.
fn print_list(ctx: &RunCtx, items: impl Iterator<Item = String>) {
    ctx.lp
        .print(format!("[{}]", items.collect::<Vec<_>>().join(", ")));
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let lp = &ctx.lp;
        let durations = ctx.list("durations_ms");
        // task(1, 1), task(2, 2), task(3, 1.5): fresh coroutine objects
        let tasks = || {
            durations
                .iter()
                .enumerate()
                .map(move |(i, &ms)| task(lp, i + 1, ms))
        };
        match ctx.variant {
            // results = await asyncio.gather(task(1, 1), task(2, 2), ...)
            "all-succeed" => {
                let results = lp.gather(tasks().collect()).await?;
                print_list(&ctx, results.iter().map(repr));
                Ok(Value::Array(results))
            }
            // The tasks are created first, so main can still wait for them
            // once gather has raised.
            "one-fails" => {
                let mut all: Vec<TaskHandle> = tasks().map(|c| lp.create_task(c)).collect();
                all.push(lp.create_task(failing_task(&ctx)));
                match lp.gather_tasks(all.clone()).await {
                    Ok(results) => Ok(Value::Array(results)),
                    // except ValueError as e:
                    Err(e) if e.kind == "ValueError" => {
                        lp.print(format!("{} {e}", ctx.tr("gather 抛出了", "gather raised")));
                        // Nothing was cancelled: wait for the others to end.
                        lp.wait(&all, ReturnWhen::AllCompleted).await?;
                        Ok(Value::Null)
                    }
                    Err(e) => Err(e),
                }
            }
            // gather(..., return_exceptions=True): every outcome, in order.
            _ => {
                let mut calls: Vec<Coro> = tasks().collect();
                calls.push(failing_task(&ctx));
                let outcomes = lp.gather_return_exceptions(calls).await?;
                print_list(
                    &ctx,
                    outcomes.iter().map(|outcome| match outcome {
                        Ok(value) => repr(value),
                        Err(exc) => exc_repr(exc),
                    }),
                );
                // The result keeps the exception in place, as its repr.
                let results = outcomes.into_iter().map(|outcome| match outcome {
                    Ok(value) => value,
                    Err(exc) => json!(exc_repr(&exc)),
                });
                Ok(Value::Array(results.collect()))
            }
        }
    })
}
