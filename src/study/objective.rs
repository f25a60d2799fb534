//! What a sweep, tornado, plan or precision target optimises or tracks.

use crate::stats::PairStats;
use crate::stats::interval::{Estimate, Z95};
use crate::stats::summary::StrategySummary;

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
}

impl Objective {
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::ShareAtQuota => "share_at_quota",
            Objective::Mean => "mean",
            Objective::P50 => "p50",
        }
    }
    pub fn parse(s: &str) -> Option<Objective> {
        match s {
            "share_at_quota" => Some(Objective::ShareAtQuota),
            "mean" => Some(Objective::Mean),
            "p50" => Some(Objective::P50),
            _ => None,
        }
    }

    /// How the metric reads in sentences and chart axes.
    pub fn label(self) -> &'static str {
        match self {
            Objective::ShareAtQuota => "share of rep-quarters at quota",
            Objective::Mean => "mean attainment",
            Objective::P50 => "median attainment",
        }
    }

    /// The metric of one strategy in a run summary.
    pub fn value(self, s: &StrategySummary) -> f64 {
        match self {
            Objective::ShareAtQuota => s.at_quota.share,
            Objective::Mean => s.attainment.mean,
            Objective::P50 => s.attainment.p50,
        }
    }

    /// Its 95% interval.
    pub fn interval(self, s: &StrategySummary) -> (f64, f64) {
        match self {
            Objective::ShareAtQuota => (s.at_quota.ci_low, s.at_quota.ci_high),
            Objective::Mean => (s.attainment.mean_ci[0], s.attainment.mean_ci[1]),
            Objective::P50 => (s.attainment.p50_ci[0], s.attainment.p50_ci[1]),
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
            Objective::ShareAtQuota => &p.at_quota,
            Objective::Mean => &p.mean,
            Objective::P50 => &p.p50,
        };
        Estimate { value: m.mean, se: m.se(), ci_low: m.mean - Z95 * m.se(), ci_high: m.mean + Z95 * m.se() }
    }
}

/// A `--metric` that names no metric.
#[derive(Debug, thiserror::Error)]
#[error("--metric `{0}`: expected share_at_quota, mean or p50")]
pub struct UnknownMetric(pub String);

/// Parse `--metric`.
pub fn parse_metric(s: &str) -> Result<Objective, UnknownMetric> {
    Objective::parse(s).ok_or_else(|| UnknownMetric(s.to_string()))
}
