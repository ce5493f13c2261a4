//! `wait-for`: TODO (stub to be written).
mod run;

use super::{Load, Scenario};

pub static SCENARIO: Scenario = Scenario {
    id: "wait-for",
    chapter: "best-practices",
    section: "最佳实践 3 设置超时; 带超时的请求",
    variants: &["times-out", "completes"],
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
