//! `sync-calls-async`: the guide's 陷阱 3, each way run as CPython runs it.
mod run;

use serde_json::json;

use super::predict::{Answer, Asks, Question};
use super::{Expect, Javascript, Load, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "sync-calls-async",
    chapter: "pitfalls",
    section: "陷阱 3 在同步函数中调用异步函数",
    variants: &["await-in-sync", "run-in-sync", "run-inside-loop"],
    params: &[],
    main: run::main,
    ideal_ms,
    expect,
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[
            (
                "await-in-sync",
                "# ✅ 正确方式 2: 使用 asyncio.run\ndef sync_function():\n    result = asyncio.run(async_function())",
                "# ❌ 错误\ndef sync_function():\n    result = await async_function()  # SyntaxError",
            ),
            (
                "run-inside-loop",
                "print(sync_function())  # or: asyncio.run(main())",
                "asyncio.run(main())  # or: print(sync_function())",
            ),
        ],
        entries: &[],
        setup: "",
    },
    // As written the JavaScript does not compile either; the other
    // variants leave the await out and show JavaScript's nearest ways.
    javascript: Javascript {
        entries: &[
            (
                "run-in-sync",
                "function syncFunction() {\n  const result = await asyncFunction();\n  return result;\n}",
                "// (syncFunction left out: its await does not compile)",
            ),
            (
                "run-in-sync",
                "console.log(syncFunction()); // or: console.log(syncFunctionThen()), await asyncCaller()",
                "console.log(syncFunctionThen()); // or: await asyncCaller()",
            ),
            (
                "run-inside-loop",
                "function syncFunction() {\n  const result = await asyncFunction();\n  return result;\n}",
                "// (syncFunction left out: its await does not compile)",
            ),
            (
                "run-inside-loop",
                "console.log(syncFunction()); // or: console.log(syncFunctionThen()), await asyncCaller()",
                "await asyncCaller(); // or: console.log(syncFunctionThen())",
            ),
        ],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// `async_function`'s one second of waiting.
const WAIT_MS: f64 = 1000.0;

fn ideal_ms(variant: &str, _: &Params) -> f64 {
    match variant {
        "run-in-sync" => WAIT_MS,
        _ => 0.0,
    }
}

fn expect(variant: &str, _: &Params, lang: Lang) -> Vec<Expect> {
    match variant {
        // Nothing runs: the file does not compile.
        "await-in-sync" => vec![
            Expect::Error("SyntaxError"),
            Expect::TotalMs(0.0),
            Expect::Output(Vec::new()),
        ],
        "run-in-sync" => {
            let result = lang.pick("结果", "result");
            vec![
                Expect::TotalMs(WAIT_MS),
                Expect::Result(json!(result)),
                Expect::Output(vec![(WAIT_MS, result.into())]),
            ]
        }
        _ => vec![
            Expect::Error("RuntimeError"),
            Expect::TotalMs(0.0),
            Expect::Output(vec![(
                0.0,
                "RuntimeWarning: coroutine 'async_function' was never awaited".into(),
            )]),
        ],
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "run-inside-loop",
    variant: "run-inside-loop",
    asks: Asks::Returns,
    options: |_| {
        vec![
            Answer::Word("value"),
            Answer::Code("RuntimeError".into()),
            Answer::Code("SyntaxError".into()),
        ]
    },
}];
