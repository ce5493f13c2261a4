//! The controls every runnable page shares: the clock (real or virtual),
//! whatever the page adds (the runtime, the latency), Run, Stop, Copy link,
//! the run's status, CPython's loading and the heartbeat.
use leptos::prelude::*;

use crate::engine::Mode;

use super::dom;
use super::heartbeat::Heartbeat;
use super::i18n::use_text;
use super::python_status::PythonLoading;
use super::runner::{RunStatus, Runner};
use super::state::Nav;

/// Mode, Run / Stop / Copy link, status and heartbeat.
#[component]
pub fn RunControls(
    /// Starts a run (the page's own: a scenario, a program).
    on_run: Callback<()>,
    /// What the running variant has done so far, after the status.
    #[prop(optional, into)]
    progress: Option<Signal<Option<String>>>,
    /// Extra settings between the mode and the buttons.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let runner = expect_context::<Runner>();
    let text = use_text();

    let mode = Memo::new(move |_| nav.link.with(|l| l.mode));
    let set_mode = move |value: String| {
        runner.stop();
        nav.update(false, |l| {
            l.mode = if value == "virtual" {
                Mode::Virtual
            } else {
                Mode::Real
            };
            l.run = false;
        });
    };
    let is_running = move || runner.status.get() == RunStatus::Running;
    let has_run = move || runner.status.get() != RunStatus::Idle;
    // A program that ended in an exception ran to its end, but "done" in
    // green beside its traceback would read as success.
    let failed = move || {
        runner.status.get() == RunStatus::Done && runner.program_error.with(Option::is_some)
    };
    let progress = move || progress.and_then(|p| p.get());

    view! {
        <div class="run-controls">
            <label class="mode-label">
                {move || text("mode.label")}
                <select
                    data-testid="mode"
                    prop:value=move || mode.get().as_str()
                    on:change:target=move |ev| set_mode(ev.target().value())
                >
                    <option value="real">{move || text("mode.real")}</option>
                    <option value="virtual">{move || text("mode.virtual")}</option>
                </select>
            </label>
            {children.map(|c| c())}
            <div class="button-row">
                <button type="button" class="primary" data-testid="run" on:click=move |_| on_run.run(())>
                    {move || if has_run() { text("run.again") } else { text("run.button") }}
                </button>
                <button type="button" data-testid="stop" disabled=move || !is_running() on:click=move |_| runner.stop()>
                    {move || text("run.stop")}
                </button>
                <CopyLink />
                <CopyEmbed />
            </div>
            <p class="run-status" data-testid="run-status" data-state=move || runner.status.get().as_str() data-failed=move || failed().then_some("true") data-run-count=move || runner.started.get() role="status">
                {move || if failed() { text("status.failed") } else { text(&format!("status.{}", runner.status.get().as_str())) }}
                {move || progress().map(|p| view! { <span class="progress">" — " {p}</span> })}
            </p>
            {move || runner.error.get().map(|why| view! { <p class="error-text" data-testid="run-error" role="alert">{text("run.refused")} " " {why}</p> })}
            {move || {
                let fallbacks = runner.io_fallbacks.get();
                (!fallbacks.is_empty()).then(|| view! {
                    <p class="notice" data-testid="real-io-fallback" role="status">
                        {text("run.real_io_fallback")} " (" {fallbacks.join("; ")} ")"
                    </p>
                })
            }}
            <PythonLoading />
            <Heartbeat />
            <p class="mode-hint muted">{move || text(&format!("mode.hint.{}", mode.get().as_str()))}</p>
        </div>
    }
}

/// Copies the link of exactly this state, and says so.
#[component]
pub fn CopyLink() -> impl IntoView {
    let nav = expect_context::<Nav>();
    view! {
        <CopyButton
            label="link.copy"
            testids=("copy-link", "copy-note", "manual-link")
            text_to_copy=Callback::new(move |()| nav.share_url())
        />
    }
}

/// Copies an `<iframe>` snippet that embeds exactly this state.
#[component]
fn CopyEmbed() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let snippet = move |()| {
        format!(
            "<iframe src=\"{}\" title=\"Async Playground\" width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\"></iframe>",
            nav.url_with_embed(true).replace('&', "&amp;")
        )
    };
    view! {
        <CopyButton
            label="embed.copy"
            class="copy-embed"
            testids=("copy-embed", "embed-note", "manual-embed")
            text_to_copy=Callback::new(snippet)
        />
    }
}

/// A button that copies a text to the clipboard and says so; where the
/// browser refuses, the text is shown in a field to copy by hand.
#[component]
fn CopyButton(
    /// The button's text key.
    label: &'static str,
    /// Test hooks: (button, note, manual field).
    testids: (&'static str, &'static str, &'static str),
    /// What to copy, made when the button is pressed.
    text_to_copy: Callback<(), String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let text = use_text();
    let (note, set_note) = signal(None::<Result<(), String>>);
    let (button_id, note_id, manual_id) = testids;
    let copy = move |_| {
        let copied_text = text_to_copy.run(());
        leptos::task::spawn_local(async move {
            let copied = dom::copy_text(&copied_text).await;
            set_note.set(Some(if copied { Ok(()) } else { Err(copied_text) }));
        });
    };
    view! {
        <button type="button" class=class data-testid=button_id on:click=copy>
            {move || text(label)}
        </button>
        <span class="copy-note" role="status" data-testid=note_id>
            {move || match note.get() {
                Some(Ok(())) => text("link.copied").into_any(),
                Some(Err(shown)) => view! {
                    <label>
                        {text("link.copy_manually")}
                        <input type="text" readonly prop:value=shown data-testid=manual_id on:focus:target=move |ev| ev.target().select() />
                    </label>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </span>
    }
}
