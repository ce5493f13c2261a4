//! `error-handling`: one `safe_fetch`, three servers: a good answer, an
//! HTTP error, and a body that is not JSON.
mod run;

use serde_json::json;

use super::predict::{Answer, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};

pub static SCENARIO: Scenario = Scenario {
    id: "error-handling",
    chapter: "best-practices",
    section: "最佳实践 4 优雅处理异常",
    variants: &["ok", "http-error", "unknown-error"],
    params: &[ParamSpec::duration("latency_ms", 300)],
    main: run::main,
    ideal_ms,
    expect: |variant, params, lang| {
        let at = params.ms("latency_ms", variant);
        let printed = match variant {
            "ok" => vec![],
            "http-error" => vec![(
                at,
                format!(
                    "{}: Client error '404 Not Found' for url \
                     'https://api.example.com/users/999'\n\
                     For more information check: \
                     https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404",
                    lang.pick("HTTP 错误", "HTTP error")
                ),
            )],
            _ => vec![(
                at,
                format!(
                    "{}: Expecting value: line 1 column 1 (char 0)",
                    lang.pick("未知错误", "unknown error")
                ),
            )],
        };
        let result = match variant {
            "ok" => json!({ "id": 1, "name": "Alice" }),
            _ => json!(null),
        };
        vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            Expect::Result(result),
            Expect::Output(printed),
        ]
    },
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[],
        entries: &[
            (
                "http-error",
                "safe_fetch(\"https://api.example.com/users/999\")",
            ),
            ("unknown-error", "safe_fetch(\"https://example.com/\")"),
        ],
        setup: "",
    },
    javascript: Javascript {
        entries: &[
            (
                "http-error",
                "await safeFetch(\"https://api.example.com/users/1\"); // ok → { id: 1, name: 'Alice' }\n// or: await safeFetch(\"https://api.example.com/users/999\"); // http-error → 404\n// or: await safeFetch(\"https://example.com/\"); // unknown-error → an HTML page",
                "await safeFetch(\"https://api.example.com/users/999\"); // http-error → 404\n// or: await safeFetch(\"https://api.example.com/users/1\"); // ok → { id: 1, name: 'Alice' }\n// or: await safeFetch(\"https://example.com/\"); // unknown-error → an HTML page",
            ),
            (
                "unknown-error",
                "await safeFetch(\"https://api.example.com/users/1\"); // ok → { id: 1, name: 'Alice' }\n// or: await safeFetch(\"https://api.example.com/users/999\"); // http-error → 404\n// or: await safeFetch(\"https://example.com/\"); // unknown-error → an HTML page",
                "await safeFetch(\"https://example.com/\"); // unknown-error → an HTML page\n// or: await safeFetch(\"https://api.example.com/users/1\"); // ok → { id: 1, name: 'Alice' }\n// or: await safeFetch(\"https://api.example.com/users/999\"); // http-error → 404",
            ),
        ],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// One request, whatever its answer.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    params.ms("latency_ms", variant)
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "http-error-returns",
    variant: "http-error",
    asks: Asks::Returns,
    options: |_| {
        vec![
            Answer::Word("value"),
            Answer::Word("none"),
            Answer::Code("HTTPStatusError".into()),
        ]
    },
}];
