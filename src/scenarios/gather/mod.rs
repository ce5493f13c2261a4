//! `gather`: results in argument order; on failure the first error is raised
//! at once and the siblings keep running, unless `return_exceptions=True`.
mod run;

use serde_json::{json, Value};

use super::listing::seconds;
use super::predict::{counts, times, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "gather",
    chapter: "concurrency",
    section: "并发执行 1",
    variants: &["all-succeed", "one-fails", "return-exceptions"],
    params: &[
        ParamSpec::durations("durations_ms", &[1000, 2000, 1500]),
        ParamSpec::duration("fail_ms", 500),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, params| Load {
        // the tasks, the failing one and main
        tasks: params.list("durations_ms", variant).len() + 2,
        blocking_ms: 0.0,
    },
    python: Python {
        rewrites: &[],
        entries: &[
            ("one-fails", "one_fails()"),
            ("return-exceptions", "return_exceptions()"),
        ],
        setup: "",
    },
    javascript: Javascript {
        entries: &[
            (
                "one-fails",
                "await allSucceed(); // or: await oneFails(), await returnExceptions()",
                "await oneFails(); // or: await allSucceed(), await returnExceptions()",
            ),
            (
                "return-exceptions",
                "await allSucceed(); // or: await oneFails(), await returnExceptions()",
                "await returnExceptions(); // or: await allSucceed(), await oneFails()",
            ),
        ],
        setup: "",
    },
    speedup: None,
    text_vars: super::no_text_vars,
    questions: QUESTIONS,
};

fn slowest(params: &Params, variant: &str) -> f64 {
    let list = params.list("durations_ms", variant);
    list.into_iter().max().unwrap_or(0) as f64
}

/// all-succeed: the slowest task. With a failing task, main waits for every
/// task (the siblings are not cancelled), so the slowest of all of them.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    match variant {
        "all-succeed" => slowest(params, variant),
        _ => slowest(params, variant).max(params.ms("fail_ms", variant)),
    }
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let durations = params.list("durations_ms", variant);
    let fail = params.int("fail_ms", variant);
    let error = lang.pick("任务失败", "task failed");
    let done: Vec<String> = (1..=durations.len())
        .map(|n| format!("Task {n} done"))
        .collect();
    let py_list = |items: &[String]| format!("[{}]", items.join(", "));
    let quoted: Vec<String> = done.iter().map(|d| format!("'{d}'")).collect();
    let total = ideal_ms(variant, params);
    let siblings_finish = durations.iter().enumerate().map(|(i, &ms)| {
        let name = format!("task({}, {})", i + 1, seconds(ms));
        Expect::TaskEnds(name, TaskOutcome::Done, ms as f64)
    });
    let failing = format!("failing_task({})", seconds(fail));
    match variant {
        "all-succeed" => vec![
            Expect::TotalMs(total),
            Expect::Result(json!(done)),
            Expect::Output(vec![(total, py_list(&quoted))]),
            Expect::OutcomeCount(TaskOutcome::Done, durations.len() + 1),
        ],
        // gather raises at fail_ms; nothing is cancelled, every sibling
        // still finishes at its own time.
        "one-fails" => {
            let raised = lang.pick("gather 抛出了", "gather raised");
            let mut claims = vec![
                Expect::TotalMs(total),
                Expect::Result(Value::Null),
                Expect::Prints(fail as f64, format!("{raised} ValueError: {error}")),
                Expect::TaskEnds(failing, TaskOutcome::Failed, fail as f64),
                Expect::OutcomeCount(TaskOutcome::Cancelled, 0),
            ];
            claims.extend(siblings_finish);
            claims
        }
        // The error takes its place in the list, once everything is done.
        _ => {
            let exc = format!("ValueError('{error}')");
            let mut result = done.clone();
            result.push(exc.clone());
            let mut shown = quoted.clone();
            shown.push(exc);
            let mut claims = vec![
                Expect::TotalMs(total),
                Expect::Result(json!(result)),
                Expect::Output(vec![(total, py_list(&shown))]),
                Expect::TaskEnds(failing, TaskOutcome::Failed, fail as f64),
            ];
            claims.extend(siblings_finish);
            claims
        }
    }
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "raises-at",
        variant: "one-fails",
        // The except clause prints the first line.
        asks: Asks::PrintAt(0),
        options: |p| {
            let durations = p.list("durations_ms", "one-fails");
            let shortest = durations.iter().copied().min().unwrap_or(0) as f64;
            let longest = durations.iter().copied().max().unwrap_or(0) as f64;
            times([p.ms("fail_ms", "one-fails"), shortest, longest])
        },
    },
    Question {
        id: "siblings-cancelled",
        variant: "one-fails",
        asks: Asks::Outcomes(TaskOutcome::Cancelled),
        options: |p| counts([0, 1, p.list("durations_ms", "one-fails").len() as i64]),
    },
];
