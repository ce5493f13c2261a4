//! The console: every printed line with its time and task, per variant, and
//! the stats line (measured total, ideal total, drift).
use leptos::prelude::*;

use crate::engine::{fmt_ms, RunTrace, TraceDoc};

use super::i18n::use_text;

/// Time as the console shows it: whole ms in virtual time, 0.1 ms in real.
pub fn show_ms(ms: f64) -> String {
    if ms.fract() == 0.0 {
        fmt_ms(ms)
    } else {
        format!("{ms:.1}")
    }
}

/// Printed output and stats of every variant of the last run.
#[component]
pub fn Console(
    /// The run's document.
    doc: Signal<Option<TraceDoc>>,
) -> impl IntoView {
    let text = use_text();
    let runs = move || doc.get().map(|d| d.runs).unwrap_or_default();
    view! {
        <section class="console" data-testid="console" aria-live="polite">
            <h3>{move || text("console.title")}</h3>
            {move || {
                let runs = runs();
                if runs.is_empty() {
                    return view! { <p class="muted">{text("console.empty")}</p> }.into_any();
                }
                runs.into_iter().map(|run| view! { <RunOutput run /> }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn RunOutput(run: RunTrace) -> impl IntoView {
    let text = use_text();
    let drift = run.total_ms - run.ideal_ms;
    let names: Vec<String> = run.tasks.iter().map(|t| t.name.clone()).collect();
    let lines = run
        .output
        .iter()
        .map(|line| {
            let task = names.get(line.task).cloned().unwrap_or_default();
            view! {
                <li data-testid="console-line">
                    <span class="console-time">{format!("{:>7} ms", show_ms(line.at_ms))}</span>
                    <span class="console-task">{task}</span>
                    <span class="console-text">{line.text.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="console-run" data-variant=run.variant.clone()>
            <h4>{run.variant.clone()}</h4>
            <p class="stats" data-testid="stats">
                {move || text("stats.measured")} " " <strong>{show_ms(run.total_ms)} " ms"</strong>
                " · " {move || text("stats.ideal")} " " {show_ms(run.ideal_ms)} " ms"
                " · " {move || text("stats.drift")} " " {format!("{drift:+.1} ms")}
                {run.error.clone().map(|e| view! { <span class="error-text">" · " {e}</span> })}
            </p>
            <ol class="console-lines" tabindex="0">{lines}</ol>
        </div>
    }
}
