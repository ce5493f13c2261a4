//! "Nice" axis ticks (1-2-5 steps) and the time labels the timeline shows.
use crate::format::{precise_ms, trim_decimals};

/// The most intervals an axis gets; the 1-2-5 ladder then guarantees at
/// least 4 (a step one rung smaller would need more than 8), so an axis
/// shows 5 to 9 ticks counting the one at 0.
pub const MAX_INTERVALS: f64 = 8.0;

/// The smallest step of the form {1, 2, 5} x 10^k that covers `max_ms` in at
/// most [`MAX_INTERVALS`] intervals.
pub fn nice_step(max_ms: f64) -> f64 {
    let max = clean_max(max_ms);
    let raw = max / MAX_INTERVALS;
    let magnitude = 10f64.powf(raw.log10().floor());
    for multiple in [1.0, 2.0, 5.0] {
        let step = multiple * magnitude;
        if intervals(max, step) <= MAX_INTERVALS {
            return step;
        }
    }
    10.0 * magnitude
}

/// How many steps reach `max`; the tolerance keeps 3000 / 500 from becoming
/// 6.000000001 intervals.
pub(crate) fn intervals(max: f64, step: f64) -> f64 {
    (max / step - 1e-9).ceil().max(1.0)
}

/// A usable axis maximum: finite and at least 1 ms.
pub(crate) fn clean_max(max_ms: f64) -> f64 {
    if max_ms.is_finite() && max_ms > 1.0 {
        max_ms
    } else {
        1.0
    }
}

/// A tick label: `0 ms`, `0.2 ms`, `500 ms`, `1 s`, `1.5 s`, `120 s`.
pub fn tick_label(ms: f64) -> String {
    if ms.abs() >= 1000.0 {
        format!("{} s", trim_decimals(ms / 1000.0, 3))
    } else {
        precise_ms(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_the_ladder() {
        assert_eq!(nice_step(1000.0), 200.0);
        assert_eq!(nice_step(2000.0), 500.0);
        assert_eq!(nice_step(3000.0), 500.0);
        assert_eq!(nice_step(1.0), 0.2);
        assert_eq!(nice_step(0.0), 0.2);
        assert_eq!(nice_step(f64::NAN), 0.2);
    }

    #[test]
    fn labels_switch_to_seconds() {
        assert_eq!(tick_label(0.0), "0 ms");
        assert_eq!(tick_label(500.0), "500 ms");
        assert_eq!(tick_label(1500.0), "1.5 s");
        assert_eq!(tick_label(2000.0), "2 s");
        assert_eq!(tick_label(0.6000000000000001), "0.6 ms");
    }
}
