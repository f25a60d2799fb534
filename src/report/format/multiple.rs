//! Multiples of quota (pipeline coverage, coverage targets).
//!
//! Charts and report.html write the multiplication sign ("3×"); the terminal
//! and text tables, which are ASCII, write a letter x ("3x").

use super::magnitude::bounded;
use super::{MISSING, TEXT_MISSING, Z95_PRINTED, plain, text_plain};

/// Coverage with two decimals, in report.html tables: "4.50×".
pub fn times2(x: f64) -> String {
    if x.is_finite() { format!("{}×", bounded(x, |x| format!("{x:.2}"))) } else { MISSING.into() }
}

/// Coverage and its 95% Monte Carlo error, in report.html tables: "4.50× ± 0.03".
pub fn times2_pm(x: f64, se: f64) -> String {
    if se.is_finite() && x.is_finite() {
        format!("{} ± {}", times2(x), bounded(Z95_PRINTED * se, |h| format!("{h:.2}")))
    } else {
        times2(x)
    }
}

/// Coverage with one decimal, in chart titles, legends and report.html prose: "4.5×".
pub fn times1(x: f64) -> String {
    if x.is_finite() { format!("{}×", bounded(x, |x| format!("{x:.1}"))) } else { MISSING.into() }
}

/// A coverage target as given, in charts (ticks, titles, labels): "3×", "2.5×".
pub fn times_value(x: f64) -> String {
    if x.is_finite() { format!("{}×", bounded(x, plain)) } else { MISSING.into() }
}

/// Tick of a coverage axis on whole multiples: "3×".
pub fn times_tick(x: f64) -> String {
    if x.is_finite() { format!("{}×", bounded(x, |x| format!("{x:.0}"))) } else { MISSING.into() }
}

/// A coverage target as given, in the terminal and text tables: "3x", "2.5x".
pub fn text_times(x: f64) -> String {
    if x.is_finite() { format!("{}x", bounded(x, text_plain)) } else { TEXT_MISSING.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiples_per_medium() {
        assert_eq!(times2(4.5045), "4.50×");
        assert_eq!(times1(4.5045), "4.5×");
        assert_eq!(times_value(2.5), "2.5×");
        assert_eq!(times_tick(3.0), "3×");
        assert_eq!(text_times(2.5), "2.5x");
        assert_eq!(times2_pm(4.5, f64::NAN), "4.50×");
    }

    #[test]
    fn non_finite_multiples_use_the_placeholder_of_their_medium() {
        assert_eq!(times2(f64::NAN), MISSING);
        assert_eq!(times2_pm(f64::NAN, 0.1), MISSING);
        assert_eq!(times1(f64::INFINITY), MISSING);
        assert_eq!(times_value(f64::NAN), MISSING);
        assert_eq!(text_times(f64::NAN), TEXT_MISSING);
    }
}
