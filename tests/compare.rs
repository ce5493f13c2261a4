#![cfg(not(target_arch = "wasm32"))]
//! Pinning: the pinned runs drawn first under their own names, and the
//! comparison of two semaphore runs against end times worked out by hand
//! (request i of a Semaphore(k) ends after floor(i / k) + 1 waves).
use async_playground::compare::{compare, with_pinned, PINNED};
use async_playground::lang::Lang;
use async_playground::scenarios::ParamValue::Int;

mod common;
use common::{params, scenario};

fn semaphore(urls: i64, max: i64) -> async_playground::engine::TraceDoc {
    let p = params(
        "semaphore",
        &[
            ("urls", Int(urls)),
            ("max_concurrent", Int(max)),
            ("latency_ms", Int(500)),
        ],
    );
    scenario("semaphore").run_all_virtual(&p, Lang::En)
}

fn wave_end(i: i64, max: i64) -> f64 {
    ((i / max + 1) * 500) as f64
}

#[test]
fn pinned_runs_come_first_under_their_own_names() {
    let (then, now) = (semaphore(20, 5), semaphore(20, 2));
    let shown = with_pinned(Some(&then), Some(&now)).unwrap();
    let variants: Vec<&str> = shown.runs.iter().map(|r| r.variant.as_str()).collect();
    assert_eq!(variants, [format!("{PINNED}limited").as_str(), "limited"]);
    // Nothing pinned: the current document as it is.
    assert_eq!(with_pinned(None, Some(&now)), Some(now.clone()));
    // Pinned before any new run: the pinned runs alone.
    assert_eq!(with_pinned(Some(&then), None).unwrap().runs.len(), 1);
}

#[test]
fn each_task_end_is_compared_with_the_same_task_in_the_pinned_run() {
    let (then, now) = (semaphore(20, 5), semaphore(20, 2));
    let changes = compare(&then, &now);
    assert_eq!(changes.len(), 1);
    let change = &changes[0];
    assert_eq!((change.then_ms, change.now_ms), (2000.0, 5000.0));
    // main matches main although its name shows max_concurrent.
    let main = &change.moved[0];
    assert!(main.name.starts_with("rate_limited_fetch"), "{main:?}");
    assert_eq!((main.then_ms, main.now_ms), (Some(2000.0), Some(5000.0)));
    let mut unchanged = 0;
    for i in 0..20 {
        let name = format!("fetch_with_limit({i})");
        let (was, is) = (wave_end(i, 5), wave_end(i, 2));
        match change.moved.iter().find(|t| t.name == name) {
            Some(t) => assert_eq!((t.then_ms, t.now_ms), (Some(was), Some(is)), "{name}"),
            None => {
                assert_eq!(was, is, "{name} should have moved");
                unchanged += 1;
            }
        }
    }
    assert_eq!(change.unchanged, unchanged);
}

#[test]
fn tasks_in_one_run_only_are_listed_as_such() {
    let (then, now) = (semaphore(3, 5), semaphore(5, 5));
    let change = &compare(&then, &now)[0];
    let only_now: Vec<&str> = change
        .moved
        .iter()
        .filter(|t| t.then_ms.is_none())
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(only_now, ["fetch_with_limit(3)", "fetch_with_limit(4)"]);
    let back = &compare(&now, &then)[0];
    assert_eq!(back.moved.iter().filter(|t| t.now_ms.is_none()).count(), 2);
}

mod javascript {
    use async_playground::compare::{
        javascript_differences, with_javascript, Difference, JAVASCRIPT,
    };
    use async_playground::engine::recorder::{replay, ProgramRun};
    use async_playground::engine::{Mode, TraceDoc};
    use serde_json::json;

    /// A run as the JavaScript runtime reports it, from its events.
    fn run(variant: &str, events: serde_json::Value) -> async_playground::engine::RunTrace {
        let run = ProgramRun {
            events: events.as_array().unwrap().clone(),
            ..ProgramRun::default()
        };
        replay(&run, variant, 0.0)
    }

    #[test]
    fn an_async_call_printing_when_called_started_eagerly() {
        // main calls sayHello() twice; each prints at once, then sleeps 1 s.
        let trace = run(
            "create-task",
            json!([
                ["task", 0, 0, "main", null],
                ["task", 0, 1, "withTasks()", 0],
                ["task", 0, 2, "sayHello()", 1],
                ["print", 0, 2, "Hello"],
                ["wait", 0, 2, "waiting", "sleep", 4],
                ["task", 0, 3, "sayHello()", 1],
                ["print", 0, 3, "Hello"],
                ["wait", 0, 3, "waiting", "sleep", 4],
                ["wait", 0, 1, "waiting", "p1", 14],
                ["wait", 0, 0, "waiting", "withTasks", 21],
                ["end", 1000, 2, "done", null, null],
                ["end", 1000, 3, "done", null, null],
                ["end", 1000, 1, "done", null, null],
                ["end", 1000, 0, "done", null, null]
            ]),
        );
        assert_eq!(
            javascript_differences(&trace),
            [Difference::EagerStart {
                task: "sayHello()".into(),
                at_ms: 0.0
            }]
        );
    }

    #[test]
    fn a_race_leaves_its_losers_running_and_the_first_rejection_is_marked() {
        let trace = run(
            "race",
            json!([
                ["task", 0, 0, "main", null],
                ["wait", 0, 0, "waiting", "Promise.race", 9],
                ["task", 0, 1, "task(\"A\", 300)", 0],
                ["wait", 0, 1, "waiting", "sleep", 3],
                ["task", 0, 2, "task(\"B\", 100)", 0],
                ["wait", 0, 2, "waiting", "sleep", 3],
                ["task", 0, 3, "failing(50)", 0],
                ["wait", 0, 3, "waiting", "sleep", 3],
                ["end", 50, 3, "failed", null, "Error: task failed"],
                ["end", 100, 2, "done", "B", null],
                ["end", 100, 0, "done", null, null],
                ["end", 300, 1, "done", "A", null]
            ]),
        );
        assert_eq!(
            javascript_differences(&trace),
            [
                Difference::FirstRejection {
                    task: "failing(50)".into(),
                    error: "Error: task failed".into(),
                    at_ms: 50.0
                },
                Difference::StillRunning {
                    tasks: 1,
                    at_ms: 100.0
                },
            ]
        );
    }

    #[test]
    fn each_javascript_run_is_drawn_under_its_own_variant() {
        let doc = |variants: &[&str]| {
            TraceDoc::new(
                "gather",
                Mode::Virtual,
                json!({}),
                variants
                    .iter()
                    .map(|v| {
                        run(
                            v,
                            json!([
                                ["task", 0, 0, "main", null],
                                ["end", 5, 0, "done", null, null]
                            ]),
                        )
                    })
                    .collect(),
            )
        };
        let shown = with_javascript(Some(doc(&["a", "b"])), Some(&doc(&["b", "a", "c"]))).unwrap();
        let variants: Vec<String> = shown.runs.iter().map(|r| r.variant.clone()).collect();
        let js = |v: &str| format!("{JAVASCRIPT}{v}");
        assert_eq!(
            variants,
            ["a".into(), js("a"), "b".into(), js("b"), js("c")]
        );
        assert_eq!(with_javascript(Some(doc(&["a"])), None), Some(doc(&["a"])));
    }
}

mod javascript_aborts {
    use async_playground::compare::{javascript_differences, Difference};
    use async_playground::engine::recorder::{replay, ProgramRun};
    use serde_json::json;

    #[test]
    fn calls_ended_by_an_abort_controller_are_not_rejections() {
        // wait-first-completed's JavaScript: the race is won at 1000 ms and
        // the listing aborts the two others then.
        let run = ProgramRun {
            events: json!([
                ["task", 0, 0, "main", null],
                ["task", 0, 1, "task(1, 1000, {…})", 0],
                ["task", 0, 2, "task(2, 2000, {…})", 0],
                ["task", 0, 3, "task(3, 1500, {…})", 0],
                ["end", 1000, 1, "done", "Task 1 done", null],
                ["end", 1000, 0, "done", null, null],
                [
                    "end",
                    1000,
                    2,
                    "cancelled",
                    null,
                    "AbortError: signal is aborted without reason"
                ],
                [
                    "end",
                    1000,
                    3,
                    "cancelled",
                    null,
                    "AbortError: signal is aborted without reason"
                ]
            ])
            .as_array()
            .unwrap()
            .clone(),
            ..ProgramRun::default()
        };
        let trace = replay(&run, "first-completed", 0.0);
        assert_eq!(
            javascript_differences(&trace),
            [Difference::Aborted {
                tasks: 2,
                at_ms: 1000.0
            }]
        );
    }
}
