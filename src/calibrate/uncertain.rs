//! A fitted value's sampling distribution written as a scenario quantity,
//! so each trial of a run draws its own plausible value: a normal or
//! lognormal where that form stays inside the key's valid range, otherwise
//! (and for values mapped through a solve) equally spaced quantiles.

use crate::numeric::special::standard_normal_quantile;
use crate::scenario::{Dist, Quantity, Range};

/// Quantiles written for a sampling distribution: every 5%.
pub const POINTS: usize = 21;
/// The probabilities the first and last quantile stand for: a normal has no
/// minimum, so its 0.15% and 99.85% points (3 sd) end the list.
const TAIL: f64 = 0.0015;

/// The probabilities of the written quantiles: TAIL, 0.05, ..., 0.95, 1 - TAIL.
pub fn probabilities() -> Vec<f64> {
    (0..POINTS).map(|i| (i as f64 / (POINTS - 1) as f64).clamp(TAIL, 1.0 - TAIL)).collect()
}

/// Significant digits written for values, and for the spread of their uncertainty.
const DIGITS: i32 = 5;
const SPREAD_DIGITS: i32 = 3;

/// `x` rounded to a few significant digits, as written into the file.
pub fn round(x: f64) -> f64 {
    round_to(x, DIGITS)
}

fn round_to(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// A value strictly inside `range` (open ends keep a margin) after rounding.
pub fn inside(x: f64, range: &Range) -> f64 {
    let margin = |b: f64| (b.abs() * 1e-4).max(1e-4);
    let lo = if range.lo_open { range.lo + margin(range.lo) } else { range.lo };
    let hi = if range.hi_open { range.hi - margin(range.hi) } else { range.hi };
    let r = round(x.clamp(lo, hi));
    if r < lo || r > hi { x.clamp(lo, hi) } else { r }
}

/// A point estimate as a fixed quantity.
pub fn fixed(x: f64, range: &Range) -> Quantity {
    Quantity::Fixed(inside(x, range))
}

/// Normal(point, se) when its central 99.7% lies in `range`, else its
/// quantiles clamped into the range; fixed when there is no error.
pub fn normal(point: f64, se: f64, range: &Range) -> Quantity {
    if !(se.is_finite() && se > 0.0) {
        return fixed(point, range);
    }
    let (p, s) = (inside(point, range), round_to(se, SPREAD_DIGITS));
    if s > 0.0 && range.contains(p - 3.0 * s) && range.contains(p + 3.0 * s) {
        return Quantity::Uncertain(Dist::Normal { mean: p, sd: s });
    }
    quantiles(probabilities().iter().map(|&u| point + se * standard_normal_quantile(u)).collect(), range)
}

/// LogNormal(median, sigma) when its central 99.7% lies in `range`, else
/// its quantiles clamped into the range.
pub fn lognormal(median: f64, sigma: f64, range: &Range) -> Quantity {
    if !(sigma.is_finite() && sigma > 0.0) {
        return fixed(median, range);
    }
    let (m, s) = (inside(median, range), round_to(sigma, SPREAD_DIGITS));
    if s > 0.0 && range.contains(m * (-3.0 * s).exp()) && range.contains(m * (3.0 * s).exp()) {
        return Quantity::Uncertain(Dist::LogNormal { median: m, sigma: s });
    }
    quantiles(probabilities().iter().map(|&u| median * (sigma * standard_normal_quantile(u)).exp()).collect(), range)
}

/// Quantiles (non-decreasing) clamped and rounded into `range`; a fixed
/// value when they collapse to one number.
pub fn quantiles(values: Vec<f64>, range: &Range) -> Quantity {
    let mut q: Vec<f64> = values.iter().map(|&x| inside(x, range)).collect();
    for i in 1..q.len() {
        q[i] = q[i].max(q[i - 1]);
    }
    let mid = q[q.len() / 2];
    match Dist::quantiles(q) {
        Ok(d) => Quantity::Uncertain(d),
        Err(_) => Quantity::Fixed(mid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_fit_their_ranges() {
        let prob = Range::open(0.0, 1.0);
        assert_eq!(normal(0.3, 0.01, &prob), Quantity::Uncertain(Dist::Normal { mean: 0.3, sd: 0.01 }));
        // Near the edge the normal would leave the range: quantiles instead.
        let q = normal(0.02, 0.01, &prob);
        let Quantity::Uncertain(Dist::Quantiles(v)) = &q else { panic!("{q:?}") };
        assert_eq!(v.len(), POINTS);
        assert!(v[0] > 0.0 && (v[10] - 0.02).abs() < 1e-9);
        assert!(q.to_string().starts_with("quantiles["));
        assert_eq!(normal(0.3, 0.0, &prob), Quantity::Fixed(0.3));
        assert_eq!(
            lognormal(25_000.0, 0.05, &Range::closed(100.0, 1e10)),
            Quantity::Uncertain(Dist::LogNormal { median: 25_000.0, sigma: 0.05 })
        );
        assert_eq!(round(0.123_456_78), 0.123_46);
        assert_eq!(round(25_123.7), 25_124.0);
        assert_eq!(inside(1.0, &prob), 0.9999);
        assert_eq!(inside(0.0, &prob), 0.0001);
        assert_eq!(quantiles(vec![0.2, 0.2], &prob), Quantity::Fixed(0.2));
        assert_eq!(probabilities()[0], TAIL);
        assert_eq!(probabilities()[10], 0.5);
    }
}
