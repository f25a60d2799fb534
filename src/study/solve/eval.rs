//! Evaluating the metric at parameter values: every value on the same trials
//! (common random numbers), each run in [`BATCHES`] consecutive batches of
//! trials so that any figure, also one without an interval of its own in the
//! summary (a percentile of bookings), gets a Monte Carlo error from its
//! batch means, and two values' difference gets a paired one.

use crate::engine::{EngineError, Lockstep, RunControl};
use crate::scenario::Scenario;
use crate::stats::interval::Z95;
use crate::stats::{LockstepAccum, Summary};

use super::metric::SolveMetric;
use super::param::SolveParam;
use crate::study::runner;

/// Batches per evaluation: batch means with 7 degrees of freedom.
pub const BATCHES: u64 = 8;

/// Student's t quantile (97.5%, 7 degrees of freedom), for batch means.
pub const T97_5_DF7: f64 = 2.364_624;

/// The metric at one parameter value.
#[derive(Clone, Debug, PartialEq)]
pub struct Eval {
    pub x: f64,
    pub trials: u64,
    /// Over all trials.
    pub value: f64,
    /// Its 95% Monte Carlo interval: the summary's own where it has one,
    /// else from the batch means.
    pub ci: (f64, f64),
    /// The metric in each batch (the same trials at every value).
    pub batches: Vec<f64>,
    /// True for the coarse screen (fewer trials).
    pub screen: bool,
    /// The full summary at this value (none in tests of the search alone).
    pub summary: Option<Box<Summary>>,
}

impl Eval {
    pub fn half_width(&self) -> f64 {
        0.5 * (self.ci.1 - self.ci.0)
    }
}

/// What the evaluations share: the scenario, the parameter, the metric and
/// the strategy it is read for.
pub struct Evaluator<'a> {
    pub base: &'a Scenario,
    pub param: &'a SolveParam,
    pub metric: &'a SolveMetric,
    pub strategy: usize,
    /// Simulated strategy-trials so far (for the progress bar).
    pub done: u64,
    /// The progress bar's estimate of all the work.
    pub total: u64,
}

impl Evaluator<'_> {
    /// The metric at every value of `xs` over `trials` trials.
    pub fn run(&mut self, xs: &[f64], trials: u64, screen: bool, control: &mut RunControl<'_>) -> Result<Vec<Eval>, EngineError> {
        let variants: Vec<(f64, Scenario)> =
            xs.iter().map(|&x| (x, self.param.apply(self.base, x).expect("values inside the checked range apply"))).collect();
        self.run_variants(&variants, trials, screen, control)
    }

    /// The metric of the scenario as it is (an uncertain value kept
    /// uncertain), at the parameter's current value `x`.
    pub fn run_as_is(&mut self, x: f64, trials: u64, control: &mut RunControl<'_>) -> Result<Eval, EngineError> {
        let mut e = self.run_variants(&[(x, self.base.clone())], trials, false, control)?;
        Ok(e.remove(0))
    }

    fn run_variants(
        &mut self,
        variants: &[(f64, Scenario)],
        trials: u64,
        screen: bool,
        control: &mut RunControl<'_>,
    ) -> Result<Vec<Eval>, EngineError> {
        let size = if self.param.shares_structure() { runner::group_limit(self.base.strategies.len()) } else { 1 };
        let mut out = Vec::with_capacity(variants.len());
        for group in variants.chunks(size) {
            let scenarios: Vec<Scenario> = group.iter().map(|(_, s)| s.clone()).collect();
            let lock = Lockstep::new(&scenarios, &[]);
            let accs = self.batches(&lock, trials, control)?;
            for (k, (x, sc)) in group.iter().enumerate() {
                out.push(self.read(*x, sc, &accs, k, trials, screen));
            }
        }
        Ok(out)
    }

    /// The group's accumulators, one per batch, with progress.
    fn batches(&mut self, lock: &Lockstep, trials: u64, control: &mut RunControl<'_>) -> Result<Vec<LockstepAccum>, EngineError> {
        let weight = (lock.variants() * lock.strategies()) as u64;
        let outer = control.progress;
        let (base, total) = (self.done, self.total.max(self.done + trials * weight));
        let report = move |d: u64, _t: u64| {
            if let Some(p) = outer {
                p(base + d * weight, total);
            }
        };
        let mut ctl =
            RunControl { pool: control.pool, cancel: control.cancel, progress: Some(&report), records: None, share: control.share };
        let accs = batch_ranges(trials).into_iter().map(|r| lock.run(r, &mut ctl)).collect::<Result<Vec<_>, _>>()?;
        self.done += trials * weight;
        Ok(accs)
    }

    /// Variant `v` of the group's batches, read as one evaluation.
    fn read(&self, x: f64, sc: &Scenario, accs: &[LockstepAccum], v: usize, trials: u64, screen: bool) -> Eval {
        let mut all = accs[0].runs[v].clone();
        for a in &accs[1..] {
            all.merge(&a.runs[v]);
        }
        let summary = Summary::build(sc, &all);
        let s = &summary.strategies[self.strategy];
        let value = self.metric.value(s);
        let batches: Vec<f64> = accs.iter().map(|a| self.metric.value(&Summary::build(sc, &a.runs[v]).strategies[self.strategy])).collect();
        let ci = self.metric.interval(s).unwrap_or_else(|| {
            let hw = batch_half_width(&batches);
            (value - hw, value + hw)
        });
        Eval { x, trials, value, ci, batches, screen, summary: Some(Box::new(summary)) }
    }
}

/// `0..trials` cut into [`BATCHES`] consecutive ranges (the first ones a
/// trial longer when it does not divide).
pub fn batch_ranges(trials: u64) -> Vec<std::ops::Range<u64>> {
    let (q, r) = (trials / BATCHES, trials % BATCHES);
    let mut start = 0;
    (0..BATCHES)
        .map(|b| {
            let len = q + u64::from(b < r);
            let range = start..start + len;
            start += len;
            range
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The 95% half-width of the mean of batch values (Student's t); the normal
/// quantile when the count is not [`BATCHES`].
pub fn batch_half_width(batches: &[f64]) -> f64 {
    let n = batches.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let mean = batches.iter().sum::<f64>() / n;
    let var = batches.iter().map(|b| (b - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let t = if batches.len() as u64 == BATCHES { T97_5_DF7 } else { Z95 };
    t * (var / n).sqrt()
}

/// The 95% interval of the paired difference `b - a` over batches.
pub fn paired_diff(a: &Eval, b: &Eval) -> (f64, f64) {
    let d: Vec<f64> = a.batches.iter().zip(&b.batches).map(|(x, y)| y - x).collect();
    let mean = d.iter().sum::<f64>() / d.len().max(1) as f64;
    (mean, batch_half_width(&d))
}
