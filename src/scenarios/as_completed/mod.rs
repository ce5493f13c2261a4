//! `as-completed`: results handled in the order they finish, not the order
//! they were passed.
mod run;

use serde_json::json;

use super::predict::{Answer, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "as-completed",
    chapter: "concurrency",
    section: "并发执行 4",
    variants: &["as-completed"],
    params: &[ParamSpec::durations("durations_ms", &[1000, 2000, 1500])],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, params| Load::tasks(params.list("durations_ms", variant).len() + 1),
    python: Python::AS_WRITTEN,
    javascript: Javascript::AS_WRITTEN,
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// Everything runs at once: the slowest task.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let durations = params.list("durations_ms", variant);
    durations.into_iter().max().unwrap_or(0) as f64
}

/// Completion order as (duration, task number from 1): by duration; equal
/// durations keep argument order (their timers were set in that order).
fn completion_order(variant: &str, params: &Params) -> Vec<(i64, usize)> {
    let mut order: Vec<(i64, usize)> = params
        .list("durations_ms", variant)
        .into_iter()
        .enumerate()
        .map(|(i, ms)| (ms, i + 1))
        .collect();
    order.sort_by_key(|&(ms, _)| ms);
    order
}

/// The texts' extras:
/// - `first_task`: the number of the task that finishes first;
/// - `first_ms`: when it finishes (the shortest duration);
/// - `last_task`: the number of the task that finishes last.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    let order = completion_order("as-completed", params);
    let (first, last) = (order.first().copied(), order.last().copied());
    vec![
        ("first_task", first.map_or(0.0, |(_, n)| n as f64)),
        ("first_ms", first.map_or(0.0, |(ms, _)| ms as f64)),
        ("last_task", last.map_or(0.0, |(_, n)| n as f64)),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let order = completion_order(variant, params);
    let done = lang.pick("完成:", "done:");
    vec![
        Expect::TotalMs(ideal_ms(variant, params)),
        Expect::Result(json!(order
            .iter()
            .map(|(_, n)| format!("Task {n} done"))
            .collect::<Vec<_>>())),
        Expect::Output(
            order
                .iter()
                .map(|&(ms, n)| (ms as f64, format!("{done} Task {n} done")))
                .collect(),
        ),
        Expect::OutcomeCount(TaskOutcome::Done, order.len() + 1),
    ]
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "second",
    variant: "as-completed",
    asks: Asks::NthToFinish {
        nth: 2,
        prefix: "task(",
    },
    options: |p| {
        // Every task when there are few; else the six fastest.
        let durations = p.list("durations_ms", "as-completed");
        let mut order: Vec<usize> = (0..durations.len()).collect();
        order.sort_by_key(|&i| durations[i]);
        order.truncate(6);
        order.sort_unstable();
        order
            .into_iter()
            .map(|i| Answer::Task(i as i64 + 1))
            .collect()
    },
}];
