//! `blocking-call`: `time.sleep` holds the whole loop; `asyncio.sleep` yields.
mod run;

use serde_json::json;

use super::predict::{together_or_in_turn, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "blocking-call",
    chapter: "core-concepts",
    section: "asyncio.sleep(); 陷阱 1",
    variants: &["time-sleep", "asyncio-sleep"],
    params: &[
        ParamSpec::count("tasks", 1, 100_000, 3),
        ParamSpec::duration("duration_ms", 1000),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, params| {
        let tasks = params.int("tasks", variant);
        Load {
            // the calls, the heartbeat and main
            tasks: tasks as usize + 2,
            // Every variant's load is checked, so the blocking one bounds
            // both: tasks × duration_ms of busy-waiting at most.
            blocking_ms: match variant {
                "time-sleep" => tasks as f64 * params.ms("duration_ms", variant),
                _ => 0.0,
            },
        }
    },
    python: Python {
        rewrites: &[],
        entries: &[("asyncio-sleep", "bad_function = good_function\nmain()")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "asyncio-sleep",
            "badFunction()); // or: goodFunction()",
            "goodFunction()); // or: badFunction()",
        )],
        setup: "",
    },
    speedup: Some(("time-sleep", "asyncio-sleep")),
    text_vars,
    questions: QUESTIONS,
};

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let (tasks, duration) = (
        params.int("tasks", variant) as f64,
        params.ms("duration_ms", variant),
    );
    match variant {
        // The busy-waits run one after another: nothing overlaps.
        "time-sleep" => tasks * duration,
        _ => duration,
    }
}

/// How far apart the heartbeat's four beats are: a quarter of the duration.
fn beat_ms(variant: &str, params: &Params) -> f64 {
    params.ms("duration_ms", variant) / 4.0
}

/// The texts' extras:
/// - `beat_ms`: the time between two heartbeats while the loop is free.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![("beat_ms", beat_ms("asyncio-sleep", params))]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let tasks = params.int("tasks", variant) as usize;
    let duration = params.ms("duration_ms", variant);
    let mut claims = vec![
        Expect::TotalMs(ideal_ms(variant, params)),
        Expect::Result(json!(vec!["done"; tasks])),
    ];
    // The heartbeat beats four times a quarter of duration_ms apart while
    // the loop is free, and is done before the calls end; when busy-waits
    // hold the loop it beats once (at 0) and is cancelled at the end.
    claims.push(match variant {
        "time-sleep" => Expect::TaskEnds(
            "heartbeat()".into(),
            TaskOutcome::Cancelled,
            ideal_ms(variant, params),
        ),
        _ => Expect::TaskEnds("heartbeat()".into(), TaskOutcome::Done, 0.75 * duration),
    });
    if duration > 0.0 {
        let beat = lang.pick("♥ 心跳", "♥ heartbeat");
        let beats: Vec<f64> = match variant {
            "time-sleep" => vec![0.0],
            _ => (0..4)
                .map(|k| k as f64 * beat_ms(variant, params))
                .collect(),
        };
        claims.push(Expect::Output(
            beats.into_iter().map(|at| (at, beat.to_string())).collect(),
        ));
    }
    claims
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "time-sleep-total",
    variant: "time-sleep",
    asks: Asks::Total,
    options: |p| together_or_in_turn(p, "time-sleep", "tasks", "duration_ms", &[2.0]),
}];
