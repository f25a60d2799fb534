//! Number formatting shared by the charts and report.html, so that a figure
//! reads the same in a chart title, a table cell and the headline.
//!
//! Every function returns "–" for a non-finite input instead of printing
//! `NaN` or `inf` to a leader.

/// Placeholder for a figure that cannot be computed (e.g. no won deals).
pub const MISSING: &str = "–";

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

/// A 95% interval of a difference in points: "+29.4 to +29.9".
pub fn pts1_range(lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() { format!("{:+.1} to {:+.1}", 100.0 * lo, 100.0 * hi) } else { MISSING.into() }
}

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

/// Hours with one decimal: "6.2 h".
pub fn hours(x: f64) -> String {
    if x.is_finite() { format!("{x:.1} h") } else { MISSING.into() }
}

/// A multiple of quota (pipeline coverage): "4.50×".
pub fn times2(x: f64) -> String {
    if x.is_finite() { format!("{x:.2}×") } else { MISSING.into() }
}

/// A multiple of quota with one decimal, for axis ticks and titles: "4.5×".
pub fn times1(x: f64) -> String {
    if x.is_finite() { format!("{x:.1}×") } else { MISSING.into() }
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
        assert_eq!(pct1(f64::NAN), MISSING);
    }

    #[test]
    fn numbers_by_magnitude() {
        assert_eq!(num(2417.2), "2,417");
        assert_eq!(num(86.14), "86.1");
        assert_eq!(num(6.981), "6.98");
        assert_eq!(num(0.0), "0.00");
        assert_eq!(num(0.0421), "0.042");
        assert_eq!(grouped(-1234567.0), "-1,234,567");
        assert_eq!(count(0), "0");
        assert_eq!(times2(4.5045), "4.50×");
        assert_eq!(num(f64::INFINITY), MISSING);
    }
}
