//! Sweeps, sensitivity (tornado) and coverage-target planning, all built on
//! common random numbers so that differences between points are paired.
//!
//! - [`grid`]: sweep axes (path + values, range-checked) and the points of a 1-D or 2-D grid;
//! - [`runner`]: runs many scenario variants in lockstep groups, in deterministic
//!   trial batches, optionally until a precision target is met;
//! - [`points`]: a grid sweep and its per-point summaries;
//! - [`tornado`]: one-at-a-time low/high sensitivity of every numeric parameter;
//! - [`plan`]: the coverage-target plan and its plain-words verdict;
//! - [`precision`]: precision-targeted single runs and the batch schedule.

pub mod grid;
pub mod plan;
pub mod points;
pub mod precision;
pub mod runner;
pub mod tornado;

use crate::stats::PairStats;
use crate::stats::interval::{Estimate, Z95};
use crate::stats::summary::StrategySummary;

/// The figure a sweep, tornado, plan or precision target optimises or tracks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    /// Share of rep-quarters at or above quota.
    #[default]
    ShareAtQuota,
    /// Mean attainment.
    Mean,
    /// Median attainment.
    P50,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::ShareAtQuota => "share_at_quota",
            Metric::Mean => "mean",
            Metric::P50 => "p50",
        }
    }
    pub fn parse(s: &str) -> Option<Metric> {
        match s {
            "share_at_quota" => Some(Metric::ShareAtQuota),
            "mean" => Some(Metric::Mean),
            "p50" => Some(Metric::P50),
            _ => None,
        }
    }

    /// How the metric reads in sentences and chart axes.
    pub fn label(self) -> &'static str {
        match self {
            Metric::ShareAtQuota => "share of rep-quarters at quota",
            Metric::Mean => "mean attainment",
            Metric::P50 => "median attainment",
        }
    }

    /// The metric of one strategy in a run summary.
    pub fn value(self, s: &StrategySummary) -> f64 {
        match self {
            Metric::ShareAtQuota => s.at_quota.share,
            Metric::Mean => s.attainment.mean,
            Metric::P50 => s.attainment.p50,
        }
    }

    /// Its 95% interval.
    pub fn interval(self, s: &StrategySummary) -> (f64, f64) {
        match self {
            Metric::ShareAtQuota => (s.at_quota.ci_low, s.at_quota.ci_high),
            Metric::Mean => (s.attainment.mean_ci[0], s.attainment.mean_ci[1]),
            Metric::P50 => (s.attainment.p50_ci[0], s.attainment.p50_ci[1]),
        }
    }

    /// Half the width of its 95% interval: what `--precision` compares.
    pub fn half_width(self, s: &StrategySummary) -> f64 {
        let (lo, hi) = self.interval(s);
        0.5 * (hi - lo)
    }

    /// The paired difference (b - a) of this metric, with its 95% interval.
    /// Share and mean use per-trial differences; the median, batch differences.
    pub fn paired(self, p: &PairStats) -> Estimate {
        let m = match self {
            Metric::ShareAtQuota => &p.at_quota,
            Metric::Mean => &p.mean,
            Metric::P50 => &p.p50,
        };
        Estimate { value: m.mean, se: m.se(), ci_low: m.mean - Z95 * m.se(), ci_high: m.mean + Z95 * m.se() }
    }
}

/// A `--metric` that names no metric.
#[derive(Debug, thiserror::Error)]
#[error("--metric `{0}`: expected share_at_quota, mean or p50")]
pub struct UnknownMetric(pub String);

/// Parse `--metric`.
pub fn parse_metric(s: &str) -> Result<Metric, UnknownMetric> {
    Metric::parse(s).ok_or_else(|| UnknownMetric(s.to_string()))
}
