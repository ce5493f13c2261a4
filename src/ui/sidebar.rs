//! The chapters of the guide, in its order, each with its scenarios.
use leptos::ev::MouseEvent;
use leptos::prelude::*;

use crate::link::View;
use crate::scenarios::{CATALOGUE, CHAPTERS};

use super::i18n::use_text;
use super::progress::ProgressStore;
use super::state::Nav;

/// Follows a plain click in-page; modified clicks open a new tab as usual.
fn follow(ev: &MouseEvent) -> bool {
    !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0)
}

/// The scenario list.
#[component]
pub fn Sidebar(
    /// Whether the list is open on a narrow screen.
    is_open: RwSignal<bool>,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = use_text();
    let progress = expect_context::<ProgressStore>();
    let current = Memo::new(move |_| nav.link.with(|l| l.view.id().to_string()));
    let chapters = CHAPTERS
        .iter()
        .map(|&(chapter, _)| {
            let items = CATALOGUE
                .iter()
                .filter(|s| s.chapter == chapter)
                .map(|&s| {
                    let is_current = move || current.get() == s.id;
                    view! {
                        <li>
                            <a
                                href=format!("?demo={}", s.id)
                                data-testid="sidebar-link"
                                data-scenario=s.id
                                aria-current=move || is_current().then_some("page")
                                class:current=is_current
                                on:click=move |ev: MouseEvent| {
                                    if follow(&ev) {
                                        ev.prevent_default();
                                        is_open.set(false);
                                        nav.open(View::Scenario(s));
                                    }
                                }
                            >
                                <span class="sidebar-title">{move || text(&format!("scenarios.{}.title", s.id))}</span>
                                <span class="sidebar-section">{s.section}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            let score = move || {
                let (right, asked) = progress.chapter(chapter);
                (asked > 0).then(|| view! {
                    <span
                        class="chapter-progress"
                        class:complete=right == asked
                        data-testid="chapter-progress"
                        data-chapter=chapter
                        data-right=right
                        title=text("progress.chapter")
                    >
                        <span class="visually-hidden">{text("progress.chapter")} ": "</span>
                        {format!("{right}/{asked}")}
                    </span>
                })
            };
            view! {
                <li class="chapter">
                    <h2 class="chapter-title">{move || text(&format!("chapters.{chapter}"))} " " {score}</h2>
                    <ul>{items}</ul>
                </li>
            }
        })
        .collect_view();
    let is_check = move || current.get() == crate::link::CHECK_ID;
    let is_scratch = move || current.get() == crate::link::SCRATCH_ID;
    view! {
        <nav class="sidebar" class:open=move || is_open.get() id="sidebar" data-testid="sidebar" aria-label=move || text("sidebar.label")>
            <ol class="chapters">{chapters}</ol>
            <p class="sidebar-check">
                <a
                    href="?demo=scratch"
                    data-testid="scratch-link"
                    aria-current=move || is_scratch().then_some("page")
                    class:current=is_scratch
                    on:click=move |ev: MouseEvent| {
                        if follow(&ev) {
                            ev.prevent_default();
                            is_open.set(false);
                            nav.open(View::Scratch);
                        }
                    }
                >
                    {move || text("scratch.nav")}
                </a>
            </p>
            <p class="sidebar-check">
                <a
                    href="?demo=check"
                    data-testid="check-link"
                    aria-current=move || is_check().then_some("page")
                    class:current=is_check
                    on:click=move |ev: MouseEvent| {
                        if follow(&ev) {
                            ev.prevent_default();
                            is_open.set(false);
                            nav.open(View::Check);
                        }
                    }
                >
                    {move || text("check.title")}
                </a>
            </p>
            <p class="sidebar-progress">
                <button
                    type="button"
                    class="link-button"
                    data-testid="progress-reset"
                    disabled=move || progress.is_empty()
                    on:click=move |_| progress.reset()
                >
                    {move || text("progress.reset")}
                </button>
            </p>
            // Which Python the page's semantics follow, and where the guide's
            // advice changed since it was written.
            <p class="version-note" data-testid="version-note">{move || text("version.note")}</p>
        </nav>
    }
}
