//! The asyncio functions scenarios call: `sleep`, `gather`, `wait`,
//! `as_completed`, `wait_for` and an instrumenting wrapper for foreign futures.
//! Each follows CPython 3.14's implementation (the version the page ships),
//! hop for hop.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use serde_json::Value;

use super::error::{Exc, Outcome};
use super::event_loop::{Action, Coro, EventLoop, TaskHandle, TimerLabel};
use super::future::{Fut, Wait, YieldNow};
use super::trace::SpanState;

/// `asyncio.wait`'s `return_when`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnWhen {
    FirstCompleted,
    FirstException,
    AllCompleted,
}

impl EventLoop {
    /// `await asyncio.sleep(ms / 1000)`. `sleep(0)` is a bare yield.
    pub async fn sleep(&self, ms: f64) -> Result<(), Exc> {
        if ms <= 0.0 {
            return YieldNow {
                lp: self.clone(),
                yielded: false,
            }
            .await;
        }
        let deadline = self.now() + ms;
        let timer_slot: Rc<RefCell<Option<u64>>> = Rc::default();
        let timer_for_hook = timer_slot.clone();
        let fut = Fut::with_cancel_hook(Rc::new(move |lp: &EventLoop, fut: &Fut| {
            if let Some(timer) = *timer_for_hook.borrow() {
                lp.cancel_timer(timer);
            }
            fut.set_result(lp, Err(Exc::cancelled()), lp.now())
        }));
        let label = TimerLabel {
            what: "sleep",
            ms,
            task: self.current_task(),
        };
        let fired = fut.clone();
        let timer = self.call_at(
            deadline,
            label,
            Action::Call(
                "timer: sleep done",
                Box::new(move |lp| {
                    fired.set_result(lp, Ok(Value::Null), deadline);
                }),
            ),
        );
        *timer_slot.borrow_mut() = Some(timer);
        let on = self.sleep_label(ms);
        Wait::new(self, fut, SpanState::Waiting, on)
            .await
            .map(|_| ())
    }

    /// `asyncio.gather(*coros)`: results in argument order; the first error
    /// propagates at once while the other children keep running.
    pub async fn gather(&self, coros: Vec<Coro>) -> Result<Vec<Value>, Exc> {
        let outcomes = self.gather_inner(coros, false).await?;
        outcomes.into_iter().collect()
    }

    /// `asyncio.gather(*coros, return_exceptions=True)`: every outcome, errors
    /// in place.
    pub async fn gather_return_exceptions(&self, coros: Vec<Coro>) -> Result<Vec<Outcome>, Exc> {
        self.gather_inner(coros, true).await
    }

    /// `gather` over tasks that already exist.
    pub async fn gather_tasks(&self, tasks: Vec<TaskHandle>) -> Result<Vec<Value>, Exc> {
        let outcomes = self.gather_handles(tasks, false).await?;
        outcomes.into_iter().collect()
    }

    /// `gather(*tasks, return_exceptions=True)` over tasks that already exist.
    pub async fn gather_tasks_return_exceptions(
        &self,
        tasks: Vec<TaskHandle>,
    ) -> Result<Vec<Outcome>, Exc> {
        self.gather_handles(tasks, true).await
    }

    async fn gather_inner(
        &self,
        coros: Vec<Coro>,
        return_exceptions: bool,
    ) -> Result<Vec<Outcome>, Exc> {
        let tasks: Vec<TaskHandle> = coros
            .into_iter()
            .map(|c| self.create_task_for_gather(c))
            .collect();
        self.gather_handles(tasks, return_exceptions).await
    }

    async fn gather_handles(
        &self,
        tasks: Vec<TaskHandle>,
        return_exceptions: bool,
    ) -> Result<Vec<Outcome>, Exc> {
        if tasks.is_empty() {
            return Ok(Vec::new());
        }
        struct Gathering {
            finished: usize,
            cancel_requested: bool,
        }
        let shared = Rc::new(RefCell::new(Gathering {
            finished: 0,
            cancel_requested: false,
        }));
        let children = Rc::new(tasks);
        // `_GatheringFuture.cancel()` cancels the children instead.
        let outer = {
            let children = children.clone();
            let shared = shared.clone();
            Fut::with_cancel_hook(Rc::new(move |_lp: &EventLoop, _fut: &Fut| {
                let mut any = false;
                for child in children.iter() {
                    any |= child.cancel();
                }
                if any {
                    shared.borrow_mut().cancel_requested = true;
                }
                any
            }))
        };
        // `_done_callback`, per child.
        let on_child_done = {
            let (outer, shared) = (outer.clone(), shared.clone());
            let count = children.len();
            Rc::new(move |lp: &EventLoop, child_done: &Fut| {
                let now = lp.now();
                let finished = {
                    let mut g = shared.borrow_mut();
                    g.finished += 1;
                    g.finished
                };
                if outer.is_done() {
                    return;
                }
                let child_outcome = child_done.result().unwrap_or(Ok(Value::Null));
                if !return_exceptions {
                    if let Err(exc) = child_outcome {
                        outer.set_result(lp, Err(exc), now);
                        return;
                    }
                }
                if finished == count {
                    let outcome = if shared.borrow().cancel_requested {
                        Err(Exc::cancelled())
                    } else {
                        Ok(Value::Null)
                    };
                    outer.set_result(lp, outcome, now);
                }
            })
        };
        // Children already finished are counted at once, after the others
        // have their callbacks (CPython 3.12+): if all had finished, the
        // gather is done before it is awaited, and awaiting it never yields.
        let mut already_done = Vec::new();
        for child in children.iter() {
            let child_done = child.done_fut();
            if child_done.is_done() {
                already_done.push(child_done);
                continue;
            }
            let on_child_done = on_child_done.clone();
            child.done_fut().add_callback(
                self,
                Action::Call(
                    "gather: child done",
                    Box::new(move |lp| on_child_done(lp, &child_done)),
                ),
            );
        }
        for child_done in already_done {
            on_child_done(self, &child_done);
        }
        Wait::new(self, outer, SpanState::Waiting, "gather").await?;
        Ok(children
            .iter()
            .map(|c| c.result().unwrap_or(Ok(Value::Null)))
            .collect())
    }

    /// `asyncio.wait(tasks, return_when=...)`: returns (done, pending) in
    /// argument order; never cancels anything.
    pub async fn wait(
        &self,
        tasks: &[TaskHandle],
        return_when: ReturnWhen,
    ) -> Result<(Vec<TaskHandle>, Vec<TaskHandle>), Exc> {
        if tasks.is_empty() {
            return Err(Exc::new("ValueError", "Set of Tasks/Futures is empty."));
        }
        let waiter = Fut::new();
        let counter = Rc::new(RefCell::new(tasks.len()));
        for task in tasks {
            let waiter = waiter.clone();
            let counter = counter.clone();
            let done = task.done_fut();
            task.done_fut().add_callback(
                self,
                Action::Call(
                    "wait: task done",
                    Box::new(move |lp| {
                        let left = {
                            let mut c = counter.borrow_mut();
                            *c = c.saturating_sub(1);
                            *c
                        };
                        let failed = matches!(done.result(), Some(Err(ref e)) if !e.is_cancelled());
                        let release = left == 0
                            || return_when == ReturnWhen::FirstCompleted
                            || (return_when == ReturnWhen::FirstException && failed);
                        if release {
                            waiter.set_result(lp, Ok(Value::Null), lp.now());
                        }
                    }),
                ),
            );
        }
        Wait::new(self, waiter, SpanState::Waiting, "wait").await?;
        let (done, pending) = tasks.iter().cloned().partition(|t| t.done());
        Ok((done, pending))
    }

    /// `asyncio.as_completed(coros)`: outcomes in completion order.
    pub fn as_completed(&self, coros: Vec<Coro>) -> AsCompleted {
        let shared = Rc::new(RefCell::new(Completions::default()));
        let tasks: Vec<TaskHandle> = coros.into_iter().map(|c| self.create_task(c)).collect();
        for task in &tasks {
            let shared = shared.clone();
            let done = task.done_fut();
            task.done_fut().add_callback(
                self,
                Action::Call(
                    "as_completed: task done",
                    Box::new(move |lp| {
                        let getter = {
                            let mut s = shared.borrow_mut();
                            s.queue.push(done.result().unwrap_or(Ok(Value::Null)));
                            s.getter.take()
                        };
                        if let Some(getter) = getter {
                            getter.set_result(lp, Ok(Value::Null), lp.now());
                        }
                    }),
                ),
            );
        }
        AsCompleted {
            lp: self.clone(),
            remaining: tasks.len(),
            shared,
            tasks,
        }
    }

    /// `asyncio.wait_for(coro, timeout)` as CPython 3.12+ writes it:
    /// `async with timeouts.timeout(t): return await coro`. The coroutine
    /// runs inline in the caller's task (no task, no lane of its own); at
    /// the deadline the caller's task is cancelled, and if the
    /// CancelledError that brings comes back out, it becomes TimeoutError.
    /// A timeout ≤ 0 wraps the coroutine in a task and cancels it before it
    /// ever runs.
    pub async fn wait_for(&self, coro: Coro, timeout_ms: f64) -> Outcome {
        if timeout_ms <= 0.0 {
            let inner = self.create_task(coro);
            return self.cancel_and_wait(&inner).await;
        }
        let task = self.current_task_or_panic();
        // Timeout.__aenter__
        let cancelling = self.cancelling(task);
        let expired = Rc::new(std::cell::Cell::new(false));
        let fired = expired.clone();
        let timer = self.call_at(
            self.now() + timeout_ms,
            TimerLabel {
                what: "wait_for timeout",
                ms: timeout_ms,
                task: Some(task),
            },
            Action::Call(
                "timer: timeout",
                Box::new(move |lp| {
                    lp.cancel_task(task);
                    fired.set(true);
                }),
            ),
        );
        let outcome = coro.await;
        // Timeout.__aexit__
        self.cancel_timer(timer);
        if expired.get() && self.uncancel(task) <= cancelling {
            if let Err(exc) = &outcome {
                if exc.is_cancelled() {
                    return Err(Exc::timeout());
                }
            }
        }
        outcome
    }

    /// `_cancel_and_wait` then `fut.result()`: a task that ended cancelled
    /// raises TimeoutError, one that swallowed the cancellation gives its
    /// value or its error.
    async fn cancel_and_wait(&self, inner: &TaskHandle) -> Outcome {
        let finished = Fut::new();
        let release = finished.clone();
        inner.done_fut().add_callback(
            self,
            Action::Call(
                "wait_for: cancelled task done",
                Box::new(move |lp| {
                    release.set_result(lp, Ok(Value::Null), lp.now());
                }),
            ),
        );
        self.cancel_task(inner.id());
        Wait::new(self, finished, SpanState::Waiting, "wait_for (cancelling)").await?;
        match inner.result() {
            Some(Err(exc)) if exc.is_cancelled() => Err(Exc::timeout()),
            Some(outcome) => outcome,
            None => Err(Exc::timeout()),
        }
    }

    /// Wraps a foreign future (fetch, IndexedDB, a JS promise): its wait is
    /// recorded as `waiting` on `on`, and cancelling the task drops it.
    pub fn instrument<F: Future>(&self, on: impl Into<String>, fut: F) -> Instrumented<F> {
        Instrumented {
            lp: self.clone(),
            on: Rc::from(on.into()),
            fut: Box::pin(fut),
            counted: false,
        }
    }
}

#[derive(Default)]
struct Completions {
    queue: Vec<Outcome>,
    getter: Option<Fut>,
}

/// The iterator `asyncio.as_completed` returns.
pub struct AsCompleted {
    lp: EventLoop,
    remaining: usize,
    shared: Rc<RefCell<Completions>>,
    tasks: Vec<TaskHandle>,
}

impl AsCompleted {
    /// The next outcome to complete, or None when all were taken.
    pub async fn next(&mut self) -> Option<Outcome> {
        if self.remaining == 0 {
            return None;
        }
        loop {
            {
                let mut s = self.shared.borrow_mut();
                if !s.queue.is_empty() {
                    self.remaining -= 1;
                    return Some(s.queue.remove(0));
                }
            }
            let getter = Fut::new();
            self.shared.borrow_mut().getter = Some(getter.clone());
            if let Err(exc) = Wait::new(&self.lp, getter, SpanState::Waiting, "as_completed").await
            {
                return Some(Err(exc));
            }
        }
    }

    pub fn tasks(&self) -> &[TaskHandle] {
        &self.tasks
    }
}

/// A foreign future whose wait is recorded in the trace.
pub struct Instrumented<F: Future> {
    lp: EventLoop,
    on: Rc<str>,
    fut: Pin<Box<F>>,
    counted: bool,
}

impl<F: Future> Future for Instrumented<F> {
    type Output = Result<F::Output, Exc>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let task = this.lp.current_task_or_panic();
        if this.lp.take_must_cancel(task) {
            return Poll::Ready(Err(Exc::cancelled()));
        }
        match this.fut.as_mut().poll(cx) {
            Poll::Ready(value) => {
                if std::mem::take(&mut this.counted) {
                    this.lp.foreign_wait_ended();
                }
                Poll::Ready(Ok(value))
            }
            Poll::Pending => {
                if !std::mem::replace(&mut this.counted, true) {
                    this.lp.foreign_wait_started();
                }
                this.lp
                    .set_state(task, SpanState::Waiting, Some(this.on.clone()));
                Poll::Pending
            }
        }
    }
}

impl<F: Future> Drop for Instrumented<F> {
    fn drop(&mut self) {
        if self.counted {
            self.lp.foreign_wait_ended();
        }
    }
}
