//! The Trace Event Format (Perfetto, chrome://tracing): a process per run,
//! a thread per task, spans as complete events, prints as instant events.
//! Times are in microseconds.
use serde::Serialize;
use serde_json::{json, Value};

use crate::engine::trace::TraceDoc;

#[derive(Serialize)]
struct Event<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cat: Option<&'a str>,
    ph: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ts: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<Value>,
    pid: usize,
    tid: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    args: Option<Value>,
}

impl<'a> Event<'a> {
    fn meta(name: &'a str, pid: usize, tid: usize, args: Value) -> Self {
        Event {
            name,
            cat: None,
            ph: "M",
            ts: None,
            dur: None,
            pid,
            tid,
            s: None,
            args: Some(args),
        }
    }
}

/// Whole nanoseconds, so that one span's end and the next one's start are
/// the same number after conversion.
fn ns(ms: f64) -> i64 {
    if ms.is_finite() && ms > 0.0 {
        (ms * 1e6).round() as i64
    } else {
        0
    }
}

/// Microseconds as JSON: an integer when whole (the usual case in virtual
/// time), so importers that scale by 1000 and truncate lose nothing.
fn micros(ns: i64) -> Value {
    if ns % 1000 == 0 {
        json!(ns / 1000)
    } else {
        json!(ns as f64 / 1000.0)
    }
}

/// The document as a Trace Event Format JSON object.
pub fn to_chrome_trace(doc: &TraceDoc) -> String {
    let mut meta: Vec<Event> = Vec::new();
    // (ts in ns, event); sorted by time once, stably, so each thread's
    // events keep the engine's order where times tie.
    let mut timed: Vec<(i64, Event)> = Vec::new();
    let process_names: Vec<String> = doc
        .runs
        .iter()
        .map(|run| format!("{} · {}", doc.scenario, run.variant))
        .collect();
    for (index, run) in doc.runs.iter().enumerate() {
        let pid = index + 1;
        meta.push(Event::meta(
            "process_name",
            pid,
            0,
            json!({ "name": process_names[index] }),
        ));
        meta.push(Event::meta(
            "process_sort_index",
            pid,
            0,
            json!({ "sort_index": index }),
        ));
        for task in &run.tasks {
            meta.push(Event::meta(
                "thread_name",
                pid,
                task.id,
                json!({ "name": task.name }),
            ));
            meta.push(Event::meta(
                "thread_sort_index",
                pid,
                task.id,
                json!({ "sort_index": task.id }),
            ));
            for span in &task.spans {
                let start = ns(span.start_ms);
                let end = ns(span.end_ms).max(start);
                let state = span.state.as_str();
                timed.push((
                    start,
                    Event {
                        name: state,
                        cat: Some(state),
                        ph: "X",
                        ts: Some(micros(start)),
                        dur: Some(micros(end - start)),
                        pid,
                        tid: task.id,
                        s: None,
                        args: Some(json!({ "on": span.on })),
                    },
                ));
            }
        }
        for line in &run.output {
            let at = ns(line.at_ms);
            timed.push((
                at,
                Event {
                    name: &line.text,
                    cat: Some("print"),
                    ph: "i",
                    ts: Some(micros(at)),
                    dur: None,
                    pid,
                    tid: line.task,
                    s: Some("t"),
                    args: None,
                },
            ));
        }
    }
    timed.sort_by_key(|(ts, _)| *ts);
    let mut out = String::from("{\"traceEvents\":[\n");
    let events = meta.iter().chain(timed.iter().map(|(_, e)| e));
    for (i, event) in events.enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(event).expect("events always serialise"));
    }
    out.push_str("\n],\"displayTimeUnit\":\"ms\"}\n");
    out
}
