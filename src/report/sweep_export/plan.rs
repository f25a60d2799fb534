//! A coverage plan's files: `plan.csv` and its terminal table.

use super::{est, table_of, table_style};
use crate::report::format::{Row, align, text_pct, text_plain, text_times};
use crate::report::table::{Cell, Kind, RunMeta, Table};
use crate::study::plan::{CoveragePlan, RULES, StrategyPlan, rule_short};

const COLUMNS: [(&str, Kind); 28] = [
    ("strategy", Kind::Text),
    ("stage", Kind::Text),
    ("trials", Kind::Count),
    ("count_pipeline_at", Kind::Text),
    ("coverage_target", Kind::Number),
    ("metric", Kind::Text),
    ("value", Kind::Share),
    ("ci_low", Kind::Share),
    ("ci_high", Kind::Share),
    ("minus_current", Kind::Share),
    ("minus_current_ci_low", Kind::Share),
    ("minus_current_ci_high", Kind::Share),
    ("minus_best", Kind::Share),
    ("minus_best_ci_low", Kind::Share),
    ("minus_best_ci_high", Kind::Share),
    ("within_noise_of_best", Kind::Flag),
    ("is_best", Kind::Flag),
    ("is_practical", Kind::Flag),
    ("share_at_quota", Kind::Share),
    ("mean_attainment", Kind::Share),
    ("p50", Kind::Share),
    ("prospecting_hours_per_week", Kind::Number),
    ("prospecting_hours_ci_low", Kind::Number),
    ("prospecting_hours_ci_high", Kind::Number),
    ("weeks_at_target", Kind::Share),
    ("weeks_at_target_ci_low", Kind::Share),
    ("weeks_at_target_ci_high", Kind::Share),
    ("tolerance", Kind::Share),
];

/// The plan's table: one row per (strategy, counting rule, target) of the
/// screen, then one per confirmed candidate (stage `confirmed`, the confirmation's trials).
pub fn plan_table(p: &CoveragePlan) -> Table {
    let mut t = table_of("Plan", &COLUMNS);
    for s in &p.strategies {
        let screen = s.points.iter().enumerate().map(|(i, x)| (i, x, "screen", p.screen_trials));
        let confirmed = s.confirmed.iter().map(|c| (c.point, &c.figures, "confirmed", p.trials));
        for (i, x, stage, trials) in screen.chain(confirmed) {
            let mut cells = vec![
                Cell::text(&s.strategy),
                Cell::text(stage),
                Cell::Num(trials as f64),
                Cell::text(x.rule.as_str()),
                Cell::Num(x.target),
                Cell::text(p.metric.as_str()),
                Cell::Num(x.value),
                Cell::Num(x.ci.0),
                Cell::Num(x.ci.1),
            ];
            cells.extend(est(&x.vs_current));
            cells.extend(est(&x.vs_best));
            cells.push(Cell::Flag(x.within_noise));
            cells.push(Cell::Flag(i == s.best));
            cells.push(Cell::Flag(i == s.practical));
            cells.extend([Cell::Num(x.share_at_quota), Cell::Num(x.mean), Cell::Num(x.p50)]);
            cells.extend(est(&x.prospecting_hours));
            cells.extend(est(&x.at_target));
            cells.push(Cell::Num(p.tolerance));
            t.rows.push(cells);
        }
    }
    t
}

/// The run a plan comes from, with its metric and targets.
fn plan_meta(p: &CoveragePlan) -> RunMeta {
    let mut meta = RunMeta { trials: p.trials, ..RunMeta::of(&p.base) };
    meta.study.push(("study".into(), "coverage plan: every target under both counting rules".into()));
    meta.study.push(("metric".into(), p.metric.as_str().into()));
    let targets: Vec<String> = p.targets.iter().map(|x| text_plain(*x)).collect();
    meta.study.push(("coverage targets".into(), targets.join(", ")));
    meta.study.push(("tolerance".into(), format!("{} percentage points of the metric", text_plain(p.tolerance * 100.0))));
    meta.study.push((
        "screen trials".into(),
        format!("{} per target (candidates confirmed with {})", p.screen_trials, crate::report::words::verdict::confirmation_text(p)),
    ));
    meta
}

/// `plan.csv`: the plan's table.
pub fn plan_csv(p: &CoveragePlan) -> Vec<u8> {
    plan_table(p).csv(&plan_meta(p))
}

/// `plan.xlsx`: the plan's table and the run.
pub fn plan_xlsx(p: &CoveragePlan) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    crate::report::xlsx::workbook(&[plan_table(p)], &plan_meta(p))
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
