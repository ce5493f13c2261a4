#![cfg(not(target_arch = "wasm32"))]
//! The texts say what is true for the numbers on screen: with any numeric
//! parameter changed, no summary, "what to watch" or claim sentence states
//! a number the run no longer has, in either language. A number in a text
//! must be one of the scenario's text variables for those parameters (its
//! parameters, totals and derived figures), a constant listed below with
//! its reason, or sit in a sentence that says it is about the defaults.
use std::collections::BTreeSet;

use async_playground::lang::Lang;
use async_playground::scenarios::{Kind, ParamValue, Params, Scenario, CATALOGUE};
use async_playground::texts::{number, Var};

/// Numbers that are true whatever the parameters: Python versions, zero,
/// and HTTP's 404. Anything else a text states comes from a variable.
const CONSTANTS: &[&str] = &[
    "3.7", "3.8", "3.10", "3.11", "3.12", "3.13", "3.14", "0", "404",
];

/// Sentences about the defaults on purpose say so.
const ABOUT_DEFAULTS: &[&str] = &["default", "默认"];

fn keys(scenario: &Scenario) -> Vec<String> {
    let mut keys = vec!["summary".to_string(), "watch".into(), "differences".into()];
    keys.extend(scenario.variants.iter().map(|v| format!("claims.{v}")));
    for q in scenario.questions {
        keys.push(format!("questions.{}.prompt", q.id));
        keys.push(format!("questions.{}.explain", q.id));
    }
    keys
}

/// Words before a number that make it the name of one of the guide's
/// sections ("方式 2", "示例 3", "way 1"), not a figure of the run.
const SECTION_WORDS: &[&str] = &[
    "方式 ",
    "示例 ",
    "陷阱 ",
    "最佳实践 ",
    "way ",
    "Way ",
    "example ",
    "Example ",
    "pitfall ",
    "Pitfall ",
    "best practice ",
    "Best practice ",
];

/// Every number written in `text`, as written (`10,000`, `1.5`), except
/// digits inside names (`f1`, `api1.com`, `user10@example.com`) and the
/// guide's section numbers.
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before: String = chars[..i].iter().collect();
        let in_name = (i > 0 && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '_'))
            || SECTION_WORDS.iter().any(|w| before.ends_with(w));
        if c.is_ascii_digit() && !in_name {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ',' || chars[i] == '.')
                        && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
            let word_goes_on = chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_');
            if !word_goes_on {
                found.push(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Sentences and clauses: a full stop ends one only before a space or the
/// end (so `3.12` and `1.5` stay whole).
fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![String::new()];
    for (i, &c) in chars.iter().enumerate() {
        let ends = matches!(c, '。' | ';' | '；' | '!' | '?' | '！' | '？')
            || (c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace()));
        if ends {
            out.push(String::new());
        } else {
            out.last_mut().unwrap().push(c);
        }
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A valid value for `key` other than its default.
fn changed(scenario: &Scenario, key: &str) -> ParamValue {
    let spec = scenario.params.iter().find(|s| s.key == key).unwrap();
    match spec.kind {
        Kind::Int { min, max, default } => {
            let pick = [default * 3 + 7, default + 1, default - 1, min, max]
                .into_iter()
                .find(|v| *v != default && *v >= min && *v <= max)
                .expect("a range of one value");
            ParamValue::Int(pick)
        }
        Kind::Float { min, max, default } => {
            let pick = if default + 0.25 <= max {
                default + 0.25
            } else {
                min
            };
            ParamValue::Float(pick)
        }
        Kind::IntList { default, max, .. } => {
            let mut list: Vec<i64> = default.to_vec();
            list[0] = (list[0] * 3 + 7).min(max);
            list.push((list[0] + 1).min(max));
            ParamValue::IntList(list)
        }
    }
}

fn violations(scenario: &Scenario, params: &Params, lang: Lang, what: &str) -> Vec<String> {
    // Compared as values: a template's "%{n}" and a literal "1000" alike.
    let true_numbers: BTreeSet<String> = scenario
        .text_vars(params)
        .into_iter()
        .flat_map(|(_, v)| match v {
            Var::Num(n) => vec![n],
            Var::List(items) => items,
        })
        .map(|n| number(n, lang).replace(',', ""))
        .chain(CONSTANTS.iter().map(|c| c.to_string()))
        .collect();
    let mut bad = Vec::new();
    for key in keys(scenario) {
        let text = scenario.text(&key, params, lang);
        if text.contains("%{") {
            bad.push(format!(
                "{} {key} ({lang:?}): unfilled placeholder in {text:?}",
                scenario.id
            ));
        }
        for sentence in sentences(&text) {
            if ABOUT_DEFAULTS.iter().any(|m| sentence.contains(m)) {
                continue;
            }
            for n in numbers(&sentence) {
                if !true_numbers.contains(&n.replace(',', "")) {
                    bad.push(format!(
                        "{} {key} ({lang:?}, {what}): {n} in {sentence:?}",
                        scenario.id
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn no_text_states_a_number_the_run_does_not_have() {
    let mut bad = Vec::new();
    for scenario in CATALOGUE.iter() {
        for lang in [Lang::Zh, Lang::En] {
            bad.extend(violations(
                scenario,
                &scenario.default_params(),
                lang,
                "defaults",
            ));
            for spec in scenario.params {
                let mut params = scenario.default_params();
                params.set(spec.key, changed(scenario, spec.key)).unwrap();
                let what = format!("{} changed", spec.key);
                bad.extend(violations(scenario, &params, lang, &what));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} numbers contradict the run:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_number_finder_sees_numbers_and_skips_names() {
    assert_eq!(
        numbers(
            "20 requests in 4 waves of 500 ms (2,000 ms), f1 api1.com 1.5 s Semaphore(5), way 2"
        ),
        ["20", "4", "500", "2,000", "1.5", "5"]
    );
}

#[test]
fn a_text_asked_with_another_scenarios_parameters_says_the_defaults() {
    // The page may ask for a scenario's text while the link already holds
    // the next scenario's parameters: never a panic, the defaults instead.
    let find = |id: &str| CATALOGUE.iter().find(|s| s.id == id).unwrap();
    let (semaphore, bulk_email) = (find("semaphore"), find("bulk-email"));
    for lang in [Lang::Zh, Lang::En] {
        assert_eq!(
            semaphore.text("summary", &bulk_email.default_params(), lang),
            semaphore.text("summary", &semaphore.default_params(), lang)
        );
    }
}
