//! The async engine: pure Rust, no Leptos. An event loop with asyncio's
//! semantics on a virtual or a real clock, the primitives scenarios call, and
//! the trace every state change is recorded into.
mod api;
mod error;
mod event_loop;
mod future;
pub mod io;
pub mod recorder;
pub mod steps;
mod sync;
pub mod trace;
pub mod workload;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;

pub use api::{AsCompleted, Instrumented, ReturnWhen};
pub use error::{Exc, Outcome, CANCELLED, TIMEOUT};
pub use event_loop::{Coro, EventLoop, ReadyEntry, StepEvent, TaskHandle, TaskId, TimerEntry};
pub use io::{Database, ProcessPool};
pub use sync::{Lock, Permit, Semaphore};
pub use trace::{
    longest_hold_ms, Mode, OutputLine, RunTrace, Runtime, Span, SpanState, TaskOutcome, TaskTrace,
    TraceDoc,
};
