//! Python | JavaScript | Rust, side by side in tabs. The HTML was highlighted
//! at build time; only the parameter values are filled in here.
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::engine::Runtime;
use crate::scenarios::{listing, Params, Scenario};

use super::code_editor::CodeEditor;
use super::i18n::use_text;
use super::runner::Runner;
use super::state::Nav;

const PYTHON_TAB: usize = 0;
const JS_TAB: usize = 1;
const RUST_TAB: usize = 2;
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
    /// Runs the scenario (Ctrl/Cmd+Enter in the editor).
    on_run: Callback<()>,
    /// A line of the edited program to put the cursor on.
    go_to: Signal<Option<u32>>,
) -> impl IntoView {
    let text = use_text();
    let nav = expect_context::<Nav>();
    let runner = expect_context::<Runner>();
    let variant = scenario.variants.first().copied().unwrap_or("");
    // An edited program is JavaScript when the page runs JavaScript, else
    // Python: the tab it is edited in.
    let is_js = Memo::new(move |_| nav.link.with(|l| l.runtime == Runtime::Js));
    let edited_tab = move || if is_js.get() { JS_TAB } else { PYTHON_TAB };
    // The guide's listing of the edited language with the current
    // parameters, as plain text.
    let guide_program = move |tab: usize| {
        listing::source(scenario.id, TABS[tab].1)
            .map(|src| listing::fill(&src, &params.get(), variant))
            .unwrap_or_default()
    };
    let edited = Memo::new(move |_| nav.link.with(|l| l.code.clone()));
    // A memo: the editor is built when editing starts, not at every keystroke.
    let is_editing = Memo::new(move |_| edited.with(Option::is_some));
    let is_changed = move || {
        edited.with(|e| {
            e.as_ref()
                .is_some_and(|code| *code != guide_program(edited_tab()))
        })
    };
    // Editing runs the program in CPython or in JavaScript: the engine runs
    // only the guide's.
    let start_editing = move |tab: usize| {
        let program = guide_program(tab);
        runner.stop();
        // A history entry: Back returns to the guide's code.
        nav.update(true, |l| {
            l.code = Some(program);
            l.runtime = if tab == JS_TAB {
                Runtime::Js
            } else {
                Runtime::Python
            };
            l.run = false;
        });
    };
    let reset = move |_| {
        runner.stop();
        nav.update(true, |l| {
            l.code = None;
            l.run = false;
        });
    };
    let edit_program = move |text: String| {
        nav.update(false, |l| {
            l.code = Some(text);
            l.run = false;
        });
    };
    let error_line = Signal::derive(move || {
        runner
            .program_error
            .with(|e| e.as_ref().and_then(|e| e.line()))
    });
    // The JavaScript tab first when the page runs JavaScript.
    let (selected, set_selected) = signal(if is_js.get_untracked() {
        JS_TAB
    } else {
        PYTHON_TAB
    });
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
                <div class="code-note-row">
                    <p class="code-note">
                        {move || if selected.get() == edited_tab() && is_editing.get() {
                            text(if is_js.get() { "code.note.edited_js" } else { "code.note.edited" })
                        } else {
                            text(&format!("code.note.{}", TABS[selected.get()].0))
                        }}
                    </p>
                    {move || (selected.get() != RUST_TAB && (!is_editing.get() || selected.get() == edited_tab())).then(|| view! {
                        <span class="edit-actions">
                            {move || is_changed().then(|| view! { <span class="edited-marker" data-testid="edited-marker">{text("editor.edited")}</span> })}
                            {move || if is_editing.get() {
                                view! { <button type="button" data-testid="reset-code" on:click=reset>{text("editor.reset")}</button> }.into_any()
                            } else {
                                view! { <button type="button" data-testid="edit-code" on:click=move |_| start_editing(selected.get_untracked())>{text("editor.edit")}</button> }.into_any()
                            }}
                        </span>
                    })}
                </div>
                {move || if selected.get() == edited_tab() && is_editing.get() {
                    view! {
                        <div data-testid="scenario-editor" data-code=move || edited.get().unwrap_or_default()>
                            <CodeEditor
                                code=Signal::derive(move || edited.get().unwrap_or_default())
                                on_change=Callback::new(edit_program)
                                on_run
                                error_line
                                go_to
                                javascript=is_js.get_untracked()
                            />
                        </div>
                    }
                    .into_any()
                } else {
                    view! { <pre class="code" tabindex="0"><code data-testid="code" inner_html=html></code></pre> }.into_any()
                }}
            </div>
        </section>
    }
}
