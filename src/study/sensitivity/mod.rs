//! Which uncertainty matters: variance-based (Sobol) indices of a metric
//! over the scenario's uncertain inputs, with the simulation's own luck (the
//! reps' randomness within a simulated year) as a factor of its own; and
//! Morris elementary effects as a screen of every numeric setting when
//! nothing is uncertain.
//!
//! - [`sobol`]: the estimators and their bootstrap, apart from simulation;
//! - [`morris`]: trajectories over every setting's swing, on common random numbers.
//!
//! The Sobol design is the engine's own: row j of A is trial j, row j of B
//! is trial n + j, and a cross variant takes one input's uniform from the
//! partner trial (`engine::Swap`); the luck factor takes every input from the
//! partner and keeps the trial's own randomness.

pub mod morris;
pub mod sobol;

use crate::engine::{EngineError, Lockstep, RunControl, Swap};
use crate::scenario::{PARAM_COUNT, PARAMS, Param, Quantity, Scenario};
use crate::stats::TrialFigures;

use super::Objective;
use super::runner;
use sobol::{Index, Samples};

/// Rows of the design by default: on the shipped uncertain-inputs scenario
/// (8 inputs, 40 reps) every 95% interval is narrower than 0.05.
pub const DEFAULT_ROWS: u64 = 4_000;

/// What a trial's figure of the metric is, for each trial on its own.
pub fn per_trial(metric: Objective) -> Option<fn(&TrialFigures) -> f64> {
    match metric {
        Objective::ShareAtQuota => Some(|f| f.at_quota),
        Objective::Mean => Some(|f| f.mean),
        Objective::TeamAtPlan => Some(|f| f.team_at_plan),
        Objective::MakesPlan => Some(|f| f.year.map_or(f64::NAN, |y| f64::from(u8::from(y.made_plan)))),
        Objective::Bookings => Some(|f| f.year.map_or(f64::NAN, |y| y.bookings_to_plan)),
        // A trial's median is not kept; the median has no per-trial value.
        Objective::P50 => None,
    }
}

/// An uncertain input: a factor of the analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub param: Param,
    /// Where it is uncertain: `team.hours_per_week`, `selling.win_rate`, or
    /// a strategy's own path.
    pub paths: Vec<String>,
}

/// The scenario's uncertain inputs, in registry order.
pub fn factors(scenario: &Scenario) -> Vec<Factor> {
    let sets: Vec<_> = (0..scenario.strategies.len()).map(|i| scenario.resolved(i)).collect();
    PARAMS
        .iter()
        .filter_map(|d| {
            let uncertain = |set: &crate::scenario::ParamSet| matches!(set.values[d.param.index()].value, Quantity::Uncertain(_));
            let mut paths: Vec<String> = Vec::new();
            if matches!(scenario.shared.values[d.param.index()].value, Quantity::Uncertain(_)) {
                paths.push(d.meta.path());
            }
            for (i, set) in sets.iter().enumerate() {
                if uncertain(set) && scenario.strategies[i].own.values[d.param.index()].is_some() {
                    paths.push(format!("strategy.{}.{}", scenario.strategies[i].name, d.meta.key));
                }
            }
            (!paths.is_empty()).then_some(Factor { param: d.param, paths })
        })
        .collect()
}

/// The indices of one strategy.
#[derive(Clone, Debug)]
pub struct StrategySobol {
    pub strategy: String,
    pub index: usize,
    /// One per factor, then luck last.
    pub indices: Vec<Index>,
    /// Mean and variance of the metric over A and B (trial to trial).
    pub mean: f64,
    pub variance: f64,
    /// Trials whose metric is undefined, left out.
    pub undefined: usize,
}

#[derive(Clone, Debug)]
pub struct SobolResult {
    pub metric: Objective,
    pub factors: Vec<Factor>,
    pub rows: u64,
    pub strategies: Vec<StrategySobol>,
    /// The scenario correlates some inputs: indices are of the independent
    /// uniforms under the correlation.
    pub correlated: bool,
    pub seed: u64,
}

/// Trials a Sobol analysis simulates per variant, and variants.
pub fn sobol_size(factors: usize, rows: u64) -> (u64, u64) {
    (2 * rows, factors as u64 + 2)
}

/// Run the design: the base, one cross variant per factor and the luck
/// variant, each over trials `0..2 rows`.
pub fn run_sobol(scenario: &Scenario, metric: Objective, rows: u64, control: &mut RunControl<'_>) -> Result<SobolResult, EngineError> {
    let factors = factors(scenario);
    let read = per_trial(metric).expect("checked: the metric has a per-trial value");
    let mut swaps: Vec<Option<Swap>> = vec![None];
    swaps.extend(factors.iter().map(|f| Some(Swap { columns: vec![f.param.index()], half: rows })));
    swaps.push(Some(Swap { columns: (0..PARAM_COUNT).collect(), half: rows }));
    // Per variant, per strategy, per trial.
    let mut values: Vec<Vec<Vec<f64>>> = Vec::new();
    let size = runner::group_limit(scenario.strategies.len());
    let total_groups = swaps.len().div_ceil(size) as u64;
    let outer = control.progress;
    for (g, group) in swaps.chunks(size).enumerate() {
        let variants = vec![scenario.clone(); group.len()];
        let mut lock = Lockstep::with_swaps(&variants, group.to_vec());
        lock.share_blocks_among(total_groups as usize);
        let report = move |d: u64, t: u64| {
            if let Some(p) = outer {
                p(g as u64 * t + d, total_groups * t);
            }
        };
        let mut ctl =
            RunControl { pool: control.pool, cancel: control.cancel, progress: Some(&report), records: None, share: control.share };
        let acc = lock.run(0..2 * rows, &mut ctl)?;
        let kept = acc.trial_figures.expect("a design keeps every trial's figures");
        values.extend(kept.into_iter().map(|per_s| per_s.into_iter().map(|t| t.iter().map(read).collect()).collect()));
    }
    let n = rows as usize;
    let k = factors.len() + 1;
    let strategies = scenario
        .strategies
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let col = |v: usize| &values[v][s];
            // Luck: A's inputs with B's randomness is the luck variant's trial n + j.
            let fab = |i: usize, j: usize| if i < k - 1 { col(i + 1)[j] } else { col(k)[n + j] };
            let fba = |i: usize, j: usize| if i < k - 1 { col(i + 1)[n + j] } else { col(k)[j] };
            let ok: Vec<usize> = (0..n)
                .filter(|&j| {
                    col(0)[j].is_finite() && col(0)[n + j].is_finite() && (0..k).all(|i| fab(i, j).is_finite() && fba(i, j).is_finite())
                })
                .collect();
            let samples = Samples {
                fa: ok.iter().map(|&j| col(0)[j]).collect(),
                fb: ok.iter().map(|&j| col(0)[n + j]).collect(),
                fab: (0..k).map(|i| ok.iter().map(|&j| fab(i, j)).collect()).collect(),
                fba: (0..k).map(|i| ok.iter().map(|&j| fba(i, j)).collect()).collect(),
            };
            let all = samples.fa.iter().chain(&samples.fb);
            let mean = all.clone().sum::<f64>() / (2 * samples.rows()).max(1) as f64;
            StrategySobol {
                strategy: st.name.clone(),
                index: s,
                indices: samples.indices(scenario.seed() ^ s as u64),
                mean,
                variance: samples.variance(),
                undefined: n - ok.len(),
            }
        })
        .collect();
    Ok(SobolResult { metric, factors, rows, strategies, correlated: !scenario.correlations.is_empty(), seed: scenario.seed() })
}

#[cfg(test)]
mod tests;
