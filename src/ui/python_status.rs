//! What the page says about CPython: its loading progress (bytes fetched,
//! then "starting Python"), and the error a program ended with.
use leptos::prelude::*;

use crate::runtimes::python::{Loading, PythonRuntime};

use super::i18n::use_text;
use super::runner::Runner;

/// The loading bar, shown from the first Python run until CPython is ready.
#[component]
pub fn PythonLoading() -> impl IntoView {
    let python = expect_context::<PythonRuntime>();
    let text = use_text();
    move || {
        let (label, value, max) = match python.loading.get() {
            Loading::Idle => return ().into_any(),
            Loading::Ready(version) => {
                return view! {
                    <p class="python-ready muted" data-testid="python-ready" data-version=version.clone()>
                        {format!("CPython {version} · {}", text("python.ready"))}
                    </p>
                }
                .into_any()
            }
            Loading::Failed(why) => {
                return view! { <p class="error-text" data-testid="python-failed" role="alert">{why}</p> }.into_any()
            }
            Loading::Download { loaded, total } => (
                format!(
                    "{} {:.1} / {:.1} MB",
                    text("python.downloading"),
                    loaded / 1e6,
                    total.max(loaded) / 1e6
                ),
                loaded,
                total.max(loaded).max(1.0),
            ),
            Loading::Starting => (text("python.starting"), 1.0, 1.0),
        };
        view! {
            <div class="python-loading" data-testid="python-loading" role="status">
                <progress max=max value=value aria-label=text("python.loading")></progress>
                <span>{label}</span>
            </div>
        }
        .into_any()
    }
}

/// The exception (or budget) a CPython run ended with, and its traceback.
#[component]
pub fn ProgramErrorView() -> impl IntoView {
    let runner = expect_context::<Runner>();
    let text = use_text();
    move || {
        runner.program_error.get().map(|error| {
            let kind = error
                .halted
                .clone()
                .unwrap_or_else(|| if error.syntax.is_some() { "syntax".into() } else { "exception".into() });
            let lines = error.traceback.join("\n");
            let at = error
                .syntax
                .as_ref()
                .map(|s| format!(" ({} {}, {} {})", text("program.line"), s.line, text("program.column"), s.column));
            view! {
                <div class="program-error" data-testid="program-error" data-kind=kind role="alert">
                    <p><strong>{text("program.error")}</strong> " " <code>{error.message.clone()}</code> {at}</p>
                    {(!lines.is_empty()).then(|| view! { <pre class="traceback">{lines}</pre> })}
                </div>
            }
        })
    }
}
