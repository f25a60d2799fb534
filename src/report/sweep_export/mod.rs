//! Tables of sweeps, tornadoes and coverage plans: CSV, JSON and the terminal
//! view, as pure functions to bytes or text.
//!
//! Each CSV file is a [`Table`] (also a sheet of the study's spreadsheet):
//! figures at the precision of their kind, each row ended by the run's
//! metadata. A sweep point's full-precision figures are in its
//! `points/NNN/summary.json`, the same as `quotasim run --set PATH=VALUE`.

mod plan;
mod sweep;
mod tornado;

pub use plan::{plan_csv, plan_table, plan_text, plan_xlsx};
pub use sweep::{point_dir, sweep_csv, sweep_json, sweep_table, sweep_text, sweep_xlsx};
pub use tornado::{tornado_csv, tornado_table, tornado_text, tornado_xlsx};

use super::format::{NARROW_GAP, TableStyle};
use super::table::{Cell, Kind, Table};
use crate::stats::Estimate;

/// An empty table named `sheet` with `columns`.
fn table_of(sheet: &str, columns: &[(&str, Kind)]) -> Table {
    let mut t = Table::new(sheet);
    for (name, kind) in columns {
        t.column(name, *kind);
    }
    t
}

/// An estimate's value and 95% interval as three cells.
fn est(e: &Estimate) -> [Cell; 3] {
    [Cell::Num(e.value), Cell::Num(e.ci_low), Cell::Num(e.ci_high)]
}

/// The text tables' layout: the columns up to the one headed `last_text`
/// (or the first column) hold text, the rest figures; trailing spaces of
/// empty last cells dropped.
fn table_style(head: &[String], last_text: &str) -> TableStyle {
    let text_columns = head.iter().position(|c| c == last_text).map_or(1, |i| i + 1);
    TableStyle { text_columns, trim_end: true, text_gap: NARROW_GAP }
}
