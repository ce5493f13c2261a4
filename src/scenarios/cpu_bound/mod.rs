//! `cpu-bound`: computing inside the loop against a process pool.
mod run;

use serde_json::json;

use super::predict::{together_or_in_turn, Answer, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::engine::TaskOutcome;
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "cpu-bound",
    chapter: "when-async",
    section: "何时使用异步: CPU 密集型操作 (multiprocessing)",
    variants: &["in-loop", "process-pool"],
    params: &[
        ParamSpec::count("jobs", 1, 1_000, 3),
        ParamSpec::duration("work_ms", 1000),
        ParamSpec::count("workers", 1, 16, 3),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |variant, params| {
        let jobs = params.int("jobs", variant);
        Load {
            // the jobs, the heartbeat and main
            tasks: jobs as usize + 2,
            // in-loop computes on the page's thread: jobs × work_ms at most.
            blocking_ms: match variant {
                "in-loop" => jobs as f64 * params.ms("work_ms", variant),
                _ => 0.0,
            },
        }
    },
    python: Python {
        rewrites: &[(
            "process-pool",
            "analyse(job) for job in range(1, __jobs__ + 1))  # or: analyse_in_process(pool, job)",
            "analyse_in_process(pool, job) for job in range(1, __jobs__ + 1))  # or: analyse(job)",
        )],
        entries: &[],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "process-pool",
            "inLoop(i + 1)); // or: inWorker(i + 1)",
            "inWorker(i + 1)); // or: inLoop(i + 1)",
        )],
        setup: "",
    },
    speedup: Some(("in-loop", "process-pool")),
    text_vars,
    questions: QUESTIONS,
};

/// Rounds of the pool: `workers` jobs at a time.
fn waves(variant: &str, params: &Params) -> f64 {
    let (jobs, workers) = (params.int("jobs", variant), params.int("workers", variant));
    (jobs as f64 / workers as f64).ceil()
}

fn ideal_ms(variant: &str, params: &Params) -> f64 {
    let work = params.ms("work_ms", variant);
    match variant {
        // one job after another on the loop's own thread
        "in-loop" => params.int("jobs", variant) as f64 * work,
        _ => waves(variant, params) * work,
    }
}

/// How far apart the heartbeat's four beats are: a quarter of the work.
fn beat_ms(variant: &str, params: &Params) -> f64 {
    params.ms("work_ms", variant) / 4.0
}

/// The texts' extras: `beat_ms`, the time between two heartbeats while the
/// loop is free, and `waves_process_pool`, the pool's rounds.
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![
        ("beat_ms", beat_ms("process-pool", params)),
        ("waves_process_pool", waves("process-pool", params)),
    ]
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let jobs = params.int("jobs", variant);
    let results: Vec<String> = (1..=jobs).map(|j| format!("job {j} done")).collect();
    let total = ideal_ms(variant, params);
    let mut claims = vec![Expect::TotalMs(total), Expect::Result(json!(results))];
    // While the loop computes the heartbeat beats once (at 0) and is
    // cancelled at the end; with a pool it beats four times, done at ¾ of
    // one job's work (before the first wave ends).
    let beat = lang.pick("♥ 心跳", "♥ heartbeat");
    let beats: Vec<f64> = match variant {
        "in-loop" => vec![0.0],
        _ => (0..4)
            .map(|k| k as f64 * beat_ms(variant, params))
            .collect(),
    };
    claims.push(match variant {
        "in-loop" => Expect::TaskEnds("heartbeat()".into(), TaskOutcome::Cancelled, total),
        _ => Expect::TaskEnds(
            "heartbeat()".into(),
            TaskOutcome::Done,
            3.0 * beat_ms(variant, params),
        ),
    });
    if params.ms("work_ms", variant) > 0.0 {
        claims.push(Expect::Output(
            beats.into_iter().map(|at| (at, beat.to_string())).collect(),
        ));
    }
    claims
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[
    Question {
        id: "in-loop-total",
        variant: "in-loop",
        asks: Asks::Total,
        options: |p| together_or_in_turn(p, "in-loop", "jobs", "work_ms", &[]),
    },
    Question {
        id: "process-pool-total",
        variant: "process-pool",
        asks: Asks::Total,
        options: |p| {
            let mut options = together_or_in_turn(p, "process-pool", "jobs", "work_ms", &[]);
            options.push(Answer::Ms(
                waves("process-pool", p) * p.ms("work_ms", "process-pool"),
            ));
            options
        },
    },
];
