//! The export panel: the last run as trace JSON (shown and downloadable), as
//! a Chrome trace for Perfetto, and as a standalone SVG.
use leptos::prelude::*;

use crate::engine::TraceDoc;
use crate::export;

use super::dom;
use super::i18n::use_text;

/// Width of the exported SVG picture.
const SVG_WIDTH_PX: u32 = 1200;

/// Above this many tasks the JSON is made only when asked for: it runs to
/// megabytes and would hold up the first paint of the timeline.
const EAGER_JSON_TASKS: usize = 2_000;

/// Downloads and the JSON of the last run.
#[component]
pub fn ExportPanel(
    /// The last run's document.
    doc: Signal<Option<TraceDoc>>,
) -> impl IntoView {
    let text = use_text();
    let (is_wanted, set_wanted) = signal(false);
    let json = Memo::new(move |_| {
        doc.with(|d| {
            let d = d.as_ref()?;
            let tasks: usize = d.runs.iter().map(|r| r.tasks.len()).sum();
            (tasks <= EAGER_JSON_TASKS || is_wanted.get()).then(|| export::to_json(d))
        })
    });
    let file_stem = move || {
        doc.with_untracked(|d| {
            d.as_ref()
                .map(|d| format!("{}-{}", d.scenario, d.mode.as_str()))
                .unwrap_or_else(|| "trace".into())
        })
    };
    let download_json = move |_| {
        let json = json
            .get_untracked()
            .or_else(|| doc.with_untracked(|d| d.as_ref().map(export::to_json)));
        if let Some(json) = json {
            dom::download(&format!("{}.json", file_stem()), "application/json", &json);
        }
    };
    let download_chrome = move |_| {
        if let Some(doc) = doc.get_untracked() {
            let trace = export::to_chrome_trace(&doc);
            dom::download(
                &format!("{}.chrome-trace.json", file_stem()),
                "application/json",
                &trace,
            );
        }
    };
    let download_svg = move |_| {
        if let Some(doc) = doc.get_untracked() {
            let svg = export::to_svg(&doc, SVG_WIDTH_PX);
            dom::download(&format!("{}.svg", file_stem()), "image/svg+xml", &svg);
        }
    };
    let empty = move || doc.with(|d| d.is_none());
    view! {
        <section class="export-panel" data-testid="export-panel">
            <h3>{move || text("export.title")}</h3>
            <div class="button-row">
                <button type="button" data-testid="download-json" disabled=empty on:click=download_json>
                    {move || text("export.json")}
                </button>
                <button type="button" data-testid="download-chrome" disabled=empty on:click=download_chrome>
                    {move || text("export.chrome")}
                </button>
                <button type="button" data-testid="download-svg" disabled=empty on:click=download_svg>
                    {move || text("export.svg")}
                </button>
            </div>
            <details
                class="trace-json-box"
                on:toggle:target=move |ev| {
                    if ev.target().open() {
                        set_wanted.set(true);
                    }
                }
            >
                <summary>{move || text("export.show_json")}</summary>
                <pre class="trace-json" data-testid="trace-json" tabindex="0">{move || json.get().unwrap_or_default()}</pre>
            </details>
        </section>
    }
}
