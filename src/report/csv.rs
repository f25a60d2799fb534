//! `summary.csv` (one row per strategy with the headline figures and
//! intervals) and [`quarters_csv`] (one row per strategy and counted quarter).
//! Each is one list of named columns.

mod quarters;

pub use quarters::quarters_csv;

use super::facts::territory::has_territory;
use super::format::summary_csv_num;
use crate::stats::metrics::{MetricGroup, summary_column};
use crate::stats::summary::{Share, StrategySummary, Territory, YearSummary};
use crate::stats::{Estimate, Summary};

/// One column: its name and how a row of `T` fills it.
struct Column<T> {
    name: String,
    value: Box<dyn Fn(&T) -> f64>,
}

/// The columns of a table of `T`, in order.
struct Columns<T>(Vec<Column<T>>);

impl<T: 'static> Columns<T> {
    fn new() -> Self {
        Columns(Vec::new())
    }

    /// A figure.
    fn add(&mut self, name: &str, value: impl Fn(&T) -> f64 + 'static) {
        self.0.push(Column { name: name.to_string(), value: Box::new(value) });
    }

    /// A figure with its 95% interval: three columns `name`, `name_ci_low`, `name_ci_high`.
    fn add_ci(&mut self, name: &str, value: impl Fn(&T) -> (f64, f64, f64) + Clone + 'static) {
        let (low, high) = (value.clone(), value.clone());
        self.add(name, move |s| value(s).0);
        self.add(&format!("{name}_ci_low"), move |s| low(s).1);
        self.add(&format!("{name}_ci_high"), move |s| high(s).2);
    }

    /// The lists of a finite market (empty cells for a row without one):
    /// accounts available at quarter start and the re-touched share of
    /// touches with their intervals, and touches per rep-quarter.
    fn add_territory(&mut self, list: fn(&T) -> Option<&Territory>) {
        let figure =
            move |f: fn(&Territory) -> &Estimate| move |row: &T| list(row).map_or((f64::NAN, f64::NAN, f64::NAN), |t| triple(f(t)));
        self.add_ci("accounts_available", figure(|t| &t.accounts_available));
        self.add_ci("accounts_fresh", figure(|t| &t.accounts_fresh));
        self.add_ci("retouched_share", figure(|t| &t.retouched_share));
        for (name, f) in [
            ("touches_fresh", (|t| &t.touches_fresh) as fn(&Territory) -> &Estimate),
            ("touches_retouched", |t| &t.touches_retouched),
            ("touches_unmade", |t| &t.touches_unmade),
        ] {
            let value = figure(f);
            self.add(name, move |row| value(row).0);
        }
    }
}

impl Columns<StrategySummary> {
    /// The listed metrics of one summary group, each from the group's means.
    fn add_group<G: MetricGroup + 'static>(&mut self, means: fn(&StrategySummary) -> &G) {
        for &m in G::METRICS.iter().filter(|m| m.def().listed) {
            self.add(&summary_column(m), move |s| means(s).get(m));
        }
    }
}

/// Every column, in order: the attainment distribution, the activity
/// (funnel, win rates, hours, coverage), the paired differences, the year,
/// and the lists when some strategy sells to a finite market.
fn columns(territory: bool) -> Columns<StrategySummary> {
    let mut c = Columns::<StrategySummary>::new();
    c.add("rep_quarters", |s| s.rep_quarters as f64);
    c.add_ci("at_quota", |s| (s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high));
    c.add_ci("team_at_plan", |s| (s.team_at_plan.share, s.team_at_plan.ci_low, s.team_at_plan.ci_high));
    c.add_ci("mean_attainment", |s| (s.attainment.mean, s.attainment.mean_ci[0], s.attainment.mean_ci[1]));
    c.add("std_attainment", |s| s.attainment.std);
    c.add_ci("p10", |s| (s.attainment.p10, s.attainment.p10_ci[0], s.attainment.p10_ci[1]));
    c.add("p25", |s| s.attainment.p25);
    c.add_ci("p50", |s| (s.attainment.p50, s.attainment.p50_ci[0], s.attainment.p50_ci[1]));
    c.add("p75", |s| s.attainment.p75);
    c.add_ci("p90", |s| (s.attainment.p90, s.attainment.p90_ci[0], s.attainment.p90_ci[1]));
    c.add("band_below_50", |s| s.bands.below_50);
    c.add("band_50_80", |s| s.bands.b50_80);
    c.add("band_80_100", |s| s.bands.b80_100);
    c.add("band_100_120", |s| s.bands.b100_120);
    c.add("band_above_120", |s| s.bands.above_120);
    c.add_group(|s| &s.funnel);
    c.add("win_rate_qualified", |s| s.win_rate.qualified.value);
    c.add("win_rate_first_meeting", |s| s.win_rate.first_meeting.value);
    c.add("won_deal_size", |s| s.won_deal_size.value);
    c.add_group(|s| &s.hours_per_week);
    c.add("attention", |s| s.attention.value);
    c.add_group(|s| &s.coverage_start);
    // Zero for the reference strategy.
    c.add_ci("diff_mean_attainment", |s| s.paired.as_ref().map_or((0.0, 0.0, 0.0), |p| triple(&p.attainment_diff)));
    c.add_ci("diff_at_quota", |s| s.paired.as_ref().map_or((0.0, 0.0, 0.0), |p| triple(&p.at_quota_diff)));
    year_columns(&mut c);
    if territory {
        c.add_territory(|s| s.territory.as_ref());
    }
    c
}

/// The counted year (empty cells when the run counts fewer than four quarters):
/// rep-years at annual quota, the spread of a year's bookings in currency,
/// the annual plan and the chance the team makes it.
fn year_columns(c: &mut Columns<StrategySummary>) {
    fn year(s: &StrategySummary, f: fn(&YearSummary) -> f64) -> f64 {
        s.year.as_ref().map_or(f64::NAN, f)
    }
    fn year_share(s: &StrategySummary, f: fn(&YearSummary) -> &Share) -> (f64, f64, f64) {
        s.year.as_ref().map_or((f64::NAN, f64::NAN, f64::NAN), |y| share(f(y)))
    }
    c.add_ci("rep_years_at_quota", |s| year_share(s, |y| &y.at_annual_quota));
    c.add("bookings_p10", |s| year(s, |y| y.bookings_p10));
    c.add("bookings_p50", |s| year(s, |y| y.bookings_p50));
    c.add("bookings_p90", |s| year(s, |y| y.bookings_p90));
    c.add("annual_plan", |s| year(s, |y| y.plan));
    c.add_ci("makes_plan", |s| year_share(s, |y| &y.makes_plan));
}

fn share(s: &Share) -> (f64, f64, f64) {
    (s.share, s.ci_low, s.ci_high)
}

fn triple(e: &Estimate) -> (f64, f64, f64) {
    (e.value, e.ci_low, e.ci_high)
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub(crate) fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// A table: a header of `keys` then `columns`, and a line per row of its
/// key cells (written as given, quoted when needed) and its figures (empty
/// when undefined).
fn table<'a, T: 'a>(keys: &[&str], columns: &Columns<T>, rows: impl Iterator<Item = (Vec<String>, &'a T)>) -> Vec<u8> {
    let mut out = keys.join(",");
    for c in &columns.0 {
        out.push(',');
        out.push_str(&c.name);
    }
    out.push('\n');
    for (key_cells, row) in rows {
        out.push_str(&key_cells.iter().map(|k| field(k)).collect::<Vec<_>>().join(","));
        for c in &columns.0 {
            out.push(',');
            out.push_str(&summary_csv_num((c.value)(row)));
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// The summary as CSV, one row per strategy.
pub fn summary_csv(summary: &Summary) -> Vec<u8> {
    table(&["strategy"], &columns(has_territory(summary)), summary.strategies.iter().map(|s| (vec![s.name.clone()], s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn a_row_per_strategy_with_a_cell_per_column() {
        let s = fixtures::summary(3);
        let text = String::from_utf8(summary_csv(&s)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + s.strategies.len());
        for line in &lines {
            assert_eq!(line.split(',').count(), columns(false).0.len() + 1, "{line}");
        }
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }

    #[test]
    fn year_columns_are_filled_with_a_year_and_empty_without() {
        let header = |text: &str| text.lines().next().unwrap().split(',').map(String::from).collect::<Vec<_>>();
        let with = String::from_utf8(summary_csv(&fixtures::year(4, 1))).unwrap();
        let names = header(&with);
        let at = |name: &str| names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no column {name}"));
        let cols = ["rep_years_at_quota", "rep_years_at_quota_ci_low", "bookings_p10", "bookings_p90", "annual_plan", "makes_plan_ci_high"];
        for line in with.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), names.len());
            assert!(cols.iter().all(|c| !cells[at(c)].is_empty()), "{line}");
        }
        let without = String::from_utf8(summary_csv(&fixtures::year(3, 1))).unwrap();
        assert_eq!(header(&without), names, "the same columns with or without a year");
        assert!(!names.iter().any(|n| n.starts_with("accounts_available")), "no list, no list columns");
        for line in without.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), names.len());
            assert!(cols.iter().all(|c| cells[at(c)].is_empty()), "{line}");
        }
    }

    #[test]
    fn lists_add_columns_filled_for_strategies_with_one() {
        let text = String::from_utf8(summary_csv(&fixtures::territory())).unwrap();
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
        // Cells counted from the end: the last strategy's name holds a comma.
        let cell = |r: &Vec<&str>, name: &str| {
            let at = rows[0].iter().position(|n| *n == name).unwrap_or_else(|| panic!("no column {name}"));
            r[r.len() - rows[0].len() + at].to_string()
        };
        for name in ["accounts_available", "accounts_available_ci_high", "retouched_share_ci_low", "touches_fresh", "touches_unmade"] {
            assert!(!cell(&rows[1], name).is_empty() && !cell(&rows[2], name).is_empty(), "{name}");
            assert!(cell(&rows[3], name).is_empty(), "{name} of the unlimited market");
        }
        assert!(rows[..3].iter().all(|r| r.len() == rows[0].len()));
    }
}
