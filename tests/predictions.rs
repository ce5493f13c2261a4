#![cfg(not(target_arch = "wasm32"))]
//! Predict, then run: every question's right option, read from the run,
//! against answers worked out by hand from the guide's code, at the defaults
//! and at two other settings; the verdict and the stored progress.
use async_playground::engine::{Mode, TraceDoc};
use async_playground::lang::Lang;
use async_playground::scenarios::predict::{Answer, Progress, Question};
use async_playground::scenarios::{ParamValue, Scenario, CATALOGUE};
use async_playground::texts;

mod common;
use common::{params, scenario};

use Answer::{Count, Ms, Task, Word};
use ParamValue::{Int, IntList};

fn question(s: &Scenario, id: &str) -> &'static Question {
    s.questions
        .iter()
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("{} has no question {id}", s.id))
}

/// The option the run marks right must be `expected`.
fn case(id: &str, question_id: &str, values: &[(&str, ParamValue)], expected: Answer) {
    let s = scenario(id);
    let q = question(s, question_id);
    let p = params(id, values);
    let doc = s.run_all_virtual(&p, Lang::En);
    let verdict = q
        .judge(&doc, &p, None)
        .unwrap_or_else(|| panic!("{id}/{question_id} {values:?}: the run says nothing"));
    let choices = q.choices(&p);
    let right = verdict.right.map(|i| choices[i].clone());
    assert_eq!(
        right,
        Some(expected),
        "{id}/{question_id} {values:?}: observed {:?} among {choices:?}",
        verdict.observed
    );
}

#[test]
fn sync_vs_async() {
    let q = "concurrent-total";
    case("sync-vs-async", q, &[], Ms(1000.0));
    case(
        "sync-vs-async",
        q,
        &[("users", Int(5)), ("latency_ms", Int(200))],
        Ms(200.0),
    );
    case(
        "sync-vs-async",
        q,
        &[("users", Int(1)), ("latency_ms", Int(700))],
        Ms(700.0),
    );
}

#[test]
fn await_basics_has_no_parameters_and_never_runs_the_body() {
    case(
        "await-basics",
        "not-awaited-returns",
        &[],
        Word("coroutine"),
    );
}

#[test]
fn coroutine_vs_task() {
    for (values, d) in [
        (vec![], 1000.0),
        (vec![("delay_ms", Int(250))], 250.0),
        (vec![("delay_ms", Int(4000))], 4000.0),
    ] {
        case("coroutine-vs-task", "create-task-total", &values, Ms(d));
        // Hello, World after d, then the second Hello at once.
        case("coroutine-vs-task", "second-hello", &values, Ms(d));
    }
}

#[test]
fn event_loop_way_2_raises_whatever_the_delay() {
    for values in [
        vec![],
        vec![("delay_ms", Int(300))],
        vec![("delay_ms", Int(0))],
    ] {
        case(
            "event-loop",
            "way-2",
            &values,
            Answer::Code("RuntimeError".into()),
        );
    }
}

#[test]
fn blocking_call() {
    let q = "time-sleep-total";
    case("blocking-call", q, &[], Ms(3000.0));
    case(
        "blocking-call",
        q,
        &[("tasks", Int(5)), ("duration_ms", Int(200))],
        Ms(1000.0),
    );
    case(
        "blocking-call",
        q,
        &[("tasks", Int(1)), ("duration_ms", Int(500))],
        Ms(500.0),
    );
}

#[test]
fn http_requests() {
    let q = "get-many-total";
    case("http-requests", q, &[], Ms(300.0));
    case("http-requests", q, &[("latency_ms", Int(100))], Ms(100.0));
    case("http-requests", q, &[("latency_ms", Int(1000))], Ms(1000.0));
    let q = "timeout-returns";
    case("http-requests", q, &[], Word("none"));
    // A timeout longer than the request: the response comes back.
    case(
        "http-requests",
        q,
        &[("timeout_ms", Int(500))],
        Word("value"),
    );
    case(
        "http-requests",
        q,
        &[("latency_ms", Int(1000))],
        Word("none"),
    );
}

#[test]
fn gather() {
    let q = "raises-at";
    case("gather", q, &[], Ms(500.0));
    case("gather", q, &[("fail_ms", Int(1200))], Ms(1200.0));
    let short = [
        ("durations_ms", IntList(vec![300, 400])),
        ("fail_ms", Int(100)),
    ];
    case("gather", q, &short, Ms(100.0));
    let q = "siblings-cancelled";
    case("gather", q, &[], Count(0));
    case("gather", q, &[("fail_ms", Int(1200))], Count(0));
    case("gather", q, &short, Count(0));
}

#[test]
fn background_task() {
    let q = "ticks";
    // Ticks at 0, 2000, 4000; cancelled at 5000.
    case("background-task", q, &[], Count(3));
    // 0, 300, 600, 900; cancelled at 1000.
    case(
        "background-task",
        q,
        &[("run_ms", Int(1000)), ("interval_ms", Int(300))],
        Count(4),
    );
    case(
        "background-task",
        q,
        &[("run_ms", Int(3000)), ("interval_ms", Int(5000))],
        Count(1),
    );
}

#[test]
fn wait_first_completed() {
    let two = [("durations_ms", IntList(vec![700, 300]))];
    let one = [("durations_ms", IntList(vec![5000]))];
    case("wait-first-completed", "done-at", &[], Ms(1000.0));
    case("wait-first-completed", "done-at", &two, Ms(300.0));
    case("wait-first-completed", "done-at", &one, Ms(5000.0));
    case("wait-first-completed", "cancelled", &[], Count(2));
    case("wait-first-completed", "cancelled", &two, Count(1));
    case("wait-first-completed", "cancelled", &one, Count(0));
}

#[test]
fn as_completed() {
    let q = "second";
    case("as-completed", q, &[], Task(3));
    case(
        "as-completed",
        q,
        &[("durations_ms", IntList(vec![100, 200, 300]))],
        Task(2),
    );
    // 2 (100 ms), then 4 (200 ms), 3, 1.
    case(
        "as-completed",
        q,
        &[("durations_ms", IntList(vec![900, 100, 500, 200]))],
        Task(4),
    );
}

#[test]
fn async_context_manager_closes_before_the_error_leaves() {
    let q = "error-total";
    case("async-context-manager", q, &[], Ms(700.0));
    let ms = |c, q, x| {
        [
            ("connect_ms", Int(c)),
            ("query_ms", Int(q)),
            ("close_ms", Int(x)),
        ]
    };
    case("async-context-manager", q, &ms(50, 100, 300), Ms(450.0));
    case("async-context-manager", q, &ms(200, 1000, 100), Ms(1300.0));
}

#[test]
fn async_generator_asks_for_one_empty_page_more() {
    let q = "page-queries";
    case("async-generator", q, &[], Count(4));
    case(
        "async-generator",
        q,
        &[("total_users", Int(200)), ("page_size", Int(100))],
        Count(3),
    );
    case(
        "async-generator",
        q,
        &[("total_users", Int(55)), ("page_size", Int(10))],
        Count(7),
    );
}

#[test]
fn race_condition() {
    let q = "no-lock-counter";
    case("race-condition", q, &[], Count(1));
    case("race-condition", q, &[("tasks", Int(50))], Count(1));
    case("race-condition", q, &[("tasks", Int(1))], Count(1));
    let q = "with-lock-total";
    case("race-condition", q, &[], Ms(100.0));
    case(
        "race-condition",
        q,
        &[("tasks", Int(4)), ("delay_ms", Int(25))],
        Ms(100.0),
    );
    case("race-condition", q, &[("tasks", Int(1))], Ms(10.0));
}

#[test]
fn serial_loop() {
    let q = "for-await-total";
    case("serial-loop", q, &[], Ms(5000.0));
    case(
        "serial-loop",
        q,
        &[("items", Int(3)), ("latency_ms", Int(200))],
        Ms(600.0),
    );
    case("serial-loop", q, &[("items", Int(1))], Ms(500.0));
}

#[test]
fn dashboard_queries() {
    let q = "gather-total";
    case("dashboard-queries", q, &[], Ms(400.0));
    case("dashboard-queries", q, &[("user_ms", Int(600))], Ms(600.0));
    let same = [
        ("user_ms", Int(100)),
        ("posts_ms", Int(100)),
        ("comments_ms", Int(100)),
    ];
    case("dashboard-queries", q, &same, Ms(100.0));
}

#[test]
fn wait_for() {
    let q = "times-out-at";
    case("wait-for", q, &[], Ms(2000.0));
    // The operation ends first: no timeout at all.
    case("wait-for", q, &[("operation_ms", Int(1000))], Ms(1000.0));
    case(
        "wait-for",
        q,
        &[("operation_ms", Int(5000)), ("timeout_ms", Int(500))],
        Ms(500.0),
    );
}

#[test]
fn error_handling_returns_none_after_an_http_error() {
    let q = "http-error-returns";
    case("error-handling", q, &[], Word("none"));
    case("error-handling", q, &[("latency_ms", Int(0))], Word("none"));
    case(
        "error-handling",
        q,
        &[("latency_ms", Int(2000))],
        Word("none"),
    );
}

#[test]
fn bulk_email() {
    case("bulk-email", "total", &[], Ms(300.0));
    case(
        "bulk-email",
        "total",
        &[("users", Int(50)), ("latency_ms", Int(100))],
        Ms(100.0),
    );
    case(
        "bulk-email",
        "total",
        &[("users", Int(1)), ("latency_ms", Int(1000))],
        Ms(1000.0),
    );
}

#[test]
fn multi_api() {
    case("multi-api", "total", &[], Ms(500.0));
    case("multi-api", "total", &[("profile_ms", Int(900))], Ms(900.0));
    let same = [
        ("profile_ms", Int(100)),
        ("posts_ms", Int(100)),
        ("followers_ms", Int(100)),
    ];
    case("multi-api", "total", &same, Ms(100.0));
}

#[test]
fn semaphore() {
    case("semaphore", "total", &[], Ms(2000.0));
    let small = [
        ("urls", Int(10)),
        ("max_concurrent", Int(2)),
        ("latency_ms", Int(100)),
    ];
    case("semaphore", "total", &small, Ms(500.0));
    let uneven = [
        ("urls", Int(7)),
        ("max_concurrent", Int(3)),
        ("latency_ms", Int(1000)),
    ];
    case("semaphore", "total", &uneven, Ms(3000.0));
    case("semaphore", "peak", &[], Count(5));
    case("semaphore", "peak", &small, Count(2));
    case(
        "semaphore",
        "peak",
        &[("urls", Int(3)), ("max_concurrent", Int(10))],
        Count(3),
    );
}

/// The peak's explanation states the numbers of the parameters on screen,
/// whichever side of the limit the requests are.
#[test]
fn semaphore_peak_explanation_follows_the_parameters() {
    let s = scenario("semaphore");
    let explain = |values: &[(&str, ParamValue)], lang| {
        s.text("questions.peak.explain", &params("semaphore", values), lang)
    };
    let few = [("urls", Int(3)), ("max_concurrent", Int(10))];
    assert_eq!(
        explain(&few, Lang::En),
        "Semaphore(10) has 10 permits: of the 3 requests, at most 3 are inside at once while 0 wait for a permit."
    );
    let many = [("urls", Int(20)), ("max_concurrent", Int(5))];
    assert_eq!(
        explain(&many, Lang::Zh),
        "Semaphore(5) 有 5 个许可：20 个请求里同一时刻最多 5 个在里面，另外 15 个排队等许可。"
    );
}

#[test]
fn async_cache_stampede_misses_for_every_reader() {
    let q = "stampede-queries";
    case("async-cache", q, &[], Count(10));
    case("async-cache", q, &[("db_ms", Int(50))], Count(10));
    case("async-cache", q, &[("db_ms", Int(1000))], Count(10));
}

#[test]
fn perf_10_urls() {
    let q = "async-total";
    case("perf-10-urls", q, &[], Ms(500.0));
    case(
        "perf-10-urls",
        q,
        &[("urls", Int(4)), ("latency_ms", Int(250))],
        Ms(250.0),
    );
    case(
        "perf-10-urls",
        q,
        &[("urls", Int(100)), ("latency_ms", Int(20))],
        Ms(20.0),
    );
}

#[test]
fn nearly_every_scenario_asks_one_or_two_questions_with_texts_in_both_languages() {
    let asking = CATALOGUE.iter().filter(|s| !s.questions.is_empty()).count();
    assert!(
        asking + 2 >= CATALOGUE.len(),
        "{asking} of {} ask",
        CATALOGUE.len()
    );
    for s in CATALOGUE {
        assert!(s.questions.len() <= 2, "{}", s.id);
        for q in s.questions {
            assert!(s.variants.contains(&q.variant), "{}/{}", s.id, q.id);
            let choices = q.choices(&s.default_params());
            assert!(choices.len() >= 2, "{}/{}: {choices:?}", s.id, q.id);
            for lang in Lang::ALL {
                for part in ["prompt", "explain"] {
                    let key = format!("scenarios.{}.questions.{}.{part}", s.id, q.id);
                    assert!(texts::has(&key, lang), "{key} in {lang:?}");
                }
            }
            for choice in &choices {
                if let Word(word) = choice {
                    for lang in Lang::ALL {
                        assert!(texts::has(&format!("predict.words.{word}"), lang), "{word}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_verdict_compares_the_pick_with_the_run() {
    let s = scenario("semaphore");
    let q = question(s, "total");
    let p = s.default_params();
    let doc = s.run_all_virtual(&p, Lang::En);
    let choices = q.choices(&p);
    let right = choices.iter().position(|c| *c == Ms(2000.0)).unwrap();
    let wrong = (right + 1) % choices.len();
    assert_eq!(
        q.judge(&doc, &p, Some(right)).unwrap().correct(),
        Some(true)
    );
    assert_eq!(
        q.judge(&doc, &p, Some(wrong)).unwrap().correct(),
        Some(false)
    );
    assert_eq!(q.judge(&doc, &p, None).unwrap().correct(), None);
    // The moment that decides: the end of the run.
    assert_eq!(q.judge(&doc, &p, None).unwrap().observed.at_ms, 2000.0);
}

#[test]
fn a_real_time_total_matches_the_nearest_option_within_timer_jitter() {
    let s = scenario("semaphore");
    let q = question(s, "total");
    let p = s.default_params();
    let virtual_doc = s.run_all_virtual(&p, Lang::En);
    let with_total = |total: f64| {
        let mut runs = virtual_doc.runs.clone();
        runs[0].total_ms = total;
        TraceDoc::new(s.id, Mode::Real, virtual_doc.params.clone(), runs)
    };
    let choices = q.choices(&p);
    let judged = |total| {
        q.judge(&with_total(total), &p, None)
            .unwrap()
            .right
            .map(|i| choices[i].clone())
    };
    assert_eq!(judged(2012.4), Some(Ms(2000.0)));
    assert_eq!(judged(1990.0), Some(Ms(2000.0)));
    // Far from every option: the run matches none of them.
    assert_eq!(judged(1250.0), None);
    // Virtual time is exact.
    let mut off = virtual_doc.clone();
    off.runs[0].total_ms = 2000.5;
    assert_eq!(q.judge(&off, &p, None).unwrap().right, None);
}

#[test]
fn a_run_of_the_wrong_shape_answers_nothing_rather_than_a_wrong_option() {
    let s = scenario("async-generator");
    let q = question(s, "page-queries");
    let p = s.default_params();
    let mut doc = s.run_all_virtual(&p, Lang::En);
    for run in &mut doc.runs {
        run.result = serde_json::json!("not a dict");
    }
    assert_eq!(q.judge(&doc, &p, Some(0)), None);
}

#[test]
fn progress_survives_its_own_format_and_refuses_others() {
    let mut progress = Progress::default();
    progress
        .answers
        .insert(Progress::key("semaphore", "total"), true);
    progress
        .answers
        .insert(Progress::key("gather", "raises-at"), false);
    let back = Progress::from_json(&progress.to_json());
    assert_eq!(back, progress);
    assert_eq!(
        back.right_among(["semaphore/total", "gather/raises-at", "x/y"]),
        1
    );
    for stored in [
        "",
        "null",
        "{",
        r#"{"version":99,"answers":{"a/b":true}}"#,
        r#"{"answers":{"a/b":true}}"#,
    ] {
        assert_eq!(Progress::from_json(stored), Progress::default(), "{stored}");
    }
    // A value of another type is dropped, the rest kept.
    let mixed = r#"{"version":1,"answers":{"a/b":true,"c/d":"yes"}}"#;
    assert_eq!(Progress::from_json(mixed).answers.len(), 1);
}
