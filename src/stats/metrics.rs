//! The metric table: every per-rep-quarter figure declared once.
//!
//! Each entry of [`metrics!`] names a figure the kernel records for every
//! rep-quarter: its `--records` column, its key in its summary group, a label
//! for people and how it is read. Everything else derives from this table:
//! [`RepQuarter`] (one slot per metric), the `--records` CSV, the per-trial
//! means every accumulator keeps (so every metric gets a mean with a
//! trial-clustered error), and the summary groups (`funnel`, `hours_per_week`,
//! `coverage_start`, each with its `_se` twin) with their JSON keys. A new
//! metric is one entry here plus the kernel line that computes it.

use serde::{Deserialize, Serialize};

use super::interval::f64_or_null;

/// How a metric reads for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// A fraction shown in percent (attainment, attention).
    Percent,
    /// A count of events per rep-quarter.
    Count,
    /// Money per rep-quarter.
    Money,
    /// Hours per week (the quarter's total divided by its weeks in the summary).
    HoursPerWeek,
    /// A multiple of quota (coverage).
    Multiple,
}

/// One metric's declaration.
#[derive(Clone, Copy, Debug)]
pub struct MetricDef {
    pub metric: Metric,
    /// Column of `records.csv`; `None` for figures derived from others.
    pub column: Option<&'static str>,
    /// Key in its summary group (`funnel.touches`), or its own name.
    pub key: &'static str,
    /// How it reads for people: "First meetings".
    pub label: &'static str,
    pub reading: Reading,
    /// Listed in the terminal table and summary.csv (the rest are in summary.json only).
    pub listed: bool,
}

/// A summary group: one value per metric of the group, serialised under the
/// metrics' keys.
pub trait MetricGroup: Sized {
    /// The group's metrics, in declaration order.
    const METRICS: &'static [Metric];
    /// The group with each metric's value given by `value`.
    fn from_fn(value: impl Fn(Metric) -> f64) -> Self;
    /// The value of one of the group's metrics (NaN for others).
    fn get(&self, m: Metric) -> f64;
}

/// Declares every metric, grouped as the summary groups them. Builds
/// [`Metric`], [`METRICS`] (declaration order, which is also the column order
/// of `records.csv`) and one serialisable struct per summary group.
macro_rules! metrics {
    (
        $(
            $(#[$gdoc:meta])*
            group $group:ident struct $gstruct:ident {
                $( $m:ident : $key:ident, $column:expr, $label:literal, $reading:ident, $listed:literal; )*
            }
        )*
    ) => {
        /// A per-rep-quarter figure; the discriminant indexes [`METRICS`] and
        /// [`RepQuarter`]'s slots.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Metric { $( $( $m ),* ),* }

        pub const METRIC_COUNT: usize = [$( $( Metric::$m ),* ),*].len();

        pub static METRICS: [MetricDef; METRIC_COUNT] = [$( $(
            MetricDef { metric: Metric::$m, column: $column, key: stringify!($key), label: $label, reading: Reading::$reading, listed: $listed }
        ),* ),*];

        /// Which summary group a metric belongs to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Group { $( $group ),* }

        impl Metric {
            pub fn group(self) -> Group {
                match self { $( $( Metric::$m )|* => Group::$group, )* }
            }
        }

        $(
            $(#[$gdoc])*
            #[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
            pub struct $gstruct {
                $(
                    #[doc = $label]
                    #[serde(deserialize_with = "f64_or_null")]
                    pub $key: f64,
                )*
            }

            impl MetricGroup for $gstruct {
                const METRICS: &'static [Metric] = &[$( Metric::$m ),*];

                fn from_fn(value: impl Fn(Metric) -> f64) -> Self {
                    $gstruct { $( $key: value(Metric::$m) ),* }
                }

                fn get(&self, m: Metric) -> f64 {
                    match m {
                        $( Metric::$m => self.$key, )*
                        #[allow(unreachable_patterns)]
                        _ => f64::NAN,
                    }
                }
            }
        )*
    };
}

metrics! {
    /// What the rep-quarter is judged by.
    group Outcome struct Outcome {
        Attainment: attainment, Some("attainment"), "Attainment", Percent, false;
        AtQuota: at_quota, None, "At quota", Percent, false;
        WonValue: won_value, Some("won_value"), "Won value", Money, false;
    }
    /// Means per rep-quarter of the funnel's events.
    group Funnel struct Funnel {
        Touches: touches, Some("touches"), "Touches", Count, true;
        Connects: connects, Some("connects"), "Connects", Count, true;
        FirstMeetings: first_meetings, Some("first_meetings"), "First meetings", Count, true;
        Qualified: qualified, Some("qualified"), "Qualified (2nd meeting)", Count, true;
        Won: won, Some("won"), "Won", Count, true;
        Lost: lost, Some("lost"), "Lost", Count, false;
        PhantomsClosed: phantoms_closed, Some("phantoms_closed"), "Phantoms dropped", Count, false;
    }
    /// Mean hours per week by activity.
    group Hours struct Hours {
        ProspectingHours: prospecting, Some("prospecting_hours"), "Prospecting", HoursPerWeek, true;
        MeetingHours: meetings, Some("meeting_hours"), "Meetings", HoursPerWeek, true;
        DealHours: deal_work, Some("deal_hours"), "Deal work", HoursPerWeek, true;
    }
    /// Shares of the rep's weeks: deal attention (hours given / needed), and
    /// pipeline at or above the coverage target (prospecting at maintenance).
    group Attention struct AttentionGroup {
        Attention: attention, Some("attention"), "Attention (deal hours given/needed)", Percent, false;
        AtTarget: at_coverage_target, Some("at_coverage_target"), "Weeks at the coverage target", Percent, false;
    }
    /// A figure under each pipeline-counting rule; `null` in JSON where
    /// undefined (for example the loss rate implied by zero coverage).
    group Coverage struct ByRule {
        CoverageFirst: first_meeting, Some("coverage_first_meeting"), "Counted at first meeting", Multiple, true;
        CoverageSecond: second_meeting, Some("coverage_second_meeting"), "Counted at second meeting", Multiple, true;
    }
    /// The rep-quarter's quota: the quarterly quota, prorated by weeks in the
    /// seat (and by ramp when the scenario says so).
    group Seat struct SeatGroup {
        Quota: quota, Some("quota"), "Quota of the rep-quarter", Money, false;
    }
}

/// The summary.csv column of a metric of a summary group: `touches`,
/// `prospecting_hours_per_week`, `coverage_start_first_meeting`.
pub fn summary_column(m: Metric) -> String {
    let d = m.def();
    match m.group() {
        Group::Hours => format!("{}_per_week", d.column.unwrap_or(d.key)),
        Group::Coverage => format!("coverage_start_{}", d.key),
        _ => d.key.to_string(),
    }
}

impl Metric {
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self as usize]
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The unit of output: one rep, one counted quarter, one value per [`Metric`].
/// Counts are events that happened in the quarter's weeks; hours are quarter
/// totals; attention is the mean over the quarter's weeks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RepQuarter(pub [f64; METRIC_COUNT]);

impl Default for RepQuarter {
    fn default() -> Self {
        RepQuarter([0.0; METRIC_COUNT])
    }
}

impl std::ops::Index<Metric> for RepQuarter {
    type Output = f64;
    #[inline(always)]
    fn index(&self, m: Metric) -> &f64 {
        &self.0[m as usize]
    }
}

impl std::ops::IndexMut<Metric> for RepQuarter {
    #[inline(always)]
    fn index_mut(&mut self, m: Metric) -> &mut f64 {
        &mut self.0[m as usize]
    }
}

impl RepQuarter {
    /// Close the quarter: the figures derived from its totals.
    pub fn finish(&mut self, quota: f64, weeks: f64) {
        self[Metric::Quota] = quota;
        self[Metric::Attainment] = self[Metric::WonValue] / quota;
        self[Metric::AtQuota] = f64::from(u8::from(self[Metric::Attainment] >= 1.0));
        self[Metric::Attention] /= weeks;
        self[Metric::AtTarget] /= weeks;
    }
}

/// The header of `records.csv`: the run's keys, every recorded metric, and
/// which of the seat's reps it was (0 = the seat's first, 1 its first successor...).
pub fn records_header() -> String {
    let columns: Vec<&str> = METRICS.iter().filter_map(|d| d.column).collect();
    format!("trial,rep,quarter,strategy,{},successor\n", columns.join(","))
}

/// One `records.csv` row: `rep` is the seat.
pub fn write_record(out: &mut Vec<u8>, trial: u64, rep: u64, quarter: usize, strategy: &str, successor: u32, r: &RepQuarter) {
    use std::io::Write;
    // Strategy names are quoted CSV fields; embedded quotes are doubled.
    let name = strategy.replace('"', "\"\"");
    let _ = write!(out, "{trial},{rep},{},\"{name}\"", quarter + 1);
    for d in METRICS.iter().filter(|d| d.column.is_some()) {
        let _ = write!(out, ",{}", r[d.metric]);
    }
    let _ = writeln!(out, ",{successor}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_groups_agree() {
        use super::MetricGroup;
        for (i, d) in METRICS.iter().enumerate() {
            assert_eq!(d.metric.index(), i);
        }
        assert_eq!(Funnel::METRICS.len(), 7);
        assert!(Funnel::METRICS.iter().all(|m| m.group() == Group::Funnel));
        let f = Funnel::from_fn(|m| m.index() as f64);
        assert_eq!(f.get(Metric::Won), Metric::Won.index() as f64);
        assert!(f.get(Metric::Attention).is_nan());
    }

    #[test]
    fn records_have_one_column_per_recorded_metric() {
        let header = records_header();
        let mut r = RepQuarter::default();
        r[Metric::WonValue] = 150.0;
        r[Metric::Attention] = 26.0;
        r.finish(100.0, 13.0);
        assert_eq!((r[Metric::Attainment], r[Metric::AtQuota], r[Metric::Attention], r[Metric::Quota]), (1.5, 1.0, 2.0, 100.0));
        let mut row = Vec::new();
        write_record(&mut row, 3, 4, 0, "a \"b\"", 0, &r);
        let row = String::from_utf8(row).unwrap();
        assert_eq!(header.split(',').count(), row.split(',').count());
        assert!(row.starts_with("3,4,1,\"a \"\"b\"\"\",1.5,150,"), "{row}");
    }
}
