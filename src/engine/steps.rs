//! Stepping through a run: one entry per callback the event loop ran, and
//! what the loop held after it — the ready queue in order, the pending
//! timers, every task's state — for any step, forwards or backwards.
//!
//! Runtimes report changes as they happen (a handle joins the queue, a step
//! starts, a timer is set, a task waits); nothing is copied per step, so a
//! run of 100,000 steps holds a few megabytes, and a snapshot is a pure
//! function of its step number: going back shows exactly what going forward
//! showed. The engine feeds this from its loop; CPython's tracer through its
//! events ([`StepLog::from_events`]).
use std::sync::Arc;

use serde_json::Value;

use super::trace::TaskOutcome;

/// Entries a snapshot lists of a long ready queue or timer heap; the rest
/// are counted.
pub const LISTED: usize = 100;

/// A callback in the ready queue, or the one a step ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Handle {
    /// The task it steps, if it is a task's step.
    pub task: Option<usize>,
    /// `step`, `wake`, or what the callback is.
    pub kind: &'static str,
}

/// Where a task is after a step.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskState {
    /// Created, its first step not yet run.
    New,
    /// Suspended at an await, on `on`; `queued` when in line for a lock or
    /// semaphore. `line`: the program line it waits at, when known.
    Waiting {
        on: Option<Arc<str>>,
        queued: bool,
        line: Option<u32>,
    },
    /// Holding the loop in a blocking call (`time.sleep`).
    Holding {
        on: Option<Arc<str>>,
    },
    Ended(TaskOutcome),
}

/// One step: the callback the loop ran, when, and where the logs stood
/// after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at_ms: f64,
    pub handle: Handle,
    /// Printed lines after this step.
    pub outputs: u32,
    /// Every handle queued before this index, and every timer set before
    /// that one, was gone by the end of this step: where a snapshot starts
    /// looking (so a step of a long run reads what is live, not its past).
    queue_from: u32,
    timers_from: u32,
}

#[derive(Clone, Debug)]
struct Queued {
    handle: Handle,
    /// The step it joined the queue before or during (1-based position).
    joined: u32,
    /// The step that ran it (or took it away); `u32::MAX` while queued.
    left: u32,
}

#[derive(Clone, Debug)]
struct Timer {
    id: u64,
    deadline_ms: f64,
    owner: Option<usize>,
    label: Arc<str>,
    set: u32,
    done: u32,
}

#[derive(Clone, Debug)]
struct TaskLife {
    created: u32,
    /// (position, state) in order.
    states: Vec<(u32, TaskState)>,
    /// The first step that ran it.
    first_step: Option<u32>,
}

/// A pending timer as a snapshot shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerView {
    pub deadline_ms: f64,
    pub owner: Option<usize>,
    pub label: Arc<str>,
}

/// A task as a snapshot shows it (its name is the trace's lane name).
#[derive(Clone, Debug, PartialEq)]
pub struct TaskView {
    pub id: usize,
    pub state: TaskState,
    /// Its place in line among the tasks queued on the same lock or
    /// semaphore (1 = next), when queued.
    pub place: Option<usize>,
    /// When its earliest pending timer (a sleep, a timeout) is due.
    pub until_ms: Option<f64>,
}

/// The loop after one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// 1-based.
    pub step: usize,
    pub at_ms: f64,
    pub handle: Handle,
    /// Whether this step was the task's first.
    pub first_step_of_task: bool,
    /// The ready queue after the step, in order (the first [`LISTED`]).
    pub ready: Vec<Handle>,
    pub ready_len: usize,
    /// Pending timers, earliest first (the first [`LISTED`]).
    pub timers: Vec<TimerView>,
    pub timers_len: usize,
    /// Timers this step set.
    pub timers_set: Vec<TimerView>,
    /// Every task created so far.
    pub tasks: Vec<TaskView>,
    /// Printed lines so far.
    pub outputs: usize,
}

/// One step in a sentence's worth: what ran and where it left its task.
#[derive(Clone, Debug, PartialEq)]
pub struct StepSummary {
    pub step: usize,
    pub at_ms: f64,
    pub handle: Handle,
    pub first_step_of_task: bool,
    /// The stepped task's state after the step.
    pub state: Option<TaskState>,
    /// Timers this step set.
    pub timers_set: Vec<TimerView>,
}

/// A run's steps and the changes between them.
#[derive(Clone, Debug, Default)]
pub struct StepLog {
    steps: Vec<Step>,
    queue: Vec<Queued>,
    /// Indices into `queue` of the handles queued now, in order.
    live: std::collections::VecDeque<usize>,
    timers: Vec<Timer>,
    tasks: Vec<TaskLife>,
    in_step: bool,
    outputs: u32,
    /// The first timer not yet known to be done.
    timers_done_upto: usize,
}

impl StepLog {
    /// The position a change is filed under: the running step, or between
    /// steps the next one (the loop preparing it).
    fn pos(&self) -> u32 {
        self.steps.len() as u32 + u32::from(!self.in_step)
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    // ---- recording ----------------------------------------------------

    /// A task was created (ids in creation order from 0; its name is the
    /// trace's).
    pub fn task(&mut self, id: usize) {
        if id != self.tasks.len() {
            return;
        }
        let created = self.pos();
        self.tasks.push(TaskLife {
            created,
            states: vec![(created, TaskState::New)],
            first_step: None,
        });
    }

    /// A handle joined the ready queue.
    pub fn ready(&mut self, task: Option<usize>, kind: &'static str) {
        let joined = self.pos();
        self.live.push_back(self.queue.len());
        self.queue.push(Queued {
            handle: Handle { task, kind },
            joined,
            left: u32::MAX,
        });
    }

    /// A step starts: the loop runs `task`'s handle (or a callback). The
    /// handle leaves the queue: the front one, else the first of that task.
    pub fn run(&mut self, at_ms: f64, task: Option<usize>, kind: &'static str) {
        self.end_step();
        let at_ms = self.steps.last().map_or(at_ms, |s| s.at_ms.max(at_ms));
        self.steps.push(Step {
            at_ms,
            handle: Handle { task, kind },
            outputs: self.outputs,
            queue_from: 0,
            timers_from: 0,
        });
        self.in_step = true;
        let pos = self.steps.len() as u32;
        let front_matches = self
            .live
            .front()
            .is_some_and(|&i| self.queue[i].handle.task == task);
        let found = if front_matches {
            Some(0)
        } else {
            self.live
                .iter()
                .position(|&i| task.is_some() && self.queue[i].handle.task == task)
        };
        if let Some(at) = found {
            if let Some(i) = self.live.remove(at) {
                self.queue[i].left = pos;
            }
        }
        if let Some(task) = task.and_then(|t| self.tasks.get_mut(t)) {
            task.first_step.get_or_insert(pos);
        }
        // Handles leave only when a step starts, and a timer's end is
        // known when it happens: what is gone now is gone after this step.
        while self
            .timers
            .get(self.timers_done_upto)
            .is_some_and(|t| t.done != u32::MAX)
        {
            self.timers_done_upto += 1;
        }
        let queue_from = self.live.front().copied().unwrap_or(self.queue.len());
        if let Some(step) = self.steps.last_mut() {
            step.queue_from = queue_from as u32;
            step.timers_from = self.timers_done_upto as u32;
        }
    }

    /// The running step is over.
    pub fn end_step(&mut self) {
        if self.in_step {
            if let Some(step) = self.steps.last_mut() {
                step.outputs = self.outputs;
            }
        }
        self.in_step = false;
    }

    /// Whether a handle of `task` waits in the ready queue.
    fn is_queued(&self, task: usize) -> bool {
        self.live
            .iter()
            .any(|&i| self.queue[i].handle.task == Some(task))
    }

    /// Where the last step left a task, reported after it: CPython's
    /// tracer says so once the step's callback has returned.
    fn state_after_step(&mut self, task: usize, state: TaskState) {
        let was = self.in_step;
        self.in_step = !self.steps.is_empty();
        self.state(task, state);
        self.in_step = was;
    }

    /// A task is now in `state`.
    pub fn state(&mut self, task: usize, state: TaskState) {
        let pos = self.pos();
        if let Some(life) = self.tasks.get_mut(task) {
            if life.states.last().map(|(_, s)| s) != Some(&state) {
                life.states.push((pos, state));
            }
        }
    }

    pub fn timer_set(&mut self, id: u64, deadline_ms: f64, owner: Option<usize>, label: Arc<str>) {
        let set = self.pos();
        self.timers.push(Timer {
            id,
            deadline_ms,
            owner,
            label,
            set,
            done: u32::MAX,
        });
    }

    /// A timer fired or was cancelled.
    pub fn timer_done(&mut self, id: u64) {
        let pos = self.pos();
        // Recent timers are the likely ones: search from the end.
        if let Some(timer) = self
            .timers
            .iter_mut()
            .rev()
            .find(|t| t.id == id && t.done == u32::MAX)
        {
            timer.done = pos;
        }
    }

    /// A line was printed.
    pub fn output(&mut self) {
        self.outputs += 1;
        if let Some(step) = self.steps.last_mut().filter(|_| self.in_step) {
            step.outputs = self.outputs;
        }
    }

    /// Bytes held, roughly: what a long run's step history costs.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        self.steps.capacity() * size_of::<Step>()
            + self.queue.capacity() * size_of::<Queued>()
            + self.live.capacity() * size_of::<usize>()
            + self.timers.capacity() * size_of::<Timer>()
            + self
                .tasks
                .iter()
                .map(|t| {
                    size_of::<TaskLife>() + t.states.capacity() * size_of::<(u32, TaskState)>()
                })
                .sum::<usize>()
    }

    // ---- reading ------------------------------------------------------

    /// The loop after step `step` (1-based; clamped into the run).
    pub fn snapshot(&self, step: usize) -> Option<Snapshot> {
        if self.steps.is_empty() {
            return None;
        }
        let step = step.clamp(1, self.steps.len());
        let pos = step as u32;
        let current = &self.steps[step - 1];
        let queue_to = self.queue.partition_point(|q| q.joined <= pos);
        let queue_from = (current.queue_from as usize).min(queue_to);
        let queued: Vec<&Queued> = self.queue[queue_from..queue_to]
            .iter()
            .filter(|q| q.left > pos)
            .collect();
        let timers_to = self.timers.partition_point(|t| t.set <= pos);
        let timers_from = (current.timers_from as usize).min(timers_to);
        let mut timers: Vec<&Timer> = self.timers[timers_from..timers_to]
            .iter()
            .filter(|t| t.done > pos)
            .collect();
        timers.sort_by(|a, b| {
            a.deadline_ms
                .total_cmp(&b.deadline_ms)
                .then(a.id.cmp(&b.id))
        });
        let view = |t: &Timer| TimerView {
            deadline_ms: t.deadline_ms,
            owner: t.owner,
            label: t.label.clone(),
        };
        let from = self.timers.partition_point(|t| t.set < pos);
        let timers_set = self.timers[from..]
            .iter()
            .take_while(|t| t.set == pos)
            .map(view)
            .collect();
        let mut tasks: Vec<TaskView> = self
            .tasks
            .iter()
            .enumerate()
            .take_while(|(_, t)| t.created <= pos)
            .map(|(id, life)| {
                let at = life.states.partition_point(|(p, _)| *p <= pos);
                let state = life.states[at.saturating_sub(1)].1.clone();
                TaskView {
                    id,
                    state,
                    place: None,
                    until_ms: None,
                }
            })
            .collect();
        for timer in &timers {
            if let Some(task) = timer.owner.and_then(|o| tasks.get_mut(o)) {
                if task.until_ms.is_none() && !matches!(task.state, TaskState::Ended(_)) {
                    task.until_ms = Some(timer.deadline_ms);
                }
            }
        }
        self.number_queues(&mut tasks, pos);
        let first_step_of_task = current
            .handle
            .task
            .and_then(|t| self.tasks.get(t))
            .is_some_and(|t| t.first_step == Some(pos));
        Some(Snapshot {
            step,
            at_ms: current.at_ms,
            handle: current.handle.clone(),
            first_step_of_task,
            ready_len: queued.len(),
            ready: queued
                .iter()
                .take(LISTED)
                .map(|q| q.handle.clone())
                .collect(),
            timers_len: timers.len(),
            timers: timers.into_iter().take(LISTED).map(view).collect(),
            timers_set,
            tasks,
            outputs: current.outputs as usize,
        })
    }

    /// What a narration needs of one step, without the whole loop: cheap
    /// enough for a transcript of many steps.
    pub fn summary(&self, step: usize) -> Option<StepSummary> {
        if self.steps.is_empty() {
            return None;
        }
        let step = step.clamp(1, self.steps.len());
        let pos = step as u32;
        let current = &self.steps[step - 1];
        let life = current.handle.task.and_then(|t| self.tasks.get(t));
        let state = life.map(|life| {
            let at = life.states.partition_point(|(p, _)| *p <= pos);
            life.states[at.saturating_sub(1)].1.clone()
        });
        // Timers are in the order they were set: those of this step are a run.
        let from = self.timers.partition_point(|t| t.set < pos);
        let timers_set = self.timers[from..]
            .iter()
            .take_while(|t| t.set == pos)
            .map(|t| TimerView {
                deadline_ms: t.deadline_ms,
                owner: t.owner,
                label: t.label.clone(),
            })
            .collect();
        Some(StepSummary {
            step,
            at_ms: current.at_ms,
            handle: current.handle.clone(),
            first_step_of_task: life.is_some_and(|l| l.first_step == Some(pos)),
            state,
            timers_set,
        })
    }

    /// Places in line: tasks queued on the same thing, by when they joined.
    fn number_queues(&self, tasks: &mut [TaskView], pos: u32) {
        let mut lines: std::collections::HashMap<Arc<str>, Vec<(u32, usize)>> = Default::default();
        for view in tasks.iter() {
            if let TaskState::Waiting {
                on: Some(on),
                queued: true,
                ..
            } = &view.state
            {
                let life = &self.tasks[view.id];
                let at = life.states.partition_point(|(p, _)| *p <= pos);
                let since = life.states[at.saturating_sub(1)].0;
                lines.entry(on.clone()).or_default().push((since, view.id));
            }
        }
        for line in lines.values_mut() {
            line.sort_unstable();
            for (place, (_, id)) in line.iter().enumerate() {
                tasks[*id].place = Some(place + 1);
            }
        }
    }

    /// The first step at or after `at_ms` (1-based), for a click on the
    /// timeline; the last step if the time is past the run.
    pub fn step_at(&self, at_ms: f64) -> usize {
        let i = self.steps.partition_point(|s| s.at_ms < at_ms);
        (i + 1).min(self.steps.len()).max(1)
    }

    /// The first step after `step` at a later time.
    pub fn next_moment(&self, step: usize) -> usize {
        let Some(now) = self.steps.get(step.max(1) - 1).map(|s| s.at_ms) else {
            return self.steps.len().max(1);
        };
        let i = self.steps.partition_point(|s| s.at_ms <= now);
        (i + 1).min(self.steps.len())
    }

    /// The first step of the moment before `step`'s (or of its own moment,
    /// when `step` is not its first).
    pub fn previous_moment(&self, step: usize) -> usize {
        let Some(now) = self.steps.get(step.max(1) - 1).map(|s| s.at_ms) else {
            return 1;
        };
        let first_now = self.steps.partition_point(|s| s.at_ms < now) + 1;
        if first_now < step {
            return first_now;
        }
        match first_now.checked_sub(2).and_then(|i| self.steps.get(i)) {
            Some(before) => self.steps.partition_point(|s| s.at_ms < before.at_ms) + 1,
            None => 1,
        }
    }

    // ---- CPython ------------------------------------------------------

    /// The steps of a run CPython's tracer reported (`py/playground/
    /// tracer.py`'s events): `task`, `ready`, `run` (a task's step),
    /// `wait`/`hold`/`end` (where the step left the task), `timer` and
    /// `timer_done`, `print`. Malformed events are skipped.
    pub fn from_events(events: &[Value]) -> StepLog {
        let mut log = StepLog::default();
        for event in events {
            let Some(items) = event.as_array() else {
                continue;
            };
            let kind = items.first().and_then(Value::as_str).unwrap_or("");
            let t = items.get(1).and_then(Value::as_f64).unwrap_or(0.0);
            let id = items.get(2).and_then(Value::as_u64).map(|v| v as usize);
            let text = |i: usize| items.get(i).and_then(Value::as_str);
            let known = |id: Option<usize>| id.filter(|&i| i < log.tasks.len());
            match kind {
                "task" => {
                    if let Some(id) = id {
                        log.task(id);
                    }
                }
                "ready" => {
                    if let Some(id) = known(id) {
                        log.ready(Some(id), "step");
                    }
                }
                // A `run` of a task with no handle in the queue is the
                // program's top level going on (before and after
                // `asyncio.run`), not a callback of the loop.
                "run" => {
                    if let Some(id) = known(id).filter(|&id| log.is_queued(id)) {
                        log.run(t, Some(id), "step");
                    }
                }
                "wait" => {
                    if let Some(id) = known(id) {
                        let line = items.get(5).and_then(Value::as_u64).map(|l| l as u32);
                        log.state_after_step(
                            id,
                            TaskState::Waiting {
                                on: text(4).map(Arc::from),
                                queued: text(3) == Some("queued"),
                                line,
                            },
                        );
                        log.end_step();
                    }
                }
                "hold" => {
                    if let Some(id) = known(id) {
                        log.state(
                            id,
                            TaskState::Holding {
                                on: text(3).map(Arc::from),
                            },
                        );
                    }
                }
                "end" => {
                    if let Some(id) = known(id) {
                        let outcome = match text(3) {
                            Some("done") => TaskOutcome::Done,
                            Some("cancelled") => TaskOutcome::Cancelled,
                            Some("timed_out") => TaskOutcome::TimedOut,
                            _ => TaskOutcome::Failed,
                        };
                        log.state_after_step(id, TaskState::Ended(outcome));
                        log.end_step();
                    }
                }
                "timer" => {
                    let timer = items.get(3).and_then(Value::as_u64);
                    let deadline = items.get(4).and_then(Value::as_f64);
                    if let (Some(timer), Some(deadline)) = (timer, deadline) {
                        let label = Arc::from(text(5).unwrap_or("timer"));
                        log.timer_set(timer, deadline, known(id), label);
                    }
                }
                "timer_done" => {
                    if let Some(timer) = items.get(3).and_then(Value::as_u64) {
                        log.timer_done(timer);
                    }
                }
                "print" => log.output(),
                _ => {}
            }
        }
        log.end_step();
        log
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::scenarios::{ParamValue, CATALOGUE};

    /// Where a snapshot starts looking changes its speed, never its answer:
    /// every step of every scenario, and of a long semaphore run, reads the
    /// same with the marks as with a scan from the very first handle.
    #[test]
    fn the_marks_skip_only_what_is_gone() {
        let mut runs = Vec::new();
        for s in CATALOGUE {
            for &variant in s.variants {
                runs.push(s.run_steps(variant, &s.default_params(), Lang::En).1);
            }
        }
        let semaphore = crate::scenarios::find("semaphore").unwrap();
        let mut params = semaphore.default_params();
        params.set("urls", ParamValue::Int(300)).unwrap();
        params.set("max_concurrent", ParamValue::Int(7)).unwrap();
        runs.push(semaphore.run_steps("limited", &params, Lang::En).1);
        for log in runs {
            let mut unmarked = log.clone();
            for step in &mut unmarked.steps {
                (step.queue_from, step.timers_from) = (0, 0);
            }
            for n in 1..=log.len() {
                assert_eq!(log.snapshot(n), unmarked.snapshot(n), "step {n}");
            }
        }
    }
}
