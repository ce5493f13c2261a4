//! Every text of the page comes from the locale files under `locales/`
//! (rust-i18n, compiled in); this is the one door to them.
use crate::lang::Lang;

/// The text for `key` in `lang` (the key itself if it is missing).
pub fn text(key: &str, lang: Lang) -> String {
    rust_i18n::t!(key, locale = lang.code()).into_owned()
}

/// Whether `key` exists in `lang` (rust-i18n answers a missing key with
/// the key itself).
pub fn has(key: &str, lang: Lang) -> bool {
    text(key, lang) != key
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
