//! `asyncio.Semaphore` and `asyncio.Lock` (CPython 3.12): strict FIFO, a
//! released permit goes to the first waiter, and time spent waiting for one
//! is recorded as `queued`.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use serde_json::Value;

use super::error::Exc;
use super::event_loop::EventLoop;
use super::future::{Fut, Wait};
use super::trace::SpanState;

struct SemState {
    value: usize,
    waiters: VecDeque<Fut>,
}

/// `asyncio.Semaphore(limit)`.
#[derive(Clone)]
pub struct Semaphore {
    lp: EventLoop,
    state: Rc<RefCell<SemState>>,
    label: Rc<str>,
}

/// Held while inside `async with semaphore:`; dropping it releases.
pub struct Permit {
    sem: Semaphore,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.sem.release();
    }
}

impl Semaphore {
    pub fn new(lp: &EventLoop, limit: usize) -> Self {
        Self::labelled(lp, limit, "semaphore")
    }

    fn labelled(lp: &EventLoop, limit: usize, label: &str) -> Self {
        Semaphore {
            lp: lp.clone(),
            state: Rc::new(RefCell::new(SemState {
                value: limit,
                waiters: VecDeque::new(),
            })),
            label: Rc::from(label),
        }
    }

    /// `locked()`: no permit free, or someone already waits for one. Waiters
    /// leave the queue when served or cancelled, so every one left waits.
    pub fn locked(&self) -> bool {
        let st = self.state.borrow();
        st.value == 0 || !st.waiters.is_empty()
    }

    /// `async with sem:` — free permits are taken without yielding.
    pub async fn acquire(&self) -> Result<Permit, Exc> {
        if !self.locked() {
            self.state.borrow_mut().value -= 1;
            return Ok(Permit { sem: self.clone() });
        }
        let fut = Fut::new();
        self.state.borrow_mut().waiters.push_back(fut.clone());
        let waited = Wait::new(&self.lp, fut.clone(), SpanState::Queued, self.label.clone()).await;
        if waited.is_err() {
            // Served waiters were popped already; a cancelled one is still queued.
            self.state.borrow_mut().waiters.retain(|w| !w.same(&fut));
        }
        match waited {
            Ok(_) => Ok(Permit { sem: self.clone() }),
            Err(exc) => {
                // Handed a permit, but cancelled before using it: pass it on.
                if matches!(fut.result(), Some(Ok(_))) {
                    self.state.borrow_mut().value += 1;
                }
                self.wake_up_next_while_free();
                Err(exc)
            }
        }
    }

    fn release(&self) {
        self.state.borrow_mut().value += 1;
        self.wake_up_next();
    }

    fn wake_up_next_while_free(&self) {
        while self.state.borrow().value > 0 {
            if !self.wake_up_next() {
                break;
            }
        }
    }

    /// Hands one free permit to the first waiter still waiting.
    fn wake_up_next(&self) -> bool {
        let next = {
            let mut st = self.state.borrow_mut();
            let mut next = None;
            while let Some(waiter) = st.waiters.pop_front() {
                if !waiter.is_done() {
                    next = Some(waiter);
                    break;
                }
            }
            if next.is_some() {
                st.value -= 1;
            }
            next
        };
        match next {
            Some(fut) => {
                let now = self.lp.now();
                fut.set_result(&self.lp, Ok(Value::Null), now);
                true
            }
            None => false,
        }
    }
}

/// `asyncio.Lock()`: a semaphore of one, recorded as waiting on "lock".
#[derive(Clone)]
pub struct Lock(Semaphore);

impl Lock {
    pub fn new(lp: &EventLoop) -> Self {
        Lock(Semaphore::labelled(lp, 1, "lock"))
    }
    pub fn locked(&self) -> bool {
        self.0.locked()
    }
    /// `async with lock:`.
    pub async fn acquire(&self) -> Result<Permit, Exc> {
        self.0.acquire().await
    }
}
