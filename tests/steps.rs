#![cfg(not(target_arch = "wasm32"))]
//! The step view's log: the engine's steps for small runs against
//! sequences worked out by hand from asyncio's `_run_once` (timers move into
//! the ready queue at the start of an iteration; a timer's callback resolves
//! the sleep, whose done-callback queues the task's wake-up), and every
//! snapshot the same whichever way it is reached.
use async_playground::engine::steps::{StepLog, TaskState};
use async_playground::engine::TaskOutcome;
use async_playground::lang::Lang;
use async_playground::scenarios::{ParamValue::Int, CATALOGUE};

mod common;
use common::{params, scenario};

/// (task it ran or the callback's kind, ready queue after, timers after as
/// (deadline, owner)).
type Expected<'a> = (&'a str, Vec<&'a str>, Vec<(f64, usize)>);

fn handle_name(task: Option<usize>, kind: &str) -> String {
    match task {
        Some(t) => format!("{kind} {t}"),
        None => kind.to_string(),
    }
}

fn check(log: &StepLog, expected: &[Expected]) {
    for (i, (ran, ready, timers)) in expected.iter().enumerate() {
        let snap = log.snapshot(i + 1).unwrap();
        let got_ran = handle_name(snap.handle.task, snap.handle.kind);
        let got_ready: Vec<String> = snap
            .ready
            .iter()
            .map(|h| handle_name(h.task, h.kind))
            .collect();
        let got_timers: Vec<(f64, usize)> = snap
            .timers
            .iter()
            .map(|t| (t.deadline_ms, t.owner.unwrap_or(usize::MAX)))
            .collect();
        assert_eq!(
            (
                got_ran.as_str(),
                got_ready.iter().map(String::as_str).collect::<Vec<_>>(),
                got_timers
            ),
            (*ran, ready.clone(), timers.clone()),
            "step {}",
            i + 1
        );
    }
}

#[test]
fn create_task_steps_two_tasks_that_sleep_side_by_side() {
    let s = scenario("coroutine-vs-task");
    let (_, log) = s.run_steps("create-task", &s.default_params(), Lang::En);
    let sleep = "timer: sleep done";
    check(
        &log,
        &[
            // main creates both tasks and awaits the first.
            ("step 0", vec!["step 1", "step 2"], vec![]),
            // Each prints Hello and sets a timer for 1000 ms.
            ("step 1", vec!["step 2"], vec![(1000.0, 1)]),
            ("step 2", vec![], vec![(1000.0, 1), (1000.0, 2)]),
            // At 1000 both timers are due: their callbacks run first, each
            // queueing its task's wake-up behind what is already queued.
            (sleep, vec![sleep, "wake 1"], vec![]),
            (sleep, vec!["wake 1", "wake 2"], vec![]),
            // task 1 prints World and ends, which wakes main.
            ("wake 1", vec!["wake 2", "wake 0"], vec![]),
            ("wake 2", vec!["wake 0"], vec![]),
            // main finds task 2 done too and returns: asyncio.run stops.
            ("wake 0", vec!["asyncio.run: stop the loop"], vec![]),
        ],
    );
    let times: Vec<f64> = log.steps().iter().take(8).map(|s| s.at_ms).collect();
    assert_eq!(
        times,
        [0.0, 0.0, 0.0, 1000.0, 1000.0, 1000.0, 1000.0, 1000.0]
    );
    let outputs: Vec<u32> = log.steps().iter().take(8).map(|s| s.outputs).collect();
    assert_eq!(outputs, [0, 1, 2, 2, 2, 3, 4, 4]);
    let snap = log.snapshot(1).unwrap();
    assert!(snap.first_step_of_task);
    assert_eq!(snap.tasks.len(), 3);
    assert!(
        matches!(&snap.tasks[0].state, TaskState::Waiting { on: Some(on), .. } if &**on == "task say_hello()")
    );
    assert_eq!(snap.tasks[1].state, TaskState::New);
    // After step 2, task 1 sleeps until 1000 ms; task 2 has no timer yet.
    let snap = log.snapshot(2).unwrap();
    assert_eq!(
        (snap.tasks[1].until_ms, snap.tasks[2].until_ms),
        (Some(1000.0), None)
    );
    assert!(!log.snapshot(6).unwrap().first_step_of_task);
    assert_eq!(
        log.snapshot(6).unwrap().tasks[1].state,
        TaskState::Ended(TaskOutcome::Done)
    );
}

#[test]
fn semaphore_waiters_queue_in_order_and_pass_the_permit_on() {
    let s = scenario("semaphore");
    let p = params(
        "semaphore",
        &[
            ("urls", Int(3)),
            ("max_concurrent", Int(1)),
            ("latency_ms", Int(100)),
        ],
    );
    let (_, log) = s.run_steps("limited", &p, Lang::En);
    // main: gather makes three tasks.
    let snap = log.snapshot(1).unwrap();
    assert_eq!(
        snap.ready.iter().map(|h| h.task).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3)]
    );
    // The first gets the permit and sleeps; the others queue, in order.
    let snap = log.snapshot(4).unwrap();
    assert_eq!(snap.timers.len(), 1);
    assert_eq!(
        (snap.timers[0].deadline_ms, snap.timers[0].owner),
        (100.0, Some(1))
    );
    let places: Vec<Option<usize>> = snap.tasks.iter().map(|t| t.place).collect();
    assert_eq!(places, [None, None, Some(1), Some(2)]);
    for task in &snap.tasks[2..] {
        assert!(
            matches!(task.state, TaskState::Waiting { queued: true, .. }),
            "{task:?}"
        );
    }
    // At 100 ms task 1 ends and hands the permit to task 2, which is then
    // next in no line: only task 3 is still queued, now first.
    let after_release = (1..=log.len())
        .map(|n| log.snapshot(n).unwrap())
        .find(|s| s.handle.task == Some(2) && s.at_ms == 100.0)
        .expect("task 2 runs at 100 ms");
    assert_eq!(after_release.tasks[3].place, Some(1));
    assert_eq!(after_release.tasks[2].place, None);
    assert_eq!(
        after_release
            .timers
            .iter()
            .map(|t| (t.deadline_ms, t.owner))
            .collect::<Vec<_>>(),
        [(200.0, Some(2))]
    );
}

#[test]
fn moments_and_clicks_find_the_steps_where_the_clock_moves() {
    let s = scenario("coroutine-vs-task");
    let (_, log) = s.run_steps("await-in-turn", &s.default_params(), Lang::En);
    let times: Vec<f64> = log.steps().iter().map(|s| s.at_ms).collect();
    let first_at = |t: f64| times.iter().position(|&x| x == t).unwrap() + 1;
    assert_eq!(log.next_moment(1), first_at(1000.0));
    assert_eq!(log.next_moment(first_at(1000.0)), first_at(2000.0));
    assert_eq!(log.previous_moment(first_at(2000.0)), first_at(1000.0));
    assert_eq!(log.previous_moment(first_at(2000.0) + 1), first_at(2000.0));
    assert_eq!(log.previous_moment(1), 1);
    assert_eq!(log.step_at(500.0), first_at(1000.0));
    assert_eq!(log.step_at(0.0), 1);
    assert_eq!(log.step_at(1e9), log.len());
    assert_eq!(log.next_moment(log.len()), log.len());
}

#[test]
fn every_snapshot_is_the_same_going_forward_and_back_in_every_scenario() {
    for s in CATALOGUE {
        for &variant in s.variants {
            let (trace, log) = s.run_steps(variant, &s.default_params(), Lang::En);
            let forward: Vec<_> = (1..=log.len()).map(|n| log.snapshot(n).unwrap()).collect();
            for n in (1..=log.len()).rev() {
                assert_eq!(
                    log.snapshot(n).as_ref(),
                    Some(&forward[n - 1]),
                    "{}/{variant} step {n}",
                    s.id
                );
            }
            // The last step has printed every line, and the times never go back.
            if let Some(last) = forward.last() {
                assert_eq!(last.outputs, trace.output.len(), "{}/{variant}", s.id);
            }
            assert!(
                log.steps().windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
                "{}/{variant}",
                s.id
            );
            // A task's steps start where its trace has a running span.
            for step in log.steps() {
                if let Some(task) = step.handle.task {
                    let lane = &trace.tasks[task];
                    if lane.end_ms < step.at_ms {
                        continue; // a wake-up of a task already ended
                    }
                    assert!(
                        lane.spans
                            .iter()
                            .any(|sp| sp.start_ms <= step.at_ms && step.at_ms <= sp.end_ms),
                        "{}/{variant}: {} at {}",
                        s.id,
                        lane.name,
                        step.at_ms
                    );
                }
            }
        }
    }
}

#[test]
fn a_run_without_recording_keeps_no_log() {
    let s = scenario("semaphore");
    let lp = async_playground::engine::EventLoop::new_virtual();
    s.start(&lp, "limited", &s.default_params(), Lang::En);
    lp.run_virtual();
    assert!(lp.take_steps().is_none());
    assert!(StepLog::default().snapshot(1).is_none());
}

#[test]
fn cpython_events_become_the_same_kind_of_steps() {
    // The tracer's events for:
    //  3 async def worker(n): / 5 await asyncio.sleep(0.5)
    //  8 async def main(): / 9 create_task(worker(1)) / 10 await asyncio.sleep(0.25) / 11 await task
    let events: Vec<serde_json::Value> = serde_json::from_str(
        r#"[["task",0,0,"main",null],["run",0,0],["ready",0,0],["run",0,0],
        ["task",0,1,"worker(1)",0],["ready",0,1],["timer",0,0,0,250,"sleep"],
        ["wait",0,0,"waiting","sleep(250 ms)",10],["run",0,1],["print",0,1,"start 1"],
        ["timer",0,1,1,500,"sleep"],["wait",0,1,"waiting","sleep(500 ms)",5],
        ["timer_done",250,null,0],["ready",250,0],["run",250,0],
        ["wait",250,0,"waiting","worker(1)",11],["timer_done",500,null,1],["ready",500,1],
        ["run",500,1],["print",500,1,"end 1"],["ready",500,0],["end",500,1,"done",null,null],
        ["run",500,0],["run",500,0],["end",500,0,"done",null,null]]"#,
    )
    .unwrap();
    let log = StepLog::from_events(&events);
    // The top level's own runs (before asyncio.run, after main) are no steps.
    assert_eq!(log.len(), 5);
    let line = |n: usize, task: usize| match &log.snapshot(n).unwrap().tasks[task].state {
        TaskState::Waiting { line, .. } => *line,
        other => panic!("{other:?}"),
    };
    check(
        &log,
        &[
            ("step 0", vec!["step 1"], vec![(250.0, 0)]),
            ("step 1", vec![], vec![(250.0, 0), (500.0, 1)]),
            ("step 0", vec![], vec![(500.0, 1)]),
            ("step 1", vec!["step 0"], vec![]),
            ("step 0", vec![], vec![]),
        ],
    );
    assert_eq!(
        (line(1, 0), line(2, 1), line(3, 0)),
        (Some(10), Some(5), Some(11))
    );
    let last = log.snapshot(5).unwrap();
    assert_eq!(last.tasks[0].state, TaskState::Ended(TaskOutcome::Done));
    assert_eq!(last.tasks[1].state, TaskState::Ended(TaskOutcome::Done));
    assert_eq!(last.outputs, 2);
    assert_eq!(
        log.steps().iter().map(|s| s.at_ms).collect::<Vec<_>>(),
        [0.0, 0.0, 250.0, 500.0, 500.0]
    );
    // Garbage is skipped, never trusted.
    let junk: Vec<serde_json::Value> = serde_json::from_str(
        r#"[1,"x",["run"],["ready",0,7],["run",0,99],["timer",0,0],["wait",0,5]]"#,
    )
    .unwrap();
    assert!(StepLog::from_events(&junk).is_empty());
}

/// The step view says every callback of the loop in the page's language:
/// each kind the catalogue's runs step through has its own Chinese text.
#[test]
fn every_callback_the_loop_runs_has_a_chinese_name() {
    use async_playground::texts;
    let mut kinds = std::collections::BTreeSet::new();
    for s in CATALOGUE {
        for &variant in s.variants {
            let (_, log) = s.run_steps(variant, &s.default_params(), Lang::En);
            kinds.extend(
                log.steps()
                    .iter()
                    .filter(|step| step.handle.task.is_none())
                    .map(|step| step.handle.kind),
            );
        }
    }
    assert!(kinds.contains("timer: sleep done"), "{kinds:?}");
    for kind in kinds {
        let (en, zh) = (
            texts::callback_name(kind, Lang::En),
            texts::callback_name(kind, Lang::Zh),
        );
        assert_eq!(en, kind, "the English name is the engine's own");
        assert_ne!(zh, en, "{kind}: no Chinese text");
    }
}
