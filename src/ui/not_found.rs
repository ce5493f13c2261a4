//! An unknown scenario id: say so, and list every scenario.
use leptos::prelude::*;

use crate::link::View;
use crate::scenarios::CATALOGUE;

use super::i18n::use_text;
use super::state::Nav;

/// The view for `?demo=<unknown>`.
#[component]
pub fn NotFound(
    /// The id from the link (shown as text, never as HTML).
    id: String,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = use_text();
    let links = CATALOGUE
        .iter()
        .map(|&s| {
            view! {
                <li>
                    <a
                        href=format!("?demo={}", s.id)
                        on:click=move |ev| {
                            ev.prevent_default();
                            nav.open(View::Scenario(s));
                        }
                    >
                        {move || text(&format!("scenarios.{}.title", s.id))}
                    </a>
                    " " <code>{s.id}</code>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="not-found" data-testid="not-found">
            <h2>{move || text("notfound.title")}</h2>
            <p>{move || text("notfound.text")} " " <code data-testid="not-found-id">{id.clone()}</code></p>
            <ul>{links}</ul>
        </section>
    }
}
