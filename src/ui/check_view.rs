//! `/?demo=check`: every scenario and variant run in virtual time, each claim
//! of the guide next to what ran, so anyone can verify the guide in their
//! own browser.
use leptos::prelude::*;

use std::collections::HashMap;

use leptos::task::spawn_local;

use crate::engine::recorder::replay;
use crate::engine::Mode;
use crate::lang::Lang;
use crate::runtimes::python::PythonRuntime;
use crate::scenarios::{Check, CATALOGUE};

use super::i18n::{use_text, PageLang};

/// CPython's checks of each (scenario, variant), filled as its runs end.
type CpythonChecks = HashMap<(&'static str, &'static str), Vec<Check>>;

/// Runs every scenario's Python listing in CPython, one variant after
/// another, and checks each against the same claims as the engine. The
/// listings print the guide's Chinese, so the claims are the Chinese ones.
fn check_in_cpython(python: PythonRuntime, results: RwSignal<CpythonChecks>, busy: RwSignal<bool>) {
    busy.set(true);
    results.set(HashMap::new());
    spawn_local(async move {
        for scenario in CATALOGUE {
            let params = scenario.default_params();
            for job in scenario.python_jobs(&params) {
                let run = python.run(&job, Mode::Virtual, |_| {}).await;
                let trace = replay(&run, job.variant, 0.0);
                let checks = scenario.verify(&trace, &params, Lang::Zh);
                results.update(|r| {
                    r.insert((scenario.id, job.variant), checks);
                });
            }
        }
        busy.set(false);
    });
}

struct Row {
    scenario: &'static str,
    variant: &'static str,
    checks: Vec<Check>,
}

fn run_all(lang: Lang) -> Vec<Row> {
    CATALOGUE
        .iter()
        .flat_map(|s| {
            s.variants.iter().map(move |&variant| {
                let params = s.default_params();
                let trace = s.run_virtual(variant, &params, lang);
                Row {
                    scenario: s.id,
                    variant,
                    checks: s.verify(&trace, &params, lang),
                }
            })
        })
        .collect()
}

/// The self-check table.
#[component]
pub fn CheckView() -> impl IntoView {
    let text = use_text();
    let lang = expect_context::<PageLang>().0;
    // The claims are checked with the defaults; their sentences say those.
    let claim_text = move |id: &str, variant: &str| {
        crate::scenarios::find(id)
            .map(|s| {
                s.text(
                    &format!("claims.{variant}"),
                    &s.default_params(),
                    lang.get(),
                )
            })
            .unwrap_or_default()
    };
    let rows = Memo::new(move |_| {
        let rows = run_all(lang.get());
        rows.into_iter()
            .map(|r| (r.scenario, r.variant, r.checks))
            .collect::<Vec<_>>()
    });
    let passed = move || {
        rows.with(|r| {
            r.iter()
                .filter(|(_, _, c)| c.iter().all(|c| c.pass))
                .count()
        })
    };
    let total = move || rows.with(|r| r.len());
    let python = expect_context::<PythonRuntime>();
    let cpython = RwSignal::new(CpythonChecks::new());
    let busy = RwSignal::new(false);
    let cpython_passed =
        move || cpython.with(|r| r.values().filter(|c| c.iter().all(|c| c.pass)).count());
    let cpython_done = move || cpython.with(|r| r.len());
    view! {
        <section class="check-view" data-testid="check-view">
            <h2>{move || text("check.title")}</h2>
            <p>{move || text("check.intro")}</p>
            <p class="check-summary" data-testid="check-summary" data-passed=passed data-total=total>
                {move || format!("{} / {} {}", passed(), total(), text("check.passing"))}
            </p>
            <p class="check-summary">
                <button type="button" data-testid="check-cpython" disabled=move || busy.get() on:click=move |_| check_in_cpython(python, cpython, busy)>
                    {move || text("check.cpython")}
                </button>
                " "
                <span data-testid="check-cpython-summary" data-passed=cpython_passed data-done=cpython_done data-total=total data-busy=move || busy.get().to_string()>
                    {move || (cpython_done() > 0).then(|| format!("CPython: {} / {} {}", cpython_passed(), total(), text("check.passing")))}
                </span>
            </p>
            <super::python_status::PythonLoading />
            <div class="table-scroll" tabindex="0">
                <table class="check-table" data-testid="check-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || text("check.scenario")}</th>
                            <th scope="col">{move || text("check.variant")}</th>
                            <th scope="col">{move || text("check.claim")}</th>
                            <th scope="col">{move || text("check.observed")}</th>
                            <th scope="col">{move || text("check.engine_column")}</th>
                            <th scope="col">{move || text("check.cpython_column")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|(scenario, variant, checks)| {
                                    let pass = checks.iter().all(|c| c.pass);
                                    let claims = checks.iter().map(|c| view! { <li>{c.claim.clone()}</li> }).collect_view();
                                    let observed = checks
                                        .iter()
                                        .map(|c| view! { <li class:fail=!c.pass>{c.observed.clone()}</li> })
                                        .collect_view();
                                    view! {
                                        <tr data-testid="check-row" data-scenario=scenario data-variant=variant data-pass=pass.to_string()>
                                            <th scope="row">
                                                <a href=format!("?demo={scenario}")>{text(&format!("scenarios.{scenario}.title"))}</a>
                                            </th>
                                            <td><code>{variant}</code></td>
                                            // data-label: the column's name, shown above the
                                            // cell when a narrow screen stacks the rows.
                                            <td data-label=text("check.claim")>
                                                <p>{claim_text(scenario, variant)}</p>
                                                <ul class="checks">{claims}</ul>
                                            </td>
                                            <td data-label=text("check.observed")><ul class="checks">{observed}</ul></td>
                                            <td class=if pass { "pass" } else { "fail" }>
                                                {if pass { text("check.pass") } else { text("check.fail") }}
                                            </td>
                                            <td data-testid="check-cpython-cell" data-scenario=scenario data-variant=variant data-pass=move || cpython.with(|r| r.get(&(scenario, variant)).map(|c| c.iter().all(|c| c.pass).to_string()).unwrap_or_default())>
                                                {move || cpython.with(|r| match r.get(&(scenario, variant)) {
                                                    None => view! { <span class="muted">{text("check.not_run")}</span> }.into_any(),
                                                    Some(checks) if checks.iter().all(|c| c.pass) => view! { <span class="pass">{text("check.pass")}</span> }.into_any(),
                                                    Some(checks) => {
                                                        let failed = checks.iter().filter(|c| !c.pass).map(|c| view! { <li class="fail">{c.observed.clone()}</li> }).collect_view();
                                                        view! { <span class="fail">{text("check.fail")}</span><ul class="checks">{failed}</ul> }.into_any()
                                                    }
                                                })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
