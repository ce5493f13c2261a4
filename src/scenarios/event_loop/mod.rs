//! `event-loop`: the guide's two ways to run a coroutine, as they behave in
//! the Python the page ships: 方式 1 `asyncio.run`, 方式 2
//! `get_event_loop` / `run_until_complete` / `close` (a RuntimeError since
//! 3.14), and what to write instead when a loop must be kept (`Runner`).
mod run;

use serde_json::Value;

use super::predict::{Answer, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};

pub static SCENARIO: Scenario = Scenario {
    id: "event-loop",
    chapter: "core-concepts",
    section: "Event Loop（事件循环）: 方式 1 / 方式 2",
    variants: &["asyncio-run", "get-event-loop", "runner"],
    params: &[ParamSpec::duration("delay_ms", 1000)],
    main: run::main,
    ideal_ms,
    expect: |variant, params, _| {
        let d = params.ms("delay_ms", variant);
        match variant {
            // Nothing runs: the error comes before the coroutine is made.
            "get-event-loop" => vec![
                Expect::Error("RuntimeError"),
                Expect::TotalMs(0.0),
                Expect::Output(Vec::new()),
            ],
            _ => vec![
                Expect::TotalMs(d),
                Expect::Result(Value::Null),
                Expect::Output(vec![(0.0, "Hello".into()), (d, "World".into())]),
            ],
        }
    },
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[],
        // The listing ends with `way_2()`, the guide's 方式 2; the other
        // variants call their way in its place.
        entries: &[
            ("asyncio-run", "@last way_1()"),
            ("runner", "@last today()"),
        ],
        setup: "",
    },
    // asyncio-run and runner run the listing as written (JavaScript's event
    // loop always runs: there is no Runner to keep one); get-event-loop, the
    // old way, calls sayHello() without awaiting it, as scripts did before
    // top-level await.
    javascript: Javascript {
        entries: &[(
            "get-event-loop",
            "await sayHello(); // or, the old way: sayHello();",
            "sayHello(); // the old way: nothing waits for it",
        )],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    match variant {
        "get-event-loop" => 0.0,
        _ => params.ms("delay_ms", variant),
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "way-2",
    variant: "get-event-loop",
    asks: Asks::Returns,
    options: |_| {
        vec![
            Answer::Word("none"),
            Answer::Code("RuntimeError".into()),
            Answer::Code("TypeError".into()),
        ]
    },
}];
