//! The parameter form: typed inputs and sliders with their limits shown. A
//! value is checked as it is typed; only valid values reach the link.
use leptos::prelude::*;

use crate::link::{format_value, parse_value};
use crate::scenarios::{Kind, ParamSpec, Scenario};

use super::i18n::use_text;
use super::state::Nav;

/// Slider range: the full range where it is small, else up to ten times the
/// default, so the slider stays usable (the number field takes any value).
fn slider_range(spec: &ParamSpec) -> Option<(f64, f64, f64)> {
    match spec.kind {
        Kind::Int { min, max, default } => {
            let top = max.min(min.max(default.saturating_mul(10)).max(min + 10));
            let step = if top - min > 2000 { 50.0 } else { 1.0 };
            Some((min as f64, top as f64, step))
        }
        Kind::Float { min, max, .. } => Some((min, max, (max - min) / 100.0)),
        Kind::IntList { .. } => None,
    }
}

fn limits(spec: &ParamSpec) -> String {
    match spec.kind {
        Kind::Int { min, max, .. } => format!("{min} – {max}"),
        Kind::Float { min, max, .. } => format!("{min} – {max}"),
        Kind::IntList {
            min,
            max,
            min_len,
            max_len,
            ..
        } => {
            format!("{min_len}–{max_len} × ({min} – {max})")
        }
    }
}

/// One input per parameter of the scenario.
#[component]
pub fn ParamForm(
    /// Whose parameters.
    scenario: &'static Scenario,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = use_text();
    if scenario.params.is_empty() {
        return view! { <p class="muted">{move || text("params.none")}</p> }.into_any();
    }
    let fields = scenario
        .params
        .iter()
        .map(|spec| view! { <ParamField scenario spec /> })
        .collect_view();
    let reset = move |_| {
        nav.update(false, |state| {
            state.params = scenario.default_params();
            state.run = false;
        })
    };
    view! {
        <form class="params" data-testid="params" on:submit=|ev| ev.prevent_default()>
            <fieldset>
                <legend>{move || text("params.title")}</legend>
                {fields}
                <button type="button" class="secondary" data-testid="reset-params" on:click=reset>
                    {move || text("params.reset")}
                </button>
            </fieldset>
        </form>
    }
    .into_any()
}

#[component]
fn ParamField(scenario: &'static Scenario, spec: &'static ParamSpec) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = use_text();
    let (error, set_error) = signal(None::<String>);
    let variant = scenario.variants.first().copied().unwrap_or("");
    let current = Memo::new(move |_| {
        nav.link
            .with(|l| format_value(&l.params.value(spec.key, variant)))
    });
    let input_id = format!("param-{}-{}", scenario.id, spec.key);
    let error_id = format!("{input_id}-error");
    let apply = move |raw: String| match parse_value(spec, raw.trim()) {
        Ok(value) => {
            // Valid alone, the value may still ask too much together with
            // the others (tasks per mode): refused here, as the link would.
            let (mut next, mode) = nav.link.with_untracked(|l| (l.params.clone(), l.mode));
            // Checked by parse_value already; a refusal here would be a bug.
            let _ = next.set(spec.key, value);
            if let Err(why) = scenario.check_load(&next, mode) {
                set_error.set(Some(why));
                return;
            }
            set_error.set(None);
            nav.update(false, |state| {
                state.params = next;
                state.run = false;
            });
        }
        Err((_, why)) => set_error.set(Some(why)),
    };
    let slider = slider_range(spec).map(|(min, max, step)| {
        view! {
            <input
                type="range"
                min=min
                max=max
                step=step
                aria-label=move || text(&format!("scenarios.{}.params.{}", scenario.id, spec.key))
                prop:value=move || current.get()
                on:input:target=move |ev| apply(ev.target().value())
            />
        }
    });
    let is_list = matches!(spec.kind, Kind::IntList { .. });
    view! {
        <div class="param" data-testid=format!("param-{}", spec.key)>
            <label for=input_id.clone()>
                {move || text(&format!("scenarios.{}.params.{}", scenario.id, spec.key))}
                <span class="limits">{limits(spec)}</span>
            </label>
            <div class="param-inputs">
                <input
                    id=input_id
                    name=spec.key
                    type=if is_list { "text" } else { "number" }
                    inputmode=if is_list { "numeric" } else { "decimal" }
                    step=if matches!(spec.kind, Kind::Float { .. }) { "any" } else { "1" }
                    prop:value=move || current.get()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=error_id.clone()
                    on:change:target=move |ev| apply(ev.target().value())
                />
                {slider}
            </div>
            <p class="field-error" id=error_id role="alert">
                {move || error.get().map(|why| format!("{} {why}", text("params.refused")))}
            </p>
        </div>
    }
}
