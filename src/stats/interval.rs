//! Confidence intervals: normal, Wilson score, and distribution-free
//! percentile intervals from order statistics.

use serde::{Deserialize, Serialize};

/// Two-sided 95% normal critical value.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A point estimate with its 95% interval and standard error. Undefined
/// figures (NaN) are written as JSON `null` and read back as NaN.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    #[serde(deserialize_with = "f64_or_null")]
    pub value: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub se: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub ci_low: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub ci_high: f64,
}

/// Read a number, or `null` (how JSON writes NaN) as NaN, so a summary with
/// an undefined figure can be read back and re-rendered.
pub fn f64_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Read a pair of numbers whose elements may be `null` (NaN).
pub fn pair_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
    let [a, b] = <[Option<f64>; 2]>::deserialize(d)?;
    Ok([a.unwrap_or(f64::NAN), b.unwrap_or(f64::NAN)])
}

impl Estimate {
    /// value +- z * se.
    pub fn normal(value: f64, se: f64) -> Estimate {
        Estimate { value, se, ci_low: value - Z95 * se, ci_high: value + Z95 * se }
    }

    /// value +- z * se for a quantity that cannot be negative: the interval
    /// stops at 0 (with few trials the normal one can reach below).
    pub fn non_negative(value: f64, se: f64) -> Estimate {
        let e = Estimate::normal(value, se);
        Estimate { ci_low: e.ci_low.max(0.0), ..e }
    }
}

/// Wilson score interval for a proportion with `n_eff` effective observations
/// (n divided by the design effect when observations are clustered).
pub fn wilson(p: f64, n_eff: f64) -> (f64, f64) {
    if n_eff <= 0.0 || !p.is_finite() {
        return (0.0, 1.0);
    }
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_eff;
    let centre = (p + z2 / (2.0 * n_eff)) / denom;
    let half = Z95 * (p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Levels of the order statistics bounding a distribution-free 95% interval for
/// the p-quantile: the ranks n*p -+ z*sqrt(n*p*(1-p)) (normal approximation to
/// the binomial count below the quantile), as cumulative probabilities.
pub fn quantile_rank_levels(p: f64, n_eff: f64) -> (f64, f64) {
    if n_eff <= 0.0 {
        return (0.0, 1.0);
    }
    let half = Z95 * (p * (1.0 - p) / n_eff).sqrt() + 1.0 / n_eff;
    ((p - half).max(0.0), (p + half).min(1.0))
}

/// Design effect of clustering: variance of the mean from independent
/// clusters over the variance assuming independent observations (at least 1).
pub fn design_effect(se_clustered: f64, se_naive: f64) -> f64 {
    if se_naive > 0.0 && se_clustered.is_finite() { (se_clustered / se_naive).powi(2).max(1.0) } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_reference() {
        // 30 of 100: Wilson 95% interval (0.2189, 0.3958).
        let (lo, hi) = wilson(0.3, 100.0);
        assert!((lo - 0.2189).abs() < 5e-4 && (hi - 0.3958).abs() < 5e-4, "{lo} {hi}");
        let (lo, hi) = wilson(0.0, 50.0);
        assert!(lo.abs() < 1e-12);
        assert!(hi > 0.0 && hi < 0.1);
    }

    #[test]
    fn quantile_levels_shrink_with_n() {
        let (a, b) = quantile_rank_levels(0.5, 100.0);
        let (c, d) = quantile_rank_levels(0.5, 10_000.0);
        assert!(b - a > d - c);
        assert!(a < 0.5 && b > 0.5);
    }
}
