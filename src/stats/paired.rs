//! Statistics of several variants of one scenario run in lockstep over the
//! same trials: one [`RunAccum`] per variant, plus paired differences between
//! chosen pairs of variants.
//!
//! Every variant sees the same reps and draws (common random numbers), so the
//! per-trial difference between two variants is a paired observation; trials
//! are independent, so the spread of those differences gives a valid
//! interval. The median is not a per-trial average: its differences are taken
//! per chunk of trials (batch means).

use super::accum::{RunAccum, TrialFigures};
use super::moments::Moments;

/// Paired differences (variant b minus variant a) for one strategy.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairStats {
    /// Per-trial share of rep-quarters at quota.
    pub at_quota: Moments,
    /// Per-trial mean attainment.
    pub mean: Moments,
    /// Per-chunk median attainment (batch means; chunks of equal size except at
    /// the ends of a trial range).
    pub p50: Moments,
    /// Per-trial share of counted quarters in which the team made its plan.
    pub team_at_plan: Moments,
    /// Per trial: made the annual plan (1) or not (0); empty without a year.
    pub makes_plan: Moments,
    /// Per trial: the planning year's bookings over the nominal plan.
    pub bookings: Moments,
}

impl PairStats {
    fn merge(&mut self, o: &PairStats) {
        self.at_quota.merge(&o.at_quota);
        self.mean.merge(&o.mean);
        self.p50.merge(&o.p50);
        self.team_at_plan.merge(&o.team_at_plan);
        self.makes_plan.merge(&o.makes_plan);
        self.bookings.merge(&o.bookings);
    }

    /// One trial of both variants.
    pub fn push_trial(&mut self, a: &TrialFigures, b: &TrialFigures) {
        self.at_quota.push(b.at_quota - a.at_quota);
        self.mean.push(b.mean - a.mean);
        self.team_at_plan.push(b.team_at_plan - a.team_at_plan);
        if let (Some(ya), Some(yb)) = (a.year, b.year) {
            self.makes_plan.push(f64::from(u8::from(yb.made_plan)) - f64::from(u8::from(ya.made_plan)));
            self.bookings.push(yb.bookings_to_plan - ya.bookings_to_plan);
        }
    }
}

/// Paired differences of variant `b` against variant `a`, per strategy.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairAccum {
    pub a: usize,
    pub b: usize,
    pub strategies: Vec<PairStats>,
}

/// The statistics of a lockstep run: one [`RunAccum`] per variant, plus the
/// requested pairs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LockstepAccum {
    pub trials: u64,
    pub runs: Vec<RunAccum>,
    pub pairs: Vec<PairAccum>,
    /// Each trial's figures by variant and strategy, in trial order, when the
    /// run keeps them (a variance-based sensitivity analysis needs every
    /// trial's value; nothing else does).
    pub trial_figures: Option<Vec<Vec<Vec<TrialFigures>>>>,
}

impl LockstepAccum {
    pub fn new(variants: usize, strategies: usize, quarters: usize, pairs: &[(usize, usize)]) -> LockstepAccum {
        LockstepAccum {
            trials: 0,
            runs: (0..variants).map(|_| RunAccum::new(strategies, quarters)).collect(),
            pairs: pairs.iter().map(|&(a, b)| PairAccum { a, b, strategies: vec![PairStats::default(); strategies] }).collect(),
            trial_figures: None,
        }
    }

    /// The same, keeping every trial's figures.
    pub fn keeping_trial_figures(mut self) -> LockstepAccum {
        let strategies = self.runs.first().map_or(0, |r| r.strategies.len());
        self.trial_figures = Some(vec![vec![Vec::new(); strategies]; self.runs.len()]);
        self
    }

    /// A shard's stand-in for a whole run's kept figures: `total` trials,
    /// each not a number.
    pub fn blank_trial_figures(&mut self, total: usize) {
        let missing = TrialFigures { at_quota: f64::NAN, mean: f64::NAN, team_at_plan: f64::NAN, year: None };
        for kept in self.trial_figures.iter_mut().flatten().flatten() {
            *kept = vec![missing; total];
        }
    }

    /// Add later trials; merging in trial order reproduces one longer run.
    pub fn merge(&mut self, o: &LockstepAccum) {
        self.trials += o.trials;
        if let (Some(mine), Some(theirs)) = (&mut self.trial_figures, &o.trial_figures) {
            for (a, b) in mine.iter_mut().flatten().zip(theirs.iter().flatten()) {
                a.extend_from_slice(b);
            }
        }
        for (a, b) in self.runs.iter_mut().zip(&o.runs) {
            a.merge(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&o.pairs) {
            for (x, y) in a.strategies.iter_mut().zip(&b.strategies) {
                x.merge(y);
            }
        }
    }

    /// The paired statistics of (a, b), if that pair was requested.
    pub fn pair(&self, a: usize, b: usize) -> Option<&PairAccum> {
        self.pairs.iter().find(|p| p.a == a && p.b == b)
    }

    /// Close a chunk: the batch difference of medians for every pair.
    pub fn finish_chunk(&mut self) {
        if self.trials == 0 {
            return;
        }
        let LockstepAccum { runs, pairs, .. } = self;
        for pair in pairs.iter_mut() {
            for (s, st) in pair.strategies.iter_mut().enumerate() {
                let median = |v: usize| runs[v].strategies[s].histogram.quantile(0.5);
                st.p50.push(median(pair.b) - median(pair.a));
            }
        }
    }
}
