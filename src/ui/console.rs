//! The console: every printed line with its time and task, per variant, and
//! the stats line (measured total, ideal total, drift).
use leptos::prelude::*;

use crate::engine::{RunTrace, TraceDoc};
use crate::format::fmt_ms;

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
    /// The variant running now: its stats wait until it ends.
    current: Signal<Option<&'static str>>,
    /// A variant's name as the timeline writes it.
    variant_label: Callback<String, String>,
) -> impl IntoView {
    let text = use_text();
    // A live run changes its document every frame; the console redraws only
    // when a line is printed or a variant ends.
    let runs = Memo::new(move |_| {
        let live = current.get();
        doc.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.runs
                        .iter()
                        // A program the learner wrote has no ideal total.
                        .map(|r| {
                            ConsoleRun::of(r, live == Some(r.variant.as_str()), d.source.is_none())
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let runs = move || runs.get();
    view! {
        <section class="console" data-testid="console" aria-live="polite">
            <h3>{move || text("console.title")}</h3>
            {move || {
                let runs = runs();
                if runs.is_empty() {
                    return view! { <p class="muted">{text("console.empty")}</p> }.into_any();
                }
                runs.into_iter().map(|run| view! { <RunOutput run variant_label /> }).collect_view().into_any()
            }}
        </section>
    }
}

/// The most lines shown per variant: a run of 100,000 tasks that each print
/// would otherwise build 100,000 list items, and the page would freeze for
/// seconds. Every line stays in the trace and its export.
const MAX_LINES_SHOWN: usize = 1_000;

/// What the console shows of one variant.
#[derive(Clone, PartialEq)]
struct ConsoleRun {
    variant: String,
    /// (time, task name, text), the first [`MAX_LINES_SHOWN`].
    lines: Vec<(f64, String, String)>,
    /// Printed lines beyond those.
    hidden: usize,
    /// (total, ideal, error) once the variant has ended; the ideal is known
    /// only for the catalogue's own programs.
    stats: Option<(f64, Option<f64>, Option<String>)>,
}

impl ConsoleRun {
    fn of(run: &RunTrace, is_live: bool, has_ideal: bool) -> Self {
        let name = |task: usize| {
            run.tasks
                .get(task)
                .map(|t| t.name.clone())
                .unwrap_or_default()
        };
        ConsoleRun {
            variant: run.variant.clone(),
            lines: run
                .output
                .iter()
                .take(MAX_LINES_SHOWN)
                .map(|o| (o.at_ms, name(o.task), o.text.clone()))
                .collect(),
            hidden: run.output.len().saturating_sub(MAX_LINES_SHOWN),
            stats: (!is_live).then(|| {
                (
                    run.total_ms,
                    has_ideal.then_some(run.ideal_ms),
                    run.error.clone(),
                )
            }),
        }
    }
}

#[component]
fn RunOutput(run: ConsoleRun, variant_label: Callback<String, String>) -> impl IntoView {
    let text = use_text();
    let lines = run
        .lines
        .into_iter()
        .map(|(at, task, line)| {
            view! {
                <li data-testid="console-line">
                    <span class="console-time">{format!("{:>7} ms", show_ms(at))}</span>
                    <span class="console-task">{task}</span>
                    <span class="console-text">{line}</span>
                </li>
            }
        })
        .collect_view();
    let stats = run.stats.map(|(total, ideal, error)| {
        let ideal = ideal.map(|ideal| {
            let drift = total - ideal;
            view! {
                " · " {move || text("stats.ideal")} " " {show_ms(ideal)} " ms"
                " · " {move || text("stats.drift")} " " {format!("{drift:+.1} ms")}
            }
        });
        view! {
            <p class="stats" data-testid="stats">
                {move || text("stats.measured")} " " <strong>{show_ms(total)} " ms"</strong>
                {ideal}
                {error.map(|e| view! { <span class="error-text">" · " {e}</span> })}
            </p>
        }
    });
    // The timeline's name for the run, and the id the texts call it by.
    let variant = run.variant.clone();
    let heading = move || match variant_label.run(variant.clone()) {
        label if label == variant => label,
        label => format!("{label} ({variant})"),
    };
    view! {
        <div class="console-run" data-variant=run.variant.clone()>
            <h4>{heading}</h4>
            {stats}
            <ol class="console-lines" tabindex="0">{lines}</ol>
            {(run.hidden > 0).then(|| view! {
                <p class="muted" data-testid="console-more">
                    {move || text("console.more")} " " {run.hidden}
                </p>
            })}
        </div>
    }
}
