//! Coverage-target planning: sweep a strategy's `coverage_target` under both
//! counting rules (qualified pipeline at the second meeting, or everything
//! open at the first meeting) and find which target maximises the metric, by
//! how much over the current policy (paired interval), over which targets the
//! curve is flat within noise, and the practical answer: the smallest target
//! within a tolerance of the best, and the prospecting hours it saves. The
//! answer in words is `report::words::verdict`'s.
//!
//! Two stages (`run`): a screen runs every point with few trials to draw the
//! curve and find the best; the candidates (today's policy, the best, the
//! practical targets) are then confirmed with more trials, added in batches
//! until each figure is pinned to half the tolerance (95% Monte Carlo
//! half-width) or the run's trial count is reached: precise enough to tell
//! the practical answer from the best, whatever the scenario's `trials`.
//!
//! Each strategy is planned on its own: its `strategy.NAME.coverage_target` and
//! `strategy.NAME.count_pipeline_at` change, the other strategies keep theirs
//! (and cost nothing: identical strategies are simulated once per rep).

mod choose;
mod run;

pub use choose::OUT_OF_REACH;
pub use run::run_plan;

use crate::scenario::{Param, PipelineCount, Scenario, ScenarioError, ValueSpec, apply_override, fmt_num};
use crate::stats::Summary;
use crate::stats::interval::Estimate;
use crate::stats::summary::Spread;

use super::Objective;
use super::precision::MIN_TRIALS;

/// Default `--targets`.
pub const DEFAULT_TARGETS: &str = "1:8:0.5";

/// Default `--tolerance`: one percentage point of the metric.
pub const DEFAULT_TOLERANCE: f64 = 0.01;

/// Both counting rules, the scenario default first.
pub const RULES: [PipelineCount; 2] = [PipelineCount::SecondMeeting, PipelineCount::FirstMeeting];

/// Short form for tables and legends.
pub fn rule_short(r: PipelineCount) -> &'static str {
    match r {
        PipelineCount::SecondMeeting => "second meeting",
        PipelineCount::FirstMeeting => "first meeting",
    }
}

/// The variants of a plan, ready to run.
pub struct PlanSetup {
    pub targets: Vec<f64>,
    /// Strategy indices planned.
    pub strategies: Vec<usize>,
    /// Variant 0 is the scenario itself; then per planned strategy, per rule,
    /// per target.
    pub variants: Vec<Scenario>,
}

impl PlanSetup {
    /// Variant index of (k-th planned strategy, rule index, target index).
    pub fn variant(&self, k: usize, rule: usize, t: usize) -> usize {
        1 + (k * RULES.len() + rule) * self.targets.len() + t
    }

    /// Check the targets and build the variants, each exactly as
    /// `run --set strategy.NAME.coverage_target=T --set strategy.NAME.count_pipeline_at=RULE`.
    pub fn new(base: &Scenario, targets: &ValueSpec, strategies: Vec<usize>) -> Result<PlanSetup, ScenarioError> {
        let values = targets.values().map_err(|m| ScenarioError::flag("--targets", "", m.0))?;
        let range = Param::CoverageTarget.def().range;
        if let Some(bad) = values.iter().find(|x| !range.contains(**x)) {
            return Err(ScenarioError::flag(
                "--targets",
                "",
                format!("{} is out of range: coverage_target must be in {range}", fmt_num(*bad)),
            ));
        }
        let mut variants = vec![base.clone()];
        for &s in &strategies {
            let name = &base.strategies[s].name;
            for rule in RULES {
                for &t in &values {
                    let mut v = base.clone();
                    apply_override(&mut v, &format!("strategy.{name}.coverage_target"), &fmt_num(t))?;
                    apply_override(&mut v, &format!("strategy.{name}.count_pipeline_at"), rule.as_str())?;
                    variants.push(v);
                }
            }
        }
        Ok(PlanSetup { targets: values, strategies, variants })
    }
}

/// What to plan for and how hard to look.
#[derive(Clone, Copy, Debug)]
pub struct PlanRequest {
    pub metric: Objective,
    /// How far below the best (in the metric's units; 0.01 = one percentage
    /// point) a smaller target may fall and still count as as good.
    pub tolerance: f64,
    /// Trials per point in the screen.
    pub screen_trials: u64,
    /// Most trials per candidate in the confirmation: the run's trial count.
    pub trials: u64,
    /// The confirmation stops adding trials once every candidate's metric has
    /// a 95% half-width at most this (metric units); 0 = all `trials`.
    pub precision: f64,
}

impl PlanRequest {
    /// A request with the default tolerance, screen and precision for a run
    /// of `scenario` (its trials).
    pub fn new(metric: Objective, scenario: &Scenario) -> PlanRequest {
        let trials = scenario.trials();
        PlanRequest {
            metric,
            tolerance: DEFAULT_TOLERANCE,
            screen_trials: default_screen_trials(trials, rep_quarters_per_trial(scenario)),
            trials,
            precision: default_precision(DEFAULT_TOLERANCE),
        }
    }
}

/// Counted rep-quarters a trial of the default scenario holds (40 seats, four
/// counted quarters): the unit the screen's size is set in.
const DEFAULT_REP_QUARTERS: u64 = 160;

/// Counted rep-quarters per trial and strategy of `scenario` (planned seats).
pub fn rep_quarters_per_trial(scenario: &Scenario) -> u64 {
    (scenario.reps() as u64 * scenario.quarters() as u64).max(1)
}

/// Screen trials for a run of `trials` with `rep_quarters` counted
/// rep-quarters per trial: a tenth of the trials, at least 100 and at most
/// 150, for a trial of the default's size; a trial holding more rep-quarters
/// (a bigger team, more quarters) needs proportionally fewer, a smaller one
/// more. At least 20 and never more than the run's. At 100 trials the
/// default scenario's paired differences between neighbouring targets are
/// known to a few tenths of a point (95%): enough to rank them and draw the
/// curve.
pub fn default_screen_trials(trials: u64, rep_quarters: u64) -> u64 {
    let default_sized = (trials / 10).clamp(100, 150);
    (default_sized * DEFAULT_REP_QUARTERS).div_ceil(rep_quarters.max(1)).max(MIN_TRIALS).min(trials)
}

/// Default confirmation precision: half the tolerance, so the practical
/// answer's distance from the best is known well within the tolerance.
pub fn default_precision(tolerance: f64) -> f64 {
    tolerance / 2.0
}

/// One (rule, target) of a strategy's plan, as screened or confirmed.
#[derive(Clone, Debug)]
pub struct PlanPoint {
    pub rule: PipelineCount,
    pub target: f64,
    /// The metric and its 95% interval.
    pub value: f64,
    pub ci: (f64, f64),
    pub share_at_quota: f64,
    pub mean: f64,
    pub p50: f64,
    /// Mean prospecting hours per rep-week, with its Monte Carlo interval.
    pub prospecting_hours: Estimate,
    /// Share of rep-weeks with pipeline at or above the target.
    pub at_target: Estimate,
    /// The metric's range of outcomes across trials, where it has one.
    pub outcome: Option<Spread>,
    /// Paired: this point minus the current policy, and minus the best point.
    pub vs_current: Estimate,
    pub vs_best: Estimate,
    /// Not distinguishable from the best at 95% (paired interval reaches 0).
    pub within_noise: bool,
}

/// A candidate re-run with the confirmation's trials.
#[derive(Clone, Debug)]
pub struct Confirmed {
    /// Index into [`StrategyPlan::points`].
    pub point: usize,
    /// Its figures at the confirmation's trials (paired against the confirmed
    /// current policy and best).
    pub figures: PlanPoint,
}

/// The plan of one strategy.
#[derive(Clone, Debug)]
pub struct StrategyPlan {
    pub strategy: String,
    pub index: usize,
    pub current_target: String,
    pub current_rule: PipelineCount,
    /// Today's policy, at the confirmation's trials.
    pub current_value: f64,
    pub current_ci: (f64, f64),
    /// The screen: rule-major (as [`RULES`]), then target order.
    pub points: Vec<PlanPoint>,
    /// The screen's best (index into `points`).
    pub best: usize,
    /// The screen's best per rule (index into `points`).
    pub best_per_rule: Vec<usize>,
    /// The smallest confirmed target under the best's rule within the
    /// tolerance of the best (index into `points`; the best itself when none).
    pub practical: usize,
    /// The confirmed candidates; the best and the practical point among them.
    pub confirmed: Vec<Confirmed>,
    /// Per rule (as [`RULES`]): the lowest target from which on fewer than
    /// [`OUT_OF_REACH`] of rep-weeks had pipeline at the target in the screen,
    /// and the largest share of them that did.
    pub out_of_reach: Vec<Option<(f64, f64)>>,
}

impl StrategyPlan {
    /// The confirmed figures of a point, if it was confirmed.
    pub fn confirmed(&self, point: usize) -> Option<&Confirmed> {
        self.confirmed.iter().find(|c| c.point == point)
    }

    /// The best point's confirmed figures.
    pub fn best_confirmed(&self) -> &PlanPoint {
        &self.confirmed(self.best).expect("the best is always confirmed").figures
    }

    /// The practical point's confirmed figures.
    pub fn practical_confirmed(&self) -> &PlanPoint {
        &self.confirmed(self.practical).expect("the practical point is always confirmed").figures
    }
}

#[derive(Clone, Debug)]
pub struct CoveragePlan {
    pub metric: Objective,
    pub tolerance: f64,
    /// Trials per point of the screen, and per confirmed candidate.
    pub screen_trials: u64,
    pub trials: u64,
    /// The confirmation's precision target (95% half-width, metric units; 0 =
    /// every trial) and its cap, the run's trial count.
    pub precision: f64,
    pub max_trials: u64,
    pub targets: Vec<f64>,
    /// The scenario as it stands, at the confirmation's trials.
    pub base: Summary,
    pub strategies: Vec<StrategyPlan>,
}

/// A `--tolerance` or `--confirm-precision` that is not a number of
/// percentage points in [0, 100).
#[derive(Debug, thiserror::Error)]
#[error("{flag} `{text}`: expected percentage points of the metric, such as `1` (one point), from 0 to below 100")]
pub struct ToleranceError {
    flag: &'static str,
    text: String,
}

/// Parse `--tolerance`: percentage points of the metric (`1` = 0.01), `pts`
/// or `%` allowed after the number.
pub fn parse_tolerance(text: &str) -> Result<f64, ToleranceError> {
    parse_points("--tolerance", text)
}

/// Parse percentage points of the metric given to `flag`.
pub fn parse_points(flag: &'static str, text: &str) -> Result<f64, ToleranceError> {
    let t = text.trim();
    let num = t.strip_suffix("pts").or_else(|| t.strip_suffix('%')).unwrap_or(t).trim();
    match num.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..100.0).contains(&x) => Ok(x / 100.0),
        _ => Err(ToleranceError { flag, text: text.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_read_as_points() {
        assert_eq!(parse_tolerance("1").unwrap(), 0.01);
        assert_eq!(parse_tolerance("0.5 pts").unwrap(), 0.005);
        assert_eq!(parse_tolerance("2%").unwrap(), 0.02);
        assert_eq!(parse_tolerance("0").unwrap(), 0.0);
        for bad in ["-1", "100", "one", "NaN", ""] {
            assert!(parse_tolerance(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn screens_are_a_tenth_of_a_default_sized_run_within_bounds() {
        assert_eq!(default_screen_trials(1000, 160), 100);
        assert_eq!(default_screen_trials(1200, 160), 120);
        assert_eq!(default_screen_trials(20_000, 160), 150);
        assert_eq!(default_screen_trials(400, 160), 100);
        assert_eq!(default_screen_trials(30, 160), 30);
        // Twice the rep-quarters per trial: half the trials hold as much.
        assert_eq!(default_screen_trials(1000, 320), 50);
        // A small team needs more trials, never more than the run's.
        assert_eq!(default_screen_trials(1000, 40), 400);
        assert_eq!(default_screen_trials(300, 40), 300);
        // Never below the fewest trials an interval is trusted with.
        assert_eq!(default_screen_trials(1000, 100_000), MIN_TRIALS);
    }
}
