//! The event-loop heartbeat: a beat every animation frame while the page's
//! loop is free. A gap between beats is the loop being held (a blocking call),
//! and the longest gap since the last Run is shown and exposed for tests.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::engine::{longest_hold_ms, Mode, Runtime};

use super::dom;
use super::i18n::use_text;
use super::runner::Runner;

/// A gap between frames longer than this is a stall, not frame jitter.
const STALL_MS: f64 = 50.0;

/// Beat count and the longest stall, shared through context.
#[derive(Clone, Copy)]
pub struct Pulse {
    pub beats: RwSignal<u64>,
    pub max_stall_ms: RwSignal<f64>,
}

impl Pulse {
    /// Starts the beat; call once.
    pub fn start() -> Self {
        let pulse = Pulse {
            beats: RwSignal::new(0),
            max_stall_ms: RwSignal::new(0.0),
        };
        spawn_local(async move {
            let mut last = crate::engine::browser::now_ms();
            let mut frames = 0u64;
            loop {
                dom::next_frame().await;
                let now = crate::engine::browser::now_ms();
                let gap = now - last;
                last = now;
                frames += 1;
                if gap > STALL_MS && gap > pulse.max_stall_ms.get_untracked() {
                    pulse.max_stall_ms.set(gap);
                }
                // A visible beat a few times a second is plenty.
                if frames.is_multiple_of(8) && pulse.beats.try_set(frames).is_some() {
                    break;
                }
            }
        });
        pulse
    }

    /// Starts measuring afresh (on Run).
    pub fn reset(&self) {
        self.max_stall_ms.set(0.0);
    }
}

/// A small meter that ticks while the loop is free and shows the longest
/// stall: of the page's own loop for a real run of the engine (which runs on
/// it), and of the program's loop, read from its trace, for a virtual run or
/// a CPython run (in a Worker: the page never stalls, the program does).
#[component]
pub fn Heartbeat() -> impl IntoView {
    let pulse = expect_context::<Pulse>();
    let runner = expect_context::<Runner>();
    let text = use_text();
    let stall = move || {
        runner.doc.with(|doc| match doc {
            Some(doc) if doc.mode == Mode::Virtual || doc.runtime != Runtime::Engine => doc
                .runs
                .iter()
                .map(longest_hold_ms)
                .fold(0.0, f64::max)
                .round(),
            Some(_) => pulse.max_stall_ms.get().round(),
            // Before any run there is nothing to report (the page's own
            // start-up is not a program's stall).
            None => 0.0,
        })
    };
    view! {
        <div
            class="heartbeat"
            data-testid="heartbeat"
            data-max-stall-ms=move || stall().to_string()
            role="status"
        >
            <span class="heartbeat-dot" class:beat=move || pulse.beats.get() % 16 < 8 aria-hidden="true"></span>
            <span>{move || text("heartbeat.label")}</span>
            <span class="heartbeat-stall" class:stalled=move || { stall() > 0.0 }>
                {move || {
                    if stall() > 0.0 {
                        format!("{} {} ms", text("heartbeat.longest_stall"), stall())
                    } else {
                        text("heartbeat.no_stall")
                    }
                }}
            </span>
        </div>
    }
}
