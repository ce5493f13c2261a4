//! `background-task`: TODO (stub to be written).
mod run;

use super::{Load, Scenario};

pub static SCENARIO: Scenario = Scenario {
    id: "background-task",
    chapter: "concurrency",
    section: "并发执行 2 create_task",
    variants: &["cancel-after"],
    params: &[],
    main: run::main,
    ideal_ms: |_, _| 0.0,
    expect: |_, _, _| vec![],
    load: |_, _| Load {
        tasks: 1,
        blocking_ms: 0.0,
    },
    speedup: None,
    rust_source: include_str!("run.rs"),
    python_source: include_str!("example.py"),
    js_source: include_str!("example.js"),
};
