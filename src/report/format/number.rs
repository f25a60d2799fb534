//! Plain numbers, counts, money and hours.

use super::{CSV_MISSING, MISSING, TEXT_MISSING, Z95_PRINTED};

/// A count-like mean with digits that suit its size: 2,417 · 86.1 · 6.98.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.into();
    }
    let a = x.abs();
    if a >= 100.0 {
        grouped(x)
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 || a == 0.0 {
        format!("{x:.2}")
    } else {
        // Small rates per rep-quarter: keep two significant digits.
        format!("{x:.3}")
    }
}

/// A rounded number with thousands separators: 1,234,567.
pub fn grouped(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.into();
    }
    let v = x.round();
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// Integer count with thousands separators.
pub fn count(n: u64) -> String {
    grouped(n as f64)
}

/// Money: whole units with thousands separators, "56,000".
pub fn money(x: f64) -> String {
    grouped(x)
}

/// A value as the scenario states it, without trailing zeros: 8, 0.25,
/// 56000. In charts and report.html.
pub fn plain(x: f64) -> String {
    if x.is_finite() { crate::scenario::fmt_num(x) } else { MISSING.into() }
}

/// Same as [`plain`] for the terminal and text tables.
pub fn text_plain(x: f64) -> String {
    if x.is_finite() { crate::scenario::fmt_num(x) } else { TEXT_MISSING.into() }
}

/// Hours with one decimal: "6.2 h".
pub fn hours(x: f64) -> String {
    if x.is_finite() { format!("{x:.1} h") } else { MISSING.into() }
}

/// Hours booked out of a weekly capacity: "38.5 of 40 h".
pub fn hours_of(booked: f64, capacity: f64) -> String {
    if booked.is_finite() && capacity.is_finite() { format!("{booked:.1} of {capacity:.0} h") } else { MISSING.into() }
}

/// Tick of an hours axis: "10 h".
pub fn hours_tick(v: f64) -> String {
    if v.is_finite() { format!("{v:.0} h") } else { MISSING.into() }
}

/// Tick of a log axis: grouped from 1 up, as plotters gives it below 1 (0.1, 0.01).
pub fn log_tick(v: f64) -> String {
    if !v.is_finite() {
        MISSING.into()
    } else if v >= 1.0 {
        grouped(v)
    } else {
        format!("{v}")
    }
}

/// A precision target or achieved half-width as the stopping rule states
/// it: "0.0100". A non-finite one prints as it is (`NaN`), as these lines
/// always have.
pub fn half_width(x: f64) -> String {
    format!("{x:.4}")
}

/// Terminal: a whole number, "2417". A non-finite one prints as it is
/// (`NaN`), as the terminal table always has.
pub fn text_whole(x: f64) -> String {
    format!("{x:.0}")
}

/// Terminal: a mean and its 95% Monte Carlo error, "86.1 ± 0.4", with enough
/// decimals that the error shows one significant digit.
pub fn text_num_pm(x: f64, se: f64) -> String {
    let half = Z95_PRINTED * se;
    let digits = if half > 0.0 && half.is_finite() {
        (-half.log10().floor()).clamp(0.0, 3.0) as usize
    } else if x.abs() >= 100.0 {
        0
    } else {
        2
    };
    format!("{x:.digits$} ± {half:.digits$}")
}

/// Terminal: money and its 95% Monte Carlo error, "56,120 ± 410".
pub fn text_money_pm(x: f64, se: f64) -> String {
    format!("{} ± {}", money(x), money(Z95_PRINTED * se))
}

/// sweep, tornado and plan CSV: full precision (shortest form that reads
/// back exactly), an empty cell when non-finite.
pub fn csv_num(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { CSV_MISSING.into() }
}

/// summary.csv: full precision; a non-finite figure as Rust prints it
/// (`NaN`), as summary.csv always has.
pub fn summary_csv_num(x: f64) -> String {
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_magnitude() {
        assert_eq!(num(2417.2), "2,417");
        assert_eq!(num(86.14), "86.1");
        assert_eq!(num(6.981), "6.98");
        assert_eq!(num(0.0), "0.00");
        assert_eq!(num(0.0421), "0.042");
        assert_eq!(grouped(-1234567.0), "-1,234,567");
        assert_eq!(count(0), "0");
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(money(-25000.0), "-25,000");
        assert_eq!(plain(0.25), "0.25");
        assert_eq!(plain(56000.0), "56000");
    }

    #[test]
    fn hours_and_ticks() {
        assert_eq!(hours(6.24), "6.2 h");
        assert_eq!(hours_of(38.46, 40.0), "38.5 of 40 h");
        assert_eq!(hours_tick(10.0), "10 h");
        assert_eq!(log_tick(1000.0), "1,000");
        assert_eq!(log_tick(0.1), "0.1");
    }

    #[test]
    fn errors_show_one_significant_digit() {
        assert_eq!(text_num_pm(86.14, 0.2), "86.1 ± 0.4");
        assert_eq!(text_num_pm(2417.0, 0.0), "2417 ± 0");
        assert_eq!(text_money_pm(56120.0, 200.0), "56,120 ± 392");
    }

    #[test]
    fn non_finite_numbers_use_the_placeholder_of_their_medium() {
        for x in [f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(num(x), MISSING);
            assert_eq!(grouped(x), MISSING);
            assert_eq!(plain(x), MISSING);
            assert_eq!(hours(x), MISSING);
            assert_eq!(log_tick(x), MISSING);
            assert_eq!(text_plain(x), TEXT_MISSING);
            assert_eq!(csv_num(x), CSV_MISSING);
        }
        assert_eq!(summary_csv_num(f64::NAN), "NaN");
        assert_eq!(csv_num(0.1), "0.1");
    }
}
