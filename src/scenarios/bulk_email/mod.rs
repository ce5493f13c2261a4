//! `bulk-email`: the guide's bulk sender, with a seeded share of failed
//! sends so a link always reproduces the same count.
mod run;

use serde_json::{json, Value};

use super::predict::{together_or_in_turn, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "bulk-email",
    chapter: "examples",
    section: "示例 1 批量发送邮件",
    variants: &["gather"],
    params: &[
        ParamSpec::count("users", 1, 100_000, 10),
        ParamSpec::duration("latency_ms", 300),
        ParamSpec::fraction("failure_rate", 0.2),
        ParamSpec::count("seed", 0, u32::MAX as i64, 7),
    ],
    main: run::main,
    ideal_ms,
    expect: |variant, params, lang| {
        let users = params.int("users", variant) as u64;
        let sent: Vec<Value> = sends(variant, params)
            .into_iter()
            .map(|s| json!(s))
            .collect();
        let success = sent.iter().filter(|s| **s == json!(true)).count();
        let line = match lang {
            Lang::Zh => format!("成功发送 {success}/{users} 封邮件"),
            Lang::En => format!("sent {success}/{users} emails"),
        };
        let latency = params.ms("latency_ms", variant);
        vec![
            Expect::TotalMs(latency),
            Expect::Result(Value::Array(sent)),
            Expect::Output(vec![(latency, line)]),
            // Every send is its own task, all done at the same moment.
            Expect::OutcomeCount(TaskOutcome::Done, users as usize + 1),
            Expect::TaskEnds(
                format!(
                    "send_email(\"user{users}@example.com\", \"Welcome!\", \"Hello user{users}\")"
                ),
                TaskOutcome::Done,
                latency,
            ),
        ]
    },
    load: |variant, params| Load::tasks(params.int("users", variant) as usize + 1),
    python: Python {
        rewrites: &[],
        entries: &[],
        setup: "net.route(\"api.sendgrid.com\", fail_rate=__failure_rate__, seed=__seed__)",
    },
    javascript: Javascript {
        entries: &[],
        setup: "net.route(\"api.sendgrid.com\", { failRate: __failure_rate__, seed: __seed__ });",
    },
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// Whether each user's send succeeds (the seeded API failures).
fn sends(variant: &str, params: &Params) -> Vec<bool> {
    let (seed, rate) = (
        params.int("seed", variant) as u64,
        params.float("failure_rate", variant),
    );
    (0..params.int("users", variant) as u64)
        .map(|i| !run::api_fails(seed, i, rate))
        .collect()
}

/// The texts' extras:
/// - `sent`: how many emails the API accepts (the count the run prints).
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    let sent = sends("gather", params).into_iter().filter(|&s| s).count();
    vec![("sent", sent as f64)]
}

/// All sends overlap: one latency.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    params.ms("latency_ms", variant)
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "total",
    variant: "gather",
    asks: Asks::Total,
    options: |p| together_or_in_turn(p, "gather", "users", "latency_ms", &[]),
}];
