//! The backtest: the calibrated baseline simulated for the history's reps
//! and quarters, and compared with what happened, per rep-quarter: won
//! value, deals won, opportunities created and win rate.
//!
//! - [`records`]: the simulated rep-quarters, collected from the engine's rows;
//! - [`compare`]: quantiles with intervals, the range a history of this
//!   size takes under the baseline, and a Monte Carlo test.

pub mod compare;
pub mod records;

use serde::Serialize;

pub use compare::{Comparison, KsTest, QqPoint, Row5};
pub use records::{Measure, RecordSink, Row, win_rate};

use super::error::CalibrateError;
use super::fit::panel::Panel;
use super::history::History;
use crate::scenario::{Count, Scenario};

/// A backtest's result: backtest.json.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backtest {
    pub version: String,
    pub history: String,
    pub history_sha256: String,
    pub scenario: String,
    pub scenario_source: String,
    pub scenario_sha256: String,
    /// `--set` overrides, as given.
    pub overrides: Vec<String>,
    pub strategy: String,
    pub currency: String,
    pub trials: u64,
    pub seed: u64,
    /// What each trial simulated: the history's reps and quarters.
    pub reps: u32,
    pub quarters: u32,
    pub history_reps: usize,
    pub history_rep_quarters: usize,
    pub history_quarters: Vec<String>,
    pub comparisons: Vec<Comparison>,
}

impl Backtest {
    pub fn get(&self, m: Measure) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.measure == m)
    }
}

/// The history's counted rep-quarters as (rep, row).
pub fn history_rows(panel: &Panel) -> Vec<(u32, Row)> {
    panel
        .rep_quarters
        .iter()
        .map(|r| (r.rep, [r.won_value, r.won as f64, r.created as f64, win_rate(r.won as f64, (r.won + r.lost) as f64)]))
        .collect()
}

/// The scenario to simulate: one strategy (`strategy`, else one named
/// "baseline", else the first), as many reps as the history's rep-quarters
/// need per quarter, and the history's counted quarters (starting in the
/// same quarter of the year).
pub fn sized(sc: &Scenario, strategy: Option<&str>, panel: &Panel) -> Result<Scenario, CalibrateError> {
    let quarters = panel.counted_quarters().count();
    if quarters == 0 || panel.rep_quarters.is_empty() {
        let seen: Vec<String> = panel.quarters.iter().map(|q| format!("{} ({})", q.quarter, q.note.unwrap_or("counted"))).collect();
        return Err(CalibrateError::Input(format!(
            "the history has no complete rep-quarter to compare: it needs a calendar quarter after the warm-up ({} days, the median \
             cycle) that ends by the as-of date {}; its quarters: {}",
            panel.warmup_days,
            panel.as_of,
            seen.join(", ")
        )));
    }
    let index = match strategy {
        Some(name) => sc.strategy_index(name).ok_or_else(|| {
            let names: Vec<String> = sc.strategies.iter().map(|s| format!("\"{}\"", s.name)).collect();
            CalibrateError::Input(format!("--strategy {name}: the scenario has no such strategy; it has {}", names.join(", ")))
        })?,
        None => sc.strategy_index("baseline").unwrap_or(0),
    };
    let mut s = sc.clone();
    let keep = s.strategies[index].clone();
    s.strategies = vec![keep];
    let reps = panel.rep_quarters.len().div_ceil(quarters);
    s.counts[Count::Reps] = reps as u64;
    s.counts[Count::Quarters] = quarters as u64;
    // The simulated quarters are the history's quarters of the year (seasons).
    if let Some(first) = panel.counted_quarters().next() {
        s.counts[Count::FirstQuarter] = u64::from(first.q.q);
    }
    Ok(s)
}

/// Compare every measure.
pub fn compare_all(h: &History, panel: &Panel, sc: &Scenario, trials: &[Vec<Row>]) -> Backtest {
    let rows = history_rows(panel);
    let comparisons = Measure::ALL
        .iter()
        .map(|&m| compare::compare(m, &rows.iter().map(|(rep, r)| (*rep, r[m.index()])).collect::<Vec<_>>(), trials))
        .collect();
    let mut reps: Vec<u32> = rows.iter().map(|r| r.0).collect();
    reps.sort_unstable();
    reps.dedup();
    Backtest {
        version: env!("CARGO_PKG_VERSION").to_string(),
        history: h.label.clone(),
        history_sha256: h.sha256.clone(),
        scenario: sc.name.clone(),
        scenario_source: sc.source_label.clone(),
        scenario_sha256: sc.sha256.clone(),
        overrides: sc.overrides.clone(),
        strategy: sc.strategies[0].name.clone(),
        currency: sc.currency.clone(),
        trials: trials.len() as u64,
        seed: sc.seed(),
        reps: sc.reps(),
        quarters: sc.quarters(),
        history_reps: reps.len(),
        history_rep_quarters: rows.len(),
        history_quarters: panel.counted_quarters().map(|q| q.quarter.clone()).collect(),
        comparisons,
    }
}

/// backtest.json's bytes.
pub fn to_json(b: &Backtest) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(b).unwrap_or_default();
    v.push(b'\n');
    v
}
