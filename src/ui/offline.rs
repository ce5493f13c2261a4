//! Offline: the service worker (`js/sw.js`) keeps the app shell, and
//! Pyodide once loaded, so the page works without a network after one
//! visit. When a new version has been downloaded, a small notice says so
//! (it is used on the next visit, or now on request).
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::i18n::use_text;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = registerOffline)]
    fn register_offline(on_update: &Closure<dyn FnMut()>) -> bool;
    #[wasm_bindgen(js_name = useNewVersion)]
    fn use_new_version();
}

/// Registers the service worker after the first paint, and shows the
/// notice when a new version waits.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let text = use_text();
    let ready = RwSignal::new(false);
    request_animation_frame(move || {
        let on_update = Closure::<dyn FnMut()>::new(move || ready.set(true));
        register_offline(&on_update);
        // Called whenever a new version is found, for the page's lifetime.
        on_update.forget();
    });
    move || {
        ready.get().then(|| {
            view! {
                <div class="update-notice" data-testid="update-notice" role="status">
                    <span>{text("offline.updated")}</span>
                    <button type="button" data-testid="update-reload" on:click=move |_| use_new_version()>
                        {text("offline.reload")}
                    </button>
                </div>
            }
        })
    }
}
