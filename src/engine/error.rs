//! Python-style exceptions carried through `Result`s, so cancellation and
//! timeouts surface at the await point exactly as asyncio raises them.
use std::fmt;

/// An exception as asyncio would raise it: a type name and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exc {
    pub kind: String,
    pub message: String,
}

pub const CANCELLED: &str = "CancelledError";
pub const TIMEOUT: &str = "TimeoutError";

impl Exc {
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Exc {
            kind: kind.into(),
            message: message.into(),
        }
    }
    pub fn cancelled() -> Self {
        Exc::new(CANCELLED, "")
    }
    pub fn timeout() -> Self {
        Exc::new(TIMEOUT, "")
    }
    pub fn is_cancelled(&self) -> bool {
        self.kind == CANCELLED
    }
    pub fn is_timeout(&self) -> bool {
        self.kind == TIMEOUT
    }
}

impl fmt::Display for Exc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

impl std::error::Error for Exc {}

/// What a coroutine returns: a JSON value or an exception.
pub type Outcome = Result<serde_json::Value, Exc>;
