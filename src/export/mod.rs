//! Writes a trace out: the JSON document of `shared/spec/trace-format.md`
//! (and reads it back), a Chrome/Perfetto trace, and a standalone SVG of the
//! timeline drawn from the same layout as the page. Pure: no Leptos.
mod chrome;
mod json;
pub mod svg;

pub use chrome::to_chrome_trace;
pub use json::{from_json, to_json, ImportError};
pub use svg::{escape_xml, to_svg};
