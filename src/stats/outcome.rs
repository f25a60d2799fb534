//! The outcome range: how a figure varies from one simulated year to the
//! next (one trial is one simulated period of the whole team), as opposed to
//! how precisely the simulation pins its average (the Monte Carlo interval).
//!
//! Each trial contributes one value per figure (its share of rep-quarters at
//! quota, its mean attainment, the share of its quarters the team made plan),
//! kept in a fixed-bin histogram of trial values rather than a list of them:
//! memory stays flat however many trials run (the guarantee every accumulator
//! keeps), and integer counts merge exactly in any order, so the percentiles
//! are the same at any thread count. A percentile is read within its bin, at
//! most one bin width from the exact order statistic of the trial values.

use super::interval::quantile_rank_levels;
use super::merge::{Merge, accumulator};

/// Trial values of a figure in bins of `1 / PER_UNIT`, covering
/// `[0, BINS / PER_UNIT)`; larger values are counted in an open top bin
/// that reaches up to the largest value seen.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrialHistogram<const BINS: usize, const PER_UNIT: usize> {
    pub counts: Vec<u64>,
    pub over: u64,
    pub max: f64,
}

/// Shares per trial in 0.1-point bins, 1.0 included.
pub type ShareTrials = TrialHistogram<1001, 1000>;
/// Mean attainment per trial in 0.2%-of-quota bins up to 400%.
pub type AttainmentTrials = TrialHistogram<2000, 500>;
/// Coarser twins for each counted quarter (a run may count hundreds):
/// shares in 0.5-point bins, attainment in 1% bins up to 500%.
pub type QuarterShareTrials = TrialHistogram<201, 200>;
pub type QuarterAttainmentTrials = TrialHistogram<500, 100>;

impl<const BINS: usize, const PER_UNIT: usize> Default for TrialHistogram<BINS, PER_UNIT> {
    fn default() -> Self {
        TrialHistogram { counts: vec![0; BINS], over: 0, max: 0.0 }
    }
}

impl<const BINS: usize, const PER_UNIT: usize> Merge for TrialHistogram<BINS, PER_UNIT> {
    fn merge(&mut self, o: &Self) {
        self.counts.merge(&o.counts);
        self.over += o.over;
        self.max = self.max.max(o.max);
    }
}

impl<const BINS: usize, const PER_UNIT: usize> TrialHistogram<BINS, PER_UNIT> {
    const WIDTH: f64 = 1.0 / PER_UNIT as f64;

    /// One trial's value (negative values count as 0; NaN is not counted).
    pub fn push(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        let v = v.max(0.0);
        self.max = self.max.max(v);
        // A value on a bin edge (a share of 1/4, say) belongs to the bin above
        // it, whatever the rounding of the division.
        let i = (v * PER_UNIT as f64 + 1e-9).floor();
        match self.counts.get_mut(i as usize).filter(|_| i < BINS as f64) {
            Some(c) => *c += 1,
            None => self.over += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.over
    }

    /// The p-quantile of the trial values, interpolated within its bin; NaN
    /// with no trial.
    pub fn quantile(&self, p: f64) -> f64 {
        let n = self.total();
        if n == 0 {
            return f64::NAN;
        }
        let target = p.clamp(0.0, 1.0) * n as f64;
        let mut cum = 0.0;
        for (i, &c) in self.counts.iter().enumerate() {
            let next = cum + c as f64;
            if target <= next && c > 0 {
                let at = (i as f64 + (target - cum) / c as f64) * Self::WIDTH;
                // Never past the largest value seen (a top bin holding one trial).
                return at.min(self.max);
            }
            cum = next;
        }
        let top = BINS as f64 * Self::WIDTH;
        let frac = if self.over > 0 { (target - cum) / self.over as f64 } else { 1.0 };
        top + frac.clamp(0.0, 1.0) * (self.max - top).max(0.0)
    }

    /// P10, median and P90 across trials, with the 95% intervals of P10 and
    /// P90 (distribution-free, from order statistics: trials are independent).
    pub fn spread(&self) -> SpreadValues {
        let n = self.total() as f64;
        let ci = |p: f64| {
            let (lo, hi) = quantile_rank_levels(p, n);
            [self.quantile(lo), self.quantile(hi)]
        };
        SpreadValues { p10: self.quantile(0.1), p50: self.quantile(0.5), p90: self.quantile(0.9), p10_ci: ci(0.1), p90_ci: ci(0.9) }
    }
}

/// A figure's P10, median and P90 across trials, with the Monte Carlo
/// intervals of the two ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpreadValues {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p10_ci: [f64; 2],
    pub p90_ci: [f64; 2],
}

/// Counts of trials by how many of their counted quarters the team made
/// its plan: exact (no bins), since the count is a small whole number.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CountTrials {
    /// `counts[k]`: trials in which the team made plan in k quarters.
    pub counts: Vec<u64>,
}

impl Merge for CountTrials {
    fn merge(&mut self, o: &Self) {
        if self.counts.len() < o.counts.len() {
            self.counts.resize(o.counts.len(), 0);
        }
        self.counts.merge(&o.counts);
    }
}

impl CountTrials {
    pub fn push(&mut self, k: usize) {
        if self.counts.len() <= k {
            self.counts.resize(k + 1, 0);
        }
        self.counts[k] += 1;
    }

    /// The p-quantile of the counts: the smallest k with at least a share p
    /// of trials at or below it (NaN with no trial).
    pub fn quantile(&self, p: f64) -> f64 {
        let n: u64 = self.counts.iter().sum();
        if n == 0 {
            return f64::NAN;
        }
        let target = (p.clamp(0.0, 1.0) * n as f64).max(f64::MIN_POSITIVE);
        let mut cum = 0.0;
        for (k, &c) in self.counts.iter().enumerate() {
            cum += c as f64;
            if cum >= target * (1.0 - 1e-12) {
                return k as f64;
            }
        }
        (self.counts.len() - 1) as f64
    }

    /// P10, median and P90 as shares of `quarters`, with the intervals of the ends.
    pub fn spread(&self, quarters: usize) -> SpreadValues {
        let n: u64 = self.counts.iter().sum();
        let q = quarters.max(1) as f64;
        let at = |p: f64| self.quantile(p) / q;
        let ci = |p: f64| {
            let (lo, hi) = quantile_rank_levels(p, n as f64);
            [at(lo), at(hi)]
        };
        SpreadValues { p10: at(0.1), p50: at(0.5), p90: at(0.9), p10_ci: ci(0.1), p90_ci: ci(0.9) }
    }
}

accumulator! {
    /// One strategy's figures per trial, for the range across simulated years.
    pub struct OutcomeAccum {
        /// Share of the trial's rep-quarters at quota.
        pub at_quota: ShareTrials = ShareTrials::default(),
        /// Mean attainment of the trial's rep-quarters.
        pub mean_attainment: AttainmentTrials = AttainmentTrials::default(),
        /// Counted quarters in which the whole team made its plan.
        pub quarters_at_plan: CountTrials = CountTrials::default(),
    }
}

accumulator! {
    /// One counted quarter's figures per trial.
    pub struct QuarterOutcome {
        pub at_quota: QuarterShareTrials = QuarterShareTrials::default(),
        pub mean_attainment: QuarterAttainmentTrials = QuarterAttainmentTrials::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact p-quantile of sorted values, as the histogram reads it: the
    /// value at rank ceil(p n).
    fn exact(sorted: &[f64], p: f64) -> f64 {
        let k = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[k - 1]
    }

    #[test]
    fn percentiles_of_trial_shares_are_within_a_bin_of_the_exact_ones() {
        // Shares k/160 of a 40-rep, 4-quarter team: many land on bin edges.
        let mut values: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 97 + 20) as f64 / 160.0).collect();
        let mut h = ShareTrials::default();
        values.iter().for_each(|&v| h.push(v));
        values.sort_by(f64::total_cmp);
        for p in [0.1, 0.5, 0.9] {
            let (got, want) = (h.quantile(p), exact(&values, p));
            assert!((got - want).abs() <= ShareTrials::WIDTH, "p{p}: {got} vs {want}");
        }
        assert_eq!(h.total(), 1000);
        let mut one = ShareTrials::default();
        one.push(1.0);
        assert_eq!((one.counts[1000], one.quantile(0.5)), (1, 1.0));
    }

    #[test]
    fn merging_in_any_order_gives_the_same_histogram() {
        let values: Vec<f64> = (0..500).map(|i| (i as f64 * 0.37).sin().abs() * 6.0).collect();
        let mut whole = AttainmentTrials::default();
        values.iter().for_each(|&v| whole.push(v));
        let (mut a, mut b) = (AttainmentTrials::default(), AttainmentTrials::default());
        values[..123].iter().for_each(|&v| a.push(v));
        values[123..].iter().for_each(|&v| b.push(v));
        let mut ba = b.clone();
        ba.merge(&a);
        a.merge(&b);
        assert_eq!(a, whole);
        assert_eq!(ba, whole);
        // Values past 400% are in the open top bin, read up to the largest.
        assert!(whole.over > 0 && whole.quantile(1.0) <= whole.max && whole.quantile(0.99) > 4.0);
    }

    #[test]
    fn the_spread_brackets_its_ends_with_their_intervals() {
        let mut h = ShareTrials::default();
        // 20 trials at each of 0.005, 0.015, ..., 0.995: the 200th value is
        // 0.095 and the 1800th 0.895.
        (0..2000).for_each(|i| h.push((i % 100) as f64 / 100.0 + 0.005));
        let s = h.spread();
        let bin = ShareTrials::WIDTH + 1e-12;
        assert!((s.p10 - 0.095).abs() <= bin && (s.p90 - 0.895).abs() <= bin, "{s:?}");
        assert!(s.p10_ci[0] < s.p10 && s.p10 < s.p10_ci[1] && s.p90_ci[0] < s.p90 && s.p90 < s.p90_ci[1], "{s:?}");
        assert!(ShareTrials::default().spread().p50.is_nan());
    }

    #[test]
    fn counts_of_quarters_at_plan_are_exact() {
        let mut c = CountTrials::default();
        // 10 trials: 0, 0, 1, 1, 1, 2, 2, 3, 4, 4 quarters at plan of 4.
        [0, 0, 1, 1, 1, 2, 2, 3, 4, 4].iter().for_each(|&k| c.push(k));
        assert_eq!((c.quantile(0.1), c.quantile(0.2), c.quantile(0.21), c.quantile(0.5), c.quantile(0.9)), (0.0, 0.0, 1.0, 1.0, 4.0));
        let s = c.spread(4);
        assert_eq!((s.p10, s.p50, s.p90), (0.0, 0.25, 1.0));
        let mut other = CountTrials::default();
        other.push(6);
        c.merge(&other);
        assert_eq!((c.counts.len(), c.quantile(1.0)), (7, 6.0));
        assert!(CountTrials::default().quantile(0.5).is_nan());
    }
}
