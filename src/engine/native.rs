//! A real-clock driver for native tests: the same loop, driven by
//! `std::thread::sleep` instead of browser timers.
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::event_loop::EventLoop;

fn now_ms() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// A loop on the machine's monotonic clock.
pub fn real_loop() -> EventLoop {
    EventLoop::new_real(now_ms)
}

/// Runs a real-clock loop to completion, sleeping until each deadline.
pub fn run_real(lp: &EventLoop) {
    while !lp.is_complete() && !lp.is_deadlocked() {
        if lp.has_ready() {
            lp.run_once();
            continue;
        }
        match lp.next_deadline() {
            Some(deadline) => {
                let wait = deadline - lp.now();
                if wait > 0.0 {
                    std::thread::sleep(Duration::from_secs_f64(wait / 1000.0));
                }
                lp.run_once();
            }
            None => return,
        }
    }
}
