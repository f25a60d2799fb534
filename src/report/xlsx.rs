//! Spreadsheets (`summary.xlsx`, `sweep.xlsx`, `tornado.xlsx`, `plan.xlsx`):
//! one sheet per table, then a `Run` sheet saying which run they come from.
//! Shares and attainment are numbers formatted in percent, money and counts
//! with thousands separators; every digit is kept, an undefined figure is an
//! empty cell. The workbook's creation date is fixed, so the same run gives
//! the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::table::{Cell, Kind, RunMeta, Table};

/// Columns no wider than this on opening (pixels); long notes wrap at it.
const MAX_WIDTH: u32 = 320;

/// The sheet that names the run.
pub const RUN_SHEET: &str = "Run";

/// A workbook of `tables` and the run sheet, as bytes.
pub fn workbook(tables: &[Table], meta: &RunMeta) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed date: the bytes depend on the run only.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title(&meta.scenario));
    for t in tables {
        table_sheet(book.add_worksheet(), t)?;
    }
    run_sheet(book.add_worksheet(), meta)?;
    book.save_to_buffer()
}

/// The number format of a kind: percent with one decimal for shares,
/// thousands separators for money and counts.
fn format_of(kind: Kind) -> Format {
    match kind {
        Kind::Share => Format::new().set_num_format("0.0%"),
        Kind::Money | Kind::Count => Format::new().set_num_format("#,##0"),
        Kind::Number => Format::new().set_num_format("#,##0.00"),
        Kind::Text | Kind::Flag => Format::new(),
    }
}

fn table_sheet(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(&t.sheet))?;
    let bold = Format::new().set_bold();
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &col.name, &bold)?;
    }
    let formats: Vec<Format> = t.columns.iter().map(|c| format_of(c.kind)).collect();
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c16 = c as u16;
            match cell {
                Cell::Text(s) if !s.is_empty() => {
                    ws.write_string(r, c16, s)?;
                }
                Cell::Num(x) if x.is_finite() => {
                    ws.write_number_with_format(r, c16, *x, &formats[c])?;
                }
                Cell::Flag(b) => {
                    ws.write_boolean(r, c16, *b)?;
                }
                _ => {}
            }
        }
    }
    if !t.columns.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, t.rows.len() as u32, t.columns.len() as u16 - 1)?;
    }
    ws.set_autofit_max_width(MAX_WIDTH).autofit();
    Ok(())
}

/// The run sheet: a label and a value per line.
fn run_sheet(ws: &mut Worksheet, meta: &RunMeta) -> Result<(), XlsxError> {
    ws.set_name(RUN_SHEET)?;
    let bold = Format::new().set_bold();
    let text = |label: &str, value: &str| (label.to_string(), Cell::text(value));
    let mut lines: Vec<(String, Cell)> = vec![
        text("scenario", &meta.scenario),
        text("scenario file", &meta.source),
        text("scenario sha256", &meta.sha256),
        text("currency", &meta.currency),
        // Seeds beyond 2^53 do not fit a spreadsheet number: text.
        ("seed".into(), if meta.seed < 1 << 53 { Cell::Num(meta.seed as f64) } else { Cell::text(meta.seed.to_string()) }),
        ("trials".into(), Cell::Num(meta.trials as f64)),
        text("overrides", &if meta.overrides.is_empty() { "none".into() } else { meta.overrides_text() }),
    ];
    lines.extend(meta.study.iter().map(|(label, value)| text(label, value)));
    lines.push(text("quotasim version", &meta.version));
    lines.push(text("intervals", "95% Monte Carlo intervals: how precisely the simulation pins each figure"));
    lines.push(text("percent cells", "fractions shown in percent (1 = 100%); attainment is a fraction of quota"));
    lines.push(text("empty cells", "a figure that does not apply or cannot be computed for the run"));
    let whole = Format::new().set_num_format("0");
    for (r, (label, value)) in lines.iter().enumerate() {
        let r = r as u32;
        ws.write_string_with_format(r, 0, label, &bold)?;
        match value {
            Cell::Num(x) => {
                ws.write_number_with_format(r, 1, *x, &whole)?;
            }
            Cell::Text(s) => {
                ws.write_string(r, 1, s)?;
            }
            Cell::Flag(b) => {
                ws.write_boolean(r, 1, *b)?;
            }
        }
    }
    ws.set_autofit_max_width(2 * MAX_WIDTH).autofit();
    Ok(())
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).take(31).collect();
    if clean.trim().is_empty() { "Table".into() } else { clean }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn meta() -> RunMeta {
        RunMeta {
            scenario: "s".into(),
            source: "s.toml".into(),
            sha256: "ab".repeat(32),
            currency: "EUR".into(),
            seed: 7,
            trials: 100,
            overrides: vec!["selling.win_rate=35%".into()],
            version: "0.1.0".into(),
            study: vec![("metric".into(), "share_at_quota".into())],
        }
    }

    fn table() -> Table {
        let mut t = Table::new("Summary");
        t.column("strategy", Kind::Text);
        t.column("at_quota", Kind::Share);
        t.column("diff", Kind::Share);
        t.column("won_deal_size", Kind::Money);
        t.rows.push(vec![Cell::text("a"), Cell::Num(0.3), Cell::blank(), Cell::Num(34_926.5)]);
        t.rows.push(vec![Cell::text("b"), Cell::Num(0.5), Cell::Num(0.2), Cell::Num(f64::NAN)]);
        t
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn the_same_tables_give_the_same_bytes_with_a_sheet_each_and_the_run() {
        let a = workbook(&[table()], &meta()).unwrap();
        assert_eq!(a, workbook(&[table()], &meta()).unwrap());
        let book = part(&a, "xl/workbook.xml");
        assert!(book.contains("name=\"Summary\"") && book.contains("name=\"Run\""), "{book}");
        let styles = part(&a, "xl/styles.xml");
        assert!(styles.contains("0.0%"), "{styles}");
        assert!(part(&a, "docProps/core.xml").contains("2000-01-01"));
        // The blank difference is no cell at all (C2); the defined one is (C3).
        let sheet = part(&a, "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("r=\"C2\"") && sheet.contains("r=\"C3\""), "{sheet}");
        assert!(!sheet.contains("r=\"D3\""), "an undefined figure is an empty cell");
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name(" "), "Table");
    }
}
