//! A tornado's files: `tornado.csv` and its terminal table.

use super::{est, table_of, table_style};
use crate::report::format::{Row, align, text_pct, text_plain, text_pts_ci_unlabelled};
use crate::report::table::{Cell, Kind, RunMeta, Table};
use crate::report::words::last_key;
use crate::study::tornado::Tornado;

const COLUMNS: [(&str, Kind); 23] = [
    ("strategy", Kind::Text),
    ("rank", Kind::Count),
    ("parameter", Kind::Text),
    ("path", Kind::Text),
    ("unit", Kind::Text),
    ("kind", Kind::Text),
    ("base_value", Kind::Text),
    ("low_value", Kind::Number),
    ("high_value", Kind::Number),
    ("metric", Kind::Text),
    ("metric_base", Kind::Share),
    ("metric_low", Kind::Share),
    ("metric_high", Kind::Share),
    ("low_minus_base", Kind::Share),
    ("low_minus_base_ci_low", Kind::Share),
    ("low_minus_base_ci_high", Kind::Share),
    ("high_minus_base", Kind::Share),
    ("high_minus_base_ci_low", Kind::Share),
    ("high_minus_base_ci_high", Kind::Share),
    ("high_minus_low", Kind::Share),
    ("high_minus_low_ci_low", Kind::Share),
    ("high_minus_low_ci_high", Kind::Share),
    ("note", Kind::Text),
];

/// The tornado's table: one row per (strategy, parameter), ranked by
/// effect; skipped parameters follow with their reason.
pub fn tornado_table(t: &Tornado) -> Table {
    let mut table = table_of("Tornado", &COLUMNS);
    for s in &t.strategies {
        for (rank, b) in s.bars.iter().enumerate() {
            let mut cells = vec![
                Cell::text(&s.strategy),
                Cell::Num((rank + 1) as f64),
                Cell::text(&b.key),
                Cell::text(&b.path),
                Cell::text(b.unit.text()),
                Cell::text(b.kind.as_str()),
                Cell::text(&b.base_value),
                Cell::Num(b.low),
                Cell::Num(b.high),
                Cell::text(t.metric.as_str()),
                Cell::Num(b.metric_base),
                Cell::Num(b.metric_low),
                Cell::Num(b.metric_high),
            ];
            cells.extend(est(&b.low_diff));
            cells.extend(est(&b.high_diff));
            cells.extend(est(&b.swing));
            cells.push(Cell::text(b.note.as_deref().unwrap_or("")));
            table.rows.push(cells);
        }
        for k in &s.skipped {
            let mut cells = vec![Cell::text(&s.strategy), Cell::blank(), Cell::text(last_key(&k.path)), Cell::text(&k.path)];
            cells.extend(std::iter::repeat_n(Cell::text(""), 3));
            cells.extend([Cell::blank(), Cell::blank(), Cell::text(t.metric.as_str())]);
            cells.extend(std::iter::repeat_n(Cell::blank(), 12));
            cells.push(Cell::text(format!("skipped: {}", k.reason)));
            table.rows.push(cells);
        }
    }
    table
}

/// The run a tornado comes from, with its swing and metric.
fn tornado_meta(t: &Tornado) -> RunMeta {
    let mut meta = RunMeta { trials: t.trials, ..RunMeta::of(&t.base) };
    meta.study.push(("study".into(), "tornado: one parameter at a time to a low and a high value".into()));
    meta.study.push(("metric".into(), t.metric.as_str().into()));
    meta.study.push(("swing".into(), format!("{}% (uncertain inputs: P10 and P90)", text_plain(t.swing * 100.0))));
    meta
}

/// `tornado.csv`: the tornado's table.
pub fn tornado_csv(t: &Tornado) -> Vec<u8> {
    tornado_table(t).csv(&tornado_meta(t))
}

/// `tornado.xlsx`: the tornado's table and the run.
pub fn tornado_xlsx(t: &Tornado) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    crate::report::xlsx::workbook(&[tornado_table(t)], &tornado_meta(t))
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
