//! `?demo=scratch`: a program of the learner's own, carried whole in the
//! link (`code=`), run in CPython and drawn like any scenario. Until the
//! editor lands the program is shown read-only.
use leptos::prelude::*;
use serde_json::json;

use crate::engine::{Runtime, TraceDoc};
use crate::runtimes::python::PythonRuntime;
use crate::runtimes::ProgramRuntime;
use crate::scenarios::{ProgramJob, DEFAULT_LATENCY_MS};

use super::code_editor::CodeEditor;
use super::console::Console;
use super::export_panel::ExportPanel;
use super::heartbeat::Pulse;
use super::i18n::use_text;
use super::prediction::Mark;
use super::python_status::ProgramErrorView;
use super::run_controls::RunControls;
use super::runner::{RunStatus, Runner};
use super::state::Nav;
use super::step_view::StepView;
use super::timeline::Timeline;

/// Programs to start from, picked in the scratchpad's menu: the guide's
/// ideas in a few lines each. (id, name in the menu, program).
pub const STARTERS: &[(&str, &str, &str)] = &[
    (
        "serial-vs-gather",
        "serial vs gather",
        r#"import asyncio

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
"#,
    ),
    (
        "create-task",
        "create_task",
        r#"import asyncio

async def tick(name, every, times):
    for i in range(times):
        await asyncio.sleep(every)
        print(f"{name} tick {i}")

async def main():
    task = asyncio.create_task(tick("background", 0.5, 4))
    print("main goes on while the task runs")
    await asyncio.sleep(1)
    print("main waits for the task")
    await task

asyncio.run(main())
"#,
    ),
    (
        "semaphore",
        "Semaphore",
        r#"import asyncio

async def fetch(i, sem):
    async with sem:  # at most 3 inside at once
        await asyncio.sleep(0.5)
        return i

async def main():
    sem = asyncio.Semaphore(3)
    results = await asyncio.gather(*(fetch(i, sem) for i in range(9)))
    print(results)

asyncio.run(main())
"#,
    ),
    (
        "lock",
        "Lock",
        r#"import asyncio

counter = 0
lock = asyncio.Lock()

async def increment():
    global counter
    async with lock:
        value = counter
        await asyncio.sleep(0.1)
        counter = value + 1

async def main():
    await asyncio.gather(*(increment() for _ in range(5)))
    print(f"counter = {counter}")

asyncio.run(main())
"#,
    ),
    (
        "timeout",
        "timeout",
        r#"import asyncio

async def slow():
    await asyncio.sleep(3)
    return "finished"

async def main():
    try:
        async with asyncio.timeout(1):
            return await slow()
    except TimeoutError:
        print("gave up after 1 s")

asyncio.run(main())
"#,
    ),
    (
        "task-group",
        "TaskGroup",
        r#"import asyncio

async def job(n):
    await asyncio.sleep(n / 2)
    if n == 3:
        raise ValueError(f"job {n} failed")
    print(f"job {n} done")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            for n in range(1, 5):
                tg.create_task(job(n))
    except* ValueError as errors:
        print(f"the group cancelled the rest: {errors.exceptions}")

asyncio.run(main())
"#,
    ),
];

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

    let program = Memo::new(move |_| nav.link.with(|l| l.code.clone().unwrap_or_default()));
    let edit_program = move |text: String| {
        nav.update(false, |l| {
            l.code = Some(text);
            l.run = false;
        });
    };
    let pick_starter = move |id: String| {
        if let Some((_, _, program)) = STARTERS.iter().find(|(s, _, _)| *s == id) {
            runner.stop();
            nav.update(false, |l| {
                l.code = Some(program.to_string());
                l.run = false;
            });
        }
    };
    // Clicking a lane puts the cursor on its coroutine's definition.
    let go_to = RwSignal::new(None::<u32>);
    let show_definition = move |name: String| {
        if let Some(line) = crate::runtimes::definition_line(&program.get_untracked(), &name) {
            go_to.set(Some(line));
        }
    };
    let error_line = Signal::derive(move || {
        runner
            .program_error
            .with(|e| e.as_ref().and_then(|e| e.line()))
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
        let job = ProgramJob {
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
        runner.run_program(ProgramRuntime::Python(python), doc, vec![(job, 0.0)]);
    };
    let run_now = move || {
        nav.update(false, |l| {
            l.run = true;
            l.code.get_or_insert_with(String::new);
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
    let cursor = RwSignal::new(None::<Mark>);
    let clicked = RwSignal::new(None::<(String, f64)>);

    view! {
        <article class="scenario" data-testid="scenario" data-scenario="scratch">
            <header class="scenario-header">
                <h2>{move || text("scratch.title")}</h2>
                <p class="summary">{move || text("scratch.summary")}</p>
            </header>
            <div class="scenario-grid">
                <section class="code-tabs">
                    <h3>{move || text("scratch.code")}</h3>
                    <label class="mode-label">
                        {move || text("scratch.starter")}
                        <select data-testid="starter" on:change:target=move |ev| pick_starter(ev.target().value())>
                            <option value="">"—"</option>
                            {STARTERS.iter().map(|(id, name, _)| view! { <option value=*id>{*name}</option> }).collect_view()}
                        </select>
                    </label>
                    <div class="code-panel scratch-panel" data-testid="scratch-code" data-code=move || program.get()>
                        <CodeEditor
                            code=Signal::derive(move || program.get())
                            on_change=Callback::new(edit_program)
                            on_run=Callback::new(move |()| run_now())
                            error_line
                            go_to=go_to.into()
                            placeholder=untrack(|| text("scratch.placeholder"))
                        />
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
            <Timeline
                variant_label=Callback::new(|variant: String| variant)
                speedup=None
                doc
                current
                on_lane_click=Callback::new(show_definition)
                marks=Signal::derive(move || cursor.get().into_iter().collect::<Vec<_>>())
                on_time_click=Callback::new(move |at| clicked.set(Some(at)))
            />
            <StepView
                doc=settled_doc
                source=Callback::new(move |_: String| Some(program.get_untracked()))
                cursor
                clicked
            />
            <Console doc current variant_label=Callback::new(|variant: String| variant) />
            <ExportPanel doc=settled_doc />
        </article>
    }
}
