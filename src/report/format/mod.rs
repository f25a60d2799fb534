//! Every figure as a reader sees it, in one place, so that a number reads the
//! same in a chart, a table cell, a title and the headline.
//!
//! Three media, each with its own placeholder for a figure that cannot be
//! computed (no won deals, an empty histogram), printed instead of `NaN` or
//! `inf`:
//!
//! - charts and report.html: [`MISSING`], an en dash;
//! - terminal and text tables: [`TEXT_MISSING`], an ASCII hyphen;
//! - CSV files and spreadsheets: [`CSV_MISSING`], an empty cell (CSV
//!   figures are written by [`crate::report::table`], at the precision of
//!   their kind).
//!
//! Numbers of any size keep a bounded width ([`magnitude`]): in full below
//! ten thousand (money: a million), then "12.3k", "4.56M", "7.80B".

mod magnitude;
mod multiple;
mod number;
mod percent;
mod table;
mod unit;

pub use multiple::{text_times, times_tick, times_value, times1, times2, times2_pm};
pub use number::{
    count, grouped, half_width, hours, hours_of, hours_tick, log_tick, money, money_in, num, num1, plain, text_money, text_money_pm,
    text_num_pm, text_num1, text_plain, text_whole,
};
pub use percent::{
    pct_tick_by_max, pct_tick_by_span, pct0, pct0_range, pct1, pct1_range, pts_size1, pts1, pts1_range, share_value, text_pct, text_pct_ci,
    text_pct0_range, text_pts_ci, text_pts_ci_unlabelled, text_whole_pcts,
};
pub use table::{NARROW_GAP, Row, TableStyle, WIDE_GAP, align};
pub use unit::{axis_desc, value_in, value_range};

/// The z of a 95% interval that printed "±" errors are multiplied by:
/// [`Z95`](crate::stats::Z95) to two decimals (1.96), the figure these
/// errors have always been printed with. Intervals computed in
/// [`crate::stats`] use the exact value.
const Z95_PRINTED: f64 = (crate::stats::Z95 * 100.0).round() / 100.0;

/// Placeholder for a figure that cannot be computed, in charts and report.html.
pub const MISSING: &str = "–";

/// Placeholder in the terminal and text tables (ASCII, like the rest of them).
pub const TEXT_MISSING: &str = "-";

/// Placeholder in sweep, tornado and plan CSV: an empty cell.
pub const CSV_MISSING: &str = "";

#[cfg(test)]
mod tests {
    #[test]
    fn printed_errors_use_z95_to_two_decimals() {
        assert_eq!(super::Z95_PRINTED, 1.96);
    }
}
