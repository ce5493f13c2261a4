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
