//! The page's language as a signal, and the lookup components use for every
//! label (texts live in `locales/`).
use leptos::prelude::*;

use crate::lang::Lang;
use crate::texts;

/// The language the page shows, provided by App.
#[derive(Clone, Copy)]
pub struct PageLang(pub Memo<Lang>);

/// A reactive text lookup: `text("run.button")`.
pub fn use_text() -> impl Fn(&str) -> String + Copy + Send + Sync + 'static {
    let lang = expect_context::<PageLang>().0;
    move |key: &str| texts::text(key, lang.get())
}
