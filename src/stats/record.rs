//! The unit of output: one rep, one counted quarter.

/// Outcomes of one rep-quarter. Counts are events that happened in the
/// quarter's weeks; hours are quarter totals.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RepQuarter {
    /// Won value closed in the quarter / quota.
    pub attainment: f64,
    pub won_value: f64,
    pub touches: f64,
    pub connects: f64,
    /// First meetings held (each opens an opportunity).
    pub first_meetings: f64,
    /// Second meetings held (each qualifies an opportunity).
    pub qualified: f64,
    pub won: f64,
    /// Qualified opportunities lost at close.
    pub lost: f64,
    /// Unqualified opportunities dropped from the CRM at their close week.
    pub phantoms_closed: f64,
    pub prospecting_hours: f64,
    pub meeting_hours: f64,
    pub deal_hours: f64,
    /// Mean over the quarter's weeks of deal hours given / needed.
    pub attention: f64,
    /// Pipeline / quota at quarter start, counting every open opportunity.
    pub coverage_first: f64,
    /// Pipeline / quota at quarter start, counting qualified opportunities only.
    pub coverage_second: f64,
}

/// Per-rep-quarter metrics whose means are reported with trial-clustered errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Attainment,
    AtQuota,
    Touches,
    Connects,
    FirstMeetings,
    Qualified,
    Won,
    Lost,
    PhantomsClosed,
    WonValue,
    ProspectingHours,
    MeetingHours,
    DealHours,
    Attention,
    CoverageFirst,
    CoverageSecond,
}

pub const METRIC_COUNT: usize = 16;

impl RepQuarter {
    /// Values in [`Metric`] order.
    #[inline]
    pub fn metrics(&self) -> [f64; METRIC_COUNT] {
        [
            self.attainment,
            if self.attainment >= 1.0 { 1.0 } else { 0.0 },
            self.touches,
            self.connects,
            self.first_meetings,
            self.qualified,
            self.won,
            self.lost,
            self.phantoms_closed,
            self.won_value,
            self.prospecting_hours,
            self.meeting_hours,
            self.deal_hours,
            self.attention,
            self.coverage_first,
            self.coverage_second,
        ]
    }
}
