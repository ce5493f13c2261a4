//! Timeline geometry: where every lane, span and marker of one scenario's
//! runs goes, as plain numbers. The page's timeline and the SVG export both
//! draw from this, so they show the same picture. All runs share one time
//! axis, so variants can be compared by eye. Linear in the size of the trace.
mod style;
mod ticks;

use std::collections::HashMap;
use std::fmt;

use crate::engine::trace::{RunTrace, SpanState, TaskOutcome};
use crate::format::{precise_ms, trim_decimals};

pub use style::{
    pattern_defs, state_style, MarkerKind, MarkerShape, MarkerStyle, PatternKind, StateStyle,
};
pub use ticks::{nice_step, tick_label, MAX_INTERVALS};

/// Sizes in px. `Default` is what the page and the export use.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// The whole drawing's width, labels included.
    pub width_px: f64,
    /// Where the axis starts (room left above for a title or legend).
    pub top_px: f64,
    /// The task-name column on the left.
    pub label_width_px: f64,
    /// Room right of the plot, so the last tick label fits.
    pub right_pad_px: f64,
    pub axis_height_px: f64,
    /// A run block's title row (variant and total).
    pub block_header_px: f64,
    pub lane_height_px: f64,
    pub lane_gap_px: f64,
    pub block_gap_px: f64,
    /// Spans shorter than this (zero-length ones included) are drawn this wide.
    pub min_span_px: f64,
    /// Rough width of one label character, to shorten long task names.
    pub char_width_px: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width_px: 960.0,
            top_px: 0.0,
            label_width_px: 150.0,
            right_pad_px: 24.0,
            axis_height_px: 24.0,
            block_header_px: 24.0,
            lane_height_px: 16.0,
            lane_gap_px: 4.0,
            block_gap_px: 16.0,
            min_span_px: 2.0,
            char_width_px: 7.0,
        }
    }
}

impl LayoutOptions {
    pub fn with_width(width_px: f64) -> Self {
        LayoutOptions {
            width_px,
            ..Self::default()
        }
    }
}

/// The whole picture.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLayout {
    pub width_px: f64,
    /// Bottom of the last block.
    pub height_px: f64,
    /// Left edge of the plot (time 0).
    pub plot_x: f64,
    pub plot_width: f64,
    pub axis: Axis,
    /// One per run, top to bottom, in the order given.
    pub blocks: Vec<RunBlock>,
}

/// The shared time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The largest run total (at least 1 ms; later span ends and prints
    /// count too, should a trace have any).
    pub max_ms: f64,
    /// The last tick, at or after `max_ms`: the plot's right edge.
    pub end_ms: f64,
    pub step_ms: f64,
    pub px_per_ms: f64,
    /// x of time 0.
    pub x0: f64,
    /// Top of the axis row.
    pub y: f64,
    pub height: f64,
    /// From 0 to `end_ms`, every `step_ms`.
    pub ticks: Vec<Tick>,
}

impl Axis {
    /// x of a time; negative or non-finite times sit at 0.
    pub fn x(&self, ms: f64) -> f64 {
        self.x0 + clean_ms(ms) * self.px_per_ms
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub ms: f64,
    pub x: f64,
    /// `0 ms`, `500 ms`, `1.5 s`.
    pub label: String,
}

/// One run (variant): a title row, then a lane per task.
#[derive(Clone, Debug, PartialEq)]
pub struct RunBlock {
    /// Position in the runs given.
    pub index: usize,
    pub variant: String,
    pub total_ms: f64,
    pub ideal_ms: f64,
    /// `total 2000 ms`.
    pub total_label: String,
    /// x where this run ended.
    pub total_x: f64,
    /// Top of the title row.
    pub y: f64,
    /// Title row and lanes.
    pub height: f64,
    /// Baseline of the title row's text.
    pub title_y: f64,
    /// In task order.
    pub lanes: Vec<Lane>,
    /// In print order.
    pub prints: Vec<PrintMarker>,
}

/// One task's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub task_id: usize,
    pub parent: Option<usize>,
    /// The task's full name.
    pub name: String,
    /// The name, shortened with `…` if it would overflow the label column.
    pub label: String,
    pub y: f64,
    pub height: f64,
    /// Vertical centre, where markers sit.
    pub mid_y: f64,
    pub outcome: TaskOutcome,
    pub spans: Vec<SpanRect>,
    pub start: Marker,
    pub end: Marker,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpanRect {
    pub x: f64,
    /// At least `min_span_px`.
    pub width: f64,
    pub state: SpanState,
    pub on: Option<String>,
    pub start_ms: f64,
    pub end_ms: f64,
}

impl SpanRect {
    /// Task, state, what it waits on, start, end and duration. Made on
    /// demand: a 10,000-task timeline has 50,000 spans, few of them drawn.
    pub fn tooltip(&self, task: &str) -> String {
        let start = clean_ms(self.start_ms);
        let end = clean_ms(self.end_ms).max(start);
        span_tooltip(task, self.state, self.on.as_deref(), start, end)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    pub kind: MarkerKind,
    pub tooltip: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrintMarker {
    pub x: f64,
    /// The top edge of the printing task's lane (the block's first lane if
    /// the task is unknown), so it clears the task's end marker.
    pub y: f64,
    pub at_ms: f64,
    pub task_id: usize,
    /// Index into the block's lanes, if the task is in this run.
    pub lane: Option<usize>,
    pub text: String,
    pub tooltip: String,
}

/// Lays out `runs` stacked on one time axis.
pub fn layout(runs: &[RunTrace], opts: &LayoutOptions) -> TimelineLayout {
    let axis = make_axis(runs, opts);
    let mut y = axis.y + axis.height;
    let mut blocks = Vec::with_capacity(runs.len());
    for (index, run) in runs.iter().enumerate() {
        let block = layout_run(index, run, &axis, y, opts);
        y = block.y + block.height + opts.block_gap_px;
        blocks.push(block);
    }
    let height_px = if blocks.is_empty() {
        y
    } else {
        y - opts.block_gap_px
    };
    TimelineLayout {
        width_px: opts.width_px,
        height_px,
        plot_x: axis.x0,
        plot_width: axis.end_ms * axis.px_per_ms,
        axis,
        blocks,
    }
}

fn make_axis(runs: &[RunTrace], opts: &LayoutOptions) -> Axis {
    let mut max_ms: f64 = 1.0;
    for run in runs {
        max_ms = max_ms.max(clean_ms(run.total_ms));
        for task in &run.tasks {
            max_ms = max_ms.max(clean_ms(task.end_ms));
            if let Some(last) = task.spans.last() {
                max_ms = max_ms.max(clean_ms(last.end_ms));
            }
        }
        if let Some(last) = run.output.last() {
            max_ms = max_ms.max(clean_ms(last.at_ms));
        }
    }
    let step_ms = nice_step(max_ms);
    let n = ticks::intervals(max_ms, step_ms) as usize;
    let end_ms = n as f64 * step_ms;
    let x0 = opts.label_width_px;
    let plot_width = (opts.width_px - x0 - opts.right_pad_px).max(50.0);
    let px_per_ms = plot_width / end_ms;
    let ticks = (0..=n)
        .map(|i| {
            let ms = i as f64 * step_ms;
            Tick {
                ms,
                x: x0 + ms * px_per_ms,
                label: tick_label(ms),
            }
        })
        .collect();
    Axis {
        max_ms,
        end_ms,
        step_ms,
        px_per_ms,
        x0,
        y: opts.top_px,
        height: opts.axis_height_px,
        ticks,
    }
}

fn layout_run(index: usize, run: &RunTrace, axis: &Axis, y: f64, opts: &LayoutOptions) -> RunBlock {
    let lanes_top = y + opts.block_header_px;
    let pitch = opts.lane_height_px + opts.lane_gap_px;
    let max_chars = ((opts.label_width_px - 8.0) / opts.char_width_px)
        .floor()
        .max(2.0) as usize;
    let mut lane_of: HashMap<usize, usize> = HashMap::with_capacity(run.tasks.len());
    let lanes: Vec<Lane> = run
        .tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            lane_of.entry(task.id).or_insert(i);
            let ly = lanes_top + i as f64 * pitch;
            let mid_y = ly + opts.lane_height_px / 2.0;
            let spans = task
                .spans
                .iter()
                .map(|s| {
                    let start = clean_ms(s.start_ms);
                    let end = clean_ms(s.end_ms).max(start);
                    let x = axis.x(start);
                    let width = ((end - start) * axis.px_per_ms).max(opts.min_span_px);
                    SpanRect {
                        x,
                        width,
                        state: s.state,
                        on: s.on.clone(),
                        start_ms: s.start_ms,
                        end_ms: s.end_ms,
                    }
                })
                .collect();
            let start = Marker {
                x: axis.x(task.start_ms),
                y: mid_y,
                kind: MarkerKind::Start,
                tooltip: format!("{}: started at {}", task.name, precise_ms(task.start_ms)),
            };
            let end = Marker {
                x: axis.x(task.end_ms),
                y: mid_y,
                kind: MarkerKind::End(task.outcome),
                tooltip: end_tooltip(&task.name, task.outcome, task.end_ms, task.error.as_deref()),
            };
            Lane {
                task_id: task.id,
                parent: task.parent,
                name: task.name.clone(),
                label: shorten(&task.name, max_chars),
                y: ly,
                height: opts.lane_height_px,
                mid_y,
                outcome: task.outcome,
                spans,
                start,
                end,
            }
        })
        .collect();
    let prints = run
        .output
        .iter()
        .map(|line| {
            let lane = lane_of.get(&line.task).copied();
            let name = lane.map(|l| lanes[l].name.as_str()).unwrap_or("?");
            let y = lane.or(if lanes.is_empty() { None } else { Some(0) });
            PrintMarker {
                x: axis.x(line.at_ms),
                y: y.map_or(lanes_top, |l| lanes[l].y),
                at_ms: line.at_ms,
                task_id: line.task,
                lane,
                text: line.text.clone(),
                tooltip: format!(
                    "{} · {} printed: {}",
                    precise_ms(line.at_ms),
                    name,
                    line.text
                ),
            }
        })
        .collect();
    let height = opts.block_header_px
        + if lanes.is_empty() {
            0.0
        } else {
            lanes.len() as f64 * pitch - opts.lane_gap_px
        };
    RunBlock {
        index,
        variant: run.variant.clone(),
        total_ms: run.total_ms,
        ideal_ms: run.ideal_ms,
        total_label: format!("total {}", precise_ms(run.total_ms)),
        total_x: axis.x(run.total_ms),
        y,
        height,
        title_y: y + opts.block_header_px * 0.7,
        lanes,
        prints,
    }
}

fn span_tooltip(task: &str, state: SpanState, on: Option<&str>, start: f64, end: f64) -> String {
    let on = on.map(|on| format!(" on {on}")).unwrap_or_default();
    format!(
        "{task}: {}{on}\n{} → {} ({})",
        state.as_str(),
        precise_ms(start),
        precise_ms(end),
        precise_ms(end - start)
    )
}

fn end_tooltip(task: &str, outcome: TaskOutcome, at: f64, error: Option<&str>) -> String {
    let what = match outcome {
        TaskOutcome::Done => "done",
        TaskOutcome::Failed => "failed",
        TaskOutcome::Cancelled => "cancelled",
        TaskOutcome::TimedOut => "timed out",
        TaskOutcome::Running => "still running when the run stopped",
    };
    let error = error.map(|e| format!(" ({e})")).unwrap_or_default();
    format!("{task}: {what} at {}{error}", precise_ms(at))
}

/// `name`, or its first `max_chars - 1` characters and `…`.
fn shorten(name: &str, max_chars: usize) -> String {
    match name.char_indices().nth(max_chars) {
        None => name.to_string(),
        Some(_) => {
            let cut = name
                .char_indices()
                .nth(max_chars - 1)
                .map_or(name.len(), |(i, _)| i);
            format!("{}…", &name[..cut])
        }
    }
}

/// A time fit for drawing: finite and not negative.
fn clean_ms(ms: f64) -> f64 {
    if ms.is_finite() && ms > 0.0 {
        ms
    } else {
        0.0
    }
}

/// A coordinate as written into SVG: at most 2 decimals, no trailing zeros.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&trim_decimals(self.0, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_keeps_short_names_and_cuts_long_ones() {
        assert_eq!(shorten("main", 5), "main");
        assert_eq!(shorten("abcde", 5), "abcde");
        assert_eq!(shorten("abcdef", 5), "abcd…");
        assert_eq!(shorten("ééééééé", 3), "éé…");
    }

    #[test]
    fn num_is_compact() {
        assert_eq!(Num(1.0).to_string(), "1");
        assert_eq!(Num(1.256).to_string(), "1.26");
        assert_eq!(Num(-0.001).to_string(), "0");
    }
}
