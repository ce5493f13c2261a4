//! Leptos components only: the page shell for now. The sidebar and the
//! scenario pages arrive with the scenarios; nothing here runs the engine.
use leptos::prelude::*;

/// The whole page: a header with the name, the scenario sidebar and the main
/// area where a scenario's page is drawn.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="shell">
            <header class="shell-header" data-testid="header">
                <h1 class="shell-title">"Async Playground"</h1>
            </header>
            <nav class="sidebar" data-testid="sidebar" aria-label="Scenarios">
                <p class="sidebar-empty">"No scenarios yet."</p>
            </nav>
            <main class="content" data-testid="content">
                <p>"Pick a scenario to run it and see its timeline."</p>
            </main>
        </div>
    }
}
