//! The planning year as leaders read it: per counted quarter (attainment,
//! share at quota, team at plan, seats filled, vacant and ramping) and per
//! year (rep-years against annual quota, team bookings against the annual
//! plan). Mergeable, like every accumulator.

use super::histogram::AttainmentHistogram;
use super::merge::{Merge, accumulator};
use super::moments::Moments;
use super::outcome::{QuarterOutcome, ShareTrials};
use super::territory::{ListAccum, ListSums};

/// Width of a bin of the per-quarter attainment histogram (2% of quota):
/// coarse, since a run may count hundreds of quarters, and enough for a fan.
pub const QUARTER_BIN: f64 = 0.02;
/// Bins of the per-quarter histogram: [0, 5) of quota, then one open bin.
pub const QUARTER_BINS: usize = 250;

/// Attainment counts by bin of [`QUARTER_BIN`], for percentiles by quarter,
/// with an exact atom at zero (many rep-quarters win nothing).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoarseHistogram {
    pub zero: u64,
    pub counts: Vec<u64>,
    /// At or above the last bin's upper edge.
    pub over: u64,
    pub max: f64,
}

impl Default for CoarseHistogram {
    fn default() -> Self {
        CoarseHistogram { zero: 0, counts: vec![0; QUARTER_BINS], over: 0, max: 0.0 }
    }
}

impl Merge for CoarseHistogram {
    fn merge(&mut self, o: &CoarseHistogram) {
        self.zero += o.zero;
        self.counts.merge(&o.counts);
        self.over += o.over;
        self.max = self.max.max(o.max);
    }
}

impl CoarseHistogram {
    pub fn push(&mut self, a: f64) {
        self.max = self.max.max(a);
        if a <= 0.0 {
            self.zero += 1;
            return;
        }
        let i = (a / QUARTER_BIN) as usize;
        match self.counts.get_mut(i) {
            Some(c) => *c += 1,
            None => self.over += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.zero + self.counts.iter().sum::<u64>() + self.over
    }

    /// The p-quantile, interpolated within its bin (NaN when empty).
    pub fn quantile(&self, p: f64) -> f64 {
        let n = self.total();
        if n == 0 {
            return f64::NAN;
        }
        let target = p.clamp(0.0, 1.0) * n as f64;
        let mut cum = self.zero as f64;
        if target <= cum {
            return 0.0;
        }
        for (i, &c) in self.counts.iter().enumerate() {
            let next = cum + c as f64;
            if target <= next && c > 0 {
                return (i as f64 + (target - cum) / c as f64) * QUARTER_BIN;
            }
            cum = next;
        }
        let top = QUARTER_BIN * QUARTER_BINS as f64;
        let frac = if self.over > 0 { (target - cum) / self.over as f64 } else { 1.0 };
        top + frac.clamp(0.0, 1.0) * (self.max - top).max(0.0)
    }
}

accumulator! {
    /// One counted quarter of a strategy.
    pub struct QuarterAccum {
        /// Attainment of its rep-quarters.
        pub attainment: Moments = Moments::default(),
        pub histogram: CoarseHistogram = CoarseHistogram::default(),
        pub at_quota: u64 = 0,
        /// Per trial: mean attainment and share at quota of its rep-quarters.
        pub trial_attainment: Moments = Moments::default(),
        pub trial_at_quota: Moments = Moments::default(),
        /// Trials whose team reached the quarter's plan.
        pub team_at_plan: u64 = 0,
        pub trials: u64 = 0,
        /// Per trial: seats filled, vacant and ramping (mean over the quarter's weeks).
        pub filled: Moments = Moments::default(),
        pub vacant: Moments = Moments::default(),
        pub ramping: Moments = Moments::default(),
        /// Per trial: the team's bookings over its plan.
        pub bookings_to_plan: Moments = Moments::default(),
        /// The seats' lists of accounts (with a finite market).
        pub list: ListAccum = ListAccum::default(),
        /// Per trial: share at quota and mean attainment, for their range across years.
        pub outcome: QuarterOutcome = QuarterOutcome::default(),
    }
}

accumulator! {
    /// The planning year: the first four counted quarters. Later counted
    /// years start from a different team (this year's hires ramped, its
    /// leavers gone), so they are not pooled with it.
    pub struct YearAccum {
        /// Attainment of rep-years: reps in their seat every week of a year,
        /// won value over the sum of their quarters' quotas.
        pub attainment: Moments = Moments::default(),
        pub histogram: AttainmentHistogram = AttainmentHistogram::default(),
        pub at_quota: u64 = 0,
        /// Per trial: mean attainment and share at annual quota of its rep-years.
        pub trial_attainment: Moments = Moments::default(),
        pub trial_at_quota: Moments = Moments::default(),
        /// The team's bookings of a year over the run's nominal annual plan.
        pub bookings: AttainmentHistogram = AttainmentHistogram::default(),
        /// Their mean, with its error across trials.
        pub bookings_mean: Moments = Moments::default(),
        /// Trials in which the team made its annual plan.
        pub at_plan: u64 = 0,
        pub years: u64 = 0,
        /// Per trial: 1 when it made its plan, else 0.
        pub trial_at_plan: Moments = Moments::default(),
        /// Per trial: share of its rep-years at annual quota, for its range across years.
        pub at_quota_trials: ShareTrials = ShareTrials::default(),
    }
}

/// One trial's sums for one counted quarter of one strategy.
#[derive(Clone, Debug, Default)]
pub struct QuarterSums {
    pub n: u64,
    pub attainment: f64,
    pub at_quota: u64,
    /// The team's won value: rep-quarters and deals closed in vacant seats.
    pub team_won: f64,
    /// Seat-weeks open, filled and ramping.
    pub open_weeks: u64,
    pub filled_weeks: u64,
    pub ramping_weeks: u64,
    /// The seats' lists of accounts.
    pub list: ListSums,
}

/// One trial's rep-years of one strategy.
#[derive(Clone, Debug, Default)]
pub struct YearSums {
    pub n: u64,
    pub attainment: f64,
    pub at_quota: u64,
}

/// What closing a trial needs to know about its plan.
#[derive(Clone, Debug)]
pub struct TrialPlan<'a> {
    /// Team plan of each counted quarter: seats planned x quota.
    pub quarter_plans: &'a [f64],
    /// Seats planned in each counted quarter.
    pub planned_seats: &'a [u32],
    pub weeks_per_quarter: u32,
    /// The planning year's plan at the run's central quota, that bookings
    /// are measured against (the same for every trial).
    pub nominal_year_plan: f64,
}

/// One trial's planning year: the team's bookings over the nominal plan,
/// and whether it made its own plan.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanningYear {
    pub bookings_to_plan: f64,
    pub made_plan: bool,
}

impl PlanningYear {
    /// From the trial's counted quarters; `None` when fewer than four are counted.
    pub fn of(quarters: &[QuarterSums], plan: &TrialPlan<'_>) -> Option<PlanningYear> {
        if quarters.len() < 4 {
            return None;
        }
        let won: f64 = quarters[..4].iter().map(|q| q.team_won).sum();
        let due: f64 = plan.quarter_plans[..4].iter().sum();
        Some(PlanningYear { bookings_to_plan: won / plan.nominal_year_plan, made_plan: reaches(won, due) })
    }
}

/// The counted quarters of a trial in which the team made its quarterly plan.
pub fn quarters_at_plan(quarters: &[QuarterSums], plan: &TrialPlan<'_>) -> u64 {
    quarters.iter().zip(plan.quarter_plans).filter(|(q, p)| reaches(q.team_won, **p)).count() as u64
}

/// Bookings reach a plan (a relative tolerance keeps float sums of exactly
/// the plan from missing it by rounding).
fn reaches(won: f64, plan: f64) -> bool {
    won >= plan * (1.0 - 1e-12)
}

impl QuarterAccum {
    /// A rep-quarter of this quarter.
    #[inline]
    pub fn push(&mut self, a: f64) {
        self.attainment.push(a);
        self.histogram.push(a);
        self.at_quota += u64::from(a >= 1.0);
    }

    /// Close a trial of this quarter.
    pub fn finish_trial(&mut self, s: &QuarterSums, plan: f64, planned_seats: u32, weeks: u32) {
        if s.n > 0 {
            let (mean, share) = (s.attainment / s.n as f64, s.at_quota as f64 / s.n as f64);
            self.trial_attainment.push(mean);
            self.trial_at_quota.push(share);
            self.outcome.mean_attainment.push(mean);
            self.outcome.at_quota.push(share);
        }
        self.trials += 1;
        self.team_at_plan += u64::from(reaches(s.team_won, plan));
        let w = f64::from(weeks);
        self.filled.push(s.filled_weeks as f64 / w);
        self.vacant.push(f64::from(planned_seats) - s.filled_weeks as f64 / w);
        self.ramping.push(s.ramping_weeks as f64 / w);
        if plan > 0.0 {
            self.bookings_to_plan.push(s.team_won / plan);
        }
        self.list.finish_trial(&s.list, s.n);
    }
}

impl YearAccum {
    /// A rep-year.
    pub fn push(&mut self, a: f64, sums: &mut YearSums) {
        self.attainment.push(a);
        self.histogram.push(a, 0.0);
        let hit = a >= 1.0;
        self.at_quota += u64::from(hit);
        sums.n += 1;
        sums.attainment += a;
        sums.at_quota += u64::from(hit);
    }

    /// Close a trial: the planning year's bookings against its plan.
    pub fn finish_trial(&mut self, sums: &YearSums, quarters: &[QuarterSums], plan: &TrialPlan<'_>) {
        if sums.n > 0 {
            let share = sums.at_quota as f64 / sums.n as f64;
            self.trial_attainment.push(sums.attainment / sums.n as f64);
            self.trial_at_quota.push(share);
            self.at_quota_trials.push(share);
        }
        let Some(year) = PlanningYear::of(quarters, plan) else { return };
        self.bookings.push(year.bookings_to_plan, 0.0);
        self.bookings_mean.push(year.bookings_to_plan);
        self.at_plan += u64::from(year.made_plan);
        self.years += 1;
        self.trial_at_plan.push(f64::from(u8::from(year.made_plan)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_quantiles_interpolate_within_bins() {
        let mut h = CoarseHistogram::default();
        for i in 0..10_000 {
            h.push((i as f64 + 0.5) / 5000.0);
        }
        assert!((h.quantile(0.5) - 1.0).abs() < 0.001);
        assert!((h.quantile(0.9) - 1.8).abs() < 0.001);
        h.push(50.0);
        assert_eq!(h.over, 1);
        assert!(h.quantile(1.0) <= 50.0);
        assert!(CoarseHistogram::default().quantile(0.5).is_nan());
        let mut z = CoarseHistogram::default();
        (0..30).for_each(|_| z.push(0.0));
        (0..70).for_each(|_| z.push(1.0));
        assert_eq!(z.quantile(0.25), 0.0);
        assert!((z.quantile(0.5) - 1.0).abs() < QUARTER_BIN);
    }

    #[test]
    fn a_year_at_plan_needs_its_four_quarters_bookings() {
        let quarters: Vec<QuarterSums> =
            [100.0, 100.0, 100.0, 99.0].iter().map(|&w| QuarterSums { team_won: w, ..Default::default() }).collect();
        let plans = [100.0; 4];
        let plan = TrialPlan { quarter_plans: &plans, planned_seats: &[1; 4], weeks_per_quarter: 13, nominal_year_plan: 400.0 };
        let mut y = YearAccum::default();
        y.finish_trial(&YearSums::default(), &quarters, &plan);
        assert_eq!((y.at_plan, y.years), (0, 1));
        assert!((y.bookings.quantile(0.5) - 399.0 / 400.0).abs() < 0.002);
    }
}
