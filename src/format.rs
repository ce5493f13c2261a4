//! Numbers and times as the page writes them, for every layer (engine,
//! layout, texts, console): one place decides decimals, signs and units.

/// `value` with at most `places` decimals and no trailing zeros; never `-0`,
/// and `0` for what is not a finite number.
pub fn trim_decimals(value: f64, places: usize) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let mut s = format!("{value:.places$}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// Milliseconds as people write them: `1000`, `1.5`, and a real clock's
/// `3006.8000000002794` as `3006.8` (to the microsecond at most).
pub fn fmt_ms(ms: f64) -> String {
    trim_decimals(ms, 3)
}

/// An exact time for tooltips and totals, always in ms: `1500 ms`,
/// `1000.25 ms`.
pub fn precise_ms(ms: f64) -> String {
    format!("{} ms", fmt_ms(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_what_a_clock_means() {
        assert_eq!(fmt_ms(1000.0), "1000");
        assert_eq!(fmt_ms(1.5), "1.5");
        assert_eq!(fmt_ms(3006.8000000002794), "3006.8");
        assert_eq!(fmt_ms(0.0004), "0");
        assert_eq!(fmt_ms(-0.0), "0");
        assert_eq!(fmt_ms(1e16), "10000000000000000");
        assert_eq!(fmt_ms(f64::NAN), "0");
        assert_eq!(precise_ms(1000.25), "1000.25 ms");
        assert_eq!(trim_decimals(-0.0001, 3), "0");
        assert_eq!(trim_decimals(2.50, 2), "2.5");
    }
}
