//! The banner that names every key of the link the page refused, why, and
//! what it uses instead. Everything from the link is shown as text.
use leptos::prelude::*;

use super::i18n::use_text;
use super::state::Nav;

/// Shown while the opened link had refused keys.
#[component]
pub fn LinkBanner() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = use_text();
    view! {
        <Show when=move || nav.refusals.with(|r| !r.is_empty())>
            <div class="link-error" data-testid="link-error" role="alert">
                <p><strong>{move || text("link.banner")}</strong></p>
                <ul>
                    {move || {
                        nav.refusals
                            .get()
                            .into_iter()
                            .map(|r| {
                                let instead = if r.used_instead.is_empty() {
                                    text("link.dropped")
                                } else {
                                    format!("{} {}", text("link.using"), r.used_instead)
                                };
                                view! {
                                    <li data-testid="refusal" data-key=r.key.clone() data-reason=r.reason.code()>
                                        <code>{format!("{}={}", r.key, r.value)}</code>
                                        ": " {text(&format!("link.reason.{}", r.reason.code()))}
                                        " (" {r.detail} ") — " {instead}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button type="button" class="secondary" on:click=move |_| nav.refusals.set(Vec::new())>
                    {move || text("link.dismiss")}
                </button>
            </div>
        </Show>
    }
}
