//! `wait-first-completed`: `asyncio.wait(..., FIRST_COMPLETED)` returns as
//! soon as one task is done; the rest are still running until cancelled.
mod run;

use serde_json::json;

use super::listing::seconds;
use super::predict::{counts, fastest_slowest_or_sum, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "wait-first-completed",
    chapter: "concurrency",
    section: "并发执行 3 asyncio.wait",
    variants: &["first-completed"],
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

/// The fastest task.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let durations = params.list("durations_ms", variant);
    durations.into_iter().min().unwrap_or(0) as f64
}

/// The numbers (from 1) of the tasks in `done`: the fastest ones. Tasks
/// due at the same instant finish in the same loop iteration, so they are
/// all in `done` together.
fn winners(variant: &str, params: &Params) -> Vec<usize> {
    let first = ideal_ms(variant, params);
    let durations = params.list("durations_ms", variant);
    (1..=durations.len())
        .filter(|&n| durations[n - 1] as f64 == first)
        .collect()
}

/// The texts' extras:
/// - `fastest_task`: the number of the (first) task to be done;
/// - `pending`: how many tasks are still pending, then cancelled.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    let variant = "first-completed";
    let winners = winners(variant, params);
    let tasks = params.list("durations_ms", variant).len();
    vec![
        ("fastest_task", winners.first().copied().unwrap_or(0) as f64),
        ("pending", (tasks - winners.len()) as f64),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let durations = params.list("durations_ms", variant);
    let first = ideal_ms(variant, params);
    let winners = winners(variant, params);
    let is_first = |ms: i64| ms as f64 == first;
    let done: Vec<String> = winners.iter().map(|n| format!("Task {n} done")).collect();
    let pending = durations.len() - done.len();
    let mut output: Vec<(f64, String)> = done
        .iter()
        .map(|d| (first, format!("{} {d}", lang.pick("完成:", "done:"))))
        .collect();
    output.push((
        first,
        format!(
            "{} {pending}",
            lang.pick("取消未完成的任务:", "cancelled pending tasks:")
        ),
    ));
    let mut claims = vec![
        Expect::TotalMs(first),
        Expect::Result(json!(done)),
        Expect::Output(output),
        Expect::OutcomeCount(TaskOutcome::Cancelled, pending),
    ];
    // The winners are done, and every pending task is cancelled at once.
    for (i, &ms) in durations.iter().enumerate() {
        let name = format!("task({}, {})", i + 1, seconds(ms));
        let outcome = if is_first(ms) {
            TaskOutcome::Done
        } else {
            TaskOutcome::Cancelled
        };
        claims.push(Expect::TaskEnds(name, outcome, first));
    }
    claims
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "done-at",
        variant: "first-completed",
        asks: Asks::Total,
        options: |p| {
            let durations = p.list("durations_ms", "first-completed");
            fastest_slowest_or_sum(durations.iter().map(|&d| d as f64))
        },
    },
    Question {
        id: "cancelled",
        variant: "first-completed",
        asks: Asks::Outcomes(TaskOutcome::Cancelled),
        options: |p| {
            let n = p.list("durations_ms", "first-completed").len() as i64;
            counts([0, n - 1, n])
        },
    },
];
