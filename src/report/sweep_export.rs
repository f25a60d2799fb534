//! Tables of sweeps, tornadoes and coverage plans: CSV, JSON and the terminal
//! view, as pure functions to bytes or text.
//!
//! CSV numbers are written in full precision (shortest round-trip form), so a
//! sweep point's share at quota compares exactly with the `summary.json` of
//! `quotasim run --set PATH=VALUE` at the same seed.

use serde_json::{Value, json};

use crate::scenario::fmt_num;
use crate::stats::interval::Estimate;
use crate::stats::summary::Stopping;
use crate::sweep::plan::{CoveragePlan, rule_short};
use crate::sweep::points::SweepResult;
use crate::sweep::tornado::Tornado;

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn num(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push('\n');
}

fn est(e: &Estimate) -> [String; 3] {
    [num(e.value), num(e.ci_low), num(e.ci_high)]
}

fn pct(x: f64) -> String {
    if x.is_finite() { format!("{:.1}%", 100.0 * x) } else { "-".into() }
}

fn pct_ci(x: f64, lo: f64, hi: f64) -> String {
    format!("{} [{:.1}, {:.1}]", pct(x), 100.0 * lo, 100.0 * hi)
}

fn pts(e: &Estimate) -> String {
    format!("{:+.1} [{:+.1}, {:+.1}]", 100.0 * e.value, 100.0 * e.ci_low, 100.0 * e.ci_high)
}

fn stopping_json(s: &Option<Stopping>) -> Value {
    s.as_ref().map_or(Value::Null, |s| serde_json::to_value(s).unwrap_or(Value::Null))
}

fn stopping_line(s: &Option<Stopping>) -> String {
    s.as_ref().map_or(String::new(), |st| {
        format!(
            "Stopped: {} ({} half-width {:.4} vs target {:.4}, cap {} trials)\n",
            st.reason.replace('_', " "),
            st.metric,
            st.achieved_half_width,
            st.target_half_width,
            st.max_trials
        )
    })
}

/// Folder of point `i` inside a sweep's output folder.
pub fn point_dir(i: usize) -> String {
    format!("points/{i:03}")
}

/// `sweep.csv`: one row per (point, strategy).
pub fn sweep_csv(r: &SweepResult) -> Vec<u8> {
    let mut out = String::new();
    let mut head: Vec<String> = vec!["point".into()];
    head.extend(r.grid.axes.iter().map(|a| field(&a.path.text)));
    head.extend(
        [
            "strategy",
            "trials",
            "rep_quarters",
            "share_at_quota",
            "share_at_quota_ci_low",
            "share_at_quota_ci_high",
            "mean_attainment",
            "mean_attainment_ci_low",
            "mean_attainment_ci_high",
            "p10",
            "p10_ci_low",
            "p10_ci_high",
            "p50",
            "p50_ci_low",
            "p50_ci_high",
            "p90",
            "p90_ci_low",
            "p90_ci_high",
            "team_at_plan",
            "step_share_at_quota",
            "step_share_at_quota_ci_low",
            "step_share_at_quota_ci_high",
            "step_mean_attainment",
            "step_mean_attainment_ci_low",
            "step_mean_attainment_ci_high",
        ]
        .map(String::from),
    );
    row(&mut out, &head);
    for p in &r.points {
        for (k, s) in p.summary.strategies.iter().enumerate() {
            let a = &s.attainment;
            let mut cells = vec![p.index.to_string()];
            cells.extend(p.values.iter().map(|x| num(*x)));
            cells.push(field(&s.name));
            cells.push(p.summary.trials.to_string());
            cells.push(s.rep_quarters.to_string());
            for x in [s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high, a.mean, a.mean_ci[0], a.mean_ci[1]] {
                cells.push(num(x));
            }
            for x in [a.p10, a.p10_ci[0], a.p10_ci[1], a.p50, a.p50_ci[0], a.p50_ci[1], a.p90, a.p90_ci[0], a.p90_ci[1]] {
                cells.push(num(x));
            }
            cells.push(num(s.team_at_plan.share));
            match p.step.as_ref().and_then(|st| st.get(k)) {
                Some(d) => {
                    cells.extend(est(&d.at_quota));
                    cells.extend(est(&d.mean));
                }
                None => cells.extend(std::iter::repeat_n(String::new(), 6)),
            }
            row(&mut out, &cells);
        }
    }
    out.into_bytes()
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
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head: Vec<String> = r.grid.axes.iter().map(|a| a.path.text.rsplit('.').next().unwrap_or("").to_string()).collect();
    head.extend(["strategy", "at quota", "step (pts)", "mean", "median"].map(String::from));
    rows.push(head);
    for p in &r.points {
        for (k, s) in p.summary.strategies.iter().enumerate() {
            let mut cells: Vec<String> = p.values.iter().map(|x| fmt_num(*x)).collect();
            cells.push(s.name.clone());
            cells.push(pct_ci(s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high));
            cells.push(p.step.as_ref().and_then(|st| st.get(k)).map_or(String::new(), |d| pts(&d.at_quota)));
            cells.push(pct(s.attainment.mean));
            cells.push(pct(s.attainment.p50));
            rows.push(cells);
        }
    }
    out.push_str(&align(&rows));
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&stopping_line(&r.stopping));
    out
}

/// Left-align the first columns up to "strategy", right-align the figures.
fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    let text_cols = rows.first().and_then(|h| h.iter().position(|c| c == "strategy" || c == "parameter")).map_or(1, |i| i + 1);
    let mut out = String::new();
    for r in rows {
        let mut line = String::from(" ");
        for (c, cell) in r.iter().enumerate() {
            let w = widths[c];
            if c < text_cols { line.push_str(&format!(" {cell:<w$}")) } else { line.push_str(&format!("  {cell:>w$}")) }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `tornado.csv`: one row per (strategy, parameter), ranked by effect; skipped
/// parameters follow with their reason.
pub fn tornado_csv(t: &Tornado) -> Vec<u8> {
    let mut out = String::new();
    let head = [
        "strategy",
        "rank",
        "parameter",
        "path",
        "unit",
        "kind",
        "base_value",
        "low_value",
        "high_value",
        "metric",
        "metric_base",
        "metric_low",
        "metric_high",
        "low_minus_base",
        "low_minus_base_ci_low",
        "low_minus_base_ci_high",
        "high_minus_base",
        "high_minus_base_ci_low",
        "high_minus_base_ci_high",
        "high_minus_low",
        "high_minus_low_ci_low",
        "high_minus_low_ci_high",
        "note",
    ];
    row(&mut out, &head.map(String::from));
    for s in &t.strategies {
        for (rank, b) in s.bars.iter().enumerate() {
            let mut cells = vec![
                field(&s.strategy),
                (rank + 1).to_string(),
                field(&b.key),
                field(&b.path),
                field(&b.unit),
                b.kind.as_str().into(),
                field(&b.base_value),
                num(b.low),
                num(b.high),
                t.metric.as_str().into(),
                num(b.metric_base),
                num(b.metric_low),
                num(b.metric_high),
            ];
            cells.extend(est(&b.low_diff));
            cells.extend(est(&b.high_diff));
            cells.extend(est(&b.swing));
            cells.push(field(b.note.as_deref().unwrap_or("")));
            row(&mut out, &cells);
        }
        for k in &s.skipped {
            let key = k.path.rsplit('.').next().unwrap_or("");
            let mut cells = vec![field(&s.strategy), String::new(), field(key), field(&k.path)];
            cells.extend(std::iter::repeat_n(String::new(), 5));
            cells.push(t.metric.as_str().into());
            cells.extend(std::iter::repeat_n(String::new(), 12));
            cells.push(field(&format!("skipped: {}", k.reason)));
            row(&mut out, &cells);
        }
    }
    out.into_bytes()
}

/// The tornado as text: per strategy, bars ranked by effect.
pub fn tornado_text(t: &Tornado) -> String {
    let mut out = format!(
        "{}\ntornado of {} | swing {}% (uncertain inputs: P10/P90) | {} trials, seed {} | paired 95% intervals\n",
        t.base.scenario.name,
        t.metric.label(),
        fmt_num(100.0 * t.swing),
        t.trials,
        t.base.seed
    );
    for s in &t.strategies {
        let base = s.bars.first().map_or(f64::NAN, |b| b.metric_base);
        out.push_str(&format!("\n{} (base {})\n", s.strategy, pct(base)));
        let mut rows = vec![["parameter", "low .. high", "at low", "at high", "high - low (pts)"].map(String::from).to_vec()];
        for b in &s.bars {
            rows.push(vec![
                b.path.clone(),
                format!("{} .. {}", fmt_num(b.low), fmt_num(b.high)),
                pct(b.metric_low),
                pct(b.metric_high),
                pts(&b.swing),
            ]);
        }
        out.push_str(&align(&rows));
        for b in s.bars.iter().filter(|b| b.note.is_some()) {
            out.push_str(&format!("  note: {}: {}\n", b.path, b.note.as_deref().unwrap_or("")));
        }
        for k in &s.skipped {
            out.push_str(&format!("  skipped: {}: {}\n", k.path, k.reason));
        }
    }
    out
}

/// `plan.csv`: one row per (strategy, counting rule, target).
pub fn plan_csv(p: &CoveragePlan) -> Vec<u8> {
    let mut out = String::new();
    let head = [
        "strategy",
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
        "share_at_quota",
        "mean_attainment",
        "p50",
    ];
    row(&mut out, &head.map(String::from));
    for s in &p.strategies {
        for (i, x) in s.points.iter().enumerate() {
            let mut cells = vec![
                field(&s.strategy),
                x.rule.as_str().into(),
                num(x.target),
                p.metric.as_str().into(),
                num(x.value),
                num(x.ci.0),
                num(x.ci.1),
            ];
            cells.extend(est(&x.vs_current));
            cells.extend(est(&x.vs_best));
            cells.push(x.within_noise.to_string());
            cells.push((i == s.best).to_string());
            cells.extend([num(x.share_at_quota), num(x.mean), num(x.p50)]);
            row(&mut out, &cells);
        }
    }
    out.into_bytes()
}

/// The plan's curves as text, after the verdict.
pub fn plan_text(p: &CoveragePlan) -> String {
    let mut out = p.verdict();
    for s in &p.strategies {
        out.push_str(&format!("\n{}: {} by coverage target\n", s.strategy, p.metric.label()));
        let mut rows = vec![vec!["target".to_string()]];
        rows[0].extend(crate::sweep::plan::RULES.iter().map(|r| rule_short(*r).to_string()));
        let n = p.targets.len();
        for (t, target) in p.targets.iter().enumerate() {
            let mut cells = vec![format!("{}x", fmt_num(*target))];
            for r in 0..crate::sweep::plan::RULES.len() {
                let i = r * n + t;
                let x = &s.points[i];
                let mark = if i == s.best {
                    " best"
                } else if x.within_noise {
                    " ~"
                } else {
                    ""
                };
                cells.push(format!("{}{mark}", pct(x.value)));
            }
            rows.push(cells);
        }
        out.push_str(&align(&rows));
    }
    out.push_str("\n  best = highest; ~ = within noise of the best\n");
    out
}
