//! Tables of sweeps, tornadoes and coverage plans: CSV, JSON and the terminal
//! view, as pure functions to bytes or text.
//!
//! CSV numbers are written in full precision (shortest round-trip form), so a
//! sweep point's share at quota compares exactly with the `summary.json` of
//! `quotasim run --set PATH=VALUE` at the same seed.

mod plan;
mod sweep;
mod tornado;

pub use plan::{plan_csv, plan_text};
pub use sweep::{point_dir, sweep_csv, sweep_json, sweep_text};
pub use tornado::{tornado_csv, tornado_text};

use super::format::{NARROW_GAP, TableStyle, csv_num};
use crate::stats::Estimate;

/// A CSV line of `cells`.
fn row(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push('\n');
}

/// An estimate's value and 95% interval as three CSV cells.
fn est(e: &Estimate) -> [String; 3] {
    [csv_num(e.value), csv_num(e.ci_low), csv_num(e.ci_high)]
}

/// The text tables' layout: the columns up to the one headed `last_text`
/// (or the first column) hold text, the rest figures; trailing spaces of
/// empty last cells dropped.
fn table_style(head: &[String], last_text: &str) -> TableStyle {
    let text_columns = head.iter().position(|c| c == last_text).map_or(1, |i| i + 1);
    TableStyle { text_columns, trim_end: true, text_gap: NARROW_GAP }
}
