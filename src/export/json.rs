//! The trace document as JSON, field for field as the spec writes it (the
//! model's field order is the spec's).
use std::fmt;

use crate::engine::trace::{TraceDoc, FORMAT, VERSION};

/// The document as pretty-printed JSON.
pub fn to_json(doc: &TraceDoc) -> String {
    // Serialising plain data to a String only fails for non-string map keys,
    // which the model has none of.
    serde_json::to_string_pretty(doc).expect("a TraceDoc always serialises")
}

/// Why a text is not a trace this version can read.
#[derive(Debug)]
pub enum ImportError {
    /// Not JSON, or not shaped like a trace document.
    Json(serde_json::Error),
    /// The `format` field names something else.
    WrongFormat(String),
    /// A version this build does not know.
    UnsupportedVersion(u32),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Json(e) => write!(f, "not a trace document: {e}"),
            ImportError::WrongFormat(found) => {
                write!(f, "format is {found:?}, expected {FORMAT:?}")
            }
            ImportError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "trace format version {v} is not supported (expected {VERSION})"
                )
            }
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for ImportError {
    fn from(e: serde_json::Error) -> Self {
        ImportError::Json(e)
    }
}

/// Reads a document written by [`to_json`] (or by hand, in the same format).
pub fn from_json(text: &str) -> Result<TraceDoc, ImportError> {
    let doc: TraceDoc = serde_json::from_str(text)?;
    if doc.format != FORMAT {
        return Err(ImportError::WrongFormat(doc.format));
    }
    if doc.version != VERSION {
        return Err(ImportError::UnsupportedVersion(doc.version));
    }
    Ok(doc)
}
