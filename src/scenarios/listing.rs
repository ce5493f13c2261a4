//! Code listings adapted to the current parameters. A listing names a
//! parameter as `__key__` (its value as the catalogue writes it) and, for a
//! `_ms` key, as `__stem_s__` (in seconds, as Python's `asyncio.sleep` takes
//! it): `__latency_ms__` → `1000`, `__latency_s__` → `1`.
use super::{ParamValue, Params};

/// Milliseconds as Python seconds: 1000 → "1", 1500 → "1.5", 10 → "0.01".
pub fn seconds(ms: i64) -> String {
    let s = format!("{:.3}", ms as f64 / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

fn join(list: &[i64], f: impl Fn(i64) -> String) -> String {
    list.iter().map(|&v| f(v)).collect::<Vec<_>>().join(", ")
}

/// Replaces every placeholder with the value `variant` runs with.
pub fn fill(src: &str, params: &Params, variant: &str) -> String {
    let mut out = src.to_string();
    for spec in params.specs() {
        let value = params.value(spec.key, variant);
        let plain = match &value {
            ParamValue::Int(v) => v.to_string(),
            ParamValue::Float(v) => format!("{v}"),
            ParamValue::IntList(list) => join(list, |v| v.to_string()),
        };
        out = out.replace(&format!("__{}__", spec.key), &plain);
        if let Some(stem) = spec.key.strip_suffix("_ms") {
            let secs = match &value {
                ParamValue::Int(v) => seconds(*v),
                ParamValue::Float(v) => seconds(*v as i64),
                ParamValue::IntList(list) => join(list, seconds),
            };
            out = out.replace(&format!("__{stem}_s__"), &secs);
        }
    }
    out
}

include!(concat!(env!("OUT_DIR"), "/listings.rs"));

/// A scenario's listing, highlighted at build time, with its placeholders
/// filled for `variant`. `file` is `run.rs`, `example.py` or `example.js`.
pub fn highlighted_filled(id: &str, file: &str, params: &Params, variant: &str) -> Option<String> {
    let folder = id.replace('-', "_");
    highlighted(&folder, file).map(|html| fill(html, params, variant))
}

/// A scenario's listing as plain text, read back from its highlighted HTML
/// (the page ships one copy of each listing, not two).
pub fn source(id: &str, file: &str) -> Option<String> {
    let folder = id.replace('-', "_");
    highlighted(&folder, file).map(plain_text)
}

/// Removes the highlighter's tags and undoes its escapes (`build.rs`
/// escapes exactly `<`, `>`, `&` and `"`; listings contain no tags).
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let (text, len) = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&amp;", '&'),
            ("&quot;", '"'),
        ]
        .iter()
        .find(|(entity, _)| rest.starts_with(entity))
        .map_or(('&', 1), |(entity, ch)| (*ch, entity.len()));
        out.push(text);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}
