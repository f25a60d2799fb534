//! Sweeps, sensitivity (tornado) and coverage-target planning, all built on
//! common random numbers so that differences between points are paired.

pub mod precision;

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
}
