//! A pinned run next to the run after it: each variant's total and the
//! tasks whose end moved, matched by name (and by order among tasks of the
//! same name, as gather's `fetch(…)` lanes repeat). The first task is main
//! in both, whatever its name says (it may show the parameters).
use std::collections::{HashMap, HashSet};

use crate::engine::{RunTrace, TraceDoc};

/// The prefix a pinned run's variant gets on the shared timeline.
pub const PINNED: &str = "pinned:";

/// The runs to draw: the pinned ones first, renamed so they never mix with
/// the current ones, then the current.
pub fn with_pinned(pinned: Option<&TraceDoc>, now: Option<&TraceDoc>) -> Option<TraceDoc> {
    let Some(pinned) = pinned else {
        return now.cloned();
    };
    let mut shown = now.cloned().unwrap_or_else(|| TraceDoc {
        runs: Vec::new(),
        ..pinned.clone()
    });
    let mut runs: Vec<RunTrace> = pinned
        .runs
        .iter()
        .map(|run| RunTrace {
            variant: format!("{PINNED}{}", run.variant),
            ..run.clone()
        })
        .collect();
    runs.append(&mut shown.runs);
    shown.runs = runs;
    Some(shown)
}

/// One variant in both runs.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantChange {
    pub variant: String,
    pub then_ms: f64,
    pub now_ms: f64,
    /// Tasks that end at another time, in the current run's order.
    pub moved: Vec<TaskChange>,
    /// Tasks found in both runs that end at the same time.
    pub unchanged: usize,
}

/// A task's end, before and after; `None` where the task is in one run only.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskChange {
    pub name: String,
    pub then_ms: Option<f64>,
    pub now_ms: Option<f64>,
}

/// What changed from the pinned document to the current one, per variant
/// present in both.
pub fn compare(then: &TraceDoc, now: &TraceDoc) -> Vec<VariantChange> {
    now.runs
        .iter()
        .filter_map(|run| {
            let before = then.runs.iter().find(|r| r.variant == run.variant)?;
            Some(compare_runs(before, run))
        })
        .collect()
}

fn compare_runs(then: &RunTrace, now: &RunTrace) -> VariantChange {
    // The k-th task of a name in one run is the k-th of that name in the other.
    let keyed = |run: &RunTrace| {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        run.tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == 0 {
                    return ((String::new(), 0), t.end_ms, t.name.clone());
                }
                let n = seen.entry(t.name.as_str()).or_default();
                *n += 1;
                ((t.name.clone(), *n), t.end_ms, t.name.clone())
            })
            .collect::<Vec<_>>()
    };
    let before: HashMap<(String, usize), f64> = keyed(then)
        .into_iter()
        .map(|(k, end, _)| (k, end))
        .collect();
    let after = keyed(now);
    let mut moved = Vec::new();
    let mut unchanged = 0;
    for (key, end, name) in &after {
        match before.get(key) {
            Some(was) if was == end => unchanged += 1,
            was => moved.push(TaskChange {
                name: name.clone(),
                then_ms: was.copied(),
                now_ms: Some(*end),
            }),
        }
    }
    let now_keys: HashSet<&(String, usize)> = after.iter().map(|(k, _, _)| k).collect();
    for (key, end, name) in keyed(then) {
        if !now_keys.contains(&key) {
            moved.push(TaskChange {
                name,
                then_ms: Some(end),
                now_ms: None,
            });
        }
    }
    VariantChange {
        variant: now.variant.clone(),
        then_ms: then.total_ms,
        now_ms: now.total_ms,
        moved,
        unchanged,
    }
}

/// The prefix a JavaScript run's variant gets on the shared timeline.
pub const JAVASCRIPT: &str = "js:";

/// The runs to draw with the JavaScript listing's beside them: each variant's
/// JavaScript run right under its own (same time axis), renamed so they
/// never mix; JavaScript runs of variants not shown come last.
pub fn with_javascript(shown: Option<TraceDoc>, js: Option<&TraceDoc>) -> Option<TraceDoc> {
    let Some(js) = js else {
        return shown;
    };
    let mut shown = shown.unwrap_or_else(|| TraceDoc {
        runs: Vec::new(),
        ..js.clone()
    });
    let renamed = |run: &RunTrace| RunTrace {
        variant: format!("{JAVASCRIPT}{}", run.variant),
        ..run.clone()
    };
    let mut runs = Vec::with_capacity(shown.runs.len() + js.runs.len());
    for run in shown.runs.drain(..) {
        let twin = js.runs.iter().find(|j| j.variant == run.variant);
        runs.push(run);
        runs.extend(twin.map(renamed));
    }
    let drawn: HashSet<String> = runs.iter().map(|r| r.variant.clone()).collect();
    runs.extend(
        js.runs
            .iter()
            .map(renamed)
            .filter(|r| !drawn.contains(&r.variant)),
    );
    shown.runs = runs;
    Some(shown)
}

/// What a JavaScript run shows that asyncio does differently, the moments
/// the texts talk about.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// An async function ran (and printed) up to its first await the
    /// moment it was called: no create_task needed, nothing to schedule.
    EagerStart { task: String, at_ms: f64 },
    /// Calls still running after main ended: a promise cannot be cancelled
    /// (asyncio.run would cancel their tasks).
    StillRunning { tasks: usize, at_ms: f64 },
    /// The first rejection: where Promise.all rejects, while the others run
    /// on.
    FirstRejection {
        task: String,
        error: String,
        at_ms: f64,
    },
    /// Calls ended by an AbortController: the only way JavaScript cancels,
    /// and only where the code listens to the signal.
    Aborted { tasks: usize, at_ms: f64 },
}

impl Difference {
    pub fn at_ms(&self) -> f64 {
        match self {
            Difference::EagerStart { at_ms, .. }
            | Difference::StillRunning { at_ms, .. }
            | Difference::FirstRejection { at_ms, .. }
            | Difference::Aborted { at_ms, .. } => *at_ms,
        }
    }
}

/// The differences a JavaScript run shows, in time order (the first of each
/// kind).
pub fn javascript_differences(run: &RunTrace) -> Vec<Difference> {
    use crate::engine::TaskOutcome;
    let mut found = Vec::new();
    let Some(main) = run.tasks.first() else {
        return found;
    };
    let eager = run.tasks.iter().skip(1).find(|task| {
        run.output
            .iter()
            .any(|line| line.task == task.id && line.at_ms <= task.start_ms)
    });
    if let Some(task) = eager {
        found.push(Difference::EagerStart {
            task: task.name.clone(),
            at_ms: task.start_ms,
        });
    }
    let rejected = run
        .tasks
        .iter()
        .filter(|t| t.outcome == TaskOutcome::Failed)
        .min_by(|a, b| a.end_ms.total_cmp(&b.end_ms));
    if let Some(task) = rejected {
        found.push(Difference::FirstRejection {
            task: task.name.clone(),
            error: task.error.clone().unwrap_or_default(),
            at_ms: task.end_ms,
        });
    }
    let aborted: Vec<f64> = run
        .tasks
        .iter()
        .filter(|t| matches!(t.outcome, TaskOutcome::Cancelled | TaskOutcome::TimedOut))
        .map(|t| t.end_ms)
        .collect();
    if let Some(first) = aborted.iter().copied().min_by(f64::total_cmp) {
        found.push(Difference::Aborted {
            tasks: aborted.len(),
            at_ms: first,
        });
    }
    let main_ended = main.outcome != TaskOutcome::Running;
    let still_running = run
        .tasks
        .iter()
        .skip(1)
        .filter(|t| t.outcome == TaskOutcome::Running || t.end_ms > main.end_ms + 1e-6)
        .count();
    if main_ended && still_running > 0 {
        found.push(Difference::StillRunning {
            tasks: still_running,
            at_ms: main.end_ms,
        });
    }
    found.sort_by(|a, b| a.at_ms().total_cmp(&b.at_ms()));
    found
}
