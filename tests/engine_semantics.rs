#![cfg(not(target_arch = "wasm32"))]
//! The engine's asyncio rules, checked in virtual time.
use async_playground::engine::*;
use serde_json::{json, Value};

fn run(main: impl FnOnce(EventLoop) -> Coro) -> (EventLoop, RunTrace) {
    let lp = EventLoop::new_virtual();
    lp.spawn_main(main(lp.clone()));
    lp.run_virtual();
    let trace = lp.trace("t", 0.0);
    (lp, trace)
}

fn printed(trace: &RunTrace) -> Vec<(f64, String)> {
    trace
        .output
        .iter()
        .map(|o| (o.at_ms, o.text.clone()))
        .collect()
}

fn say_hello(lp: EventLoop, name: &str) -> Coro {
    Coro::new(name, async move {
        lp.print("Hello");
        lp.sleep(1000.0).await?;
        lp.print("World");
        Ok(Value::Null)
    })
}

#[test]
fn create_task_is_scheduled_not_run_inline() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let t1 = lp.create_task(say_hello(lp.clone(), "t1"));
            lp.print("after create_task");
            let t2 = lp.create_task(say_hello(lp.clone(), "t2"));
            t1.join().await?;
            t2.join().await?;
            Ok(Value::Null)
        })
    });
    let texts: Vec<String> = printed(&trace).into_iter().map(|p| p.1).collect();
    assert_eq!(
        texts,
        ["after create_task", "Hello", "Hello", "World", "World"]
    );
    assert_eq!(printed(&trace)[3].0, 1000.0);
    assert_eq!(trace.total_ms, 1000.0);
}

#[test]
fn awaiting_coroutines_in_turn_is_serial() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let a = lp.create_task(say_hello(lp.clone(), "a"));
            a.join().await?;
            let b = lp.create_task(say_hello(lp.clone(), "b"));
            b.join().await?;
            Ok(Value::Null)
        })
    });
    assert_eq!(
        printed(&trace),
        vec![
            (0.0, "Hello".into()),
            (1000.0, "World".into()),
            (1000.0, "Hello".into()),
            (2000.0, "World".into())
        ]
    );
}

fn job(lp: &EventLoop, i: usize, ms: f64, fail: bool) -> Coro {
    let lp = lp.clone();
    Coro::new(format!("task{i}()"), async move {
        lp.sleep(ms).await?;
        if fail {
            return Err(Exc::new("ValueError", format!("task {i} failed")));
        }
        lp.print(format!("task {i} finished"));
        Ok(json!(format!("Task {i} done")))
    })
}

#[test]
fn gather_returns_results_in_argument_order() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let r = lp
                .gather(vec![
                    job(&lp, 1, 1000.0, false),
                    job(&lp, 2, 2000.0, false),
                    job(&lp, 3, 1500.0, false),
                ])
                .await?;
            Ok(Value::Array(r))
        })
    });
    assert_eq!(
        trace.result,
        json!(["Task 1 done", "Task 2 done", "Task 3 done"])
    );
    assert_eq!(trace.total_ms, 2000.0);
    let main_wait = trace.tasks[0]
        .spans
        .iter()
        .find(|s| s.state == SpanState::Waiting)
        .unwrap();
    assert_eq!(main_wait.on.as_deref(), Some("gather"));
    assert_eq!((main_wait.start_ms, main_wait.end_ms), (0.0, 2000.0));
}

#[test]
fn gather_error_propagates_at_once_and_siblings_keep_running() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let err = lp
                .gather(vec![
                    job(&lp, 1, 1000.0, false),
                    job(&lp, 2, 500.0, true),
                    job(&lp, 3, 1500.0, false),
                ])
                .await
                .unwrap_err();
            lp.print(format!("caught {err}"));
            lp.sleep(1500.0).await?;
            Ok(Value::Null)
        })
    });
    let out = printed(&trace);
    assert_eq!(out[0], (500.0, "caught ValueError: task 2 failed".into()));
    assert_eq!(out[1], (1000.0, "task 1 finished".into()));
    assert_eq!(out[2], (1500.0, "task 3 finished".into()));
    assert_eq!(trace.tasks[1].outcome, TaskOutcome::Done);
    assert_eq!(trace.tasks[2].outcome, TaskOutcome::Failed);
    assert_eq!(trace.tasks[3].outcome, TaskOutcome::Done);
}

#[test]
fn gather_return_exceptions_puts_errors_in_place() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let r = lp
                .gather_return_exceptions(vec![
                    job(&lp, 1, 1000.0, false),
                    job(&lp, 2, 500.0, true),
                ])
                .await?;
            assert!(r[0].is_ok());
            assert_eq!(r[1].as_ref().unwrap_err().kind, "ValueError");
            Ok(json!(lp.now()))
        })
    });
    assert_eq!(trace.result, json!(1000.0));
}

#[test]
fn main_ending_cancels_what_is_left_like_asyncio_run() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            lp.create_task(job(&lp, 1, 5000.0, false));
            lp.sleep(10.0).await?;
            Ok(Value::Null)
        })
    });
    assert_eq!(trace.total_ms, 10.0);
    assert_eq!(trace.tasks[1].outcome, TaskOutcome::Cancelled);
    assert_eq!(trace.tasks[1].end_ms, 10.0);
}

#[test]
fn cancellation_raises_at_the_await_point_and_cleanup_runs() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let inner = lp.clone();
            let t = lp.create_task(Coro::new("worker", async move {
                match inner.sleep(10_000.0).await {
                    Err(e) if e.is_cancelled() => {
                        inner.print("cleanup");
                        inner.sleep(100.0).await?;
                        inner.print("cleanup done");
                        Err(e)
                    }
                    other => other.map(|_| Value::Null),
                }
            }));
            lp.sleep(500.0).await?;
            t.cancel();
            let r = t.join().await;
            lp.print(format!("{:?}", r.unwrap_err().kind));
            Ok(Value::Null)
        })
    });
    assert_eq!(
        printed(&trace),
        vec![
            (500.0, "cleanup".into()),
            (600.0, "cleanup done".into()),
            (600.0, "\"CancelledError\"".into())
        ]
    );
    assert_eq!(trace.tasks[1].outcome, TaskOutcome::Cancelled);
}

#[test]
fn a_task_cancelled_before_it_starts_never_runs() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let inner = lp.clone();
            let t = lp.create_task(Coro::new("never", async move {
                inner.print("body ran");
                Ok(Value::Null)
            }));
            t.cancel();
            let _ = t.join().await;
            Ok(Value::Null)
        })
    });
    assert!(trace.output.is_empty());
    assert_eq!(trace.tasks[1].outcome, TaskOutcome::Cancelled);
}

#[test]
fn wait_for_times_out_and_cancels_the_operation() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let op = job(&lp, 1, 3000.0, false);
            let r = lp.wait_for(op, 2000.0).await;
            assert!(r.unwrap_err().is_timeout());
            Ok(json!(lp.now()))
        })
    });
    assert_eq!(trace.result, json!(2000.0));
    // Since 3.12 the operation runs inside the caller's task: no lane.
    assert_eq!(trace.tasks.len(), 1);
    let main = &trace.tasks[0];
    let sleep = main
        .spans
        .iter()
        .find(|s| s.on.as_deref().is_some_and(|on| on.starts_with("sleep")))
        .expect("main waits on the operation's sleep itself");
    assert_eq!((sleep.start_ms, sleep.end_ms), (0.0, 2000.0));
}

#[test]
fn wait_for_returns_the_value_when_in_time() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            lp.wait_for(job(&lp, 1, 3000.0, false), 5000.0).await
        })
    });
    assert_eq!(trace.result, json!("Task 1 done"));
    assert_eq!(trace.total_ms, 3000.0);
}

#[test]
fn wait_first_completed_leaves_the_rest_pending() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let tasks: Vec<TaskHandle> = [1000.0, 2000.0, 1500.0]
                .iter()
                .enumerate()
                .map(|(i, &ms)| lp.create_task(job(&lp, i + 1, ms, false)))
                .collect();
            let (done, pending) = lp.wait(&tasks, ReturnWhen::FirstCompleted).await?;
            assert_eq!(done.len(), 1);
            assert_eq!(pending.len(), 2);
            for t in &pending {
                t.cancel();
            }
            Ok(json!(done[0].name()))
        })
    });
    assert_eq!(trace.result, json!("task1()"));
    assert_eq!(trace.total_ms, 1000.0);
    assert_eq!(trace.tasks[2].outcome, TaskOutcome::Cancelled);
    assert_eq!(trace.tasks[3].outcome, TaskOutcome::Cancelled);
}

#[test]
fn wait_first_exception_and_all_completed() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let a = lp.create_task(job(&lp, 1, 1000.0, false));
            let b = lp.create_task(job(&lp, 2, 1500.0, true));
            let c = lp.create_task(job(&lp, 3, 2000.0, false));
            let all = [a, b, c];
            let (done, _) = lp.wait(&all, ReturnWhen::FirstException).await?;
            let first = (lp.now(), done.len());
            let (done, pending) = lp.wait(&all, ReturnWhen::AllCompleted).await?;
            Ok(json!([
                first.0,
                first.1,
                lp.now(),
                done.len(),
                pending.len()
            ]))
        })
    });
    assert_eq!(trace.result, json!([1500.0, 2, 2000.0, 3, 0]));
}

#[test]
fn as_completed_yields_in_completion_order() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let mut it = lp.as_completed(vec![
                job(&lp, 1, 1000.0, false),
                job(&lp, 2, 2000.0, false),
                job(&lp, 3, 1500.0, false),
            ]);
            let mut order = vec![];
            while let Some(r) = it.next().await {
                order.push(json!([r?, lp.now()]));
            }
            Ok(Value::Array(order))
        })
    });
    assert_eq!(
        trace.result,
        json!([
            ["Task 1 done", 1000.0],
            ["Task 3 done", 1500.0],
            ["Task 2 done", 2000.0]
        ])
    );
}

#[test]
fn semaphore_limits_and_is_fifo_with_queued_time() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let sem = Semaphore::new(&lp, 2);
            let coros = (0..5)
                .map(|i| {
                    let lp = lp.clone();
                    let sem = sem.clone();
                    Coro::new(format!("fetch({i})"), async move {
                        let _permit = sem.acquire().await?;
                        lp.print(format!("start {i}"));
                        lp.sleep(100.0).await?;
                        Ok(json!(i))
                    })
                })
                .collect();
            Ok(Value::Array(lp.gather(coros).await?))
        })
    });
    assert_eq!(trace.result, json!([0, 1, 2, 3, 4]));
    assert_eq!(trace.total_ms, 300.0);
    let starts: Vec<(f64, String)> = printed(&trace);
    assert_eq!(
        starts,
        vec![
            (0.0, "start 0".into()),
            (0.0, "start 1".into()),
            (100.0, "start 2".into()),
            (100.0, "start 3".into()),
            (200.0, "start 4".into())
        ]
    );
    let last = &trace.tasks[5];
    let queued = last
        .spans
        .iter()
        .find(|s| s.state == SpanState::Queued)
        .unwrap();
    assert_eq!((queued.start_ms, queued.end_ms), (0.0, 200.0));
    assert_eq!(queued.on.as_deref(), Some("semaphore"));
}

#[test]
fn blocking_call_holds_the_loop_and_others_are_blocked() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let coros = (1..=3)
                .map(|i| {
                    let lp = lp.clone();
                    Coro::new(format!("task({i})"), async move {
                        lp.block(1000.0);
                        Ok(json!(i))
                    })
                })
                .collect();
            Ok(Value::Array(lp.gather(coros).await?))
        })
    });
    assert_eq!(trace.total_ms, 3000.0);
    let t3 = &trace.tasks[3];
    assert_eq!(t3.spans[0].state, SpanState::Blocked);
    assert_eq!((t3.spans[0].start_ms, t3.spans[0].end_ms), (0.0, 2000.0));
    assert_eq!(t3.spans[1].state, SpanState::Running);
    assert_eq!((t3.spans[1].start_ms, t3.spans[1].end_ms), (2000.0, 3000.0));
}

#[test]
fn a_timer_due_during_a_block_shows_waiting_then_blocked() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let t = lp.create_task(job(&lp, 1, 100.0, false));
            lp.sleep(0.0).await?;
            lp.block(500.0);
            t.join().await
        })
    });
    let spans: Vec<(SpanState, f64, f64)> = trace.tasks[1]
        .spans
        .iter()
        .map(|s| (s.state, s.start_ms, s.end_ms))
        .collect();
    assert_eq!(
        spans,
        vec![
            (SpanState::Running, 0.0, 0.0),
            (SpanState::Waiting, 0.0, 100.0),
            (SpanState::Blocked, 100.0, 500.0),
            (SpanState::Running, 500.0, 500.0)
        ]
    );
}

#[test]
fn lock_serialises_the_critical_section() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let lock = Lock::new(&lp);
            let counter = std::rc::Rc::new(std::cell::Cell::new(0));
            let coros = (0..10)
                .map(|i| {
                    let (lp, lock, counter) = (lp.clone(), lock.clone(), counter.clone());
                    Coro::new(format!("increment({i})"), async move {
                        let _held = lock.acquire().await?;
                        let temp = counter.get();
                        lp.sleep(10.0).await?;
                        counter.set(temp + 1);
                        Ok(Value::Null)
                    })
                })
                .collect();
            lp.gather(coros).await?;
            Ok(json!(counter.get()))
        })
    });
    assert_eq!(trace.result, json!(10));
    assert_eq!(trace.total_ms, 100.0);
}

#[test]
fn stop_ends_unfinished_tasks_as_running_and_clears_timers() {
    let lp = EventLoop::new_virtual();
    let inner = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        inner.sleep(1000.0).await?;
        inner.print("never");
        Ok(Value::Null)
    }));
    lp.step();
    assert_eq!(lp.pending_timers().len(), 1);
    lp.stop();
    assert!(lp.pending_timers().is_empty());
    assert!(lp.ready_queue().is_empty());
    assert_eq!(lp.step(), StepEvent::Finished);
    let trace = lp.trace("t", 0.0);
    assert_eq!(trace.tasks[0].outcome, TaskOutcome::Running);
    assert!(trace.output.is_empty());
}

#[test]
fn step_api_shows_queue_and_timers() {
    let lp = EventLoop::new_virtual();
    let inner = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        inner.sleep(50.0).await?;
        Ok(Value::Null)
    }));
    assert_eq!(lp.ready_queue().len(), 1);
    assert_eq!(lp.ready_queue()[0].task, Some(0));
    assert!(matches!(lp.step(), StepEvent::Ran { task: Some(0), .. }));
    assert_eq!(lp.pending_timers()[0].deadline_ms, 50.0);
    assert_eq!(lp.step(), StepEvent::ClockAdvanced { to_ms: 50.0 });
    // the timer callback, then the task's wake-up: two hops, as in CPython
    assert!(matches!(lp.step(), StepEvent::Ran { task: None, .. }));
    assert!(matches!(lp.step(), StepEvent::Ran { task: Some(0), .. }));
}

#[test]
fn timers_due_at_the_same_instant_fire_in_insertion_order() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let coros = (0..5).map(|i| job(&lp, i, 100.0, false)).collect();
            lp.gather(coros).await?;
            Ok(Value::Null)
        })
    });
    let texts: Vec<String> = printed(&trace).into_iter().map(|p| p.1).collect();
    assert_eq!(
        texts,
        (0..5)
            .map(|i| format!("task {i} finished"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_deadlock_ends_the_run_instead_of_hanging() {
    let lp = EventLoop::new_virtual();
    let inner = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        let lock = Lock::new(&inner);
        let _a = lock.acquire().await?;
        let _b = lock.acquire().await?;
        Ok(Value::Null)
    }));
    lp.run_virtual();
    assert!(lp.is_deadlocked());
}

#[test]
fn real_clock_matches_virtual_within_timer_jitter() {
    let lp = native::real_loop();
    let inner = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        let coros = (0..3)
            .map(|i| job(&inner, i, 50.0 * (i + 1) as f64, false))
            .collect();
        Ok(Value::Array(inner.gather(coros).await?))
    }));
    native::run_real(&lp);
    let trace = lp.trace("t", 150.0);
    assert!(
        trace.total_ms >= 150.0,
        "timers never fire early: {}",
        trace.total_ms
    );
    assert!(
        trace.total_ms < 150.0 + 15.0f64.max(15.0),
        "{}",
        trace.total_ms
    );
    assert_eq!(
        trace.result,
        json!(["Task 0 done", "Task 1 done", "Task 2 done"])
    );
}

#[test]
fn wait_for_with_no_time_cancels_before_the_first_step() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let inner = lp.clone();
            let op = Coro::new("op", async move {
                inner.print("op ran");
                Ok(json!(1))
            });
            let r = lp.wait_for(op, 0.0).await;
            Ok(json!(r.unwrap_err().kind))
        })
    });
    assert_eq!(trace.result, json!("TimeoutError"));
    assert!(trace.output.is_empty());
    assert_eq!(trace.tasks[1].outcome, TaskOutcome::Cancelled);
}

// ---- CPython 3.14 rules the differential test (tests/differential.rs)
// found the engine breaking. Each expectation is what CPython 3.14.2 prints
// for the Python program in the comment.

fn texts(trace: &RunTrace) -> Vec<String> {
    printed(trace).into_iter().map(|p| p.1).collect()
}

fn outcome_of(trace: &RunTrace, name: &str) -> TaskOutcome {
    trace
        .tasks
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no task {name}"))
        .outcome
}

/// Rule: asyncio.run only stops the loop when main ends; the iteration in
/// progress runs to its end before leftover tasks are cancelled.
/// `w`: try: sleep(0.1); sleep(0) / except CancelledError: print; raise.
/// main: create_task(w()); await sleep(0.1). CPython: nothing printed, w done.
#[test]
fn asyncio_run_finishes_the_current_iteration_before_cancelling_leftovers() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let inner = lp.clone();
            lp.create_task(Coro::new("w()", async move {
                let body = async {
                    inner.sleep(100.0).await?;
                    inner.sleep(0.0).await
                };
                if let Err(e) = body.await {
                    inner.print("w cancelled");
                    return Err(e);
                }
                Ok(Value::Null)
            }));
            lp.sleep(100.0).await?;
            Ok(Value::Null)
        })
    });
    assert!(trace.output.is_empty(), "{:?}", trace.output);
    assert_eq!(outcome_of(&trace, "w()"), TaskOutcome::Done);
    assert_eq!(trace.total_ms, 100.0);
}

/// Rule: a woken semaphore waiter stays in `_waiters` until its task
/// resumes, and `locked()` counts it: a newcomer queues, nobody overtakes.
/// Semaphore(3); job(i): `async with sem: sleep(0)` then `async with sem:
/// print(i)`; gather(job(0..4)). CPython: 0 1 2 3.
#[test]
fn a_semaphore_newcomer_never_overtakes_a_woken_waiter() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let sem = Semaphore::new(&lp, 3);
            let jobs = (0..4)
                .map(|i| {
                    let (lp, sem) = (lp.clone(), sem.clone());
                    Coro::new(format!("job({i})"), async move {
                        {
                            let _p = sem.acquire().await?;
                            lp.sleep(0.0).await?;
                        }
                        let _p = sem.acquire().await?;
                        lp.print(i.to_string());
                        Ok(Value::Null)
                    })
                })
                .collect();
            lp.gather(jobs).await?;
            Ok(Value::Null)
        })
    });
    assert_eq!(texts(&trace), ["0", "1", "2", "3"]);
}

/// Rule: `Lock._wake_up_first` wakes only the first waiter; when that one
/// was cancelled, the lock passes on only when its task runs.
/// hold() keeps the lock 100 ms; take("A"), take("B") queue; at 100 ms main
/// cancels A and starts other(). CPython: other, B.
#[test]
fn a_lock_whose_first_waiter_was_cancelled_passes_on_when_that_task_runs() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let lock = Lock::new(&lp);
            let (l, k) = (lp.clone(), lock.clone());
            let hold = lp.create_task(Coro::new("hold()", async move {
                let _p = k.acquire().await?;
                l.sleep(100.0).await?;
                Ok(Value::Null)
            }));
            lp.sleep(0.0).await?;
            let take = |name: &'static str| {
                let (l, k) = (lp.clone(), lock.clone());
                lp.create_task(Coro::new(format!("take({name:?})"), async move {
                    let _p = k.acquire().await?;
                    l.print(name);
                    Ok(Value::Null)
                }))
            };
            let (a, b) = (take("A"), take("B"));
            lp.sleep(100.0).await?;
            a.cancel();
            let l = lp.clone();
            lp.create_task(Coro::new("other()", async move {
                l.print("other");
                Ok(Value::Null)
            }));
            lp.gather_tasks_return_exceptions(vec![hold, a, b]).await?;
            Ok(Value::Null)
        })
    });
    assert_eq!(texts(&trace), ["other", "B"]);
    assert_eq!(outcome_of(&trace, "take(\"A\")"), TaskOutcome::Cancelled);
}

/// Rule: cancelling a task that awaits a gather whose children have all
/// finished only sets `_must_cancel` (`_GatheringFuture.cancel()` returns
/// False): CancelledError arrives when the gather resolves.
/// sup(): try: gather(child()) / except CancelledError: print; raise.
/// main: s = create_task(sup()); sleep(0); sleep(0); s.cancel();
/// print("main"). CPython: main, sup cancelled.
#[test]
fn cancelling_a_task_on_a_finished_gather_waits_for_the_gather_to_resolve() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let l = lp.clone();
            let sup = lp.create_task(Coro::new("sup()", async move {
                let child = Coro::new("child()", async { Ok(json!(1)) });
                if let Err(e) = l.gather(vec![child]).await {
                    l.print("sup cancelled");
                    return Err(e);
                }
                Ok(Value::Null)
            }));
            lp.sleep(0.0).await?;
            lp.sleep(0.0).await?;
            sup.cancel();
            lp.print("main");
            lp.gather_tasks_return_exceptions(vec![sup]).await?;
            Ok(Value::Null)
        })
    });
    assert_eq!(texts(&trace), ["main", "sup cancelled"]);
    assert_eq!(outcome_of(&trace, "sup()"), TaskOutcome::Cancelled);
}

/// Rule: asyncio.run waits only for the tasks pending when main ended; one
/// created during that clean-up is abandoned, still pending.
/// w(): try: sleep(10) / except CancelledError: create_task(late()); raise.
/// late(): sleep(0.4); print. main: create_task(w()); sleep(0.4).
/// CPython ends at 400 ms and late() never prints.
#[test]
fn asyncio_run_abandons_a_task_created_while_it_cleans_up() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let l = lp.clone();
            lp.create_task(Coro::new("w()", async move {
                if let Err(e) = l.sleep(10_000.0).await {
                    let ll = l.clone();
                    l.create_task(Coro::new("late()", async move {
                        ll.sleep(400.0).await?;
                        ll.print("late");
                        Ok(Value::Null)
                    }));
                    return Err(e);
                }
                Ok(Value::Null)
            }));
            lp.sleep(400.0).await?;
            Ok(Value::Null)
        })
    });
    assert_eq!(trace.total_ms, 400.0);
    assert_eq!(outcome_of(&trace, "w()"), TaskOutcome::Cancelled);
    assert_eq!(outcome_of(&trace, "late()"), TaskOutcome::Running);
    assert_eq!(
        texts(&trace),
        ["Task was destroyed but it is pending: late()"]
    );
}

/// Rule (3.12+): wait_for runs the coroutine in the caller's task, and a
/// timeout that the coroutine swallows gives its value, not TimeoutError.
#[test]
fn wait_for_gives_the_value_of_an_operation_that_swallows_the_timeout() {
    let (_, trace) = run(|lp| {
        Coro::new("main", async move {
            let l = lp.clone();
            let op = Coro::new("op()", async move {
                if l.sleep(1000.0).await.is_err() {
                    l.print("op cancelled");
                }
                Ok(json!("op value"))
            });
            lp.wait_for(op, 200.0).await
        })
    });
    assert_eq!(trace.result, json!("op value"));
    assert_eq!(printed(&trace), [(200.0, "op cancelled".to_string())]);
    assert_eq!(trace.tasks.len(), 1, "no task of its own");
}
