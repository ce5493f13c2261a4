#![cfg(not(target_arch = "wasm32"))]
//! Exports (JSON, Chrome trace, SVG) and the timeline layout they share,
//! checked on real engine traces and on hand-made edge cases.
use std::collections::{HashMap, HashSet};

use async_playground::engine::*;
use async_playground::export::{from_json, to_chrome_trace, to_json, to_svg, ImportError};
use async_playground::layout::{layout, LayoutOptions, MarkerKind, TimelineLayout};
use serde_json::{json, Value};

// ---- traces ---------------------------------------------------------------

fn job(lp: &EventLoop, i: usize, ms: f64, fail: bool) -> Coro {
    let lp = lp.clone();
    Coro::new(format!("task{i}()"), async move {
        lp.sleep(ms).await?;
        if fail {
            return Err(Exc::new("ValueError", format!("task {i} failed")));
        }
        lp.print(format!("task {i} finished"));
        Ok(json!(format!("Task {i} done")))
    })
}

/// gather of 1000/2000/1500 ms jobs; with `fail`, the second fails at 500 ms.
fn gather_run(variant: &str, fail: bool) -> RunTrace {
    let lp = EventLoop::new_virtual();
    let l = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        let jobs = vec![
            job(&l, 1, 1000.0, false),
            job(&l, 2, if fail { 500.0 } else { 2000.0 }, fail),
            job(&l, 3, 1500.0, false),
        ];
        match l.gather(jobs).await {
            Ok(r) => Ok(Value::Array(r)),
            Err(e) => {
                l.print(format!("caught {e}"));
                l.sleep(1500.0).await?;
                Err(e)
            }
        }
    }));
    lp.run_virtual();
    lp.trace(variant, 2000.0)
}

/// main waits 1000 ms for an operation that needs 3000 ms.
fn timeout_run() -> RunTrace {
    let lp = EventLoop::new_virtual();
    let l = lp.clone();
    lp.spawn_main(Coro::new("main", async move {
        // A task whose wait_for times out ends `timed_out` (the operation
        // itself runs inside it, without a lane of its own).
        let inner = l.clone();
        let fetch = l.create_task(Coro::new("fetch(1)", async move {
            inner.wait_for(job(&inner, 1, 3000.0, false), 1000.0).await
        }));
        let r = fetch.join().await;
        l.print(format!("timed out: {}", r.is_err()));
        Ok(Value::Null)
    }));
    lp.run_virtual();
    lp.trace("timeout", 1000.0)
}

/// Task and print text that would be markup if not escaped.
fn hostile_run() -> RunTrace {
    let lp = EventLoop::new_virtual();
    let l = lp.clone();
    lp.spawn_main(Coro::new(HOSTILE_NAME, async move {
        l.print(HOSTILE_PRINT);
        l.sleep(10.0).await?;
        Ok(Value::Null)
    }));
    lp.run_virtual();
    lp.trace("a<b & \"c\"", 10.0)
}

const HOSTILE_NAME: &str = "<script>alert('name')</script> & \"co\"";
const HOSTILE_PRINT: &str = "<script>alert(\"print\")</script> \u{1b}[31m & ]]>";

fn gather_doc() -> TraceDoc {
    TraceDoc::new(
        "gather",
        Mode::Virtual,
        json!({ "durations_ms": [1000, 2000, 1500], "fail_ms": 500 }),
        vec![
            gather_run("all-succeed", false),
            gather_run("one-fails", true),
        ],
    )
}

fn span(state: SpanState, start_ms: f64, end_ms: f64) -> Span {
    Span {
        state,
        start_ms,
        end_ms,
        on: None,
    }
}

fn task(id: usize, start_ms: f64, end_ms: f64, spans: Vec<Span>) -> TaskTrace {
    TaskTrace {
        id,
        name: format!("task{id}"),
        parent: if id == 0 { None } else { Some(0) },
        start_ms,
        end_ms,
        outcome: TaskOutcome::Done,
        value: Value::Null,
        error: None,
        spans,
    }
}

fn run_of(variant: &str, total_ms: f64, tasks: Vec<TaskTrace>) -> RunTrace {
    RunTrace {
        variant: variant.into(),
        total_ms,
        ideal_ms: total_ms,
        result: Value::Null,
        error: None,
        tasks,
        output: vec![],
    }
}

/// One task waiting for the whole run.
fn simple_run(variant: &str, total_ms: f64) -> RunTrace {
    run_of(
        variant,
        total_ms,
        vec![task(
            0,
            0.0,
            total_ms,
            vec![span(SpanState::Waiting, 0.0, total_ms)],
        )],
    )
}

// ---- a tiny XML checker ---------------------------------------------------

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    /// Unescaped text directly inside this element.
    text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
    fn all(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        self.walk(&mut out);
        out
    }
    /// Text of this element and its descendants.
    fn deep_text(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            s.push_str(&c.deep_text());
        }
        s
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').ok_or("unterminated entity")? + i;
        let ent = &rest[i + 1..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or(format!("bad entity &{ent};"))?,
            _ if ent.starts_with('#') => ent[1..]
                .parse::<u32>()
                .ok()
                .and_then(char::from_u32)
                .ok_or(format!("bad entity &{ent};"))?,
            _ => return Err(format!("unknown entity &{ent};")),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// Parses well-formed XML (no DTD, no CDATA) into its root element.
fn parse_xml(doc: &str) -> Result<Node, String> {
    if let Some(c) = doc.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!("character {c:?} is not allowed in XML"));
    }
    let mut s = doc;
    if s.starts_with("<?xml") {
        s = &s[s.find("?>").ok_or("unterminated prolog")? + 2..];
    }
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let lt = s.find('<');
        let text = &s[..lt.unwrap_or(s.len())];
        if text.contains('>') && text.contains("]]>") {
            return Err("]]> in text".into());
        }
        let text = unescape(text)?;
        match stack.last_mut() {
            Some(top) => top.text.push_str(&text),
            None if !text.trim().is_empty() => return Err(format!("text outside root: {text:?}")),
            None => {}
        }
        let Some(lt) = lt else { break };
        s = &s[lt..];
        if s.starts_with("<!--") {
            s = &s[s.find("-->").ok_or("unterminated comment")? + 3..];
            continue;
        }
        let gt = s.find('>').ok_or("unterminated tag")?;
        let tag = &s[1..gt];
        s = &s[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let node = stack.pop().ok_or(format!("stray </{name}>"))?;
            if node.name != name.trim() {
                return Err(format!("<{}> closed by </{name}>", node.name));
            }
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None if root.is_none() => root = Some(node),
                None => return Err("two root elements".into()),
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let mut node = Node {
            name: tag[..name_end].to_string(),
            ..Node::default()
        };
        if !is_name(&node.name) {
            return Err(format!("bad element name {:?}", node.name));
        }
        let mut rest = tag[name_end..].trim_start();
        while !rest.is_empty() {
            let eq = rest
                .find('=')
                .ok_or(format!("attribute without value in <{}>", node.name))?;
            let key = rest[..eq].trim();
            if !is_name(key) {
                return Err(format!("bad attribute name {key:?}"));
            }
            let after = rest[eq + 1..].trim_start();
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            let quote = quote.ok_or(format!("unquoted attribute {key}"))?;
            let close = after[1..].find(quote).ok_or("unterminated attribute")? + 1;
            let raw = &after[1..close];
            if raw.contains('<') {
                return Err(format!("< in attribute {key}"));
            }
            if node.attrs.iter().any(|(k, _)| k == key) {
                return Err(format!("duplicate attribute {key}"));
            }
            node.attrs.push((key.to_string(), unescape(raw)?));
            let tail = &after[close + 1..];
            if !tail.is_empty() && !tail.starts_with(char::is_whitespace) {
                return Err(format!("no space after attribute {key}"));
            }
            rest = tail.trim_start();
        }
        if empty {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None if root.is_none() => root = Some(node),
                None => return Err("two root elements".into()),
            }
        } else {
            if root.is_some() {
                return Err("content after the root element".into());
            }
            stack.push(node);
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> never closed", open.name));
    }
    root.ok_or_else(|| "no root element".into())
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    assert!(parse_xml("<a><b></b></a>").is_ok());
    assert!(parse_xml("<a><b></a></b>").is_err());
    assert!(parse_xml("<a>x < y</a>").is_err());
    assert!(parse_xml("<a>x & y</a>").is_err());
    assert!(parse_xml("<a t=\"<\"/>").is_err());
    assert!(parse_xml("<a t=x/>").is_err());
    assert!(parse_xml("<a>\u{1b}</a>").is_err());
    assert!(parse_xml("<a/><b/>").is_err());
    assert_eq!(parse_xml("<a>&lt;&amp;&#x41;</a>").unwrap().text, "<&A");
}

// ---- JSON -----------------------------------------------------------------

/// Asserts that `keys` appear in `text` in this order, starting at `from`;
/// returns where the last one was found.
fn assert_in_order(text: &str, from: usize, keys: &[&str]) -> usize {
    let mut at = from;
    for key in keys {
        let needle = format!("\"{key}\":");
        let found = text[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} missing or out of order after byte {at}"));
        at += found + needle.len();
    }
    at
}

#[test]
fn json_round_trips_a_real_trace() {
    let doc = gather_doc();
    let text = to_json(&doc);
    let back = from_json(&text).expect("own export reads back");
    assert_eq!(back, doc);
    assert_eq!(to_json(&back), text, "export is reproducible byte for byte");
}

#[test]
fn json_uses_the_spec_field_names_in_spec_order() {
    let mut doc = gather_doc();
    doc.runs.push(timeout_run());
    let text = to_json(&doc);
    let runs = assert_in_order(
        &text,
        0,
        &[
            "format", "version", "scenario", "mode", "runtime", "params", "source", "runs",
        ],
    );
    let tasks = assert_in_order(
        &text,
        runs,
        &[
            "variant", "total_ms", "ideal_ms", "result", "error", "tasks",
        ],
    );
    let spans = assert_in_order(
        &text,
        tasks,
        &[
            "id", "name", "parent", "start_ms", "end_ms", "outcome", "value", "error", "spans",
        ],
    );
    let output = assert_in_order(
        &text,
        spans,
        &["state", "start_ms", "end_ms", "on", "output"],
    );
    assert_in_order(&text, output, &["at_ms", "task", "text"]);

    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "async-playground-trace");
    assert_eq!(v["version"], 1);
    assert_eq!(v["mode"], "virtual");
    let run0 = &v["runs"][0];
    assert_eq!(run0["variant"], "all-succeed");
    assert_eq!(run0["total_ms"], 2000.0);
    assert!(text.contains("\"total_ms\": 2000.0"), "times are floats");
    assert_eq!(run0["error"], Value::Null);
    assert_eq!(
        run0["result"],
        json!(["Task 1 done", "Task 2 done", "Task 3 done"])
    );
    assert_eq!(run0["tasks"][0]["parent"], Value::Null);
    assert_eq!(run0["tasks"][1]["parent"], 0);
    let main_wait = run0["tasks"][0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "waiting")
        .unwrap();
    assert_eq!(main_wait["on"], "gather");
    assert_eq!(v["runs"][1]["tasks"][2]["outcome"], "failed");
    assert_eq!(v["runs"][1]["error"], "ValueError: task 2 failed");
    assert_eq!(v["runs"][2]["tasks"][1]["outcome"], "timed_out");
    assert_eq!(run0["output"][0]["task"], 1);
}

#[test]
fn from_json_refuses_other_documents() {
    let doc = TraceDoc::new("x", Mode::Real, json!({}), vec![]);
    let mut v: Value = serde_json::from_str(&to_json(&doc)).unwrap();
    v["version"] = json!(2);
    assert!(matches!(
        from_json(&v.to_string()),
        Err(ImportError::UnsupportedVersion(2))
    ));
    v["version"] = json!(1);
    v["format"] = json!("something-else");
    assert!(matches!(
        from_json(&v.to_string()),
        Err(ImportError::WrongFormat(_))
    ));
    assert!(matches!(
        from_json("{\"format\":"),
        Err(ImportError::Json(_))
    ));
}

// ---- Chrome trace ---------------------------------------------------------

#[test]
fn chrome_trace_has_a_thread_per_task_and_spans_in_microseconds() {
    let doc = gather_doc();
    let v: Value = serde_json::from_str(&to_chrome_trace(&doc)).expect("valid JSON");
    assert_eq!(v["displayTimeUnit"], "ms");
    let events = v["traceEvents"].as_array().expect("traceEvents array");

    for (index, run) in doc.runs.iter().enumerate() {
        let pid = index as u64 + 1;
        let of_pid = |ph: &str, name: Option<&str>| -> Vec<&Value> {
            events
                .iter()
                .filter(|e| e["pid"] == pid && e["ph"] == ph)
                .filter(|e| name.is_none_or(|n| e["name"] == n))
                .collect()
        };
        let process = of_pid("M", Some("process_name"));
        assert_eq!(process.len(), 1);
        assert_eq!(
            process[0]["args"]["name"],
            format!("gather · {}", run.variant)
        );

        let names: HashMap<u64, String> = of_pid("M", Some("thread_name"))
            .iter()
            .map(|e| {
                (
                    e["tid"].as_u64().unwrap(),
                    e["args"]["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(names.len(), run.tasks.len());
        for t in &run.tasks {
            assert_eq!(
                names[&(t.id as u64)],
                t.name,
                "thread name of task {}",
                t.id
            );
        }

        let xs = of_pid("X", None);
        let span_count: usize = run.tasks.iter().map(|t| t.spans.len()).sum();
        assert_eq!(xs.len(), span_count, "one X event per span");
        for t in &run.tasks {
            for s in &t.spans {
                let found = xs.iter().any(|e| {
                    e["tid"] == t.id
                        && e["name"] == s.state.as_str()
                        && e["cat"] == s.state.as_str()
                        && e["ts"].as_f64() == Some(s.start_ms * 1000.0)
                        && e["dur"].as_f64() == Some((s.end_ms - s.start_ms) * 1000.0)
                        && e["args"]["on"] == json!(s.on)
                });
                assert!(found, "no X event for task {} span {s:?}", t.id);
            }
        }

        let instants = of_pid("i", None);
        assert_eq!(instants.len(), run.output.len());
        for line in &run.output {
            assert!(instants.iter().any(|e| e["name"] == line.text.as_str()
                && e["tid"] == line.task
                && e["s"] == "t"
                && e["ts"].as_f64() == Some(line.at_ms * 1000.0)));
        }
    }

    // task1() sleeps 1000 ms: one waiting event lasting 1_000_000 us.
    let sleep = events
        .iter()
        .find(|e| e["pid"] == 1 && e["tid"] == 1 && e["ph"] == "X" && e["name"] == "waiting")
        .expect("task1 waits");
    assert_eq!(sleep["ts"].as_f64(), Some(0.0));
    assert_eq!(sleep["dur"].as_f64(), Some(1_000_000.0));

    // ts never goes back within a thread.
    let mut last: HashMap<(u64, u64), f64> = HashMap::new();
    for e in events.iter().filter(|e| e["ph"] != "M") {
        let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        let ts = e["ts"].as_f64().expect("timed events have ts");
        let prev = last.insert(key, ts).unwrap_or(f64::NEG_INFINITY);
        assert!(ts >= prev, "ts went back on {key:?}: {prev} then {ts}");
    }
}

// ---- SVG ------------------------------------------------------------------

fn lanes_of(root: &Node) -> Vec<&Node> {
    root.all()
        .into_iter()
        .filter(|n| n.name == "g" && n.attr("class") == Some("lane"))
        .collect()
}

#[test]
fn svg_is_well_formed_with_a_lane_per_task_per_run() {
    let mut doc = gather_doc();
    doc.runs.push(timeout_run());
    let svg = to_svg(&doc, 900);
    let root = parse_xml(&svg).unwrap_or_else(|e| panic!("SVG is not XML: {e}"));
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attr("width"), Some("900"));
    let height = root.attr("height").unwrap();
    assert_eq!(
        root.attr("viewBox"),
        Some(format!("0 0 900 {height}").as_str())
    );
    let all = root.all();
    assert!(all.iter().any(|n| n.name == "style"));
    assert!(all
        .iter()
        .any(|n| n.name == "title" && n.text.contains("gather")));
    let patterns: HashSet<&str> = all
        .iter()
        .filter(|n| n.name == "pattern")
        .filter_map(|n| n.attr("id"))
        .collect();
    assert_eq!(patterns.len(), 3, "a pattern per textured state");
    // Every span is filled with a pattern that exists or (running, the one
    // solid state) with a colour, and no two states look alike.
    let mut fills: HashMap<String, String> = HashMap::new();
    for span in all.iter().filter(|n| n.name == "rect") {
        let Some(class) = span
            .attr("class")
            .and_then(|c| c.strip_prefix("span span-"))
        else {
            continue;
        };
        let fill = span.attr("fill").unwrap();
        match fill.strip_prefix("url(#").and_then(|f| f.strip_suffix(')')) {
            Some(id) => assert!(patterns.contains(id), "{class}: no pattern {id}"),
            None => assert!(fill.len() == 7 && fill.starts_with('#'), "{class}: {fill}"),
        }
        if let Some(other) = fills.insert(fill.to_string(), class.to_string()) {
            assert_eq!(other, class, "two states filled alike: {fill}");
        }
    }
    assert!(fills.len() >= 2, "{fills:?}");

    let lanes = lanes_of(&root);
    let tasks: usize = doc.runs.iter().map(|r| r.tasks.len()).sum();
    assert_eq!(lanes.len(), tasks);
    let expected: Vec<String> = doc
        .runs
        .iter()
        .flat_map(|r| r.tasks.iter().map(|t| t.id.to_string()))
        .collect();
    let got: Vec<&str> = lanes.iter().map(|l| l.attr("data-task").unwrap()).collect();
    assert_eq!(got, expected);

    let blocks: Vec<&&Node> = all
        .iter()
        .filter(|n| n.name == "g" && n.attr("class") == Some("run"))
        .collect();
    assert_eq!(blocks.len(), doc.runs.len());
    for (block, run) in blocks.iter().zip(&doc.runs) {
        assert_eq!(block.attr("data-variant"), Some(run.variant.as_str()));
        let title = block
            .children
            .iter()
            .find(|c| c.name == "text")
            .unwrap()
            .deep_text();
        assert!(title.contains(&run.variant), "{title}");
        assert!(
            title.contains(&format!("total {} ms", run.total_ms)),
            "{title}"
        );
    }

    // Every span is drawn, with its tooltip.
    let rects: usize = lanes
        .iter()
        .map(|l| {
            l.children
                .iter()
                .filter(|c| c.attr("class").is_some_and(|c| c.starts_with("span ")))
                .count()
        })
        .sum();
    let spans: usize = doc
        .runs
        .iter()
        .flat_map(|r| &r.tasks)
        .map(|t| t.spans.len())
        .sum();
    assert_eq!(rects, spans);
    assert!(svg.contains("marker-timed_out") && svg.contains("marker-failed"));
    let legend = all
        .iter()
        .find(|n| n.attr("class") == Some("legend"))
        .unwrap();
    let legend_text = legend.deep_text();
    for word in [
        "running",
        "waiting",
        "queued",
        "blocked",
        "done",
        "failed",
        "cancelled",
    ] {
        assert!(legend_text.contains(word), "legend lacks {word}");
    }
    let ticks: Vec<String> = all
        .iter()
        .filter(|n| n.attr("class") == Some("tick"))
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(ticks, ["0 ms", "500 ms", "1 s", "1.5 s", "2 s"]);
}

#[test]
fn svg_escapes_markup_in_names_and_prints() {
    let doc = TraceDoc::new("esc<ape>", Mode::Virtual, json!({}), vec![hostile_run()]);
    let svg = to_svg(&doc, 640);
    assert!(!svg.contains("<script"), "raw markup leaked into the SVG");
    let root = parse_xml(&svg).unwrap_or_else(|e| panic!("SVG is not XML: {e}"));
    let lanes = lanes_of(&root);
    assert_eq!(lanes.len(), 1);
    let texts: Vec<String> = root.all().iter().map(|n| n.text.clone()).collect();
    assert!(
        texts.iter().any(|t| t.contains(HOSTILE_NAME)),
        "the task name survives escaping"
    );
    let printed = HOSTILE_PRINT.replace('\u{1b}', "\u{FFFD}");
    assert!(
        texts.iter().any(|t| t.contains(&printed)),
        "the printed text survives escaping"
    );
    let block = root
        .all()
        .into_iter()
        .find(|n| n.attr("class") == Some("run"))
        .unwrap();
    assert_eq!(block.attr("data-variant"), Some("a<b & \"c\""));
}

#[test]
fn svg_of_an_empty_document_is_still_valid() {
    let doc = TraceDoc::new("empty", Mode::Real, json!({}), vec![]);
    let root = parse_xml(&to_svg(&doc, 0)).expect("valid XML");
    assert!(lanes_of(&root).is_empty());
}

// ---- layout ---------------------------------------------------------------

fn is_one_two_five(step: f64) -> bool {
    let magnitude = 10f64.powf(step.log10().floor());
    let m = step / magnitude;
    [1.0, 2.0, 5.0, 10.0].iter().any(|n| (m - n).abs() < 1e-9)
}

#[test]
fn ticks_are_nice_and_cover_the_axis() {
    for max in [
        0.0, 1.0, 7.0, 999.0, 1000.0, 2000.0, 2001.0, 3000.0, 12_345.0, 1e6,
    ] {
        let lay = layout(&[simple_run("v", max)], &LayoutOptions::default());
        let axis = &lay.axis;
        let ticks = &axis.ticks;
        assert!(axis.max_ms >= 1.0 && axis.max_ms >= max);
        assert!(
            is_one_two_five(axis.step_ms),
            "step {} for {max}",
            axis.step_ms
        );
        assert!(
            (5..=9).contains(&ticks.len()),
            "{} ticks for {max}",
            ticks.len()
        );
        assert_eq!(ticks[0].ms, 0.0);
        assert_eq!(ticks[0].label, "0 ms");
        assert_eq!(ticks[0].x, lay.plot_x);
        for pair in ticks.windows(2) {
            assert!((pair[1].ms - pair[0].ms - axis.step_ms).abs() < 1e-9 * axis.step_ms.max(1.0));
            assert!(pair[1].x > pair[0].x);
        }
        let last = ticks.last().unwrap();
        assert!(
            last.ms >= axis.max_ms,
            "ticks stop at {} before {}",
            last.ms,
            axis.max_ms
        );
        assert!(
            last.ms - axis.step_ms < axis.max_ms,
            "a tick too many for {max}"
        );
        assert!((last.x - (lay.plot_x + lay.plot_width)).abs() < 1e-6);
    }
    let lay = layout(&[simple_run("v", 1000.0)], &LayoutOptions::default());
    let labels: Vec<&str> = lay.axis.ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        ["0 ms", "200 ms", "400 ms", "600 ms", "800 ms", "1 s"]
    );
}

#[test]
fn runs_share_one_time_axis() {
    let runs = [simple_run("slow", 3000.0), simple_run("fast", 1000.0)];
    let lay = layout(&runs, &LayoutOptions::with_width(800.0));
    assert_eq!(lay.axis.max_ms, 3000.0);
    assert_eq!(lay.blocks.len(), 2);
    let (slow, fast) = (&lay.blocks[0], &lay.blocks[1]);
    assert_eq!(
        (slow.variant.as_str(), fast.variant.as_str()),
        ("slow", "fast")
    );
    let slow_px = slow.lanes[0].spans[0].width;
    let fast_px = fast.lanes[0].spans[0].width;
    assert!(
        (slow_px - 3.0 * fast_px).abs() < 1e-6,
        "{slow_px} vs 3 x {fast_px}"
    );
    assert!((fast.total_x - lay.plot_x - fast_px).abs() < 1e-6);
    assert!((slow.total_x - lay.plot_x - slow_px).abs() < 1e-6);
    assert!(fast.y >= slow.y + slow.height, "blocks do not overlap");
    assert!(lay.height_px >= fast.y + fast.height);
    assert!(lay.plot_x + lay.plot_width <= 800.0);
}

#[test]
fn zero_length_spans_stay_visible() {
    let t = task(
        0,
        0.0,
        1000.0,
        vec![
            span(SpanState::Running, 0.0, 0.0),
            span(SpanState::Waiting, 0.0, 1000.0),
            span(SpanState::Running, 1000.0, 1000.0),
            span(SpanState::Blocked, 500.0, 500.001),
        ],
    );
    let opts = LayoutOptions::default();
    let lay = layout(&[run_of("v", 1000.0, vec![t])], &opts);
    let spans = &lay.blocks[0].lanes[0].spans;
    assert_eq!(spans[0].width, opts.min_span_px);
    assert!(spans[1].width > 100.0);
    assert_eq!(spans[2].width, opts.min_span_px);
    assert_eq!(spans[3].width, opts.min_span_px);
    assert_eq!(spans[0].x, lay.plot_x);
    let tip = spans[0].tooltip(&lay.blocks[0].lanes[0].name);
    assert!(tip.contains("task0") && tip.contains("running"), "{tip}");
}

#[test]
fn layout_of_a_real_trace_has_tooltips_markers_and_prints() {
    let run = gather_run("one-fails", true);
    let lay = layout(std::slice::from_ref(&run), &LayoutOptions::default());
    let block = &lay.blocks[0];
    assert_eq!(block.lanes.len(), run.tasks.len());
    let failed = &block.lanes[2];
    assert_eq!(failed.label, "task2()");
    assert_eq!(failed.end.kind, MarkerKind::End(TaskOutcome::Failed));
    assert!(
        failed.end.tooltip.contains("ValueError"),
        "{}",
        failed.end.tooltip
    );
    assert_eq!(block.lanes[1].end.kind, MarkerKind::End(TaskOutcome::Done));
    assert_eq!(block.lanes[1].start.kind, MarkerKind::Start);
    assert!(block.lanes[1].end.x > block.lanes[1].start.x);
    let wait = block.lanes[0]
        .spans
        .iter()
        .find(|s| s.on.as_deref() == Some("gather"))
        .unwrap();
    let tip = wait.tooltip(&block.lanes[0].name);
    for part in ["main", "waiting", "gather", "0 ms", "500 ms"] {
        assert!(tip.contains(part), "{part} not in {tip:?}");
    }
    assert_eq!(block.prints.len(), run.output.len());
    for (marker, line) in block.prints.iter().zip(&run.output) {
        let lane = &block.lanes[marker.lane.expect("printing task has a lane")];
        assert_eq!(lane.task_id, line.task);
        assert!(marker.y >= lane.y && marker.y <= lane.y + lane.height);
        assert_eq!(marker.x, lay.axis.x(line.at_ms));
    }
    let timeout = layout(&[timeout_run()], &LayoutOptions::default());
    assert_eq!(
        timeout.blocks[0].lanes[1].end.kind,
        MarkerKind::End(TaskOutcome::TimedOut)
    );
}

#[test]
fn ten_thousand_tasks_lay_out() {
    let tasks: Vec<TaskTrace> = (0..10_000)
        .map(|i| {
            let start = i as f64 * 0.5;
            task(
                i,
                start,
                start + 100.0,
                vec![
                    span(SpanState::Running, start, start),
                    span(SpanState::Queued, start, start + 60.0),
                    span(SpanState::Running, start + 60.0, start + 100.0),
                ],
            )
        })
        .collect();
    let mut run = run_of("many", 5100.0, tasks);
    run.output = (0..10_000)
        .map(|i| OutputLine {
            at_ms: i as f64,
            task: i,
            text: format!("line {i}"),
        })
        .collect();
    let lay: TimelineLayout = layout(std::slice::from_ref(&run), &LayoutOptions::default());
    let lanes = &lay.blocks[0].lanes;
    assert_eq!(lanes.len(), 10_000);
    assert!(lanes.windows(2).all(|w| w[1].y > w[0].y));
    assert!(lay.blocks[0]
        .prints
        .iter()
        .enumerate()
        .all(|(i, p)| p.lane == Some(i)));
    let doc = TraceDoc::new("many", Mode::Virtual, json!({}), vec![run]);
    let svg = to_svg(&doc, 1200);
    assert_eq!(svg.matches("<g class=\"lane\"").count(), 10_000);
}

#[test]
fn the_page_draws_the_prints_in_its_window_with_tooltips_as_attributes() {
    use async_playground::export::svg::{write_prints, Tooltips};
    let doc = gather_doc();
    let lay = layout(&doc.runs, &LayoutOptions::with_width(900.0));
    let block = &lay.blocks[0];
    // all-succeed: tasks 1..=3 each print once, on their own lane.
    assert_eq!(block.prints.len(), 3);
    let second = &block.lanes[2];
    let mut out = String::new();
    write_prints(
        &mut out,
        block,
        second.y..=second.y + second.height,
        Tooltips::DataTips,
    );
    let root = parse_xml(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let drawn: Vec<_> = root
        .all()
        .into_iter()
        .filter(|n| n.name == "path")
        .collect();
    assert_eq!(drawn.len(), 1, "{out}");
    assert_eq!(
        drawn[0].attr("data-printed-by"),
        Some(second.task_id.to_string().as_str())
    );
    assert!(drawn[0]
        .attr("data-tip")
        .unwrap()
        .contains("task 2 finished"));
    assert!(!out.contains("<title>"));

    let mut nothing = String::new();
    write_prints(&mut nothing, block, -100.0..=-1.0, Tooltips::DataTips);
    assert_eq!(nothing, "", "no prints in view: no group either");
}
