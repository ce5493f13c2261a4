//! Async Playground: the guide's asyncio ideas run on an instrumented engine
//! and drawn as timelines.
pub mod engine;
