//! Mean attainment by pipeline coverage at quarter start: the bins worth
//! showing, with intervals widened for clustering, and where they reach quota.

use super::Rule;
use crate::stats::summary::{CoverageBin, StrategySummary};

/// Bins with fewer rep-quarters are too noisy to show.
pub const MIN_BIN_N: u64 = 30;

/// Width of the last, open-ended bin when it is drawn.
const OPEN_BIN_WIDTH: f64 = 0.5;

/// One shown bin: centre, lower edge, mean attainment and its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BinPoint {
    pub x: f64,
    pub lo_edge: f64,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    /// The last bin, open above: everything from `lo_edge` up.
    pub open: bool,
}

/// The design effect of the strategy's mean attainment: the summary's bin
/// intervals treat rep-quarters as independent; widening them by its square
/// root accounts (approximately) for rep-quarters of one trial moving together.
pub fn widen_factor(st: &StrategySummary) -> f64 {
    let n = st.rep_quarters as f64;
    let naive = st.attainment.std / n.sqrt();
    let f = st.attainment.mean_se / naive;
    if f.is_finite() && f > 1.0 { f } else { 1.0 }
}

/// The bins worth showing, their intervals widened by `widen`.
pub fn bin_points(bins: &[CoverageBin], widen: f64) -> Vec<BinPoint> {
    bins.iter()
        .filter(|b| b.n >= MIN_BIN_N && b.mean_attainment.is_finite() && b.ci_low.is_finite() && b.ci_high.is_finite())
        .map(|b| {
            let hi_edge = b.hi.unwrap_or(b.lo + OPEN_BIN_WIDTH);
            BinPoint {
                x: (b.lo + hi_edge) / 2.0,
                lo_edge: b.lo,
                mean: b.mean_attainment,
                lo: b.mean_attainment - (b.mean_attainment - b.ci_low) * widen,
                hi: b.mean_attainment + (b.ci_high - b.mean_attainment) * widen,
                open: b.hi.is_none(),
            }
        })
        .collect()
}

/// A strategy's bins under a counting rule.
pub fn rule_bins(st: &StrategySummary, rule: Rule) -> &[CoverageBin] {
    match rule {
        Rule::FirstMeeting => &st.attainment_by_coverage.first_meeting,
        Rule::SecondMeeting => &st.attainment_by_coverage.second_meeting,
    }
}

/// Lower edge of the first shown bin whose mean attainment reaches quota.
pub fn quota_crossing(points: &[BinPoint]) -> Option<f64> {
    points.iter().find(|p| p.mean >= 1.0).map(|p| p.lo_edge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(lo: f64, n: u64, mean: f64) -> CoverageBin {
        CoverageBin { lo, hi: Some(lo + 0.5), n, mean_attainment: mean, ci_low: mean - 0.1, ci_high: mean + 0.1 }
    }

    #[test]
    fn small_bins_are_skipped_and_intervals_widened() {
        let bins = [bin(0.0, 10, 0.2), bin(0.5, 100, 0.8), bin(1.0, 100, 1.2)];
        let p = bin_points(&bins, 2.0);
        assert_eq!(p.len(), 2);
        assert!((p[0].x - 0.75).abs() < 1e-12);
        assert!((p[0].hi - p[0].mean - 0.2).abs() < 1e-12);
        assert_eq!(quota_crossing(&p), Some(1.0));
        assert_eq!(quota_crossing(&p[..1]), None);
    }
}
