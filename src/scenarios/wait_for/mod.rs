//! `wait-for`: `asyncio.wait_for` cancels an operation that runs past its
//! timeout and raises TimeoutError.
mod run;

use serde_json::{json, Value};

use super::predict::{times, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "wait-for",
    chapter: "best-practices",
    section: "最佳实践 3 设置超时; 带超时的请求",
    variants: &["times-out", "completes"],
    params: &[
        ParamSpec::duration("operation_ms", 3000),
        ParamSpec::duration("timeout_ms", 2000).with_variant_defaults(&[("completes", 5000)]),
    ],
    main: run::main,
    ideal_ms,
    expect,
    // The operation runs inside main, unless a timeout of 0 makes
    // wait_for wrap it in a task it cancels at once.
    load: |variant, params| {
        Load::tasks(if params.ms("timeout_ms", variant) > 0.0 {
            1
        } else {
            2
        })
    },
    python: Python::AS_WRITTEN,
    // Both variants run the listing as written: completes differs by its
    // timeout_ms alone.
    javascript: Javascript::AS_WRITTEN,
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// Whichever comes first: the operation or the timeout.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    params
        .ms("operation_ms", variant)
        .min(params.ms("timeout_ms", variant))
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let operation = params.ms("operation_ms", variant);
    let timeout = params.ms("timeout_ms", variant);
    // The variant names the default timeouts; the law is the comparison.
    // A timeout due at the same instant as the operation wins: its timer
    // was set first.
    if operation < timeout {
        vec![
            Expect::TotalMs(operation),
            Expect::Result(json!(lang.pick("操作完成", "operation finished"))),
            Expect::NeverPrints(lang.pick("操作超时", "operation timed out").into()),
        ]
    } else {
        vec![
            Expect::TotalMs(timeout),
            Expect::Result(Value::Null),
            Expect::Output(vec![(
                timeout,
                lang.pick("操作超时", "operation timed out").into(),
            )]),
            // Since 3.12 the operation runs inside the caller's task: its
            // sleep is what the timeout cuts short.
            Expect::SleepCancelled(operation, timeout),
        ]
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "times-out-at",
    variant: "times-out",
    asks: Asks::Total,
    options: |p| {
        let (operation, timeout) = (
            p.ms("operation_ms", "times-out"),
            p.ms("timeout_ms", "times-out"),
        );
        times([timeout, operation, timeout + operation])
    },
}];
