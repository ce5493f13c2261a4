//! The runtimes that can run a program besides the engine, behind the page's
//! one run pipeline: each turns a program into the tracer's events, and
//! [`crate::engine::recorder`] turns those into the same trace the engine
//! produces.
#[cfg(target_arch = "wasm32")]
pub mod python;
