//! Predict, then run: the scenario's questions before a run, each judged by
//! the run that follows from its own trace, with the moment that decides it
//! marked on the timeline.
use leptos::prelude::*;

use crate::lang::Lang;
use crate::scenarios::predict::{Answer, Verdict};
use crate::scenarios::{Params, Scenario};
use crate::texts;

use super::i18n::{use_text, PageLang};
use super::progress::ProgressStore;
use super::runner::{RunStatus, Runner};

/// A moment of a run the page points at: the one that decides a question.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub variant: String,
    pub at_ms: f64,
    /// Short: the question's number.
    pub label: String,
    /// Said to whoever hovers or reads it.
    pub title: String,
    pub kind: MarkKind,
}

/// What a mark on the timeline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// The moment that decides a question.
    Decides,
    /// The step view's cursor.
    Cursor,
    /// Where the JavaScript run differs from asyncio.
    Difference,
}

/// The predictions of one scenario page: what is picked now, what was
/// picked when Run was pressed, and how the run judged it.
#[derive(Clone, Copy)]
pub struct Predictions {
    scenario: &'static Scenario,
    picks: RwSignal<Vec<Option<usize>>>,
    /// The picks and parameters of the run under way, until it is judged.
    asked: StoredValue<Option<(Vec<Option<usize>>, Params)>>,
    verdicts: RwSignal<Vec<Option<Verdict>>>,
    /// The parameters the verdicts were judged with.
    judged: RwSignal<Option<Params>>,
}

impl Predictions {
    /// Starts judging the runs of `scenario` as they end.
    pub fn new(scenario: &'static Scenario, params: Memo<Params>) -> Self {
        let runner = expect_context::<Runner>();
        let progress = expect_context::<ProgressStore>();
        let none = vec![None; scenario.questions.len()];
        let predictions = Predictions {
            scenario,
            picks: RwSignal::new(none.clone()),
            asked: StoredValue::new(None),
            verdicts: RwSignal::new(Vec::new()),
            judged: RwSignal::new(None),
        };
        // Options belong to the parameters they were computed for: a pick
        // made for other parameters would point at another answer.
        Effect::new(move |previous: Option<Params>| {
            let now = params.get();
            if previous.is_some_and(|p| p != now) {
                predictions.picks.set(none.clone());
            }
            now
        });
        Effect::new(move |_| {
            let status = runner.status.get();
            runner.doc.track();
            match status {
                RunStatus::Done => {}
                RunStatus::Running | RunStatus::Idle => return,
                // A refused or stopped run answers nothing.
                RunStatus::Error | RunStatus::Stopped => {
                    predictions.asked.set_value(None);
                    return;
                }
            }
            let Some((picks, params)) = predictions.asked.try_update_value(|a| a.take()).flatten()
            else {
                return;
            };
            let verdicts: Vec<Option<Verdict>> = runner.doc.with_untracked(|doc| {
                let Some(doc) = doc else { return Vec::new() };
                scenario
                    .questions
                    .iter()
                    .zip(&picks)
                    .map(|(q, pick)| q.judge(doc, &params, *pick))
                    .collect()
            });
            for (q, verdict) in scenario.questions.iter().zip(&verdicts) {
                if let Some(right) = verdict.as_ref().and_then(Verdict::correct) {
                    progress.record(scenario.id, q.id, right);
                }
            }
            predictions.verdicts.set(verdicts);
            predictions.judged.set(Some(params));
        });
        predictions
    }

    /// Run was pressed: these picks are the prediction for this run.
    pub fn ask(&self, params: Params) {
        self.verdicts.set(Vec::new());
        self.judged.set(None);
        self.asked
            .set_value(Some((self.picks.get_untracked(), params)));
    }

    /// The moments that decided the last run's questions.
    pub fn marks(&self) -> Signal<Vec<Mark>> {
        let verdicts = self.verdicts;
        let text = use_text();
        Signal::derive(move || {
            verdicts.with(|all| {
                all.iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        let v = v.as_ref()?;
                        Some(Mark {
                            variant: v.variant.to_string(),
                            at_ms: v.observed.at_ms,
                            label: (i + 1).to_string(),
                            title: format!("{} {}", text("predict.marker"), i + 1),
                            kind: MarkKind::Decides,
                        })
                    })
                    .collect()
            })
        })
    }
}

/// How an answer reads on the page.
fn answer_label(answer: &Answer, lang: Lang, text: impl Fn(&str) -> String) -> String {
    match answer {
        Answer::Ms(ms) => texts::duration(*ms, lang),
        Answer::Count(n) => n.to_string(),
        Answer::Task(n) => format!("{} {n}", text("predict.task")),
        Answer::Code(code) => code.clone(),
        Answer::Word(word) => text(&format!("predict.words.{word}")),
    }
}

/// The questions, their options, and after a run the verdicts.
#[component]
pub fn PredictionPanel(predictions: Predictions, params: Memo<Params>) -> impl IntoView {
    let text = use_text();
    let lang = expect_context::<PageLang>().0;
    let scenario = predictions.scenario;
    if scenario.questions.is_empty() {
        return ().into_any();
    }
    let questions = scenario
        .questions
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let name = format!("predict-{}-{}", scenario.id, q.id);
            let verdict = move || predictions.verdicts.with(|v| v.get(qi).cloned().flatten());
            let options = move || {
                let choices = q.choices(&params.get());
                choices
                    .into_iter()
                    .enumerate()
                    .map(|(i, answer)| {
                        let name = name.clone();
                        let is_picked = move || predictions.picks.with(|p| p.get(qi) == Some(&Some(i)));
                        let is_right = move || verdict().is_some_and(|v| v.right == Some(i));
                        let is_wrong = move || verdict().is_some_and(|v| v.picked == Some(i) && v.right != Some(i));
                        view! {
                            <label class="choice" class:right=is_right class:wrong=is_wrong>
                                <input
                                    type="radio"
                                    name=name
                                    value=i.to_string()
                                    prop:checked=is_picked
                                    on:change=move |_| predictions.picks.update(|p| {
                                        if let Some(slot) = p.get_mut(qi) {
                                            *slot = Some(i);
                                        }
                                    })
                                />
                                <span>{answer_label(&answer, lang.get(), text)}</span>
                            </label>
                        }
                    })
                    .collect_view()
            };
            let result = move || {
                let v = verdict()?;
                let (state, word) = match v.correct() {
                    Some(true) => ("true", text("predict.right")),
                    Some(false) => ("false", text("predict.wrong")),
                    None => ("skipped", text("predict.skipped")),
                };
                let judged = predictions.judged.get().unwrap_or_else(|| params.get());
                let explain = scenario.text(&format!("questions.{}.explain", q.id), &judged, lang.get());
                let observed = answer_label(&v.observed.answer, lang.get(), text);
                let no_option = v.right.is_none().then(|| text("predict.no_option"));
                Some(view! {
                    <div class="prediction-result" data-testid="prediction-result" data-question=q.id data-correct=state>
                        <p>
                            <strong class="verdict">{word}</strong>
                            " · " {text("predict.run_showed")} " " <span class="observed">{observed}</span>
                        </p>
                        {no_option.map(|t| view! { <p class="muted">{t}</p> })}
                        <p>{explain}</p>
                        <p class="muted moment">
                            <span class="moment-tag" aria-hidden="true">{qi + 1}</span>
                            {format!(" {} {}", text("predict.moment"), texts::duration(v.observed.at_ms, lang.get()))}
                        </p>
                    </div>
                })
            };
            view! {
                <fieldset class="question" data-question=q.id>
                    <legend>
                        <span class="question-number">{qi + 1}</span>
                        " "
                        {move || params.with(|p| scenario.text(&format!("questions.{}.prompt", q.id), p, lang.get()))}
                    </legend>
                    <div class="choices">{options}</div>
                    <div aria-live="polite">{result}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="prediction" data-testid="prediction" aria-labelledby="prediction-title">
            <h3 id="prediction-title">{move || text("predict.title")}</h3>
            <p class="muted">{move || text("predict.hint")}</p>
            {questions}
        </section>
    }
    .into_any()
}
