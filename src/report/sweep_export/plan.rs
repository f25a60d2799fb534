//! A coverage plan's files: `plan.csv` and its terminal table.

use super::{est, row, table_style};
use crate::report::csv::field;
use crate::report::format::{Row, align, csv_num, text_pct, text_times};
use crate::study::plan::{CoveragePlan, RULES, StrategyPlan, rule_short};

const CSV_COLUMNS: [&str; 28] = [
    "strategy",
    "stage",
    "trials",
    "count_pipeline_at",
    "coverage_target",
    "metric",
    "value",
    "ci_low",
    "ci_high",
    "minus_current",
    "minus_current_ci_low",
    "minus_current_ci_high",
    "minus_best",
    "minus_best_ci_low",
    "minus_best_ci_high",
    "within_noise_of_best",
    "is_best",
    "is_practical",
    "share_at_quota",
    "mean_attainment",
    "p50",
    "prospecting_hours_per_week",
    "prospecting_hours_ci_low",
    "prospecting_hours_ci_high",
    "weeks_at_target",
    "weeks_at_target_ci_low",
    "weeks_at_target_ci_high",
    "tolerance",
];

/// `plan.csv`: one row per (strategy, counting rule, target) of the screen,
/// then one per confirmed candidate (stage `confirmed`, the full trials).
pub fn plan_csv(p: &CoveragePlan) -> Vec<u8> {
    let mut out = String::new();
    row(&mut out, &CSV_COLUMNS.map(String::from));
    for s in &p.strategies {
        let screen = s.points.iter().enumerate().map(|(i, x)| (i, x, "screen", p.screen_trials));
        let confirmed = s.confirmed.iter().map(|c| (c.point, &c.figures, "confirmed", p.trials));
        for (i, x, stage, trials) in screen.chain(confirmed) {
            let mut cells = vec![
                field(&s.strategy),
                stage.into(),
                trials.to_string(),
                x.rule.as_str().into(),
                csv_num(x.target),
                p.metric.as_str().into(),
                csv_num(x.value),
                csv_num(x.ci.0),
                csv_num(x.ci.1),
            ];
            cells.extend(est(&x.vs_current));
            cells.extend(est(&x.vs_best));
            cells.push(x.within_noise.to_string());
            cells.push((i == s.best).to_string());
            cells.push((i == s.practical).to_string());
            cells.extend([csv_num(x.share_at_quota), csv_num(x.mean), csv_num(x.p50)]);
            cells.extend(est(&x.prospecting_hours));
            cells.extend(est(&x.at_target));
            cells.push(csv_num(p.tolerance));
            row(&mut out, &cells);
        }
    }
    out.into_bytes()
}

/// The plan's curves as text, after the verdict.
pub fn plan_text(p: &CoveragePlan) -> String {
    let mut out = crate::report::words::verdict::plan_verdict(p);
    for s in &p.strategies {
        out.push_str(&format!("\n{}: {} by coverage target\n", s.strategy, p.metric.label()));
        out.push_str(&curve_table(p, s));
    }
    out.push_str(&format!(
        "\n  screen of {} trials per target; best = highest; practical = smallest within {} of the best; ~ = within noise of the best\n",
        p.screen_trials,
        crate::report::words::verdict::points_text(p.tolerance)
    ));
    out
}

/// One row per target, one column per counting rule: the metric, marked
/// "best" at the best point and "~" within noise of it.
fn curve_table(p: &CoveragePlan, s: &StrategyPlan) -> String {
    let mut head = vec!["target".to_string()];
    head.extend(RULES.iter().map(|r| rule_short(*r).to_string()));
    let style = table_style(&head, "target");
    let mut rows = vec![Row::Cells(head)];
    let n = p.targets.len();
    for (t, target) in p.targets.iter().enumerate() {
        let mut cells = vec![text_times(*target)];
        for r in 0..RULES.len() {
            let i = r * n + t;
            let x = &s.points[i];
            let mark = if i == s.best {
                " best"
            } else if i == s.practical {
                " practical"
            } else if x.within_noise {
                " ~"
            } else {
                ""
            };
            cells.push(format!("{}{mark}", text_pct(x.value)));
        }
        rows.push(Row::Cells(cells));
    }
    align(&rows, style)
}
