//! The standard load of the benches (native and in the browser), defined
//! once so both measure the same thing.
use serde_json::Value;

use super::event_loop::{Coro, EventLoop};

/// `main()` gathering `n` tasks that each sleep four times (1–7 ms): the
/// load behind "virtual scheduler events per second".
pub fn sleepers(lp: &EventLoop, n: usize) -> Coro {
    let outer = lp.clone();
    Coro::new("main()", async move {
        let coros = (0..n)
            .map(|i| {
                let lp = outer.clone();
                Coro::new("sleeper", async move {
                    for _ in 0..4 {
                        lp.sleep(((i % 7) + 1) as f64).await?;
                    }
                    Ok(Value::Null)
                })
            })
            .collect();
        outer.gather(coros).await?;
        Ok(Value::Null)
    })
}
