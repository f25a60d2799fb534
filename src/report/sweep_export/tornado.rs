//! A tornado's files: `tornado.csv` and its terminal table.

use super::{est, row, table_style};
use crate::report::csv::field;
use crate::report::format::{Row, align, csv_num, text_pct, text_plain, text_pts_ci_unlabelled};
use crate::report::words::last_key;
use crate::study::tornado::Tornado;

const CSV_COLUMNS: [&str; 23] = [
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

/// `tornado.csv`: one row per (strategy, parameter), ranked by effect; skipped
/// parameters follow with their reason.
pub fn tornado_csv(t: &Tornado) -> Vec<u8> {
    let mut out = String::new();
    row(&mut out, &CSV_COLUMNS.map(String::from));
    for s in &t.strategies {
        for (rank, b) in s.bars.iter().enumerate() {
            let mut cells = vec![
                field(&s.strategy),
                (rank + 1).to_string(),
                field(&b.key),
                field(&b.path),
                field(b.unit.text()),
                b.kind.as_str().into(),
                field(&crate::report::format::without_exponents(&b.base_value)),
                csv_num(b.low),
                csv_num(b.high),
                t.metric.as_str().into(),
                csv_num(b.metric_base),
                csv_num(b.metric_low),
                csv_num(b.metric_high),
            ];
            cells.extend(est(&b.low_diff));
            cells.extend(est(&b.high_diff));
            cells.extend(est(&b.swing));
            cells.push(field(&crate::report::format::without_exponents(b.note.as_deref().unwrap_or(""))));
            row(&mut out, &cells);
        }
        for k in &s.skipped {
            let mut cells = vec![field(&s.strategy), String::new(), field(last_key(&k.path)), field(&k.path)];
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
        text_plain(100.0 * t.swing),
        t.trials,
        t.base.seed
    );
    for s in &t.strategies {
        let base = s.bars.first().map_or(f64::NAN, |b| b.metric_base);
        out.push_str(&format!("\n{} (base {})\n", s.strategy, text_pct(base)));
        let head = ["parameter", "low .. high", "at low", "at high", "high - low (pts)"].map(String::from).to_vec();
        let style = table_style(&head, "parameter");
        let mut rows = vec![Row::Cells(head)];
        for b in &s.bars {
            rows.push(Row::Cells(vec![
                b.path.clone(),
                format!("{} .. {}", text_plain(b.low), text_plain(b.high)),
                text_pct(b.metric_low),
                text_pct(b.metric_high),
                text_pts_ci_unlabelled(&b.swing),
            ]));
        }
        out.push_str(&align(&rows, style));
        for b in s.bars.iter().filter(|b| b.note.is_some()) {
            out.push_str(&format!("  note: {}: {}\n", b.path, b.note.as_deref().unwrap_or("")));
        }
        for k in &s.skipped {
            out.push_str(&format!("  skipped: {}: {}\n", k.path, k.reason));
        }
    }
    out
}
