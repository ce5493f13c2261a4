//! The page's query string, both ways: [`decode`] turns any string into a
//! valid [`LinkState`] plus the list of what it refused, [`encode`] writes a
//! state back as the canonical link. The query string is the single source of
//! truth for the shareable state, so this module owns its grammar:
//!
//! ```text
//! ?demo=<scenario id | check>[&mode=virtual][&runtime=python][&lang=zh|en][&<param>=<value>]...[&run=1]
//! ?demo=scratch[&mode=virtual][&lang=zh|en]&code=<program>[&run=1]
//! ```
//!
//! Decoding never fails and never panics: every key is checked against the
//! scenario's [`ParamSpec`]s; a bad key is refused (with the value the page
//! uses instead) and the rest of the link still works. Parameters come back
//! in spec order, lists comma-separated, default values left out.
//!
//! Choices worth knowing:
//! - The default mode is [`Mode::Real`]: the page's point is asyncio running
//!   for real; virtual time is the opt-in (`mode=virtual`).
//! - [`encode`] always names the scenario (`?demo=sync-vs-async` even for the
//!   first one), so it never returns an empty string and a shared link keeps
//!   meaning the same scenario if the catalogue is reordered.
//! - When a key appears twice, the first occurrence counts (like
//!   `URLSearchParams.get`); the later ones are refused as duplicates.
//! - When valid parameters ask too much together ([`Scenario::check_load`]),
//!   the explicit parameters that feed the load are reverted to their
//!   defaults one at a time, in spec order, until the load fits; each
//!   reverted one is refused with [`Reason::TooBig`].
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::num::IntErrorKind;

use crate::engine::{Mode, Runtime};
use crate::lang::Lang;
use crate::scenarios::{
    Kind, ParamSpec, ParamValue, Params, Scenario, CATALOGUE, DEFAULT_LATENCY_MS,
};

pub mod code;

/// The key naming the view.
pub const DEMO: &str = "demo";
/// The key choosing real or virtual time.
pub const MODE: &str = "mode";
/// The key forcing the page's language.
pub const LANG: &str = "lang";
/// The key asking to run on load.
pub const RUN: &str = "run";
/// The key choosing what runs the program: the engine or CPython.
pub const RUNTIME: &str = "runtime";
/// The key carrying a written program (see [`code`]).
pub const CODE: &str = "code";
/// The key showing only the code, Run, the timeline and the console, for
/// an `<iframe>` in documentation or slides.
pub const EMBED: &str = "embed";
/// The key opening the step view at a step: `7`, or `<variant>:7` for a
/// variant other than the first (1-based).
pub const STEP: &str = "step";
/// The highest step a link may name (a run has at most a few million).
pub const MAX_STEP: u32 = 10_000_000;
/// The key setting how long the scratchpad's simulated requests take.
pub const LATENCY: &str = "latency_ms";
/// The longest simulated request, in ms (the catalogue's duration limit).
pub const MAX_LATENCY_MS: f64 = 60_000.0;
/// The `demo` value of the scratchpad: a program of the learner's own.
pub const SCRATCH_ID: &str = "scratch";
/// The `demo` value of the self-check view.
pub const CHECK_ID: &str = "check";
/// Longest key, value or unknown id kept for display, in characters
/// (longer ones end with `…`).
pub const MAX_SHOWN_CHARS: usize = 60;
/// Refusals listed one by one; beyond them one [`Reason::Omitted`] counts the
/// rest, so a hostile link cannot flood the page.
pub const MAX_LISTED_REFUSALS: usize = 20;
/// Every link [`encode`] writes for a valid state is shorter than this.
pub const MAX_LINK_CHARS: usize = 2000;

/// What the page shows.
#[derive(Clone)]
pub enum View {
    Scenario(&'static Scenario),
    /// `demo=check`: the self-check view.
    Check,
    /// `demo=scratch`: a program of the learner's own, run in CPython.
    Scratch,
    /// An unknown `demo` id, kept as plain text (truncated to
    /// [`MAX_SHOWN_CHARS`]); the page shows it escaped.
    NotFound(String),
}

impl View {
    /// The `demo` value naming this view.
    pub fn id(&self) -> &str {
        match self {
            View::Scenario(s) => s.id,
            View::Check => CHECK_ID,
            View::Scratch => SCRATCH_ID,
            View::NotFound(id) => id,
        }
    }

    pub fn scenario(&self) -> Option<&'static Scenario> {
        match self {
            View::Scenario(s) => Some(s),
            _ => None,
        }
    }
}

impl PartialEq for View {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (View::Scenario(a), View::Scenario(b)) => a.id == b.id,
            (View::Check, View::Check) | (View::Scratch, View::Scratch) => true,
            (View::NotFound(a), View::NotFound(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            View::Scenario(s) => write!(f, "Scenario({:?})", s.id),
            View::Check => write!(f, "Check"),
            View::Scratch => write!(f, "Scratch"),
            View::NotFound(id) => write!(f, "NotFound({id:?})"),
        }
    }
}

/// Everything a link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkState {
    pub view: View,
    pub mode: Mode,
    /// What runs a scenario (a scratchpad program always runs in CPython).
    pub runtime: Runtime,
    /// The program written (scratchpad) or edited (a scenario's listing);
    /// `None`: the starter, or the guide's listing.
    pub code: Option<String>,
    /// The scratchpad's simulated request latency (`None`: the default).
    pub latency_ms: Option<f64>,
    /// `None`: follow the browser's language.
    pub lang: Option<Lang>,
    /// The scenario's parameters (empty for [`View::Check`] and
    /// [`View::NotFound`]).
    pub params: Params,
    /// Run as soon as the page loads.
    pub run: bool,
    /// Shown inside someone else's page: code, Run, timeline, console.
    pub embed: bool,
    /// The step the step view opens at.
    pub step: Option<StepRef>,
}

/// A step of a run: which variant's (`None`: the first) and which step,
/// from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepRef {
    pub variant: Option<&'static str>,
    pub n: u32,
}

impl StepRef {
    /// As a link writes it.
    pub fn to_value(self) -> String {
        match self.variant {
            Some(v) => format!("{v}:{}", self.n),
            None => self.n.to_string(),
        }
    }

    /// Reads `7` or `<variant>:7`; the variant must be one of `variants`.
    pub fn parse(text: &str, variants: &[&'static str]) -> Result<StepRef, (Reason, String)> {
        let (variant, number) = match text.rsplit_once(':') {
            Some((v, n)) => match variants.iter().find(|&&known| known == v) {
                Some(&known) => (Some(known), n),
                None => {
                    return Err((
                        Reason::InvalidChoice,
                        format!("the variant must be one of {}", variants.join(", ")),
                    ))
                }
            },
            None => (None, text),
        };
        let range = format!("must be a step between 1 and {MAX_STEP}");
        match number.parse::<u32>() {
            Ok(n) if (1..=MAX_STEP).contains(&n) => Ok(StepRef {
                // The first variant is the default: written without a name.
                variant: variant.filter(|v| variants.first() != Some(v)),
                n,
            }),
            Ok(_) => Err((Reason::OutOfRange, range)),
            Err(e) if matches!(e.kind(), IntErrorKind::PosOverflow) => {
                Err((Reason::OutOfRange, range))
            }
            Err(_) => Err((Reason::WrongType, "must be a whole number of steps".into())),
        }
    }
}

impl LinkState {
    /// A view with every default: real mode, browser language, default
    /// parameters, not running.
    pub fn new(view: View) -> Self {
        let params = match &view {
            View::Scenario(s) => s.default_params(),
            _ => Params::default(),
        };
        LinkState {
            view,
            mode: Mode::Real,
            runtime: Runtime::Engine,
            code: None,
            latency_ms: None,
            lang: None,
            params,
            run: false,
            embed: false,
            step: None,
        }
    }

    /// A scenario with every default.
    pub fn for_scenario(scenario: &'static Scenario) -> Self {
        Self::new(View::Scenario(scenario))
    }
}

impl Default for LinkState {
    /// The page without a query string: the catalogue's first scenario.
    fn default() -> Self {
        Self::new(first_view(CATALOGUE))
    }
}

/// Why a key of the link was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Not a key of this view (including the empty key).
    UnknownKey,
    /// Not a number, a fractional count, a list with a non-number.
    WrongType,
    /// A number outside the parameter's limits.
    OutOfRange,
    /// A list with too few or too many items.
    WrongLength,
    /// The key appeared before; the first occurrence counts.
    Duplicate,
    /// `mode`, `lang` or `run` with a value that is none of its choices.
    InvalidChoice,
    /// Valid alone, but together the parameters ask more than the page's
    /// limits (tasks per mode, blocking time): reverted to the default.
    TooBig,
    /// Stands for the refusals beyond [`MAX_LISTED_REFUSALS`]; its value is
    /// how many.
    Omitted,
}

impl Reason {
    pub const ALL: [Reason; 8] = [
        Reason::UnknownKey,
        Reason::WrongType,
        Reason::OutOfRange,
        Reason::WrongLength,
        Reason::Duplicate,
        Reason::InvalidChoice,
        Reason::TooBig,
        Reason::Omitted,
    ];

    /// A stable code for translations and tests.
    pub fn code(self) -> &'static str {
        match self {
            Reason::UnknownKey => "unknown_key",
            Reason::WrongType => "wrong_type",
            Reason::OutOfRange => "out_of_range",
            Reason::WrongLength => "wrong_length",
            Reason::Duplicate => "duplicate",
            Reason::InvalidChoice => "invalid_choice",
            Reason::TooBig => "too_big",
            Reason::Omitted => "omitted",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One key of the link the page did not use as given. Every text is plain
/// (percent-decoded, never HTML): the page must escape it.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The key as written (truncated to [`MAX_SHOWN_CHARS`]).
    pub key: String,
    /// The value as written (truncated to [`MAX_SHOWN_CHARS`]).
    pub value: String,
    pub reason: Reason,
    /// Why, in English (`"must be between 1 and 100000"`); the page may
    /// translate `reason` instead.
    pub detail: String,
    /// The value in effect for this key, written as in a link (`"3"`,
    /// `"1000,2000,1500"`, `"real"`); empty when the key is simply dropped
    /// (an unknown key, or `lang` left to the browser).
    pub used_instead: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}: {}", self.key, self.value, self.detail)?;
        if !self.used_instead.is_empty() {
            write!(f, "; using {}", self.used_instead)?;
        }
        Ok(())
    }
}

/// A decoded link: a state the page can use as is, and what was refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub state: LinkState,
    pub refusals: Vec<Refusal>,
}

/// Decodes a query string (with or without the leading `?`) against the
/// catalogue.
pub fn decode(query: &str) -> Decoded {
    decode_with(query, CATALOGUE)
}

/// [`decode`] against any list of scenarios (tests use synthetic ones).
pub fn decode_with(query: &str, catalogue: &[&'static Scenario]) -> Decoded {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(Cow<str>, Cow<str>)> = form_urlencoded::parse(query.as_bytes()).collect();

    let view = match pairs.iter().find(|(k, _)| k == DEMO) {
        None => first_view(catalogue),
        Some((_, id)) if id == CHECK_ID => View::Check,
        Some((_, id)) if id == SCRATCH_ID => View::Scratch,
        Some((_, id)) => match catalogue.iter().find(|s| s.id == id) {
            Some(s) => View::Scenario(s),
            None => View::NotFound(shown(id)),
        },
    };
    let mut state = LinkState::new(view);
    let mut pending = Pendings::default();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut unknown_detail: Option<String> = None;

    for (key, value) in &pairs {
        let (key, value) = (key.as_ref(), value.as_ref());
        let target = target_of(&state, key);
        let mut refuse = |reason: Reason, detail: String| {
            pending.push(key, value, reason, detail, target);
        };
        // An unknown key stays unknown however often it appears.
        if !matches!(target, Target::Nothing) && !seen.insert(key) {
            refuse(
                Reason::Duplicate,
                "appears more than once; the first one is used".into(),
            );
            continue;
        }
        match target {
            Target::Demo => {}
            Target::Mode => match value {
                "real" => state.mode = Mode::Real,
                "virtual" => state.mode = Mode::Virtual,
                _ => refuse(Reason::InvalidChoice, "must be real or virtual".into()),
            },
            Target::Lang => match Lang::parse(value) {
                Some(lang) => state.lang = Some(lang),
                None => refuse(Reason::InvalidChoice, "must be zh or en".into()),
            },
            Target::Runtime => match Runtime::parse(value) {
                Some(runtime) => state.runtime = runtime,
                None => refuse(Reason::InvalidChoice, "must be engine, python or js".into()),
            },
            Target::Code => match code::decode_code(value) {
                Ok(program) => state.code = Some(program),
                Err(why) => refuse(Reason::WrongType, why.detail()),
            },
            Target::Latency => match value.parse::<u32>() {
                Ok(ms) if f64::from(ms) <= MAX_LATENCY_MS => {
                    let ms = f64::from(ms);
                    state.latency_ms = (ms != DEFAULT_LATENCY_MS).then_some(ms);
                }
                Ok(_) => refuse(Reason::OutOfRange, "must be between 0 and 60000".into()),
                Err(_) => refuse(Reason::WrongType, "must be a whole number".into()),
            },
            Target::Run => match value {
                "1" => state.run = true,
                "0" => state.run = false,
                _ => refuse(Reason::InvalidChoice, "must be 1 or 0".into()),
            },
            Target::Embed => match value {
                "1" => state.embed = true,
                "0" => state.embed = false,
                _ => refuse(Reason::InvalidChoice, "must be 1 or 0".into()),
            },
            Target::Step => {
                let variants = state.view.scenario().map_or(&[][..], |s| s.variants);
                match StepRef::parse(value, variants) {
                    Ok(step) => state.step = Some(step),
                    Err((reason, detail)) => refuse(reason, detail),
                }
            }
            Target::Param(spec) => {
                match parse_value(spec, value) {
                    // `set` re-checks; parse_value only returns checked values.
                    Ok(v) => {
                        if let Err(detail) = state.params.set(spec.key, v) {
                            refuse(Reason::OutOfRange, detail);
                        }
                    }
                    Err((reason, detail)) => refuse(reason, detail),
                }
            }
            Target::Nothing => {
                let detail = unknown_detail.get_or_insert_with(|| unknown_key_detail(&state));
                refuse(Reason::UnknownKey, detail.clone());
            }
        }
    }

    // An edited listing runs in CPython, or in JavaScript when the link says
    // the program is JavaScript (the engine runs the guide's own).
    if state.view.scenario().is_some() && state.code.is_some() && state.runtime != Runtime::Js {
        state.runtime = Runtime::Python;
    }
    if let Some(scenario) = state.view.scenario() {
        if let Err(detail) = scenario.check_load(&state.params, state.mode) {
            for key in fit_load(scenario, &mut state) {
                // The first occurrence is the one that was used.
                let raw = pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v);
                let target = target_of(&state, key);
                pending.push(key, raw, Reason::TooBig, detail.clone(), target);
            }
        }
    }

    let omitted = pending.omitted;
    let mut refusals: Vec<Refusal> = pending
        .listed
        .into_iter()
        .map(|p| Refusal {
            used_instead: in_effect(&state, p.target),
            key: p.key,
            value: p.value,
            reason: p.reason,
            detail: p.detail,
        })
        .collect();
    if omitted > 0 {
        refusals.push(Refusal {
            key: String::new(),
            value: omitted.to_string(),
            reason: Reason::Omitted,
            detail: format!("{omitted} more problems in the link are not listed"),
            used_instead: String::new(),
        });
    }
    Decoded { state, refusals }
}

/// The canonical link of a state: `?demo=…` then, only when not default,
/// `mode`, `lang`, each explicit parameter in spec order, and `run=1`. Never
/// empty. Shorter than [`MAX_LINK_CHARS`] for every valid state.
pub fn encode(state: &LinkState) -> String {
    let mut out = String::from("?demo=");
    match &state.view {
        View::Scenario(s) => push_encoded(&mut out, s.id),
        View::Check => out.push_str(CHECK_ID),
        View::Scratch => out.push_str(SCRATCH_ID),
        View::NotFound(id) => push_encoded(&mut out, id),
    }
    if state.mode != Mode::Real {
        out.push_str("&mode=");
        out.push_str(state.mode.as_str());
    }
    if state.runtime != Runtime::Engine && state.view.scenario().is_some() {
        out.push_str("&runtime=");
        out.push_str(state.runtime.as_str());
    }
    if let Some(lang) = state.lang {
        out.push_str("&lang=");
        out.push_str(lang.code());
    }
    for (key, value) in state.params.explicit() {
        out.push('&');
        push_encoded(&mut out, key);
        out.push('=');
        out.push_str(&format_value(value));
    }
    if let (View::Scratch | View::Scenario(_), Some(program)) = (&state.view, &state.code) {
        out.push_str("&code=");
        out.push_str(&code::encode_code(program));
    }
    if let (View::Scratch, Some(ms)) = (&state.view, state.latency_ms) {
        out.push_str(&format!("&{LATENCY}={ms}"));
    }
    if let (View::Scratch | View::Scenario(_), Some(step)) = (&state.view, state.step) {
        out.push_str("&step=");
        push_encoded(&mut out, &step.to_value());
    }
    if state.run {
        out.push_str("&run=1");
    }
    if state.embed {
        out.push_str("&embed=1");
    }
    out
}

/// A parameter value as a link writes it: `3`, `0.2`, `1000,2000,1500`.
pub fn format_value(value: &ParamValue) -> String {
    match value {
        ParamValue::Int(v) => v.to_string(),
        // Debug is the shortest text that parses back to the same f64, and
        // switches to an exponent for tiny values instead of 300 zeros.
        ParamValue::Float(v) => format!("{v:?}"),
        ParamValue::IntList(items) => items
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// Parses one parameter's text and checks it against its spec; the error
/// says which [`Reason`] and why, in the words of [`ParamSpec::check`].
pub fn parse_value(spec: &ParamSpec, text: &str) -> Result<ParamValue, (Reason, String)> {
    let value = match spec.kind {
        Kind::Int { min, max, .. } => match parse_int(text) {
            Ok(v) => ParamValue::Int(v),
            Err(Reason::OutOfRange) => {
                return Err((
                    Reason::OutOfRange,
                    format!("must be between {min} and {max}"),
                ))
            }
            Err(reason) => return Err((reason, "must be a whole number".into())),
        },
        Kind::Float { .. } => match text.parse::<f64>() {
            Ok(v) if !v.is_nan() => ParamValue::Float(v),
            _ => return Err((Reason::WrongType, "must be a number".into())),
        },
        Kind::IntList {
            min,
            max,
            min_len,
            max_len,
            ..
        } => {
            let items: Vec<&str> = if text.is_empty() {
                Vec::new()
            } else {
                text.split(',').collect()
            };
            // A non-number anywhere is a wrong type, whatever the length; the
            // list itself is never built past its limit.
            let mut list = Vec::with_capacity(items.len().min(max_len));
            let mut overflow = false;
            for item in &items {
                match parse_int(item) {
                    Ok(v) if list.len() < max_len => list.push(v),
                    Ok(_) => {}
                    Err(Reason::OutOfRange) => overflow = true,
                    Err(reason) => {
                        return Err((reason, "must be whole numbers separated by commas".into()))
                    }
                }
            }
            if items.len() < min_len || items.len() > max_len {
                return Err((
                    Reason::WrongLength,
                    format!("must have {min_len} to {max_len} items"),
                ));
            }
            if overflow {
                return Err((
                    Reason::OutOfRange,
                    format!("every item must be between {min} and {max}"),
                ));
            }
            ParamValue::IntList(list)
        }
    };
    // The type and length are right here, so what is left is the range.
    spec.check(&value)
        .map(|()| value)
        .map_err(|detail| (Reason::OutOfRange, detail))
}

/// An integer; digits too many for i64 are out of range, not a wrong type.
fn parse_int(text: &str) -> Result<i64, Reason> {
    text.parse::<i64>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => Reason::OutOfRange,
        _ => Reason::WrongType,
    })
}

/// What a key of the link sets.
#[derive(Clone, Copy)]
enum Target {
    Demo,
    Mode,
    Lang,
    Run,
    Embed,
    Runtime,
    Code,
    Latency,
    Step,
    Param(&'static ParamSpec),
    Nothing,
}

fn target_of(state: &LinkState, key: &str) -> Target {
    match key {
        DEMO => Target::Demo,
        MODE => Target::Mode,
        LANG => Target::Lang,
        RUN => Target::Run,
        EMBED if state.view.scenario().is_some() || state.view == View::Scratch => Target::Embed,
        RUNTIME if state.view.scenario().is_some() => Target::Runtime,
        CODE if state.view == View::Scratch || state.view.scenario().is_some() => Target::Code,
        LATENCY if state.view == View::Scratch => Target::Latency,
        STEP if state.view == View::Scratch || state.view.scenario().is_some() => Target::Step,
        _ => state
            .params
            .specs()
            .iter()
            .find(|s| s.key == key)
            .map_or(Target::Nothing, Target::Param),
    }
}

/// A refusal whose `used_instead` is known only once the whole link is read.
struct Pending {
    key: String,
    value: String,
    reason: Reason,
    detail: String,
    target: Target,
}

/// The refusals listed so far, and how many more were only counted.
#[derive(Default)]
struct Pendings {
    listed: Vec<Pending>,
    omitted: usize,
}

impl Pendings {
    fn push(&mut self, key: &str, value: &str, reason: Reason, detail: String, target: Target) {
        if self.listed.len() < MAX_LISTED_REFUSALS {
            self.listed.push(Pending {
                key: shown(key),
                value: shown(value),
                reason,
                detail,
                target,
            });
        } else {
            self.omitted += 1;
        }
    }
}

fn unknown_key_detail(state: &LinkState) -> String {
    let mut keys = vec![DEMO, MODE, LANG, RUN];
    match state.view {
        View::Scenario(_) => keys.extend([RUNTIME, CODE, EMBED, STEP]),
        View::Scratch => keys.extend([CODE, LATENCY, EMBED, STEP]),
        _ => {}
    }
    keys.extend(state.params.specs().iter().map(|s| s.key));
    let whose = match &state.view {
        View::Scenario(s) => s.id.to_string(),
        View::Check => "the self-check".to_string(),
        View::Scratch => "the scratchpad".to_string(),
        View::NotFound(_) => "an unknown scenario".to_string(),
    };
    format!("unknown key; a link to {whose} knows {}", keys.join(", "))
}

/// Reverts explicit parameters that feed the load, in spec order, until the
/// scenario's load check passes; returns the keys reverted.
fn fit_load(scenario: &'static Scenario, state: &mut LinkState) -> Vec<&'static str> {
    let load_of = |params: &Params| {
        scenario
            .variants
            .iter()
            .map(|v| (scenario.load)(v, params))
            .collect::<Vec<_>>()
    };
    let before = load_of(&state.params);
    let explicit: Vec<&'static str> = state.params.explicit().iter().map(|(k, _)| *k).collect();
    let (involved, others): (Vec<_>, Vec<_>) = explicit.into_iter().partition(|key| {
        let mut without = state.params.clone();
        without.reset(key);
        load_of(&without) != before
    });
    let mut reverted = Vec::new();
    // Normally the involved ones suffice; the others are a last resort for a
    // load that only reacts to several parameters at once.
    for key in involved.into_iter().chain(others) {
        state.params.reset(key);
        reverted.push(key);
        if scenario.check_load(&state.params, state.mode).is_ok() {
            break;
        }
    }
    reverted
}

/// The value in effect for a key, as a link writes it.
fn in_effect(state: &LinkState, target: Target) -> String {
    match target {
        Target::Demo => state.view.id().to_string(),
        Target::Mode => state.mode.as_str().to_string(),
        Target::Lang => state.lang.map(|l| l.code().to_string()).unwrap_or_default(),
        Target::Run => if state.run { "1" } else { "0" }.to_string(),
        Target::Embed => if state.embed { "1" } else { "0" }.to_string(),
        Target::Runtime => state.runtime.as_str().to_string(),
        Target::Code => String::new(),
        Target::Step => state.step.map(StepRef::to_value).unwrap_or_default(),
        Target::Latency => state
            .latency_ms
            .map(|ms| ms.to_string())
            .unwrap_or_default(),
        Target::Param(spec) => {
            if let Some((_, v)) = state
                .params
                .explicit()
                .into_iter()
                .find(|(k, _)| *k == spec.key)
            {
                return format_value(v);
            }
            let mut text = format_value(&spec.default_value());
            if !spec.variant_defaults.is_empty() {
                let per_variant: Vec<String> = spec
                    .variant_defaults
                    .iter()
                    .map(|(variant, v)| format!("{variant}: {v}"))
                    .collect();
                text = format!("{text} ({})", per_variant.join(", "));
            }
            text
        }
        Target::Nothing => String::new(),
    }
}

fn first_view(catalogue: &[&'static Scenario]) -> View {
    catalogue
        .first()
        .map_or(View::NotFound(String::new()), |s| View::Scenario(s))
}

/// Text kept for display: at most [`MAX_SHOWN_CHARS`] characters, the last
/// one `…` when cut (so cutting twice changes nothing).
fn shown(text: &str) -> String {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        None => text.to_string(),
        Some(_) => {
            let mut cut: String = text.chars().take(MAX_SHOWN_CHARS - 1).collect();
            cut.push('…');
            cut
        }
    }
}

fn push_encoded(out: &mut String, text: &str) {
    out.extend(form_urlencoded::byte_serialize(text.as_bytes()));
}
