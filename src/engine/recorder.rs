//! The span rules every runtime shares: a task's record moves from state to
//! state as the runtime reports it, and becomes the trace's lane. The engine
//! feeds it directly; CPython's tracer feeds it through its events
//! ([`replay`]).
use std::rc::Rc;

use serde_json::Value;

use super::event_loop::TaskId;
use super::trace::{Span, SpanState, TaskOutcome, TaskTrace};

/// A closed span; its label is shared, and becomes a String only on export.
#[derive(Clone)]
pub(crate) struct RecordedSpan {
    pub(crate) state: SpanState,
    pub(crate) start: f64,
    pub(crate) end: f64,
    pub(crate) on: Option<Rc<str>>,
}

impl RecordedSpan {
    pub(crate) fn to_span(&self) -> Span {
        Span {
            state: self.state,
            start_ms: self.start,
            end_ms: self.end,
            on: self.on.as_deref().map(str::to_string),
        }
    }
}

/// The trace of one task, built as it runs.
pub(crate) struct TaskRecord {
    pub(crate) name: String,
    pub(crate) parent: Option<TaskId>,
    pub(crate) start: f64,
    pub(crate) end: f64,
    pub(crate) outcome: TaskOutcome,
    pub(crate) value: Value,
    pub(crate) error: Option<String>,
    pub(crate) spans: Vec<RecordedSpan>,
    pub(crate) state: SpanState,
    pub(crate) on: Option<Rc<str>>,
    pub(crate) since: f64,
}

impl TaskRecord {
    /// A task just created: waiting for its first step.
    pub(crate) fn new(name: String, parent: Option<TaskId>, now: f64) -> Self {
        TaskRecord {
            name,
            parent,
            start: now,
            end: now,
            outcome: TaskOutcome::Running,
            value: Value::Null,
            error: None,
            spans: Vec::new(),
            state: SpanState::Waiting,
            on: Some("scheduled".into()),
            since: now,
        }
    }

    /// A step starts at `now`. A task that was ready while a blocking call
    /// held the loop shows `blocked` from the moment it was ready.
    pub(crate) fn step_started(
        &mut self,
        now: f64,
        ready_since: Option<f64>,
        blocks: &[(f64, f64)],
    ) {
        let blocked = ready_since.filter(|&r| blocks.iter().any(|&(b0, b1)| b0 < now && b1 > r));
        if let Some(ready) = blocked {
            let ready = ready.max(self.since);
            self.transition(SpanState::Blocked, None, ready);
        }
        self.transition(SpanState::Running, None, now);
    }

    /// The task ended at `now`.
    pub(crate) fn finish(
        &mut self,
        now: f64,
        outcome: TaskOutcome,
        value: Value,
        error: Option<String>,
    ) {
        self.close(now, false);
        self.end = now;
        self.outcome = outcome;
        self.value = value;
        self.error = error;
    }
    /// Closes the open span at `now` and opens one in `state`.
    pub(crate) fn transition(&mut self, state: SpanState, on: Option<Rc<str>>, now: f64) {
        if self.state == state && self.on == on {
            return;
        }
        self.close(now, state == SpanState::Running);
        self.state = state;
        self.on = on;
        self.since = now;
    }

    /// Keeps zero-length running spans (they mark where code ran in virtual
    /// time) unless running simply goes on under another label.
    pub(crate) fn close(&mut self, now: f64, next_is_running: bool) {
        let zero = now <= self.since;
        if zero && (self.state != SpanState::Running || next_is_running) {
            return;
        }
        self.spans.push(RecordedSpan {
            state: self.state,
            start: self.since,
            end: now.max(self.since),
            on: self.on.clone(),
        });
    }

    pub(crate) fn to_trace(&self, id: TaskId, now: f64, finished: bool) -> TaskTrace {
        let mut spans: Vec<Span> = self.spans.iter().map(RecordedSpan::to_span).collect();
        let end = if finished { self.end } else { now };
        if !finished && (now > self.since || self.state == SpanState::Running) {
            spans.push(Span {
                state: self.state,
                start_ms: self.since,
                end_ms: now.max(self.since),
                on: self.on.as_deref().map(str::to_string),
            });
        }
        TaskTrace {
            id,
            name: self.name.clone(),
            parent: self.parent,
            start_ms: self.start,
            end_ms: end,
            outcome: if finished {
                self.outcome
            } else {
                TaskOutcome::Running
            },
            value: self.value.clone(),
            error: self.error.clone(),
            spans,
        }
    }
}

/// What a runtime reports for one run (CPython's tracer,
/// `py/playground/tracer.py`, or the JavaScript runtime, `js/runtime/`):
/// its events and the program's outcome.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ProgramRun {
    #[serde(default)]
    pub events: Vec<Value>,
    #[serde(default)]
    pub result: Value,
    #[serde(default)]
    pub error: Option<String>,
    /// CPython's traceback, the program's frames only.
    #[serde(default)]
    pub traceback: Vec<String>,
    /// Why the run was ended early: a budget, `deadlock`, `stopped`,
    /// `tracer` (the tracer itself failed).
    #[serde(default)]
    pub halted: Option<String>,
    /// When the program's last activity was, for a runtime whose program
    /// outlives its main (JavaScript runs until no timer is left; asyncio.run
    /// ends with main).
    #[serde(default)]
    pub ended_at: Option<f64>,
    /// Where a program that does not compile went wrong.
    #[serde(default)]
    pub syntax: Option<SyntaxError>,
}

#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct SyntaxError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ProgramRun {
    /// Parses the tracer's JSON; anything unreadable is the tracer's error.
    pub fn parse(json: &str) -> ProgramRun {
        serde_json::from_str(json).unwrap_or_else(|e| ProgramRun {
            error: Some(format!("TracerError: unreadable result ({e})")),
            halted: Some("tracer".into()),
            ..ProgramRun::default()
        })
    }
}

/// Builds a variant's trace from the tracer's events, with the same span
/// rules as the engine. Malformed events are skipped, never trusted: the
/// trace is always well formed. A run that ended early (stopped, a budget,
/// a deadlock) leaves its unfinished tasks `running` up to the last event.
pub fn replay(run: &ProgramRun, variant: &str, ideal_ms: f64) -> super::RunTrace {
    use super::trace::OutputLine;
    let mut tasks: Vec<TaskRecord> = Vec::new();
    let mut finished: Vec<bool> = Vec::new();
    let mut ready: Vec<Option<f64>> = Vec::new();
    let mut blocks: Vec<(f64, f64)> = Vec::new();
    let mut output: Vec<OutputLine> = Vec::new();
    let mut now = 0.0_f64;
    for event in &run.events {
        let Some(items) = event.as_array() else {
            continue;
        };
        let kind = items.first().and_then(Value::as_str).unwrap_or("");
        let t = items.get(1).and_then(Value::as_f64).unwrap_or(now).max(0.0);
        now = now.max(t);
        let id = items.get(2).and_then(Value::as_u64).map(|v| v as usize);
        let text = |i: usize| items.get(i).and_then(Value::as_str).map(str::to_string);
        match (kind, id) {
            ("task", Some(id)) if id == tasks.len() => {
                let parent = items.get(4).and_then(Value::as_u64).map(|p| p as usize);
                let parent = parent.filter(|&p| p < id);
                tasks.push(TaskRecord::new(text(3).unwrap_or_default(), parent, t));
                finished.push(false);
                ready.push(None);
            }
            ("ready", Some(id)) if id < tasks.len() => {
                ready[id].get_or_insert(t);
            }
            ("run", Some(id)) if id < tasks.len() && !finished[id] => {
                tasks[id].step_started(t, ready[id].take(), &blocks);
            }
            ("wait", Some(id)) if id < tasks.len() && !finished[id] => {
                let state = match text(3).as_deref() {
                    Some("queued") => SpanState::Queued,
                    _ => SpanState::Waiting,
                };
                tasks[id].transition(state, text(4).map(Rc::from), t);
            }
            ("hold", Some(id)) if id < tasks.len() && !finished[id] => {
                tasks[id].transition(SpanState::Running, text(3).map(Rc::from), t);
            }
            ("block", _) => {
                let end = items.get(2).and_then(Value::as_f64).unwrap_or(t);
                blocks.push((t, end.max(t)));
                now = now.max(end);
            }
            ("end", Some(id)) if id < tasks.len() && !finished[id] => {
                let outcome = match text(3).as_deref() {
                    Some("done") => TaskOutcome::Done,
                    Some("cancelled") => TaskOutcome::Cancelled,
                    Some("timed_out") => TaskOutcome::TimedOut,
                    _ => TaskOutcome::Failed,
                };
                let value = items.get(4).cloned().unwrap_or(Value::Null);
                tasks[id].finish(t, outcome, value, text(5));
                finished[id] = true;
            }
            ("print", Some(task)) => output.push(OutputLine {
                at_ms: t,
                task: task.min(tasks.len().saturating_sub(1)),
                text: text(3).unwrap_or_default(),
            }),
            _ => {}
        }
    }
    let total = if finished.first() == Some(&true) {
        tasks[0].end
    } else {
        now
    };
    let total = run.ended_at.map_or(total, |end| total.max(end.min(now)));
    super::RunTrace {
        variant: variant.to_string(),
        total_ms: total,
        ideal_ms,
        result: if run.error.is_some() {
            Value::Null
        } else {
            run.result.clone()
        },
        error: run.error.clone(),
        tasks: tasks
            .iter()
            .enumerate()
            .map(|(id, t)| t.to_trace(id, total, finished[id]))
            .collect(),
        output,
    }
}
