//! The terminal view of a run: one aligned column per strategy, every figure
//! with its 95% interval or standard error.

use crate::stats::Summary;
use crate::stats::interval::Estimate;

enum Row {
    Section(&'static str),
    Values(String, Vec<String>),
}

fn pct(x: f64) -> String {
    if x.is_finite() { format!("{:.1}%", 100.0 * x) } else { "-".into() }
}

fn pct_ci(x: f64, lo: f64, hi: f64) -> String {
    format!("{} [{:.1}, {:.1}]", pct(x), 100.0 * lo, 100.0 * hi)
}

fn pts_ci(e: &Estimate) -> String {
    format!("{:+.1} pts [{:+.1}, {:+.1}]", 100.0 * e.value, 100.0 * e.ci_low, 100.0 * e.ci_high)
}

fn num_se(x: f64, se: f64) -> String {
    // Enough decimals that the 95% error shows one significant digit.
    let half = 1.96 * se;
    let digits = if half > 0.0 && half.is_finite() {
        (-half.log10().floor()).clamp(0.0, 3.0) as usize
    } else if x.abs() >= 100.0 {
        0
    } else {
        2
    };
    format!("{x:.digits$} ± {half:.digits$}")
}

/// Money with thousands separators.
pub fn money(x: f64) -> String {
    super::format::grouped(x)
}

/// Integer with thousands separators.
pub fn count(n: u64) -> String {
    super::format::count(n)
}

/// Render the summary as an aligned table.
pub fn render(summary: &Summary) -> String {
    let ss = &summary.strategies;
    let col = |f: &dyn Fn(&crate::stats::summary::StrategySummary) -> String| ss.iter().map(f).collect::<Vec<_>>();
    let mut rows = vec![
        Row::Section("Quota attainment per rep-quarter"),
        Row::Values("At quota (>= 100%)".into(), col(&|s| pct_ci(s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high))),
        Row::Values(
            "Team at plan (per quarter)".into(),
            col(&|s| pct_ci(s.team_at_plan.share, s.team_at_plan.ci_low, s.team_at_plan.ci_high)),
        ),
        Row::Values("Mean attainment".into(), col(&|s| pct_ci(s.attainment.mean, s.attainment.mean_ci[0], s.attainment.mean_ci[1]))),
        Row::Values("Std deviation".into(), col(&|s| pct(s.attainment.std))),
        Row::Values("P10".into(), col(&|s| pct_ci(s.attainment.p10, s.attainment.p10_ci[0], s.attainment.p10_ci[1]))),
        Row::Values("P25".into(), col(&|s| pct_ci(s.attainment.p25, s.attainment.p25_ci[0], s.attainment.p25_ci[1]))),
        Row::Values("P50 (median)".into(), col(&|s| pct_ci(s.attainment.p50, s.attainment.p50_ci[0], s.attainment.p50_ci[1]))),
        Row::Values("P75".into(), col(&|s| pct_ci(s.attainment.p75, s.attainment.p75_ci[0], s.attainment.p75_ci[1]))),
        Row::Values("P90".into(), col(&|s| pct_ci(s.attainment.p90, s.attainment.p90_ci[0], s.attainment.p90_ci[1]))),
        Row::Values(
            "Bands <50 | 50-80 | 80-100 | 100-120 | 120+".into(),
            col(&|s| {
                let b = &s.bands;
                format!(
                    "{:.0} | {:.0} | {:.0} | {:.0} | {:.0} %",
                    100.0 * b.below_50,
                    100.0 * b.b50_80,
                    100.0 * b.b80_100,
                    100.0 * b.b100_120,
                    100.0 * b.above_120
                )
            }),
        ),
        Row::Section("Funnel per rep-quarter (mean ± 95% MC error)"),
        Row::Values("Touches".into(), col(&|s| num_se(s.funnel.touches, s.funnel_se.touches))),
        Row::Values("Connects".into(), col(&|s| num_se(s.funnel.connects, s.funnel_se.connects))),
        Row::Values("First meetings".into(), col(&|s| num_se(s.funnel.first_meetings, s.funnel_se.first_meetings))),
        Row::Values("Qualified (2nd meeting)".into(), col(&|s| num_se(s.funnel.qualified, s.funnel_se.qualified))),
        Row::Values("Won".into(), col(&|s| num_se(s.funnel.won, s.funnel_se.won))),
        Row::Values(
            "Win rate of qualified".into(),
            col(&|s| pct_ci(s.win_rate.qualified.value, s.win_rate.qualified.ci_low, s.win_rate.qualified.ci_high)),
        ),
        Row::Values(
            "Win rate of first meetings".into(),
            col(&|s| pct_ci(s.win_rate.first_meeting.value, s.win_rate.first_meeting.ci_low, s.win_rate.first_meeting.ci_high)),
        ),
        Row::Values(
            format!("Mean won deal ({})", summary.currency),
            col(&|s| format!("{} ± {}", money(s.won_deal_size.value), money(1.96 * s.won_deal_size.se))),
        ),
        Row::Section("Where the hours go (per week)"),
        Row::Values("Prospecting".into(), col(&|s| num_se(s.hours_per_week.prospecting, s.hours_per_week_se.prospecting))),
        Row::Values("Meetings".into(), col(&|s| num_se(s.hours_per_week.meetings, s.hours_per_week_se.meetings))),
        Row::Values("Deal work".into(), col(&|s| num_se(s.hours_per_week.deal_work, s.hours_per_week_se.deal_work))),
        Row::Values(
            "Attention (deal hours given/needed)".into(),
            col(&|s| pct_ci(s.attention.value, s.attention.ci_low, s.attention.ci_high)),
        ),
        Row::Section("Pipeline coverage at quarter start (x quota)"),
        Row::Values("Counted at first meeting".into(), col(&|s| num_se(s.coverage_start.first_meeting, s.coverage_start_se.first_meeting))),
        Row::Values(
            "Counted at second meeting".into(),
            col(&|s| num_se(s.coverage_start.second_meeting, s.coverage_start_se.second_meeting)),
        ),
        Row::Values(
            "Loss rate implied | realised (1st mtg)".into(),
            col(&|s| format!("{} | {}", pct(s.implied_loss_rate.first_meeting), pct(s.realised_loss_rate.first_meeting))),
        ),
        Row::Values(
            "Loss rate implied | realised (2nd mtg)".into(),
            col(&|s| format!("{} | {}", pct(s.implied_loss_rate.second_meeting), pct(s.realised_loss_rate.second_meeting))),
        ),
        Row::Section("Who succeeds: top 20% of rep-quarters vs the rest"),
        Row::Values("Touches top | rest".into(), col(&|s| format!("{:.0} | {:.0}", s.top20.touches_top, s.top20.touches_rest))),
        Row::Values(
            "Attainment top | rest".into(),
            col(&|s| format!("{} | {}", pct(s.top20.attainment_top), pct(s.top20.attainment_rest))),
        ),
    ];
    if ss.len() > 1 {
        rows.push(Row::Section("Paired difference vs the first strategy (same reps, same draws)"));
        rows.push(Row::Values(
            "Mean attainment".into(),
            col(&|s| s.paired.as_ref().map_or("(reference)".into(), |p| pts_ci(&p.attainment_diff))),
        ));
        rows.push(Row::Values(
            "Share at quota".into(),
            col(&|s| s.paired.as_ref().map_or("(reference)".into(), |p| pts_ci(&p.at_quota_diff))),
        ));
    }

    let label_w = rows
        .iter()
        .map(|r| match r {
            Row::Values(l, _) => l.chars().count(),
            Row::Section(_) => 0,
        })
        .max()
        .unwrap_or(0)
        + 2;
    let mut widths: Vec<usize> = ss.iter().map(|s| s.name.chars().count()).collect();
    for r in &rows {
        if let Row::Values(_, cells) = r {
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(c.chars().count());
            }
        }
    }

    let mut out = String::new();
    out.push_str(&format!("{}\n", summary.scenario.name));
    out.push_str(&format!(
        "{} trials x {} reps x {} quarters = {} rep-quarters per strategy | seed {} | 95% intervals\n",
        count(summary.trials),
        count(u64::from(summary.reps)),
        summary.quarters,
        count(summary.strategies.first().map_or(0, |s| s.rep_quarters)),
        summary.seed
    ));
    if !summary.scenario.overrides.is_empty() {
        out.push_str(&format!("overrides: {}\n", summary.scenario.overrides.join(", ")));
    }
    out.push('\n');
    out.push_str(&format!("{:label_w$}", ""));
    for (s, w) in ss.iter().zip(&widths) {
        out.push_str(&format!("  {:>w$}", s.name, w = *w));
    }
    out.push('\n');
    for r in &rows {
        match r {
            Row::Section(t) => out.push_str(&format!("\n{t}\n")),
            Row::Values(l, cells) => {
                out.push_str(&format!("  {:lw$}", l, lw = label_w - 2));
                for (c, w) in cells.iter().zip(&widths) {
                    out.push_str(&format!("  {:>w$}", c, w = *w));
                }
                out.push('\n');
            }
        }
    }
    if let Some(st) = &summary.stopping {
        out.push_str(&format!(
            "\nStopped: {} ({} half-width {:.4} vs target {:.4}, cap {} trials)\n",
            st.reason.replace('_', " "),
            st.metric,
            st.achieved_half_width,
            st.target_half_width,
            count(st.max_trials)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(money(999.0), "999");
        assert_eq!(money(-25000.0), "-25,000");
    }
}
