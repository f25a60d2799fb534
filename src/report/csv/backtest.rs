//! `backtest.csv`: the backtest's comparison, a row per measure and level.

use crate::report::format::csv_num;

/// `backtest.csv`: one row per measure and level (P10..P90, then the mean):
/// the history's value and interval, the simulated value, the range
/// simulated histories of the history's size give, and the Monte Carlo
/// Kolmogorov-Smirnov test of the measure. Empty cells where undefined.
pub fn backtest_csv(b: &crate::calibrate::backtest::Backtest) -> Vec<u8> {
    let mut out = String::from(
        "measure,level,history,history_ci_low,history_ci_high,simulated,expected_low,expected_high,inside,ks_distance,ks_p_value\n",
    );
    for c in &b.comparisons {
        for r in c.quantiles.iter().chain(std::iter::once(&c.mean)) {
            let level = if r.p.is_nan() { "mean".to_string() } else { format!("p{:.0}", 100.0 * r.p) };
            let (lo, hi) = r.history_ci.map_or((f64::NAN, f64::NAN), |ci| (ci[0], ci[1]));
            out.push_str(&format!(
                "{},{level},{},{},{},{},{},{},{},{},{}\n",
                c.measure.key(),
                csv_num(r.history),
                csv_num(lo),
                csv_num(hi),
                csv_num(r.simulated),
                csv_num(r.expected_range[0]),
                csv_num(r.expected_range[1]),
                r.inside,
                csv_num(c.ks.distance),
                csv_num(c.ks.p_value)
            ));
        }
    }
    out.into_bytes()
}
