//! The URL is the single source of truth for what a person can set: this is
//! the one place that reads it (on load and on Back/Forward) and writes it
//! (every change, at once).
use leptos::prelude::*;

use crate::link::{self, LinkState, Refusal, View};

use super::dom;

/// The page's link state and the keys its link had refused.
#[derive(Clone, Copy)]
pub struct Nav {
    pub link: RwSignal<LinkState>,
    pub refusals: RwSignal<Vec<Refusal>>,
}

impl Nav {
    /// Decodes the current address, and follows Back and Forward.
    pub fn from_location() -> Self {
        let decoded = link::decode(&dom::query());
        let nav = Nav {
            link: RwSignal::new(decoded.state),
            refusals: RwSignal::new(decoded.refusals),
        };
        let listener = window_event_listener(leptos::ev::popstate, move |_| {
            let decoded = link::decode(&dom::query());
            nav.link.set(decoded.state);
            nav.refusals.set(decoded.refusals);
        });
        on_cleanup(move || listener.remove());
        nav
    }

    /// Changes the state and writes the address: editing replaces the
    /// history entry, `push` adds one (Back returns to the previous view).
    pub fn update(&self, push: bool, change: impl FnOnce(&mut LinkState)) {
        self.link.update(change);
        let query = self.link.with_untracked(link::encode);
        dom::set_query(&query, push);
    }

    /// Opens another view with default parameters, keeping mode and language.
    pub fn open(&self, view: View) {
        self.refusals.set(Vec::new());
        self.update(true, |state| {
            let (mode, lang) = (state.mode, state.lang);
            *state = LinkState::new(view);
            state.mode = mode;
            state.lang = lang;
        });
    }

    /// The full address of the current state, for sharing.
    pub fn share_url(&self) -> String {
        dom::url_with_query(&self.link.with_untracked(link::encode))
    }

    /// The address of the current state as an embed (or, `embed` false,
    /// as the full page).
    pub fn url_with_embed(&self, embed: bool) -> String {
        let mut state = self.link.get_untracked();
        state.embed = embed;
        dom::url_with_query(&link::encode(&state))
    }
}
