use serde_json::Value;

use crate::engine::Coro;
use crate::scenarios::RunCtx;

pub fn main(_ctx: &RunCtx) -> Coro {
    Coro::new("main()", async move { Ok(Value::Null) })
}
