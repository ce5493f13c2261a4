//! asyncio's `Future`: a one-shot result with done-callbacks that are run
//! through the ready queue (`call_soon`), never inline. Those extra hops are
//! what make wake-up orders match CPython.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::error::{Exc, Outcome};
use super::event_loop::{Action, EventLoop};
use super::trace::SpanState;

/// What `Fut::cancel` does instead of resolving the future as cancelled
/// (a task's future cancels the task; a gather cancels its children).
pub(crate) type CancelHook = Rc<dyn Fn(&EventLoop, &Fut) -> bool>;

#[derive(Clone)]
pub(crate) struct Fut(Rc<RefCell<FutState>>);

struct FutState {
    result: Option<Outcome>,
    /// When the awaiting task became ready: a timer's deadline, even if the
    /// loop only noticed it later because a blocking call held it.
    ready_at: f64,
    callbacks: Vec<Action>,
    cancel_hook: Option<CancelHook>,
}

impl Fut {
    pub(crate) fn new() -> Self {
        Fut(Rc::new(RefCell::new(FutState {
            result: None,
            ready_at: 0.0,
            callbacks: Vec::new(),
            cancel_hook: None,
        })))
    }

    pub(crate) fn with_cancel_hook(hook: CancelHook) -> Self {
        let fut = Fut::new();
        fut.0.borrow_mut().cancel_hook = Some(hook);
        fut
    }

    pub(crate) fn same(&self, other: &Fut) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub(crate) fn is_done(&self) -> bool {
        self.0.borrow().result.is_some()
    }

    /// Done by cancellation (of the future itself).
    pub(crate) fn is_cancelled(&self) -> bool {
        matches!(&self.0.borrow().result, Some(Err(e)) if e.is_cancelled())
    }

    pub(crate) fn result(&self) -> Option<Outcome> {
        self.0.borrow().result.clone()
    }

    /// Resolves the future and schedules its callbacks; false if already done.
    pub(crate) fn set_result(&self, lp: &EventLoop, outcome: Outcome, ready_at: f64) -> bool {
        let callbacks = {
            let mut st = self.0.borrow_mut();
            if st.result.is_some() {
                return false;
            }
            st.result = Some(outcome);
            st.ready_at = ready_at;
            st.cancel_hook = None;
            std::mem::take(&mut st.callbacks)
        };
        for action in callbacks {
            lp.schedule(action, ready_at);
        }
        true
    }

    pub(crate) fn add_callback(&self, lp: &EventLoop, action: Action) {
        let ready_at = {
            let mut st = self.0.borrow_mut();
            if st.result.is_none() {
                st.callbacks.push(action);
                return;
            }
            st.ready_at
        };
        lp.schedule(action, ready_at);
    }

    /// asyncio's `Future.cancel()`: false when already done.
    pub(crate) fn cancel(&self, lp: &EventLoop) -> bool {
        let hook = {
            let st = self.0.borrow();
            if st.result.is_some() {
                return false;
            }
            st.cancel_hook.clone()
        };
        match hook {
            Some(hook) => hook(lp, self),
            None => self.set_result(lp, Err(Exc::cancelled()), lp.now()),
        }
    }
}

/// `await fut` inside a task: records the wait in the trace, and raises
/// CancelledError at this await point when the task is cancelled.
pub(crate) struct Wait {
    lp: EventLoop,
    fut: Fut,
    state: SpanState,
    on: Rc<str>,
    registered: bool,
}

impl Wait {
    pub(crate) fn new(lp: &EventLoop, fut: Fut, state: SpanState, on: impl Into<Rc<str>>) -> Self {
        Wait {
            lp: lp.clone(),
            fut,
            state,
            on: on.into(),
            registered: false,
        }
    }
}

impl Future for Wait {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Outcome> {
        let this = self.get_mut();
        let lp = &this.lp;
        let task = lp.current_task_or_panic();
        if this.registered {
            if lp.take_must_cancel(task) {
                return Poll::Ready(Err(Exc::cancelled()));
            }
            return match this.fut.result() {
                Some(outcome) => Poll::Ready(outcome),
                None => {
                    // Polled by a foreign waker while still waiting here.
                    lp.set_state(task, this.state, Some(this.on.clone()));
                    Poll::Pending
                }
            };
        }
        // An already-finished future returns without yielding, as in asyncio.
        if let Some(outcome) = this.fut.result() {
            return Poll::Ready(outcome);
        }
        this.registered = true;
        this.fut.add_callback(lp, Action::Wakeup(task));
        lp.set_waiting_on(task, this.fut.clone(), this.state, this.on.clone());
        if lp.take_must_cancel(task) && !this.fut.cancel(lp) {
            lp.keep_must_cancel(task);
        }
        Poll::Pending
    }
}

/// `await asyncio.sleep(0)`: a bare yield that puts the task at the back of
/// the ready queue.
pub(crate) struct YieldNow {
    pub(crate) lp: EventLoop,
    pub(crate) yielded: bool,
}

impl Future for YieldNow {
    type Output = Result<(), Exc>;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let task = this.lp.current_task_or_panic();
        if this.yielded {
            if this.lp.take_must_cancel(task) {
                return Poll::Ready(Err(Exc::cancelled()));
            }
            return Poll::Ready(Ok(()));
        }
        this.yielded = true;
        let now = this.lp.now();
        this.lp
            .set_state(task, SpanState::Waiting, Some("sleep(0)".into()));
        this.lp.schedule(Action::Poll(task), now);
        Poll::Pending
    }
}
