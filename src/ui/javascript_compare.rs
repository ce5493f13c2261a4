//! Compare with JavaScript: after each run, the scenario's JavaScript
//! listing runs for real with the same parameters and clock, and is drawn
//! under the run on the same time axis, with the moments where JavaScript
//! differs marked (an async call starting eagerly, calls still running when
//! main ended, the first rejection).
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::compare::{javascript_differences, Difference, JAVASCRIPT};
use crate::engine::recorder::replay;
use crate::engine::{Mode, Runtime, TraceDoc};
use crate::runtimes::javascript::{self, Group};
use crate::scenarios::{Params, Scenario};

use super::i18n::{use_text, PageLang};
use super::prediction::{Mark, MarkKind};
use super::runner::{drawn_live, upsert_run};

/// The JavaScript run shown beside the page's run.
#[derive(Clone, Copy)]
pub struct JavascriptCompare {
    /// The learner asked for the comparison.
    pub on: RwSignal<bool>,
    /// The JavaScript runs so far (filled variant by variant).
    pub doc: RwSignal<Option<TraceDoc>>,
    pub running: RwSignal<bool>,
    /// Bumped by every start and clear, so a superseded run stays silent.
    generation: StoredValue<u64>,
}

impl JavascriptCompare {
    pub fn new() -> Self {
        JavascriptCompare {
            on: RwSignal::new(false),
            doc: RwSignal::new(None),
            running: RwSignal::new(false),
            generation: StoredValue::new(0),
        }
    }

    /// Forgets the JavaScript run (a new run starts, or the comparison is
    /// turned off).
    pub fn clear(&self) {
        self.generation.try_update_value(|g| *g += 1);
        if self.running.try_get_untracked() == Some(true) {
            javascript::stop(Group::Compare);
        }
        self.doc.try_set(None);
        self.running.try_set(false);
    }

    /// Runs the JavaScript listing of every variant, one after another (in
    /// real time each is measured alone).
    pub fn run(&self, scenario: &'static Scenario, mode: Mode, params: Params) {
        self.clear();
        let this = *self;
        let generation = self.generation.get_value();
        // (the page may be gone by the time a Worker answers)
        let current = move || this.generation.try_get_value() == Some(generation);
        self.doc.set(Some(
            TraceDoc::new(scenario.id, mode, scenario.params_json(&params), Vec::new())
                .with_runtime(Runtime::Js, None),
        ));
        self.running.set(true);
        spawn_local(async move {
            for job in scenario.javascript_jobs(&params) {
                if !current() {
                    return;
                }
                let ideal = (scenario.ideal_ms)(job.variant, &params);
                let on_live = drawn_live(job.variant, ideal, move |trace| {
                    if current() {
                        this.upsert(trace);
                    }
                });
                let run = javascript::run(&job, mode, Group::Compare, on_live).await;
                if !current() {
                    return;
                }
                this.upsert(replay(&run, job.variant, ideal));
            }
            this.running.try_set(false);
        });
    }

    fn upsert(&self, run: crate::engine::RunTrace) {
        self.doc.try_update(|doc| {
            if let Some(doc) = doc {
                upsert_run(&mut doc.runs, run);
            }
        });
    }

    /// The differences of every JavaScript run, as timeline marks.
    pub fn marks(&self) -> Signal<Vec<Mark>> {
        let text = use_text();
        let doc = self.doc;
        Signal::derive(move || {
            doc.with(|doc| {
                let Some(doc) = doc else {
                    return Vec::new();
                };
                doc.runs
                    .iter()
                    .flat_map(|run| {
                        javascript_differences(run).into_iter().map(|difference| {
                            let title = match &difference {
                                Difference::EagerStart { task, .. } => {
                                    format!("{} {task}", text("compare_js.eager"))
                                }
                                Difference::StillRunning { tasks, .. } => {
                                    format!("{}: {tasks}", text("compare_js.still_running"))
                                }
                                Difference::FirstRejection { task, error, .. } => {
                                    format!(
                                        "{}: {task} — {error}",
                                        text("compare_js.first_rejection")
                                    )
                                }
                                Difference::Aborted { tasks, .. } => {
                                    format!("{}: {tasks}", text("compare_js.aborted"))
                                }
                            };
                            Mark {
                                variant: format!("{JAVASCRIPT}{}", run.variant),
                                at_ms: difference.at_ms(),
                                label: "JS".into(),
                                title,
                                kind: MarkKind::Difference,
                            }
                        })
                    })
                    .collect()
            })
        })
    }
}

impl Default for JavascriptCompare {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a timeline block is a JavaScript run's, and its variant.
pub fn javascript_variant(variant: &str) -> Option<&str> {
    variant.strip_prefix(JAVASCRIPT)
}

/// The toggle, and what the comparison found, in words.
#[component]
pub fn JavascriptCompareBar(
    compare: JavascriptCompare,
    marks: Signal<Vec<Mark>>,
    /// A timeline block's title (the variant's name in the page's language).
    variant_label: Callback<String, String>,
) -> impl IntoView {
    let text = use_text();
    let lang = expect_context::<PageLang>().0;
    view! {
        <div class="js-compare">
            <button
                type="button"
                data-testid="compare-js"
                aria-pressed=move || compare.on.get().to_string()
                title=move || text("compare_js.hint")
                on:click=move |_| compare.on.update(|on| *on = !*on)
            >
                {move || text("compare_js.button")}
            </button>
            {move || compare.running.get().then(|| view! {
                <span class="muted" data-testid="compare-js-running">{text("compare_js.running")}</span>
            })}
            {move || (compare.on.get() && !marks.with(Vec::is_empty)).then(|| view! {
                <ul class="js-differences" data-testid="js-differences">
                    {marks.get().into_iter().map(|mark| view! {
                        <li data-variant=mark.variant.clone() data-at-ms=mark.at_ms.to_string()>
                            <strong>{variant_label.run(mark.variant.clone())}</strong>
                            {format!(" · {} · {}", crate::texts::duration(mark.at_ms, lang.get_untracked()), mark.title)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
