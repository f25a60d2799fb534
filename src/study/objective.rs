//! What a sweep, tornado, plan or precision target optimises or tracks: one
//! table, [`OBJECTIVES`], one entry per figure (its `--metric` key, how it
//! reads, where it sits in a summary and which paired differences measure it).

use crate::stats::PairStats;
use crate::stats::interval::{Estimate, Z95};
use crate::stats::moments::Moments;
use crate::stats::summary::{Share, Spread, StrategySummary};

/// The figure a sweep, tornado, plan or precision target optimises or tracks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Objective {
    /// Share of rep-quarters at or above quota.
    #[default]
    ShareAtQuota,
    /// Mean attainment.
    Mean,
    /// Median attainment.
    P50,
    /// Share of counted quarters in which the team makes its plan.
    TeamAtPlan,
    /// Chance the team makes its annual plan (the planning year).
    MakesPlan,
    /// The planning year's bookings, mean, as a share of the plan.
    Bookings,
}

/// One objective's declaration.
pub struct ObjectiveDef {
    pub objective: Objective,
    /// Its `--metric` value, also its name in CSV and JSON.
    pub key: &'static str,
    /// How it reads in sentences: "share of rep-quarters at quota".
    pub label: &'static str,
    /// Its short form in a sentence: "share at quota".
    pub short: &'static str,
    /// A chart axis's description, with its unit.
    pub axis: &'static str,
    /// Defined only when the run counts a planning year (four quarters or more).
    pub needs_year: bool,
    /// The figure and its 95% interval in a summary, if defined there.
    estimate: fn(&StrategySummary) -> Option<(f64, f64, f64)>,
    /// Its paired differences.
    paired: fn(&PairStats) -> &Moments,
}

fn share(s: &Share) -> Option<(f64, f64, f64)> {
    Some((s.share, s.ci_low, s.ci_high))
}

fn estimate(e: &Estimate) -> Option<(f64, f64, f64)> {
    Some((e.value, e.ci_low, e.ci_high))
}

/// Every objective, in `--metric` listing order.
pub static OBJECTIVES: [ObjectiveDef; 6] = [
    ObjectiveDef {
        objective: Objective::ShareAtQuota,
        key: "share_at_quota",
        label: "share of rep-quarters at quota",
        short: "share at quota",
        axis: "share of rep-quarters at or above quota (percent)",
        needs_year: false,
        estimate: |s| share(&s.at_quota),
        paired: |p| &p.at_quota,
    },
    ObjectiveDef {
        objective: Objective::Mean,
        key: "mean",
        label: "mean attainment",
        short: "mean attainment",
        axis: "mean attainment per rep-quarter (percent of quota)",
        needs_year: false,
        estimate: |s| Some((s.attainment.mean, s.attainment.mean_ci[0], s.attainment.mean_ci[1])),
        paired: |p| &p.mean,
    },
    ObjectiveDef {
        objective: Objective::P50,
        key: "p50",
        label: "median attainment",
        short: "median attainment",
        axis: "median attainment per rep-quarter (percent of quota)",
        needs_year: false,
        estimate: |s| Some((s.attainment.p50, s.attainment.p50_ci[0], s.attainment.p50_ci[1])),
        paired: |p| &p.p50,
    },
    ObjectiveDef {
        objective: Objective::TeamAtPlan,
        key: "team_at_plan",
        label: "chance the team makes its quarterly plan",
        short: "team at plan",
        axis: "quarters in which the team makes its plan (percent)",
        needs_year: false,
        estimate: |s| share(&s.team_at_plan),
        paired: |p| &p.team_at_plan,
    },
    ObjectiveDef {
        objective: Objective::MakesPlan,
        key: "makes_plan",
        label: "chance the team makes its annual plan",
        short: "annual plan made",
        axis: "years in which the team makes its annual plan (percent)",
        needs_year: true,
        estimate: |s| s.year.as_ref().and_then(|y| share(&y.makes_plan)),
        paired: |p| &p.makes_plan,
    },
    ObjectiveDef {
        objective: Objective::Bookings,
        key: "bookings",
        label: "annual bookings (mean, percent of plan)",
        short: "annual bookings",
        axis: "the team's annual bookings, mean (percent of plan)",
        needs_year: true,
        estimate: |s| s.year.as_ref().and_then(|y| estimate(&y.bookings_to_plan)),
        paired: |p| &p.bookings,
    },
];

impl Objective {
    pub fn def(self) -> &'static ObjectiveDef {
        OBJECTIVES.iter().find(|d| d.objective == self).expect("every objective is declared")
    }

    pub fn as_str(self) -> &'static str {
        self.def().key
    }

    pub fn parse(s: &str) -> Option<Objective> {
        OBJECTIVES.iter().find(|d| d.key == s).map(|d| d.objective)
    }

    /// How the metric reads in sentences and chart axes.
    pub fn label(self) -> &'static str {
        self.def().label
    }

    /// The metric of one strategy in a run summary (NaN where undefined).
    pub fn value(self, s: &StrategySummary) -> f64 {
        (self.def().estimate)(s).map_or(f64::NAN, |e| e.0)
    }

    /// Its 95% interval.
    pub fn interval(self, s: &StrategySummary) -> (f64, f64) {
        (self.def().estimate)(s).map_or((f64::NAN, f64::NAN), |e| (e.1, e.2))
    }

    /// Half the width of its 95% interval: what `--precision` compares.
    pub fn half_width(self, s: &StrategySummary) -> f64 {
        let (lo, hi) = self.interval(s);
        0.5 * (hi - lo)
    }

    /// The paired difference (b - a) of this metric, with its 95% interval.
    /// Per-trial differences, except the median's, which are per chunk of
    /// trials (batch means).
    pub fn paired(self, p: &PairStats) -> Estimate {
        let m = (self.def().paired)(p);
        Estimate { value: m.mean, se: m.se(), ci_low: m.mean - Z95 * m.se(), ci_high: m.mean + Z95 * m.se() }
    }
}

impl Objective {
    /// How the metric varies between trials (its range of outcomes), where a
    /// trial has its own value of it: a trial's share at quota, mean
    /// attainment, share of quarters at team plan. None for the median (no
    /// per-trial median is kept) and the annual plan (a year makes it or not:
    /// the chance is the answer).
    pub fn outcome(self, s: &StrategySummary) -> Option<Spread> {
        let o = s.outcome_range.as_ref();
        match self {
            Objective::ShareAtQuota => o.map(|o| o.at_quota),
            Objective::Mean => o.map(|o| o.mean_attainment),
            Objective::TeamAtPlan => o.map(|o| o.quarters_at_plan),
            Objective::P50 | Objective::MakesPlan | Objective::Bookings => None,
        }
    }
}

/// A `--metric` that names no metric, or one the run cannot measure.
#[derive(Debug, thiserror::Error)]
pub enum UnknownMetric {
    #[error("--metric `{0}`: expected one of {keys}", keys = metric_keys())]
    Unknown(String),
    #[error("--metric `{0}` needs a planning year: set simulation.quarters to 4 or more")]
    NeedsYear(String),
}

/// The `--metric` values, for messages and help.
pub fn metric_keys() -> String {
    OBJECTIVES.iter().map(|d| d.key).collect::<Vec<_>>().join(", ")
}

/// Parse `--metric`.
pub fn parse_metric(s: &str) -> Result<Objective, UnknownMetric> {
    Objective::parse(s).ok_or_else(|| UnknownMetric::Unknown(s.to_string()))
}

/// Check that a scenario counting `quarters` quarters can measure `metric`.
pub fn check_metric(metric: Objective, quarters: u32) -> Result<(), UnknownMetric> {
    if metric.def().needs_year && quarters < 4 {
        return Err(UnknownMetric::NeedsYear(metric.as_str().to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses_back_to_its_objective() {
        for d in &OBJECTIVES {
            assert_eq!(Objective::parse(d.key), Some(d.objective));
            assert_eq!(d.objective.def().key, d.key);
        }
        assert!(parse_metric("share").is_err());
    }

    #[test]
    fn year_metrics_need_four_quarters() {
        assert!(check_metric(Objective::MakesPlan, 3).is_err());
        assert!(check_metric(Objective::MakesPlan, 4).is_ok());
        assert!(check_metric(Objective::ShareAtQuota, 1).is_ok());
    }
}
