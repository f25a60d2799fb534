//! Checks that involve more than one setting, run once a scenario is read
//! and again after `--set` and for every sweep point.
//!
//! Each setting's own range keeps its value plausible; together, a deal
//! thousands of times the quota (or a ten-thousandth of it) is still
//! implausible for a sales team, and turns every figure into an absurd
//! magnitude (attainment of a million percent, coverage of 10^15).

use super::error::ScenarioError;
use super::registry::Param;
use super::units::fmt_num;
use super::{Origin, Scenario};

/// A median deal may be at most this many times the quarterly quota...
pub const MAX_DEAL_TO_QUOTA: f64 = 100.0;
/// ...and at least this fraction of it.
pub const MIN_DEAL_TO_QUOTA: f64 = 1e-4;

/// Every problem across settings, located where the file gives a place.
pub fn consistency(scenario: &Scenario) -> Vec<ScenarioError> {
    let mut errors = Vec::new();
    for (i, strategy) in scenario.strategies.iter().enumerate() {
        let set = scenario.resolved(i);
        let deal = set.get(Param::DealSizeMedian).central();
        let quota = set.get(Param::Quota).central();
        let ratio = deal / quota;
        if (MIN_DEAL_TO_QUOTA..=MAX_DEAL_TO_QUOTA).contains(&ratio) {
            continue;
        }
        let setting = &set.values[Param::DealSizeMedian.index()];
        let message = format!(
            "a median deal of {} against a quarterly quota of {} ({} times the quota) is outside what a sales team plans with",
            fmt_num(deal),
            fmt_num(quota),
            fmt_num(ratio)
        );
        let help = format!(
            "keep the median deal between {} and {} times the quarterly quota (team.quota is per rep per quarter)",
            fmt_num(MIN_DEAL_TO_QUOTA),
            fmt_num(MAX_DEAL_TO_QUOTA)
        );
        let path = format!("strategy.{}.deal_size_median", strategy.name);
        let e = match (setting.origin, setting.loc) {
            (Origin::Override, _) => ScenarioError::flag("--set", path, message),
            (_, Some(loc)) => ScenarioError::located(&scenario.source_label, loc, path, message),
            (_, None) => ScenarioError::flag(&scenario.source_label, path, message),
        };
        errors.push(e.with_help(help));
    }
    errors
}
