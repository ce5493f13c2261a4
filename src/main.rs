//! Browser entry point: panic hook and mount. The host build has nothing to
//! run; `cargo test` exercises the library instead.
#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(async_playground::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
