//! `backtest.csv` and `backtest.xlsx`: the backtest's comparison, a row per
//! measure and level, as one typed table.

use crate::calibrate::backtest::Backtest;
use crate::report::table::{Cell, Kind, RunMeta, Table};

/// Measures differ in kind (money, counts, a rate), so the figures are plain
/// numbers: six significant digits in CSV, every digit in the spreadsheet.
const COLUMNS: [(&str, Kind); 11] = [
    ("measure", Kind::Text),
    ("level", Kind::Text),
    ("history", Kind::Number),
    ("history_ci_low", Kind::Number),
    ("history_ci_high", Kind::Number),
    ("simulated", Kind::Number),
    ("expected_low", Kind::Number),
    ("expected_high", Kind::Number),
    ("inside", Kind::Flag),
    ("ks_distance", Kind::Number),
    ("ks_p_value", Kind::Number),
];

/// One row per measure and level (P10..P90, then the mean): the history's
/// value and interval, the simulated value, the range simulated histories of
/// the history's size give, and the Monte Carlo Kolmogorov-Smirnov test of
/// the measure. Empty cells where undefined.
pub fn backtest_table(b: &Backtest) -> Table {
    let mut t = Table::new("Backtest");
    for (name, kind) in COLUMNS {
        t.column(name, kind);
    }
    for c in &b.comparisons {
        for r in c.quantiles.iter().chain(std::iter::once(&c.mean)) {
            let level = if r.p.is_nan() { "mean".to_string() } else { format!("p{:.0}", 100.0 * r.p) };
            let (lo, hi) = r.history_ci.map_or((f64::NAN, f64::NAN), |ci| (ci[0], ci[1]));
            t.rows.push(vec![
                Cell::text(c.measure.key()),
                Cell::text(level),
                Cell::Num(r.history),
                Cell::Num(lo),
                Cell::Num(hi),
                Cell::Num(r.simulated),
                Cell::Num(r.expected_range[0]),
                Cell::Num(r.expected_range[1]),
                Cell::Flag(r.inside),
                Cell::Num(c.ks.distance),
                Cell::Num(c.ks.p_value),
            ]);
        }
    }
    t
}

/// The run a backtest comes from, with the history it was compared with.
fn backtest_meta(b: &Backtest) -> RunMeta {
    RunMeta {
        scenario: b.scenario.clone(),
        source: b.scenario_source.clone(),
        sha256: b.scenario_sha256.clone(),
        currency: b.currency.clone(),
        seed: b.seed,
        trials: b.trials,
        overrides: b.overrides.clone(),
        version: b.version.clone(),
        study: vec![
            ("study".into(), format!("backtest of strategy \"{}\" against a history", b.strategy)),
            ("history".into(), b.history.clone()),
            ("history sha256".into(), b.history_sha256.clone()),
            ("history quarters".into(), b.history_quarters.join(", ")),
            ("history rep-quarters".into(), b.history_rep_quarters.to_string()),
        ],
    }
}

/// `backtest.csv`: the comparison's table.
pub fn backtest_csv(b: &Backtest) -> Vec<u8> {
    backtest_table(b).csv(&backtest_meta(b))
}

/// `backtest.xlsx`: the comparison's table and the run.
pub fn backtest_xlsx(b: &Backtest) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    crate::report::xlsx::workbook(&[backtest_table(b)], &backtest_meta(b))
}
