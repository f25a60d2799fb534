//! Shares as percentages and differences of shares as percentage points.

use super::{MISSING, TEXT_MISSING, plain};
use crate::stats::Estimate;

/// A share (0.573) as a percentage with one decimal: "57.3%".
pub fn pct1(x: f64) -> String {
    if x.is_finite() { format!("{:.1}%", 100.0 * x) } else { MISSING.into() }
}

/// A share as a whole percentage: "57%". For chart titles and axis ticks.
pub fn pct0(x: f64) -> String {
    if x.is_finite() { format!("{:.0}%", 100.0 * x) } else { MISSING.into() }
}

/// A 95% interval of a share, one decimal: "56.5–57.1%".
pub fn pct1_range(lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() { format!("{:.1}–{:.1}%", 100.0 * lo, 100.0 * hi) } else { MISSING.into() }
}

/// A difference of shares in percentage points, signed: "+29.7 pts".
pub fn pts1(x: f64) -> String {
    if x.is_finite() { format!("{:+.1} pts", 100.0 * x) } else { MISSING.into() }
}

/// The size of a difference in points, unsigned, for prose that says the
/// direction in words: "29.7" (percentage points more).
pub fn pts_size1(x: f64) -> String {
    if x.is_finite() { format!("{:.1}", (100.0 * x).abs()) } else { MISSING.into() }
}

/// A 95% interval of a difference in points: "+29.4 to +29.9".
pub fn pts1_range(lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() { format!("{:+.1} to {:+.1}", 100.0 * lo, 100.0 * hi) } else { MISSING.into() }
}

/// Percent tick of a share axis that starts at zero: a decimal only when the
/// axis ends below 5%, where whole percents would repeat.
pub fn pct_tick_by_max(v: f64, axis_max: f64) -> String {
    if axis_max < 0.05 { pct1(v) } else { pct0(v) }
}

/// Percent tick of a share axis spanning `span`: a decimal only when it
/// spans less than 6 points.
pub fn pct_tick_by_span(v: f64, span: f64) -> String {
    if span < 0.06 { pct1(v) } else { pct0(v) }
}

/// A parameter that is a share, as exactly as it was given: "21.5%",
/// "12.25%" (rounded to a millionth of a point to hide binary noise).
pub fn share_value(v: f64) -> String {
    if v.is_finite() { format!("{}%", plain((100.0 * v * 1e6).round() / 1e6)) } else { MISSING.into() }
}

/// Terminal: a share with one decimal, "57.3%".
pub fn text_pct(x: f64) -> String {
    if x.is_finite() { format!("{:.1}%", 100.0 * x) } else { TEXT_MISSING.into() }
}

/// Terminal: a share and its interval, "57.3% [56.5, 58.1]". The bounds are
/// printed as they are (a non-finite one shows as `NaN`), as the terminal
/// table always has.
pub fn text_pct_ci(x: f64, lo: f64, hi: f64) -> String {
    format!("{} [{:.1}, {:.1}]", text_pct(x), 100.0 * lo, 100.0 * hi)
}

/// Terminal: a paired difference with its interval, "+29.7 pts [+29.4, +29.9]".
pub fn text_pts_ci(e: &Estimate) -> String {
    format!("{:+.1} pts [{:+.1}, {:+.1}]", 100.0 * e.value, 100.0 * e.ci_low, 100.0 * e.ci_high)
}

/// Text tables whose column head says "(pts)": "+29.7 [+29.4, +29.9]".
pub fn text_pts_ci_unlabelled(e: &Estimate) -> String {
    format!("{:+.1} [{:+.1}, {:+.1}]", 100.0 * e.value, 100.0 * e.ci_low, 100.0 * e.ci_high)
}

/// Terminal: whole percentages of one breakdown, "12 | 30 | 58 %".
pub fn text_whole_pcts(shares: &[f64]) -> String {
    let cells: Vec<String> = shares.iter().map(|x| format!("{:.0}", 100.0 * x)).collect();
    format!("{} %", cells.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_points() {
        assert_eq!(pct1(0.5679), "56.8%");
        assert_eq!(pct0(0.5679), "57%");
        assert_eq!(pct1_range(0.565, 0.5712), "56.5–57.1%");
        assert_eq!(pts1(0.29655), "+29.7 pts");
        assert_eq!(pts1(-0.02), "-2.0 pts");
        assert_eq!(pts1_range(0.294, 0.299), "+29.4 to +29.9");
        assert_eq!(pts_size1(-0.0213), "2.1");
        assert_eq!(share_value(0.215), "21.5%");
    }

    #[test]
    fn ticks_get_a_decimal_only_on_fine_axes() {
        assert_eq!(pct_tick_by_max(0.25, 1.0), "25%");
        assert_eq!(pct_tick_by_max(0.005, 0.02), "0.5%");
        assert_eq!(pct_tick_by_span(0.305, 0.05), "30.5%");
        assert_eq!(pct_tick_by_span(0.305, 0.5), "30%");
    }

    #[test]
    fn non_finite_shares_use_the_placeholder_of_their_medium() {
        for x in [f64::NAN, f64::INFINITY] {
            assert_eq!(pct1(x), MISSING);
            assert_eq!(pct0(x), MISSING);
            assert_eq!(pts1(x), MISSING);
            assert_eq!(pts_size1(x), MISSING);
            assert_eq!(pct1_range(0.1, x), MISSING);
            assert_eq!(pts1_range(x, 0.1), MISSING);
            assert_eq!(pct_tick_by_max(x, 1.0), MISSING);
            assert_eq!(share_value(x), MISSING);
            assert_eq!(text_pct(x), TEXT_MISSING);
        }
        assert_eq!(text_pct_ci(f64::NAN, f64::NAN, f64::NAN), "- [NaN, NaN]");
    }

    #[test]
    fn terminal_forms() {
        let e = Estimate { value: 0.29655, se: 0.001, ci_low: 0.294, ci_high: 0.299 };
        assert_eq!(text_pct_ci(0.573, 0.565, 0.581), "57.3% [56.5, 58.1]");
        assert_eq!(text_pts_ci(&e), "+29.7 pts [+29.4, +29.9]");
        assert_eq!(text_pts_ci_unlabelled(&e), "+29.7 [+29.4, +29.9]");
        assert_eq!(text_whole_pcts(&[0.12, 0.3, 0.58]), "12 | 30 | 58 %");
    }
}
