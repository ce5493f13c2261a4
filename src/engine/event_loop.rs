//! The event loop: CPython's `BaseEventLoop._run_once` in Rust. One FIFO
//! ready queue of handles, one timer queue ordered by (deadline, insertion
//! order), and a clock that is either virtual (jumps to the next deadline when
//! nothing is ready) or real (`performance.now()` in the browser).
//!
//! Tasks are boxed Rust futures stepped by this loop. Engine await points
//! (`Wait`) register the task's wake-up on an asyncio-style future; foreign
//! futures (fetch, IndexedDB) wake the task through an ordinary `Waker`.
use std::cell::{Cell, RefCell};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use serde_json::Value;

use super::error::{Exc, Outcome};
use super::future::Fut;
use super::recorder::TaskRecord;
use super::steps::{StepLog, TaskState};
use super::trace::{Mode, OutputLine, RunTrace, SpanState, TaskOutcome};
use crate::format::fmt_ms;

pub type TaskId = usize;
pub(crate) type Callback = Box<dyn FnOnce(&EventLoop)>;
type BoxedCoro = Pin<Box<dyn Future<Output = Outcome>>>;

/// A coroutine object: a named, not yet started computation (Rust futures,
/// like Python coroutines, do nothing until awaited or wrapped in a task).
pub struct Coro {
    pub name: String,
    fut: BoxedCoro,
    started: bool,
    /// Where to report "coroutine ... was never awaited" if dropped unstarted.
    watched_by: Option<EventLoop>,
}

impl Coro {
    pub fn new(name: impl Into<String>, fut: impl Future<Output = Outcome> + 'static) -> Self {
        Coro {
            name: name.into(),
            fut: Box::pin(fut),
            started: false,
            watched_by: None,
        }
    }

    /// Like `new`, but dropping it without awaiting it or wrapping it in a
    /// task prints asyncio's RuntimeWarning, as CPython does when the
    /// coroutine object is garbage-collected.
    pub fn watched(
        lp: &EventLoop,
        name: impl Into<String>,
        fut: impl Future<Output = Outcome> + 'static,
    ) -> Self {
        let mut coro = Coro::new(name, fut);
        coro.watched_by = Some(lp.clone());
        coro
    }

    fn take_future(mut self) -> (String, BoxedCoro) {
        self.started = true;
        let fut = std::mem::replace(&mut self.fut, Box::pin(async { Ok(Value::Null) }));
        (std::mem::take(&mut self.name), fut)
    }
}

impl Drop for Coro {
    fn drop(&mut self) {
        if let (false, Some(lp)) = (self.started, self.watched_by.take()) {
            // The name as Python shows it: the function, without arguments.
            let function = self.name.split('(').next().unwrap_or(&self.name);
            lp.warn(format!(
                "RuntimeWarning: coroutine '{function}' was never awaited"
            ));
        }
    }
}

/// Awaiting a coroutine directly runs it inside the awaiting task, as
/// `await coro()` does in Python: no new task, no extra hop.
impl Future for Coro {
    type Output = Outcome;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        self.started = true;
        self.fut.as_mut().poll(cx)
    }
}

/// What a handle in the ready queue does.
pub(crate) enum Action {
    /// `call_soon(task.__step)`: a new task, `sleep(0)`, or a foreign waker.
    Poll(TaskId),
    /// `task.__wakeup`: the done-callback of the future the task awaited.
    Wakeup(TaskId),
    /// Any other callback (a timer firing, a gather bookkeeping step).
    Call(&'static str, Callback),
}

impl Action {
    /// What the step view calls it.
    fn kind(&self) -> &'static str {
        match self {
            Action::Poll(_) => "step",
            Action::Wakeup(_) => "wake",
            Action::Call(label, _) => label,
        }
    }

    fn task(&self) -> Option<TaskId> {
        match self {
            Action::Poll(t) | Action::Wakeup(t) => Some(*t),
            Action::Call(..) => None,
        }
    }
    fn label(&self) -> String {
        match self {
            Action::Poll(t) => format!("step task {t}"),
            Action::Wakeup(t) => format!("wake task {t}"),
            Action::Call(label, _) => (*label).to_string(),
        }
    }
}

/// A handle waiting in the ready queue, as the step-through view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyEntry {
    pub task: Option<TaskId>,
    pub label: String,
}

/// A pending timer, as the step-through view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerEntry {
    pub deadline_ms: f64,
    pub label: String,
}

/// What one `step()` did.
#[derive(Clone, Debug, PartialEq)]
pub enum StepEvent {
    /// One handle ran; `task` is the task it stepped, if any.
    Ran { task: Option<TaskId>, label: String },
    /// Nothing was ready: the virtual clock jumped to the next deadline.
    ClockAdvanced { to_ms: f64 },
    /// Every task has ended.
    Finished,
    /// Tasks remain but nothing can ever wake them.
    Deadlocked,
}

#[derive(Clone, Copy, PartialEq)]
struct TimerKey {
    deadline: f64,
    seq: u64,
}
impl Eq for TimerKey {}
impl Ord for TimerKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.deadline
            .total_cmp(&other.deadline)
            .then(self.seq.cmp(&other.seq))
    }
}
impl PartialOrd for TimerKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

pub(crate) type TimerId = u64;

/// Where `asyncio.run` is: running main, or one of the runner's clean-up
/// runs of the loop after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shutdown {
    /// `run_until_complete` of this phase's future is running the loop.
    Awaiting(Phase),
    /// That future is done: the loop stops when this iteration ends.
    Stopping(Phase),
    Closed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Main,
    CancelAll,
    AsyncGens,
    Executor,
}

/// What a timer is for, formatted only when someone looks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TimerLabel {
    pub(crate) what: &'static str,
    pub(crate) ms: f64,
    pub(crate) task: Option<TaskId>,
}

impl std::fmt::Display for TimerLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({} ms)", self.what, fmt_ms(self.ms))?;
        if let Some(task) = self.task {
            write!(f, " of task {task}")?;
        }
        Ok(())
    }
}

/// Where the clock comes from.
enum Clock {
    Virtual(Cell<f64>),
    Real { origin: f64, now: fn() -> f64 },
}

/// Wake-ups from foreign futures, which may arrive from any JS callback.
#[derive(Default)]
pub(crate) struct Inbox {
    woken: Mutex<Vec<TaskId>>,
    driver: Mutex<Option<Waker>>,
}

impl Inbox {
    fn push(&self, task: TaskId) {
        if let Ok(mut woken) = self.woken.lock() {
            woken.push(task);
        }
        self.notify_driver();
    }
    pub(crate) fn notify_driver(&self) {
        let waker = self.driver.lock().ok().and_then(|mut d| d.take());
        if let Some(waker) = waker {
            waker.wake();
        }
    }
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn set_driver(&self, waker: &Waker) {
        if let Ok(mut d) = self.driver.lock() {
            *d = Some(waker.clone());
        }
    }
    fn drain(&self) -> Vec<TaskId> {
        self.woken
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.woken.lock().map(|w| w.is_empty()).unwrap_or(true)
    }
}

struct TaskWaker {
    task: TaskId,
    inbox: Arc<Inbox>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.inbox.push(self.task);
    }
}

struct TaskSlot {
    coro: Option<BoxedCoro>,
    started: bool,
    polling: bool,
    finished: bool,
    /// A Poll or Wakeup for this task sits in the ready queue.
    scheduled: bool,
    /// Resolved when the task ends (a Task is a Future in asyncio).
    done: Fut,
    /// asyncio's `_fut_waiter`: cancelling the task cancels this.
    waiting_on: Option<Fut>,
    /// asyncio's `_must_cancel`: raise CancelledError at the next step.
    must_cancel: bool,
    /// asyncio's `_num_cancels_requested` (`cancelling()`), which
    /// `uncancel()` counts down: how a timeout tells its own cancellation
    /// from one requested by someone else.
    cancel_requests: u32,
    /// asyncio's `_log_destroy_pending`: false for the tasks gather wraps
    /// around coroutines, which nobody else could have awaited.
    log_destroy_pending: bool,
    ready_since: Option<f64>,
    record: TaskRecord,
    waker: Waker,
}

struct State {
    ready: VecDeque<Action>,
    /// Handles left in the current `_run_once` iteration: callbacks added
    /// while it runs wait for the next one, as in CPython.
    todo: usize,
    timers: BinaryHeap<Reverse<TimerKey>>,
    /// Indexed by the timer's sequence number; None once fired or cancelled.
    timer_actions: Vec<Option<(Action, TimerLabel)>>,
    next_seq: u64,
    tasks: Vec<TaskSlot>,
    current: Option<TaskId>,
    main: Option<TaskId>,
    output: Vec<OutputLine>,
    /// Intervals during which a blocking call held the loop.
    blocks: Vec<(f64, f64)>,
    foreign_waits: usize,
    /// Tasks not yet finished (kept so completion checks are O(1)).
    unfinished: usize,
    /// One shared label per sleep duration, instead of one string per sleep.
    sleep_labels: HashMap<u64, Rc<str>>,
    stopped: bool,
    shutdown: Shutdown,
    finished_at: Option<f64>,
    events: u64,
    /// The step view's log, when asked for ([`EventLoop::record_steps`]).
    steps: Option<StepLog>,
}

struct Inner {
    clock: Clock,
    state: RefCell<State>,
    inbox: Arc<Inbox>,
    /// Steps are being logged: checked on every handle without borrowing
    /// the state, so a run that is not stepped through pays nothing.
    recording: Cell<bool>,
}

/// A handle on one event loop; cheap to clone into coroutines.
#[derive(Clone)]
pub struct EventLoop(Rc<Inner>);

impl EventLoop {
    fn with_clock(clock: Clock) -> Self {
        EventLoop(Rc::new(Inner {
            clock,
            state: RefCell::new(State {
                ready: VecDeque::new(),
                todo: 0,
                timers: BinaryHeap::new(),
                timer_actions: Vec::new(),
                next_seq: 0,
                tasks: Vec::new(),
                current: None,
                main: None,
                output: Vec::new(),
                blocks: Vec::new(),
                foreign_waits: 0,
                unfinished: 0,
                sleep_labels: HashMap::new(),
                stopped: false,
                shutdown: Shutdown::Awaiting(Phase::Main),
                finished_at: None,
                events: 0,
                steps: None,
            }),
            inbox: Arc::new(Inbox::default()),
            recording: Cell::new(false),
        }))
    }

    /// A loop on a deterministic virtual clock starting at 0 ms.
    pub fn new_virtual() -> Self {
        Self::with_clock(Clock::Virtual(Cell::new(0.0)))
    }

    /// A loop on a real clock: `now` returns milliseconds (performance.now()).
    pub fn new_real(now: fn() -> f64) -> Self {
        Self::with_clock(Clock::Real { origin: now(), now })
    }

    pub fn mode(&self) -> Mode {
        match self.0.clock {
            Clock::Virtual(_) => Mode::Virtual,
            Clock::Real { .. } => Mode::Real,
        }
    }

    /// Milliseconds since the loop was created.
    pub fn now(&self) -> f64 {
        match &self.0.clock {
            Clock::Virtual(t) => t.get(),
            Clock::Real { origin, now } => now() - origin,
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn inbox(&self) -> &Arc<Inbox> {
        &self.0.inbox
    }

    fn st(&self) -> std::cell::RefMut<'_, State> {
        self.0.state.borrow_mut()
    }

    // ---- scheduling -------------------------------------------------------

    /// `call_soon`: appends to the ready queue. `ready_at` is when the task it
    /// wakes became ready (for the `blocked` state).
    pub(crate) fn schedule(&self, action: Action, ready_at: f64) {
        let mut st = self.st();
        if st.stopped {
            return;
        }
        if let Some(task) = action.task() {
            let slot = &mut st.tasks[task];
            slot.scheduled = true;
            if slot.ready_since.is_none() {
                slot.ready_since = Some(ready_at);
            }
        }
        if let Some(log) = st.steps.as_mut() {
            log.ready(action.task(), action.kind());
        }
        st.ready.push_back(action);
    }

    /// `call_at`: runs `action` once the clock reaches `deadline`.
    pub(crate) fn call_at(&self, deadline: f64, label: TimerLabel, action: Action) -> TimerId {
        let mut st = self.st();
        let seq = st.next_seq;
        st.next_seq += 1;
        st.timers.push(Reverse(TimerKey { deadline, seq }));
        st.timer_actions.push(Some((action, label)));
        let owner = st.current;
        if let Some(log) = st.steps.as_mut() {
            log.timer_set(seq, deadline, owner, Arc::from(label.to_string()));
        }
        seq
    }

    pub(crate) fn cancel_timer(&self, id: TimerId) {
        // The heap entry stays and is skipped when it comes up.
        let mut st = self.st();
        let removed = st.timer_actions.get_mut(id as usize).and_then(Option::take);
        if let (Some(log), Some(_)) = (st.steps.as_mut(), &removed) {
            log.timer_done(id);
        }
        drop(st);
        drop(removed);
    }

    /// The shared `on` label of a sleep of `ms`.
    pub(crate) fn sleep_label(&self, ms: f64) -> Rc<str> {
        self.st()
            .sleep_labels
            .entry(ms.to_bits())
            .or_insert_with(|| Rc::from(format!("sleep({} ms)", fmt_ms(ms))))
            .clone()
    }

    // ---- tasks ------------------------------------------------------------

    /// `asyncio.create_task`: the coroutine is scheduled, not run inline; the
    /// caller keeps running until its next await.
    pub fn create_task(&self, coro: Coro) -> TaskHandle {
        let (name, fut) = coro.take_future();
        let now = self.now();
        let id = {
            let mut st = self.st();
            let id = st.tasks.len();
            st.unfinished += 1;
            let parent = st.current;
            let waker = Waker::from(Arc::new(TaskWaker {
                task: id,
                inbox: self.0.inbox.clone(),
            }));
            let done =
                Fut::with_cancel_hook(Rc::new(move |lp: &EventLoop, _: &Fut| lp.cancel_task(id)));
            st.tasks.push(TaskSlot {
                coro: Some(fut),
                started: false,
                polling: false,
                finished: false,
                scheduled: false,
                done,
                waiting_on: None,
                must_cancel: false,
                cancel_requests: 0,
                log_destroy_pending: true,
                ready_since: None,
                record: TaskRecord::new(name, parent, now),
                waker,
            });
            if let Some(log) = st.steps.as_mut() {
                log.task(id);
            }
            id
        };
        self.schedule(Action::Poll(id), now);
        TaskHandle {
            lp: self.clone(),
            id,
        }
    }

    /// The task `gather(coro)` wraps a coroutine in (`ensure_future`): it
    /// is never reported as destroyed while pending.
    pub fn create_task_for_gather(&self, coro: Coro) -> TaskHandle {
        let task = self.create_task(coro);
        self.st().tasks[task.id].log_destroy_pending = false;
        task
    }

    /// `asyncio.run(main)` (asyncio.Runner): when main ends the loop is
    /// stopped, which lets the current iteration finish; then the tasks
    /// still pending are cancelled and the loop runs until those have
    /// finished, then twice more for the runner's own clean-up
    /// (`shutdown_asyncgens`, `shutdown_default_executor`), and closes.
    /// Tasks created during that clean-up are abandoned, still pending.
    pub fn spawn_main(&self, coro: Coro) -> TaskHandle {
        let main = self.create_task(coro);
        self.st().main = Some(main.id);
        main.done_fut()
            .add_callback(self, Self::run_until_complete_cb());
        main
    }

    /// `_run_until_complete_cb`: the future `run_until_complete` waited
    /// for is done, so stop once this iteration has run to its end.
    fn run_until_complete_cb() -> Action {
        Action::Call(
            "asyncio.run: stop the loop",
            Box::new(|lp| {
                let mut st = lp.st();
                if let Shutdown::Awaiting(phase) = st.shutdown {
                    st.shutdown = Shutdown::Stopping(phase);
                }
            }),
        )
    }

    /// The loop stopped at the end of an iteration: the runner's next step.
    fn next_shutdown_phase(&self, phase: Phase) {
        match phase {
            Phase::Main => {
                // runners._cancel_all_tasks, leftover tasks in the order
                // they were created (CPython takes them from a set).
                let leftover: Vec<TaskId> = {
                    let st = self.st();
                    (0..st.tasks.len())
                        .filter(|&t| !st.tasks[t].finished)
                        .collect()
                };
                if leftover.is_empty() {
                    return self.next_shutdown_phase(Phase::CancelAll);
                }
                self.st().shutdown = Shutdown::Awaiting(Phase::CancelAll);
                for &task in &leftover {
                    self.cancel_task(task);
                }
                // run_until_complete(gather(*to_cancel, return_exceptions=True))
                let all_done = Fut::new();
                let left = Rc::new(Cell::new(leftover.len()));
                for &task in &leftover {
                    let (all_done, left) = (all_done.clone(), left.clone());
                    self.task_done_fut(task).add_callback(
                        self,
                        Action::Call(
                            "gather: child done",
                            Box::new(move |lp| {
                                left.set(left.get() - 1);
                                if left.get() == 0 {
                                    all_done.set_result(lp, Ok(Value::Null), lp.now());
                                }
                            }),
                        ),
                    );
                }
                all_done.add_callback(self, Self::run_until_complete_cb());
            }
            Phase::CancelAll | Phase::AsyncGens => {
                // run_until_complete(loop.shutdown_asyncgens()) and then of
                // shutdown_default_executor(): each a task that ends in its
                // first step, whose done callback stops the loop again.
                let next = if phase == Phase::CancelAll {
                    Phase::AsyncGens
                } else {
                    Phase::Executor
                };
                self.st().shutdown = Shutdown::Awaiting(next);
                let now = self.now();
                self.schedule(
                    Action::Call(
                        "asyncio.run: clean-up task",
                        Box::new(|lp| {
                            let now = lp.now();
                            lp.schedule(Self::run_until_complete_cb(), now);
                        }),
                    ),
                    now,
                );
            }
            Phase::Executor => {
                let now = self.now();
                let abandoned: Vec<String> = {
                    let mut st = self.st();
                    st.shutdown = Shutdown::Closed;
                    st.finished_at = Some(now);
                    st.tasks
                        .iter()
                        .filter(|t| !t.finished && t.log_destroy_pending)
                        .map(|t| t.record.name.clone())
                        .collect()
                };
                // What CPython logs when such a task is garbage-collected,
                // said (as the page's tracer does) when the loop closes.
                for name in abandoned {
                    self.warn(format!("Task was destroyed but it is pending: {name}"));
                }
            }
        }
    }

    /// asyncio's `Task.cancel()`.
    pub(crate) fn cancel_task(&self, id: TaskId) -> bool {
        let waiting_on = {
            let mut st = self.st();
            let slot = &mut st.tasks[id];
            if slot.finished {
                return false;
            }
            slot.cancel_requests += 1;
            slot.waiting_on.clone()
        };
        let has_waiter = waiting_on.is_some();
        if let Some(fut) = waiting_on {
            if fut.cancel(self) {
                return true;
            }
        }
        // The future it waits on refused (a gather whose children have all
        // finished): CancelledError comes at the step that future's
        // completion brings, not earlier.
        let needs_poll = {
            let mut st = self.st();
            let slot = &mut st.tasks[id];
            slot.must_cancel = true;
            !has_waiter && !slot.scheduled && !slot.polling
        };
        // A task suspended on a foreign future has nothing to cancel: step it
        // so its await point raises.
        if needs_poll {
            let now = self.now();
            self.schedule(Action::Poll(id), now);
        }
        true
    }

    pub(crate) fn take_must_cancel(&self, task: TaskId) -> bool {
        std::mem::take(&mut self.st().tasks[task].must_cancel)
    }

    /// The future a task was about to wait on refused to be cancelled: the
    /// cancellation stays pending for its next step.
    pub(crate) fn keep_must_cancel(&self, task: TaskId) {
        self.st().tasks[task].must_cancel = true;
    }

    /// `task.cancelling()`.
    pub(crate) fn cancelling(&self, task: TaskId) -> u32 {
        self.0.state.borrow().tasks[task].cancel_requests
    }

    /// `task.uncancel()`: one cancellation request withdrawn; with none left
    /// a pending CancelledError is dropped too.
    pub(crate) fn uncancel(&self, task: TaskId) -> u32 {
        let mut st = self.st();
        let slot = &mut st.tasks[task];
        slot.cancel_requests = slot.cancel_requests.saturating_sub(1);
        if slot.cancel_requests == 0 {
            slot.must_cancel = false;
        }
        slot.cancel_requests
    }

    pub(crate) fn current_task(&self) -> Option<TaskId> {
        self.0.state.borrow().current
    }

    pub(crate) fn current_task_or_panic(&self) -> TaskId {
        self.current_task()
            .expect("engine await points are only awaited inside a task of this loop")
    }

    pub(crate) fn task_done_fut(&self, id: TaskId) -> Fut {
        self.0.state.borrow().tasks[id].done.clone()
    }

    pub(crate) fn task_name(&self, id: TaskId) -> String {
        self.0.state.borrow().tasks[id].record.name.clone()
    }

    pub(crate) fn set_state(&self, task: TaskId, state: SpanState, on: Option<Rc<str>>) {
        let now = self.now();
        self.st().tasks[task].record.transition(state, on, now);
    }

    pub(crate) fn set_waiting_on(&self, task: TaskId, fut: Fut, state: SpanState, on: Rc<str>) {
        let now = self.now();
        let mut st = self.st();
        let slot = &mut st.tasks[task];
        slot.waiting_on = Some(fut);
        slot.record.transition(state, Some(on), now);
    }

    pub(crate) fn foreign_wait_started(&self) {
        self.st().foreign_waits += 1;
    }

    pub(crate) fn foreign_wait_ended(&self) {
        let mut st = self.st();
        st.foreign_waits = st.foreign_waits.saturating_sub(1);
    }

    /// asyncio's `Task.__step`.
    fn poll_task(&self, id: TaskId) {
        let now = self.now();
        let (mut coro, cancel_before_start, waker) = {
            let mut st = self.st();
            if st.tasks[id].finished || st.tasks[id].polling {
                return;
            }
            let st = &mut *st;
            let slot = &mut st.tasks[id];
            slot.scheduled = false;
            let ready_since = slot.ready_since.take();
            slot.waiting_on = None;
            slot.record.step_started(now, ready_since, &st.blocks);
            let cancel_before_start = !slot.started && slot.must_cancel;
            slot.started = true;
            let Some(coro) = slot.coro.take() else {
                return;
            };
            slot.polling = true;
            let waker = slot.waker.clone();
            st.current = Some(id);
            (coro, cancel_before_start, waker)
        };
        if cancel_before_start {
            // A coroutine cancelled before its first step never runs its body.
            self.end_polling(id);
            drop(coro);
            self.finish_task(id, Err(Exc::cancelled()));
            return;
        }
        let polled = coro.as_mut().poll(&mut Context::from_waker(&waker));
        self.end_polling(id);
        match polled {
            Poll::Ready(outcome) => {
                drop(coro);
                self.finish_task(id, outcome);
            }
            Poll::Pending => {
                let now = self.now();
                let mut st = self.st();
                if st.stopped {
                    return;
                }
                let slot = &mut st.tasks[id];
                slot.coro = Some(coro);
                if slot.record.state == SpanState::Running {
                    slot.record.transition(SpanState::Waiting, None, now);
                }
            }
        }
    }

    fn end_polling(&self, id: TaskId) {
        let mut st = self.st();
        st.current = None;
        st.tasks[id].polling = false;
    }

    fn finish_task(&self, id: TaskId, outcome: Outcome) {
        let now = self.now();
        let done = {
            let mut st = self.st();
            let slot = &mut st.tasks[id];
            if slot.finished {
                return;
            }
            slot.finished = true;
            st.unfinished -= 1;
            let slot = &mut st.tasks[id];
            let rec = &mut slot.record;
            rec.close(now, false);
            rec.end = now;
            match &outcome {
                Ok(value) => {
                    rec.outcome = TaskOutcome::Done;
                    rec.value = value.clone();
                }
                Err(exc) => {
                    rec.outcome = if exc.is_cancelled() {
                        TaskOutcome::Cancelled
                    } else if exc.is_timeout() {
                        TaskOutcome::TimedOut
                    } else {
                        TaskOutcome::Failed
                    };
                    rec.error = Some(exc.to_string());
                }
            }
            slot.done.clone()
        };
        done.set_result(self, outcome, now);
    }

    // ---- running ----------------------------------------------------------

    /// Starts a `_run_once` iteration: foreign wake-ups and due timers join
    /// the ready queue, and the handles now in it are this iteration's.
    fn begin_iteration(&self) {
        let now = self.now();
        for task in self.0.inbox.drain() {
            self.schedule(Action::Poll(task), now);
        }
        let mut st = self.st();
        while let Some(Reverse(key)) = st.timers.peek().copied() {
            if key.deadline > now {
                break;
            }
            st.timers.pop();
            if let Some((action, _)) = st
                .timer_actions
                .get_mut(key.seq as usize)
                .and_then(Option::take)
            {
                if let Some(log) = st.steps.as_mut() {
                    log.timer_done(key.seq);
                    log.ready(action.task(), action.kind());
                }
                st.ready.push_back(action);
            }
        }
        st.todo = st.ready.len();
    }

    /// Runs the next handle of the current iteration, if there is one, and
    /// says what it was: (the task it stepped, the callback's label).
    fn run_handle(&self) -> Option<(Option<TaskId>, &'static str)> {
        let action = {
            let mut st = self.st();
            if st.todo == 0 || st.stopped {
                return None;
            }
            st.todo -= 1;
            st.events += 1;
            let action = st.ready.pop_front()?;
            if self.0.recording.get() {
                let now = self.now();
                if let Some(log) = st.steps.as_mut() {
                    log.run(now, action.task(), action.kind());
                }
            }
            action
        };
        let ran = match action {
            Action::Poll(task) => {
                self.poll_task(task);
                (Some(task), "step task")
            }
            Action::Wakeup(task) => {
                self.poll_task(task);
                (Some(task), "wake task")
            }
            Action::Call(label, callback) => {
                callback(self);
                (None, label)
            }
        };
        if self.0.recording.get() {
            self.record_step_end(ran.0);
        }
        // run_forever checks `_stopping` once the iteration is over.
        let stopping = {
            let st = self.0.state.borrow();
            match st.shutdown {
                Shutdown::Stopping(phase) if st.todo == 0 && !st.stopped => Some(phase),
                _ => None,
            }
        };
        if let Some(phase) = stopping {
            self.next_shutdown_phase(phase);
        }
        Some(ran)
    }

    /// One full `_run_once` iteration (without waiting for timers).
    pub fn run_once(&self) {
        if self.0.state.borrow().todo == 0 {
            self.begin_iteration();
        }
        while self.run_handle().is_some() {}
    }

    pub fn has_ready(&self) -> bool {
        let st = self.0.state.borrow();
        !st.ready.is_empty() || !self.0.inbox.is_empty()
    }

    /// The earliest pending timer's deadline.
    pub fn next_deadline(&self) -> Option<f64> {
        let mut st = self.st();
        while let Some(Reverse(key)) = st.timers.peek().copied() {
            if st
                .timer_actions
                .get(key.seq as usize)
                .is_some_and(Option::is_some)
            {
                return Some(key.deadline);
            }
            st.timers.pop();
        }
        None
    }

    /// True once main and every other task have ended (or the run stopped).
    pub fn is_complete(&self) -> bool {
        let st = self.0.state.borrow();
        st.stopped || st.shutdown == Shutdown::Closed
    }

    pub fn is_stopped(&self) -> bool {
        self.0.state.borrow().stopped
    }

    /// Nothing is ready, no timer is pending, no foreign future can wake a
    /// task, yet tasks remain: they would wait forever.
    pub fn is_deadlocked(&self) -> bool {
        !self.is_complete()
            && !self.has_ready()
            && self.next_deadline().is_none()
            && self.0.state.borrow().foreign_waits == 0
    }

    /// Handles run so far (the scheduler's events).
    pub fn events(&self) -> u64 {
        self.0.state.borrow().events
    }

    /// Runs a virtual-time loop to completion, instantly.
    pub fn run_virtual(&self) {
        assert_eq!(
            self.mode(),
            Mode::Virtual,
            "run_virtual needs a virtual clock"
        );
        loop {
            match self.step() {
                StepEvent::Finished | StepEvent::Deadlocked => return,
                StepEvent::Ran { .. } | StepEvent::ClockAdvanced { .. } => {}
            }
        }
    }

    /// Advances a virtual-time loop by one handle (or one clock jump).
    pub fn step(&self) -> StepEvent {
        if self.is_complete() {
            return StepEvent::Finished;
        }
        if self.0.state.borrow().todo == 0 {
            if !self.has_ready() {
                if let Clock::Virtual(t) = &self.0.clock {
                    match self.next_deadline() {
                        Some(deadline) if deadline > t.get() => {
                            t.set(deadline);
                            return StepEvent::ClockAdvanced { to_ms: deadline };
                        }
                        Some(_) => {}
                        None => return StepEvent::Deadlocked,
                    }
                }
            }
            self.begin_iteration();
        }
        match self.run_handle() {
            Some((task, label)) => StepEvent::Ran {
                task,
                label: match task {
                    Some(t) => format!("{label} {t}"),
                    None => label.to_string(),
                },
            },
            None if self.is_deadlocked() => StepEvent::Deadlocked,
            None => StepEvent::Ran {
                task: None,
                label: "idle".into(),
            },
        }
    }

    /// Keeps a [`StepLog`] of everything this loop runs from now on.
    pub fn record_steps(&self) {
        self.st().steps = Some(StepLog::default());
        self.0.recording.set(true);
    }

    /// The step log, once the run is over.
    pub fn take_steps(&self) -> Option<StepLog> {
        self.0.recording.set(false);
        let mut log = self.st().steps.take()?;
        log.end_step();
        Some(log)
    }

    /// Where the step left its task, for the step view.
    fn record_step_end(&self, task: Option<TaskId>) {
        let mut st = self.st();
        let st = &mut *st;
        let Some(log) = st.steps.as_mut() else {
            return;
        };
        if let Some(slot) = task.and_then(|t| st.tasks.get(t)) {
            let rec = &slot.record;
            let state = if slot.finished {
                TaskState::Ended(rec.outcome)
            } else {
                match rec.state {
                    SpanState::Running => TaskState::Holding {
                        on: rec.on.as_deref().map(Arc::from),
                    },
                    state => TaskState::Waiting {
                        on: rec.on.as_deref().map(Arc::from),
                        queued: state == SpanState::Queued,
                        line: None,
                    },
                }
            };
            log.state(task.unwrap_or_default(), state);
        }
        log.end_step();
    }

    /// The handles waiting in the ready queue, in order.
    pub fn ready_queue(&self) -> Vec<ReadyEntry> {
        let st = self.0.state.borrow();
        st.ready
            .iter()
            .map(|a| ReadyEntry {
                task: a.task(),
                label: a.label(),
            })
            .collect()
    }

    /// Pending timers, earliest first.
    pub fn pending_timers(&self) -> Vec<TimerEntry> {
        let st = self.0.state.borrow();
        let mut keys: Vec<TimerKey> = st.timers.iter().map(|r| r.0).collect();
        keys.sort();
        keys.into_iter()
            .filter_map(|k| {
                st.timer_actions
                    .get(k.seq as usize)
                    .and_then(Option::as_ref)
                    .map(|(_, label)| TimerEntry {
                        deadline_ms: k.deadline,
                        label: label.to_string(),
                    })
            })
            .collect()
    }

    /// Stops the run: every pending task is dropped with outcome `running`,
    /// every timer cleared, and no callback of this run fires afterwards.
    pub fn stop(&self) {
        let now = self.now();
        let (coros, ready, timers) = {
            let mut st = self.st();
            if st.stopped {
                return;
            }
            st.stopped = true;
            st.finished_at = Some(now);
            let coros: Vec<BoxedCoro> = st
                .tasks
                .iter_mut()
                .filter(|t| !t.finished)
                .filter_map(|t| t.coro.take())
                .collect();
            let ready = std::mem::take(&mut st.ready);
            let timers = std::mem::take(&mut st.timer_actions);
            st.timers.clear();
            st.todo = 0;
            (coros, ready, timers)
        };
        // Dropping may release locks and schedule callbacks: the stopped flag
        // turns those into no-ops.
        drop(coros);
        drop(ready);
        drop(timers);
        self.0.inbox.drain();
        self.0.inbox.notify_driver();
    }

    // ---- what scenarios call besides await points -------------------------

    /// `print()`: recorded with the time and the printing task.
    pub fn print(&self, text: impl Into<String>) {
        let now = self.now();
        let mut st = self.st();
        let task = st.current.or(st.main).unwrap_or(0);
        if let Some(log) = st.steps.as_mut() {
            log.output();
        }
        st.output.push(OutputLine {
            at_ms: now,
            task,
            text: text.into(),
        });
    }

    /// A warning Python writes to stderr, recorded with the output.
    pub fn warn(&self, text: impl Into<String>) {
        self.print(text);
    }

    /// A blocking call (`time.sleep`) that holds the loop: nothing else runs
    /// until it returns. Real clock: an actual busy-wait.
    pub fn block(&self, ms: f64) {
        let start = self.now();
        if let Some(task) = self.current_task() {
            let on: Rc<str> = Rc::from(format!("blocking call ({} ms)", fmt_ms(ms)));
            self.set_state(task, SpanState::Running, Some(on));
        }
        match &self.0.clock {
            Clock::Virtual(t) => t.set(t.get() + ms.max(0.0)),
            Clock::Real { .. } => while self.now() - start < ms {},
        }
        let end = self.now();
        self.st().blocks.push((start, end));
        if let Some(task) = self.current_task() {
            self.set_state(task, SpanState::Running, None);
        }
    }

    /// The trace so far; unfinished tasks are shown up to now as `running`.
    pub fn trace(&self, variant: &str, ideal_ms: f64) -> RunTrace {
        let now = self.now();
        let st = self.0.state.borrow();
        let main = st.main.map(|m| &st.tasks[m]);
        let (result, error) = match main {
            Some(m) if m.finished => (m.record.value.clone(), m.record.error.clone()),
            _ => (Value::Null, None),
        };
        let tasks = st
            .tasks
            .iter()
            .enumerate()
            .map(|(id, t)| {
                t.record
                    .to_trace(id, st.finished_at.unwrap_or(now), t.finished)
            })
            .collect();
        RunTrace {
            variant: variant.to_string(),
            total_ms: st.finished_at.unwrap_or(now),
            ideal_ms,
            result,
            error,
            tasks,
            output: st.output.clone(),
        }
    }
}

/// A running or finished task (asyncio's `Task`).
#[derive(Clone)]
pub struct TaskHandle {
    lp: EventLoop,
    id: TaskId,
}

impl TaskHandle {
    pub fn id(&self) -> TaskId {
        self.id
    }
    pub fn name(&self) -> String {
        self.lp.task_name(self.id)
    }
    /// `task.cancel()`: CancelledError is raised at the task's await point.
    pub fn cancel(&self) -> bool {
        self.lp.cancel_task(self.id)
    }
    pub fn done(&self) -> bool {
        self.done_fut().is_done()
    }
    /// The result of a finished task.
    pub fn result(&self) -> Option<Outcome> {
        self.done_fut().result()
    }
    pub(crate) fn done_fut(&self) -> Fut {
        self.lp.task_done_fut(self.id)
    }
    /// `await task`. Cancelling the awaiting task cancels this one too.
    pub async fn join(&self) -> Outcome {
        let on = format!("task {}", self.name());
        super::future::Wait::new(&self.lp, self.done_fut(), SpanState::Waiting, on).await
    }
}
