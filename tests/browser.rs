#![cfg(target_arch = "wasm32")]
//! In-browser checks (headless Chromium through wasm-bindgen-test): the page
//! shell mounts, and the engine's virtual loop runs on wasm32 as on the host.
use async_playground::engine::{Coro, EventLoop};
use async_playground::ui::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element appended to the body, so tests never share DOM.
fn fresh_root() -> web_sys::HtmlElement {
    let document = document();
    let root = document.create_element("div").expect("create a test root");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("append the test root");
    root.unchecked_into()
}

#[wasm_bindgen_test]
async fn app_shell_has_header_and_sidebar() {
    let root = fresh_root();
    let _handle = mount_to(root.clone(), App);
    tick().await;

    let header = root.query_selector("header").unwrap().expect("a <header>");
    assert!(header
        .text_content()
        .unwrap_or_default()
        .contains("Async Playground"));

    let sidebar = root
        .query_selector("nav[data-testid=sidebar]")
        .unwrap()
        .expect("a <nav data-testid=sidebar>");
    assert_eq!(sidebar.tag_name().to_lowercase(), "nav");
    assert!(root.query_selector("main").unwrap().is_some(), "a <main>");
}

#[wasm_bindgen_test]
fn virtual_loop_runs_a_coroutine_in_the_browser() {
    let lp = EventLoop::new_virtual();
    let inner = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        inner.print("Hello");
        inner.sleep(250.0).await?;
        inner.print("World");
        Ok(Value::Null)
    }));
    lp.run_virtual();

    let trace = lp.trace("browser", 250.0);
    assert_eq!(trace.total_ms, 250.0);
    let texts: Vec<&str> = trace.output.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(texts, ["Hello", "World"]);
}
