//! Highlights every scenario's listings at build time (syntect), so the page
//! ships finished HTML and no highlighter. Tokens get one-letter classes
//! (`k` keyword, `s` string, `c` comment, `n` number, `f` function, `t` type)
//! styled by assets/style.css. And compiles the texts of `locales/` into one
//! sorted table (see `texts_table`).
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

const LISTINGS: &[(&str, &str)] = &[("run.rs", "rs"), ("example.py", "py"), ("example.js", "js")];

/// Scope prefixes and their class, most specific first.
const CATEGORIES: &[(&str, &str)] = &[
    ("comment", "c"),
    ("string", "s"),
    ("constant.character", "s"),
    ("constant.numeric", "n"),
    ("constant.language", "k"),
    ("keyword", "k"),
    ("storage.modifier", "k"),
    ("variable.language", "k"),
    ("entity.name.tag", "k"),
    ("entity.name.function", "f"),
    ("support.function", "f"),
    ("variable.function", "f"),
    ("meta.function-call.identifier", "f"),
    ("entity.name.type", "t"),
    ("entity.name.class", "t"),
    ("support.type", "t"),
    ("support.class", "t"),
];

fn category(stack: &ScopeStack) -> Option<&'static str> {
    stack.as_slice().iter().rev().find_map(|scope| {
        let name = scope.build_string();
        // Python's `def`/`async` and JS's `const` are storage types too.
        if name.starts_with("storage.type") {
            return Some(if name.contains(".rust") { "t" } else { "k" });
        }
        CATEGORIES
            .iter()
            .find(|(prefix, _)| name.starts_with(prefix))
            .map(|(_, class)| *class)
    })
}

fn split_late_keywords(text: &str) -> Vec<(Option<&'static str>, String)> {
    let mut out: Vec<(Option<&'static str>, String)> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<(Option<&'static str>, String)>| {
        if word.is_empty() {
            return;
        }
        let cat = matches!(word.as_str(), "async" | "await" | "dyn").then_some("k");
        out.push((cat, std::mem::take(word)));
    };
    for ch in text.chars() {
        if ch.is_alphanumeric() || ch == '_' {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            match out.last_mut() {
                Some((None, buf)) => buf.push(ch),
                _ => out.push((None, ch.to_string())),
            }
        }
    }
    flush(&mut word, &mut out);
    // Re-join neighbouring plain runs.
    let mut merged: Vec<(Option<&'static str>, String)> = Vec::new();
    for (cat, text) in out {
        match merged.last_mut() {
            Some((last, buf)) if *last == cat && cat.is_none() => buf.push_str(&text),
            _ => merged.push((cat, text)),
        }
    }
    merged
}

fn escape(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
}

fn highlight(src: &str, ext: &str, set: &SyntaxSet) -> String {
    let syntax = set
        .find_syntax_by_extension(ext)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut runs: Vec<(Option<&'static str>, String)> = Vec::new();
    for line in LinesWithEndings::from(src) {
        let ops = state.parse_line(line, set).expect("listing parses");
        let mut pos = 0;
        let mut push = |cat: Option<&'static str>, text: &str| {
            if text.is_empty() {
                return;
            }
            match runs.last_mut() {
                Some((last, buf)) if *last == cat => buf.push_str(text),
                _ => runs.push((cat, text.to_string())),
            }
        };
        for (at, op) in ops {
            push(category(&stack), &line[pos..at]);
            pos = at;
            if let ScopeStackOp::Noop = op {
                continue;
            }
            stack.apply(&op).expect("scope stack");
        }
        push(category(&stack), &line[pos..]);
    }
    // The bundled Rust grammar predates `async`/`await`: mark them here.
    if ext == "rs" {
        runs = runs
            .into_iter()
            .flat_map(|(cat, text)| match cat {
                Some(_) => vec![(cat, text)],
                None => split_late_keywords(&text),
            })
            .collect();
    }
    let mut html = String::new();
    for (cat, text) in runs {
        match cat {
            Some(class) => {
                write!(html, "<span class=\"{class}\">").unwrap();
                escape(&text, &mut html);
                html.push_str("</span>");
            }
            None => escape(&text, &mut html),
        }
    }
    html
}

/// The languages of the page, in the table's column order.
const LANGS: [&str; 2] = ["en", "zh"];

/// Collects the texts of a `_version: 2` locale file (rust-i18n's format,
/// which the files keep: each key maps its languages to a text).
fn collect_texts(
    map: &serde_yaml::Mapping,
    file: &Path,
    out: &mut BTreeMap<String, [Option<String>; 2]>,
) {
    for (key, value) in map {
        let key = key
            .as_str()
            .unwrap_or_else(|| panic!("{}: a key that is not text", file.display()));
        if key == "_version" {
            continue;
        }
        let serde_yaml::Value::Mapping(entries) = value else {
            panic!("{}: {key} is not a map of languages", file.display());
        };
        for (lang, text) in entries {
            match (
                lang.as_str()
                    .and_then(|l| LANGS.iter().position(|x| *x == l)),
                text,
            ) {
                (Some(column), serde_yaml::Value::String(text)) => {
                    let slot = &mut out.entry(key.to_string()).or_default()[column];
                    assert!(slot.is_none(), "{}: {key} is written twice", file.display());
                    *slot = Some(text.clone());
                }
                _ => panic!(
                    "{}: {key}: {lang:?} is not a language of the page with a text",
                    file.display()
                ),
            }
        }
    }
}

/// Every text as a static table sorted by key, `(key, en, zh)`: a lookup is
/// a binary search. (rust-i18n, used before, built a hash map at start-up
/// from a 113 KB function of generated code.)
fn texts_table() -> String {
    let mut files = vec![Path::new("locales/app.yml").to_path_buf()];
    let mut scenarios: Vec<_> = fs::read_dir("locales/scenarios")
        .expect("locales/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    scenarios.sort();
    files.extend(scenarios);
    let mut texts = BTreeMap::new();
    for file in &files {
        let yaml = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            doc.get("_version").and_then(|v| v.as_u64()),
            Some(2),
            "{}: _version: 2",
            file.display()
        );
        let serde_yaml::Value::Mapping(map) = doc else {
            panic!("{}: not a map", file.display());
        };
        collect_texts(&map, file, &mut texts);
    }
    let mut code = String::from(
        "/// Every text of `locales/`, sorted by key: (key, English, Chinese).\n\
         pub static TEXTS: &[(&str, Option<&str>, Option<&str>)] = &[\n",
    );
    for (key, [en, zh]) in texts {
        writeln!(code, "    ({key:?}, {en:?}, {zh:?}),").unwrap();
    }
    code.push_str("];\n");
    code
}

fn main() {
    println!("cargo:rerun-if-changed=src/scenarios");
    println!("cargo:rerun-if-changed=locales");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    fs::write(Path::new(&out_dir).join("texts.rs"), texts_table()).expect("write texts.rs");
    let set = SyntaxSet::load_defaults_newlines();
    let mut code = String::from(
        "/// The highlighted HTML of a scenario's listing (`folder`, `file`).\n\
         pub fn highlighted(folder: &str, file: &str) -> Option<&'static str> {\n    match (folder, file) {\n",
    );
    let mut folders: Vec<_> = fs::read_dir("src/scenarios")
        .expect("src/scenarios")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    for folder in folders {
        for (file, ext) in LISTINGS {
            let path = Path::new("src/scenarios").join(&folder).join(file);
            let Ok(src) = fs::read_to_string(&path) else {
                continue;
            };
            let html = highlight(&src, ext, &set);
            writeln!(code, "        ({folder:?}, {file:?}) => Some({html:?}),").unwrap();
        }
    }
    code.push_str("        _ => None,\n    }\n}\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("listings.rs");
    fs::write(out, code).expect("write listings.rs");
}
