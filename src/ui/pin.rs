//! Pin this run: keep a run on the timeline and compare the next one with
//! it on the same time axis (Semaphore(2) then Semaphore(5), the guide's
//! code then an edit).
use leptos::prelude::*;
use serde_json::Value;

use crate::compare::{compare, PINNED};
use crate::engine::TraceDoc;
use crate::texts;

use super::i18n::{use_text, PageLang};

/// How the pinned run differs from the current one, in a few words: the
/// parameters it had, else its code, else its runtime and clock.
pub fn pinned_label(
    pinned: &TraceDoc,
    now: Option<&TraceDoc>,
    text: impl Fn(&str) -> String,
) -> String {
    let Some(now) = now else {
        return text("pin.same_params");
    };
    let mut differences: Vec<String> = match (&pinned.params, &now.params) {
        (Value::Object(then), Value::Object(current)) => then
            .iter()
            .filter(|(k, v)| current.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k}={v}"))
            .collect(),
        _ => Vec::new(),
    };
    if pinned.source != now.source {
        differences.push(if pinned.source.is_some() {
            text("pin.edited")
        } else {
            text("pin.guide_code")
        });
    }
    if pinned.runtime != now.runtime {
        differences.push(text(&format!("runtime.{}", pinned.runtime.as_str())));
    }
    if pinned.mode != now.mode {
        differences.push(text(&format!("mode.{}", pinned.mode.as_str())));
    }
    if differences.is_empty() {
        differences.push(text("pin.same_params"));
    }
    differences.join(", ")
}

/// Whether a timeline block is a pinned run's, and its variant.
pub fn pinned_variant(variant: &str) -> Option<&str> {
    variant.strip_prefix(PINNED)
}

/// The pin and unpin buttons.
#[component]
pub fn PinBar(
    pinned: RwSignal<Option<TraceDoc>>,
    /// The last finished run (none while one runs).
    settled: Signal<Option<TraceDoc>>,
) -> impl IntoView {
    let text = use_text();
    let can_pin = move || settled.with(|d| d.as_ref().is_some_and(|d| !d.runs.is_empty()));
    view! {
        <div class="pin-bar">
            <button
                type="button"
                data-testid="pin-run"
                disabled=move || !can_pin()
                title=move || text("pin.hint")
                on:click=move |_| pinned.set(settled.get_untracked())
            >
                {move || text("pin.button")}
            </button>
            {move || pinned.with(|p| p.is_some()).then(|| view! {
                <button type="button" data-testid="unpin-run" on:click=move |_| pinned.set(None)>
                    {text("pin.unpin")}
                </button>
            })}
        </div>
    }
}

/// Totals and moved tasks of the current run against the pinned one.
#[component]
pub fn PinCompare(
    pinned: RwSignal<Option<TraceDoc>>,
    settled: Signal<Option<TraceDoc>>,
    variant_label: Callback<String, String>,
) -> impl IntoView {
    let text = use_text();
    let lang = expect_context::<PageLang>().0;
    let ms = move |v: f64| texts::duration(v, lang.get());
    let signed = move |v: f64| {
        let sign = if v > 0.0 { "+" } else { "" };
        format!("{sign}{}", ms(v))
    };
    move || {
        let pinned_doc = pinned.get()?;
        let now = settled.get();
        let label = pinned_label(&pinned_doc, now.as_ref(), text);
        let Some(now) = now.filter(|now| *now != pinned_doc) else {
            return Some(
                view! {
                    <section class="pin-compare" data-testid="pin-compare" data-state="waiting">
                        <h3>{text("pin.compare")} " · " {label}</h3>
                        <p class="muted">{text("pin.none_yet")}</p>
                    </section>
                }
                .into_any(),
            );
        };
        let rows = compare(&pinned_doc, &now)
            .into_iter()
            .map(|change| {
                let delta = change.now_ms - change.then_ms;
                let ratio = (change.now_ms > 0.0 && change.then_ms > 0.0)
                    .then(|| format!(" ({:.2}×)", change.now_ms / change.then_ms));
                let tasks = change
                    .moved
                    .iter()
                    .take(12)
                    .map(|t| {
                        let then = t.then_ms.map_or_else(|| text("pin.only_now"), ms);
                        let now = t.now_ms.map_or_else(|| text("pin.only_then"), ms);
                        let delta = match (t.then_ms, t.now_ms) {
                            (Some(a), Some(b)) => signed(b - a),
                            _ => String::new(),
                        };
                        view! {
                            <tr class="task-change">
                                <th scope="row">{t.name.clone()}</th>
                                <td>{then}</td>
                                <td>{now}</td>
                                <td>{delta}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let more = change.moved.len().saturating_sub(12);
                view! {
                    <tbody data-testid="pin-variant" data-variant=change.variant.clone() data-delta-ms=delta.to_string()>
                        <tr class="variant-change">
                            <th scope="row">{variant_label.run(change.variant.clone())}</th>
                            <td>{ms(change.then_ms)}</td>
                            <td>{ms(change.now_ms)}</td>
                            <td><strong>{signed(delta)}</strong>{ratio}</td>
                        </tr>
                        {tasks}
                        {(more > 0).then(|| view! { <tr><td colspan="4" class="muted">{format!("+ {more}")}</td></tr> })}
                        <tr>
                            <td colspan="4" class="muted">{format!("{} ({})", text("pin.tasks_same"), change.unchanged)}</td>
                        </tr>
                    </tbody>
                }
            })
            .collect_view();
        Some(view! {
            <section class="pin-compare" data-testid="pin-compare" data-state="compared">
                <h3>{format!("{} ({label})", text("pin.compare"))}</h3>
                <div class="table-scroll" tabindex="0">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{text("pin.variant")} " / " {text("pin.task")}</th>
                                <th scope="col">{text("pin.then")}</th>
                                <th scope="col">{text("pin.now")}</th>
                                <th scope="col">{text("pin.change")}</th>
                            </tr>
                        </thead>
                        {rows}
                    </table>
                </div>
            </section>
        }.into_any())
    }
}
