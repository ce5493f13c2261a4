//! Predict, then run: the questions a scenario asks before its run, and how
//! a finished run answers them. The options come from the parameters (the
//! usual ideas of what a run might do); which one is right is read from the
//! trace alone, so it follows the parameters, the runtime and an edited
//! program without any answer written down.
use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::engine::{Mode, RunTrace, TaskOutcome, TraceDoc};

use super::expect::peak_concurrency_at;
use super::Params;

/// One possible answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// A time, in milliseconds.
    Ms(f64),
    Count(i64),
    /// A task by the number in its name: `task(3, 1.5)` is task 3.
    Task(i64),
    /// Something the program itself shows: an exception type, a value.
    Code(String),
    /// A word the page translates (`predict.words.<id>`).
    Word(&'static str),
}

/// What a question asks about one variant's run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Asks {
    /// The run's total time.
    Total,
    /// When the printed line with this index (from 0) appears.
    PrintAt(usize),
    /// How many tasks besides the first (main) end with this outcome.
    Outcomes(TaskOutcome),
    /// What the program's main gives back: an exception's type, `None`, a
    /// coroutine object, or a value.
    Returns,
    /// How many lines the task with this name prints.
    LinesBy(&'static str),
    /// Which task whose name starts with `prefix` is the `nth` (from 1) to
    /// finish.
    NthToFinish { nth: usize, prefix: &'static str },
    /// An integer field of main's result (the result itself for "").
    ResultInt(&'static str),
    /// The most tasks inside the limited section at once.
    Peak,
}

/// What the run showed, and when it was decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub answer: Answer,
    pub at_ms: f64,
}

impl Asks {
    /// Reads the answer from a run; `None` when the run cannot say (no
    /// such line, no such task, a result of another shape).
    pub fn observe(&self, run: &RunTrace) -> Option<Observed> {
        let seen = |answer, at_ms| Some(Observed { answer, at_ms });
        match *self {
            Asks::Total => seen(Answer::Ms(run.total_ms), run.total_ms),
            Asks::PrintAt(index) => {
                let line = run.output.get(index)?;
                seen(Answer::Ms(line.at_ms), line.at_ms)
            }
            Asks::Outcomes(outcome) => {
                let ends: Vec<f64> = run
                    .tasks
                    .iter()
                    .skip(1)
                    .filter(|t| t.outcome == outcome)
                    .map(|t| t.end_ms)
                    .collect();
                let first = ends.iter().copied().fold(f64::INFINITY, f64::min);
                let at = if first.is_finite() {
                    first
                } else {
                    run.total_ms
                };
                seen(Answer::Count(ends.len() as i64), at)
            }
            Asks::Returns => {
                let main_end = run.tasks.first().map_or(run.total_ms, |t| t.end_ms);
                let answer = match (&run.error, &run.result) {
                    (Some(error), _) => {
                        let kind = error.split(':').next().unwrap_or(error).trim();
                        Answer::Code(kind.to_string())
                    }
                    (None, Value::Null) => Answer::Word("none"),
                    (None, Value::String(s)) if s.starts_with("<coroutine object") => {
                        Answer::Word("coroutine")
                    }
                    (None, _) => Answer::Word("value"),
                };
                seen(answer, main_end)
            }
            Asks::LinesBy(name) => {
                let ids: Vec<usize> = run
                    .tasks
                    .iter()
                    .filter(|t| t.name == name)
                    .map(|t| t.id)
                    .collect();
                let lines: Vec<f64> = run
                    .output
                    .iter()
                    .filter(|o| ids.contains(&o.task))
                    .map(|o| o.at_ms)
                    .collect();
                let at = lines.last().copied().unwrap_or(run.total_ms);
                seen(Answer::Count(lines.len() as i64), at)
            }
            Asks::NthToFinish { nth, prefix } => {
                let mut finished: Vec<(f64, usize, i64)> = run
                    .tasks
                    .iter()
                    .filter(|t| t.name.starts_with(prefix) && t.outcome != TaskOutcome::Running)
                    .filter_map(|t| Some((t.end_ms, t.id, task_number(&t.name)?)))
                    .collect();
                finished.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let &(end, _, number) = finished.get(nth.checked_sub(1)?)?;
                seen(Answer::Task(number), end)
            }
            Asks::ResultInt(field) => {
                let value = if field.is_empty() {
                    &run.result
                } else {
                    run.result.get(field)?
                };
                seen(Answer::Count(value.as_i64()?), run.total_ms)
            }
            Asks::Peak => {
                let (peak, at) = peak_concurrency_at(run);
                seen(Answer::Count(peak as i64), at)
            }
        }
    }
}

/// The first whole number in a task's name: `task(3, 1.5)` → 3.
fn task_number(name: &str) -> Option<i64> {
    let digits: String = name
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// One multiple-choice question about a scenario's run.
pub struct Question {
    /// Stable id: texts live at `scenarios.<scenario>.questions.<id>`.
    pub id: &'static str,
    /// The variant whose run answers it.
    pub variant: &'static str,
    pub asks: Asks,
    /// The options for these parameters: the usual ideas of what the run
    /// does, one of which it does.
    pub options: fn(&Params) -> Vec<Answer>,
}

/// How a run judged one prediction.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The option the learner chose, if any.
    pub picked: Option<usize>,
    /// The option the run showed, if one of them matches it.
    pub right: Option<usize>,
    pub observed: Observed,
    /// The run that decided.
    pub variant: &'static str,
}

impl Verdict {
    /// Right or wrong; `None` when the learner skipped the question.
    pub fn correct(&self) -> Option<bool> {
        self.picked.map(|p| Some(p) == self.right)
    }
}

impl Question {
    /// The options shown, in order: numbers ascending, each once.
    pub fn choices(&self, params: &Params) -> Vec<Answer> {
        let mut options = (self.options)(params);
        options.sort_by(|a, b| match (a, b) {
            (Answer::Ms(x), Answer::Ms(y)) => x.total_cmp(y),
            (Answer::Count(x), Answer::Count(y)) | (Answer::Task(x), Answer::Task(y)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        });
        options.dedup();
        options
    }

    /// Reads the answer from the document's run of this question's variant
    /// and finds the option that says it. In real time a measured total is
    /// never exact: a time matches the nearest option within the timers'
    /// jitter.
    pub fn judge(&self, doc: &TraceDoc, params: &Params, picked: Option<usize>) -> Option<Verdict> {
        let run = doc.runs.iter().find(|r| r.variant == self.variant)?;
        let observed = self.asks.observe(run)?;
        let choices = self.choices(params);
        let right = match (&observed.answer, doc.mode) {
            (Answer::Ms(ms), Mode::Real) => {
                let tolerance = (ms * 0.1).max(50.0);
                choices
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| match c {
                        Answer::Ms(option) => Some((i, (option - ms).abs())),
                        _ => None,
                    })
                    .filter(|(_, gap)| *gap <= tolerance)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| i)
            }
            (answer, _) => choices.iter().position(|c| c == answer),
        };
        Some(Verdict {
            picked,
            right,
            observed,
            variant: self.variant,
        })
    }
}

/// What the learner got right, kept in the browser: the latest verdict of
/// each question, by `<scenario>/<question>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub answers: BTreeMap<String, bool>,
}

/// The storage format's version: stored progress of another version is
/// dropped, never misread.
pub const PROGRESS_VERSION: u64 = 1;

impl Progress {
    pub fn key(scenario: &str, question: &str) -> String {
        format!("{scenario}/{question}")
    }

    /// Reads stored progress; anything unreadable (another version, a
    /// hand-edited value) reads as no progress.
    pub fn from_json(text: &str) -> Progress {
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            return Progress::default();
        };
        if value.get("version").and_then(Value::as_u64) != Some(PROGRESS_VERSION) {
            return Progress::default();
        }
        let answers = value
            .get("answers")
            .and_then(Value::as_object)
            .map(|answers| {
                answers
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_bool()?)))
                    .collect()
            })
            .unwrap_or_default();
        Progress { answers }
    }

    pub fn to_json(&self) -> String {
        json!({ "version": PROGRESS_VERSION, "answers": self.answers }).to_string()
    }

    /// Questions answered right among `keys`.
    pub fn right_among<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> usize {
        keys.into_iter()
            .filter(|k| self.answers.get(*k) == Some(&true))
            .count()
    }
}

/// How long `count` waits of `each` take, as the usual ideas have it:
/// overlapping (one wait), one after another (all added up), or another
/// multiple of one wait.
pub fn together_or_in_turn(
    p: &Params,
    variant: &str,
    count: &str,
    each: &str,
    multiples: &[f64],
) -> Vec<Answer> {
    let (count, each) = (p.int(count, variant) as f64, p.ms(each, variant));
    let mut options = times([each, count * each]);
    options.extend(multiples.iter().map(|m| Answer::Ms(m * each)));
    options
}

/// Waits of these lengths started at once end with the fastest, the
/// slowest, or (if they ran in turn) all of them added up.
pub fn fastest_slowest_or_sum(lengths: impl IntoIterator<Item = f64>) -> Vec<Answer> {
    let lengths: Vec<f64> = lengths.into_iter().collect();
    let fastest = lengths.iter().copied().fold(f64::INFINITY, f64::min);
    let slowest = lengths.iter().copied().fold(0.0, f64::max);
    times([fastest.min(slowest), slowest, lengths.iter().sum()])
}

/// Times as options.
pub fn times(values: impl IntoIterator<Item = f64>) -> Vec<Answer> {
    values.into_iter().map(Answer::Ms).collect()
}

/// Counts as options.
pub fn counts(values: impl IntoIterator<Item = i64>) -> Vec<Answer> {
    values.into_iter().map(Answer::Count).collect()
}
