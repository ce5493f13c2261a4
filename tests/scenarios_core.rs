#![cfg(not(target_arch = "wasm32"))]
//! The core scenarios (await-basics … race-condition): the catalogue's outcome
//! with default parameters, in literal values, and each scenario's own law
//! for random valid parameters.
use async_playground::engine::{RunTrace, SpanState, TaskOutcome};
use async_playground::lang::Lang;
use async_playground::scenarios::{expect::peak_concurrency, ParamValue, Params};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{names, outputs, params, run, scenario, source, task};

fn run_with(id: &str, variant: &'static str, values: &[(&str, ParamValue)]) -> RunTrace {
    run_params(id, variant, &params(id, values), Lang::En)
}

fn run_params(id: &str, variant: &'static str, params: &Params, lang: Lang) -> RunTrace {
    scenario(id).run_virtual(variant, params, lang)
}

fn ends(trace: &RunTrace, name: &str) -> (TaskOutcome, f64) {
    let t = task(trace, name);
    (t.outcome, t.end_ms)
}

/// Every claim the scenario makes holds for this run.
fn assert_claims(id: &str, trace: &RunTrace, params: &Params, lang: Lang) {
    let s = scenario(id);
    let checks = s.verify(trace, params, lang);
    assert!(
        !checks.is_empty(),
        "{id} / {} claims nothing",
        trace.variant
    );
    for check in checks {
        assert!(
            check.pass,
            "{id} / {} / {lang:?} {:?}: claimed {}, observed {}",
            trace.variant,
            params.explicit(),
            check.claim,
            check.observed
        );
    }
}

fn ms(v: i64) -> ParamValue {
    ParamValue::Int(v)
}

// ---- the catalogue's outcomes with default parameters ----------------------

#[test]
fn await_basics() {
    let awaited = run("await-basics", "awaited");
    assert_eq!(awaited.result, json!("Hello"));
    assert_eq!(awaited.total_ms, 0.0);
    assert_eq!(
        outputs(&awaited),
        vec![(0.0, "async_function is running"), (0.0, "Hello")]
    );

    let not_awaited = run("await-basics", "not-awaited");
    assert_eq!(
        not_awaited.result,
        json!("<coroutine object async_function at 0x…>")
    );
    assert_eq!(
        outputs(&not_awaited),
        vec![
            (0.0, "<coroutine object async_function at 0x…>"),
            (
                0.0,
                "RuntimeWarning: coroutine 'async_function' was never awaited"
            ),
        ]
    );
    // The body never ran: no task was ever created for it, nothing printed.
    assert_eq!(names(&not_awaited), vec!["main()"]);
    assert!(not_awaited
        .output
        .iter()
        .all(|o| !o.text.contains("is running")));

    let zh = run_params(
        "await-basics",
        "awaited",
        &scenario("await-basics").default_params(),
        Lang::Zh,
    );
    assert_eq!(outputs(&zh)[0], (0.0, "async_function 开始执行"));
}

#[test]
fn await_basics_js_text_explains_eager_async_functions() {
    use async_playground::texts;
    let en = texts::text("scenarios.await-basics.differences", Lang::En);
    assert!(en.contains("eager") && en.contains("first await") && en.contains("Promise"));
    let js = source("await-basics", "example.js");
    assert!(js.contains("Promise"));
}

#[test]
fn event_loop() {
    for variant in ["asyncio-run", "runner"] {
        let t = run("event-loop", variant);
        assert_eq!(t.total_ms, 1000.0, "{variant}");
        assert_eq!(t.error, None);
        assert_eq!(outputs(&t), vec![(0.0, "Hello"), (1000.0, "World")]);
    }
    // 方式 2 in CPython 3.14: get_event_loop() raises before anything runs.
    let way_2 = run("event-loop", "get-event-loop");
    assert_eq!(way_2.total_ms, 0.0);
    assert_eq!(
        way_2.error.as_deref(),
        Some("RuntimeError: There is no current event loop in thread 'MainThread'.")
    );
    assert!(way_2.output.is_empty());
}

#[test]
fn coroutine_vs_task() {
    let tasks = run("coroutine-vs-task", "create-task");
    assert_eq!(tasks.total_ms, 1000.0);
    assert_eq!(
        outputs(&tasks),
        vec![
            (0.0, "Hello"),
            (0.0, "Hello"),
            (1000.0, "World"),
            (1000.0, "World")
        ]
    );
    assert_eq!(names(&tasks), vec!["main()", "say_hello()", "say_hello()"]);

    let in_turn = run("coroutine-vs-task", "await-in-turn");
    assert_eq!(in_turn.total_ms, 2000.0);
    assert_eq!(
        outputs(&in_turn),
        vec![
            (0.0, "Hello"),
            (1000.0, "World"),
            (1000.0, "Hello"),
            (2000.0, "World")
        ]
    );
    // Awaited coroutines run inside main: no task of their own.
    assert_eq!(names(&in_turn), vec!["main()"]);
}

#[test]
fn blocking_call() {
    let blocking = run("blocking-call", "time-sleep");
    assert_eq!(blocking.total_ms, 3000.0);
    assert_eq!(blocking.result, json!(["done", "done", "done"]));
    // The heartbeat beats once, then the loop is held for 3 s.
    assert_eq!(outputs(&blocking), vec![(0.0, "♥ heartbeat")]);
    // The third call was ready at 0 but blocked until 2000, then ran.
    let third = &blocking.tasks[4];
    assert_eq!(third.name, "bad_function()");
    let spans: Vec<(SpanState, f64, f64, Option<&str>)> = third
        .spans
        .iter()
        .take(2)
        .map(|s| (s.state, s.start_ms, s.end_ms, s.on.as_deref()))
        .collect();
    assert_eq!(
        spans,
        vec![
            (SpanState::Blocked, 0.0, 2000.0, None),
            (
                SpanState::Running,
                2000.0,
                3000.0,
                Some("blocking call (1000 ms)")
            )
        ]
    );
    let second = &blocking.tasks[3];
    assert_eq!(
        (second.spans[0].state, second.spans[0].end_ms),
        (SpanState::Blocked, 1000.0)
    );
    assert_eq!(
        ends(&blocking, "heartbeat()"),
        (TaskOutcome::Cancelled, 3000.0)
    );

    let yielding = run("blocking-call", "asyncio-sleep");
    assert_eq!(yielding.total_ms, 1000.0);
    assert_eq!(yielding.result, json!(["done", "done", "done"]));
    let beats: Vec<f64> = yielding.output.iter().map(|o| o.at_ms).collect();
    assert_eq!(beats, vec![0.0, 250.0, 500.0, 750.0]);
    assert_eq!(ends(&yielding, "heartbeat()"), (TaskOutcome::Done, 750.0));
    assert!(yielding
        .tasks
        .iter()
        .flat_map(|t| &t.spans)
        .all(|s| s.state != SpanState::Blocked));

    let s = scenario("blocking-call");
    assert_eq!(s.speedup_of(&[blocking, yielding]), Some(3.0));
    assert_eq!(
        (s.load)("time-sleep", &s.default_params()).blocking_ms,
        3000.0
    );
}

#[test]
fn blocking_call_refuses_more_than_5000_ms_of_blocking() {
    use async_playground::engine::Mode;
    let s = scenario("blocking-call");
    let ok = params(
        "blocking-call",
        &[("tasks", ms(5)), ("duration_ms", ms(1000))],
    );
    assert!(s.check_load(&ok, Mode::Real).is_ok());
    let too_much = params(
        "blocking-call",
        &[("tasks", ms(6)), ("duration_ms", ms(1000))],
    );
    assert!(s.check_load(&too_much, Mode::Real).is_err());
    assert!(s.check_load(&too_much, Mode::Virtual).is_err());
}

#[test]
fn gather() {
    let all = run("gather", "all-succeed");
    assert_eq!(all.total_ms, 2000.0);
    assert_eq!(
        all.result,
        json!(["Task 1 done", "Task 2 done", "Task 3 done"])
    );
    assert_eq!(
        outputs(&all),
        vec![(2000.0, "['Task 1 done', 'Task 2 done', 'Task 3 done']")]
    );

    let fails = run("gather", "one-fails");
    assert_eq!(
        outputs(&fails),
        vec![(500.0, "gather raised ValueError: task failed")]
    );
    assert_eq!(
        ends(&fails, "failing_task(0.5)"),
        (TaskOutcome::Failed, 500.0)
    );
    // Not cancelled: the siblings finish at their own times.
    assert_eq!(ends(&fails, "task(1, 1)"), (TaskOutcome::Done, 1000.0));
    assert_eq!(ends(&fails, "task(3, 1.5)"), (TaskOutcome::Done, 1500.0));
    assert_eq!(ends(&fails, "task(2, 2)"), (TaskOutcome::Done, 2000.0));
    assert_eq!(fails.total_ms, 2000.0);
    assert_eq!(fails.result, Value::Null);
    assert!(fails.error.is_none());
    // main is woken by gather at 500, then waits for the rest.
    let main_waits: Vec<(Option<&str>, f64, f64)> = fails.tasks[0]
        .spans
        .iter()
        .filter(|s| s.state == SpanState::Waiting)
        .map(|s| (s.on.as_deref(), s.start_ms, s.end_ms))
        .collect();
    assert_eq!(
        main_waits,
        vec![(Some("gather"), 0.0, 500.0), (Some("wait"), 500.0, 2000.0)]
    );

    let returned = run("gather", "return-exceptions");
    assert_eq!(returned.total_ms, 2000.0);
    assert_eq!(
        returned.result,
        json!([
            "Task 1 done",
            "Task 2 done",
            "Task 3 done",
            "ValueError('task failed')"
        ])
    );
    assert_eq!(
        outputs(&returned),
        vec![(
            2000.0,
            "['Task 1 done', 'Task 2 done', 'Task 3 done', ValueError('task failed')]"
        )]
    );
    assert!(returned.error.is_none());
}

#[test]
fn background_task() {
    let t = run("background-task", "cancel-after");
    assert_eq!(
        outputs(&t),
        vec![
            (0.0, "background task running..."),
            (2000.0, "background task running..."),
            (4000.0, "background task running..."),
            (5000.0, "CancelledError: background task cancelled"),
        ]
    );
    assert_eq!(
        ends(&t, "background_task()"),
        (TaskOutcome::Cancelled, 5000.0)
    );
    assert_eq!(
        task(&t, "background_task()").error.as_deref(),
        Some("CancelledError")
    );
    assert_eq!(t.total_ms, 5000.0);
}

#[test]
fn wait_first_completed() {
    let t = run("wait-first-completed", "first-completed");
    assert_eq!(t.total_ms, 1000.0);
    assert_eq!(t.result, json!(["Task 1 done"]));
    assert_eq!(ends(&t, "task(1, 1)"), (TaskOutcome::Done, 1000.0));
    assert_eq!(ends(&t, "task(2, 2)"), (TaskOutcome::Cancelled, 1000.0));
    assert_eq!(ends(&t, "task(3, 1.5)"), (TaskOutcome::Cancelled, 1000.0));
    assert_eq!(
        outputs(&t),
        vec![
            (1000.0, "done: Task 1 done"),
            (1000.0, "cancelled pending tasks: 2")
        ]
    );
}

#[test]
fn as_completed() {
    let t = run("as-completed", "as-completed");
    assert_eq!(
        outputs(&t),
        vec![
            (1000.0, "done: Task 1 done"),
            (1500.0, "done: Task 3 done"),
            (2000.0, "done: Task 2 done")
        ]
    );
    assert_eq!(
        t.result,
        json!(["Task 1 done", "Task 3 done", "Task 2 done"])
    );
    assert_eq!(t.total_ms, 2000.0);
}

#[test]
fn wait_for() {
    let out = run("wait-for", "times-out");
    assert_eq!(out.total_ms, 2000.0);
    assert_eq!(out.result, Value::Null);
    assert_eq!(outputs(&out), vec![(2000.0, "operation timed out")]);
    // CPython 3.12+: the operation runs inside main's task (no lane of its
    // own), and the timeout cuts its sleep(3000 ms) short at 2000.
    assert_eq!(out.tasks.len(), 1);
    let cut: Vec<(f64, f64)> = out.tasks[0]
        .spans
        .iter()
        .filter(|s| s.on.as_deref() == Some("sleep(3000 ms)"))
        .map(|s| (s.start_ms, s.end_ms))
        .collect();
    assert_eq!(cut, [(0.0, 2000.0)]);

    let done = run("wait-for", "completes");
    assert_eq!(done.total_ms, 3000.0);
    assert_eq!(done.result, json!("operation finished"));
    assert!(done.output.is_empty());
    assert_eq!(done.tasks.len(), 1);

    // The listing shows each variant's own timeout.
    use async_playground::scenarios::listing;
    let s = scenario("wait-for");
    let p = s.default_params();
    let python = source(s.id, "example.py");
    assert!(listing::fill(&python, &p, "times-out").contains("timeout=2\n"));
    assert!(listing::fill(&python, &p, "completes").contains("timeout=5\n"));
}

#[test]
fn wait_for_a_timeout_due_with_the_operation_wins() {
    let t = run_with(
        "wait-for",
        "completes",
        &[("operation_ms", ms(1000)), ("timeout_ms", ms(1000))],
    );
    assert_eq!(t.total_ms, 1000.0);
    assert_eq!(t.result, Value::Null);
    assert_eq!(outputs(&t), vec![(1000.0, "operation timed out")]);
}

#[test]
fn semaphore() {
    let t = run("semaphore", "limited");
    assert_eq!(t.total_ms, 2000.0);
    assert_eq!(t.result, json!((0..20).collect::<Vec<i64>>()));
    assert_eq!(peak_concurrency(&t), 5);
    // Queued time per task: none for the first 5, then 500, 1000, 1500.
    let queued: Vec<f64> = t.tasks[1..]
        .iter()
        .map(|task| {
            task.spans
                .iter()
                .filter(|s| s.state == SpanState::Queued)
                .map(|s| s.end_ms - s.start_ms)
                .sum()
        })
        .collect();
    let mut expected = vec![0.0; 5];
    expected.extend([500.0; 5]);
    expected.extend([1000.0; 5]);
    expected.extend([1500.0; 5]);
    assert_eq!(queued, expected);
    assert_eq!(outputs(&t), vec![(2000.0, "requests done: 20")]);
}

#[test]
fn semaphore_runs_its_most_urls_in_virtual_time() {
    use async_playground::engine::Mode;
    let s = scenario("semaphore");
    // 99,999 requests and main: the 100,000 tasks virtual mode allows.
    let most = params("semaphore", &[("urls", ms(99_999))]);
    assert!(s.check_load(&most, Mode::Virtual).is_ok());
    assert!(s.check_load(&most, Mode::Real).is_err());
    let t = run_params("semaphore", "limited", &most, Lang::En);
    assert_eq!(t.total_ms, 20_000.0 * 500.0);
    assert_eq!(t.result.as_array().map(Vec::len), Some(99_999));
    let mut too_many = params("semaphore", &[]);
    assert!(too_many.set("urls", ms(100_001)).is_err());
}

#[test]
fn race_condition() {
    let racy = run("race-condition", "no-lock");
    assert_eq!(racy.result, json!(1));
    assert_eq!(racy.total_ms, 10.0);
    assert_eq!(outputs(&racy), vec![(10.0, "counter = 1")]);

    let locked = run("race-condition", "with-lock");
    assert_eq!(locked.result, json!(10));
    assert_eq!(locked.total_ms, 100.0);
    assert_eq!(outputs(&locked), vec![(100.0, "counter = 10")]);
    assert_eq!(peak_concurrency(&locked), 1);
    let last = locked.tasks.last().unwrap();
    let queued = last
        .spans
        .iter()
        .find(|s| s.state == SpanState::Queued)
        .unwrap();
    assert_eq!((queued.start_ms, queued.end_ms), (0.0, 90.0));
    assert_eq!(queued.on.as_deref(), Some("lock"));
}

// ---- laws, for random valid parameters -------------------------------------

fn durations() -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(0i64..=60_000, 1..=12)
}

fn list(v: &[i64]) -> ParamValue {
    ParamValue::IntList(v.to_vec())
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Zh), Just(Lang::En)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Ways 1 and today's Runner take the sleep; way 2 never starts.
    #[test]
    fn event_loop_law(delay in 0i64..=60_000, lang in lang()) {
        let p = params("event-loop", &[("delay_ms", ms(delay))]);
        for variant in ["asyncio-run", "get-event-loop", "runner"] {
            let t = run_params("event-loop", variant, &p, lang);
            let expected = if variant == "get-event-loop" { 0.0 } else { delay as f64 };
            prop_assert_eq!(t.total_ms, expected);
            prop_assert_eq!(t.error.is_some(), variant == "get-event-loop");
            assert_claims("event-loop", &t, &p, lang);
        }
    }

    /// Tasks overlap (one delay); awaited coroutines add up (two delays).
    #[test]
    fn coroutine_vs_task_law(delay in 0i64..=60_000, lang in lang()) {
        let p = params("coroutine-vs-task", &[("delay_ms", ms(delay))]);
        let tasks = run_params("coroutine-vs-task", "create-task", &p, lang);
        let in_turn = run_params("coroutine-vs-task", "await-in-turn", &p, lang);
        prop_assert_eq!(tasks.total_ms, delay as f64);
        prop_assert_eq!(in_turn.total_ms, 2.0 * delay as f64);
        assert_claims("coroutine-vs-task", &tasks, &p, lang);
        assert_claims("coroutine-vs-task", &in_turn, &p, lang);
    }

    /// Blocking calls add up (and everyone else is blocked); sleeps overlap.
    #[test]
    fn blocking_call_law(tasks in 1i64..=20, duration in 0i64..=250, lang in lang()) {
        let p = params("blocking-call", &[("tasks", ms(tasks)), ("duration_ms", ms(duration))]);
        let blocking = run_params("blocking-call", "time-sleep", &p, lang);
        let yielding = run_params("blocking-call", "asyncio-sleep", &p, lang);
        prop_assert_eq!(blocking.total_ms, (tasks * duration) as f64);
        prop_assert_eq!(yielding.total_ms, duration as f64);
        if duration > 0 {
            // The k-th call waits, blocked, for the k-1 before it.
            for (k, t) in blocking.tasks.iter().filter(|t| t.name == "bad_function()").enumerate() {
                let blocked: f64 = t.spans.iter()
                    .filter(|s| s.state == SpanState::Blocked)
                    .map(|s| s.end_ms - s.start_ms)
                    .sum();
                prop_assert_eq!(blocked, (k as i64 * duration) as f64);
            }
        }
        assert_claims("blocking-call", &blocking, &p, lang);
        assert_claims("blocking-call", &yielding, &p, lang);
    }

    /// Results in argument order at the slowest; a failure is raised at
    /// fail_ms while every sibling still finishes at its own time.
    #[test]
    fn gather_law(d in durations(), fail in 0i64..=60_000, lang in lang()) {
        let p = params("gather", &[("durations_ms", list(&d)), ("fail_ms", ms(fail))]);
        let slowest = *d.iter().max().unwrap();
        let all = run_params("gather", "all-succeed", &p, lang);
        let expected: Vec<String> = (1..=d.len()).map(|n| format!("Task {n} done")).collect();
        prop_assert_eq!(&all.result, &json!(expected));
        prop_assert_eq!(all.total_ms, slowest as f64);

        let fails = run_params("gather", "one-fails", &p, lang);
        prop_assert_eq!(fails.output[0].at_ms, fail as f64);
        prop_assert_eq!(fails.total_ms, slowest.max(fail) as f64);
        for (i, &ms) in d.iter().enumerate() {
            let t = &fails.tasks[i + 1];
            prop_assert_eq!((t.outcome, t.end_ms), (TaskOutcome::Done, ms as f64));
        }

        let returned = run_params("gather", "return-exceptions", &p, lang);
        let items = returned.result.as_array().unwrap();
        prop_assert_eq!(items.len(), d.len() + 1);
        prop_assert!(items[d.len()].as_str().unwrap().starts_with("ValueError("));
        prop_assert_eq!(returned.total_ms, slowest.max(fail) as f64);
        for trace in [&all, &fails, &returned] {
            assert_claims("gather", trace, &p, lang);
        }
    }

    /// Ticks every interval until run_ms, then cancelled at run_ms.
    #[test]
    fn background_task_law(interval in 100i64..=60_000, run_ms in 0i64..=60_000, lang in lang()) {
        let p = params("background-task", &[("interval_ms", ms(interval)), ("run_ms", ms(run_ms))]);
        let t = run_params("background-task", "cancel-after", &p, lang);
        let ticks = t.output.len() - 1;
        prop_assert_eq!(ticks as i64, ((run_ms + interval - 1) / interval).max(1));
        let bg = &t.tasks[1];
        prop_assert_eq!((bg.outcome, bg.end_ms), (TaskOutcome::Cancelled, run_ms as f64));
        prop_assert_eq!(t.total_ms, run_ms as f64);
        assert_claims("background-task", &t, &p, lang);
    }

    /// Returns with the fastest; everything still pending is cancelled then.
    #[test]
    fn wait_first_completed_law(d in durations(), lang in lang()) {
        let p = params("wait-first-completed", &[("durations_ms", list(&d))]);
        let t = run_params("wait-first-completed", "first-completed", &p, lang);
        let fastest = *d.iter().min().unwrap() as f64;
        prop_assert_eq!(t.total_ms, fastest);
        for (i, &ms) in d.iter().enumerate() {
            let task = &t.tasks[i + 1];
            let outcome = if ms as f64 == fastest { TaskOutcome::Done } else { TaskOutcome::Cancelled };
            prop_assert_eq!((task.outcome, task.end_ms), (outcome, fastest));
        }
        assert_claims("wait-first-completed", &t, &p, lang);
    }

    /// Results come in order of duration, each at its own time.
    #[test]
    fn as_completed_law(d in durations(), lang in lang()) {
        let p = params("as-completed", &[("durations_ms", list(&d))]);
        let t = run_params("as-completed", "as-completed", &p, lang);
        let times: Vec<f64> = t.output.iter().map(|o| o.at_ms).collect();
        let mut sorted: Vec<f64> = d.iter().map(|&ms| ms as f64).collect();
        sorted.sort_by(f64::total_cmp);
        prop_assert_eq!(times, sorted);
        prop_assert_eq!(t.total_ms, *d.iter().max().unwrap() as f64);
        assert_claims("as-completed", &t, &p, lang);
    }

    /// Ends at min(timeout, operation): the value if the operation is
    /// faster, otherwise TimeoutError with the operation cancelled.
    #[test]
    fn wait_for_law(op in 0i64..=60_000, timeout in 0i64..=60_000, lang in lang()) {
        let p = params("wait-for", &[("operation_ms", ms(op)), ("timeout_ms", ms(timeout))]);
        for variant in ["times-out", "completes"] {
            let t = run_params("wait-for", variant, &p, lang);
            prop_assert_eq!(t.total_ms, op.min(timeout) as f64);
            if op < timeout {
                prop_assert!(t.result.is_string());
            } else {
                prop_assert_eq!(&t.result, &Value::Null);
            }
            // The operation runs inside main's task; only a timeout of 0
            // wraps it in a task, cancelled before its first step.
            let lanes: Vec<(&str, TaskOutcome)> =
                t.tasks[1..].iter().map(|t| (t.name.as_str(), t.outcome)).collect();
            if timeout == 0 {
                prop_assert_eq!(lanes, vec![("slow_operation()", TaskOutcome::Cancelled)]);
            } else {
                prop_assert!(lanes.is_empty());
            }
            assert_claims("wait-for", &t, &p, lang);
        }
    }

    /// Never more than the limit at once; ceil(n / limit) waves; argument order.
    #[test]
    fn semaphore_law(urls in 1i64..=300, limit in 1i64..=40, latency in 0i64..=60_000, lang in lang()) {
        let p = params("semaphore", &[
            ("urls", ms(urls)), ("max_concurrent", ms(limit)), ("latency_ms", ms(latency)),
        ]);
        let t = run_params("semaphore", "limited", &p, lang);
        prop_assert!(peak_concurrency(&t) <= limit as usize);
        if latency > 0 {
            prop_assert_eq!(peak_concurrency(&t), limit.min(urls) as usize);
        }
        let waves = (urls + limit - 1) / limit;
        prop_assert_eq!(t.total_ms, (waves * latency) as f64);
        prop_assert_eq!(&t.result, &json!((0..urls).collect::<Vec<_>>()));
        assert_claims("semaphore", &t, &p, lang);
    }

    /// Without the lock every update but one is lost; with it none is, and
    /// the increments run one after another.
    #[test]
    fn race_condition_law(tasks in 1i64..=200, delay in 0i64..=1000, lang in lang()) {
        let p = params("race-condition", &[("tasks", ms(tasks)), ("delay_ms", ms(delay))]);
        let racy = run_params("race-condition", "no-lock", &p, lang);
        let locked = run_params("race-condition", "with-lock", &p, lang);
        prop_assert_eq!(&racy.result, &json!(1));
        prop_assert_eq!(racy.total_ms, delay as f64);
        prop_assert_eq!(&locked.result, &json!(tasks));
        prop_assert_eq!(locked.total_ms, (tasks * delay) as f64);
        assert_claims("race-condition", &racy, &p, lang);
        assert_claims("race-condition", &locked, &p, lang);
    }
}
