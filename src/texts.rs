//! Every text of the page comes from the locale files under `locales/`
//! (compiled in by build.rs as one sorted table); this is the one door to
//! them.
use crate::lang::Lang;

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// The text for `key` in `lang`, else in English, else the key itself.
pub fn text(key: &str, lang: Lang) -> String {
    lookup(key, lang).unwrap_or(key).to_string()
}

fn lookup(key: &str, lang: Lang) -> Option<&'static str> {
    let at = TEXTS.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
    let (_, en, zh) = TEXTS[at];
    match lang {
        Lang::Zh => zh.or(en),
        Lang::En => en,
    }
}

/// Whether `key` has a text in `lang` (or in English, which stands in for
/// a missing Chinese one).
pub fn has(key: &str, lang: Lang) -> bool {
    lookup(key, lang).is_some()
}

/// The keys every scenario must have in both languages.
pub fn scenario_keys(id: &str, variants: &[&str], params: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = ["title", "summary", "watch", "differences"]
        .iter()
        .map(|k| format!("scenarios.{id}.{k}"))
        .collect();
    for v in variants {
        keys.push(format!("scenarios.{id}.variants.{v}"));
        keys.push(format!("scenarios.{id}.claims.{v}"));
    }
    for p in params {
        keys.push(format!("scenarios.{id}.params.{p}"));
    }
    keys
}

/// The key of a loop callback's name: the engine names its callbacks in
/// English (`timer: sleep done`); the step view says them in the page's
/// language, as `step.callback.timer_sleep_done`.
pub fn callback_key(kind: &str) -> String {
    let slug: String = kind
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    format!("step.callback.{slug}")
}

/// A loop callback's name in `lang`, or as the engine wrote it when no
/// text names it.
pub fn callback_name(kind: &str, lang: Lang) -> String {
    lookup(&callback_key(kind), lang).map_or_else(|| kind.to_string(), str::to_string)
}

/// A number a text states, filled into its `%{name}` placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum Var {
    Num(f64),
    List(Vec<f64>),
}

/// Fills a template's placeholders: `%{name}` gives the number as the
/// language writes it (`10,000`, `1.5`), a list as `a, b, c`;
/// `%{name|one|other}` the number followed by the noun that agrees with it
/// ("1 request", "20 requests"; Chinese has one form, so zh templates use
/// the plain form). An unknown name is left as written, so a test sees it.
pub fn fill(template: &str, lang: Lang, vars: &[(String, Var)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("%{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let mut parts = after[..end].split('|');
        let name = parts.next().unwrap_or_default();
        let forms: Vec<&str> = parts.collect();
        match vars.iter().find(|(n, _)| n == name) {
            Some((_, Var::Num(n))) => {
                out.push_str(&number(*n, lang));
                if let [one, other] = forms[..] {
                    out.push(' ');
                    out.push_str(if *n == 1.0 { one } else { other });
                }
            }
            Some((_, Var::List(items))) => {
                let shown: Vec<String> = items.iter().map(|n| number(*n, lang)).collect();
                out.push_str(&shown.join(", "));
            }
            None => out.push_str(&rest[start..start + 3 + end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A time as the page's texts write it: `1500 ms`, `12,000 ms`, `16.7 ms`
/// (a tenth of a millisecond at most, digits grouped like [`number`]).
pub fn duration(ms: f64, lang: Lang) -> String {
    format!("{} ms", number((ms * 10.0).round() / 10.0, lang))
}

/// A number as both languages write it in running text: at most three
/// decimals, no trailing zeros, and from five digits on thousands grouped
/// with commas (`1500`, `10,000`), so a list of durations stays readable.
pub fn number(n: f64, _lang: Lang) -> String {
    let text = crate::format::fmt_ms(n);
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut grouped = String::new();
    let group = digits.len() >= 5;
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vec<(String, Var)> {
        vec![
            ("urls".into(), Var::Num(20.0)),
            ("one".into(), Var::Num(1.0)),
            ("big".into(), Var::Num(100_000.0)),
            ("half".into(), Var::Num(1.5)),
            ("list".into(), Var::List(vec![1000.0, 2500.0])),
        ]
    }

    #[test]
    fn fills_numbers_plurals_and_lists() {
        let text =
            "%{urls|request|requests}, %{one|request|requests}, %{big} ms, %{half} s, %{list}";
        assert_eq!(
            fill(text, Lang::En, &vars()),
            "20 requests, 1 request, 100,000 ms, 1.5 s, 1000, 2500"
        );
    }

    #[test]
    fn leaves_unknown_names_and_unclosed_braces_as_written() {
        assert_eq!(
            fill("%{nope} and %{urls", Lang::Zh, &vars()),
            "%{nope} and %{urls"
        );
    }

    #[test]
    fn the_table_is_sorted_for_its_binary_search() {
        assert!(TEXTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TEXTS.len() > 500, "{}", TEXTS.len());
    }

    #[test]
    fn a_text_comes_in_its_language_and_a_missing_one_says_its_key() {
        assert_eq!(text("app.title", Lang::En), "Async Playground");
        assert_eq!(text("app.title", Lang::Zh), "异步演练场 Async Playground");
        assert_eq!(text("app.menu", Lang::Zh), "目录");
        assert_eq!(text("no.such.key", Lang::En), "no.such.key");
        assert!(!has("no.such.key", Lang::Zh));
        assert!(has("app.menu", Lang::En));
    }
}
