//! Streaming, mergeable accumulation of rep-quarters into per-strategy
//! statistics. Nothing here stores individual rep-quarters.
//!
//! Two levels are kept: rep-quarter level (distribution, histogram, bands) and
//! trial level (one mean per trial and metric). Trials are independent, while
//! rep-quarters of one trial share its uncertain-input draws, so standard
//! errors of means come from the spread of trial means.

use super::histogram::AttainmentHistogram;
use super::merge::{Merge, accumulator};
use super::metrics::{METRIC_COUNT, Metric, RepQuarter};
use super::moments::{Moments, RatioMoments};
use super::outcome::OutcomeAccum;
use super::territory::{ListAccum, ListSums, ListTally};
use super::year::{PlanningYear, QuarterAccum, QuarterSums, TrialPlan, YearAccum, YearSums, quarters_at_plan};

/// Attainment bands reported: <50%, 50-80%, 80-100%, 100-120%, >=120%.
pub const BAND_EDGES: [f64; 4] = [0.5, 0.8, 1.0, 1.2];
pub const BAND_LABELS: [&str; 5] = ["below_50", "50_80", "80_100", "100_120", "above_120"];

/// Coverage bins for attainment-by-coverage: width 0.5 up to 10x, then one open bin.
pub const COVERAGE_BIN_WIDTH: f64 = 0.5;
pub const COVERAGE_BINS: usize = 21;

#[inline]
fn coverage_bin(c: f64) -> usize {
    ((c / COVERAGE_BIN_WIDTH) as usize).min(COVERAGE_BINS - 1)
}

accumulator! {
    /// Per-strategy running statistics.
    pub struct StrategyAccum {
        pub attainment: Moments = Moments::default(),
        pub histogram: AttainmentHistogram = AttainmentHistogram::default(),
        pub at_quota: u64 = 0,
        pub bands: [u64; 5] = [0; 5],
        /// Trial means of each [`Metric`].
        pub trial_means: Vec<Moments> = vec![Moments::default(); METRIC_COUNT],
        /// Won / (won + lost): realised win rate of qualified opportunities.
        pub win_rate_qualified: RatioMoments = RatioMoments::default(),
        /// Won / (won + lost + phantoms): realised win rate of first meetings.
        pub win_rate_first: RatioMoments = RatioMoments::default(),
        /// Won value / won: mean won deal size.
        pub won_deal_size: RatioMoments = RatioMoments::default(),
        pub team_quarters: u64 = 0,
        pub team_at_plan: u64 = 0,
        /// Trial shares of quarters at plan.
        pub team_trial_share: Moments = Moments::default(),
        pub coverage_first_bins: Vec<Moments> = vec![Moments::default(); COVERAGE_BINS],
        pub coverage_second_bins: Vec<Moments> = vec![Moments::default(); COVERAGE_BINS],
        /// Paired difference against the first strategy, per rep-quarter.
        pub diff_attainment: Moments = Moments::default(),
        pub diff_at_quota: Moments = Moments::default(),
        /// Paired differences, trial means.
        pub diff_attainment_trials: Moments = Moments::default(),
        pub diff_at_quota_trials: Moments = Moments::default(),
        /// Per counted quarter.
        pub quarters: Vec<QuarterAccum> = Vec::new(),
        /// Rep-years and the team's years.
        pub year: YearAccum = YearAccum::default(),
        /// The seats' lists of accounts over all counted quarters (with a finite market).
        pub list: ListAccum = ListAccum::default(),
        /// Figures per trial: how they vary between simulated years.
        pub outcome: OutcomeAccum = OutcomeAccum::default(),
    }
}

/// Sums over one trial's rep-quarters of one strategy.
#[derive(Clone, Debug)]
pub struct TrialSums {
    pub n: u64,
    /// By [`Metric`].
    pub metrics: [f64; METRIC_COUNT],
    /// Per counted quarter: rep-quarters, the team's won value, seat-weeks.
    pub quarters: Vec<QuarterSums>,
    pub year: YearSums,
    pub diff_attainment: f64,
    pub diff_at_quota: f64,
}

impl TrialSums {
    pub fn new(quarters: usize) -> Self {
        TrialSums {
            n: 0,
            metrics: [0.0; METRIC_COUNT],
            quarters: vec![QuarterSums::default(); quarters],
            year: YearSums::default(),
            diff_attainment: 0.0,
            diff_at_quota: 0.0,
        }
    }

    pub fn reset(&mut self) {
        self.n = 0;
        self.metrics = [0.0; METRIC_COUNT];
        self.quarters.iter_mut().for_each(|q| *q = QuarterSums::default());
        self.year = YearSums::default();
        self.diff_attainment = 0.0;
        self.diff_at_quota = 0.0;
    }

    /// A seat's counted quarters: seat-weeks open, filled and ramping, the
    /// bookings of deals closed while it stood vacant, and its list.
    pub fn add_seat(&mut self, q: usize, open_weeks: u32, filled_weeks: u32, ramping_weeks: u32, vacant_won: f64, list: &ListTally) {
        let s = &mut self.quarters[q];
        s.open_weeks += u64::from(open_weeks);
        s.filled_weeks += u64::from(filled_weeks);
        s.ramping_weeks += u64::from(ramping_weeks);
        s.team_won += vacant_won;
        s.list.add(list);
    }

    /// The trial's mean of a metric (0 for an empty trial).
    pub fn mean(&self, m: Metric) -> f64 {
        if self.n > 0 { self.metrics[m.index()] / self.n as f64 } else { 0.0 }
    }

    /// The trial's figures that paired comparisons look at.
    pub fn figures(&self, plan: &TrialPlan<'_>) -> TrialFigures {
        TrialFigures {
            at_quota: self.mean(Metric::AtQuota),
            mean: self.mean(Metric::Attainment),
            team_at_plan: quarters_at_plan(&self.quarters, plan) as f64 / self.quarters.len().max(1) as f64,
            year: PlanningYear::of(&self.quarters, plan),
        }
    }
}

/// One trial of one strategy, as paired comparisons see it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrialFigures {
    pub at_quota: f64,
    pub mean: f64,
    /// Share of counted quarters in which the team made its plan.
    pub team_at_plan: f64,
    pub year: Option<PlanningYear>,
}

impl StrategyAccum {
    /// An empty accumulator for a run of `quarters` counted quarters.
    pub fn new(quarters: usize) -> Self {
        StrategyAccum { quarters: vec![QuarterAccum::default(); quarters], ..Default::default() }
    }

    /// Add one rep-quarter (`quarter` is its counted-quarter index); `base` is
    /// the same rep-quarter under the first strategy, for paired differences.
    #[inline]
    pub fn push(&mut self, rq: &RepQuarter, quarter: usize, base: Option<&RepQuarter>, trial: &mut TrialSums) {
        let a = rq[Metric::Attainment];
        self.attainment.push(a);
        self.histogram.push(a, rq[Metric::Touches]);
        let hit = a >= 1.0;
        self.at_quota += u64::from(hit);
        let band = BAND_EDGES.iter().take_while(|e| a >= **e).count();
        self.bands[band] += 1;
        self.coverage_first_bins[coverage_bin(rq[Metric::CoverageFirst])].push(a);
        self.coverage_second_bins[coverage_bin(rq[Metric::CoverageSecond])].push(a);
        trial.n += 1;
        for (s, v) in trial.metrics.iter_mut().zip(rq.0) {
            *s += v;
        }
        self.quarters[quarter].push(a);
        let q = &mut trial.quarters[quarter];
        q.n += 1;
        q.attainment += a;
        q.at_quota += u64::from(hit);
        q.team_won += rq[Metric::WonValue];
        if let Some(b) = base {
            let d = a - b[Metric::Attainment];
            let dq = f64::from(u8::from(hit)) - f64::from(u8::from(b[Metric::Attainment] >= 1.0));
            self.diff_attainment.push(d);
            self.diff_at_quota.push(dq);
            trial.diff_attainment += d;
            trial.diff_at_quota += dq;
        }
    }

    /// A rep-year: a rep in the seat every week of a counted year.
    pub fn push_rep_year(&mut self, attainment: f64, trial: &mut TrialSums) {
        self.year.push(attainment, &mut trial.year);
    }

    /// Close a trial: push its means, its quarters and its years.
    pub fn finish_trial(&mut self, t: &TrialSums, plan: &TrialPlan<'_>, paired: bool) {
        for (q, (acc, sums)) in self.quarters.iter_mut().zip(&t.quarters).enumerate() {
            acc.finish_trial(sums, plan.quarter_plans[q], plan.planned_seats[q], plan.weeks_per_quarter);
        }
        self.year.finish_trial(&t.year, &t.quarters, plan);
        if t.quarters.iter().any(|q| q.list.seats > 0) {
            let mut all = ListSums::default();
            t.quarters.iter().for_each(|q| all.absorb(&q.list));
            self.list.finish_trial(&all, t.n);
        }
        if t.n == 0 {
            return;
        }
        let n = t.n as f64;
        for (m, s) in self.trial_means.iter_mut().zip(t.metrics) {
            m.push(s / n);
        }
        let g = |metric: Metric| t.metrics[metric.index()];
        let won = g(Metric::Won);
        self.win_rate_qualified.push(won + g(Metric::Lost), won);
        self.win_rate_first.push(won + g(Metric::Lost) + g(Metric::PhantomsClosed), won);
        self.won_deal_size.push(won, g(Metric::WonValue));
        let at_plan = quarters_at_plan(&t.quarters, plan);
        self.team_quarters += t.quarters.len() as u64;
        self.team_at_plan += at_plan;
        self.team_trial_share.push(at_plan as f64 / t.quarters.len() as f64);
        self.outcome.at_quota.push(g(Metric::AtQuota) / n);
        self.outcome.mean_attainment.push(g(Metric::Attainment) / n);
        self.outcome.quarters_at_plan.push(at_plan as usize);
        if paired {
            self.diff_attainment_trials.push(t.diff_attainment / n);
            self.diff_at_quota_trials.push(t.diff_at_quota / n);
        }
    }

    pub fn mean_of(&self, m: Metric) -> &Moments {
        &self.trial_means[m.index()]
    }
}

accumulator! {
    /// Statistics of a whole run (or of any set of trials): one accumulator per strategy.
    pub struct RunAccum {
        pub trials: u64 = 0,
        pub strategies: Vec<StrategyAccum> = Vec::new(),
    }
}

impl RunAccum {
    pub fn new(strategies: usize, quarters: usize) -> Self {
        RunAccum { trials: 0, strategies: vec![StrategyAccum::new(quarters); strategies] }
    }

    pub fn merge(&mut self, o: &RunAccum) {
        Merge::merge(self, o);
    }
}
