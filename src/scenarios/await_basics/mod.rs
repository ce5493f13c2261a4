//! `await-basics`: `await` runs a coroutine; calling it only builds one.
mod run;

use serde_json::json;

use super::predict::{Answer, Asks, Question};
use super::{Expect, Javascript, Load, Python, Scenario};

/// What `print(coro)` shows (CPython prints the object's address).
const COROUTINE_REPR: &str = "<coroutine object async_function at 0x…>";
const NEVER_AWAITED: &str = "RuntimeWarning: coroutine 'async_function' was never awaited";

pub static SCENARIO: Scenario = Scenario {
    id: "await-basics",
    chapter: "async-await",
    section: "async/await 语法; 陷阱 2",
    variants: &["awaited", "not-awaited"],
    params: &[],
    main: run::main,
    ideal_ms: |_, _| 0.0,
    expect: |variant, _, lang| {
        let body = lang
            .pick("async_function 开始执行", "async_function is running")
            .to_string();
        match variant {
            // The body runs and the caller gets its value.
            "awaited" => vec![
                Expect::TotalMs(0.0),
                Expect::Result(json!("Hello")),
                Expect::Output(vec![(0.0, body), (0.0, "Hello".into())]),
            ],
            // The body never runs; the value is a coroutine object, and
            // dropping it unawaited warns.
            _ => vec![
                Expect::TotalMs(0.0),
                Expect::Result(json!(COROUTINE_REPR)),
                Expect::NeverPrints(body),
                Expect::Output(vec![
                    (0.0, COROUTINE_REPR.into()),
                    (0.0, NEVER_AWAITED.into()),
                ]),
            ],
        }
    },
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[],
        entries: &[("not-awaited", "bad()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "not-awaited",
            "await good(); // or: await bad()",
            "await bad(); // or: await good()",
        )],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "not-awaited-returns",
    variant: "not-awaited",
    asks: Asks::Returns,
    options: |_| {
        vec![
            Answer::Code("'Hello'".into()),
            Answer::Word("coroutine"),
            Answer::Word("none"),
        ]
    },
}];
