//! What the learner predicted right, kept in the browser across visits and
//! shown per chapter in the sidebar.
use leptos::prelude::*;

use crate::scenarios::predict::Progress;
use crate::scenarios::CATALOGUE;

use super::dom;

/// Where progress is kept; the value carries its own format version.
const STORAGE_KEY: &str = "async-playground.progress";

/// The learner's progress, shared through context.
#[derive(Clone, Copy)]
pub struct ProgressStore {
    progress: RwSignal<Progress>,
}

impl ProgressStore {
    /// Reads what an earlier visit stored.
    pub fn load() -> Self {
        let progress = dom::stored(STORAGE_KEY)
            .map(|text| Progress::from_json(&text))
            .unwrap_or_default();
        ProgressStore {
            progress: RwSignal::new(progress),
        }
    }

    /// Keeps the latest verdict of one question.
    pub fn record(&self, scenario: &str, question: &str, right: bool) {
        self.progress.update(|p| {
            p.answers.insert(Progress::key(scenario, question), right);
        });
        self.save();
    }

    pub fn reset(&self) {
        self.progress.set(Progress::default());
        self.save();
    }

    fn save(&self) {
        self.progress
            .with_untracked(|p| dom::store(STORAGE_KEY, &p.to_json()));
    }

    /// (right, asked) over the questions of a chapter's scenarios.
    pub fn chapter(&self, chapter: &str) -> (usize, usize) {
        let keys: Vec<String> = CATALOGUE
            .iter()
            .filter(|s| s.chapter == chapter)
            .flat_map(|s| s.questions.iter().map(|q| Progress::key(s.id, q.id)))
            .collect();
        let right = self
            .progress
            .with(|p| p.right_among(keys.iter().map(String::as_str)));
        (right, keys.len())
    }

    pub fn is_empty(&self) -> bool {
        self.progress.with(|p| p.answers.is_empty())
    }
}
