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
            <p class="run-status" data-testid="run-status" data-state=move || runner.status.get().as_str() data-run-count=move || runner.started.get() role="status">
                {move || text(&format!("status.{}", runner.status.get().as_str()))}
                {move || progress().map(|p| view! { <span class="progress">" — " {p}</span> })}
            </p>
            {move || runner.error.get().map(|why| view! { <p class="error-text" data-testid="run-error" role="alert">{text("run.refused")} " " {why}</p> })}
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
    let text = use_text();
    let (note, set_note) = signal(None::<Result<(), String>>);
    let copy_link = move |_| {
        let url = nav.share_url();
        leptos::task::spawn_local(async move {
            let copied = dom::copy_text(&url).await;
            set_note.set(Some(if copied { Ok(()) } else { Err(url) }));
        });
    };
    view! {
        <button type="button" data-testid="copy-link" on:click=copy_link>
            {move || text("link.copy")}
        </button>
        <span class="copy-note" role="status" data-testid="copy-note">
            {move || match note.get() {
                Some(Ok(())) => text("link.copied").into_any(),
                Some(Err(url)) => view! {
                    <label>
                        {text("link.copy_manually")}
                        <input type="text" readonly prop:value=url data-testid="manual-link" on:focus:target=move |ev| ev.target().select() />
                    </label>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </span>
    }
}

/// Copies an `<iframe>` snippet that embeds exactly this state.
#[component]
fn CopyEmbed() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = use_text();
    let (note, set_note) = signal(None::<Result<(), String>>);
    let copy_embed = move |_| {
        let snippet = format!(
            "<iframe src=\"{}\" title=\"Async Playground\" width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\"></iframe>",
            nav.url_with_embed(true).replace('&', "&amp;")
        );
        leptos::task::spawn_local(async move {
            let copied = dom::copy_text(&snippet).await;
            set_note.set(Some(if copied { Ok(()) } else { Err(snippet) }));
        });
    };
    view! {
        <button type="button" class="copy-embed" data-testid="copy-embed" on:click=copy_embed>
            {move || text("embed.copy")}
        </button>
        <span class="copy-note" role="status" data-testid="embed-note">
            {move || match note.get() {
                Some(Ok(())) => text("link.copied").into_any(),
                Some(Err(snippet)) => view! {
                    <label>
                        {text("link.copy_manually")}
                        <input type="text" readonly prop:value=snippet data-testid="manual-embed" on:focus:target=move |ev| ev.target().select() />
                    </label>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </span>
    }
}
