//! `background-task`: `create_task` starts work that runs on its own until
//! `task.cancel()` raises CancelledError at its await point.
mod run;

use serde_json::Value;

use super::params::MAX_DURATION_MS;
use super::{Expect, Kind, Load, ParamSpec, Params, Python, Scenario};
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
    speedup: None,
    text_vars: super::no_text_vars,
};

/// main sleeps run_ms, then cancels the task and waits for it to end.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    params.ms("run_ms", variant)
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let interval = params.ms("interval_ms", variant);
    let run = params.ms("run_ms", variant);
    let tick = lang.pick("后台任务运行中...", "background task running...");
    let cancelled = lang.pick("后台任务已取消", "background task cancelled");
    // A tick at 0 (the task starts as soon as main first waits), then one
    // every interval strictly before the cancellation: a tick due at the
    // very moment of cancel() is pre-empted by it.
    let mut output: Vec<(f64, String)> = vec![(0.0, tick.to_string())];
    let mut at = interval;
    while at < run {
        output.push((at, tick.to_string()));
        at += interval;
    }
    output.push((run, format!("CancelledError: {cancelled}")));
    vec![
        Expect::TotalMs(run),
        Expect::Result(Value::Null),
        Expect::Output(output),
        Expect::TaskEnds("background_task()".into(), TaskOutcome::Cancelled, run),
    ]
}
