//! How states and outcomes look: Okabe–Ito colours (safe for the common
//! colour-vision deficiencies), and a fill pattern per state and a shape per
//! outcome so that nothing is told by colour alone. The page and the SVG
//! export both take their look from here.
use std::fmt::Write as _;

use crate::engine::trace::{SpanState, TaskOutcome};

use super::Num;

/// How a span's fill is textured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatternKind {
    Solid,
    Hatched,
    Dotted,
    CrossHatched,
}

/// The look of one span state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateStyle {
    pub state: SpanState,
    /// Main colour, `#RRGGBB`.
    pub colour: &'static str,
    pub pattern: PatternKind,
    /// The id of the `<pattern>` made by [`pattern_defs`] (none for a solid
    /// state).
    pub pattern_id: &'static str,
}

impl StateStyle {
    /// The value for a `fill` attribute: `url(#ap-pat-waiting)`, or the
    /// colour itself for a solid state (a pattern fill costs the browser a
    /// recorded tile per element: solid running spans made each frame of a
    /// fast scroll through 10,000 lanes about a third cheaper to paint).
    pub fn fill(&self) -> String {
        match self.pattern {
            PatternKind::Solid => self.colour.to_string(),
            _ => format!("url(#{})", self.pattern_id),
        }
    }
}

pub fn state_style(state: SpanState) -> StateStyle {
    let (colour, pattern, pattern_id) = match state {
        SpanState::Running => ("#0072B2", PatternKind::Solid, "ap-pat-running"),
        SpanState::Waiting => ("#56B4E9", PatternKind::Hatched, "ap-pat-waiting"),
        SpanState::Queued => ("#E69F00", PatternKind::Dotted, "ap-pat-queued"),
        SpanState::Blocked => ("#D55E00", PatternKind::CrossHatched, "ap-pat-blocked"),
    };
    StateStyle {
        state,
        colour,
        pattern,
        pattern_id,
    }
}

/// The `<pattern>` elements of the textured states (to put inside `<defs>`).
pub fn pattern_defs() -> String {
    let mut out = String::new();
    for state in SpanState::ALL {
        let s = state_style(state);
        let c = s.colour;
        let texture = match s.pattern {
            PatternKind::Solid => continue,
            PatternKind::Hatched => {
                format!(r#"<path d="M-1,1L1,-1M0,6L6,0M5,7L7,5" stroke="{c}" stroke-width="1.5"/>"#)
            }
            PatternKind::Dotted => format!(r#"<circle cx="3" cy="3" r="1.5" fill="{c}"/>"#),
            PatternKind::CrossHatched => format!(
                r#"<path d="M-1,1L1,-1M0,6L6,0M5,7L7,5M-1,5L1,7M0,0L6,6M5,-1L7,1" stroke="{c}" stroke-width="1.2"/>"#
            ),
        };
        let _ = write!(
            out,
            r#"<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{c}" fill-opacity="0.3"/>{texture}</pattern>"#,
            s.pattern_id
        );
    }
    out
}

/// A marker's shape; all are filled paths from [`MarkerShape::path`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerShape {
    /// Task start: a thin bar.
    Bar,
    /// Done: a circle.
    Circle,
    /// Failed: an X.
    Cross,
    /// Cancelled: a square.
    Square,
    /// Timed out: an hourglass.
    Hourglass,
    /// Still running when the run was stopped: a triangle pointing on.
    TriangleRight,
    /// A print: a diamond.
    Diamond,
}

impl MarkerShape {
    /// SVG path data for the shape centred on (`cx`, `cy`) with half-size `r`.
    pub fn path(self, cx: f64, cy: f64, r: f64) -> String {
        let p = |x: f64, y: f64| format!("{},{}", Num(x), Num(y));
        match self {
            MarkerShape::Bar => {
                let w = (r * 0.3).max(1.0);
                format!(
                    "M{}H{}V{}H{}Z",
                    p(cx - w / 2.0, cy - r),
                    Num(cx + w / 2.0),
                    Num(cy + r),
                    Num(cx - w / 2.0)
                )
            }
            MarkerShape::Circle => format!(
                "M{}a{r},{r} 0 1,0 {d},0a{r},{r} 0 1,0 -{d},0Z",
                p(cx - r, cy),
                r = Num(r),
                d = Num(2.0 * r)
            ),
            MarkerShape::Cross => {
                // Two bars at +-45 degrees, wound the same way so they unite.
                let k = r * 0.25;
                format!(
                    "M{}L{}L{}L{}ZM{}L{}L{}L{}Z",
                    p(cx - r - k, cy - r + k),
                    p(cx + r - k, cy + r + k),
                    p(cx + r + k, cy + r - k),
                    p(cx - r + k, cy - r - k),
                    p(cx - r + k, cy + r + k),
                    p(cx + r + k, cy - r + k),
                    p(cx + r - k, cy - r - k),
                    p(cx - r - k, cy + r - k),
                )
            }
            MarkerShape::Square => {
                let h = r * 0.85;
                format!("M{}h{s}v{s}h-{s}Z", p(cx - h, cy - h), s = Num(2.0 * h))
            }
            MarkerShape::Hourglass => format!(
                "M{}H{}L{}H{}Z",
                p(cx - r, cy - r),
                Num(cx + r),
                p(cx - r, cy + r),
                Num(cx + r)
            ),
            MarkerShape::TriangleRight => format!(
                "M{}L{}L{}Z",
                p(cx - r * 0.8, cy - r),
                p(cx + r, cy),
                p(cx - r * 0.8, cy + r)
            ),
            MarkerShape::Diamond => format!(
                "M{}L{}L{}L{}Z",
                p(cx, cy - r),
                p(cx + r * 0.7, cy),
                p(cx, cy + r),
                p(cx - r * 0.7, cy)
            ),
        }
    }
}

/// What a marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    Start,
    End(TaskOutcome),
    Print,
}

/// The look of one marker kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkerStyle {
    pub shape: MarkerShape,
    pub fill: &'static str,
    pub stroke: &'static str,
    /// Also the CSS class suffix: `marker-timed_out`.
    pub name: &'static str,
}

impl MarkerKind {
    /// Every kind, in legend order.
    pub const ALL: [MarkerKind; 7] = [
        MarkerKind::Start,
        MarkerKind::End(TaskOutcome::Done),
        MarkerKind::End(TaskOutcome::Failed),
        MarkerKind::End(TaskOutcome::Cancelled),
        MarkerKind::End(TaskOutcome::TimedOut),
        MarkerKind::End(TaskOutcome::Running),
        MarkerKind::Print,
    ];

    pub fn style(self) -> MarkerStyle {
        let (shape, fill, name) = match self {
            MarkerKind::Start => (MarkerShape::Bar, "#000000", "start"),
            MarkerKind::End(TaskOutcome::Done) => (MarkerShape::Circle, "#009E73", "done"),
            MarkerKind::End(TaskOutcome::Failed) => (MarkerShape::Cross, "#D55E00", "failed"),
            MarkerKind::End(TaskOutcome::Cancelled) => {
                (MarkerShape::Square, "#000000", "cancelled")
            }
            MarkerKind::End(TaskOutcome::TimedOut) => {
                (MarkerShape::Hourglass, "#CC79A7", "timed_out")
            }
            MarkerKind::End(TaskOutcome::Running) => {
                (MarkerShape::TriangleRight, "#0072B2", "running")
            }
            MarkerKind::Print => (MarkerShape::Diamond, "#F0E442", "print"),
        };
        // A yellow diamond needs a dark edge; the rest get a white halo so
        // they stand out on top of spans.
        let stroke = if self == MarkerKind::Print {
            "#000000"
        } else {
            "#FFFFFF"
        };
        MarkerStyle {
            shape,
            fill,
            stroke,
            name,
        }
    }
}
