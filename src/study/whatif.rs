//! A what-if: the scenario as loaded (the baseline) beside a changed copy of
//! it, simulated over the same trials. When the change keeps the team and the
//! calendar (reps, quarters, weeks, seed, hires), both run in lockstep on the
//! same reps and draws, so the change's effect is a paired difference with a
//! tight interval; otherwise they are two separate runs, compared side by side.
//!
//! Each side's summary is exactly what `quotasim run` gives for that scenario
//! at the same trial count: the driver guarantees that a lockstep variant's
//! statistics equal a separate run of it.

use crate::engine::{Engine, EngineError, Lockstep, RunControl};
use crate::scenario::{Count, ParamPath, PathScope, Scenario, SettingId};
use crate::stats::Summary;
use crate::stats::interval::Estimate;

use super::Objective;

/// The paired effect of the change on one strategy (what-if minus baseline).
#[derive(Clone, Debug, PartialEq)]
pub struct PairedChange {
    pub strategy: String,
    /// Share of rep-quarters at quota, in share points.
    pub at_quota: Estimate,
    /// Mean attainment, in points of quota.
    pub mean: Estimate,
}

/// The two sides of a what-if at one trial count.
#[derive(Clone, Debug)]
pub struct WhatIf {
    pub trials: u64,
    pub baseline: Summary,
    pub changed: Summary,
    /// Per strategy; None when the change alters the team or the calendar.
    pub paired: Option<Vec<PairedChange>>,
}

/// A setting the what-if changes: its path and its value text (a number, a
/// distribution or a word, as `validate` shows it) on each side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingChange {
    pub path: String,
    pub before: String,
    pub after: String,
}

/// The settings at `paths` whose values differ between the two scenarios, in
/// the order first given (the yearly quota reads as the quarterly one).
pub fn setting_changes(baseline: &Scenario, changed: &Scenario, paths: &[String]) -> Vec<SettingChange> {
    let mut out: Vec<SettingChange> = Vec::new();
    for text in paths {
        let Ok(path) = ParamPath::parse(baseline, text, "set") else { continue };
        let shown = if path.target == SettingId::Alias { "team.quota".to_string() } else { path.text.clone() };
        let (before, after) = (value_text(baseline, &path), value_text(changed, &path));
        if before != after && !out.iter().any(|c| c.path == shown) {
            out.push(SettingChange { path: shown, before, after });
        }
    }
    out
}

/// A setting's value as text in a scenario.
fn value_text(scenario: &Scenario, path: &ParamPath) -> String {
    match (path.target, &path.scope) {
        (SettingId::Count(c), _) => scenario.counts[c].to_string(),
        (id, PathScope::Shared) => scenario.shared.describe(id).0,
        (id, PathScope::Strategy(i)) => scenario.resolved(*i).describe(id).0,
    }
}

/// Whether the two scenarios can run on the same reps and draws: the same
/// strategies, counts (trials aside) and hires.
pub fn pairable(baseline: &Scenario, changed: &Scenario) -> bool {
    let mut a = baseline.counts.clone();
    a[Count::Trials] = changed.counts[Count::Trials];
    a == changed.counts && baseline.hires == changed.hires && baseline.strategies.len() == changed.strategies.len()
}

/// `scenario` with its trial count set to `trials`.
fn at_trials(scenario: &Scenario, trials: u64) -> Scenario {
    let mut s = scenario.clone();
    s.counts[Count::Trials] = trials;
    s
}

/// Simulate both sides over trials `0..trials`. Progress counts the trials of
/// both sides when they run separately.
pub fn run_whatif(baseline: &Scenario, changed: &Scenario, trials: u64, control: &mut RunControl<'_>) -> Result<WhatIf, EngineError> {
    let (base, new) = (at_trials(baseline, trials), at_trials(changed, trials));
    if pairable(&base, &new) {
        let lock = Lockstep::new(&[base.clone(), new.clone()], &[(0, 1)]);
        let acc = lock.run(0..trials, control)?;
        let paired = acc.pair(0, 1).map(|p| {
            base.strategies
                .iter()
                .zip(&p.strategies)
                .map(|(s, st)| PairedChange {
                    strategy: s.name.clone(),
                    at_quota: Objective::ShareAtQuota.paired(st),
                    mean: Objective::Mean.paired(st),
                })
                .collect()
        });
        return Ok(WhatIf { trials, baseline: Summary::build(&base, &acc.runs[0]), changed: Summary::build(&new, &acc.runs[1]), paired });
    }
    let outer = control.progress;
    let separate = |s: &Scenario, offset: u64| {
        let report = move |d: u64, _t: u64| {
            if let Some(p) = outer {
                p(offset + d, 2 * trials);
            }
        };
        let mut ctl =
            RunControl { pool: control.pool, cancel: control.cancel, progress: Some(&report), records: None, share: control.share };
        Engine::new(s).run(0..trials, &mut ctl).map(|acc| Summary::build(s, &acc))
    };
    let baseline = separate(&base, 0)?;
    let changed = separate(&new, trials)?;
    Ok(WhatIf { trials, baseline, changed, paired: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::apply_override;

    fn small() -> Scenario {
        let mut s = Scenario::builtin();
        apply_override(&mut s, "team.reps", "6").unwrap();
        s
    }

    #[test]
    fn each_side_is_the_run_of_its_scenario() {
        let base = small();
        let mut changed = base.clone();
        apply_override(&mut changed, "strategy.targeted.coverage_target", "6").unwrap();
        let w = run_whatif(&base, &changed, 30, &mut RunControl::default()).unwrap();
        let alone = |s: &Scenario| {
            let s = at_trials(s, 30);
            Summary::build(&s, &Engine::new(&s).run(0..30, &mut RunControl::default()).unwrap())
        };
        assert_eq!(w.baseline, alone(&base));
        assert_eq!(w.changed, alone(&changed));
        let paired = w.paired.unwrap();
        // spray-and-pray sets its own target: the change does not reach it, and
        // on common random numbers its difference is exactly zero.
        assert_eq!((paired[0].at_quota.value, paired[0].at_quota.se), (0.0, 0.0));
        // targeted's paired difference is the difference of the two means.
        let diff = w.changed.strategies[1].attainment.mean - w.baseline.strategies[1].attainment.mean;
        assert!((paired[1].mean.value - diff).abs() < 1e-9, "{} vs {diff}", paired[1].mean.value);
        assert!(paired[1].mean.se > 0.0);
    }

    #[test]
    fn changes_name_each_setting_once_with_both_values() {
        let base = small();
        let mut changed = base.clone();
        let paths: Vec<String> =
            ["strategy.targeted.coverage_target", "team.reps", "selling.win_rate", "strategy.targeted.coverage_target"]
                .map(String::from)
                .to_vec();
        apply_override(&mut changed, &paths[0], "6").unwrap();
        apply_override(&mut changed, &paths[1], "9").unwrap();
        apply_override(&mut changed, &paths[2], "21.5%").unwrap(); // the value it had
        let c = setting_changes(&base, &changed, &paths);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!((c[0].path.as_str(), c[0].before.as_str(), c[0].after.as_str()), ("strategy.targeted.coverage_target", "3", "6"));
        assert_eq!((c[1].before.as_str(), c[1].after.as_str()), ("6", "9"));
    }

    #[test]
    fn a_change_of_team_size_is_compared_unpaired() {
        let base = small();
        let mut changed = base.clone();
        apply_override(&mut changed, "team.reps", "4").unwrap();
        assert!(!pairable(&base, &changed));
        let mut more_trials = base.clone();
        apply_override(&mut more_trials, "simulation.trials", "50").unwrap();
        assert!(pairable(&base, &more_trials));
        let w = run_whatif(&base, &changed, 10, &mut RunControl::default()).unwrap();
        assert!(w.paired.is_none());
        assert_eq!((w.baseline.reps, w.changed.reps, w.changed.trials), (6, 4, 10));
    }
}
