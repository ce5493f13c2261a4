//! The real runtime: the loop driven by the browser's own event loop. The
//! driver is one `wasm-bindgen-futures` task; it sleeps on a single gloo
//! timer for the earliest deadline (not one browser timer per task), and
//! yields to the browser every few milliseconds of work so rendering and
//! input never starve.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use gloo_timers::future::TimeoutFuture;

use super::event_loop::EventLoop;

thread_local! {
    /// Looked up once: a clock read is then one JS call, not three (the
    /// engine reads the clock several times per task).
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

/// `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| {
        p.as_ref()
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    })
}

/// A loop on the page's clock.
pub fn real_loop() -> EventLoop {
    EventLoop::new_real(now_ms)
}

/// Longest stretch of loop work before the driver lets the browser paint.
const SLICE_MS: f64 = 8.0;

/// Runs a real-clock loop until it completes, deadlocks or is stopped.
pub async fn run_real(lp: EventLoop) {
    loop {
        let slice_start = now_ms();
        while lp.has_ready() && !lp.is_complete() {
            lp.run_once();
            if now_ms() - slice_start > SLICE_MS {
                break;
            }
        }
        if lp.is_complete() || lp.is_deadlocked() {
            return;
        }
        if lp.has_ready() {
            TimeoutFuture::new(0).await;
            continue;
        }
        match lp.next_deadline() {
            Some(deadline) => {
                let wait = (deadline - lp.now()).max(0.0).ceil() as u32;
                WakeOnInbox {
                    lp: lp.clone(),
                    timer: TimeoutFuture::new(wait),
                }
                .await;
            }
            None => {
                WakeOnInbox {
                    lp: lp.clone(),
                    timer: TimeoutFuture::new(u32::MAX / 2),
                }
                .await
            }
        }
        // Timers fire at or after their deadline; a timer that fired a hair
        // early simply waits again for the remainder.
        lp.run_once();
    }
}

/// Sleeps until the timer fires, a foreign future wakes a task, or the run
/// is stopped.
struct WakeOnInbox {
    lp: EventLoop,
    timer: TimeoutFuture,
}

impl Future for WakeOnInbox {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.lp.is_stopped() || !self.lp.inbox().is_empty() {
            return Poll::Ready(());
        }
        self.lp.inbox().set_driver(cx.waker());
        Pin::new(&mut self.timer).poll(cx)
    }
}
