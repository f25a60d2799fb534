//! Precision-targeted runs: add trials in deterministic batches until the 95%
//! half-width of the chosen metric is below the target for every strategy, or
//! a cap is reached.
//!
//! The first batch is the scenario's `trials`; each later batch is sized from
//! the current half-width (half-widths shrink as 1/sqrt(trials)), rounded to a
//! fixed unit and at most quadrupling the total. Batch boundaries depend only
//! on results, which depend only on scenario and seed, so a precision run is as
//! reproducible as a fixed one.

use super::Objective;
use crate::engine::{Engine, EngineError, RunControl};
use crate::stats::summary::Stopping;
use crate::stats::{RunAccum, Summary};

/// Trial cap when the user sets none.
pub const DEFAULT_MAX_TRIALS: u64 = 100_000;

/// Fewest trials whose intervals a precision target trusts: below this, the
/// spread of trial means is itself too noisy to stop on.
pub const MIN_TRIALS: u64 = 20;

/// Batch granularity: a quarter of the first batch (at least 10 trials).
pub fn batch_unit(first: u64) -> u64 {
    first.div_ceil(4).max(10)
}

/// The widest half-width of `metric` over the strategies of a run.
pub fn worst_half_width(summary: &Summary, metric: Objective) -> f64 {
    summary.strategies.iter().map(|s| metric.half_width(s)).map(|h| if h.is_finite() { h } else { f64::INFINITY }).fold(0.0, f64::max)
}

/// The next total trial count: the projection n * (worst / target)^2 with 10%
/// to spare, at least one unit more and at most four times the current total
/// (the projection is itself noisy), on the unit grid, within the cap.
pub fn next_total(n: u64, worst: f64, target: f64, unit: u64, cap: u64) -> u64 {
    let ratio = if target > 0.0 && worst.is_finite() { (worst / target).powi(2) } else { 4.0 };
    let projected = (n as f64 * ratio * 1.1).min(4.0 * n as f64).ceil() as u64;
    let next = projected.max(n + unit).div_ceil(unit) * unit;
    next.min(cap).max(n + 1)
}

/// Run `engine` until `target` is met for `metric` (or `max_trials`). Records,
/// when asked for, stream in trial order across batches.
pub fn run_to_precision(
    engine: &Engine,
    target: f64,
    metric: Objective,
    max_trials: u64,
    control: &mut RunControl<'_>,
) -> Result<(RunAccum, Stopping), EngineError> {
    let cap = max_trials.max(1);
    let first = engine.scenario().trials().min(cap);
    let unit = batch_unit(first);
    let outer = control.progress;
    let mut records = control.records.take();
    let mut acc = RunAccum::new(engine.scenario().strategies.len(), engine.scenario().quarters() as usize);
    let (mut done, mut next) = (0u64, first);
    loop {
        let report = move |d: u64, _t: u64| {
            if let Some(p) = outer {
                p(done + d, next);
            }
        };
        let writer = records.as_mut().map(|w| &mut **w as &mut dyn std::io::Write);
        let mut ctl =
            RunControl { pool: control.pool, cancel: control.cancel, progress: Some(&report), records: writer, share: control.share };
        let batch = engine.run(done..next, &mut ctl);
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                control.records = records;
                return Err(e);
            }
        };
        acc.merge(&batch);
        done = next;
        let worst = worst_half_width(&Summary::build(engine.scenario(), &acc), metric);
        let stop = |reason: &str| Stopping {
            metric: metric.as_str().to_string(),
            target_half_width: target,
            achieved_half_width: worst,
            max_trials: cap,
            reason: reason.to_string(),
        };
        if worst <= target && done >= MIN_TRIALS.min(cap) {
            control.records = records;
            return Ok((acc, stop("precision_reached")));
        }
        if done >= cap {
            control.records = records;
            return Ok((acc, stop("trial_cap_reached")));
        }
        next = next_total(done, worst, target, unit, cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Scenario, apply_override};

    #[test]
    fn batches_grow_by_projection_within_bounds() {
        assert_eq!(next_total(1000, 0.02, 0.01, 250, 100_000), 4000);
        assert_eq!(next_total(1000, 0.011, 0.01, 250, 100_000), 1500);
        assert_eq!(next_total(1000, 0.0101, 0.01, 250, 100_000), 1250);
        assert_eq!(next_total(1000, 0.5, 0.01, 250, 2600), 2600);
        assert_eq!(next_total(1000, f64::INFINITY, 0.01, 250, 100_000), 4000);
    }

    #[test]
    fn stops_at_target_or_cap() {
        let mut s = Scenario::builtin();
        apply_override(&mut s, "team.reps", "5").unwrap();
        apply_override(&mut s, "simulation.trials", "40").unwrap();
        let engine = Engine::new(&s);
        let (acc, stop) = run_to_precision(&engine, 0.05, Objective::ShareAtQuota, 10_000, &mut RunControl::default()).unwrap();
        assert_eq!(stop.reason, "precision_reached");
        assert!(stop.achieved_half_width <= 0.05);
        assert!(acc.trials >= 40);
        let (acc, stop) = run_to_precision(&engine, 1e-6, Objective::Mean, 90, &mut RunControl::default()).unwrap();
        assert_eq!((stop.reason.as_str(), acc.trials), ("trial_cap_reached", 90));
        // Same batches, same answer: the result is reproducible.
        let (again, _) = run_to_precision(&engine, 1e-6, Objective::Mean, 90, &mut RunControl::default()).unwrap();
        assert_eq!(acc, again);
    }
}
