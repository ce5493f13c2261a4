//! A code editor (CodeMirror 6, loaded on demand from `runtime/editor.js`)
//! bound to a text signal: what the learner types flows out through
//! `on_change`, and a text set from outside (Reset, Back/Forward, a starter)
//! flows in. Ctrl/Cmd+Enter runs; Escape leaves the editor.
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::i18n::use_text;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    fn editor_mount(
        parent: &web_sys::HtmlElement,
        doc: &str,
        on_change: &Closure<dyn FnMut(String)>,
        on_run: &Closure<dyn FnMut()>,
        label: &str,
        placeholder: &str,
        language: &str,
    ) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    /// What `js/editor.mjs`'s `mount` returns.
    type EditorHandle;
    #[wasm_bindgen(method)]
    fn set(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method)]
    fn mark_error(this: &EditorHandle, line: u32);
    #[wasm_bindgen(method)]
    fn go_to_line(this: &EditorHandle, line: u32);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// The editor and the closures it calls, alive as long as the component.
struct Mounted {
    handle: EditorHandle,
    _on_change: Closure<dyn FnMut(String)>,
    _on_run: Closure<dyn FnMut()>,
}

/// A Python (or JavaScript) editor.
#[component]
pub fn CodeEditor(
    /// The program; the editor follows it when it changes from outside.
    code: Signal<String>,
    /// Every edit, with the whole text.
    on_change: Callback<String>,
    /// Ctrl/Cmd+Enter.
    on_run: Callback<()>,
    /// The line to mark as where the program failed.
    error_line: Signal<Option<u32>>,
    /// A line to put the cursor on (a lane's coroutine was clicked).
    #[prop(optional)]
    go_to: Option<Signal<Option<u32>>>,
    /// What an empty editor says.
    #[prop(optional, into)]
    placeholder: String,
    /// `python` (the default) or `javascript`.
    #[prop(optional)]
    javascript: bool,
) -> impl IntoView {
    let text = use_text();
    let host = NodeRef::<Div>::new();
    let mounted = StoredValue::new_local(None::<Mounted>);
    let is_ready = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);

    Effect::new(move |_| {
        let Some(el) = host.get() else {
            return;
        };
        if mounted.with_value(Option::is_some) {
            return;
        }
        let on_change = Closure::new(move |text: String| on_change.run(text));
        let on_run = Closure::new(move || on_run.run(()));
        let label = text("editor.label");
        let promise = editor_mount(
            &el,
            &code.get_untracked(),
            &on_change,
            &on_run,
            &label,
            &placeholder,
            if javascript { "javascript" } else { "python" },
        );
        spawn_local(async move {
            match JsFuture::from(promise).await {
                Ok(handle) => {
                    mounted.set_value(Some(Mounted {
                        handle: handle.unchecked_into(),
                        _on_change: on_change,
                        _on_run: on_run,
                    }));
                    is_ready.set(true);
                }
                Err(e) => failed.set(Some(format!("{e:?}"))),
            }
        });
    });
    Effect::new(move |_| {
        let code = code.get();
        if is_ready.get() {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.handle.set(&code);
                }
            });
        }
    });
    Effect::new(move |_| {
        let line = error_line.get().unwrap_or(0);
        if is_ready.get() {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.handle.mark_error(line);
                }
            });
        }
    });
    Effect::new(move |_| {
        let line = go_to.and_then(|g| g.get());
        if let (Some(line), true) = (line, is_ready.get()) {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.handle.go_to_line(line);
                }
            });
        }
    });
    on_cleanup(move || {
        if let Some(Some(m)) = mounted.try_update_value(|m| m.take()) {
            m.handle.destroy();
        }
    });

    view! {
        <div class="editor" data-testid="editor" data-ready=move || is_ready.get().to_string()>
            {move || (!is_ready.get() && failed.get().is_none()).then(|| view! { <p class="muted">{text("editor.loading")}</p> })}
            {move || failed.get().map(|why| view! { <p class="error-text" role="alert">{why}</p> })}
            <div class="editor-host" node_ref=host></div>
        </div>
    }
}
