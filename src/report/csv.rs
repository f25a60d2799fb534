//! `summary.csv`: one row per strategy with the headline figures and intervals.

use super::format::summary_csv_num;
use crate::stats::Summary;
use crate::stats::summary::StrategySummary;

const COLUMNS: &[&str] = &[
    "strategy",
    "rep_quarters",
    "at_quota",
    "at_quota_ci_low",
    "at_quota_ci_high",
    "team_at_plan",
    "team_at_plan_ci_low",
    "team_at_plan_ci_high",
    "mean_attainment",
    "mean_attainment_ci_low",
    "mean_attainment_ci_high",
    "std_attainment",
    "p10",
    "p10_ci_low",
    "p10_ci_high",
    "p25",
    "p50",
    "p50_ci_low",
    "p50_ci_high",
    "p75",
    "p90",
    "p90_ci_low",
    "p90_ci_high",
    "band_below_50",
    "band_50_80",
    "band_80_100",
    "band_100_120",
    "band_above_120",
    "touches",
    "connects",
    "first_meetings",
    "qualified",
    "won",
    "win_rate_qualified",
    "win_rate_first_meeting",
    "won_deal_size",
    "prospecting_hours_per_week",
    "meeting_hours_per_week",
    "deal_hours_per_week",
    "attention",
    "coverage_start_first_meeting",
    "coverage_start_second_meeting",
    "diff_mean_attainment",
    "diff_mean_attainment_ci_low",
    "diff_mean_attainment_ci_high",
    "diff_at_quota",
    "diff_at_quota_ci_low",
    "diff_at_quota_ci_high",
];

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub(crate) fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The summary as CSV, one row per strategy.
pub fn summary_csv(summary: &Summary) -> Vec<u8> {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for s in &summary.strategies {
        out.push_str(&field(&s.name));
        for x in attainment_figures(s).into_iter().chain(activity_figures(s)).chain(paired_figures(s)) {
            out.push(',');
            out.push_str(&summary_csv_num(x));
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// Columns `rep_quarters` to `band_above_120`.
fn attainment_figures(s: &StrategySummary) -> Vec<f64> {
    let a = &s.attainment;
    let b = &s.bands;
    vec![
        s.rep_quarters as f64,
        s.at_quota.share,
        s.at_quota.ci_low,
        s.at_quota.ci_high,
        s.team_at_plan.share,
        s.team_at_plan.ci_low,
        s.team_at_plan.ci_high,
        a.mean,
        a.mean_ci[0],
        a.mean_ci[1],
        a.std,
        a.p10,
        a.p10_ci[0],
        a.p10_ci[1],
        a.p25,
        a.p50,
        a.p50_ci[0],
        a.p50_ci[1],
        a.p75,
        a.p90,
        a.p90_ci[0],
        a.p90_ci[1],
        b.below_50,
        b.b50_80,
        b.b80_100,
        b.b100_120,
        b.above_120,
    ]
}

/// Columns `touches` to `coverage_start_second_meeting`.
fn activity_figures(s: &StrategySummary) -> Vec<f64> {
    vec![
        s.funnel.touches,
        s.funnel.connects,
        s.funnel.first_meetings,
        s.funnel.qualified,
        s.funnel.won,
        s.win_rate.qualified.value,
        s.win_rate.first_meeting.value,
        s.won_deal_size.value,
        s.hours_per_week.prospecting,
        s.hours_per_week.meetings,
        s.hours_per_week.deal_work,
        s.attention.value,
        s.coverage_start.first_meeting,
        s.coverage_start.second_meeting,
    ]
}

/// The `diff_` columns: zero for the reference strategy.
fn paired_figures(s: &StrategySummary) -> [f64; 6] {
    match &s.paired {
        Some(p) => {
            let (m, q) = (&p.attainment_diff, &p.at_quota_diff);
            [m.value, m.ci_low, m.ci_high, q.value, q.ci_low, q.ci_high]
        }
        None => [0.0; 6],
    }
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
            assert_eq!(line.split(',').count(), COLUMNS.len(), "{line}");
        }
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
