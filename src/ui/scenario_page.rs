//! One scenario: what it teaches, its code, its parameters, Run and Stop, and
//! what the run showed (timeline, console, stats, export).
use leptos::prelude::*;

use crate::compare::{with_javascript, with_pinned};
use crate::engine::{RunTrace, Runtime, TraceDoc};
use crate::runtimes::python::PythonRuntime;
use crate::runtimes::ProgramRuntime;
use crate::scenarios::Scenario;

use super::code_tabs::CodeTabs;
use super::console::{show_ms, Console};
use super::export_panel::ExportPanel;
use super::heartbeat::Pulse;
use super::i18n::{use_text, PageLang};
use super::javascript_compare::{javascript_variant, JavascriptCompare, JavascriptCompareBar};
use super::params_form::ParamForm;
use super::pin::{pinned_label, pinned_variant, PinBar, PinCompare};
use super::prediction::{Mark, PredictionPanel, Predictions};
use super::python_status::ProgramErrorView;
use super::run_controls::RunControls;
use super::runner::{RunStatus, Runner};
use super::state::Nav;
use super::step_view::StepView;
use super::timeline::Timeline;

/// The page of one scenario.
#[component]
pub fn ScenarioPage(
    /// The scenario to show.
    scenario: &'static Scenario,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let runner = expect_context::<Runner>();
    let pulse = expect_context::<Pulse>();
    let python = expect_context::<PythonRuntime>();
    let lang = expect_context::<PageLang>().0;
    let text = use_text();

    // While the page moves to another view, the link already holds that
    // view's parameters for an instant: this page keeps to its own.
    let params = Memo::new(move |_| {
        nav.link.with(|l| {
            if std::ptr::eq(l.params.specs(), scenario.params) {
                l.params.clone()
            } else {
                scenario.default_params()
            }
        })
    });
    let runtime = Memo::new(move |_| nav.link.with(|l| l.runtime));
    let key = move |k: &str| text(&format!("scenarios.{}.{k}", scenario.id));
    // Texts that state the run's numbers, for the parameters on screen.
    let stated = move |k: &str| params.with(|p| scenario.text(k, p, lang.get()));

    // The parameters of the last run: what the step view re-runs (the form
    // may have changed since).
    let ran_with = RwSignal::new(None::<crate::scenarios::Params>);
    let js_compare = JavascriptCompare::new();
    // Leaving the page stops the comparison's Workers.
    on_cleanup(move || js_compare.clear());
    let run_scenario = move || {
        pulse.reset();
        js_compare.clear();
        let (mode, runtime, params, edited) = nav
            .link
            .with_untracked(|l| (l.mode, l.runtime, l.params.clone(), l.code.clone()));
        ran_with.set(Some(params.clone()));
        let (program_runtime, jobs) = match runtime {
            Runtime::Python => (
                ProgramRuntime::Python(python),
                scenario.python_jobs(&params),
            ),
            Runtime::Js => (
                ProgramRuntime::Javascript,
                scenario.javascript_jobs(&params),
            ),
            Runtime::Engine => {
                runner.run(scenario, mode, params, lang.get_untracked());
                return;
            }
        };
        if let Err(why) = scenario.check_load(&params, mode) {
            runner.error.set(Some(why));
            return;
        }
        // An edited listing runs each variant as the guide's does (the same
        // entries), on the learner's program.
        let jobs = jobs
            .into_iter()
            .map(|mut job| {
                let ideal = (scenario.ideal_ms)(job.variant, &params);
                if let Some(program) = &edited {
                    job.source = match runtime {
                        Runtime::Js => scenario.javascript.program(program, job.variant),
                        _ => program.clone(),
                    };
                }
                (job, ideal)
            })
            .collect();
        let doc = TraceDoc::new(scenario.id, mode, scenario.params_json(&params), Vec::new())
            .with_runtime(runtime, edited);
        runner.run_program(program_runtime, doc, jobs);
    };
    // In an edited listing, clicking a lane puts the cursor on its coroutine.
    let go_to = RwSignal::new(None::<u32>);
    let show_definition = move |name: String| {
        let line = nav
            .link
            .with_untracked(|l| crate::runtimes::definition_line(l.code.as_deref()?, &name));
        if line.is_some() {
            go_to.set(line);
        }
    };
    let predictions = Predictions::new(scenario, params);
    let pinned = RwSignal::new(None::<TraceDoc>);
    let run_now = move || {
        predictions.ask(params.get_untracked());
        nav.update(false, |l| l.run = true);
        run_scenario();
    };

    // An edited program belongs to its runtime (the engine runs only the
    // guide's code): another runtime returns to the guide's listings, and
    // Back brings the edit back.
    let set_runtime = move |value: String| {
        runner.stop();
        let next = Runtime::parse(&value).unwrap_or_default();
        let drops_edit = nav
            .link
            .with_untracked(|l| l.code.is_some() && l.runtime != next);
        nav.update(drops_edit, |l| {
            l.runtime = next;
            if drops_edit {
                l.code = None;
            }
            l.run = false;
        });
    };

    // A link with run=1 runs as soon as the page opens (with no prediction:
    // whoever shared it has seen the run).
    if nav.link.with_untracked(|l| l.run) {
        request_animation_frame(run_scenario);
    }

    let is_running = move || runner.status.get() == RunStatus::Running;
    let progress = move || {
        let variant = runner.current.get()?;
        let (elapsed, edited) = runner.doc.with(|d| {
            let d = d.as_ref()?;
            let run = d.runs.iter().find(|r| r.variant == variant);
            Some((run.map_or(0.0, RunTrace::latest_ms), d.source.is_some()))
        })?;
        // An edited program has no ideal total: the catalogue's is for the
        // listing as written.
        let ideal = (!edited).then(|| {
            format!(
                " / {} ms",
                show_ms((scenario.ideal_ms)(variant, &params.get()))
            )
        });
        Some(format!(
            "{} · {} {}{}",
            key(&format!("variants.{variant}")),
            text("run.elapsed"),
            show_ms(elapsed.round()),
            ideal.unwrap_or_else(|| " ms".into())
        ))
    };
    let doc = Signal::derive(move || runner.doc.get());
    // Once a run is over, the JavaScript listing runs with the same
    // parameters and clock, when the comparison is on (never to compare
    // JavaScript with itself).
    Effect::new(move |_| {
        let done = runner.status.get() == RunStatus::Done;
        if !js_compare.on.get() {
            js_compare.clear();
            return;
        }
        // what ran, not what the select says now
        let ran = runner.doc.with(|d| d.as_ref().map(|d| (d.mode, d.runtime)));
        if let (true, Some((mode, ran_in)), Some(params)) = (done, ran, ran_with.get_untracked()) {
            if ran_in != Runtime::Js && js_compare.doc.with_untracked(Option::is_none) {
                js_compare.run(scenario, mode, params);
            }
        }
    });
    let comparing = move || js_compare.on.get() && runtime.get() != Runtime::Js;
    // The timeline draws the pinned run above the current one, and each
    // variant's JavaScript run under it.
    let shown = Signal::derive(move || {
        let shown = pinned.with(|p| runner.doc.with(|d| with_pinned(p.as_ref(), d.as_ref())));
        if comparing() {
            js_compare
                .doc
                .with(|js| with_javascript(shown, js.as_ref()))
        } else {
            shown
        }
    });
    let variant_label = Callback::new(move |variant: String| match pinned_variant(&variant) {
        _ if javascript_variant(&variant).is_some() => format!(
            "{} · {}",
            text("compare_js.label"),
            key(&format!(
                "variants.{}",
                javascript_variant(&variant).unwrap_or("")
            ))
        ),
        Some(v) => {
            let label = pinned.with(|p| {
                p.as_ref()
                    .map(|p| runner.doc.with(|d| pinned_label(p, d.as_ref(), text)))
                    .unwrap_or_default()
            });
            format!(
                "{} ({label}) · {}",
                text("pin.pinned"),
                key(&format!("variants.{v}"))
            )
        }
        None => key(&format!("variants.{variant}")),
    });
    let current = Signal::derive(move || runner.current.get());
    let settled_doc = Signal::derive(move || if is_running() { None } else { runner.doc.get() });
    // The step view's cursor joins the predictions' marks on the timeline;
    // a click on the timeline moves the step view there.
    let cursor = RwSignal::new(None::<Mark>);
    let clicked = RwSignal::new(None::<(String, f64)>);
    let prediction_marks = predictions.marks();
    let js_marks = js_compare.marks();
    let marks = Signal::derive(move || {
        let mut marks = prediction_marks.get();
        marks.extend(cursor.get());
        if comparing() {
            marks.extend(js_marks.get());
        }
        marks
    });
    // The program a variant ran: the learner's edit, else the listing.
    // (in the language that ran: a JavaScript run's lines are the JS
    // listing's)
    let source = Callback::new(move |variant: String| {
        let ran_in = runner.doc.with_untracked(|d| d.as_ref().map(|d| d.runtime));
        let is_js = ran_in == Some(Runtime::Js);
        if let Some(edited) = nav.link.with_untracked(|l| l.code.clone()) {
            return Some(if is_js {
                scenario.javascript.program(&edited, &variant)
            } else {
                edited
            });
        }
        let ran = ran_with
            .get_untracked()
            .unwrap_or_else(|| params.get_untracked());
        let jobs = if is_js {
            scenario.javascript_jobs(&ran)
        } else {
            scenario.python_jobs(&ran)
        };
        jobs.into_iter()
            .find(|job| job.variant == variant)
            .map(|job| job.source)
    });

    view! {
        <article class="scenario" data-testid="scenario" data-scenario=scenario.id>
            <header class="scenario-header">
                <p class="section-tag">{move || {
                    // The guide's heading, unless it only repeats the chapter's name.
                    let chapter = text(&format!("chapters.{}", scenario.chapter));
                    if chapter == scenario.section { chapter } else { format!("{chapter} · {}", scenario.section) }
                }}</p>
                <h2>{move || key("title")}</h2>
                <p class="summary">{move || stated("summary")}</p>
            </header>
            <div class="scenario-grid">
                <CodeTabs scenario params=params.into() on_run=Callback::new(move |()| run_now()) go_to=go_to.into() />
                <div class="controls">
                    <ParamForm scenario />
                    <RunControls on_run=Callback::new(move |()| run_now()) progress=Signal::derive(progress)>
                        <label class="mode-label">
                            {move || text("runtime.label")}
                            <select
                                data-testid="runtime"
                                prop:value=move || runtime.get().as_str()
                                on:change:target=move |ev| set_runtime(ev.target().value())
                            >
                                <option value="engine">{move || text("runtime.engine")}</option>
                                <option value="python">{move || text("runtime.python")}</option>
                                <option value="js">{move || text("runtime.js")}</option>
                            </select>
                        </label>
                    </RunControls>
                    <PredictionPanel predictions params />
                </div>
            </div>
            <ProgramErrorView />
            <div class="run-tools">
                <PinBar pinned settled=settled_doc />
                {move || (runtime.get() != Runtime::Js).then(|| view! { <JavascriptCompareBar compare=js_compare marks=js_marks variant_label /> })}
            </div>
            <Timeline
                variant_label
                speedup=scenario.speedup
                doc=shown
                current
                on_lane_click=Callback::new(show_definition)
                marks
                on_time_click=Callback::new(move |at| clicked.set(Some(at)))
            />
            <StepView doc=settled_doc engine=(scenario, ran_with) source cursor clicked />
            <PinCompare pinned settled=settled_doc variant_label />
            <div class="explain-grid">
                <section class="explain">
                    <h3>{move || text("explain.watch")}</h3>
                    <p>{move || stated("watch")}</p>
                </section>
                <section class="explain">
                    <h3>{move || text("explain.differences")}</h3>
                    <p>{move || stated("differences")}</p>
                </section>
            </div>
            <Console doc current variant_label />
            // The export is of a finished (or stopped) run: serialising a
            // live document every frame would slow the run it measures.
            <ExportPanel doc=settled_doc />
        </article>
    }
}
