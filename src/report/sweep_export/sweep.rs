//! A sweep's files: `sweep.csv`, `sweep.json`, and its terminal table.

use serde_json::{Value, json};

use super::{est, table_style};
use crate::report::format::{Row, align, text_pct, text_pct_ci, text_plain, text_pts_ci_unlabelled};
use crate::report::table::{Cell, Kind, RunMeta, Table};
use crate::report::words::{last_key, stopping_line};
use crate::stats::summary::Stopping;
use crate::study::points::SweepResult;

/// Folder of point `i` inside a sweep's output folder.
pub fn point_dir(i: usize) -> String {
    format!("points/{i:03}")
}

const COLUMNS: [(&str, Kind); 25] = [
    ("strategy", Kind::Text),
    ("trials", Kind::Count),
    ("rep_quarters", Kind::Count),
    ("share_at_quota", Kind::Share),
    ("share_at_quota_ci_low", Kind::Share),
    ("share_at_quota_ci_high", Kind::Share),
    ("mean_attainment", Kind::Share),
    ("mean_attainment_ci_low", Kind::Share),
    ("mean_attainment_ci_high", Kind::Share),
    ("p10", Kind::Share),
    ("p10_ci_low", Kind::Share),
    ("p10_ci_high", Kind::Share),
    ("p50", Kind::Share),
    ("p50_ci_low", Kind::Share),
    ("p50_ci_high", Kind::Share),
    ("p90", Kind::Share),
    ("p90_ci_low", Kind::Share),
    ("p90_ci_high", Kind::Share),
    ("team_at_plan", Kind::Share),
    ("step_share_at_quota", Kind::Share),
    ("step_share_at_quota_ci_low", Kind::Share),
    ("step_share_at_quota_ci_high", Kind::Share),
    ("step_mean_attainment", Kind::Share),
    ("step_mean_attainment_ci_low", Kind::Share),
    ("step_mean_attainment_ci_high", Kind::Share),
];

/// The sweep's table: one row per (point, strategy).
pub fn sweep_table(r: &SweepResult) -> Table {
    let mut t = Table::new("Sweep");
    t.column("point", Kind::Count);
    for a in &r.grid.axes {
        t.column(&a.path.text, Kind::Number);
    }
    for (name, kind) in COLUMNS {
        t.column(name, kind);
    }
    for p in &r.points {
        for (k, s) in p.summary.strategies.iter().enumerate() {
            let a = &s.attainment;
            let mut cells = vec![Cell::Num(p.index as f64)];
            cells.extend(p.values.iter().map(|x| Cell::Num(*x)));
            cells.push(Cell::text(&s.name));
            cells.push(Cell::Num(p.summary.trials as f64));
            cells.push(Cell::Num(s.rep_quarters as f64));
            for x in [s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high, a.mean, a.mean_ci[0], a.mean_ci[1]] {
                cells.push(Cell::Num(x));
            }
            for x in [a.p10, a.p10_ci[0], a.p10_ci[1], a.p50, a.p50_ci[0], a.p50_ci[1], a.p90, a.p90_ci[0], a.p90_ci[1]] {
                cells.push(Cell::Num(x));
            }
            cells.push(Cell::Num(s.team_at_plan.share));
            match p.step.as_ref().and_then(|st| st.get(k)) {
                Some(d) => {
                    cells.extend(est(&d.at_quota));
                    cells.extend(est(&d.mean));
                }
                None => cells.extend(std::iter::repeat_n(Cell::blank(), 6)),
            }
            t.rows.push(cells);
        }
    }
    t
}

/// The run a sweep comes from: the scenario as given (without the swept
/// values), the sweep's name, axes and stopping rule.
fn sweep_meta(r: &SweepResult) -> RunMeta {
    let mut meta = RunMeta { trials: r.trials, ..r.points.first().map(|p| RunMeta::of(&p.summary)).unwrap_or_default() };
    // Each point's overrides end with its swept values.
    meta.overrides.truncate(meta.overrides.len().saturating_sub(r.grid.axes.len()));
    meta.study.push(("sweep".into(), r.grid.name.clone()));
    for (a, current) in r.grid.axes.iter().zip(&r.current) {
        let values: Vec<String> = a.values.iter().map(|x| text_plain(*x)).collect();
        meta.study.push((format!("swept {}", a.path.text), format!("{} (scenario: {current})", values.join(", "))));
    }
    if let Some(st) = &r.stopping {
        meta.study.push(("precision target".into(), format!("{} within ±{} (95%)", st.metric, st.target_half_width)));
        meta.study.push(("stopped".into(), format!("{}: ±{} reached", st.reason, st.achieved_half_width)));
    }
    meta
}

/// `sweep.csv`: the sweep's table.
pub fn sweep_csv(r: &SweepResult) -> Vec<u8> {
    sweep_table(r).csv(&sweep_meta(r))
}

/// `sweep.xlsx`: the sweep's table and the run.
pub fn sweep_xlsx(r: &SweepResult) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    crate::report::xlsx::workbook(&[sweep_table(r)], &sweep_meta(r))
}

fn stopping_json(s: &Option<Stopping>) -> Value {
    s.as_ref().map_or(Value::Null, |s| serde_json::to_value(s).unwrap_or(Value::Null))
}

/// `sweep.json`: the sweep's axes and, per point and strategy, the headline
/// figures (each point's full summary is in `points/NNN/summary.json`).
pub fn sweep_json(r: &SweepResult) -> Vec<u8> {
    let first = r.points.first().map(|p| &p.summary);
    let points: Vec<Value> = r
        .points
        .iter()
        .map(|p| {
            let strategies: Vec<Value> = p
                .summary
                .strategies
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let a = &s.attainment;
                    let step = p.step.as_ref().and_then(|st| st.get(k)).map_or(Value::Null, |d| {
                        json!({"share_at_quota": d.at_quota, "mean_attainment": d.mean, "p50": d.p50})
                    });
                    json!({
                        "name": s.name,
                        "share_at_quota": s.at_quota,
                        "mean_attainment": {"value": a.mean, "ci_low": a.mean_ci[0], "ci_high": a.mean_ci[1], "se": a.mean_se},
                        "p10": {"value": a.p10, "ci_low": a.p10_ci[0], "ci_high": a.p10_ci[1]},
                        "p50": {"value": a.p50, "ci_low": a.p50_ci[0], "ci_high": a.p50_ci[1]},
                        "p90": {"value": a.p90, "ci_low": a.p90_ci[0], "ci_high": a.p90_ci[1]},
                        "team_at_plan": s.team_at_plan,
                        "step_vs_previous": step,
                    })
                })
                .collect();
            json!({"point": p.index, "values": p.values, "summary": format!("{}/summary.json", point_dir(p.index)), "strategies": strategies})
        })
        .collect();
    let doc = json!({
        "name": r.grid.name,
        "version": env!("CARGO_PKG_VERSION"),
        "scenario": first.map(|s| json!({"name": s.scenario.name, "source": s.scenario.source, "sha256": s.scenario.sha256})),
        "seed": first.map(|s| s.seed),
        "trials": r.trials,
        "confidence": 0.95,
        "axes": r.grid.axes.iter().zip(&r.current).map(|(a, c)| json!({"path": a.path.text, "values": a.values, "current": c})).collect::<Vec<_>>(),
        "stopping": stopping_json(&r.stopping),
        "notes": r.notes,
        "points": points,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The sweep as a terminal table: per point and strategy, share at quota,
/// mean and median attainment, and the paired step from the previous point.
pub fn sweep_text(r: &SweepResult) -> String {
    let mut out = String::new();
    let first = r.points.first().map(|p| &p.summary);
    if let Some(s) = first {
        out.push_str(&format!("{}\n", s.scenario.name));
    }
    let axes: Vec<String> = r.grid.axes.iter().zip(&r.current).map(|(a, c)| format!("{} (now {c})", a.path.text)).collect();
    out.push_str(&format!(
        "sweep `{}`: {} | {} points x {} trials, seed {} | 95% intervals; steps are paired (same reps, same draws)\n\n",
        r.grid.name,
        axes.join(" x "),
        r.points.len(),
        r.trials,
        first.map_or(0, |s| s.seed)
    ));
    let mut head: Vec<String> = r.grid.axes.iter().map(|a| last_key(&a.path.text).to_string()).collect();
    head.extend(["strategy", "at quota", "step (pts)", "mean", "median"].map(String::from));
    let style = table_style(&head, "strategy");
    let mut rows = vec![Row::Cells(head)];
    for p in &r.points {
        for (k, s) in p.summary.strategies.iter().enumerate() {
            let mut cells: Vec<String> = p.values.iter().map(|x| text_plain(*x)).collect();
            cells.push(s.name.clone());
            cells.push(text_pct_ci(s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high));
            cells.push(p.step.as_ref().and_then(|st| st.get(k)).map_or(String::new(), |d| text_pts_ci_unlabelled(&d.at_quota)));
            cells.push(text_pct(s.attainment.mean));
            cells.push(text_pct(s.attainment.p50));
            rows.push(Row::Cells(cells));
        }
    }
    out.push_str(&align(&rows, style));
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    if let Some(st) = &r.stopping {
        out.push_str(&stopping_line(st, &st.max_trials.to_string()));
    }
    out
}
