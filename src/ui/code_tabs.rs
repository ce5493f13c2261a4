//! Python | JavaScript | Rust, side by side in tabs. The HTML was highlighted
//! at build time; only the parameter values are filled in here.
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::scenarios::{listing, Params, Scenario};

use super::i18n::use_text;

const TABS: [(&str, &str); 3] = [
    ("python", "example.py"),
    ("javascript", "example.js"),
    ("rust", "run.rs"),
];

/// The three listings of a scenario, filled with the current parameters.
#[component]
pub fn CodeTabs(
    /// The scenario whose listings to show.
    scenario: &'static Scenario,
    /// The parameters the listings show.
    params: Signal<Params>,
) -> impl IntoView {
    let text = use_text();
    let (selected, set_selected) = signal(0usize);
    let tab_id = move |i: usize| format!("tab-{}-{}", scenario.id, TABS[i].0);
    let panel_id = format!("panel-{}", scenario.id);
    let html = move || {
        let (_, file) = TABS[selected.get()];
        let variant = scenario.variants.first().copied().unwrap_or("");
        listing::highlighted_filled(scenario.id, file, &params.get(), variant).unwrap_or_default()
    };
    // Arrow keys move between tabs, as the ARIA tabs pattern expects.
    let on_keydown = move |ev: KeyboardEvent| {
        let current = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % TABS.len(),
            "ArrowLeft" => (current + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        set_selected.set(next);
        if let Some(tab) = document().get_element_by_id(&tab_id(next)) {
            if let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab) {
                let _ = tab.focus();
            }
        }
    };
    let panel_for_tabs = panel_id.clone();
    view! {
        <section class="code-tabs" data-testid="code-tabs">
            <div class="tablist" role="tablist" aria-label=move || text("code.tabs") on:keydown=on_keydown>
                {TABS
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| {
                        let panel = panel_for_tabs.clone();
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=tab_id(i)
                                data-testid=format!("tab-{name}")
                                aria-selected=move || (selected.get() == i).to_string()
                                aria-controls=panel
                                tabindex=move || if selected.get() == i { "0" } else { "-1" }
                                on:click=move |_| set_selected.set(i)
                            >
                                {move || text(&format!("code.{name}"))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div
                class="code-panel"
                role="tabpanel"
                id=panel_id
                aria-labelledby=move || tab_id(selected.get())
            >
                <p class="code-note">{move || text(&format!("code.note.{}", TABS[selected.get()].0))}</p>
                <pre class="code" tabindex="0"><code data-testid="code" inner_html=html></code></pre>
            </div>
        </section>
    }
}
