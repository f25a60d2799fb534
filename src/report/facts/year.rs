//! Facts of the planning year read off a run summary: the counted quarters,
//! whether seats moved, how a strategy's median attainment travels through
//! the quarters, and who makes the annual plan most often.

use crate::stats::Summary;
use crate::stats::summary::{QuarterSummary, StrategySummary};

/// Medians closer than this (2 points of quota) read as the same level.
const STEADY: f64 = 0.02;

/// The counted quarters as the run reports them (those of its first strategy
/// that reports any; every strategy has the same calendar).
pub fn quarters(s: &Summary) -> &[QuarterSummary] {
    s.strategies.iter().map(|st| st.quarters.as_slice()).find(|q| !q.is_empty()).unwrap_or(&[])
}

/// Whether the first counted quarter is not the first quarter of the year.
pub fn starts_mid_year(s: &Summary) -> bool {
    quarters(s).first().is_some_and(|q| q.quarter_of_year != 1)
}

/// Whether any seat of any quarter was vacant or held a ramping rep: only
/// then are seats worth showing.
pub fn seats_move(s: &Summary) -> bool {
    s.strategies.iter().flat_map(|st| &st.quarters).any(|q| q.seats_vacant.value > 0.0 || q.seats_ramping.value > 0.0)
}

/// Whether any strategy reports a counted year.
pub fn has_year(s: &Summary) -> bool {
    s.strategies.iter().any(|st| st.year.is_some())
}

/// Strategy indices with a counted year, most likely to make the annual plan
/// first (stable for ties).
pub fn ranked_by_makes_plan(s: &Summary) -> Vec<usize> {
    let share = |i: usize| s.strategies[i].year.as_ref().map_or(f64::NAN, |y| y.makes_plan.share);
    let mut idx: Vec<usize> = (0..s.strategies.len()).filter(|&i| s.strategies[i].year.is_some()).collect();
    idx.sort_by(|&a, &b| share(b).total_cmp(&share(a)));
    idx
}

/// How a strategy's median attainment travels through its counted quarters
/// (indices into its `quarters`; quarters without rep-quarters are skipped).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MedianPath {
    /// No quarter has a median.
    Undefined,
    /// One quarter has a median.
    One { at: usize, value: f64 },
    /// Every median within [`STEADY`] of the others: about `value`.
    Steady { value: f64 },
    /// Lowest at `low`, higher again later: up to `high` at `to`.
    Recovers { low: usize, low_value: f64, to: usize, high: f64 },
    /// Lowest at `low`, after its highest at `from`, never recovering.
    Falls { from: usize, high: f64, low: usize, low_value: f64 },
}

/// The first of `points` with the highest (or, with `highest` false, the lowest) value.
fn first_extreme(points: impl Iterator<Item = (usize, f64)>, highest: bool) -> Option<(usize, f64)> {
    points.fold(None, |best, p| match best {
        Some(b) if (highest && p.1 <= b.1) || (!highest && p.1 >= b.1) => Some(b),
        _ => Some(p),
    })
}

/// The path of `st`'s median through its quarters.
pub fn median_path(st: &StrategySummary) -> MedianPath {
    let points: Vec<(usize, f64)> = st.quarters.iter().enumerate().map(|(k, q)| (k, q.p50)).filter(|(_, v)| v.is_finite()).collect();
    let all = || points.iter().copied();
    let (Some(low), Some(top)) = (first_extreme(all(), false), first_extreme(all(), true)) else {
        return MedianPath::Undefined;
    };
    if points.len() == 1 {
        return MedianPath::One { at: low.0, value: low.1 };
    }
    if top.1 - low.1 < STEADY {
        return MedianPath::Steady { value: (top.1 + low.1) / 2.0 };
    }
    match first_extreme(all().filter(|p| p.0 > low.0), true) {
        Some(after) if after.1 - low.1 >= STEADY => MedianPath::Recovers { low: low.0, low_value: low.1, to: after.0, high: after.1 },
        _ => {
            let before = first_extreme(all().filter(|p| p.0 < low.0), true).unwrap_or(top);
            MedianPath::Falls { from: before.0, high: before.1, low: low.0, low_value: low.1 }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn with_medians(medians: &[f64]) -> StrategySummary {
        let s = fixtures::year(4, 1);
        let mut st = s.strategies[0].clone();
        st.quarters.truncate(medians.len());
        for (q, &m) in st.quarters.iter_mut().zip(medians) {
            q.p50 = m;
        }
        st
    }

    #[test]
    fn median_paths_read_the_shape() {
        assert_eq!(median_path(&with_medians(&[0.4, 0.6, 0.9, 1.0])), MedianPath::Recovers { low: 0, low_value: 0.4, to: 3, high: 1.0 });
        assert_eq!(median_path(&with_medians(&[0.8, 0.5, 0.7, 0.6])), MedianPath::Recovers { low: 1, low_value: 0.5, to: 2, high: 0.7 });
        assert_eq!(median_path(&with_medians(&[0.9, 1.0, 0.7, 0.5])), MedianPath::Falls { from: 1, high: 1.0, low: 3, low_value: 0.5 });
        assert_eq!(median_path(&with_medians(&[0.5, 0.51, 0.505])), MedianPath::Steady { value: 0.505 });
        assert_eq!(median_path(&with_medians(&[f64::NAN, 0.7])), MedianPath::One { at: 1, value: 0.7 });
        assert_eq!(median_path(&with_medians(&[f64::NAN, f64::NAN])), MedianPath::Undefined);
        assert_eq!(median_path(&with_medians(&[])), MedianPath::Undefined);
    }

    #[test]
    fn seats_and_calendar_are_read_off_the_quarters() {
        let s = fixtures::year(6, 3);
        assert_eq!(quarters(&s).len(), 6);
        assert!(starts_mid_year(&s) && seats_move(&s) && has_year(&s));
        let plain = fixtures::summary(3);
        assert!(!starts_mid_year(&plain) && !seats_move(&plain));
        let ranked = ranked_by_makes_plan(&s);
        assert_eq!(ranked.len(), s.strategies.len());
        let share = |i: usize| s.strategies[i].year.as_ref().unwrap().makes_plan.share;
        assert!(ranked.windows(2).all(|w| share(w[0]) >= share(w[1])));
    }
}
