//! `async-context-manager`: a custom `async with` that connects, queries and
//! closes, and still closes when the block raises.
mod run;

use serde_json::json;

use super::predict::{times, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};

pub static SCENARIO: Scenario = Scenario {
    id: "async-context-manager",
    chapter: "context-managers",
    section: "异步上下文管理器",
    variants: &["normal", "error-inside"],
    params: &[
        ParamSpec::duration("connect_ms", 100),
        ParamSpec::duration("query_ms", 500),
        ParamSpec::duration("close_ms", 100),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, lang| {
        let connect = params.ms("connect_ms", variant);
        let queried = close_at(variant, params);
        let line = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        let mut output = vec![
            (0.0, line("连接数据库...", "connecting to the database...")),
            (
                connect,
                line(
                    "执行查询: SELECT * FROM users",
                    "running query: SELECT * FROM users",
                ),
            ),
        ];
        if variant == "normal" {
            output.push((queried, line("结果", "result")));
        }
        output.push((
            queried,
            line("关闭数据库连接...", "closing the database connection..."),
        ));
        vec![
            Expect::TotalMs(ideal_ms(variant, params)),
            match variant {
                "normal" => Expect::Result(json!(lang.pick("结果", "result"))),
                _ => Expect::Error("ValueError"),
            },
            Expect::Output(output),
        ]
    },
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[],
        entries: &[
            ("error-inside", "async def main():\n    async with AsyncDatabaseConnection() as db:\n        result = await db.query(\"SELECT * FROM users\")\n        raise ValueError(\"处理结果时出错\")\nmain()"),
        ],
        setup: "",
    },
    javascript: Javascript {
        entries: &[
            (
                "error-inside",
                "// error-inside: throw new Error(\"failed to process the result\");",
                "throw new Error(\"failed to process the result\"); // error-inside",
            ),
        ],
        setup: "",
    },
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// When the close starts: after the connect and the query, on both paths.
fn close_at(variant: &str, params: &Params) -> f64 {
    params.ms("connect_ms", variant) + params.ms("query_ms", variant)
}

/// The texts' extras:
/// - `close_at`: when `__aexit__` starts closing (the block has ended or
///   raised).
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![("close_at", close_at("normal", params))]
}

/// Connect, query, close, one after another, on both paths.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    ["connect_ms", "query_ms", "close_ms"]
        .map(|k| params.ms(k, variant))
        .iter()
        .sum()
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "error-total",
    variant: "error-inside",
    asks: Asks::Total,
    options: |p| {
        let ms = |key| p.ms(key, "error-inside");
        let (connect, query, close) = (ms("connect_ms"), ms("query_ms"), ms("close_ms"));
        times([query, connect + query, connect + query + close])
    },
}];
