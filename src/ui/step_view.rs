//! Step through the event loop, forwards and backwards: for a virtual-time
//! run, one callback at a time, with the ready queue, the timers, every
//! task's state and the printed lines after it, a sentence saying what
//! happened, and a cursor on the timeline. The step lives in the link
//! (`step=`), so a shared link opens at that moment.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::engine::steps::{Handle, StepLog, StepSummary, TaskState, TaskView, TimerView};
use crate::engine::{Mode, Runtime, TaskOutcome, TraceDoc};
use crate::lang::Lang;
use crate::link::StepRef;
use crate::scenarios::{Params, Scenario};
use crate::texts;

use super::i18n::{use_text, PageLang};
use super::prediction::Mark;
use super::runner::{RunStatus, Runner};
use super::state::Nav;

/// Tasks listed at once; the rest are counted.
const LISTED_TASKS: usize = 100;
/// Steps the transcript keeps in view.
const TRANSCRIPT: usize = 60;
/// How long the link waits after the last step change to follow it.
const LINK_DELAY_MS: u64 = 250;
/// Printed lines shown at once (the latest).
const LISTED_LINES: usize = 50;

fn outcome_key(outcome: TaskOutcome) -> &'static str {
    match outcome {
        TaskOutcome::Done => "done",
        TaskOutcome::Failed => "failed",
        TaskOutcome::Cancelled => "cancelled",
        TaskOutcome::TimedOut => "timed_out",
        TaskOutcome::Running => "running",
    }
}

/// A ready-queue entry or the step's callback, in words.
fn handle_text(
    handle: &Handle,
    names: &[String],
    lang: Lang,
    text: impl Fn(&str) -> String,
) -> String {
    match handle.task {
        Some(t) => {
            let name = names.get(t).map_or("?", String::as_str);
            format!("{} {name}", text(&format!("step.kind.{}", handle.kind)))
        }
        None => texts::callback_name(handle.kind, lang),
    }
}

/// One sentence about a step.
fn narrate(
    summary: &StepSummary,
    names: &[String],
    lang: Lang,
    text: impl Fn(&str) -> String,
) -> String {
    let Some(task) = summary.handle.task else {
        return text("step.say.callback")
            .replace("{kind}", &texts::callback_name(summary.handle.kind, lang));
    };
    let verb = if summary.first_step_of_task {
        text("step.say.starts")
    } else if summary.handle.kind == "wake" {
        text("step.say.resumes")
    } else {
        text("step.say.runs")
    };
    let on_text = |on: &Option<Arc<str>>| on.as_deref().unwrap_or("?").to_string();
    let tail = match &summary.state {
        Some(TaskState::Waiting {
            on, queued: false, ..
        }) => {
            let mut tail = text("step.say.waits").replace("{on}", &on_text(on));
            if let Some(timer) = summary.timers_set.iter().find(|t| t.owner == Some(task)) {
                tail.push_str(
                    &text("step.say.timer")
                        .replace("{ms}", &texts::duration(timer.deadline_ms, lang)),
                );
            }
            tail
        }
        Some(TaskState::Waiting {
            on, queued: true, ..
        }) => text("step.say.queues").replace("{on}", &on_text(on)),
        Some(TaskState::Holding { on }) => text("step.say.holds").replace("{on}", &on_text(on)),
        Some(TaskState::Ended(outcome)) => {
            text(&format!("step.say.ended.{}", outcome_key(*outcome)))
        }
        Some(TaskState::New) | None => String::new(),
    };
    text("step.say.task")
        .replace("{task}", names.get(task).map_or("?", String::as_str))
        .replace("{verb}", &verb)
        .replace("{tail}", &tail)
}

/// What a task is doing, in words.
fn task_state_text(task: &TaskView, lang: Lang, text: impl Fn(&str) -> String) -> String {
    let on = |on: &Option<Arc<str>>| on.as_deref().unwrap_or("").to_string();
    match &task.state {
        TaskState::New => text("step.state.new"),
        TaskState::Waiting {
            on: o,
            queued: false,
            ..
        } => {
            let until = task
                .until_ms
                .map(|t| format!(" {} {}", text("step.until"), texts::duration(t, lang)))
                .unwrap_or_default();
            format!("{} {}{until}", text("step.state.waiting"), on(o))
        }
        TaskState::Waiting {
            on: o,
            queued: true,
            ..
        } => {
            let place = task
                .place
                .map(|p| {
                    format!(
                        " ({})",
                        text("step.place").replace("{n}", &texts::number(p as f64, lang))
                    )
                })
                .unwrap_or_default();
            format!("{} {}{place}", text("step.state.queued"), on(o))
        }
        TaskState::Holding { on: o } => format!("{} {}", text("step.state.holding"), on(o)),
        TaskState::Ended(outcome) => text(&format!("step.state.{}", outcome_key(*outcome))),
    }
}

/// The logs the view steps through, per variant, made when first needed;
/// `run` is the run they belong to (the runner's count of runs).
#[derive(Clone, Copy)]
struct Logs {
    run: StoredValue<u32>,
    made: StoredValue<HashMap<String, Arc<StepLog>>>,
}

/// A log as a memo holds it: the same log is the same value.
#[derive(Clone)]
struct Shared(Arc<StepLog>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = StepLog;
    fn deref(&self) -> &StepLog {
        &self.0
    }
}

/// The step view of the current run.
#[component]
pub fn StepView(
    /// The finished run (none while one runs).
    doc: Signal<Option<TraceDoc>>,
    /// The scenario and the parameters its last run had, to re-run an
    /// engine variant with its steps recorded; `None` on the scratchpad.
    #[prop(optional)]
    engine: Option<(&'static Scenario, RwSignal<Option<Params>>)>,
    /// The program a variant ran (for the line a task waits at).
    source: Callback<String, Option<String>>,
    /// Where the timeline cursor goes.
    cursor: RwSignal<Option<Mark>>,
    /// A click on the timeline: (variant, ms).
    clicked: RwSignal<Option<(String, f64)>>,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let runner = expect_context::<Runner>();
    let text = use_text();
    let lang = expect_context::<PageLang>().0;
    let logs = Logs {
        run: StoredValue::new(0),
        made: StoredValue::new(HashMap::new()),
    };
    let link_step = Memo::new(move |_| nav.link.with(|l| l.step));
    let open = RwSignal::new(link_step.get_untracked().is_some());
    // The step shown follows the link, and moves at once on a click; the
    // link follows a moment later (rewriting the address on every step of
    // a fast play would redo all that reads the link, every step).
    let shown_step = RwSignal::new(link_step.get_untracked());
    Effect::new(move |_| {
        let step = link_step.get();
        if shown_step.get_untracked() != step {
            shown_step.set(step);
        }
    });
    let pending_write = StoredValue::new(0u64);
    let show_step = move |step: StepRef| {
        shown_step.set(Some(step));
        pending_write.update_value(|g| *g += 1);
        let generation = pending_write.get_value();
        set_timeout(
            move || {
                if pending_write.get_value() == generation {
                    nav.update(false, |l| l.step = Some(step));
                }
            },
            Duration::from_millis(LINK_DELAY_MS),
        );
    };

    let variants = Memo::new(move |_| {
        doc.with(|d| {
            d.as_ref()
                .map(|d| d.runs.iter().map(|r| r.variant.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let variant = Memo::new(move |_| {
        let all = variants.get();
        let named = shown_step.get().and_then(|s| s.variant).map(str::to_string);
        named
            .filter(|v| all.contains(v))
            .or_else(|| all.first().cloned())
    });
    let usable = Memo::new(move |_| {
        doc.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.mode == Mode::Virtual && !d.runs.is_empty())
        }) && runner.status.get() != RunStatus::Running
    });

    // The log of the variant shown: CPython's came with the run; the
    // engine's is made by running the variant again with steps recorded
    // (deterministic, so it is the run on screen).
    let log = Memo::new(move |_| -> Option<Shared> {
        if !open.get() || !usable.get() {
            return None;
        }
        let variant = variant.get()?;
        // A new run makes new logs.
        let run = runner.started.get();
        if logs.run.get_value() != run {
            logs.run.set_value(run);
            logs.made.update_value(HashMap::clear);
        }
        if let Some(found) = logs.made.with_value(|m| m.get(&variant).cloned()) {
            return Some(Shared(found));
        }
        let from_runtime = runner.step_logs.with(|all| {
            all.iter()
                .find(|(v, _)| *v == variant)
                .map(|(_, l)| l.clone())
        });
        let made = match from_runtime {
            Some(log) => log,
            None => {
                let is_engine = doc
                    .with_untracked(|d| d.as_ref().is_some_and(|d| d.runtime == Runtime::Engine));
                let (scenario, ran_with) = engine.filter(|_| is_engine)?;
                let params = ran_with.get_untracked()?;
                let name = *scenario.variants.iter().find(|v| **v == variant)?;
                let (_, log) = scenario.run_steps(name, &params, lang.get_untracked());
                Arc::new(log)
            }
        };
        logs.made.update_value(|m| {
            m.insert(variant.clone(), made.clone());
        });
        Some(Shared(made))
    });
    let total = Memo::new(move |_| log.with(|l| l.as_ref().map_or(0, |l| l.len())));
    let step = Memo::new(move |_| {
        let n = shown_step.get().map_or(1, |s| s.n as usize);
        n.clamp(1, total.get().max(1))
    });
    let names = Memo::new(move |_| {
        let Some(variant) = variant.get() else {
            return Vec::new();
        };
        doc.with(|d| {
            d.as_ref()
                .and_then(|d| d.runs.iter().find(|r| r.variant == variant))
                .map(|r| r.tasks.iter().map(|t| t.name.clone()).collect())
                .unwrap_or_default()
        })
    });

    let go = move |n: usize| {
        let total = total.get_untracked();
        if total == 0 {
            return;
        }
        let n = n.clamp(1, total);
        let first = variants.with_untracked(|v| v.first().cloned());
        let shown = variant.get_untracked();
        // Step names are the scenario's variants; the scratchpad has one.
        let named = engine.and_then(|(s, _)| {
            s.variants
                .iter()
                .copied()
                .find(|v| Some(*v) == shown.as_deref())
        });
        show_step(StepRef {
            variant: named.filter(|v| Some(v.to_string()) != first),
            n: n as u32,
        });
    };
    let pick_variant = move |name: String| {
        let named = engine.and_then(|(s, _)| s.variants.iter().copied().find(|v| *v == name));
        let first = variants.with_untracked(|v| v.first().cloned());
        show_step(StepRef {
            variant: named.filter(|v| Some(v.to_string()) != first),
            n: 1,
        });
    };

    // Play: a step every 1/speed seconds until the end or Pause.
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(4u32);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let stop_play = move || {
        playing.set(false);
        if let Some(handle) = timer.try_update_value(|t| t.take()).flatten() {
            handle.clear();
        }
    };
    let start_play = move || {
        stop_play();
        if step.get_untracked() >= total.get_untracked() {
            go(1);
        }
        playing.set(true);
        let every = Duration::from_millis(u64::from(1000 / speed.get_untracked().max(1)));
        let handle = set_interval_with_handle(
            move || {
                let (n, total) = (step.get_untracked(), total.get_untracked());
                if n >= total {
                    stop_play();
                } else {
                    go(n + 1);
                }
            },
            every,
        );
        timer.set_value(handle.ok());
    };
    on_cleanup(stop_play);

    // The timeline's cursor, and clicks on the timeline.
    let snapshot =
        Memo::new(move |_| log.with(|l| l.as_ref().and_then(|l| l.snapshot(step.get()))));
    Effect::new(move |_| {
        let mark = snapshot.with(|s| {
            let s = s.as_ref()?;
            Some(Mark {
                variant: variant.get()?,
                at_ms: s.at_ms,
                label: "▸".into(),
                title: format!("{} {}", text("step.title"), s.step),
                kind: super::prediction::MarkKind::Cursor,
            })
        });
        cursor.set(mark);
    });
    on_cleanup(move || cursor.set(None));
    Effect::new(move |_| {
        let Some((at_variant, at_ms)) = clicked.get() else {
            return;
        };
        if !open.get_untracked() {
            return;
        }
        if variant.get_untracked().as_deref() != Some(at_variant.as_str()) {
            return;
        }
        if let Some(n) = log.with_untracked(|l| l.as_ref().map(|l| l.step_at(at_ms))) {
            go(n);
        }
    });

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = step.get_untracked();
        let target = match ev.key().as_str() {
            "ArrowRight" => n + 1,
            "ArrowLeft" => n.saturating_sub(1),
            "Home" => 1,
            "End" => total.get_untracked(),
            "PageDown" => log.with_untracked(|l| l.as_ref().map_or(n, |l| l.next_moment(n))),
            "PageUp" => log.with_untracked(|l| l.as_ref().map_or(n, |l| l.previous_moment(n))),
            _ => return,
        };
        ev.prevent_default();
        stop_play();
        go(target);
    };

    let line_of = move |task: usize, state: &TaskState| -> Option<(u32, String)> {
        let variant = variant.get()?;
        let program = source.run(variant)?;
        let line = match state {
            TaskState::Waiting {
                line: Some(line), ..
            } => Some(*line),
            TaskState::Waiting { on, .. } => {
                let name = names.with(|n| n.get(task).cloned())?;
                crate::runtimes::await_line(&program, &name, on.as_deref().unwrap_or(""))
            }
            _ => None,
        }?;
        let code = program.lines().nth(line as usize - 1)?.trim().to_string();
        Some((line, code))
    };

    let transcript_open = RwSignal::new(false);
    let body = move || {
        if !usable.get() {
            return view! { <p class="muted">{text("step.virtual_only")}</p> }.into_any();
        }
        let Some(snap) = snapshot.get() else {
            return view! { <p class="muted">{text("step.none")}</p> }.into_any();
        };
        let lang = lang.get();
        let names_now = names.get();
        let n = snap.step;
        let total_n = total.get();
        let summary = log.with(|l| l.as_ref().and_then(|l| l.summary(n)));
        let narration = summary
            .as_ref()
            .map(|s| narrate(s, &names_now, lang, text))
            .unwrap_or_default();
        let runs_now = handle_text(&snap.handle, &names_now, lang, text);
        let line = snap
            .handle
            .task
            .and_then(|t| summary.as_ref()?.state.as_ref().and_then(|s| line_of(t, s)));
        let ready = snap
            .ready
            .iter()
            .map(|h| view! { <li>{handle_text(h, &names_now, lang, text)}</li> })
            .collect_view();
        let timer_text = |t: &TimerView| {
            let owner = t
                .owner
                .and_then(|o| names_now.get(o))
                .cloned()
                .unwrap_or_default();
            format!(
                "{} · {} · {owner}",
                texts::duration(t.deadline_ms, lang),
                t.label
            )
        };
        let timers = snap
            .timers
            .iter()
            .map(|t| view! { <li>{timer_text(t)}</li> })
            .collect_view();
        let more = |shown: usize, all: usize| {
            (all > shown).then(|| {
                view! { <li class="muted">{text("step.more").replace("{n}", &texts::number((all - shown) as f64, lang))}</li> }
            })
        };
        let ready_more = more(snap.ready.len(), snap.ready_len);
        let timers_more = more(snap.timers.len(), snap.timers_len);
        let stepped = snap.handle.task;
        let tasks = snap
            .tasks
            .iter()
            .take(LISTED_TASKS)
            .map(|t| {
                let is_stepped = stepped == Some(t.id);
                let name = names_now.get(t.id).cloned().unwrap_or_default();
                view! {
                    <li class:stepped=is_stepped>
                        <code>{name}</code>
                        " — "
                        {task_state_text(t, lang, text)}
                    </li>
                }
            })
            .collect_view();
        let tasks_more = more(snap.tasks.len().min(LISTED_TASKS), snap.tasks.len());
        let printed = doc.with(|d| {
            let variant = variant.get_untracked();
            let run = d.as_ref()?.runs.iter().find(|r| Some(&r.variant) == variant.as_ref())?;
            let upto = snap.outputs.min(run.output.len());
            let from = upto.saturating_sub(LISTED_LINES);
            Some(
                run.output[from..upto]
                    .iter()
                    .map(|o| view! { <li><span class="muted">{texts::duration(o.at_ms, lang)}</span> " " {o.text.clone()}</li> })
                    .collect_view(),
            )
        });
        // Built only while open: sixty sentences per step add up.
        let transcript = log.with(|l| {
            if !transcript_open.get() {
                return None;
            }
            let l = l.as_ref()?;
            let from = n.saturating_sub(TRANSCRIPT - 1).max(1);
            Some(
                (from..=n)
                    .filter_map(|i| l.summary(i))
                    .map(|s| {
                        view! { <li value=s.step>{format!("{} · {}", texts::duration(s.at_ms, lang), narrate(&s, &names_now, lang, text))}</li> }
                    })
                    .collect_view(),
            )
        });
        view! {
            <div class="step-body">
                <p class="step-position">
                    <strong>{text("step.position").replace("{n}", &texts::number(n as f64, lang)).replace("{total}", &texts::number(total_n as f64, lang))}</strong>
                    " · " {texts::duration(snap.at_ms, lang)}
                </p>
                <p class="step-narration" data-testid="step-narration" aria-live="polite">{narration}</p>
                <p class="step-now">
                    {text("step.now_runs")} ": " <code>{runs_now}</code>
                    {line.map(|(n, code)| view! { " · " {text("step.line").replace("{n}", &n.to_string())} ": " <code data-testid="step-line" data-line=n>{code}</code> })}
                </p>
                <div class="step-grid">
                    <section>
                        <h4>{format!("{} ({})", text("step.ready"), snap.ready_len)}</h4>
                        <ol data-testid="ready-queue">{ready}{ready_more}</ol>
                    </section>
                    <section>
                        <h4>{format!("{} ({})", text("step.timers"), snap.timers_len)}</h4>
                        <ol data-testid="timers">{timers}{timers_more}</ol>
                    </section>
                    <section>
                        <h4>{text("step.tasks")}</h4>
                        <ul data-testid="step-tasks">{tasks}{tasks_more}</ul>
                    </section>
                    <section>
                        <h4>{format!("{} ({})", text("step.printed"), snap.outputs)}</h4>
                        <ol data-testid="step-printed">{printed}</ol>
                    </section>
                </div>
                <details
                    class="step-transcript"
                    prop:open=move || transcript_open.get()
                    on:toggle:target=move |ev| transcript_open.set(ev.target().open())
                >
                    <summary>{text("step.transcript")}</summary>
                    <ol data-testid="step-transcript">{transcript}</ol>
                </details>
            </div>
        }
        .into_any()
    };

    let variant_select = move || {
        let all = variants.get();
        (all.len() > 1 && usable.get()).then(|| {
            let options = all
                .into_iter()
                .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                .collect_view();
            view! {
                <label class="mode-label">
                    {text("step.variant")}
                    <select
                        data-testid="step-variant"
                        prop:value=move || variant.get().unwrap_or_default()
                        on:change:target=move |ev| pick_variant(ev.target().value())
                    >
                        {options}
                    </select>
                </label>
            }
        })
    };

    view! {
        <details
            class="step-details"
            prop:open=move || open.get()
            on:toggle:target=move |ev| {
                let now_open = ev.target().open();
                if !now_open {
                    stop_play();
                }
                open.set(now_open);
            }
        >
            <summary data-testid="step-view-toggle">{move || text("step.title")}</summary>
            <section
                class="step-view"
                data-testid="step-view"
                data-step=move || step.get()
                data-steps=move || total.get()
                tabindex="0"
                aria-label=move || text("step.title")
                on:keydown=on_key
            >
                <div class="step-controls">
                    {variant_select}
                    <button type="button" data-testid="step-first" title=move || text("step.first") aria-label=move || text("step.first") on:click=move |_| { stop_play(); go(1) }>"|◀"</button>
                    <button type="button" data-testid="step-prev-moment" title=move || text("step.prev_moment") aria-label=move || text("step.prev_moment") on:click=move |_| {
                        stop_play();
                        let n = step.get_untracked();
                        go(log.with_untracked(|l| l.as_ref().map_or(n, |l| l.previous_moment(n))));
                    }>"◀◀"</button>
                    <button type="button" data-testid="step-back" title=move || text("step.back") aria-label=move || text("step.back") on:click=move |_| { stop_play(); go(step.get_untracked().saturating_sub(1)) }>"◀"</button>
                    <button type="button" data-testid="step-forward" title=move || text("step.forward") aria-label=move || text("step.forward") on:click=move |_| { stop_play(); go(step.get_untracked() + 1) }>"▶"</button>
                    <button type="button" data-testid="step-next-moment" title=move || text("step.next_moment") aria-label=move || text("step.next_moment") on:click=move |_| {
                        stop_play();
                        let n = step.get_untracked();
                        go(log.with_untracked(|l| l.as_ref().map_or(n, |l| l.next_moment(n))));
                    }>"▶▶"</button>
                    <button type="button" data-testid="step-play" aria-pressed=move || playing.get().to_string() on:click=move |_| {
                        if playing.get_untracked() { stop_play() } else { start_play() }
                    }>{move || if playing.get() { text("step.pause") } else { text("step.play") }}</button>
                    <label class="mode-label">
                        {move || text("step.speed")}
                        <select data-testid="step-speed" prop:value=move || speed.get().to_string() on:change:target=move |ev| {
                            speed.set(ev.target().value().parse().unwrap_or(4));
                            if playing.get_untracked() { start_play() }
                        }>
                            <option value="1">"1/s"</option>
                            <option value="4">"4/s"</option>
                            <option value="10">"10/s"</option>
                            <option value="30">"30/s"</option>
                        </select>
                    </label>
                    <input
                        type="range"
                        class="step-scrubber"
                        data-testid="step-scrubber"
                        aria-label=move || text("step.scrubber")
                        min="1"
                        max=move || total.get().max(1)
                        prop:value=move || step.get()
                        on:input:target=move |ev| { stop_play(); go(ev.target().value().parse().unwrap_or(1)) }
                    />
                </div>
                {body}
            </section>
        </details>
    }
}
