#![cfg(not(target_arch = "wasm32"))]
//! How every scenario's JavaScript listing runs each variant
//! (`Scenario::javascript`): each entry rewrites the listing where it means
//! to, each variant gets a program of its own, and nothing is left unfilled.
//! The programs themselves run in `js/runtime/`; their hand-worked totals
//! are in `tests/e2e/js_totals.json`.
use async_playground::scenarios::{listing, Scenario, CATALOGUE};

/// Variants whose JavaScript program is, on purpose, the same as another
/// variant's: (scenario, variant, the variant it runs like, why).
const IDENTICAL: &[(&str, &str, &str, &str)] = &[(
    "event-loop",
    "runner",
    "asyncio-run",
    "JavaScript has no asyncio.Runner: its one event loop always runs, so \
     keeping a loop across runs is what top-level await already does",
)];

fn js_listing(s: &Scenario) -> String {
    listing::source(s.id, "example.js").unwrap_or_else(|| panic!("{} has no example.js", s.id))
}

#[test]
fn every_find_occurs_exactly_once_in_its_listing() {
    let mut failed = Vec::new();
    for s in CATALOGUE {
        let listing = js_listing(s);
        for (variant, find, replacement) in s.javascript.entries {
            let at = format!("{}/{variant}: {find:?}", s.id);
            if !s.variants.contains(variant) {
                failed.push(format!("{at}: no such variant"));
            }
            if *variant == s.variants[0] {
                failed.push(format!(
                    "{at}: the first variant runs the listing as written"
                ));
            }
            if find.is_empty() || find == replacement {
                failed.push(format!("{at}: rewrites nothing"));
            }
            let count = listing.matches(find).count();
            if count != 1 {
                failed.push(format!("{at}: occurs {count} times in the listing"));
            }
        }
        // A variant's entries apply one after another: each still finds
        // its text, once, in the program the ones before it left.
        for variant in s.variants {
            let mut program = listing.clone();
            for (_, find, replacement) in s.javascript.entries.iter().filter(|e| e.0 == *variant) {
                let count = program.matches(find).count();
                if count != 1 {
                    failed.push(format!(
                        "{}/{variant}: {find:?} occurs {count} times after the entries before it",
                        s.id
                    ));
                }
                program = program.replacen(find, replacement, 1);
            }
            assert_eq!(program, s.javascript.program(&listing, variant));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_variant_runs_a_program_of_its_own() {
    let mut failed = Vec::new();
    for s in CATALOGUE.iter().filter(|s| s.variants.len() > 1) {
        let jobs = s.javascript_jobs(&s.default_params());
        for (i, a) in jobs.iter().enumerate() {
            for b in &jobs[i + 1..] {
                let same = a.source == b.source && a.setup == b.setup;
                let documented = IDENTICAL.iter().any(|(id, v, like, _)| {
                    *id == s.id
                        && ((*v == a.variant && *like == b.variant)
                            || (*v == b.variant && *like == a.variant))
                });
                if same && !documented {
                    failed.push(format!(
                        "{}: {} and {} run the same program",
                        s.id, a.variant, b.variant
                    ));
                }
                if documented && !same {
                    failed.push(format!(
                        "{}: {} and {} are listed as identical but differ",
                        s.id, a.variant, b.variant
                    ));
                }
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Every `__word__` of a text: what a placeholder left unfilled looks like.
fn leftover_placeholders(text: &str) -> Vec<String> {
    text.split("__")
        .enumerate()
        .filter(|(i, word)| {
            i % 2 == 1
                && !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|(_, word)| format!("__{word}__"))
        .collect()
}

#[test]
fn setups_and_programs_are_filled_with_the_defaults() {
    let mut failed = Vec::new();
    for s in CATALOGUE {
        let params = s.default_params();
        for job in s.javascript_jobs(&params) {
            let at = format!("{}/{}", s.id, job.variant);
            if let Some(setup) = &job.setup {
                if setup.contains("__") {
                    failed.push(format!("{at}: setup left unfilled: {setup}"));
                }
                if !setup.contains("net.") {
                    failed.push(format!("{at}: a setup that shapes no network: {setup}"));
                }
            }
            let left = leftover_placeholders(&job.source);
            if !left.is_empty() {
                failed.push(format!("{at}: {} left in the program", left.join(", ")));
            }
            if job.source.trim().is_empty() {
                failed.push(format!("{at}: no program"));
            }
        }
        // A scenario that shapes the network in Python does so in
        // JavaScript too.
        if s.python.setup.is_empty() != s.javascript.setup.is_empty() {
            failed.push(format!(
                "{}: Python setup {:?}, JavaScript setup {:?}",
                s.id, s.python.setup, s.javascript.setup
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
