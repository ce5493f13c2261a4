#![cfg(not(target_arch = "wasm32"))]
//! The engine against the CPython the page ships, on random programs: the
//! same program tree is emitted as Python (run by Pyodide's CPython 3.14
//! under Node, with the page's tracer in virtual time) and interpreted by
//! the engine; printed lines with their times, the total time, the error of
//! main and every task's outcome and end must be equal.
//!
//! `cargo test --test differential` runs the CI seed set; `make fuzz` runs
//! `FUZZ_PROGRAMS` (10,000) more and shrinks each divergence to a minimal
//! program.
mod differential {
    pub mod cpython;
    pub mod engine_side;
    pub mod program;
}

use std::collections::{BTreeMap, BTreeSet};

use async_playground::engine::{RunTrace, TaskOutcome};
use differential::cpython::CPython;
use differential::program::{Item, Program, Stmt};

/// What both runtimes must agree on.
#[derive(Debug, PartialEq)]
struct Observed {
    output: Vec<(f64, String)>,
    total_ms: f64,
    error: Option<String>,
    tasks: BTreeMap<String, (TaskOutcome, f64)>,
}

impl Observed {
    fn of(trace: &RunTrace) -> Observed {
        // The program's own prints and the abandoned-task warning; not
        // CPython's other log lines ("Task exception was never retrieved",
        // errors during shutdown), which the engine does not write.
        let printed = |text: &str| {
            let mut chars = text.chars();
            text.starts_with("Task was destroyed but it is pending")
                || (matches!(chars.next(), Some('p' | 'g' | 'w' | 'c' | 'x'))
                    && chars.next().is_some_and(|c| c.is_ascii_digit()))
        };
        Observed {
            output: trace
                .output
                .iter()
                .filter(|line| printed(&line.text))
                .map(|line| (line.at_ms, line.text.clone()))
                .collect(),
            total_ms: trace.total_ms,
            error: trace.error.clone(),
            tasks: trace
                .tasks
                .iter()
                .skip(1)
                .map(|t| (t.name.clone(), (t.outcome, t.end_ms)))
                .collect(),
        }
    }
}

/// None when both agree, else what differs.
fn divergence(cpython: &mut CPython, program: &Program) -> Option<String> {
    let (run, python) = cpython.run(&program.python());
    if let Some(halted) = &run.halted {
        return Some(format!("CPython halted ({halted}): {:?}", run.error));
    }
    let python = Observed::of(&python);
    let engine = Observed::of(&differential::engine_side::run(program));
    (python != engine).then(|| format!("CPython: {python:#?}\nengine:  {engine:#?}"))
}

/// Drops statements that use a task variable no longer created before them
/// in their block, and waits or gathers left with nothing to wait for.
fn repair(body: &mut Vec<Stmt>) {
    let mut bound = BTreeSet::new();
    body.retain_mut(|stmt| match stmt {
        Stmt::Spawn { var, .. } => {
            bound.insert(*var);
            true
        }
        Stmt::Await(v) | Stmt::Cancel(v) => bound.contains(v),
        Stmt::Gather { items, .. } => {
            items.retain(|i| !matches!(i, Item::Task(v) if !bound.contains(v)));
            !items.is_empty()
        }
        Stmt::WaitFirst { vars, .. } => {
            vars.retain(|v| bound.contains(v));
            !vars.is_empty()
        }
        Stmt::Semaphore { body, .. }
        | Stmt::Lock { body, .. }
        | Stmt::TryCancel { body, .. }
        | Stmt::TryExcept { body, .. } => {
            repair(body);
            true
        }
        _ => true,
    });
}

/// Every program one step smaller than `program`: a statement removed, a
/// block's body put in its place, a sleep shortened.
fn smaller(program: &Program) -> Vec<Program> {
    fn edits(body: &[Stmt]) -> Vec<Vec<Stmt>> {
        let mut out = Vec::new();
        for i in 0..body.len() {
            let mut removed = body.to_vec();
            removed.remove(i);
            out.push(removed);
            let inner = match &body[i] {
                Stmt::Semaphore { body: b, .. }
                | Stmt::Lock { body: b, .. }
                | Stmt::TryCancel { body: b, .. }
                | Stmt::TryExcept { body: b, .. } => Some(b.clone()),
                _ => None,
            };
            if let Some(inner_body) = inner {
                let mut spliced = body.to_vec();
                spliced.splice(i..=i, inner_body.iter().cloned());
                out.push(spliced);
                for smaller_inner in edits(&inner_body) {
                    let mut nested = body.to_vec();
                    match &mut nested[i] {
                        Stmt::Semaphore { body: b, .. }
                        | Stmt::Lock { body: b, .. }
                        | Stmt::TryCancel { body: b, .. }
                        | Stmt::TryExcept { body: b, .. } => *b = smaller_inner,
                        _ => unreachable!(),
                    }
                    out.push(nested);
                }
            }
            if let Stmt::Sleep(ms) = body[i] {
                if ms > 0 {
                    let mut shorter = body.to_vec();
                    shorter[i] = Stmt::Sleep(ms.saturating_sub(125));
                    out.push(shorter);
                }
            }
        }
        out
    }
    let mut out = Vec::new();
    for (f, body) in program.funcs.iter().enumerate() {
        for mut edited in edits(body) {
            repair(&mut edited);
            let mut candidate = program.clone();
            candidate.funcs[f] = edited;
            out.push(candidate);
        }
    }
    out
}

/// The smallest program found that still diverges.
fn shrink(cpython: &mut CPython, mut program: Program) -> Program {
    'outer: loop {
        // Every candidate is strictly smaller (fewer statements, or less
        // sleep), so this ends.
        for candidate in smaller(&program) {
            if divergence(cpython, &candidate).is_some() {
                program = candidate;
                continue 'outer;
            }
        }
        return program;
    }
}

/// Runs `count` programs from `first_seed`; every divergence shrunk.
fn differential(first_seed: u64, count: u64) -> Vec<String> {
    let mut cpython = CPython::start();
    assert!(
        cpython.version.starts_with("3.14"),
        "the page ships CPython 3.14, Node ran {}",
        cpython.version
    );
    let mut found = Vec::new();
    for seed in first_seed..first_seed + count {
        if (seed - first_seed) % 1000 == 999 {
            eprintln!(
                "{} programs, {} diverging",
                seed - first_seed + 1,
                found.len()
            );
        }
        let program = Program::random(seed);
        if divergence(&mut cpython, &program).is_some() {
            let minimal = shrink(&mut cpython, program);
            let why = divergence(&mut cpython, &minimal).unwrap_or_default();
            found.push(format!(
                "seed {seed}, shrunk to:\n{}\n{why}",
                minimal.python()
            ));
        }
    }
    found
}

fn report(found: &[String], count: u64) {
    for (n, text) in found.iter().enumerate() {
        eprintln!("---- divergence {} ----\n{text}", n + 1);
    }
    assert!(
        found.is_empty(),
        "{} of {count} programs diverge from CPython (shown above)",
        found.len()
    );
}

/// The seed set CI runs: fixed, so a failure is reproducible by its seed.
#[test]
fn the_engine_agrees_with_cpython_on_random_programs() {
    const CI_PROGRAMS: u64 = 2_000;
    report(&differential(0, CI_PROGRAMS), CI_PROGRAMS);
}

/// `make fuzz`: FUZZ_PROGRAMS programs from FUZZ_SEED.
#[test]
#[ignore = "make fuzz"]
fn fuzz() {
    let number = |key: &str, default: u64| {
        std::env::var(key)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let count = number("FUZZ_PROGRAMS", 10_000);
    let first = number("FUZZ_SEED", 1_000_000);
    let found = differential(first, count);
    eprintln!(
        "{count} programs from seed {first}: {} diverge",
        found.len()
    );
    report(&found, count);
}

#[test]
fn the_generator_writes_python_that_names_every_task() {
    // Guards the harness: a program is valid Python-shaped text with main
    // last, and shrinking never grows a program.
    let program = Program::random(7);
    let python = program.python();
    assert!(python.starts_with("import asyncio\n"));
    assert!(python.ends_with("asyncio.run(f0())\n"));
    for candidate in smaller(&program) {
        assert!(candidate.size() <= program.size());
    }
}
