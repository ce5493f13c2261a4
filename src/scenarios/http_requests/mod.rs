//! `http-requests`: httpx's AsyncClient getting many URLs at once, posting
//! JSON, and giving up on a slow server.
mod run;

use serde_json::json;

use super::predict::{times, Answer, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;

pub static SCENARIO: Scenario = Scenario {
    id: "http-requests",
    chapter: "http",
    section: "异步 HTTP 请求",
    variants: &["get-many", "post", "timeout"],
    params: &[
        ParamSpec::duration("latency_ms", 300),
        // httpx's default timeout is 5 s; the timeout variant shortens it.
        ParamSpec::duration("timeout_ms", 5000).with_variant_defaults(&[("timeout", 200)]),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, _| Load {
        // main, plus a task per gathered request (wait_for runs each
        // transfer inside its caller since CPython 3.12).
        tasks: if variant == "get-many" { 4 } else { 1 },
        blocking_ms: 0.0,
    },
    python: Python {
        rewrites: &[],
        entries: &[
            ("post", "create_user_api(\"alice\", \"alice@example.com\")"),
            ("timeout", "fetch_with_timeout(\"/users/octocat\")"),
        ],
        setup: "",
    },
    javascript: Javascript {
        entries: &[
            (
                "post",
                "await fetchMultipleUrls();\n// or: await createUserApi(\"alice\", \"alice@example.com\");\n// or: await fetchWithTimeout(\"/users/octocat\");",
                "await createUserApi(\"alice\", \"alice@example.com\");\n// or: await fetchMultipleUrls();\n// or: await fetchWithTimeout(\"/users/octocat\");",
            ),
            (
                "timeout",
                "await fetchMultipleUrls();\n// or: await createUserApi(\"alice\", \"alice@example.com\");\n// or: await fetchWithTimeout(\"/users/octocat\");",
                "await fetchWithTimeout(\"/users/octocat\");\n// or: await fetchMultipleUrls();\n// or: await createUserApi(\"alice\", \"alice@example.com\");",
            ),
        ],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

/// Every request answers after the latency unless the timeout comes first
/// (at a tie the timeout's timer, armed first, wins).
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let (latency, timeout) = (
        params.ms("latency_ms", variant),
        params.ms("timeout_ms", variant),
    );
    latency.min(timeout)
}

fn expect(variant: &str, params: &Params, lang: crate::lang::Lang) -> Vec<Expect> {
    let (latency, timeout) = (
        params.ms("latency_ms", variant),
        params.ms("timeout_ms", variant),
    );
    let in_time = latency < timeout;
    let mut claims = vec![Expect::TotalMs(ideal_ms(variant, params))];
    match variant {
        "get-many" if in_time => {
            claims.push(Expect::Result(json!([
                { "login": "octocat" },
                { "login": "torvalds" },
                { "login": "gvanrossum" },
            ])));
            for url in ["/users/octocat", "/users/torvalds", "/users/gvanrossum"] {
                claims.push(Expect::TaskEnds(
                    format!("client.get(\"{url}\")"),
                    TaskOutcome::Done,
                    latency,
                ));
            }
        }
        "post" if in_time => claims.push(Expect::Result(json!({
            "username": "alice",
            "email": "alice@example.com",
        }))),
        "get-many" | "post" => claims.push(Expect::Error("httpx.ReadTimeout")),
        _ if in_time => {
            claims.push(Expect::Result(json!({ "login": "octocat" })));
            claims.push(Expect::NeverPrints(
                lang.pick("请求超时", "request timed out").into(),
            ));
        }
        _ => {
            let line = lang.pick("请求超时", "request timed out");
            claims.push(Expect::Result(json!(null)));
            claims.push(Expect::Output(vec![(
                timeout,
                format!("{line}: /users/octocat"),
            )]));
            claims.push(Expect::TotalMs(timeout));
        }
    }
    claims
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "get-many-total",
        variant: "get-many",
        asks: Asks::Total,
        options: |p| {
            let latency = p.ms("latency_ms", "get-many");
            times([latency, 2.0 * latency, 3.0 * latency])
        },
    },
    Question {
        id: "timeout-returns",
        variant: "timeout",
        asks: Asks::Returns,
        options: |_| {
            vec![
                Answer::Word("value"),
                Answer::Word("none"),
                Answer::Code("TimeoutError".into()),
            ]
        },
    },
];
