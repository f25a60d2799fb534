//! A grid sweep: every point simulated over the same trials (common random
//! numbers), summarised like a run, with paired differences between
//! neighbouring points.

use crate::engine::{EngineError, RunControl};
use crate::scenario::{PathScope, Scenario};
use crate::stats::PairStats;
use crate::stats::Summary;
use crate::stats::interval::Estimate;
use crate::stats::summary::Stopping;

use super::Objective;
use super::grid::Grid;
use super::runner::{self, Job, Precision};

/// Paired difference of one strategy between a point and its predecessor on
/// the last axis (same reps, same draws).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepDiff {
    pub at_quota: Estimate,
    pub mean: Estimate,
    pub p50: Estimate,
}

impl StepDiff {
    fn of(p: &PairStats) -> StepDiff {
        StepDiff { at_quota: Objective::ShareAtQuota.paired(p), mean: Objective::Mean.paired(p), p50: Objective::P50.paired(p) }
    }
}

/// One point of a sweep.
#[derive(Clone, Debug)]
pub struct Point {
    pub index: usize,
    /// One value per axis.
    pub values: Vec<f64>,
    /// Exactly what `quotasim run --set PATH=VALUE` reports at the same seed.
    pub summary: Summary,
    /// Per strategy; `None` for the first point of a row.
    pub step: Option<Vec<StepDiff>>,
}

/// A finished sweep.
#[derive(Clone, Debug)]
pub struct SweepResult {
    pub grid: Grid,
    /// The base scenario's own value at each swept path.
    pub current: Vec<String>,
    pub trials: u64,
    pub points: Vec<Point>,
    pub stopping: Option<Stopping>,
    /// Caveats for the reader, e.g. strategies a shared path does not reach.
    pub notes: Vec<String>,
}

impl SweepResult {
    pub fn strategies(&self) -> Vec<String> {
        self.points.first().map(|p| p.summary.strategies.iter().map(|s| s.name.clone()).collect()).unwrap_or_default()
    }
}

/// Simulate every point of `grid` over the base scenario's trials (or until
/// `precision` is met at every point).
pub fn run_sweep(
    base: &Scenario,
    grid: &Grid,
    precision: Option<Precision>,
    control: &mut RunControl<'_>,
) -> Result<SweepResult, EngineError> {
    let variants: Vec<Scenario> = (0..grid.len()).map(|i| grid.variant(base, i)).collect();
    let pairs = grid.adjacent_pairs();
    let job = Job { groups: runner::windows(variants.len(), runner::group_limit(base.strategies.len())), variants, pairs };
    let out = runner::run(&job, base.trials(), precision, control)?;
    let points = (0..grid.len())
        .map(|i| {
            let mut summary = Summary::build(&job.variants[i], &out.runs[i]);
            summary.stopping = out.stopping.clone();
            let step = i.checked_sub(1).and_then(|p| out.pair(p, i)).map(|pair| pair.strategies.iter().map(StepDiff::of).collect());
            Point { index: i, values: grid.point(i), summary, step }
        })
        .collect();
    // A shared path reaches only the strategies that inherit it.
    let mut notes = Vec::new();
    for axis in &grid.axes {
        if let (PathScope::Shared, Some(p)) = (&axis.path.scope, axis.path.param()) {
            let own: Vec<&str> = base.strategies.iter().filter(|s| s.own.values[p.index()].is_some()).map(|s| s.name.as_str()).collect();
            if !own.is_empty() {
                notes.push(format!(
                    "{} set{} its own {}, so `{}` does not change it (sweep `strategy.NAME.{}` for that)",
                    own.join(", "),
                    if own.len() == 1 { "s" } else { "" },
                    p.def().meta.key,
                    axis.path.text,
                    p.def().meta.key
                ));
            }
        }
    }
    Ok(SweepResult {
        notes,
        current: grid.axes.iter().map(|a| a.current(base)).collect(),
        grid: grid.clone(),
        trials: out.trials,
        points,
        stopping: out.stopping,
    })
}
