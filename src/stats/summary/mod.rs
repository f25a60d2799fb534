//! The run summary: every reported figure with its Monte Carlo error, built
//! from the accumulators. It is what `summary.json` holds, and all that charts
//! and the report need, so they can be redrawn without re-simulating.
//!
//! - this file: the schema (the structs serialised to summary.json);
//! - [`build`]: the figures computed from the accumulators, step by step;
//! - [`assumptions`]: the table of resolved settings per strategy.

mod assumptions;
mod build;
mod territory;
mod year;

use serde::{Deserialize, Serialize};

use super::accum::BAND_LABELS;
use super::interval::{Estimate, f64_or_null, pair_or_null};
pub use super::metrics::{ByRule, Funnel, Hours};
use super::outcome::SpreadValues;
use crate::scenario::Origin;
pub use assumptions::{correlation_rows, parameter_rows};

/// Width and range of the histogram kept in the summary for charts.
pub const CHART_BIN_WIDTH: f64 = 0.02;
pub const CHART_MAX: f64 = 4.0;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// quotasim version that produced it.
    pub version: String,
    pub seed: u64,
    pub trials: u64,
    pub reps: u32,
    pub quarters: u32,
    pub warmup_quarters: u32,
    pub weeks_per_quarter: u32,
    /// Confidence level of every interval.
    pub confidence: f64,
    pub currency: String,
    pub scenario: ScenarioInfo,
    /// Every resolved parameter per strategy, with where its value came from.
    pub parameters: Vec<ParameterRow>,
    /// Rank correlations between uncertain inputs (`[[correlation]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<CorrelationRow>,
    pub strategies: Vec<StrategySummary>,
    /// Present when the run stopped on a precision target (`--precision`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopping: Option<Stopping>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ScenarioInfo {
    pub name: String,
    pub sha256: String,
    /// File path, or `<built-in default>`.
    pub source: String,
    /// `--set` overrides, as given.
    pub overrides: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Stopping {
    pub metric: String,
    pub target_half_width: f64,
    pub achieved_half_width: f64,
    pub max_trials: u64,
    /// `precision_reached` or `trial_cap_reached`.
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ParameterRow {
    /// Key path for shared keys (`selling.win_rate`).
    pub path: String,
    pub key: String,
    pub unit: String,
    pub values: Vec<ParameterValue>,
}

/// One `[[correlation]]`: its two parameter paths as written and the
/// Spearman rank correlation of their per-trial draws.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CorrelationRow {
    pub between: [String; 2],
    pub rank: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ParameterValue {
    pub strategy: String,
    pub value: String,
    pub origin: Origin,
}

/// A share with its 95% interval.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct Share {
    #[serde(deserialize_with = "f64_or_null")]
    pub share: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub ci_low: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub ci_high: f64,
    /// Design effect of within-trial correlation used to widen the interval (>= 1).
    pub design_effect: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Attainment {
    pub mean: f64,
    pub mean_se: f64,
    pub mean_ci: [f64; 2],
    pub std: f64,
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p10_ci: [f64; 2],
    pub p25_ci: [f64; 2],
    pub p50_ci: [f64; 2],
    pub p75_ci: [f64; 2],
    pub p90_ci: [f64; 2],
    /// Share of rep-quarters with nothing won.
    pub zero_share: f64,
    pub max: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Bands {
    pub below_50: f64,
    #[serde(rename = "50_80")]
    pub b50_80: f64,
    #[serde(rename = "80_100")]
    pub b80_100: f64,
    #[serde(rename = "100_120")]
    pub b100_120: f64,
    pub above_120: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WinRates {
    /// Won / qualified opportunities closed.
    pub qualified: Estimate,
    /// Won / all opportunities closed (first meetings), phantoms included.
    pub first_meeting: Estimate,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TopGroup {
    pub share_of_rep_quarters: f64,
    pub touches_top: f64,
    pub touches_rest: f64,
    pub attainment_top: f64,
    pub attainment_rest: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Paired {
    /// The strategy compared against (the first one).
    pub against: String,
    /// Mean attainment of this strategy minus the first, same rep-quarters.
    pub attainment_diff: Estimate,
    /// Share at quota of this strategy minus the first, same rep-quarters.
    pub at_quota_diff: Estimate,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CoverageBin {
    pub lo: f64,
    /// Upper edge; `null` for the open last bin.
    pub hi: Option<f64>,
    pub n: u64,
    pub mean_attainment: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AttainmentByCoverage {
    pub first_meeting: Vec<CoverageBin>,
    pub second_meeting: Vec<CoverageBin>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Histogram {
    pub bin_width: f64,
    /// Bin edges in attainment (1.0 = 100% of quota); `counts[i]` is [edges[i], edges[i+1]).
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    /// Rep-quarters at or above the last edge.
    pub above: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StrategySummary {
    pub name: String,
    pub rep_quarters: u64,
    pub attainment: Attainment,
    pub at_quota: Share,
    pub bands: Bands,
    pub team_at_plan: Share,
    /// How the figures above vary between simulated years (trials): the
    /// outcome range, as opposed to the Monte Carlo intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_range: Option<OutcomeRange>,
    /// Means per rep-quarter.
    pub funnel: Funnel,
    /// Standard errors of `funnel`.
    pub funnel_se: Funnel,
    pub win_rate: WinRates,
    pub won_deal_size: Estimate,
    /// Mean hours per week by activity.
    pub hours_per_week: Hours,
    pub hours_per_week_se: Hours,
    /// Mean weekly attention: deal hours given / needed.
    pub attention: Estimate,
    /// Share of the rep's weeks with pipeline at or above the coverage target
    /// (prospecting at the maintenance share); 0 means the target was never
    /// reached and the rep always prospected at full cadence.
    #[serde(default)]
    pub at_coverage_target: Estimate,
    /// Mean pipeline coverage (x quota) at quarter start, by counting rule.
    pub coverage_start: ByRule,
    pub coverage_start_se: ByRule,
    /// 1 - 1/coverage: the loss rate a coverage target implicitly plans for.
    pub implied_loss_rate: ByRule,
    /// 1 - realised win rate of the opportunities each rule counts.
    pub realised_loss_rate: ByRule,
    pub top20: TopGroup,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired: Option<Paired>,
    pub attainment_by_coverage: AttainmentByCoverage,
    pub histogram: Histogram,
    /// The year by counted quarter: ramp, attrition, hires and seasons show here.
    #[serde(default)]
    pub quarters: Vec<QuarterSummary>,
    /// Rep-years and the team's bookings against its annual plan (with four
    /// counted quarters or more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<YearSummary>,
    /// The seats' lists of accounts, over all counted quarters (a finite market only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<Territory>,
}

/// A strategy's lists of accounts (`[market]`) over all counted quarters or
/// in one. Errors come from the spread of trial means.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct Territory {
    /// Accounts a seat could work at the start of a counted quarter (never
    /// worked, or back from a cooldown or a rest), mean per seat.
    pub accounts_available: Estimate,
    /// Of those, accounts never worked before.
    pub accounts_fresh: Estimate,
    /// Share of touches made on accounts worked before.
    pub retouched_share: Estimate,
    /// Per rep-quarter: touches on accounts never worked before, on
    /// accounts worked before, and touches the time allowed but no account could take.
    pub touches_fresh: Estimate,
    pub touches_retouched: Estimate,
    pub touches_unmade: Estimate,
}

/// One counted quarter of a strategy.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct QuarterSummary {
    /// Counted quarter, from 1.
    pub quarter: u32,
    /// Quarter of the year, 1 to 4.
    pub quarter_of_year: u32,
    pub rep_quarters: u64,
    /// Mean attainment of the quarter's rep-quarters (error from trial means).
    pub mean_attainment: Estimate,
    pub at_quota: Share,
    /// Share of trials whose team booked the quarter's plan (seats planned x quota).
    pub team_at_plan: Share,
    /// Spread of rep-quarter attainment in the quarter (within 1% of quota).
    #[serde(deserialize_with = "f64_or_null")]
    pub p10: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub p50: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub p90: f64,
    pub planned_seats: u32,
    /// Seats with a rep, without one, and with a ramping rep (means over the quarter's weeks).
    pub seats_filled: Estimate,
    pub seats_vacant: Estimate,
    pub seats_ramping: Estimate,
    /// The team's bookings over the quarter's plan, mean over trials.
    pub bookings_to_plan: Estimate,
    /// The seats' lists of accounts in the quarter (a finite market only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<Territory>,
    /// The quarter's share at quota and mean attainment across trials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_quota_range: Option<Spread>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_attainment_range: Option<Spread>,
}

/// The counted years of a strategy: four consecutive counted quarters from the first.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct YearSummary {
    /// Full counted years per trial; every figure below is of the first,
    /// the planning year (later years start from a different team).
    pub years: u32,
    /// Reps in their seat every week of the planning year.
    pub rep_years: u64,
    /// Their attainment: won value over the sum of their quarters' quotas.
    pub attainment: Estimate,
    #[serde(deserialize_with = "f64_or_null")]
    pub attainment_p10: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub attainment_p50: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub attainment_p90: f64,
    /// Share of rep-years at or above annual quota.
    pub at_annual_quota: Share,
    /// The annual plan at the central quota (seats planned x quota over the year).
    pub plan: f64,
    /// The team's bookings of the planning year, in currency: how they
    /// spread across trials (within 0.2% of plan).
    pub bookings_p10: f64,
    pub bookings_p50: f64,
    pub bookings_p90: f64,
    /// The mean of those bookings as a share of the plan, with its Monte
    /// Carlo interval.
    #[serde(default)]
    pub bookings_to_plan: Estimate,
    /// Chance the team makes its annual plan.
    pub makes_plan: Share,
    /// Share of rep-years at annual quota across trials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_annual_quota_range: Option<Spread>,
}

/// A figure of one trial (one simulated year) as it varies across trials:
/// P10, median and P90 of the trial values, with the 95% Monte Carlo
/// interval of each end (how precisely the run pins the range itself).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct Spread {
    #[serde(deserialize_with = "f64_or_null")]
    pub p10: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub p50: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub p90: f64,
    #[serde(deserialize_with = "pair_or_null")]
    pub p10_ci: [f64; 2],
    #[serde(deserialize_with = "pair_or_null")]
    pub p90_ci: [f64; 2],
}

impl From<SpreadValues> for Spread {
    fn from(v: SpreadValues) -> Spread {
        Spread { p10: v.p10, p50: v.p50, p90: v.p90, p10_ci: v.p10_ci, p90_ci: v.p90_ci }
    }
}

/// The outcome range of a strategy: its figures per trial (one simulated
/// period of `quarters` counted quarters, a year with four) across trials.
/// Uncertain inputs are drawn once per trial, so the range includes what is
/// not known about them as well as the luck of a year.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OutcomeRange {
    /// Trials the percentiles are taken over (those with a rep-quarter).
    pub trials: u64,
    /// Share of the trial's rep-quarters at or above quota.
    pub at_quota: Spread,
    /// Mean attainment of the trial's rep-quarters.
    pub mean_attainment: Spread,
    /// Share of the trial's counted quarters in which the whole team made its plan.
    pub quarters_at_plan: Spread,
}

/// The figures of summary.json that can be undefined for a run, as JSON
/// paths (`[]` stands for any element of an array; everything below a path
/// is included), with why. They are `null` in summary.json, "-" in the
/// terminal, empty in CSV and "–" in charts and report.html; every other
/// figure is always a finite number.
pub const UNDEFINED: &[(&str, &str)] = &[
    ("strategies[].win_rate.qualified", "no qualified opportunity closed in the run"),
    ("strategies[].win_rate.first_meeting", "no opportunity closed in the run"),
    ("strategies[].won_deal_size", "no deal was won in the run"),
    ("strategies[].realised_loss_rate.first_meeting", "no opportunity closed in the run"),
    ("strategies[].realised_loss_rate.second_meeting", "no qualified opportunity closed in the run"),
    (
        "strategies[].implied_loss_rate.first_meeting",
        "coverage below 1x at quarter start: even winning every opportunity would miss quota, so no loss rate is implied",
    ),
    (
        "strategies[].implied_loss_rate.second_meeting",
        "coverage below 1x at quarter start: even winning every opportunity would miss quota, so no loss rate is implied",
    ),
    ("strategies[].attainment_by_coverage.first_meeting[].hi", "the last coverage bin is open: it has no upper edge"),
    ("strategies[].attainment_by_coverage.second_meeting[].hi", "the last coverage bin is open: it has no upper edge"),
    ("strategies[].quarters[].mean_attainment", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].p10", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].p50", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].p90", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].at_quota", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].territory.retouched_share", "no touch was made that quarter"),
    ("strategies[].quarters[].territory.touches_fresh", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].territory.touches_retouched", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].territory.touches_unmade", "no rep sat in any seat that quarter"),
    ("strategies[].territory.retouched_share", "no touch was made in the run"),
    ("strategies[].year.attainment", "no rep stayed in a seat for a whole year"),
    ("strategies[].year.attainment_p10", "no rep stayed in a seat for a whole year"),
    ("strategies[].year.attainment_p50", "no rep stayed in a seat for a whole year"),
    ("strategies[].year.attainment_p90", "no rep stayed in a seat for a whole year"),
    ("strategies[].year.at_annual_quota", "no rep stayed in a seat for a whole year"),
    ("strategies[].year.at_annual_quota_range", "no rep stayed in a seat for a whole year"),
    ("strategies[].quarters[].at_quota_range", "no rep sat in any seat that quarter"),
    ("strategies[].quarters[].mean_attainment_range", "no rep sat in any seat that quarter"),
    ("strategies[].outcome_range.at_quota", "no trial had a rep-quarter"),
    ("strategies[].outcome_range.mean_attainment", "no trial had a rep-quarter"),
    ("strategies[].outcome_range.quarters_at_plan", "no trial had a rep-quarter"),
];

/// Why the figure at `path` (as in [`UNDEFINED`]) may be undefined, if it may.
pub fn undefined_reason(path: &str) -> Option<&'static str> {
    UNDEFINED.iter().find(|(p, _)| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('.'))).map(|(_, why)| *why)
}

impl Summary {
    /// Band labels in the order of [`Bands`]' fields.
    pub fn band_labels() -> [&'static str; 5] {
        BAND_LABELS
    }
}
