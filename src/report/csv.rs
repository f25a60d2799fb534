//! `summary.csv` (one row per strategy with the headline figures and
//! intervals) and [`quarters_csv`] (one row per strategy and counted quarter).
//! Each is one list of named, typed columns, built into a [`Table`] that
//! `summary.xlsx` shows too.

mod quarters;

pub use quarters::{quarters_csv, quarters_table};

use super::facts::territory::has_territory;
use super::table::{Cell, Kind, RunMeta, Table};
use crate::stats::metrics::{MetricGroup, summary_column};
use crate::stats::summary::{OutcomeRange, Share, Spread, StrategySummary, Territory, YearSummary};
use crate::stats::{Estimate, Summary};

/// One column: its name, the kind of figure and how a row of `T` fills it.
struct Column<T> {
    name: String,
    kind: Kind,
    value: Box<dyn Fn(&T) -> f64>,
}

/// The columns of a table of `T`, in order.
struct Columns<T>(Vec<Column<T>>);

impl<T: 'static> Columns<T> {
    fn new() -> Self {
        Columns(Vec::new())
    }

    /// A figure.
    fn add(&mut self, name: &str, kind: Kind, value: impl Fn(&T) -> f64 + 'static) {
        self.0.push(Column { name: name.to_string(), kind, value: Box::new(value) });
    }

    /// A figure with its 95% interval: three columns `name`, `name_ci_low`, `name_ci_high`.
    fn add_ci(&mut self, name: &str, kind: Kind, value: impl Fn(&T) -> (f64, f64, f64) + Clone + 'static) {
        let (low, high) = (value.clone(), value.clone());
        self.add(name, kind, move |s| value(s).0);
        self.add(&format!("{name}_ci_low"), kind, move |s| low(s).1);
        self.add(&format!("{name}_ci_high"), kind, move |s| high(s).2);
    }

    /// The lists of a finite market (empty cells for a row without one):
    /// accounts available and never worked at quarter start and the
    /// re-touched share of touches with their intervals, and touches per
    /// rep-quarter.
    fn add_territory(&mut self, list: fn(&T) -> Option<&Territory>) {
        let figure =
            move |f: fn(&Territory) -> &Estimate| move |row: &T| list(row).map_or((f64::NAN, f64::NAN, f64::NAN), |t| triple(f(t)));
        self.add_ci("accounts_available", Kind::Number, figure(|t| &t.accounts_available));
        self.add_ci("accounts_fresh", Kind::Number, figure(|t| &t.accounts_fresh));
        self.add_ci("retouched_share", Kind::Share, figure(|t| &t.retouched_share));
        for (name, f) in [
            ("touches_fresh", (|t| &t.touches_fresh) as fn(&Territory) -> &Estimate),
            ("touches_retouched", |t| &t.touches_retouched),
            ("touches_unmade", |t| &t.touches_unmade),
        ] {
            let value = figure(f);
            self.add(name, Kind::Number, move |row| value(row).0);
        }
    }
}

impl Columns<StrategySummary> {
    /// The listed metrics of one summary group, each from the group's means.
    fn add_group<G: MetricGroup + 'static>(&mut self, means: fn(&StrategySummary) -> &G) {
        for &m in G::METRICS.iter().filter(|m| m.def().listed) {
            self.add(&summary_column(m), Kind::Number, move |s| means(s).get(m));
        }
    }
}

/// Every column, in order: the attainment distribution, the activity
/// (funnel, win rates, hours, coverage), the paired differences, the year,
/// and the lists when some strategy sells to a finite market.
fn columns(territory: bool) -> Columns<StrategySummary> {
    let mut c = Columns::<StrategySummary>::new();
    c.add("rep_quarters", Kind::Count, |s| s.rep_quarters as f64);
    c.add_ci("at_quota", Kind::Share, |s| (s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high));
    c.add_ci("team_at_plan", Kind::Share, |s| (s.team_at_plan.share, s.team_at_plan.ci_low, s.team_at_plan.ci_high));
    c.add_ci("mean_attainment", Kind::Share, |s| (s.attainment.mean, s.attainment.mean_ci[0], s.attainment.mean_ci[1]));
    c.add("std_attainment", Kind::Share, |s| s.attainment.std);
    c.add_ci("p10", Kind::Share, |s| (s.attainment.p10, s.attainment.p10_ci[0], s.attainment.p10_ci[1]));
    c.add("p25", Kind::Share, |s| s.attainment.p25);
    c.add_ci("p50", Kind::Share, |s| (s.attainment.p50, s.attainment.p50_ci[0], s.attainment.p50_ci[1]));
    c.add("p75", Kind::Share, |s| s.attainment.p75);
    c.add_ci("p90", Kind::Share, |s| (s.attainment.p90, s.attainment.p90_ci[0], s.attainment.p90_ci[1]));
    c.add("band_below_50", Kind::Share, |s| s.bands.below_50);
    c.add("band_50_80", Kind::Share, |s| s.bands.b50_80);
    c.add("band_80_100", Kind::Share, |s| s.bands.b80_100);
    c.add("band_100_120", Kind::Share, |s| s.bands.b100_120);
    c.add("band_above_120", Kind::Share, |s| s.bands.above_120);
    c.add_group(|s| &s.funnel);
    c.add("win_rate_qualified", Kind::Share, |s| s.win_rate.qualified.value);
    c.add("win_rate_first_meeting", Kind::Share, |s| s.win_rate.first_meeting.value);
    c.add("won_deal_size", Kind::Money, |s| s.won_deal_size.value);
    c.add_group(|s| &s.hours_per_week);
    c.add("attention", Kind::Share, |s| s.attention.value);
    c.add_group(|s| &s.coverage_start);
    // Empty for the reference strategy: it is what the others are compared with.
    c.add_ci("diff_mean_attainment", Kind::Share, |s| {
        s.paired.as_ref().map_or((f64::NAN, f64::NAN, f64::NAN), |p| triple(&p.attainment_diff))
    });
    c.add_ci("diff_at_quota", Kind::Share, |s| s.paired.as_ref().map_or((f64::NAN, f64::NAN, f64::NAN), |p| triple(&p.at_quota_diff)));
    year_columns(&mut c);
    if territory {
        c.add_territory(|s| s.territory.as_ref());
    }
    outcome_columns(&mut c);
    c
}

/// The ranges of outcomes, P10 and P90 across trials (empty cells in a
/// summary written without them); last, so earlier columns keep their places.
fn outcome_columns(c: &mut Columns<StrategySummary>) {
    fn spread(s: &StrategySummary, f: fn(&OutcomeRange) -> &Spread, p90: bool) -> f64 {
        s.outcome_range.as_ref().map_or(f64::NAN, |o| if p90 { f(o).p90 } else { f(o).p10 })
    }
    c.add("at_quota_outcome_p10", Kind::Share, |s| spread(s, |o| &o.at_quota, false));
    c.add("at_quota_outcome_p90", Kind::Share, |s| spread(s, |o| &o.at_quota, true));
    c.add("team_at_plan_outcome_p10", Kind::Share, |s| spread(s, |o| &o.quarters_at_plan, false));
    c.add("team_at_plan_outcome_p90", Kind::Share, |s| spread(s, |o| &o.quarters_at_plan, true));
    c.add("mean_attainment_outcome_p10", Kind::Share, |s| spread(s, |o| &o.mean_attainment, false));
    c.add("mean_attainment_outcome_p90", Kind::Share, |s| spread(s, |o| &o.mean_attainment, true));
    let year = |s: &StrategySummary, p90: bool| {
        s.year.as_ref().and_then(|y| y.at_annual_quota_range).map_or(f64::NAN, |r| if p90 { r.p90 } else { r.p10 })
    };
    c.add("rep_years_at_quota_outcome_p10", Kind::Share, move |s| year(s, false));
    c.add("rep_years_at_quota_outcome_p90", Kind::Share, move |s| year(s, true));
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
    c.add_ci("rep_years_at_quota", Kind::Share, |s| year_share(s, |y| &y.at_annual_quota));
    c.add("bookings_p10", Kind::Money, |s| year(s, |y| y.bookings_p10));
    c.add("bookings_p50", Kind::Money, |s| year(s, |y| y.bookings_p50));
    c.add("bookings_p90", Kind::Money, |s| year(s, |y| y.bookings_p90));
    c.add("annual_plan", Kind::Money, |s| year(s, |y| y.plan));
    c.add_ci("makes_plan", Kind::Share, |s| year_share(s, |y| &y.makes_plan));
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

/// A table named `sheet`: the text columns `keys`, then `columns`, and a
/// row per item of its key cells and its figures (empty when undefined).
fn table<'a, T: 'a>(sheet: &str, keys: &[&str], columns: &Columns<T>, rows: impl Iterator<Item = (Vec<String>, &'a T)>) -> Table {
    let mut t = Table::new(sheet);
    for k in keys {
        t.column(k, Kind::Text);
    }
    for c in &columns.0 {
        t.column(&c.name, c.kind);
    }
    for (key_cells, row) in rows {
        let mut cells: Vec<Cell> = key_cells.into_iter().map(Cell::Text).collect();
        cells.extend(columns.0.iter().map(|c| Cell::Num((c.value)(row))));
        t.rows.push(cells);
    }
    t
}

/// The summary's table, one row per strategy.
pub fn summary_table(summary: &Summary) -> Table {
    let columns = columns(has_territory(summary));
    table("Summary", &["strategy"], &columns, summary.strategies.iter().map(|s| (vec![s.name.clone()], s)))
}

/// The summary as CSV, one row per strategy.
pub fn summary_csv(summary: &Summary) -> Vec<u8> {
    summary_table(summary).csv(&RunMeta::of(summary))
}

/// Every resolved parameter per strategy, with where its value came from.
pub fn parameters_table(summary: &Summary) -> Table {
    let mut t = Table::new("Parameters");
    for name in ["path", "unit", "strategy", "value", "origin"] {
        t.column(name, Kind::Text);
    }
    for p in &summary.parameters {
        for v in &p.values {
            let origin = serde_json::to_value(v.origin).ok().and_then(|o| o.as_str().map(String::from)).unwrap_or_default();
            t.rows.push(vec![Cell::text(&p.path), Cell::text(&p.unit), Cell::text(&v.strategy), Cell::text(&v.value), Cell::text(origin)]);
        }
    }
    t
}

/// `summary.xlsx`: the summary, the counted quarters and the parameters,
/// a sheet each, and the run.
pub fn summary_xlsx(summary: &Summary) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut meta = RunMeta::of(summary);
    if let Some(st) = &summary.stopping {
        meta.study.push(("precision target".into(), format!("{} within ±{} (95%)", st.metric, st.target_half_width)));
        meta.study.push(("stopped".into(), format!("{}: ±{} reached", st.reason, st.achieved_half_width)));
    }
    super::xlsx::workbook(&[summary_table(summary), quarters_table(summary), parameters_table(summary)], &meta)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::fixtures;

    /// The cells of a CSV file, header first.
    pub(crate) fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut r = ::csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
        r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
    }

    #[test]
    fn a_row_per_strategy_with_a_cell_per_column_and_the_run() {
        let s = fixtures::summary(3);
        let rows = cells(&summary_csv(&s));
        assert_eq!(rows.len(), 1 + s.strategies.len());
        for row in &rows {
            assert_eq!(row.len(), 1 + columns(false).0.len() + RunMeta::CSV_COLUMNS.len(), "{row:?}");
        }
        let meta = &rows[1][rows[1].len() - RunMeta::CSV_COLUMNS.len()..];
        assert_eq!(meta[0], s.scenario.name);
        assert_eq!(meta[2], s.seed.to_string());
        assert_eq!(meta[3], s.trials.to_string());
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }

    #[test]
    fn the_reference_strategy_has_no_differences_and_the_others_do() {
        let s = fixtures::summary(3);
        let rows = cells(&summary_csv(&s));
        let at = |name: &str| rows[0].iter().position(|n| n == name).unwrap();
        for name in ["diff_mean_attainment", "diff_at_quota_ci_high"] {
            assert_eq!(rows[1][at(name)], "", "{name}: blank for the reference, not 0");
            assert!(rows[2..].iter().all(|r| r[at(name)].parse::<f64>().is_ok()), "{name}");
        }
    }

    #[test]
    fn year_columns_are_filled_with_a_year_and_empty_without() {
        let with = cells(&summary_csv(&fixtures::year(4, 1)));
        let names = with[0].clone();
        let at = |name: &str| names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no column {name}"));
        let cols = ["rep_years_at_quota", "rep_years_at_quota_ci_low", "bookings_p10", "bookings_p90", "annual_plan", "makes_plan_ci_high"];
        for cells in &with[1..] {
            assert_eq!(cells.len(), names.len());
            assert!(cols.iter().all(|c| !cells[at(c)].is_empty()), "{cells:?}");
        }
        let without = cells(&summary_csv(&fixtures::year(3, 1)));
        assert_eq!(without[0], names, "the same columns with or without a year");
        for cells in &without[1..] {
            assert_eq!(cells.len(), names.len());
            assert!(cols.iter().all(|c| cells[at(c)].is_empty()), "{cells:?}");
        }
    }

    #[test]
    fn lists_add_columns_filled_for_strategies_with_one() {
        let rows = cells(&summary_csv(&fixtures::territory()));
        let at = |name: &str| rows[0].iter().position(|n| n == name).unwrap_or_else(|| panic!("no column {name}"));
        for name in ["accounts_available", "accounts_fresh_ci_high", "retouched_share_ci_low", "touches_fresh", "touches_unmade"] {
            assert!(!rows[1][at(name)].is_empty() && !rows[2][at(name)].is_empty(), "{name}");
            assert!(rows[3][at(name)].is_empty(), "{name} of the unlimited market");
        }
        assert!(rows.iter().all(|r| r.len() == rows[0].len()));
        let plain = cells(&summary_csv(&fixtures::summary(2)));
        assert!(!plain[0].iter().any(|n| n.starts_with("accounts_")), "no list, no list columns");
    }
}
