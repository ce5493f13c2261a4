//! Scenario parameters: their kinds, limits and defaults, and the validated
//! values a run uses.
use std::collections::BTreeMap;

use serde_json::{json, Value};

/// What a parameter holds, its limits and its default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Int {
        min: i64,
        max: i64,
        default: i64,
    },
    Float {
        min: f64,
        max: f64,
        default: f64,
    },
    /// A comma-separated list in links (`durations_ms=1000,2000,1500`).
    IntList {
        min: i64,
        max: i64,
        min_len: usize,
        max_len: usize,
        default: &'static [i64],
    },
}

/// One parameter of a scenario, under its catalogue key (also its URL key).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    pub key: &'static str,
    pub kind: Kind,
    /// Variants whose default differs (`timeout_ms`: 5000 in `completes`).
    pub variant_defaults: &'static [(&'static str, i64)],
}

/// Longest duration any parameter may ask for.
pub const MAX_DURATION_MS: i64 = 60_000;
/// Most tasks a run may create, per mode.
pub const MAX_TASKS_REAL: usize = 10_000;
pub const MAX_TASKS_VIRTUAL: usize = 100_000;
/// Most time blocking busy-waits may hold the loop in one run.
pub const MAX_BLOCKING_MS: f64 = 5_000.0;

impl ParamSpec {
    /// A duration in milliseconds, 0..=60,000.
    pub const fn duration(key: &'static str, default: i64) -> Self {
        ParamSpec {
            key,
            kind: Kind::Int {
                min: 0,
                max: MAX_DURATION_MS,
                default,
            },
            variant_defaults: &[],
        }
    }

    /// A count of things (users, urls, tasks).
    pub const fn count(key: &'static str, min: i64, max: i64, default: i64) -> Self {
        ParamSpec {
            key,
            kind: Kind::Int { min, max, default },
            variant_defaults: &[],
        }
    }

    /// A list of durations in milliseconds.
    pub const fn durations(key: &'static str, default: &'static [i64]) -> Self {
        ParamSpec {
            key,
            kind: Kind::IntList {
                min: 0,
                max: MAX_DURATION_MS,
                min_len: 1,
                max_len: 100,
                default,
            },
            variant_defaults: &[],
        }
    }

    /// A fraction 0.0..=1.0 (a failure rate).
    pub const fn fraction(key: &'static str, default: f64) -> Self {
        ParamSpec {
            key,
            kind: Kind::Float {
                min: 0.0,
                max: 1.0,
                default,
            },
            variant_defaults: &[],
        }
    }

    pub const fn with_variant_defaults(mut self, defaults: &'static [(&'static str, i64)]) -> Self {
        self.variant_defaults = defaults;
        self
    }

    pub fn default_value(&self) -> ParamValue {
        match self.kind {
            Kind::Int { default, .. } => ParamValue::Int(default),
            Kind::Float { default, .. } => ParamValue::Float(default),
            Kind::IntList { default, .. } => ParamValue::IntList(default.to_vec()),
        }
    }

    /// Checks a value against the limits; the error says why, in English
    /// (the page translates the reason kind).
    pub fn check(&self, value: &ParamValue) -> Result<(), String> {
        match (self.kind, value) {
            (Kind::Int { min, max, .. }, ParamValue::Int(v)) => {
                if (min..=max).contains(v) {
                    Ok(())
                } else {
                    Err(format!("must be between {min} and {max}"))
                }
            }
            (Kind::Float { min, max, .. }, ParamValue::Float(v)) => {
                if v.is_finite() && (min..=max).contains(v) {
                    Ok(())
                } else {
                    Err(format!("must be between {min} and {max}"))
                }
            }
            (
                Kind::IntList {
                    min,
                    max,
                    min_len,
                    max_len,
                    ..
                },
                ParamValue::IntList(list),
            ) => {
                if list.len() < min_len || list.len() > max_len {
                    Err(format!("must have {min_len} to {max_len} items"))
                } else if list.iter().any(|v| !(min..=max).contains(v)) {
                    Err(format!("every item must be between {min} and {max}"))
                } else {
                    Ok(())
                }
            }
            _ => Err("has the wrong type".into()),
        }
    }
}

/// A parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Int(i64),
    Float(f64),
    IntList(Vec<i64>),
}

impl ParamValue {
    pub fn to_json(&self) -> Value {
        match self {
            ParamValue::Int(v) => json!(v),
            ParamValue::Float(v) => json!(v),
            ParamValue::IntList(v) => json!(v),
        }
    }
}

/// The validated parameters of one scenario; keys not set explicitly take
/// their (per-variant) defaults.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Params {
    specs: &'static [ParamSpec],
    explicit: BTreeMap<&'static str, ParamValue>,
}

impl Params {
    /// All defaults.
    pub fn defaults(specs: &'static [ParamSpec]) -> Self {
        Params {
            specs,
            explicit: BTreeMap::new(),
        }
    }

    pub fn specs(&self) -> &'static [ParamSpec] {
        self.specs
    }

    fn spec(&self, key: &str) -> &'static ParamSpec {
        self.specs
            .iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("scenario has no parameter {key}"))
    }

    /// Sets a value after checking it; a value equal to the default is
    /// stored as "not set" so links stay short.
    pub fn set(&mut self, key: &str, value: ParamValue) -> Result<(), String> {
        let spec = self
            .specs
            .iter()
            .find(|s| s.key == key)
            .ok_or_else(|| format!("unknown parameter {key}"))?;
        spec.check(&value)?;
        if value == spec.default_value() && spec.variant_defaults.is_empty() {
            self.explicit.remove(spec.key);
        } else {
            self.explicit.insert(spec.key, value);
        }
        Ok(())
    }

    /// Forgets an explicit value.
    pub fn reset(&mut self, key: &str) {
        self.explicit.remove(key);
    }

    /// The values set explicitly (what a link carries), in spec order.
    pub fn explicit(&self) -> Vec<(&'static str, &ParamValue)> {
        self.specs
            .iter()
            .filter_map(|s| self.explicit.get(s.key).map(|v| (s.key, v)))
            .collect()
    }

    /// The value a variant runs with.
    pub fn value(&self, key: &str, variant: &str) -> ParamValue {
        let spec = self.spec(key);
        if let Some(v) = self.explicit.get(spec.key) {
            return v.clone();
        }
        match spec
            .variant_defaults
            .iter()
            .find(|(name, _)| *name == variant)
        {
            Some((_, v)) => ParamValue::Int(*v),
            None => spec.default_value(),
        }
    }

    pub fn int(&self, key: &str, variant: &str) -> i64 {
        match self.value(key, variant) {
            ParamValue::Int(v) => v,
            ParamValue::Float(v) => v as i64,
            ParamValue::IntList(v) => v.first().copied().unwrap_or(0),
        }
    }

    /// An integer parameter as milliseconds.
    pub fn ms(&self, key: &str, variant: &str) -> f64 {
        self.int(key, variant) as f64
    }

    pub fn float(&self, key: &str, variant: &str) -> f64 {
        match self.value(key, variant) {
            ParamValue::Float(v) => v,
            ParamValue::Int(v) => v as f64,
            ParamValue::IntList(_) => 0.0,
        }
    }

    pub fn list(&self, key: &str, variant: &str) -> Vec<i64> {
        match self.value(key, variant) {
            ParamValue::IntList(v) => v,
            ParamValue::Int(v) => vec![v],
            ParamValue::Float(v) => vec![v as i64],
        }
    }

    /// Every parameter with the value the first variant uses, as the trace's
    /// `params` object.
    pub fn to_json(&self, variant: &str) -> Value {
        let map = self
            .specs
            .iter()
            .map(|s| (s.key.to_string(), self.value(s.key, variant).to_json()))
            .collect();
        Value::Object(map)
    }
}
