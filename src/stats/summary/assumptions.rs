//! The assumptions table: every per-strategy setting, its value and where it came from.

use super::{CorrelationRow, ParameterRow, ParameterValue};
use crate::scenario::registry::all_settings;
use crate::scenario::{Scenario, Section, SettingId};

/// The assumptions table: every per-strategy setting with its origin (the
/// `[market]` ones when the scenario mentions the market, a per-deal shape
/// when some strategy draws from one).
pub fn parameter_rows(scenario: &Scenario) -> Vec<ParameterRow> {
    let sets: Vec<_> = (0..scenario.strategies.len()).map(|i| scenario.resolved(i)).collect();
    let market = scenario.mentions_market();
    all_settings()
        .filter(|id| !matches!(id, SettingId::Count(_)))
        .filter(|id| market || id.meta().section != Section::Market)
        .filter(|id| !matches!(id, SettingId::Shape(s) if !scenario.mentions_shape(*s)))
        .map(|id| ParameterRow {
            path: id.meta().path(),
            key: id.meta().key.to_string(),
            unit: id.unit().text().to_string(),
            values: sets
                .iter()
                .zip(&scenario.strategies)
                .map(|(set, strategy)| {
                    let (value, origin) = set.describe(id);
                    ParameterValue { strategy: strategy.name.clone(), value, origin }
                })
                .collect(),
        })
        .collect()
}

/// The scenario's correlations between uncertain inputs, in file order.
pub fn correlation_rows(scenario: &Scenario) -> Vec<CorrelationRow> {
    scenario.correlations.iter().map(|c| CorrelationRow { between: c.between.clone(), rank: c.rank }).collect()
}
