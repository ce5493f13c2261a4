//! The timeline: every variant of a run stacked on one shared time axis, a
//! lane per task, spans coloured and patterned by state. Drawn from the same
//! layout and lane markup as the SVG export; only the lanes in view are in
//! the DOM, so 10,000 tasks scroll smoothly.
use leptos::html::Div;
use leptos::prelude::*;

use crate::engine::{SpanState, TraceDoc};
use crate::export::svg::{self, Tooltips};
use crate::format::precise_ms;
use crate::layout::{layout, pattern_defs, state_style, LayoutOptions, MarkerKind, TimelineLayout};
use crate::scenarios::speedup_of;

use super::i18n::use_text;
use super::prediction::{Mark, MarkKind};

/// Narrowest drawing: on a phone the timeline scrolls sideways in its box
/// rather than squeezing its tick labels and run titles into each other.
const MIN_WIDTH_PX: f64 = 560.0;

/// Lanes drawn beyond the visible area, so a scroll never shows a gap.
const OVERSCAN_PX: f64 = 120.0;
/// The drawn window moves in steps this tall: a scroll within a step
/// redraws nothing.
const WINDOW_STEP_PX: f64 = 240.0;

/// The visible lanes' markup, from the shared SVG writer.
fn visible_lanes(lay: &TimelineLayout, top: f64, bottom: f64) -> String {
    let mut out = String::new();
    for block in &lay.blocks {
        if block.y > bottom || block.y + block.height < top {
            continue;
        }
        // Lanes are sorted by y: skip to the first one in view.
        let first = block.lanes.partition_point(|l| l.y + l.height < top);
        for lane in block.lanes[first..].iter().take_while(|l| l.y <= bottom) {
            svg::write_lane(&mut out, lay, lane, Tooltips::DataTips);
        }
        svg::write_prints(&mut out, block, top..=bottom, Tooltips::DataTips);
    }
    out
}

/// The full name of the task whose lane an event hit (a long label is cut,
/// and then carries the whole name as its tooltip).
fn clicked_lane_name(ev: &leptos::ev::MouseEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let label = target
        .closest("g.lane")
        .ok()??
        .query_selector("text.lane-label")
        .ok()??;
    label
        .get_attribute("data-tip")
        .or_else(|| label.text_content())
}

/// Gives the element under the pointer its tooltip: the lanes carry their
/// tooltips as `data-tip` attributes (cheap to draw), and the browser shows
/// a `<title>` child, made here on the first hover.
fn show_tooltip(ev: &leptos::ev::PointerEvent) {
    use wasm_bindgen::JsCast;
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(tip) = target.get_attribute("data-tip") else {
        return;
    };
    if target
        .query_selector(":scope > title")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let Some(doc) = target.owner_document() else {
        return;
    };
    if let Ok(title) = doc.create_element_ns(Some("http://www.w3.org/2000/svg"), "title") {
        title.set_text_content(Some(&tip));
        let _ = target.append_child(&title);
    }
}

/// The radius of a mark's numbered circle, drawn just under its run block.
const MARK_R: f64 = 7.0;
/// Room below the layout for that circle under the last run block (and
/// its stroke): with less it was cut in half.
const MARK_ROOM_PX: f64 = 2.0 * MARK_R + 2.0;

/// The timeline of the current document.
#[component]
pub fn Timeline(
    /// A variant's name as the page shows it.
    variant_label: Callback<String, String>,
    /// (slow, fast): the variants whose ratio gets a badge.
    speedup: Option<(&'static str, &'static str)>,
    /// The runs to draw.
    doc: Signal<Option<TraceDoc>>,
    /// The variant running now (real mode), which gets a moving "now" line.
    current: Signal<Option<&'static str>>,
    /// A lane was clicked: the task's full name.
    #[prop(optional)]
    on_lane_click: Option<Callback<String>>,
    /// Moments to point at (what decided a prediction, the step view's
    /// cursor).
    #[prop(optional, into)]
    marks: Option<Signal<Vec<Mark>>>,
    /// A click in a run's block: (variant, the time under the pointer).
    #[prop(optional)]
    on_time_click: Option<Callback<(String, f64)>>,
) -> impl IntoView {
    let text = use_text();
    let scroller = NodeRef::<Div>::new();
    let (width, set_width) = signal(960.0f64);
    let (scroll_top, set_scroll_top) = signal(0.0f64);
    let (view_height, set_view_height) = signal(600.0f64);

    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 {
                set_width.set(w.max(MIN_WIDTH_PX));
            }
            set_view_height.set(f64::from(el.client_height()).max(200.0));
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let lay = Memo::new(move |_| {
        doc.with(|d| {
            d.as_ref()
                .map(|d| layout(&d.runs, &LayoutOptions::with_width(width.get())))
        })
    });
    let ratio =
        Memo::new(move |_| doc.with(|d| d.as_ref().and_then(|d| speedup_of(speedup?, &d.runs))));

    let window = Memo::new(move |_| {
        let top = scroll_top.get() - OVERSCAN_PX;
        let bottom = scroll_top.get() + view_height.get() + OVERSCAN_PX;
        (
            (top / WINDOW_STEP_PX).floor() * WINDOW_STEP_PX,
            (bottom / WINDOW_STEP_PX).ceil() * WINDOW_STEP_PX,
        )
    });
    let lanes_html = move || {
        let (top, bottom) = window.get();
        lay.with(|lay| lay.as_ref().map(|lay| visible_lanes(lay, top, bottom)))
            .unwrap_or_default()
    };
    let axis_html = move || {
        lay.with(|lay| {
            lay.as_ref().map(|lay| {
                let mut out = String::new();
                svg::write_axis(&mut out, lay, lay.height_px);
                out
            })
        })
        .unwrap_or_default()
    };
    let headers = move || {
        let Some(lay) = lay.get() else {
            return Vec::new();
        };
        let fast = speedup.map(|(_, fast)| fast);
        lay.blocks
            .iter()
            .map(|block| {
                let variant = block.variant.clone();
                let label = variant_label.run(variant.clone());
                let badge = (fast == Some(variant.as_str()))
                    .then(|| ratio.get())
                    .flatten()
                    .filter(|s| s.is_finite());
                let is_live = current.get().is_some_and(|c| c == variant);
                let y = block.title_y;
                view! {
                    <g class="run-header" data-variant=variant.clone()>
                        // The badge follows the total in the same line, so
                        // the two never overlap on a narrow timeline.
                        <text class="run-title" x="8" y=y>
                            <tspan class="variant">{label}</tspan>
                            <tspan class="run-total" dx="12">
                                {format!("{} {}", text("stats.measured"), precise_ms(block.total_ms))}
                            </tspan>
                            {badge.map(|s| {
                                view! {
                                    <tspan class="speedup-badge" data-testid="speedup-badge" dx="12">
                                        {format!("{s:.1}× {}", text("timeline.faster"))}
                                    </tspan>
                                }
                            })}
                        </text>
                        <line class="total" class:now-line=is_live x1=block.total_x x2=block.total_x y1=block.title_y + 4.0 y2=block.y + block.height></line>
                    </g>
                }
            })
            .collect::<Vec<_>>()
    };
    let height = move || lay.with(|l| l.as_ref().map_or(0.0, |l| l.height_px + MARK_ROOM_PX));
    // The run block and time under a click.
    let time_at = move |ev: &leptos::ev::MouseEvent| -> Option<(String, f64)> {
        use wasm_bindgen::JsCast;
        let svg: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
        let rect = svg.get_bounding_client_rect();
        let (x, y) = (
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        );
        lay.with_untracked(|lay| {
            let lay = lay.as_ref()?;
            let block = lay
                .blocks
                .iter()
                .find(|b| y >= b.y && y <= b.y + b.height)?;
            let ms = ((x - lay.axis.x0) / lay.axis.px_per_ms).max(0.0);
            Some((block.variant.clone(), ms))
        })
    };
    let marks_view = move || {
        let marks = marks.map(|m| m.get()).unwrap_or_default();
        lay.with(|lay| {
            let lay = lay.as_ref()?;
            Some(
                marks
                    .into_iter()
                    .filter_map(|mark| {
                        let block = lay.blocks.iter().find(|b| b.variant == mark.variant)?;
                        let x = lay.axis.x(mark.at_ms);
                        let bottom = block.y + block.height;
                        let (class, testid) = match mark.kind {
                            MarkKind::Cursor => ("step-cursor", "step-cursor"),
                            MarkKind::Decides => ("decides", "decisive-moment"),
                            MarkKind::Difference => ("differs", "js-difference"),
                        };
                        view! {
                            <g class=class data-testid=testid data-variant=mark.variant.clone() data-at-ms=mark.at_ms.to_string()>
                                <title>{mark.title.clone()}</title>
                                <line x1=x x2=x y1=block.title_y + 4.0 y2=bottom></line>
                                <circle cx=x cy=bottom + MARK_R r=MARK_R></circle>
                                <text x=x y=bottom + MARK_R + 4.0 text-anchor="middle">{mark.label.clone()}</text>
                            </g>
                        }
                        .into()
                    })
                    .collect::<Vec<_>>(),
            )
        })
    };

    view! {
        <section class="timeline" data-testid="timeline" aria-label=move || text("timeline.title")>
            <Legend />
            <div
                class="timeline-scroll"
                node_ref=scroller
                tabindex="0"
                role="group"
                aria-label=move || text("timeline.scroll")
                on:scroll=move |_| {
                    if let Some(el) = scroller.get_untracked() {
                        set_scroll_top.set(f64::from(el.scroll_top()));
                    }
                }
            >
                {move || {
                    if lay.with(|l| l.is_none()) {
                        return view! { <p class="muted timeline-empty">{text("timeline.empty")}</p> }.into_any();
                    }
                    view! {
                        <svg
                            class="timeline-svg"
                            on:click=move |ev| {
                                if let (Some(on_click), Some(at)) = (on_time_click, time_at(&ev)) {
                                    on_click.run(at);
                                }
                            }
                            xmlns="http://www.w3.org/2000/svg"
                            width=move || width.get()
                            height=height
                            role="img"
                            aria-label=move || text("timeline.title")
                        >
                            <defs inner_html=pattern_defs()></defs>
                            <g inner_html=axis_html></g>
                            <g
                                class="lanes"
                                inner_html=lanes_html
                                on:pointerover=move |ev| show_tooltip(&ev)
                                on:click=move |ev| {
                                    if let (Some(on_click), Some(name)) = (on_lane_click, clicked_lane_name(&ev)) {
                                        on_click.run(name);
                                    }
                                }
                            ></g>
                            {headers}
                            {marks_view}
                        </svg>
                    }
                        .into_any()
                }}
            </div>
            <TableView doc />
        </section>
    }
}

/// What the colours, patterns and shapes mean.
#[component]
fn Legend() -> impl IntoView {
    let text = use_text();
    let states = SpanState::ALL
        .iter()
        .map(|&state| {
            let s = state_style(state);
            view! {
                <li>
                    <svg width="22" height="12" aria-hidden="true">
                        <rect width="22" height="12" fill=s.fill() stroke=s.colour></rect>
                    </svg>
                    {move || text(&format!("state.{}", state.as_str()))}
                </li>
            }
        })
        .collect_view();
    let markers = MarkerKind::ALL
        .iter()
        .map(|&kind| {
            let st = kind.style();
            view! {
                <li>
                    <svg width="14" height="14" aria-hidden="true">
                        <path class=format!("marker marker-{}", st.name) d=st.shape.path(7.0, 7.0, 5.0) fill=st.fill stroke="none"></path>
                    </svg>
                    {move || text(&format!("marker.{}", st.name))}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="legend" data-testid="legend">
            <svg width="0" height="0" class="defs-only" aria-hidden="true">
                <defs inner_html=pattern_defs()></defs>
            </svg>
            <ul class="legend-states">{states}</ul>
            <ul class="legend-markers">{markers}</ul>
        </div>
    }
}

/// Rows shown at most in the table view; the export has everything.
const TABLE_LIMIT: usize = 500;

/// The timeline as a table, for screen readers and for copying numbers.
#[component]
fn TableView(doc: Signal<Option<TraceDoc>>) -> impl IntoView {
    let text = use_text();
    // Rows are built only while the table is open: a live run changes the
    // document every frame.
    let (is_open, set_open) = signal(false);
    view! {
        <details
            class="table-view"
            data-testid="table-view"
            on:toggle:target=move |ev| set_open.set(ev.target().open())
        >
            <summary>{move || text("timeline.table")}</summary>
            <div class="table-scroll" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{move || text("table.variant")}</th>
                            <th scope="col">{move || text("table.task")}</th>
                            <th scope="col">{move || text("table.state")}</th>
                            <th scope="col">{move || text("table.on")}</th>
                            <th scope="col">{move || text("table.start")}</th>
                            <th scope="col">{move || text("table.end")}</th>
                            <th scope="col">{move || text("table.duration")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            if !is_open.get() {
                                return Vec::new();
                            }
                            doc.with(|doc| {
                                let Some(doc) = doc else { return Vec::new() };
                                doc.runs
                                    .iter()
                                    .flat_map(|run| {
                                        run.tasks.iter().flat_map(move |task| {
                                            task.spans.iter().map(move |span| (run.variant.clone(), task.name.clone(), span.clone()))
                                        })
                                    })
                                    .take(TABLE_LIMIT)
                                    .map(|(variant, task, span)| {
                                        view! {
                                            <tr>
                                                <td>{variant}</td>
                                                <td>{task}</td>
                                                <td>{text(&format!("state.{}", span.state.as_str()))}</td>
                                                <td>{span.on.unwrap_or_default()}</td>
                                                <td>{format!("{:.1}", span.start_ms)}</td>
                                                <td>{format!("{:.1}", span.end_ms)}</td>
                                                <td>{format!("{:.1}", span.end_ms - span.start_ms)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect::<Vec<_>>()
                            })
                        }}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
