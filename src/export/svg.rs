//! A standalone SVG of the timeline: the page's picture (same layout, same
//! colours and patterns) with a title and legend, readable outside the page.
use std::fmt::Write as _;

use crate::engine::trace::{SpanState, TraceDoc};
use crate::layout::{
    layout, pattern_defs, state_style, LayoutOptions, MarkerKind, Num, TimelineLayout,
};

const STYLE: &str = "text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;\
font-size:12px;fill:#1a1a1a}\
.bg{fill:#ffffff}\
.title{font-size:16px;font-weight:600}\
.tick{font-size:11px;fill:#555555}\
.grid{stroke:#e4e4e4;stroke-width:1}\
.axis-line{stroke:#888888;stroke-width:1}\
.variant{font-weight:600}\
.run-total{fill:#555555}\
.total{stroke:#1a1a1a;stroke-width:1;stroke-dasharray:3 3}\
.track{fill:#f5f5f5}\
.lane-label{font-size:11px}\
.span{stroke-width:0.75}\
.marker{stroke-width:1}";

const MARGIN: f64 = 12.0;
const TITLE_Y: f64 = 22.0;
const LEGEND_Y: f64 = 34.0;
const LEGEND_ROW: f64 = 18.0;
/// Swatch plus gap before an entry's label, and the rough width of a label
/// character (the legend wraps by this estimate).
const LEGEND_SWATCH: f64 = 24.0;
const LEGEND_CHAR: f64 = 7.0;
const LEGEND_GAP: f64 = 18.0;
const MARKER_R: f64 = 5.5;

/// Text made safe for XML content and attribute values: markup characters
/// become entities, and control characters XML 1.0 forbids become U+FFFD.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Writes `<title>text</title>`.
fn push_title(out: &mut String, text: &str) {
    out.push_str("<title>");
    push_escaped(out, text);
    out.push_str("</title>");
}

fn legend_entries() -> Vec<(Option<SpanState>, Option<MarkerKind>, &'static str)> {
    let mut entries: Vec<_> = SpanState::ALL
        .iter()
        .map(|&s| (Some(s), None, s.as_str()))
        .collect();
    for kind in MarkerKind::ALL {
        let label = match kind.style().name {
            "timed_out" => "timed out",
            "running" => "running when stopped",
            other => other,
        };
        entries.push((None, Some(kind), label));
    }
    entries
}

/// Where each legend entry goes: left to right, wrapping at the margin.
fn legend_places(
    entries: &[(Option<SpanState>, Option<MarkerKind>, &'static str)],
    width: f64,
) -> Vec<(f64, f64)> {
    let (mut x, mut y) = (MARGIN, LEGEND_Y);
    entries
        .iter()
        .map(|(_, _, label)| {
            let w = LEGEND_SWATCH + label.chars().count() as f64 * LEGEND_CHAR + LEGEND_GAP;
            if x > MARGIN && x + w > width - MARGIN {
                x = MARGIN;
                y += LEGEND_ROW;
            }
            let place = (x, y);
            x += w;
            place
        })
        .collect()
}

/// The document's timeline as an SVG document `width_px` wide.
pub fn to_svg(doc: &TraceDoc, width_px: u32) -> String {
    let width = f64::from(width_px.max(320));
    let entries = legend_entries();
    let places = legend_places(&entries, width);
    let rows = places
        .last()
        .map_or(0.0, |&(_, y)| y - LEGEND_Y + LEGEND_ROW);
    let top = LEGEND_Y + rows + 8.0;
    let opts = LayoutOptions {
        top_px: top,
        ..LayoutOptions::with_width(width)
    };
    let lay = layout(&doc.runs, &opts);
    let height = (lay.height_px + MARGIN).ceil();

    let mut out = String::with_capacity(4096 + doc.runs.len() * 256);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"ap-svg-title\">\n",
        w = Num(width),
        h = Num(height)
    );
    let title = format!(
        "Async Playground · {} ({} time)",
        doc.scenario,
        doc.mode.as_str()
    );
    out.push_str("<title id=\"ap-svg-title\">");
    push_escaped(&mut out, &title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n<defs>");
    out.push_str(&pattern_defs());
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect class=\"bg\" width=\"{}\" height=\"{}\"/>",
        Num(width),
        Num(height)
    );
    let _ = write!(out, "<text class=\"title\" x=\"{MARGIN}\" y=\"{TITLE_Y}\">");
    push_escaped(&mut out, &title);
    out.push_str("</text>\n");

    write_legend(&mut out, &entries, &places);
    write_axis(&mut out, &lay, height);
    for block in &lay.blocks {
        write_block(
            &mut out,
            &lay,
            block,
            doc.runs[block.index].error.as_deref(),
        );
    }
    out.push_str("</svg>\n");
    out
}

fn write_legend(
    out: &mut String,
    entries: &[(Option<SpanState>, Option<MarkerKind>, &'static str)],
    places: &[(f64, f64)],
) {
    out.push_str("<g class=\"legend\">");
    for (i, (state, marker, label)) in entries.iter().enumerate() {
        let (x, y) = places[i];
        if let Some(state) = state {
            let s = state_style(*state);
            let _ = write!(
                out,
                "<rect class=\"span span-{}\" x=\"{}\" y=\"{}\" width=\"18\" height=\"11\" fill=\"{}\" stroke=\"{}\"/>",
                state.as_str(),
                Num(x),
                Num(y),
                s.fill(),
                s.colour
            );
        }
        if let Some(kind) = marker {
            let st = kind.style();
            let _ = write!(
                out,
                "<path class=\"marker marker-{}\" d=\"{}\" fill=\"{}\" stroke=\"{}\"/>",
                st.name,
                st.shape.path(x + 9.0, y + 5.5, MARKER_R),
                st.fill,
                if st.stroke == "#FFFFFF" {
                    "none"
                } else {
                    st.stroke
                }
            );
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            Num(x + 24.0),
            Num(y + 10.0),
            label
        );
    }
    out.push_str("</g>\n");
}

/// The axis with its ticks and grid lines down to `height`.
pub fn write_axis(out: &mut String, lay: &TimelineLayout, height: f64) {
    let axis = &lay.axis;
    let base = axis.y + axis.height;
    out.push_str("<g class=\"axis\">");
    for tick in &axis.ticks {
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>\
             <text class=\"tick\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            Num(base),
            Num(height - MARGIN),
            Num(base - 8.0),
            tick.label,
            x = Num(tick.x)
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis-line\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/></g>",
        Num(axis.x0),
        Num(axis.x(axis.end_ms)),
        y = Num(base)
    );
}

fn write_block(
    out: &mut String,
    lay: &TimelineLayout,
    block: &crate::layout::RunBlock,
    error: Option<&str>,
) {
    out.push_str("<g class=\"run\" data-run=\"");
    let _ = write!(out, "{}\" data-variant=\"", block.index);
    push_escaped(out, &block.variant);
    let _ = write!(
        out,
        "\"><text class=\"run-title\" x=\"{MARGIN}\" y=\"{}\"><tspan class=\"variant\">",
        Num(block.title_y)
    );
    push_escaped(out, &block.variant);
    out.push_str("</tspan><tspan class=\"run-total\" dx=\"12\">");
    push_escaped(out, &block.total_label);
    if block.ideal_ms > 0.0 {
        let _ = write!(
            out,
            " · ideal {}",
            crate::format::precise_ms(block.ideal_ms)
        );
    }
    if let Some(error) = error {
        out.push_str(" · raised ");
        push_escaped(out, error);
    }
    out.push_str("</tspan></text>");
    let _ = writeln!(
        out,
        "<line class=\"total\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
        Num(block.y + 4.0),
        Num(block.y + block.height),
        x = Num(block.total_x)
    );
    for lane in &block.lanes {
        write_lane(out, lay, lane, Tooltips::Titles);
    }
    write_prints(out, block, f64::MIN..=f64::MAX, Tooltips::Titles);
    out.push_str("</g>\n");
}
/// How a lane's tooltips are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tooltips {
    /// `<title>` children, as an SVG file needs them.
    Titles,
    /// A `data-tip` attribute, which the page turns into a `<title>` on
    /// hover: a `<title>` element per span and marker made each frame of a
    /// fast scroll through 10,000 lanes about 15% dearer.
    DataTips,
}

/// Ends an element opened with `<tag ...` (attributes written, `>` not),
/// with its tooltip.
fn end_with_tooltip(out: &mut String, tag: &str, tooltips: Tooltips, text: &str) {
    match tooltips {
        Tooltips::Titles => {
            out.push('>');
            push_title(out, text);
            let _ = write!(out, "</{tag}>");
        }
        Tooltips::DataTips => {
            push_tip_attribute(out, text);
            out.push_str("/>");
        }
    }
}

/// Writes ` data-tip="text"` (the page's tooltip, see [`Tooltips::DataTips`]).
fn push_tip_attribute(out: &mut String, text: &str) {
    out.push_str(" data-tip=\"");
    push_escaped(out, text);
    out.push('"');
}

/// One task's lane: its track, label, spans (with tooltips) and markers.
pub fn write_lane(
    out: &mut String,
    lay: &TimelineLayout,
    lane: &crate::layout::Lane,
    tooltips: Tooltips,
) {
    let _ = write!(
        out,
        "<g class=\"lane\" data-task=\"{}\"><rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\
         <text class=\"lane-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\"",
        lane.task_id,
        Num(lay.plot_x),
        Num(lane.y),
        Num(lay.plot_width),
        Num(lane.height),
        Num(lay.plot_x - 6.0),
        Num(lane.mid_y + 4.0)
    );
    // A cut label carries the whole name as its tooltip.
    let cut = lane.label != lane.name;
    if cut && tooltips == Tooltips::DataTips {
        push_tip_attribute(out, &lane.name);
    }
    out.push('>');
    push_escaped(out, &lane.label);
    if cut && tooltips == Tooltips::Titles {
        push_title(out, &lane.name);
    }
    out.push_str("</text>");
    for span in &lane.spans {
        let s = state_style(span.state);
        let _ = write!(
            out,
            "<rect class=\"span span-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\"",
            span.state.as_str(),
            Num(span.x),
            Num(lane.y),
            Num(span.width),
            Num(lane.height),
            s.fill(),
            s.colour
        );
        end_with_tooltip(out, "rect", tooltips, &span.tooltip(&lane.name));
    }
    for marker in [&lane.start, &lane.end] {
        let st = marker.kind.style();
        let _ = write!(
            out,
            "<path class=\"marker marker-{}\" d=\"{}\" fill=\"{}\" stroke=\"{}\"",
            st.name,
            st.shape.path(marker.x, marker.y, MARKER_R),
            st.fill,
            st.stroke
        );
        end_with_tooltip(out, "path", tooltips, &marker.tooltip);
    }
    out.push_str("</g>\n");
}

/// The print markers of one run whose y is within `ys` (the page draws
/// those in view; a run can print 10,000 lines).
pub fn write_prints(
    out: &mut String,
    block: &crate::layout::RunBlock,
    ys: std::ops::RangeInclusive<f64>,
    tooltips: Tooltips,
) {
    let mut prints = block.prints.iter().filter(|p| ys.contains(&p.y)).peekable();
    if prints.peek().is_none() {
        return;
    }
    let st = MarkerKind::Print.style();
    out.push_str("<g class=\"prints\">");
    for print in prints {
        let _ = write!(
            out,
            "<path class=\"marker marker-print\" data-printed-by=\"{}\" d=\"{}\" fill=\"{}\" stroke=\"{}\"",
            print.task_id,
            st.shape.path(print.x, print.y, MARKER_R * 0.8),
            st.fill,
            st.stroke
        );
        end_with_tooltip(out, "path", tooltips, &print.tooltip);
    }
    out.push_str("</g>\n");
}
