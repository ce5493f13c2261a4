//! `/?demo=check`: every scenario and variant run in virtual time, each claim
//! of the guide next to what ran, so anyone can verify the guide in their
//! own browser.
use leptos::prelude::*;

use crate::lang::Lang;
use crate::scenarios::{Check, CATALOGUE};

use super::i18n::{use_text, PageLang};

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
    view! {
        <section class="check-view" data-testid="check-view">
            <h2>{move || text("check.title")}</h2>
            <p>{move || text("check.intro")}</p>
            <p class="check-summary" data-testid="check-summary" data-passed=passed data-total=total>
                {move || format!("{} / {} {}", passed(), total(), text("check.passing"))}
            </p>
            <div class="table-scroll" tabindex="0">
                <table class="check-table" data-testid="check-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || text("check.scenario")}</th>
                            <th scope="col">{move || text("check.variant")}</th>
                            <th scope="col">{move || text("check.claim")}</th>
                            <th scope="col">{move || text("check.observed")}</th>
                            <th scope="col">{move || text("check.result")}</th>
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
                                                <p>{text(&format!("scenarios.{scenario}.claims.{variant}"))}</p>
                                                <ul class="checks">{claims}</ul>
                                            </td>
                                            <td data-label=text("check.observed")><ul class="checks">{observed}</ul></td>
                                            <td class=if pass { "pass" } else { "fail" }>
                                                {if pass { text("check.pass") } else { text("check.fail") }}
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
