//! Runs a scenario's variants and publishes their traces: at once in virtual
//! time, or live on the page's event loop, one variant after another so each
//! is measured alone. Stop ends the current run and every timer it set.
use leptos::prelude::*;
use leptos::task::spawn_local;

use std::sync::Arc;

use serde_json::Value;

use crate::engine::recorder::{replay, ProgramRun, SyntaxError};
use crate::engine::steps::StepLog;
use crate::engine::{browser, io, EventLoop, Mode, RunTrace, TraceDoc};
use crate::lang::Lang;
use crate::runtimes::ProgramRuntime;
use crate::scenarios::{Params, ProgramJob, Scenario};

use super::dom;

/// What the run-status element's `data-state` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    Idle,
    Running,
    Done,
    Stopped,
    Error,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Idle => "idle",
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Stopped => "stopped",
            RunStatus::Error => "error",
        }
    }
}

/// What went wrong in a program CPython ran: its exception (or the budget
/// it hit), the traceback's lines in the program, and where a program that
/// does not compile went wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramError {
    pub message: String,
    pub traceback: Vec<String>,
    pub syntax: Option<SyntaxError>,
    /// The budget, `deadlock` or `tracer` that ended the run early.
    pub halted: Option<String>,
}

impl ProgramError {
    /// The program's line the error points at: the syntax error's, else
    /// the innermost frame of the traceback that is in the program.
    pub fn line(&self) -> Option<u32> {
        if let Some(syntax) = &self.syntax {
            return Some(syntax.line);
        }
        self.traceback
            .iter()
            .rev()
            .find_map(|l| l.trim().strip_prefix("File \"<program>\", line "))
            .and_then(|rest| rest.split(',').next()?.trim().parse().ok())
    }

    fn of(run: &ProgramRun) -> Option<ProgramError> {
        Some(ProgramError {
            message: run.error.clone()?,
            traceback: run.traceback.clone(),
            syntax: run.syntax.clone(),
            halted: run.halted.clone(),
        })
    }
}

/// The state of the scenario page's runs, shared through context.
#[derive(Clone, Copy)]
pub struct Runner {
    pub status: RwSignal<RunStatus>,
    /// The last run's document; during a real run it grows frame by frame.
    pub doc: RwSignal<Option<TraceDoc>>,
    /// Why a run was refused or failed, in English (shown translated).
    pub error: RwSignal<Option<String>>,
    /// The variant running now, during a real run.
    pub current: RwSignal<Option<&'static str>>,
    /// Runs started since the page opened (a virtual run that repeats the
    /// last one changes nothing else on the page).
    pub started: RwSignal<u32>,
    /// The last CPython run's error, shown with its traceback.
    pub program_error: RwSignal<Option<ProgramError>>,
    /// The steps of the last virtual-time CPython run, per variant (the
    /// engine's are made on demand: see the step view).
    pub step_logs: RwSignal<Vec<(String, Arc<StepLog>)>>,
    /// Why the last real run used timers instead of the browser's real I/O
    /// (no service worker, IndexedDB refused), in English.
    pub io_fallbacks: RwSignal<Vec<String>>,
    active: StoredValue<Option<EventLoop>, LocalStorage>,
    /// A CPython or JavaScript run is under way (Stop terminates its
    /// Worker).
    program: StoredValue<Option<ProgramRuntime>, LocalStorage>,
    /// Bumped by every start and stop, so a superseded run stays silent.
    generation: StoredValue<u64>,
}

impl Runner {
    pub fn new() -> Self {
        Runner {
            status: RwSignal::new(RunStatus::Idle),
            doc: RwSignal::new(None),
            error: RwSignal::new(None),
            current: RwSignal::new(None),
            started: RwSignal::new(0),
            program_error: RwSignal::new(None),
            step_logs: RwSignal::new(Vec::new()),
            io_fallbacks: RwSignal::new(Vec::new()),
            active: StoredValue::new_local(None),
            program: StoredValue::new_local(None),
            generation: StoredValue::new(0),
        }
    }

    /// Forgets the last run (another scenario was opened).
    pub fn reset(&self) {
        self.stop_active();
        self.status.set(RunStatus::Idle);
        self.doc.set(None);
        self.error.set(None);
        self.program_error.set(None);
        self.current.set(None);
        self.step_logs.set(Vec::new());
    }

    fn bump(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    fn is_current(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    fn stop_active(&self) -> bool {
        self.bump();
        if let Some(program) = self.program.try_update_value(|p| p.take()).flatten() {
            program.stop();
            return true;
        }
        let active = self.active.try_update_value(|a| a.take()).flatten();
        match active {
            Some(lp) => {
                lp.stop();
                true
            }
            None => false,
        }
    }

    /// Stop: the current variant ends where it is, its tasks marked running.
    pub fn stop(&self) {
        let lp = self.active.with_value(|a| a.clone());
        if self.stop_active() {
            if let (Some(lp), Some(variant)) = (lp, self.current.get_untracked()) {
                let partial = lp.trace(variant, 0.0);
                self.doc.update(|doc| {
                    if let Some(doc) = doc {
                        upsert_run(&mut doc.runs, partial);
                    }
                });
            }
            self.status.set(RunStatus::Stopped);
            self.current.set(None);
        }
    }

    /// Runs every variant of `scenario`.
    pub fn run(&self, scenario: &'static Scenario, mode: Mode, params: Params, lang: Lang) {
        self.stop_active();
        self.error.set(None);
        self.program_error.set(None);
        self.step_logs.set(Vec::new());
        self.io_fallbacks.set(Vec::new());
        self.started.update(|n| *n += 1);
        if let Err(why) = scenario.check_load(&params, mode) {
            self.error.set(Some(why));
            self.status.set(RunStatus::Error);
            return;
        }
        match mode {
            Mode::Virtual => {
                self.doc.set(Some(scenario.run_all_virtual(&params, lang)));
                self.status.set(RunStatus::Done);
            }
            Mode::Real => self.run_real(scenario, params, lang),
        }
    }

    fn run_real(&self, scenario: &'static Scenario, params: Params, lang: Lang) {
        let runner = *self;
        let generation = self.bump();
        let params_json = scenario.params_json(&params);
        self.doc.set(Some(TraceDoc::new(
            scenario.id,
            Mode::Real,
            params_json,
            Vec::new(),
        )));
        self.status.set(RunStatus::Running);
        spawn_local(async move {
            if scenario.uses_network() {
                io::prepare().await;
            }
            for &variant in scenario.variants {
                if !runner.is_current(generation) {
                    return;
                }
                // Let the page paint what changed (the status, the last
                // variant's timeline) first, so it does not delay the timers
                // of the variant being measured.
                dom::next_frame().await;
                dom::next_frame().await;
                if !runner.is_current(generation) {
                    return;
                }
                let ideal = (scenario.ideal_ms)(variant, &params);
                let lp = browser::real_loop();
                runner.active.set_value(Some(lp.clone()));
                runner.current.set(Some(variant));
                scenario.start(&lp, variant, &params, lang);
                runner.follow_live(lp.clone(), variant, ideal, generation);
                browser::run_real(lp.clone()).await;
                if !runner.is_current(generation) {
                    return;
                }
                let trace = lp.trace(variant, ideal);
                let fallbacks = io::take_fallbacks();
                if !fallbacks.is_empty() {
                    runner.io_fallbacks.update(|all| {
                        for why in fallbacks {
                            if !all.contains(&why) {
                                all.push(why);
                            }
                        }
                    });
                }
                runner.doc.update(|doc| {
                    if let Some(doc) = doc {
                        upsert_run(&mut doc.runs, trace);
                    }
                });
            }
            runner.active.set_value(None);
            runner.current.set(None);
            runner.status.set(RunStatus::Done);
        });
    }

    /// Runs a program runtime's jobs one after another (one per variant),
    /// each drawn live in real time; `doc` is the document they fill.
    pub fn run_program(
        &self,
        runtime: ProgramRuntime,
        doc: TraceDoc,
        jobs: Vec<(ProgramJob, f64)>,
    ) {
        self.stop_active();
        self.error.set(None);
        self.program_error.set(None);
        self.step_logs.set(Vec::new());
        self.started.update(|n| *n += 1);
        let runner = *self;
        let generation = self.bump();
        let mode = doc.mode;
        self.doc.set(Some(doc));
        self.status.set(RunStatus::Running);
        self.program.set_value(Some(runtime));
        spawn_local(async move {
            for (job, ideal) in jobs {
                if !runner.is_current(generation) {
                    return;
                }
                runner.current.set(Some(job.variant));
                let on_live = drawn_live(job.variant, ideal, move |trace| {
                    if runner.is_current(generation) {
                        runner.upsert(trace);
                    }
                });
                let run = runtime.run(&job, mode, on_live).await;
                if !runner.is_current(generation) {
                    return;
                }
                runner.upsert(replay(&run, job.variant, ideal));
                if mode == Mode::Virtual {
                    let log = Arc::new(StepLog::from_events(&run.events));
                    runner
                        .step_logs
                        .update(|logs| logs.push((job.variant.to_string(), log)));
                }
                // The first variant that failed is the one shown with its
                // line (the listing's variants fail in the order they run).
                if let Some(error) = ProgramError::of(&run) {
                    if runner.program_error.with_untracked(Option::is_none) {
                        runner.program_error.set(Some(error));
                    }
                }
            }
            runner.program.set_value(None);
            runner.current.set(None);
            runner.status.set(RunStatus::Done);
        });
    }

    fn upsert(&self, run: RunTrace) {
        self.doc.update(|doc| {
            if let Some(doc) = doc {
                upsert_run(&mut doc.runs, run);
            }
        });
    }

    /// Redraws the running variant on animation frames, a few times a
    /// second: redrawing every frame kept the page's thread so busy that the
    /// run's own short timers fired late (10 ms sleeps took 17).
    fn follow_live(&self, lp: EventLoop, variant: &'static str, ideal: f64, generation: u64) {
        let runner = *self;
        spawn_local(async move {
            // The first redraw waits longer: a variant over within a quarter
            // second is drawn once, when it ends, and runs undisturbed.
            let mut last_drawn = browser::now_ms() + FIRST_LIVE_MS - LIVE_MS;
            while runner.is_current(generation) && !lp.is_complete() {
                dom::next_frame().await;
                let heavy = runner
                    .doc
                    .with_untracked(|d| d.as_ref().map_or(0, task_count))
                    > 2_000;
                let every = if heavy { LIVE_HEAVY_MS } else { LIVE_MS };
                let now = browser::now_ms();
                if now - last_drawn < every {
                    continue;
                }
                if !runner.is_current(generation) || lp.is_complete() {
                    return;
                }
                last_drawn = now;
                let live = lp.trace(variant, ideal);
                runner.doc.update(|doc| {
                    if let Some(doc) = doc {
                        upsert_run(&mut doc.runs, live);
                    }
                });
            }
        });
    }
}

/// How often a live run is redrawn; very large runs less often.
const LIVE_MS: f64 = 100.0;
const FIRST_LIVE_MS: f64 = 250.0;
const LIVE_HEAVY_MS: f64 = 500.0;

impl Default for Runner {
    fn default() -> Self {
        Self::new()
    }
}

fn task_count(doc: &TraceDoc) -> usize {
    doc.runs.iter().map(|r| r.tasks.len()).sum()
}

/// What a program runtime's live events (JSON arrays, in order) draw: the
/// variant's trace so far, after each batch.
pub(crate) fn drawn_live(
    variant: &'static str,
    ideal: f64,
    draw: impl Fn(RunTrace) + 'static,
) -> impl FnMut(String) + 'static {
    let mut live = ProgramRun::default();
    move |events: String| {
        if let Ok(Value::Array(more)) = serde_json::from_str(&events) {
            live.events.extend(more);
            draw(replay(&live, variant, ideal));
        }
    }
}

/// Replaces the run of the same variant, or appends it.
pub(crate) fn upsert_run(runs: &mut Vec<RunTrace>, run: RunTrace) {
    match runs.iter_mut().find(|r| r.variant == run.variant) {
        Some(existing) => *existing = run,
        None => runs.push(run),
    }
}
