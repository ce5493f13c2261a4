//! What the guide claims a run shows, as checks against a trace. The self-check
//! view and the native tests both read these.
use serde_json::Value;

use crate::engine::{RunTrace, SpanState, TaskOutcome};
use crate::format::fmt_ms;

/// One claim of the catalogue about a variant.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// The variant takes exactly this long (virtual time).
    TotalMs(f64),
    /// main returns this value.
    Result(Value),
    /// main raises an exception of this type.
    Error(&'static str),
    /// Exactly these lines are printed, at these times, in this order.
    Output(Vec<(f64, String)>),
    /// This line is printed at this time.
    Prints(f64, String),
    /// Nothing is printed that contains this text.
    NeverPrints(String),
    /// A task with this name ends with this outcome at this time.
    TaskEnds(String, TaskOutcome, f64),
    /// This many tasks end with this outcome.
    OutcomeCount(TaskOutcome, usize),
    /// A `sleep(ms)` (an operation's wait, inside whichever task runs it)
    /// is cut short at this time: the operation was cancelled.
    SleepCancelled(f64, f64),
    /// At no instant are more than this many tasks inside the section
    /// (running or waiting, but not queued), excluding main.
    MaxConcurrent(usize),
}

/// A claim next to what actually ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub claim: String,
    pub observed: String,
    pub pass: bool,
}

impl Expect {
    pub fn check(&self, run: &RunTrace) -> Check {
        let (claim, observed, pass) = match self {
            Expect::TotalMs(ms) => (
                format!("total {} ms", fmt_ms(*ms)),
                format!("total {} ms", fmt_ms(run.total_ms)),
                run.total_ms == *ms,
            ),
            Expect::Result(v) => (
                format!("result {v}"),
                format!("result {}", run.result),
                run.result == *v && run.error.is_none(),
            ),
            Expect::Error(kind) => {
                let got = run.error.clone().unwrap_or_else(|| "no error".into());
                let pass = got == *kind || got.starts_with(&format!("{kind}:"));
                (format!("raises {kind}"), got, pass)
            }
            Expect::Output(lines) => {
                let got: Vec<(f64, String)> = run
                    .output
                    .iter()
                    .map(|o| (o.at_ms, o.text.clone()))
                    .collect();
                (show_lines(lines), show_lines(&got), got == *lines)
            }
            Expect::Prints(at, text) => {
                let found = run.output.iter().find(|o| o.text == *text);
                (
                    format!("prints \"{text}\" at {} ms", fmt_ms(*at)),
                    match found {
                        Some(o) => format!("printed at {} ms", fmt_ms(o.at_ms)),
                        None => "not printed".into(),
                    },
                    found.is_some_and(|o| o.at_ms == *at),
                )
            }
            Expect::NeverPrints(text) => {
                let found = run.output.iter().find(|o| o.text.contains(text.as_str()));
                (
                    format!("never prints \"{text}\""),
                    match found {
                        Some(o) => format!("printed \"{}\"", o.text),
                        None => "not printed".into(),
                    },
                    found.is_none(),
                )
            }
            Expect::TaskEnds(name, outcome, at) => {
                let task = run.tasks.iter().find(|t| t.name == *name);
                (
                    format!("{name} {} at {} ms", outcome_str(*outcome), fmt_ms(*at)),
                    match task {
                        Some(t) => format!("{} at {} ms", outcome_str(t.outcome), fmt_ms(t.end_ms)),
                        None => "no such task".into(),
                    },
                    task.is_some_and(|t| t.outcome == *outcome && t.end_ms == *at),
                )
            }
            Expect::OutcomeCount(outcome, n) => {
                let got = run.tasks.iter().filter(|t| t.outcome == *outcome).count();
                (
                    format!("{n} tasks {}", outcome_str(*outcome)),
                    format!("{got} tasks {}", outcome_str(*outcome)),
                    got == *n,
                )
            }
            Expect::SleepCancelled(ms, at) => {
                let on = format!("sleep({} ms)", fmt_ms(*ms));
                let cut = run
                    .tasks
                    .iter()
                    .flat_map(|t| &t.spans)
                    .filter(|s| s.on.as_deref() == Some(on.as_str()))
                    .map(|s| s.end_ms)
                    .find(|end| *end == *at);
                (
                    format!("{on} cancelled at {} ms", fmt_ms(*at)),
                    match cut {
                        Some(_) => format!("{on} cancelled at {} ms", fmt_ms(*at)),
                        None => format!("no {on} cut short at {} ms", fmt_ms(*at)),
                    },
                    cut.is_some(),
                )
            }
            Expect::MaxConcurrent(limit) => {
                let peak = peak_concurrency(run);
                (
                    format!("at most {limit} at once"),
                    format!("peak {peak} at once"),
                    peak <= *limit,
                )
            }
        };
        Check {
            claim,
            observed,
            pass,
        }
    }
}

fn outcome_str(o: TaskOutcome) -> &'static str {
    match o {
        TaskOutcome::Done => "done",
        TaskOutcome::Failed => "failed",
        TaskOutcome::Cancelled => "cancelled",
        TaskOutcome::TimedOut => "timed out",
        TaskOutcome::Running => "still running",
    }
}

fn show_lines(lines: &[(f64, String)]) -> String {
    lines
        .iter()
        .map(|(at, text)| format!("{} ms: {text}", fmt_ms(*at)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The most tasks (other than the first, main) that were at once between
/// their first running span and their end without being queued.
pub fn peak_concurrency(run: &RunTrace) -> usize {
    peak_concurrency_at(run).0
}

/// The peak of [`peak_concurrency`], and when it was first reached.
pub fn peak_concurrency_at(run: &RunTrace) -> (usize, f64) {
    let mut edges: Vec<(f64, i32)> = Vec::new();
    for task in run.tasks.iter().skip(1) {
        let active: Vec<_> = task
            .spans
            .iter()
            .filter(|s| s.state != SpanState::Queued)
            .collect();
        let start = task
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Running)
            .map(|s| s.start_ms)
            .fold(f64::INFINITY, f64::min);
        if active.is_empty() || !start.is_finite() {
            continue;
        }
        // Past the last queued span: the task holds its slot from there on.
        let entered = task
            .spans
            .iter()
            .filter(|s| s.state == SpanState::Queued)
            .map(|s| s.end_ms)
            .fold(start, f64::max);
        if task.end_ms > entered {
            edges.push((entered, 1));
            edges.push((task.end_ms, -1));
        }
    }
    // Ends before starts at the same instant: a hand-over is not an overlap.
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut peak, mut at) = (0i32, 0i32, 0.0);
    for (time, delta) in edges {
        now += delta;
        if now > peak {
            (peak, at) = (now, time);
        }
    }
    (peak as usize, at)
}
