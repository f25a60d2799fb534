//! A what-if as the page asks for it: `PATH=VALUE` overrides, checked by the
//! same registry and reader as `--set`, and the work they ask for, held to
//! the page's budget (the size guard of one request).

use serde::Serialize;

use super::limits::Limits;
use crate::commands::guard;
use crate::scenario::{Count, ParamPath, Scenario, SettingId, apply_override, parse_override};

/// A problem with one input (its path) or with the whole request (empty path).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

impl FieldError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), message: message.into() }
    }
}

/// A what-if that may be simulated.
#[derive(Clone, Debug)]
pub struct Checked {
    pub changed: Scenario,
    /// The overrides as (path, value), in the order given.
    pub sets: Vec<(String, String)>,
    /// Trials of the refined answer: the scenario's, or fewer when they
    /// exceed the budget (`capped`).
    pub full_trials: u64,
    /// Trials of the first look.
    pub quick_trials: u64,
    pub capped: bool,
}

impl Checked {
    pub fn paths(&self) -> Vec<String> {
        self.sets.iter().map(|(p, _)| p.clone()).collect()
    }

    /// The overrides as `PATH=VALUE`, as `--set` takes them.
    pub fn set_args(&self) -> Vec<String> {
        self.sets.iter().map(|(p, v)| format!("{p}={v}")).collect()
    }
}

/// Check `sets` against `baseline` and size the work: every problem, each
/// with the path of its input.
pub fn check(baseline: &Scenario, sets: &[String], limits: &Limits, threads: usize) -> Result<Checked, Vec<FieldError>> {
    if sets.len() > limits.max_sets {
        return Err(vec![FieldError::new("", format!("at most {} changed settings per request", limits.max_sets))]);
    }
    let mut changed = baseline.clone();
    let mut parsed = Vec::with_capacity(sets.len());
    let mut errors = Vec::new();
    for s in sets {
        let path = s.split_once('=').map_or(s.as_str(), |(p, _)| p).trim().to_string();
        if s.chars().count() > limits.max_set_chars {
            errors.push(FieldError::new(path, format!("too long: at most {} characters", limits.max_set_chars)));
            continue;
        }
        match parse_override(s).and_then(|(p, v)| apply_override(&mut changed, &p, &v).map(|()| (p, v))) {
            Ok(pv) => parsed.push(pv),
            Err(e) => errors.push(FieldError::new(path, message(&e))),
        }
    }
    if errors.is_empty() {
        errors.extend(
            changed.check_consistency().err().into_iter().flat_map(|e| e.0).map(|e| FieldError::new(e.key_path.clone(), message(&e))),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let memory = guard::estimate(&changed, 1, 1, threads, false).memory_bytes;
    if memory > limits.max_memory_bytes {
        return Err(vec![FieldError::new(
            "",
            format!(
                "this what-if would hold about {:.1} GB of open deals in memory, beyond the page's {:.1} GB: lower the cadence \
                 or the counted quarters, or run it with `quotasim run`",
                memory / 1e9,
                limits.max_memory_bytes / 1e9
            ),
        )]);
    }
    let fit = trials_within(baseline, &changed, threads, limits.max_rep_weeks, limits.max_seconds);
    if fit == 0 {
        return Err(vec![FieldError::new("", too_large(limits))]);
    }
    let wanted = changed.trials();
    let trials_set =
        parsed.iter().any(|(p, _)| ParamPath::parse(baseline, p, "set").is_ok_and(|pp| pp.target == SettingId::Count(Count::Trials)));
    if wanted > fit && trials_set {
        return Err(vec![FieldError::new(
            "simulation.trials",
            format!("at most {fit} trials fit the page's budget for this scenario; run `quotasim run` for more"),
        )]);
    }
    let full_trials = wanted.min(fit);
    let quick = trials_within(baseline, &changed, threads, limits.quick_rep_weeks, limits.quick_seconds);
    let quick_trials = quick.min(limits.quick_trials).min(full_trials).max(1);
    Ok(Checked { changed, sets: parsed, full_trials, quick_trials, capped: full_trials < wanted })
}

/// An override's problem as the page shows it beside the input: the reader's
/// message and its hint, without the `--set` framing.
fn message(e: &crate::scenario::ScenarioError) -> String {
    let m = e.message.strip_prefix("value `").and_then(|r| r.split_once("`: ")).map_or(e.message.as_str(), |(_, m)| m);
    match &e.help {
        Some(h) => format!("{m} ({h})"),
        None => m.to_string(),
    }
}

fn too_large(limits: &Limits) -> String {
    format!(
        "this scenario is too large for the page: even one trial exceeds its budget of {:.0} million simulated rep-weeks \
         (or about {} s of work) per request; run it with `quotasim run`",
        limits.max_rep_weeks / 1e6,
        limits.max_seconds
    )
}

/// Simulated rep-weeks of one trial of both sides (every seat of every
/// strategy, warm-up included).
pub fn rep_weeks_per_trial(s: &Scenario) -> f64 {
    f64::from(s.seats()) * s.strategies.len() as f64 * f64::from(s.quarters() + s.warmup_quarters()) * f64::from(s.weeks_per_quarter())
}

/// The most trials of both sides within `rep_weeks` and `seconds` (the size
/// guard's estimate, which also counts the opportunities a cadence opens).
fn trials_within(baseline: &Scenario, changed: &Scenario, threads: usize, rep_weeks: f64, seconds: f64) -> u64 {
    let per_trial_weeks = rep_weeks_per_trial(baseline) + rep_weeks_per_trial(changed);
    let per_trial_seconds = [baseline, changed]
        .iter()
        .map(|s| guard::estimate(s, 1, 1, threads, false).seconds * f64::from(s.weeks_per_quarter()) / 13.0)
        .sum::<f64>();
    let by_weeks = (rep_weeks / per_trial_weeks).floor();
    let by_seconds = if per_trial_seconds > 0.0 { (seconds / per_trial_seconds).floor() } else { f64::INFINITY };
    by_weeks.min(by_seconds).min(u64::MAX as f64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn valid_overrides_apply_and_size_the_work() {
        let base = Scenario::builtin();
        let limits = Limits::default();
        let c = check(&base, &sets(&["strategy.targeted.coverage_target=4", "selling.win_rate=25%"]), &limits, 2).unwrap();
        assert_eq!(c.set_args(), ["strategy.targeted.coverage_target=4", "selling.win_rate=25%"]);
        assert_eq!((c.full_trials, c.quick_trials, c.capped), (1000, limits.quick_trials, false));
        assert_eq!(c.changed.overrides, c.set_args());
    }

    #[test]
    fn every_bad_input_is_named_by_its_path() {
        let base = Scenario::builtin();
        let e =
            check(&base, &sets(&["selling.win_rate=150%", "policy.coverage_targt=3", "team.quota=", "team.reps=2"]), &Limits::default(), 2)
                .unwrap_err();
        let paths: Vec<&str> = e.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["selling.win_rate", "policy.coverage_targt", "team.quota"]);
        assert!(e[0].message.contains("out of range") || e[0].message.contains("must be"), "{}", e[0].message);
        assert!(!e[0].message.contains("--set"), "{}", e[0].message);
        assert!(e[1].message.contains("did you mean `policy.coverage_target`"), "{}", e[1].message);
        let deal = check(&base, &sets(&["selling.deal_size_median=$10B"]), &Limits::default(), 2).unwrap_err();
        assert!(deal.iter().all(|f| f.path.ends_with("deal_size_median") && f.message.contains("times the quota")), "{deal:?}");
    }

    #[test]
    fn the_budget_caps_trials_or_refuses() {
        let base = Scenario::builtin();
        let limits = Limits::default();
        // 1000 trials x 2 sides x 40 reps x 2 strategies x 5 quarters x 13 weeks.
        assert_eq!(rep_weeks_per_trial(&base) * 2.0 * 1000.0, 10.4e6);
        let fit = (limits.max_rep_weeks / (2.0 * rep_weeks_per_trial(&base))) as u64;
        let asked = check(&base, &sets(&[&format!("simulation.trials={}", fit + 1)]), &limits, 2).unwrap_err();
        assert_eq!(asked[0].path, "simulation.trials");
        let mut big = base.clone();
        big.counts[Count::Trials] = fit * 10;
        let capped = check(&big, &[], &limits, 2).unwrap();
        assert!(capped.capped && capped.full_trials <= fit && capped.full_trials > 0, "{}", capped.full_trials);
        let huge = check(&base, &sets(&["team.reps=1000000"]), &limits, 2).unwrap_err();
        assert!(huge[0].path.is_empty() && huge[0].message.contains("too large for the page"), "{huge:?}");
        let many: Vec<String> = (0..=limits.max_sets).map(|_| "team.reps=3".to_string()).collect();
        assert!(check(&base, &many, &limits, 2).is_err());
        // Deal books: a page allowed twice the default's memory refuses a
        // cadence of 100,000 touches a week over 40 quarters.
        let tight = Limits { max_memory_bytes: 2.0 * guard::estimate(&base, 1, 1, 2, false).memory_bytes, ..Limits::default() };
        assert!(check(&base, &[], &tight, 2).is_ok());
        let cadence = ["strategy.targeted.touches_per_week=100000", "strategy.targeted.minutes_per_touch=0.01", "simulation.quarters=40"];
        let memory = check(&base, &sets(&cadence), &tight, 2).unwrap_err();
        assert!(memory[0].message.contains("GB of open deals in memory"), "{memory:?}");
        let long = format!("selling.win_rate={}", "1".repeat(limits.max_set_chars));
        assert!(check(&base, &[long], &limits, 2).unwrap_err()[0].message.contains("too long"));
    }
}
