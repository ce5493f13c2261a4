//! `?demo=scratch`: a program of the learner's own, carried whole in the
//! link (`code=`), run in CPython and drawn like any scenario. Until the
//! editor lands the program is shown read-only.
use leptos::prelude::*;
use serde_json::json;

use crate::engine::{Runtime, TraceDoc};
use crate::runtimes::python::PythonRuntime;
use crate::scenarios::{PythonJob, DEFAULT_LATENCY_MS};

use super::console::Console;
use super::export_panel::ExportPanel;
use super::heartbeat::Pulse;
use super::i18n::use_text;
use super::python_status::ProgramErrorView;
use super::run_controls::RunControls;
use super::runner::{RunStatus, Runner};
use super::state::Nav;
use super::timeline::Timeline;

/// The program a scratchpad without `code=` starts with: serial vs gather.
pub const STARTER: &str = r#"import asyncio

async def fetch(name, seconds):
    print(f"{name}: start")
    await asyncio.sleep(seconds)
    print(f"{name}: done")
    return name

async def main():
    # one after another: 1 + 2 = 3 s
    await fetch("a", 1)
    await fetch("b", 2)
    # together: max(1, 2) = 2 s
    return await asyncio.gather(fetch("c", 1), fetch("d", 2))

asyncio.run(main())
"#;

/// The variant name of a scratchpad run.
const VARIANT: &str = "main";

/// The scratchpad page.
#[component]
pub fn ScratchPage() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let runner = expect_context::<Runner>();
    let pulse = expect_context::<Pulse>();
    let python = expect_context::<PythonRuntime>();
    let text = use_text();

    let program = Memo::new(move |_| {
        nav.link.with(|l| {
            if l.code.is_empty() {
                STARTER.to_string()
            } else {
                l.code.clone()
            }
        })
    });
    let latency = Memo::new(move |_| {
        nav.link
            .with(|l| l.latency_ms)
            .unwrap_or(DEFAULT_LATENCY_MS)
    });
    let set_latency = move |value: String| {
        if let Ok(ms) = value.trim().parse::<f64>() {
            if (0.0..=crate::link::MAX_LATENCY_MS).contains(&ms) {
                nav.update(false, |l| {
                    l.latency_ms = (ms != DEFAULT_LATENCY_MS).then_some(ms.round());
                    l.run = false;
                });
            }
        }
    };

    let run_program = move || {
        pulse.reset();
        let mode = nav.link.with_untracked(|l| l.mode);
        let source = program.get_untracked();
        let job = PythonJob {
            variant: VARIANT,
            source: source.clone(),
            entry: None,
            setup: None,
            latency_ms: nav
                .link
                .with_untracked(|l| l.latency_ms)
                .unwrap_or(DEFAULT_LATENCY_MS),
        };
        let doc = TraceDoc::new(crate::link::SCRATCH_ID, mode, json!({}), Vec::new())
            .with_runtime(Runtime::Python, Some(source));
        runner.run_python(python, doc, vec![(job, 0.0)]);
    };
    let run_now = move || {
        nav.update(false, |l| {
            l.run = true;
            if l.code.is_empty() {
                l.code = STARTER.to_string();
            }
        });
        run_program();
    };
    if nav.link.with_untracked(|l| l.run) {
        request_animation_frame(run_program);
    }

    let is_running = move || runner.status.get() == RunStatus::Running;
    let doc = Signal::derive(move || runner.doc.get());
    let current = Signal::derive(move || runner.current.get());
    let settled_doc = Signal::derive(move || if is_running() { None } else { runner.doc.get() });

    view! {
        <article class="scenario" data-testid="scenario" data-scenario="scratch">
            <header class="scenario-header">
                <h2>{move || text("scratch.title")}</h2>
                <p class="summary">{move || text("scratch.summary")}</p>
            </header>
            <div class="scenario-grid">
                <section class="code-tabs">
                    <h3>{move || text("scratch.code")}</h3>
                    <div class="code-panel scratch-panel">
                        <pre class="code" data-testid="scratch-code" tabindex="0"><code>{move || program.get()}</code></pre>
                    </div>
                </section>
                <div class="controls">
                    <RunControls on_run=Callback::new(move |()| run_now())>
                        <label class="mode-label">
                            {move || text("scratch.latency")}
                            <input
                                type="number"
                                min="0"
                                max="60000"
                                step="100"
                                data-testid="latency"
                                prop:value=move || latency.get().to_string()
                                on:change:target=move |ev| set_latency(ev.target().value())
                            />
                        </label>
                    </RunControls>
                </div>
            </div>
            <ProgramErrorView />
            <Timeline variant_label=Callback::new(|variant: String| variant) speedup=None doc current />
            <Console doc current />
            <ExportPanel doc=settled_doc />
        </article>
    }
}
