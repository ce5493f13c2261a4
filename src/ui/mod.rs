//! Leptos components only. Data flows one way: the link (state.rs) picks a
//! view and its parameters, the runner turns them into traces, and the
//! components draw the traces. Nothing here names a particular scenario.
mod check_view;
mod code_editor;
mod code_tabs;
mod console;
pub mod dom;
mod export_panel;
mod heartbeat;
mod i18n;
mod javascript_compare;
mod link_banner;
mod not_found;
mod offline;
mod params_form;
mod pin;
mod prediction;
mod progress;
mod python_status;
mod run_controls;
mod runner;
mod scenario_page;
mod scratch_page;
mod sidebar;
mod state;
mod step_view;
mod timeline;

use leptos::prelude::*;

use crate::lang::Lang;
use crate::link::View;

use check_view::CheckView;
use heartbeat::Pulse;
use i18n::{use_text, PageLang};
use link_banner::LinkBanner;
use not_found::NotFound;
use runner::Runner;
use scenario_page::ScenarioPage;
use scratch_page::ScratchPage;
use sidebar::Sidebar;
use state::Nav;

/// The whole page: header, the guide's chapters, and the current view.
#[component]
pub fn App() -> impl IntoView {
    let nav = Nav::from_location();
    provide_context(nav);
    let browser_lang = Lang::from_browser(&dom::browser_language());
    let lang = Memo::new(move |_| nav.link.with(|l| l.lang).unwrap_or(browser_lang));
    provide_context(PageLang(lang));
    provide_context(Pulse::start());
    provide_context(progress::ProgressStore::load());
    provide_context(crate::runtimes::python::PythonRuntime::new());
    let runner = Runner::new();
    provide_context(runner);
    let text = use_text();

    let view = Memo::new(move |_| nav.link.with(|l| l.view.clone()));
    // Opening another view forgets the last run (and stops it, if live).
    Effect::new(move |previous: Option<View>| {
        let current = view.get();
        if previous.is_some_and(|p| p != current) {
            runner.reset();
        }
        current
    });
    Effect::new(move |_| {
        dom::set_document_lang(lang.get().code());
        document().set_title(&text("app.title"));
    });

    let menu_open = RwSignal::new(false);
    let menu_toggle = NodeRef::<leptos::html::Button>::new();
    // Escape closes the open menu (a phone's sidebar covers the page) and
    // gives the focus back to the button that opened it.
    let close_menu_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = menu_toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    let set_lang = move |code: String| {
        if let Some(lang) = Lang::parse(&code) {
            nav.update(false, |l| l.lang = Some(lang));
        }
    };

    let is_embed = Memo::new(move |_| nav.link.with(|l| l.embed));

    view! {
        <div class="shell" class:embed=move || is_embed.get() data-embed=move || is_embed.get().to_string() on:keydown=close_menu_on_escape>
            <a class="skip-link" href="#content">{move || text("app.skip")}</a>
            <header class="shell-header" data-testid="header">
                <button
                    type="button"
                    class="menu-toggle"
                    data-testid="menu-toggle"
                    node_ref=menu_toggle
                    aria-controls="sidebar"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    "☰ " {move || text("app.menu")}
                </button>
                <div class="brand">
                    <h1 class="shell-title">"Async Playground"</h1>
                    <p class="tagline">{move || text("app.tagline")}</p>
                </div>
                <label class="lang-switch">
                    <span class="visually-hidden">{move || text("app.lang_label")}</span>
                    <select data-testid="lang" prop:value=move || lang.get().code() on:change:target=move |ev| set_lang(ev.target().value())>
                        <option value="zh">"中文"</option>
                        <option value="en">"English"</option>
                    </select>
                </label>
            </header>
            <Sidebar is_open=menu_open />
            <main class="content" id="content" data-testid="content" tabindex="-1">
                {move || is_embed.get().then(|| view! {
                    <a class="embed-open" data-testid="embed-open" href=nav.url_with_embed(false) target="_blank" rel="noopener">
                        {text("embed.open")}
                    </a>
                })}
                <offline::UpdateNotice />
                <LinkBanner />
                {move || match view.get() {
                    View::Scenario(scenario) => view! { <ScenarioPage scenario /> }.into_any(),
                    View::Check => view! { <CheckView /> }.into_any(),
                    View::Scratch => view! { <ScratchPage /> }.into_any(),
                    View::NotFound(id) => view! { <NotFound id /> }.into_any(),
                }}
            </main>
        </div>
    }
}
