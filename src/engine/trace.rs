//! The trace model: exactly the JSON of `shared/spec/trace-format.md`
//! (field order included, so exports are byte-for-byte reproducible).
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const FORMAT: &str = "async-playground-trace";
pub const VERSION: u32 = 1;

/// Which clock a run used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Real,
    Virtual,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Real => "real",
            Mode::Virtual => "virtual",
        }
    }
}

/// What ran the program: the same words as the link's `runtime=` key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    /// The Rust engine.
    #[default]
    Engine,
    /// Real CPython in the page (Pyodide).
    Python,
    /// The JavaScript, run for real.
    Js,
}

impl Runtime {
    pub const ALL: [Runtime; 3] = [Runtime::Engine, Runtime::Python, Runtime::Js];

    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Engine => "engine",
            Runtime::Python => "python",
            Runtime::Js => "js",
        }
    }

    pub fn parse(text: &str) -> Option<Runtime> {
        Runtime::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// One exported document: every variant of one scenario run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceDoc {
    pub format: String,
    pub version: u32,
    pub scenario: String,
    pub mode: Mode,
    /// Read as `engine` from documents written before runtimes existed.
    #[serde(default)]
    pub runtime: Runtime,
    pub params: Value,
    /// The program that ran, when it was written or edited (null for a
    /// scenario run as the page ships it).
    #[serde(default)]
    pub source: Option<String>,
    pub runs: Vec<RunTrace>,
}

impl TraceDoc {
    pub fn new(scenario: &str, mode: Mode, params: Value, runs: Vec<RunTrace>) -> Self {
        TraceDoc {
            format: FORMAT.into(),
            version: VERSION,
            scenario: scenario.into(),
            mode,
            runtime: Runtime::Engine,
            params,
            source: None,
            runs,
        }
    }

    /// The same document, produced by another runtime.
    pub fn with_runtime(mut self, runtime: Runtime, source: Option<String>) -> Self {
        self.runtime = runtime;
        self.source = source;
        self
    }
}

/// One variant's run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunTrace {
    pub variant: String,
    pub total_ms: f64,
    pub ideal_ms: f64,
    pub result: Value,
    pub error: Option<String>,
    pub tasks: Vec<TaskTrace>,
    pub output: Vec<OutputLine>,
}

impl RunTrace {
    /// The latest moment the run has recorded: its total, or later a task's
    /// end or a printed line (a program's timers can print after `main`
    /// has returned).
    pub fn latest_ms(&self) -> f64 {
        let ends = self.tasks.iter().map(|t| t.end_ms);
        let prints = self.output.iter().map(|o| o.at_ms);
        ends.chain(prints).fold(self.total_ms, f64::max)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TaskOutcome {
    Done,
    Failed,
    Cancelled,
    TimedOut,
    /// The run was stopped before the task ended.
    Running,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskTrace {
    pub id: usize,
    pub name: String,
    pub parent: Option<usize>,
    pub start_ms: f64,
    pub end_ms: f64,
    pub outcome: TaskOutcome,
    pub value: Value,
    pub error: Option<String>,
    pub spans: Vec<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum SpanState {
    /// Holding the loop.
    Running,
    /// Suspended at an await (timer, I/O, another task).
    Waiting,
    /// Waiting for a semaphore or lock.
    Queued,
    /// Ready, but the loop is held by a blocking call.
    Blocked,
}

impl SpanState {
    pub const ALL: [SpanState; 4] = [
        SpanState::Running,
        SpanState::Waiting,
        SpanState::Queued,
        SpanState::Blocked,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SpanState::Running => "running",
            SpanState::Waiting => "waiting",
            SpanState::Queued => "queued",
            SpanState::Blocked => "blocked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub state: SpanState,
    pub start_ms: f64,
    pub end_ms: f64,
    pub on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputLine {
    pub at_ms: f64,
    pub task: usize,
    pub text: String,
}

/// The longest stretch for which the program held its event loop: running
/// spans of every task, merged where one starts as another ends. In virtual
/// time only a blocking call makes a running span longer than zero, so this
/// is what a heartbeat task inside the program would see stall.
pub fn longest_hold_ms(run: &RunTrace) -> f64 {
    let mut held: Vec<(f64, f64)> = run
        .tasks
        .iter()
        .flat_map(|t| &t.spans)
        .filter(|s| s.state == SpanState::Running && s.end_ms > s.start_ms)
        .map(|s| (s.start_ms, s.end_ms))
        .collect();
    held.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut longest = 0.0_f64;
    let mut stretch: Option<(f64, f64)> = None;
    for (start, end) in held {
        stretch = match stretch {
            Some((from, to)) if start <= to => Some((from, to.max(end))),
            _ => Some((start, end)),
        };
        if let Some((from, to)) = stretch {
            longest = longest.max(to - from);
        }
    }
    longest
}
