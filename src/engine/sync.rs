//! `asyncio.Semaphore` and `asyncio.Lock` as CPython 3.14 writes them: a
//! waiter stays in the queue until its task has resumed (so `locked()`
//! counts it and a newcomer queues behind it: nobody overtakes), and time
//! spent waiting is recorded as `queued`.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use serde_json::Value;

use super::error::Exc;
use super::event_loop::EventLoop;
use super::future::{Fut, Wait};
use super::trace::SpanState;

/// The waiters' futures, in arrival order.
#[derive(Default)]
struct Waiters(VecDeque<Fut>);

impl Waiters {
    /// `deque.remove`: the one leaving is nearly always at the front, so
    /// this stays O(1) for a queue of 100,000 (a full scan made it O(n²)).
    fn remove(&mut self, fut: &Fut) {
        if let Some(at) = self.0.iter().position(|w| w.same(fut)) {
            self.0.remove(at);
        }
    }
    /// A waiter whose future was cancelled still sits here until its task
    /// resumes; `locked()` and the lock's fast path skip it.
    fn any_waiting(&self) -> bool {
        self.0.iter().any(|w| !w.is_cancelled())
    }
}

fn wake(lp: &EventLoop, fut: &Fut) {
    fut.set_result(lp, Ok(Value::Null), lp.now());
}

struct SemState {
    value: usize,
    waiters: Waiters,
}

/// `asyncio.Semaphore(limit)`.
#[derive(Clone)]
pub struct Semaphore {
    lp: EventLoop,
    state: Rc<RefCell<SemState>>,
}

/// Held while inside `async with semaphore:` or `async with lock:`;
/// dropping it releases.
pub struct Permit {
    release: Box<dyn Fn()>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        (self.release)();
    }
}

impl Semaphore {
    pub fn new(lp: &EventLoop, limit: usize) -> Self {
        Semaphore {
            lp: lp.clone(),
            state: Rc::new(RefCell::new(SemState {
                value: limit,
                waiters: Waiters::default(),
            })),
        }
    }

    /// `locked()`: no permit free, or someone still waits for one (a woken
    /// waiter counts until its task has taken the permit).
    pub fn locked(&self) -> bool {
        let st = self.state.borrow();
        st.value == 0 || st.waiters.any_waiting()
    }

    fn permit(&self) -> Permit {
        let sem = self.clone();
        Permit {
            release: Box::new(move || sem.release()),
        }
    }

    /// `async with sem:` — a free permit is taken without yielding.
    pub async fn acquire(&self) -> Result<Permit, Exc> {
        if !self.locked() {
            self.state.borrow_mut().value -= 1;
            return Ok(self.permit());
        }
        let fut = Fut::new();
        self.state.borrow_mut().waiters.0.push_back(fut.clone());
        let waited = Wait::new(&self.lp, fut.clone(), SpanState::Queued, "semaphore").await;
        self.state.borrow_mut().waiters.remove(&fut);
        if waited.is_err() && matches!(fut.result(), Some(Ok(_))) {
            // Handed a permit, but cancelled before using it: give it back.
            self.state.borrow_mut().value += 1;
        }
        // `finally:` wake as many waiters as there are free permits.
        while self.state.borrow().value > 0 {
            if !self.wake_up_next() {
                break;
            }
        }
        waited.map(|_| self.permit())
    }

    fn release(&self) {
        self.state.borrow_mut().value += 1;
        self.wake_up_next();
    }

    /// Hands one free permit to the first waiter not yet woken.
    fn wake_up_next(&self) -> bool {
        let next = {
            let mut st = self.state.borrow_mut();
            let next = st.waiters.0.iter().find(|w| !w.is_done()).cloned();
            if next.is_some() {
                st.value -= 1;
            }
            next
        };
        match next {
            Some(fut) => {
                wake(&self.lp, &fut);
                true
            }
            None => false,
        }
    }
}

struct LockState {
    locked: bool,
    waiters: Waiters,
}

/// `asyncio.Lock()`: only the first waiter is ever woken; if it was
/// cancelled meanwhile, it passes the lock on when its task runs.
#[derive(Clone)]
pub struct Lock {
    lp: EventLoop,
    state: Rc<RefCell<LockState>>,
}

impl Lock {
    pub fn new(lp: &EventLoop) -> Self {
        Lock {
            lp: lp.clone(),
            state: Rc::new(RefCell::new(LockState {
                locked: false,
                waiters: Waiters::default(),
            })),
        }
    }

    pub fn locked(&self) -> bool {
        self.state.borrow().locked
    }

    fn permit(&self) -> Permit {
        let lock = self.clone();
        Permit {
            release: Box::new(move || lock.release()),
        }
    }

    /// `async with lock:`.
    pub async fn acquire(&self) -> Result<Permit, Exc> {
        let free = {
            let st = self.state.borrow();
            !st.locked && !st.waiters.any_waiting()
        };
        if free {
            self.state.borrow_mut().locked = true;
            return Ok(self.permit());
        }
        let fut = Fut::new();
        self.state.borrow_mut().waiters.0.push_back(fut.clone());
        let waited = Wait::new(&self.lp, fut.clone(), SpanState::Queued, "lock").await;
        self.state.borrow_mut().waiters.remove(&fut);
        if let Err(exc) = waited {
            if !self.locked() {
                self.wake_up_first();
            }
            return Err(exc);
        }
        self.state.borrow_mut().locked = true;
        Ok(self.permit())
    }

    fn release(&self) {
        self.state.borrow_mut().locked = false;
        self.wake_up_first();
    }

    /// `_wake_up_first`: the first waiter only, and only if not yet woken.
    fn wake_up_first(&self) {
        let first = self.state.borrow().waiters.0.front().cloned();
        if let Some(fut) = first {
            if !fut.is_done() {
                wake(&self.lp, &fut);
            }
        }
    }
}
