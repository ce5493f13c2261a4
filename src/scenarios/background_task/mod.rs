//! `background-task`: `create_task` starts work that runs on its own until
//! `task.cancel()` raises CancelledError at its await point.
mod run;

use serde_json::Value;

use super::params::MAX_DURATION_MS;
use super::predict::{counts, Asks, Question};
use super::{Expect, Javascript, Kind, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "background-task",
    chapter: "concurrency",
    section: "并发执行 2 create_task",
    variants: &["cancel-after"],
    params: &[
        // At least 100 ms: a shorter tick would flood the output (and a
        // 0 ms one would never let virtual time move on).
        ParamSpec {
            key: "interval_ms",
            kind: Kind::Int {
                min: 100,
                max: MAX_DURATION_MS,
                default: 2000,
            },
            variant_defaults: &[],
        },
        ParamSpec::duration("run_ms", 5000),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |_, _| Load::tasks(2),
    python: Python::AS_WRITTEN,
    javascript: Javascript::AS_WRITTEN,
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// main sleeps run_ms, then cancels the task and waits for it to end.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    params.ms("run_ms", variant)
}

/// When the background task prints: at 0 (the task starts as soon as main
/// first waits), then every interval strictly before the cancellation (a
/// tick due at the very moment of cancel() is pre-empted by it).
fn tick_times(variant: &str, params: &Params) -> Vec<f64> {
    let interval = params.ms("interval_ms", variant);
    let run = params.ms("run_ms", variant);
    let mut ticks = vec![0.0];
    let mut at = interval;
    while at < run {
        ticks.push(at);
        at += interval;
    }
    ticks
}

/// The texts' extras:
/// - `ticks`: how many times the background task prints;
/// - `last_tick`: when it prints for the last time;
/// - `next_tick`: when the sleep that the cancellation cuts short was due
///   to end.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    let ticks = tick_times("cancel-after", params);
    let last = ticks.last().copied().unwrap_or(0.0);
    vec![
        ("ticks", ticks.len() as f64),
        ("last_tick", last),
        ("next_tick", last + params.ms("interval_ms", "cancel-after")),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let run = params.ms("run_ms", variant);
    let tick = lang.pick("后台任务运行中...", "background task running...");
    let cancelled = lang.pick("后台任务已取消", "background task cancelled");
    let mut output: Vec<(f64, String)> = tick_times(variant, params)
        .into_iter()
        .map(|at| (at, tick.to_string()))
        .collect();
    output.push((run, format!("CancelledError: {cancelled}")));
    vec![
        Expect::TotalMs(run),
        Expect::Result(Value::Null),
        Expect::Output(output),
        Expect::TaskEnds("background_task()".into(), TaskOutcome::Cancelled, run),
    ]
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "ticks",
    variant: "cancel-after",
    asks: Asks::LinesBy("background_task()"),
    options: |p| {
        let (interval, run) = (
            p.int("interval_ms", "cancel-after"),
            p.int("run_ms", "cancel-after"),
        );
        let whole = if interval > 0 { run / interval } else { 0 };
        counts([1, whole, whole + 1])
    },
}];
