//! 示例 1 — every welcome email is sent at once with gather; each send
//! reports True or False, and the count of True is printed.
use serde_json::{json, Value};

use crate::engine::{Coro, Exc};
use crate::lang::Lang;
use crate::scenarios::RunCtx;

/// Whether the simulated mail API answers the `i`-th send (0-based) with an
/// error: the `i`-th output of splitmix64 seeded with `seed`, scaled to
/// [0, 1), is below `failure_rate`. Each send has its own draw, so the same
/// seed gives the same failures whatever order the sends run in.
pub fn api_fails(seed: u64, i: u64, failure_rate: f64) -> bool {
    let mut z = seed.wrapping_add((i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let uniform = (z >> 11) as f64 / (1u64 << 53) as f64;
    uniform < failure_rate
}

/// The simulated `await client.post("https://api.sendgrid.com/v3/mail/send",
/// json=...)`: after `latency_ms`, status 200, or 500 for a failed send.
async fn post_mail(ctx: &RunCtx, i: u64) -> Result<u16, Exc> {
    ctx.lp.sleep(ctx.ms("latency_ms")).await?; // the request travels
    let failed = api_fails(ctx.int("seed") as u64, i, ctx.float("failure_rate"));
    Ok(if failed { 500 } else { 200 })
}

/// `async def send_email(email, subject, body)`: True when the API said 200.
fn send_email(ctx: &RunCtx, i: u64, email: String) -> Coro {
    let ctx = ctx.clone();
    let name = format!(
        "send_email(\"{email}\", \"Welcome!\", \"Hello {}\")",
        email.split('@').next().unwrap_or_default()
    );
    Coro::new(name, async move {
        let status_code = post_mail(&ctx, i).await?;
        Ok(json!(status_code == 200))
    })
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        // send_bulk_emails(users): one send_email(...) per user, then gather
        let users = ctx.int("users") as u64;
        let tasks = (0..users)
            .map(|i| send_email(&ctx, i, format!("user{}@example.com", i + 1)))
            .collect();
        let results = ctx.lp.gather(tasks).await?;

        let success_count = results.iter().filter(|sent| **sent == json!(true)).count();
        ctx.lp.print(match ctx.lang {
            Lang::Zh => format!("成功发送 {success_count}/{users} 封邮件"),
            Lang::En => format!("sent {success_count}/{users} emails"),
        });
        Ok(Value::Array(results))
    })
}
