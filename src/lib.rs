//! Async Playground: the guide's asyncio ideas run on an instrumented engine
//! and drawn as timelines.
#[cfg(target_arch = "wasm32")]
pub mod bench;
pub mod compare;
pub mod engine;
pub mod export;
pub mod format;
pub mod layout;
pub mod link;
pub mod runtimes;
pub mod texts;

pub mod lang;
pub mod scenarios;
#[cfg(target_arch = "wasm32")]
pub mod ui;
