//! CPython 3.14 as the oracle: one Node process running the page's Pyodide
//! with the project's tracer (`cpython.mjs`), fed one program per line.
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use async_playground::engine::recorder::{replay, ProgramRun};
use async_playground::engine::RunTrace;

pub struct CPython {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    pub version: String,
}

impl CPython {
    pub fn start() -> CPython {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut child = Command::new("node")
            .arg(format!("{root}/tests/differential/cpython.mjs"))
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs the differential test's CPython (make test installs it)");
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut hello = String::new();
        stdout.read_line(&mut hello).expect("CPython starts");
        let hello: serde_json::Value = serde_json::from_str(&hello)
            .unwrap_or_else(|e| panic!("Pyodide did not start under Node ({e}): {hello:?}"));
        let version = hello["version"].as_str().unwrap_or("?").to_string();
        CPython {
            child,
            stdin,
            stdout,
            version,
        }
    }

    /// Runs one program in virtual time; the trace as the page would draw it.
    #[allow(dead_code)] // not every test binary that includes this uses both
    pub fn run(&mut self, source: &str) -> (ProgramRun, RunTrace) {
        let run = self.request(&serde_json::json!({ "source": source }));
        let trace = replay(&run, "differential", 0.0);
        (run, trace)
    }

    /// One request as the page's Worker takes it: `source`, and optionally
    /// `entry`, `setup`, `latency_ms`.
    pub fn request(&mut self, request: &serde_json::Value) -> ProgramRun {
        writeln!(self.stdin, "{request}").expect("CPython reads the program");
        self.stdin.flush().expect("flush");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("CPython answers");
        ProgramRun::parse(&line)
    }
}

impl Drop for CPython {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
