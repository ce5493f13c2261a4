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
