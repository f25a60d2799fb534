//! `summary.csv`: one row per strategy with the headline figures and intervals.

use super::format::summary_csv_num;
use crate::stats::metrics::{MetricGroup, summary_column};
use crate::stats::summary::StrategySummary;
use crate::stats::{Estimate, Summary};

/// One column of summary.csv: its name and how a strategy's row fills it.
struct Column {
    name: String,
    value: Box<dyn Fn(&StrategySummary) -> f64>,
}

fn column(name: &str, value: impl Fn(&StrategySummary) -> f64 + 'static) -> Column {
    Column { name: name.to_string(), value: Box::new(value) }
}

/// A figure with its 95% interval: three columns `name`, `name_ci_low`, `name_ci_high`.
fn with_ci(name: &str, value: fn(&StrategySummary) -> (f64, f64, f64)) -> [Column; 3] {
    [
        column(name, move |s| value(s).0),
        column(&format!("{name}_ci_low"), move |s| value(s).1),
        column(&format!("{name}_ci_high"), move |s| value(s).2),
    ]
}

/// The listed metrics of one summary group, each from the group's means.
fn group_columns<G: MetricGroup + 'static>(means: fn(&StrategySummary) -> &G) -> Vec<Column> {
    G::METRICS.iter().filter(|m| m.def().listed).map(|&m| column(&summary_column(m), move |s| means(s).get(m))).collect()
}

/// Every column, in order: the attainment distribution, the activity
/// (funnel, win rates, hours, coverage) and the paired differences.
fn columns() -> Vec<Column> {
    let mut c = vec![column("rep_quarters", |s| s.rep_quarters as f64)];
    c.extend(with_ci("at_quota", |s| (s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high)));
    c.extend(with_ci("team_at_plan", |s| (s.team_at_plan.share, s.team_at_plan.ci_low, s.team_at_plan.ci_high)));
    c.extend(with_ci("mean_attainment", |s| (s.attainment.mean, s.attainment.mean_ci[0], s.attainment.mean_ci[1])));
    c.push(column("std_attainment", |s| s.attainment.std));
    c.extend(with_ci("p10", |s| (s.attainment.p10, s.attainment.p10_ci[0], s.attainment.p10_ci[1])));
    c.push(column("p25", |s| s.attainment.p25));
    c.extend(with_ci("p50", |s| (s.attainment.p50, s.attainment.p50_ci[0], s.attainment.p50_ci[1])));
    c.push(column("p75", |s| s.attainment.p75));
    c.extend(with_ci("p90", |s| (s.attainment.p90, s.attainment.p90_ci[0], s.attainment.p90_ci[1])));
    c.extend([
        column("band_below_50", |s| s.bands.below_50),
        column("band_50_80", |s| s.bands.b50_80),
        column("band_80_100", |s| s.bands.b80_100),
        column("band_100_120", |s| s.bands.b100_120),
        column("band_above_120", |s| s.bands.above_120),
    ]);
    c.extend(group_columns(|s| &s.funnel));
    c.push(column("win_rate_qualified", |s| s.win_rate.qualified.value));
    c.push(column("win_rate_first_meeting", |s| s.win_rate.first_meeting.value));
    c.push(column("won_deal_size", |s| s.won_deal_size.value));
    c.extend(group_columns(|s| &s.hours_per_week));
    c.push(column("attention", |s| s.attention.value));
    c.extend(group_columns(|s| &s.coverage_start));
    // Zero for the reference strategy.
    c.extend(with_ci("diff_mean_attainment", |s| s.paired.as_ref().map_or((0.0, 0.0, 0.0), |p| triple(&p.attainment_diff))));
    c.extend(with_ci("diff_at_quota", |s| s.paired.as_ref().map_or((0.0, 0.0, 0.0), |p| triple(&p.at_quota_diff))));
    c
}

fn triple(e: &Estimate) -> (f64, f64, f64) {
    (e.value, e.ci_low, e.ci_high)
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub(crate) fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The summary as CSV, one row per strategy.
pub fn summary_csv(summary: &Summary) -> Vec<u8> {
    let columns = columns();
    let mut out = String::from("strategy");
    for c in &columns {
        out.push(',');
        out.push_str(&c.name);
    }
    out.push('\n');
    for s in &summary.strategies {
        out.push_str(&field(&s.name));
        for c in &columns {
            out.push(',');
            out.push_str(&summary_csv_num((c.value)(s)));
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// `backtest.csv`: one row per measure and level (P10..P90, then the mean):
/// the history's value and interval, the simulated value, the range
/// simulated histories of the history's size give, and the Monte Carlo
/// Kolmogorov-Smirnov test of the measure. Empty cells where undefined.
pub fn backtest_csv(b: &crate::calibrate::backtest::Backtest) -> Vec<u8> {
    use super::format::csv_num;
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
            assert_eq!(line.split(',').count(), columns().len() + 1, "{line}");
        }
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
