//! 最佳实践 3 — `asyncio.wait_for(op, timeout)`: past the timeout the
//! operation is cancelled, and once it has ended TimeoutError is raised.
use serde_json::{json, Value};

use crate::engine::Coro;
use crate::scenarios::RunCtx;

/// `async def slow_operation()`: takes `operation_ms`.
fn slow_operation(ctx: &RunCtx) -> Coro {
    let (lp, duration) = (ctx.lp.clone(), ctx.ms("operation_ms"));
    let finished = ctx.tr("操作完成", "operation finished");
    Coro::new("slow_operation()", async move {
        lp.sleep(duration).await?; // cancelled here on timeout
        Ok(json!(finished))
    })
}

/// `async def fetch_with_timeout()`.
pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("fetch_with_timeout()", async move {
        let timeout = ctx.ms("timeout_ms");
        match ctx.lp.wait_for(slow_operation(&ctx), timeout).await {
            Ok(result) => Ok(result),
            // except asyncio.TimeoutError:
            Err(e) if e.is_timeout() => {
                ctx.lp.print(ctx.tr("操作超时", "operation timed out"));
                Ok(Value::Null)
            }
            Err(e) => Err(e),
        }
    })
}
