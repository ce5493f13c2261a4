#![cfg(not(target_arch = "wasm32"))]
//! Random programs of sleeps, sequences, gathers, tasks and semaphores, run in
//! virtual time: the total equals the critical path computed here without the
//! engine, and every trace keeps the timeline's invariants.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use async_playground::engine::{
    Coro, EventLoop, Outcome, RunTrace, Semaphore, SpanState, TaskOutcome,
};
use proptest::prelude::*;
use serde_json::Value;

/// A program the engine runs and the critical path is computed for.
#[derive(Clone, Debug)]
enum Prog {
    Sleep(u32),
    Seq(Vec<Prog>),
    Gather(Vec<Prog>),
    /// `t = create_task(first)`, then `second`, then `await t`.
    SpawnThenJoin(Box<Prog>, Box<Prog>),
    /// `gather` of jobs that each hold a `Semaphore(limit)` while sleeping.
    Limited {
        limit: usize,
        jobs: Vec<u32>,
    },
}

fn prog() -> impl Strategy<Value = Prog> {
    let leaf = prop_oneof![
        (0u32..500).prop_map(Prog::Sleep),
        ((1usize..4), prop::collection::vec(0u32..300, 1..8))
            .prop_map(|(limit, jobs)| Prog::Limited { limit, jobs }),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..5).prop_map(Prog::Seq),
            prop::collection::vec(inner.clone(), 1..5).prop_map(Prog::Gather),
            (inner.clone(), inner).prop_map(|(a, b)| Prog::SpawnThenJoin(Box::new(a), Box::new(b))),
        ]
    })
}

/// The critical path, by the rules of the program alone.
fn critical_path(p: &Prog) -> u64 {
    match p {
        Prog::Sleep(ms) => u64::from(*ms),
        Prog::Seq(ps) => ps.iter().map(critical_path).sum(),
        Prog::Gather(ps) => ps.iter().map(critical_path).max().unwrap_or(0),
        Prog::SpawnThenJoin(a, b) => critical_path(a).max(critical_path(b)),
        Prog::Limited { limit, jobs } => {
            // FIFO permits: each job, in order, takes the slot free first.
            let mut slots: BinaryHeap<Reverse<u64>> = (0..*limit).map(|_| Reverse(0)).collect();
            let mut end = 0;
            for &ms in jobs {
                let Reverse(free) = slots.pop().expect("limit ≥ 1");
                let done = free + u64::from(ms);
                end = end.max(done);
                slots.push(Reverse(done));
            }
            end
        }
    }
}

fn run_prog(
    lp: EventLoop,
    p: Prog,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Outcome>>> {
    Box::pin(async move {
        match p {
            Prog::Sleep(ms) => lp.sleep(f64::from(ms)).await?,
            Prog::Seq(ps) => {
                for p in ps {
                    run_prog(lp.clone(), p).await?;
                }
            }
            Prog::Gather(ps) => {
                let coros = ps
                    .into_iter()
                    .map(|p| Coro::new("part", run_prog(lp.clone(), p)))
                    .collect();
                lp.gather(coros).await?;
            }
            Prog::SpawnThenJoin(a, b) => {
                let task = lp.create_task(Coro::new("spawned", run_prog(lp.clone(), *a)));
                run_prog(lp.clone(), *b).await?;
                task.join().await?;
            }
            Prog::Limited { limit, jobs } => {
                let sem = Semaphore::new(&lp, limit);
                let coros = jobs
                    .into_iter()
                    .map(|ms| {
                        let (lp, sem) = (lp.clone(), sem.clone());
                        Coro::new("job", async move {
                            let _permit = sem.acquire().await?;
                            lp.sleep(f64::from(ms)).await?;
                            Ok(Value::Null)
                        })
                    })
                    .collect();
                lp.gather(coros).await?;
            }
        }
        Ok(Value::Null)
    })
}

/// The timeline's invariants, on any finished run.
fn check_invariants(run: &RunTrace) -> Result<(), String> {
    let mut running: Vec<(f64, f64)> = Vec::new();
    for task in &run.tasks {
        if task.outcome == TaskOutcome::Running {
            return Err(format!("task {} never ended", task.id));
        }
        let mut last_end = task.start_ms;
        for span in &task.spans {
            if span.start_ms > span.end_ms {
                return Err(format!("task {}: span goes backwards", task.id));
            }
            if span.start_ms < last_end {
                return Err(format!(
                    "task {}: spans overlap at {}",
                    task.id, span.start_ms
                ));
            }
            last_end = span.end_ms;
            if span.state == SpanState::Running && span.end_ms > span.start_ms {
                running.push((span.start_ms, span.end_ms));
            }
        }
        if last_end > task.end_ms || task.start_ms > task.end_ms {
            return Err(format!("task {}: spans outside its lifetime", task.id));
        }
    }
    running.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in running.windows(2) {
        if pair[1].0 < pair[0].1 {
            return Err(format!("two tasks running at once at {}", pair[1].0));
        }
    }
    let times: Vec<f64> = run.output.iter().map(|o| o.at_ms).collect();
    if times.windows(2).any(|w| w[1] < w[0]) {
        return Err("output times go backwards".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn total_is_the_critical_path_and_traces_keep_their_invariants(p in prog()) {
        let expected = critical_path(&p) as f64;
        let lp = EventLoop::new_virtual();
        lp.spawn_main(Coro::new("main()", run_prog(lp.clone(), p)));
        lp.run_virtual();
        let run = lp.trace("random", expected);
        prop_assert_eq!(run.total_ms, expected);
        prop_assert!(run.error.is_none(), "{:?}", run.error);
        if let Err(why) = check_invariants(&run) {
            prop_assert!(false, "{}", why);
        }
    }

    #[test]
    fn the_same_program_gives_the_same_trace(p in prog()) {
        let once = || {
            let lp = EventLoop::new_virtual();
            lp.spawn_main(Coro::new("main()", run_prog(lp.clone(), p.clone())));
            lp.run_virtual();
            lp.trace("random", 0.0)
        };
        prop_assert_eq!(once(), once());
    }
}

#[test]
fn the_checker_catches_two_tasks_running_at_once() {
    // Guards the guard: a hand-made trace that breaks the rule must fail.
    let lp = EventLoop::new_virtual();
    lp.spawn_main(Coro::new("main()", async { Ok(Value::Null) }));
    lp.run_virtual();
    let mut run = lp.trace("t", 0.0);
    let mut other = run.tasks[0].clone();
    other.id = 1;
    run.tasks[0].spans[0].end_ms = 10.0;
    run.tasks[0].end_ms = 10.0;
    other.spans[0].start_ms = 5.0;
    other.spans[0].end_ms = 8.0;
    other.start_ms = 5.0;
    other.end_ms = 8.0;
    run.tasks.push(other);
    assert!(check_invariants(&run).is_err());
}
