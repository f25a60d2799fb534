//! `summary.csv`: one row per strategy with the headline figures and intervals.

use super::format::summary_csv_num;
use crate::stats::Summary;

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
        let a = &s.attainment;
        let (dm, dq) = match &s.paired {
            Some(p) => (
                [p.attainment_diff.value, p.attainment_diff.ci_low, p.attainment_diff.ci_high],
                [p.at_quota_diff.value, p.at_quota_diff.ci_low, p.at_quota_diff.ci_high],
            ),
            None => ([0.0; 3], [0.0; 3]),
        };
        let nums: Vec<f64> = vec![
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
            s.bands.below_50,
            s.bands.b50_80,
            s.bands.b80_100,
            s.bands.b100_120,
            s.bands.above_120,
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
            dm[0],
            dm[1],
            dm[2],
            dq[0],
            dq[1],
            dq[2],
        ];
        out.push_str(&field(&s.name));
        for x in nums {
            out.push(',');
            out.push_str(&summary_csv_num(x));
        }
        out.push('\n');
    }
    out.into_bytes()
}
