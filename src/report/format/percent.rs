//! Shares as percentages and differences of shares as percentage points.

use super::magnitude::bounded;
use super::{MISSING, TEXT_MISSING, plain};

/// `100 x` with `decimals`, compact when it is huge ("12.3k").
fn percent_number(x: f64, decimals: usize) -> String {
    bounded(100.0 * x, |p| format!("{p:.decimals$}"))
}

/// `100 x` signed, with one decimal, compact when it is huge ("+12.3k").
fn signed_points(x: f64) -> String {
    let p = 100.0 * x;
    let s = bounded(p, |p| format!("{p:+.1}"));
    if p >= 0.0 && !s.starts_with('+') { format!("+{s}") } else { s }
}
use crate::stats::Estimate;

/// A share (0.573) as a percentage with one decimal: "57.3%".
pub fn pct1(x: f64) -> String {
    if x.is_finite() { format!("{}%", percent_number(x, 1)) } else { MISSING.into() }
}

/// A share as a whole percentage: "57%". For chart titles and axis ticks.
pub fn pct0(x: f64) -> String {
    if x.is_finite() { format!("{}%", percent_number(x, 0)) } else { MISSING.into() }
}

/// A 95% interval of a share, one decimal: "56.5–57.1%".
pub fn pct1_range(lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() { format!("{}–{}%", percent_number(lo, 1), percent_number(hi, 1)) } else { MISSING.into() }
}

/// A range of outcomes in whole percents: "38–58%"; one figure when both
/// ends read the same ("100%").
pub fn pct0_range(lo: f64, hi: f64) -> String {
    if !(lo.is_finite() && hi.is_finite()) {
        return MISSING.into();
    }
    let (a, b) = (percent_number(lo, 0), percent_number(hi, 0));
    if a == b { format!("{a}%") } else { format!("{a}–{b}%") }
}

/// Terminal: a range of outcomes in whole percents, "38-58%" ("-" when undefined).
pub fn text_pct0_range(lo: f64, hi: f64) -> String {
    if !(lo.is_finite() && hi.is_finite()) {
        return TEXT_MISSING.into();
    }
    let (a, b) = (percent_number(lo, 0), percent_number(hi, 0));
    if a == b { format!("{a}%") } else { format!("{a}-{b}%") }
}

/// A difference of shares in percentage points, signed: "+29.7 pts".
pub fn pts1(x: f64) -> String {
    if x.is_finite() { format!("{} pts", signed_points(x)) } else { MISSING.into() }
}

/// The size of a difference in points, unsigned, for prose that says the
/// direction in words: "29.7" (percentage points more).
pub fn pts_size1(x: f64) -> String {
    if x.is_finite() { percent_number(x.abs(), 1) } else { MISSING.into() }
}

/// A 95% interval of a difference in points: "+29.4 to +29.9".
pub fn pts1_range(lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() { format!("{} to {}", signed_points(lo), signed_points(hi)) } else { MISSING.into() }
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
    if v.is_finite() { format!("{}%", bounded(100.0 * v, |p| plain((p * 1e6).round() / 1e6))) } else { MISSING.into() }
}

/// Terminal: a share with one decimal, "57.3%".
pub fn text_pct(x: f64) -> String {
    if x.is_finite() { format!("{}%", percent_number(x, 1)) } else { TEXT_MISSING.into() }
}

/// Terminal: a share and its interval, "57.3% [56.5, 58.1]"; "-" for an
/// undefined figure, and no bracket when the interval is undefined.
pub fn text_pct_ci(x: f64, lo: f64, hi: f64) -> String {
    if !x.is_finite() {
        return TEXT_MISSING.into();
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return text_pct(x);
    }
    format!("{} [{}, {}]", text_pct(x), percent_number(lo, 1), percent_number(hi, 1))
}

/// Terminal: a paired difference with its interval, "+29.7 pts [+29.4, +29.9]".
pub fn text_pts_ci(e: &Estimate) -> String {
    format!("{} pts{}", signed_text(e.value), bracket(e))
}

/// A signed figure in points for text, "-" when undefined.
fn signed_text(x: f64) -> String {
    if x.is_finite() { signed_points(x) } else { TEXT_MISSING.into() }
}

/// " [+29.4, +29.9]", or nothing when the interval is undefined.
fn bracket(e: &Estimate) -> String {
    if e.ci_low.is_finite() && e.ci_high.is_finite() {
        format!(" [{}, {}]", signed_points(e.ci_low), signed_points(e.ci_high))
    } else {
        String::new()
    }
}

/// Text tables whose column head says "(pts)": "+29.7 [+29.4, +29.9]".
pub fn text_pts_ci_unlabelled(e: &Estimate) -> String {
    format!("{}{}", signed_text(e.value), bracket(e))
}

/// Terminal: whole percentages of one breakdown, "12 | 30 | 58 %".
pub fn text_whole_pcts(shares: &[f64]) -> String {
    let cells: Vec<String> = shares.iter().map(|&x| if x.is_finite() { percent_number(x, 0) } else { TEXT_MISSING.into() }).collect();
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
        assert_eq!(pct0_range(0.3818, 0.5752), "38–58%");
        assert_eq!(pct0_range(1.0, 1.0), "100%");
        assert_eq!(text_pct0_range(0.2004, 0.3811), "20-38%");
        assert_eq!(pct0_range(f64::NAN, 0.5), MISSING);
        assert_eq!(text_pct0_range(0.1, f64::NAN), TEXT_MISSING);
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
        assert_eq!(text_pct_ci(f64::NAN, f64::NAN, f64::NAN), TEXT_MISSING);
        assert_eq!(text_pct_ci(0.5, f64::NAN, 0.6), "50.0%");
        let undefined = Estimate { value: f64::NAN, se: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN };
        assert_eq!(text_pts_ci(&undefined), "- pts");
    }

    #[test]
    fn terminal_forms() {
        let e = Estimate { value: 0.29655, se: 0.001, ci_low: 0.294, ci_high: 0.299 };
        assert_eq!(text_pct_ci(0.573, 0.565, 0.581), "57.3% [56.5, 58.1]");
        assert_eq!(text_pts_ci(&e), "+29.7 pts [+29.4, +29.9]");
        assert_eq!(text_pts_ci_unlabelled(&e), "+29.7 [+29.4, +29.9]");
        assert_eq!(text_whole_pcts(&[0.12, 0.3, 0.58]), "12 | 30 | 58 %");
        // Capped in form, not in value.
        assert_eq!(text_pct(250.0), "25.0k%");
        assert_eq!(pct0(1.2e6), "120M%");
        assert_eq!(pts1(-300.0), "-30.0k pts");
        assert_eq!(pts1(300.0), "+30.0k pts");
    }
}
