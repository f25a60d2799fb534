//! Plain numbers, counts, money and hours.

use super::magnitude::{bounded, compact};
use super::{MISSING, TEXT_MISSING, Z95_PRINTED};

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

/// A rounded number with thousands separators, "123,456", and compact from
/// a million on, "1.23M".
pub fn grouped(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.into();
    }
    if x.abs() >= 1e6 { compact(x) } else { grouped_full(x) }
}

/// A rounded number with thousands separators, whatever its size.
pub(super) fn grouped_full(x: f64) -> String {
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

/// Money in a sentence, with the currency's sign where it has a common one:
/// "$11.2M", "€640,000", "11.2M CHF".
pub fn money_in(x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return MISSING.into();
    }
    let sign = match currency {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => return format!("{} {currency}", money(x)),
    };
    let text = money(x);
    match text.strip_prefix('-') {
        Some(abs) => format!("-{sign}{abs}"),
        None => format!("{sign}{text}"),
    }
}

/// A mean with one decimal, "39.2", compact from ten thousand on.
pub fn num1(x: f64) -> String {
    if x.is_finite() { bounded(x, |x| format!("{x:.1}")) } else { MISSING.into() }
}

/// A value as the scenario states it, without trailing zeros: 8, 0.25,
/// 56000. In charts and report.html.
pub fn plain(x: f64) -> String {
    if x.is_finite() { for_people(x) } else { MISSING.into() }
}

/// Same as [`plain`] for the terminal and text tables.
pub fn text_plain(x: f64) -> String {
    if x.is_finite() { for_people(x) } else { TEXT_MISSING.into() }
}

/// The scenario's own digits, except that a value too small for six decimals
/// reads as a bound, not as an exponent nor as 0.
fn for_people(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-6 {
        return if x > 0.0 { "<0.000001".into() } else { ">-0.000001".into() };
    }
    crate::scenario::fmt_num(x)
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

/// A precision target or achieved half-width as the stopping rule states it: "0.0100".
pub fn half_width(x: f64) -> String {
    if x.is_finite() { bounded(x, |x| format!("{x:.4}")) } else { TEXT_MISSING.into() }
}

/// Terminal: a whole number, "2417", compact from ten thousand on ("12.3k").
pub fn text_whole(x: f64) -> String {
    if x.is_finite() { bounded(x, |x| format!("{x:.0}")) } else { TEXT_MISSING.into() }
}

/// Terminal: a mean with one decimal, "39.2", compact from ten thousand on.
pub fn text_num1(x: f64) -> String {
    if x.is_finite() { bounded(x, |x| format!("{x:.1}")) } else { TEXT_MISSING.into() }
}

/// Terminal: money in whole units, "640,000", compact from a million on ("11.2M").
pub fn text_money(x: f64) -> String {
    if x.is_finite() { money(x) } else { TEXT_MISSING.into() }
}

/// Terminal: a mean and its 95% Monte Carlo error, "86.1 ± 0.4", with enough
/// decimals that the error shows one significant digit.
pub fn text_num_pm(x: f64, se: f64) -> String {
    if !x.is_finite() {
        return TEXT_MISSING.into();
    }
    let half = Z95_PRINTED * se;
    if x.abs() >= 1e4 || !half.is_finite() || half >= 1e4 {
        let error = if half.is_finite() { bounded(half, |h| format!("{h:.0}")) } else { TEXT_MISSING.into() };
        return format!("{} ± {error}", bounded(x, |x| format!("{x:.0}")));
    }
    let digits = if half > 0.0 && half.is_finite() {
        (-half.log10().floor()).clamp(0.0, 3.0) as usize
    } else if x.abs() >= 100.0 {
        0
    } else {
        2
    };
    format!("{x:.digits$} ± {half:.digits$}")
}

/// Terminal: money and its 95% Monte Carlo error, "56,120 ± 410", compact
/// from a million on ("2.64M ± 12.1k").
pub fn text_money_pm(x: f64, se: f64) -> String {
    if !x.is_finite() {
        return TEXT_MISSING.into();
    }
    let error = Z95_PRINTED * se;
    let error = if error.is_finite() { money(error) } else { TEXT_MISSING.into() };
    format!("{} ± {error}", money(x))
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
        assert_eq!(grouped(-123456.0), "-123,456");
        assert_eq!(grouped(-1234567.0), "-1.23M");
        assert_eq!(count(0), "0");
        assert_eq!(money(999_999.4), "999,999");
        assert_eq!(money(2.64e9), "2.64B");
        assert_eq!(money(-25000.0), "-25,000");
        assert_eq!(plain(0.25), "0.25");
        assert_eq!(plain(56000.0), "56000");
        assert_eq!((plain(3e-9), text_plain(-3e-9)), ("<0.000001".to_string(), ">-0.000001".to_string()));
        assert_eq!(num1(39.18), "39.2");
        assert_eq!(num1(0.0), "0.0");
        assert_eq!(text_num1(123_456.0), "123k");
        assert_eq!(text_money(11_200_000.0), "11.2M");
        assert_eq!(text_money(640_000.0), "640,000");
    }

    #[test]
    fn money_in_a_sentence_carries_its_currency() {
        assert_eq!(money_in(11_200_000.0, "USD"), "$11.2M");
        assert_eq!(money_in(-640_000.0, "EUR"), "-€640,000");
        assert_eq!(money_in(9_604_000.0, "GBP"), "£9.60M");
        assert_eq!(money_in(5_000.0, "CHF"), "5,000 CHF");
        assert_eq!(money_in(f64::NAN, "USD"), MISSING);
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
        // Huge figures keep a short form; an undefined error leaves the figure.
        assert_eq!(text_num_pm(2.5e7, 1e5), "25.0M ± 196k");
        assert_eq!(text_num_pm(12.0, f64::NAN), "12 ± -");
        assert_eq!(text_whole(123_456.0), "123k");
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
        }
        assert_eq!(text_whole(f64::NAN), TEXT_MISSING);
        assert_eq!(num1(f64::NAN), MISSING);
        assert_eq!(text_num1(f64::NAN), TEXT_MISSING);
        assert_eq!(text_money(f64::NAN), TEXT_MISSING);
        assert_eq!(text_num_pm(f64::NAN, 1.0), TEXT_MISSING);
        assert_eq!(text_money_pm(f64::INFINITY, 1.0), TEXT_MISSING);
        assert_eq!(half_width(f64::NAN), TEXT_MISSING);
    }
}
