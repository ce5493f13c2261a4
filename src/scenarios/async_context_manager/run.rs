//! 异步上下文管理器 — `async with` awaits `__aenter__` before the block and
//! `__aexit__` after it, whether the block returns or raises.
use serde_json::Value;

use crate::engine::{Coro, Exc};
use crate::scenarios::RunCtx;

/// `class AsyncDatabaseConnection` with `__aenter__`, `__aexit__` and
/// `query`; each step takes its own parameter's time.
struct AsyncDatabaseConnection {
    ctx: RunCtx,
}

impl AsyncDatabaseConnection {
    /// `async def __aenter__(self)`: connect, then hand out the connection.
    async fn aenter(ctx: &RunCtx) -> Result<Self, Exc> {
        ctx.lp
            .print(ctx.tr("连接数据库...", "connecting to the database..."));
        ctx.lp.sleep(ctx.ms("connect_ms")).await?;
        Ok(AsyncDatabaseConnection { ctx: ctx.clone() })
    }

    /// `async def __aexit__(self, exc_type, exc_val, exc_tb)`: runs on both
    /// paths; returning None (falsy) lets an exception go on.
    async fn aexit(&self, _exc: Option<&Exc>) -> Result<(), Exc> {
        let ctx = &self.ctx;
        ctx.lp
            .print(ctx.tr("关闭数据库连接...", "closing the database connection..."));
        ctx.lp.sleep(ctx.ms("close_ms")).await
    }

    /// `async def query(self, sql)`.
    async fn query(&self, sql: &str) -> Result<Value, Exc> {
        let ctx = &self.ctx;
        let running = ctx.tr("执行查询", "running query");
        ctx.lp.print(format!("{running}: {sql}"));
        ctx.lp.sleep(ctx.ms("query_ms")).await?;
        Ok(Value::from(ctx.tr("结果", "result")))
    }
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        // async with AsyncDatabaseConnection() as db:
        let db = AsyncDatabaseConnection::aenter(&ctx).await?;
        let body = async {
            let result = db.query("SELECT * FROM users").await?;
            if ctx.variant == "error-inside" {
                // raise ValueError(...) inside the block
                let message = ctx.tr("处理结果时出错", "failed to process the result");
                return Err(Exc::new("ValueError", message));
            }
            ctx.lp.print(result.as_str().unwrap_or_default());
            Ok(result)
        }
        .await;
        // Leaving the block, by return or by raise, awaits __aexit__ first.
        db.aexit(body.as_ref().err()).await?;
        body
    })
}
