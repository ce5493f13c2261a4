#![cfg(not(target_arch = "wasm32"))]
//! The query string both ways: every refusal kind, the catalogue's example
//! link, plain-text handling of hostile input, and property tests (random and
//! mutated links never break `decode`; `encode` then `decode` is the identity
//! on valid states of every scenario).
use std::sync::LazyLock;

use async_playground::engine::{Coro, Mode};
use async_playground::lang::Lang;
use async_playground::link::{
    decode, decode_with, encode, Decoded, LinkState, Reason, Refusal, StepRef, View,
    MAX_LINK_CHARS, MAX_LISTED_REFUSALS, MAX_SHOWN_CHARS, MAX_STEP,
};
use async_playground::scenarios::{
    self, Kind, Load, ParamSpec, ParamValue, RunCtx, Scenario, CATALOGUE,
};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

// ---------------------------------------------------------------------------
// A synthetic scenario with every kind of parameter, per-variant defaults and
// a load that two parameters feed, so the decoder is tested generically even
// while most catalogue entries are stubs.

static SYNTH: Scenario = Scenario {
    id: "synthetic",
    chapter: "examples",
    section: "test only",
    variants: &["fast", "slow"],
    params: &[
        ParamSpec::count("workers", 1, 50_000, 4),
        ParamSpec::duration("step_ms", 100),
        ParamSpec::fraction("rate", 0.2),
        ParamSpec::durations("durations_ms", &[1000, 2000, 1500]),
        ParamSpec::duration("timeout_ms", 2000).with_variant_defaults(&[("slow", 5000)]),
    ],
    main: |_: &RunCtx| -> Coro { unreachable!("never run") },
    ideal_ms: |_, _| 0.0,
    expect: |_, _, _| vec![],
    load: |variant, params| match variant {
        // One task per worker and listed duration.
        "fast" => Load {
            tasks: params.int("workers", variant) as usize
                * params.list("durations_ms", variant).len(),
            blocking_ms: 0.0,
        },
        // Every worker busy-waits one step.
        _ => Load {
            tasks: 1,
            blocking_ms: params.int("workers", variant) as f64 * params.ms("step_ms", variant),
        },
    },
    python: async_playground::scenarios::Python::AS_WRITTEN,
    javascript: async_playground::scenarios::Javascript::AS_WRITTEN,
    speedup: None,
    text_vars: async_playground::scenarios::no_text_vars,
    questions: &[],
};

/// The synthetic scenario first, then the whole catalogue.
static WITH_SYNTH: LazyLock<Vec<&'static Scenario>> = LazyLock::new(|| {
    let mut all: Vec<&'static Scenario> = vec![&SYNTH];
    all.extend(CATALOGUE.iter().copied());
    all
});

fn synth(query: &str) -> Decoded {
    decode_with(query, &WITH_SYNTH)
}

fn sync_vs_async() -> &'static Scenario {
    scenarios::find("sync-vs-async").expect("sync-vs-async in the catalogue")
}

fn int(state: &LinkState, key: &str) -> i64 {
    state.params.int(key, "")
}

/// The only refusal of a decoded link.
fn only(decoded: &Decoded) -> &Refusal {
    assert_eq!(decoded.refusals.len(), 1, "{:#?}", decoded.refusals);
    &decoded.refusals[0]
}

fn assert_refusal(
    decoded: &Decoded,
    key: &str,
    value: &str,
    reason: Reason,
    detail: &str,
    used_instead: &str,
) {
    let r = only(decoded);
    assert_eq!(
        (r.key.as_str(), r.value.as_str(), r.reason),
        (key, value, reason),
        "{r:#?}"
    );
    assert!(r.detail.contains(detail), "{:?} lacks {detail:?}", r.detail);
    assert_eq!(r.used_instead, used_instead, "{r:#?}");
}

// ---------------------------------------------------------------------------
// Defaults and the canonical form.

#[test]
fn an_empty_query_is_the_first_scenario_with_every_default() {
    for query in ["", "?", "&&"] {
        let d = decode(query);
        assert!(d.refusals.is_empty(), "{query}: {:?}", d.refusals);
        assert_eq!(d.state, LinkState::default());
        assert_eq!(d.state.view, View::Scenario(CATALOGUE[0]));
        assert_eq!(d.state.mode, Mode::Real);
        assert_eq!(d.state.lang, None);
        assert!(!d.state.run);
        assert!(d.state.params.explicit().is_empty());
    }
}

#[test]
fn encode_always_names_the_view_and_leaves_defaults_out() {
    let s = sync_vs_async();
    assert_eq!(encode(&LinkState::for_scenario(s)), "?demo=sync-vs-async");
    let mut state = LinkState::for_scenario(s);
    state.mode = Mode::Virtual;
    state.lang = Some(Lang::En);
    state.run = true;
    state
        .params
        .set("latency_ms", ParamValue::Int(500))
        .unwrap();
    state.params.set("users", ParamValue::Int(20)).unwrap();
    let link = "?demo=sync-vs-async&mode=virtual&lang=en&users=20&latency_ms=500&run=1";
    assert_eq!(encode(&state), link);
    assert_eq!(
        decode(link),
        Decoded {
            state,
            refusals: vec![]
        }
    );
    // A default value set explicitly stays out of the link.
    let mut state = LinkState::for_scenario(s);
    state.params.set("users", ParamValue::Int(3)).unwrap();
    assert_eq!(encode(&state), "?demo=sync-vs-async");
    assert_eq!(encode(&LinkState::new(View::Check)), "?demo=check");
}

#[test]
fn lists_are_comma_separated_and_floats_round_trip() {
    let mut state = LinkState::for_scenario(&SYNTH);
    state
        .params
        .set(
            "durations_ms",
            ParamValue::IntList(vec![1000, 2000, 1500, 0]),
        )
        .unwrap();
    state.params.set("rate", ParamValue::Float(0.3)).unwrap();
    let link = encode(&state);
    assert_eq!(
        link,
        "?demo=synthetic&rate=0.3&durations_ms=1000,2000,1500,0"
    );
    assert_eq!(
        synth(&link),
        Decoded {
            state,
            refusals: vec![]
        }
    );
    // Tiny fractions stay short.
    let mut state = LinkState::for_scenario(&SYNTH);
    state.params.set("rate", ParamValue::Float(5e-324)).unwrap();
    let link = encode(&state);
    assert!(link.len() < 40, "{link}");
    assert_eq!(synth(&link).state, state);
}

#[test]
fn the_catalogue_example_link_decodes_without_refusals() {
    let d = decode(
        "/?demo=semaphore&mode=virtual&urls=20&max_concurrent=5&latency_ms=500&run=1"
            .trim_start_matches('/'),
    );
    assert_eq!(d.refusals, vec![], "semaphore's params not in place yet?");
    assert_eq!(d.state.view.id(), "semaphore");
    assert_eq!(d.state.mode, Mode::Virtual);
    assert!(d.state.run);
    assert_eq!(int(&d.state, "urls"), 20);
    assert_eq!(int(&d.state, "max_concurrent"), 5);
    assert_eq!(int(&d.state, "latency_ms"), 500);
}

#[test]
fn demo_check_is_the_self_check_and_a_leading_question_mark_is_optional() {
    for query in ["?demo=check", "demo=check"] {
        let d = decode(query);
        assert_eq!(d.state.view, View::Check);
        assert!(d.refusals.is_empty());
    }
}

#[test]
fn percent_escapes_and_plus_are_decoded() {
    let d = decode("?demo=sync%2Dvs%2Dasync&us%65rs=%32%30&lang=e%6E");
    assert!(d.refusals.is_empty(), "{:?}", d.refusals);
    assert_eq!(int(&d.state, "users"), 20);
    assert_eq!(d.state.lang, Some(Lang::En));
    let d = decode("?demo=sync-vs-async&colour=dark+red");
    assert_eq!(only(&d).value, "dark red");
}

#[test]
fn every_scenario_default_fits_the_limits_in_both_modes() {
    // Guards fit_load: reverting everything must always give a valid state.
    for s in WITH_SYNTH.iter() {
        for mode in [Mode::Real, Mode::Virtual] {
            assert_eq!(s.check_load(&s.default_params(), mode), Ok(()), "{}", s.id);
        }
    }
}

// ---------------------------------------------------------------------------
// One test per refusal kind.

#[test]
fn an_unknown_key_is_refused_and_dropped() {
    let d = decode("?demo=sync-vs-async&colour=red&users=5");
    assert_refusal(
        &d,
        "colour",
        "red",
        Reason::UnknownKey,
        "users, latency_ms",
        "",
    );
    assert_eq!(int(&d.state, "users"), 5);
    // Keys are case-sensitive, and the empty key is unknown too.
    assert_refusal(
        &decode("?USERS=5"),
        "USERS",
        "5",
        Reason::UnknownKey,
        "unknown key",
        "",
    );
    assert_refusal(&decode("="), "", "", Reason::UnknownKey, "unknown key", "");
    assert_refusal(
        &decode("?=5"),
        "",
        "5",
        Reason::UnknownKey,
        "unknown key",
        "",
    );
    // The self-check and an unknown scenario take no parameters.
    assert_refusal(
        &decode("?demo=check&users=5"),
        "users",
        "5",
        Reason::UnknownKey,
        "self-check",
        "",
    );
    let d = decode("?demo=nope&users=5");
    assert_refusal(&d, "users", "5", Reason::UnknownKey, "unknown scenario", "");
    assert_eq!(d.state.view, View::NotFound("nope".into()));
}

#[test]
fn a_value_of_the_wrong_type_is_refused_for_the_default() {
    for value in ["abc", "1.5", "", "1e3", "0x10", " 5", "5 ", "%FF"] {
        let d = decode(&format!("?demo=sync-vs-async&users={value}&latency_ms=200"));
        let shown = if value == "%FF" { "\u{FFFD}" } else { value };
        assert_refusal(&d, "users", shown, Reason::WrongType, "whole number", "3");
        assert_eq!(int(&d.state, "users"), 3);
        assert_eq!(int(&d.state, "latency_ms"), 200, "the rest still works");
    }
    for value in ["1,x", "1,,2", ",", "1.5", "a"] {
        let d = synth(&format!("?demo=synthetic&durations_ms={value}"));
        assert_refusal(
            &d,
            "durations_ms",
            value,
            Reason::WrongType,
            "separated by commas",
            "1000,2000,1500",
        );
    }
    for value in ["abc", "NaN", "", "0,5"] {
        let d = synth(&format!("?demo=synthetic&rate={value}"));
        assert_refusal(
            &d,
            "rate",
            value,
            Reason::WrongType,
            "must be a number",
            "0.2",
        );
    }
}

#[test]
fn a_value_out_of_range_is_refused_for_the_default() {
    for value in [
        "0",
        "-1",
        "100001",
        "99999999999999999999999",
        "-99999999999999999999999",
    ] {
        let d = decode(&format!("?demo=sync-vs-async&users={value}"));
        assert_refusal(
            &d,
            "users",
            value,
            Reason::OutOfRange,
            "must be between 1 and 100000",
            "3",
        );
    }
    let d = decode("?demo=sync-vs-async&latency_ms=60001");
    assert_refusal(
        &d,
        "latency_ms",
        "60001",
        Reason::OutOfRange,
        "between 0 and 60000",
        "1000",
    );
    for value in ["1.5", "-0.1", "inf", "-inf", "1e400"] {
        let d = synth(&format!("?demo=synthetic&rate={value}"));
        assert_refusal(
            &d,
            "rate",
            value,
            Reason::OutOfRange,
            "between 0 and 1",
            "0.2",
        );
    }
    for value in ["1000,60001", "-1", "1,99999999999999999999999"] {
        let d = synth(&format!("?demo=synthetic&durations_ms={value}"));
        assert_refusal(
            &d,
            "durations_ms",
            value,
            Reason::OutOfRange,
            "every item must be between 0 and 60000",
            "1000,2000,1500",
        );
    }
    // The value in effect of a per-variant default names each variant.
    let d = synth("?demo=synthetic&timeout_ms=-5");
    assert_refusal(
        &d,
        "timeout_ms",
        "-5",
        Reason::OutOfRange,
        "between 0 and 60000",
        "2000 (slow: 5000)",
    );
}

#[test]
fn a_list_too_short_or_too_long_is_refused() {
    let d = synth("?demo=synthetic&durations_ms=");
    assert_refusal(
        &d,
        "durations_ms",
        "",
        Reason::WrongLength,
        "must have 1 to 100 items",
        "1000,2000,1500",
    );
    let long = vec!["7"; 101].join(",");
    let d = synth(&format!("?demo=synthetic&durations_ms={long}"));
    let shown: String = long
        .chars()
        .take(MAX_SHOWN_CHARS - 1)
        .chain(['…'])
        .collect();
    assert_refusal(
        &d,
        "durations_ms",
        &shown,
        Reason::WrongLength,
        "must have 1 to 100 items",
        "1000,2000,1500",
    );
    // Exactly 100 is fine.
    let d = synth(&format!(
        "?demo=synthetic&durations_ms={}",
        vec!["7"; 100].join(",")
    ));
    assert!(d.refusals.is_empty());
    assert_eq!(d.state.params.list("durations_ms", "fast"), vec![7; 100]);
}

#[test]
fn a_duplicate_key_keeps_the_first_occurrence() {
    let d = decode("?demo=sync-vs-async&users=5&users=7");
    assert_refusal(&d, "users", "7", Reason::Duplicate, "more than once", "5");
    assert_eq!(int(&d.state, "users"), 5);
    // Even when the first one was refused: the page then uses the default.
    let d = decode("?demo=sync-vs-async&users=x&users=7");
    assert_eq!(d.refusals.len(), 2);
    assert_eq!(
        (d.refusals[1].reason, d.refusals[1].used_instead.as_str()),
        (Reason::Duplicate, "3")
    );
    let d = decode("?demo=check&demo=sync-vs-async");
    assert_refusal(
        &d,
        "demo",
        "sync-vs-async",
        Reason::Duplicate,
        "first one",
        "check",
    );
    assert_eq!(d.state.view, View::Check);
    let d = decode("?mode=virtual&mode=real");
    assert_refusal(
        &d,
        "mode",
        "real",
        Reason::Duplicate,
        "first one",
        "virtual",
    );
    let d = decode("?run=1&run=1");
    assert_refusal(&d, "run", "1", Reason::Duplicate, "first one", "1");
}

#[test]
fn a_bad_mode_lang_or_run_is_refused_for_its_default() {
    assert_refusal(
        &decode("?mode=fast"),
        "mode",
        "fast",
        Reason::InvalidChoice,
        "real or virtual",
        "real",
    );
    assert_refusal(
        &decode("?mode=VIRTUAL"),
        "mode",
        "VIRTUAL",
        Reason::InvalidChoice,
        "real or virtual",
        "real",
    );
    assert_refusal(
        &decode("?lang=fr"),
        "lang",
        "fr",
        Reason::InvalidChoice,
        "zh or en",
        "",
    );
    assert_refusal(
        &decode("?lang=en&run=yes"),
        "run",
        "yes",
        Reason::InvalidChoice,
        "1 or 0",
        "0",
    );
    let d = decode("?run=0&lang=zh&mode=real");
    assert!(d.refusals.is_empty());
    assert_eq!(
        (d.state.run, d.state.lang, d.state.mode),
        (false, Some(Lang::Zh), Mode::Real)
    );
}

#[test]
fn too_many_tasks_for_the_mode_reverts_the_count() {
    let d = decode("?demo=sync-vs-async&users=50000&latency_ms=10");
    assert_refusal(
        &d,
        "users",
        "50000",
        Reason::TooBig,
        "at most 10000 in real mode",
        "3",
    );
    assert_eq!(int(&d.state, "latency_ms"), 10, "not involved in the load");
    // Virtual time takes ten times more.
    let d = decode("?demo=sync-vs-async&users=50000&mode=virtual");
    assert!(d.refusals.is_empty(), "{:?}", d.refusals);
    assert_eq!(int(&d.state, "users"), 50000);
    // The limit counts the tasks a run creates besides main.
    let d = decode("?demo=sync-vs-async&users=100000&mode=virtual");
    assert!(d.refusals.is_empty(), "{:?}", d.refusals);
}

#[test]
fn a_too_big_refusal_shows_the_value_as_written() {
    let d = decode("?demo=sync-vs-async&users=%2B050000");
    assert_refusal(&d, "users", "+050000", Reason::TooBig, "in real mode", "3");
}

#[test]
fn an_unknown_key_repeated_is_unknown_each_time() {
    let d = decode("?demo=check&users=1&users=2");
    assert_eq!(
        d.refusals.iter().map(|r| r.reason).collect::<Vec<_>>(),
        vec![Reason::UnknownKey, Reason::UnknownKey]
    );
}

#[test]
fn no_scenario_parameter_hides_a_link_key() {
    // Guards scenario authors: a parameter named `mode` could never be set.
    for s in WITH_SYNTH.iter() {
        for spec in s.params {
            assert!(
                !["demo", "mode", "lang", "run", ""].contains(&spec.key),
                "{}: {}",
                s.id,
                spec.key
            );
        }
    }
}

#[test]
fn too_much_blocking_reverts_involved_params_in_spec_order_until_it_fits() {
    // workers 100 x step 1000 ms blocks 100 s: reverting workers (4 x 1000)
    // is enough, so step_ms stays.
    let d = synth("?demo=synthetic&step_ms=1000&workers=100");
    assert_refusal(&d, "workers", "100", Reason::TooBig, "at most 5000 ms", "4");
    assert_eq!(int(&d.state, "step_ms"), 1000);
    // 4 x 60000 still blocks too long: step_ms goes too.
    let d = synth("?demo=synthetic&workers=10&step_ms=60000&rate=0.5");
    assert_eq!(d.refusals.len(), 2, "{:#?}", d.refusals);
    assert_eq!(
        d.refusals
            .iter()
            .map(|r| (r.key.as_str(), r.reason, r.used_instead.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("workers", Reason::TooBig, "4"),
            ("step_ms", Reason::TooBig, "100")
        ]
    );
    assert_eq!(
        d.state.params.float("rate", "fast"),
        0.5,
        "not involved in the load"
    );
    assert_eq!(SYNTH.check_load(&d.state.params, d.state.mode), Ok(()));
}

#[test]
fn a_flood_of_refusals_is_listed_up_to_a_limit() {
    let query: String = (0..100).map(|i| format!("k{i}=v&")).collect();
    let d = decode(&query);
    assert_eq!(d.refusals.len(), MAX_LISTED_REFUSALS + 1);
    let last = d.refusals.last().unwrap();
    assert_eq!((last.reason, last.value.as_str()), (Reason::Omitted, "80"));
    assert!(d.refusals[..MAX_LISTED_REFUSALS]
        .iter()
        .all(|r| r.reason == Reason::UnknownKey));
}

#[test]
fn reason_codes_are_stable_distinct_snake_case() {
    let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "unknown_key",
            "wrong_type",
            "out_of_range",
            "wrong_length",
            "duplicate",
            "invalid_choice",
            "too_big",
            "omitted"
        ]
    );
}

// ---------------------------------------------------------------------------
// Hostile input stays plain text and never hurts.

#[test]
fn script_in_a_value_or_the_demo_id_is_kept_as_plain_text() {
    let d = decode("?demo=sync-vs-async&users=<script>alert(1)</script>");
    assert_refusal(
        &d,
        "users",
        "<script>alert(1)</script>",
        Reason::WrongType,
        "whole number",
        "3",
    );
    let d = decode("?demo=%3Cscript%3Ealert(%22x%22)%3C/script%3E&%3Cscript%3E=1");
    assert_eq!(
        d.state.view,
        View::NotFound("<script>alert(\"x\")</script>".into())
    );
    assert_refusal(&d, "<script>", "1", Reason::UnknownKey, "unknown key", "");
    // The id goes back into a link escaped.
    let link = encode(&d.state);
    assert_eq!(link, "?demo=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E");
    assert_eq!(decode(&link).state, d.state);
}

#[test]
fn huge_and_broken_input_is_truncated_and_fast() {
    let big = "9".repeat(100_000);
    let list = vec!["1"; 50_000].join(",");
    let started = std::time::Instant::now();
    for query in [
        format!("?demo={big}"),
        format!("?{big}={big}"),
        format!("?demo=sync-vs-async&users={big}"),
        format!("?demo=synthetic&durations_ms={list}"),
        format!("?demo=synthetic&durations_ms={list},x"),
        "a&".repeat(50_000),
        "%".repeat(100_000),
        "%FF%FE%C3%28=%E2%82".repeat(5_000),
        "=".repeat(100_000),
        "&=&=&".repeat(20_000),
    ] {
        let d = synth(&query);
        assert!(d.refusals.len() <= MAX_LISTED_REFUSALS + 1);
        for r in &d.refusals {
            assert!(r.key.chars().count() <= MAX_SHOWN_CHARS);
            assert!(r.value.chars().count() <= MAX_SHOWN_CHARS);
        }
        if let View::NotFound(id) = &d.state.view {
            assert!(id.chars().count() <= MAX_SHOWN_CHARS);
        }
        assert!(encode(&d.state).len() < MAX_LINK_CHARS);
    }
    let d = decode(&format!("?demo={big}"));
    let View::NotFound(id) = &d.state.view else {
        panic!("{:?}", d.state.view)
    };
    assert_eq!(id.chars().count(), MAX_SHOWN_CHARS);
    assert!(id.ends_with('…'));
    let d = decode(&format!("?demo=sync-vs-async&users={big}"));
    assert_eq!(only(&d).reason, Reason::OutOfRange);
    let d = synth(&format!("?demo=synthetic&durations_ms={list}"));
    assert_eq!(only(&d).reason, Reason::WrongLength);
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "{:?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// Properties.
//
// proptest draws the seeds; the queries and states are built from them with
// a small PRNG, because element-by-element strategies cost ~1 ms a case in
// debug builds and 100,000 cases must stay within seconds. A failing case
// prints its query (see `Shows`) and its seeds reproduce it.

/// Prints the input of a failing case.
struct Shows<'a>(&'a str);

impl Drop for Shows<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("failing query: {:?}", self.0);
        }
    }
}

/// Everything a decoded state must satisfy for the page to use it as is.
fn assert_valid(d: &Decoded, catalogue: &[&'static Scenario]) {
    let state = &d.state;
    match &state.view {
        View::Scenario(s) => {
            assert!(catalogue.iter().any(|c| c.id == s.id));
            assert_eq!(state.params.specs(), s.params);
            for (key, value) in state.params.explicit() {
                let spec = s.params.iter().find(|p| p.key == key).unwrap();
                assert_eq!(spec.check(value), Ok(()), "{key}");
            }
            assert_eq!(s.check_load(&state.params, state.mode), Ok(()));
        }
        View::Check | View::Scratch => assert!(state.params.explicit().is_empty()),
        View::NotFound(id) => {
            assert!(id.chars().count() <= MAX_SHOWN_CHARS);
            assert!(id != "check" && id != "scratch" && catalogue.iter().all(|c| c.id != id));
            assert!(state.params.explicit().is_empty());
        }
    }
    assert!(d.refusals.len() <= MAX_LISTED_REFUSALS + 1);
    for (i, r) in d.refusals.iter().enumerate() {
        assert!(r.key.chars().count() <= MAX_SHOWN_CHARS);
        assert!(r.value.chars().count() <= MAX_SHOWN_CHARS);
        assert!(!r.detail.is_empty());
        assert_eq!(r.reason == Reason::Omitted, i == MAX_LISTED_REFUSALS);
    }
    // Valid means: its own link gives it back, with nothing refused.
    let link = encode(state);
    assert!(link.len() < MAX_LINK_CHARS, "{} chars", link.len());
    assert_eq!(
        decode_with(&link, catalogue),
        Decoded {
            state: state.clone(),
            refusals: vec![]
        }
    );
}

fn assert_valid_everywhere(query: &str) {
    let _shows = Shows(query);
    assert_valid(&decode(query), CATALOGUE);
    assert_valid(&synth(query), &WITH_SYNTH);
}

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Any character, biased to the ones links are made of.
    fn char(&mut self) -> char {
        match self.below(4) {
            0 => char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{FFFD}'),
            1 => (self.below(0x80) as u8) as char,
            _ => *self.pick(
                &"&=,%-+?#0123456789abcdefFEmrsuz_<> é一"
                    .chars()
                    .collect::<Vec<_>>(),
            ),
        }
    }

    fn text(&mut self, max_len: usize) -> String {
        let len = self.below(max_len + 1);
        (0..len).map(|_| self.char()).collect()
    }

    /// A value within [min, max], biased to the edges and small numbers.
    fn int_in(&mut self, min: i64, max: i64) -> i64 {
        let span = (max as i128 - min as i128 + 1) as u128;
        match self.below(4) {
            0 => min,
            1 => max,
            2 => min + (self.below(100) as u128).min(span - 1) as i64,
            _ => (min as i128 + (self.next() as u128 % span) as i128) as i64,
        }
    }

    fn value_for(&mut self, spec: &ParamSpec) -> ParamValue {
        match spec.kind {
            Kind::Int { min, max, .. } => ParamValue::Int(self.int_in(min, max)),
            Kind::Float { min, max, .. } => ParamValue::Float(match self.below(4) {
                0 => min,
                1 => max,
                // Subnormals and other awkward fractions.
                2 => (min + f64::from_bits(self.next() % 0x0010_0000_0000_0000)).min(max),
                _ => min + (self.next() as f64 / u64::MAX as f64) * (max - min),
            }),
            Kind::IntList {
                min,
                max,
                min_len,
                max_len,
                ..
            } => {
                let len = if self.below(3) == 0 {
                    max_len
                } else {
                    min_len + self.below(max_len - min_len + 1)
                };
                ParamValue::IntList((0..len).map(|_| self.int_in(min, max)).collect())
            }
        }
    }

    /// A link value: usually plausible, sometimes anything.
    fn link_value(&mut self) -> String {
        const FIXED: &[&str] = &[
            "",
            "0",
            "1",
            "-1",
            "-0",
            "+5",
            "3",
            "20",
            "500",
            "1000",
            "60000",
            "60001",
            "100000",
            "100001",
            "10001",
            "99999999999999999999",
            "1.5",
            "1e3",
            "0.2",
            "NaN",
            "inf",
            "real",
            "virtual",
            "zh",
            "en",
            "check",
            "abc",
            "<script>alert(1)</script>",
            "%FF",
            "%",
            "1,2,3",
            "1,,2",
            ",",
            "1000,2000,1500",
            "&",
            "=",
            "+",
        ];
        match self.below(8) {
            0..=2 => self.pick(FIXED).to_string(),
            3 => self.pick(&WITH_SYNTH).id.to_string(),
            4 => (self.below(120_010) as i64 - 10).to_string(),
            5 => match self.below(2) {
                0 => (self.next() as i64).to_string(),
                _ => format!("{:?}", f64::from_bits(self.next())),
            },
            6 => {
                let len = self.below(110);
                let items: Vec<String> = (0..len)
                    .map(|_| self.int_in(-5, 70_000).to_string())
                    .collect();
                items.join(",")
            }
            _ => self.text(12),
        }
    }

    /// Every key the decoder knows, plus near misses, or anything.
    fn link_key(&mut self) -> String {
        static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
            let mut keys = vec![
                "demo", "mode", "lang", "run", "step", "", "DEMO", "users ", "x",
            ];
            for s in WITH_SYNTH.iter() {
                keys.extend(s.params.iter().map(|p| p.key));
            }
            keys.sort();
            keys.dedup();
            keys
        });
        match self.below(8) {
            0 => self.text(8),
            _ => self.pick(&KEYS).to_string(),
        }
    }

    /// A query of random pairs, written raw or form-encoded.
    fn pairs_query(&mut self, pairs: usize) -> String {
        let pairs: Vec<(String, String)> = (0..pairs)
            .map(|_| (self.link_key(), self.link_value()))
            .collect();
        let body = if self.below(2) == 0 {
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&pairs)
                .finish()
        } else {
            let raw: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            raw.join("&")
        };
        if self.below(2) == 0 {
            format!("?{body}")
        } else {
            body
        }
    }

    /// A valid state of any view: every scenario (the synthetic one too),
    /// the self-check, or an unknown id.
    fn valid_state(&mut self) -> LinkState {
        let catalogue: &[&'static Scenario] = &WITH_SYNTH;
        let view = match self.below(catalogue.len() + 2) {
            i if i < catalogue.len() => View::Scenario(catalogue[i]),
            i if i == catalogue.len() => View::Check,
            _ => {
                let mut id = self.text(MAX_SHOWN_CHARS);
                if id == "check" || catalogue.iter().any(|s| s.id == id) {
                    id.push('!');
                }
                View::NotFound(id)
            }
        };
        let mut state = LinkState::new(view);
        if let View::Scenario(s) = state.view {
            for spec in s.params {
                if self.below(3) != 0 {
                    let value = self.value_for(spec);
                    state
                        .params
                        .set(spec.key, value)
                        .expect("drawn within the spec");
                }
            }
        }
        state.mode = *self.pick(&[Mode::Real, Mode::Virtual]);
        state.lang = *self.pick(&[None, Some(Lang::Zh), Some(Lang::En)]);
        state.run = self.below(2) == 0;
        if let (View::Scenario(s), 0) = (&state.view, self.below(3)) {
            let variant = self.pick(s.variants);
            state.step = Some(StepRef {
                // The first variant is written without its name.
                variant: (s.variants.first() != Some(variant)).then_some(*variant),
                n: self.int_in(1, i64::from(MAX_STEP)) as u32,
            });
        }
        // Keep within the load limits: drop explicit values until the load
        // fits (the defaults always do).
        if let View::Scenario(s) = state.view {
            while s.check_load(&state.params, state.mode).is_err() {
                let key = state.params.explicit()[0].0;
                state.params.reset(key);
            }
        }
        state
    }

    /// A link with characters deleted, doubled, swapped or inserted.
    fn mutate(&mut self, link: &str, edits: usize) -> String {
        let mut chars: Vec<char> = link.chars().collect();
        for _ in 0..edits {
            let n = chars.len();
            if n == 0 {
                chars.push(self.char());
                continue;
            }
            let i = self.below(n);
            match self.below(4) {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, chars[i]),
                2 => chars.swap(i, (i + 1) % n),
                _ => {
                    let c = self.char();
                    chars.insert(i, c);
                }
            }
        }
        chars.into_iter().collect()
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// 25,000 + 30,000 + 30,000 + 20,000 = 105,000 cases; each decode is checked
// against the catalogue and against the catalogue plus the synthetic scenario.
proptest! {
    #![proptest_config(config(25_000))]
    #[test]
    fn random_bytes_decode_to_a_valid_state(seed in any::<u64>(), len in 0usize..200) {
        let mut rng = Rng(seed);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert_valid_everywhere(&String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(config(30_000))]
    #[test]
    fn random_pairs_of_real_keys_decode_to_a_valid_state(seed in any::<u64>(), pairs in 0usize..10) {
        assert_valid_everywhere(&Rng(seed).pairs_query(pairs));
    }
}

proptest! {
    #![proptest_config(config(30_000))]
    #[test]
    fn mutated_links_decode_to_a_valid_state(seed in any::<u64>(), edits in 1usize..6) {
        let mut rng = Rng(seed);
        let link = encode(&rng.valid_state());
        assert_valid_everywhere(&rng.mutate(&link, edits));
    }
}

proptest! {
    #![proptest_config(config(20_000))]
    #[test]
    fn encode_then_decode_is_the_identity_on_valid_states(seed in any::<u64>()) {
        let state = Rng(seed).valid_state();
        let link = encode(&state);
        let _shows = Shows(&link);
        prop_assert!(link.len() < MAX_LINK_CHARS, "{} chars", link.len());
        prop_assert!(link.starts_with("?demo="));
        prop_assert_eq!(synth(&link), Decoded { state: state.clone(), refusals: vec![] });
        if state.view.scenario().is_none_or(|s| s.id != SYNTH.id) {
            prop_assert_eq!(decode(&link), Decoded { state, refusals: vec![] });
        }
    }
}

#[test]
fn a_step_link_names_the_step_and_maybe_the_variant() {
    let d = decode("?demo=coroutine-vs-task&mode=virtual&step=7");
    assert_eq!(d.refusals, vec![]);
    assert_eq!(
        d.state.step,
        Some(StepRef {
            variant: None,
            n: 7
        })
    );
    let d = decode("?demo=coroutine-vs-task&step=await-in-turn:3");
    assert_eq!(
        d.state.step,
        Some(StepRef {
            variant: Some("await-in-turn"),
            n: 3
        })
    );
    assert_eq!(
        encode(&d.state),
        "?demo=coroutine-vs-task&step=await-in-turn%3A3"
    );
    // The first variant is the default, written without its name.
    let d = decode("?demo=coroutine-vs-task&step=create-task:3");
    assert_eq!(encode(&d.state), "?demo=coroutine-vs-task&step=3");
    for (value, reason) in [
        ("0", Reason::OutOfRange),
        ("10000001", Reason::OutOfRange),
        ("99999999999999", Reason::OutOfRange),
        ("-1", Reason::WrongType),
        ("1.5", Reason::WrongType),
        ("x", Reason::WrongType),
        ("nope:3", Reason::InvalidChoice),
    ] {
        let d = decode(&format!("?demo=coroutine-vs-task&step={value}"));
        assert_eq!(d.state.step, None, "{value}");
        assert_eq!(d.refusals.len(), 1, "{value}");
        assert_eq!(d.refusals[0].reason, reason, "{value}");
    }
    // The self-check has no step view.
    let d = decode("?demo=check&step=3");
    assert_eq!(d.refusals[0].reason, Reason::UnknownKey);
    assert_eq!(
        decode("?demo=scratch&step=4").state.step,
        Some(StepRef {
            variant: None,
            n: 4
        })
    );
}
