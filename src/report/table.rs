//! A table of results as data: named, typed columns and rows of cells. The
//! CSV files and the spreadsheets are two renderings of the same tables, so
//! a column is declared once, with the kind of figure it holds.
//!
//! CSV keeps the figures to a sensible precision (a share to 0.001
//! percentage points, money to the currency unit, other figures to six
//! significant digits) and ends every row with the run's metadata; a
//! spreadsheet keeps every digit and shows it by its kind.

use crate::report::csv::field;
use crate::report::format::CSV_MISSING;
use crate::stats::Summary;

/// What a column holds, which decides how it is written and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Words: names, paths, notes.
    Text,
    /// A whole number (trials, rep-quarters, seats).
    Count,
    /// A fraction shown in percent: shares, attainment, rates and their differences.
    Share,
    /// Money in the scenario's currency.
    Money,
    /// Any other figure: means of counts, hours, coverage, parameter values.
    Number,
    /// Yes or no.
    Flag,
}

/// One cell. A non-finite number is an undefined figure: an empty cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Num(f64),
    Flag(bool),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// An empty cell (a figure that does not apply to the row).
    pub fn blank() -> Cell {
        Cell::Num(f64::NAN)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// A table: its sheet name in a workbook, its columns and rows (each row has
/// a cell per column).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub sheet: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(sheet: &str) -> Table {
        Table { sheet: sheet.to_string(), columns: Vec::new(), rows: Vec::new() }
    }

    /// Add a column (before any row).
    pub fn column(&mut self, name: &str, kind: Kind) {
        self.columns.push(Column { name: name.to_string(), kind });
    }

    /// The table as CSV: a header, then a line per row, each ended by the
    /// run's metadata ([`RunMeta::CSV_COLUMNS`]).
    pub fn csv(&self, meta: &RunMeta) -> Vec<u8> {
        let mut out = String::new();
        let head: Vec<String> = self.columns.iter().map(|c| field(&c.name)).chain(RunMeta::CSV_COLUMNS.map(String::from)).collect();
        out.push_str(&head.join(","));
        out.push('\n');
        let tail = meta.csv_cells().join(",");
        for row in &self.rows {
            let cells: Vec<String> = row.iter().zip(&self.columns).map(|(cell, c)| csv_cell(cell, c.kind)).collect();
            out.push_str(&cells.join(","));
            out.push(',');
            out.push_str(&tail);
            out.push('\n');
        }
        out.into_bytes()
    }
}

fn csv_cell(cell: &Cell, kind: Kind) -> String {
    match cell {
        Cell::Text(s) => field(s),
        Cell::Flag(b) => b.to_string(),
        Cell::Num(x) => csv_number(*x, kind),
    }
}

/// A figure in CSV at the precision its kind deserves; empty when undefined.
pub fn csv_number(x: f64, kind: Kind) -> String {
    if !x.is_finite() {
        return CSV_MISSING.into();
    }
    let decimals = match kind {
        Kind::Count | Kind::Money => 0,
        // 0.001 percentage points: well below any Monte Carlo interval shown.
        Kind::Share => 5,
        // Six significant digits, whole numbers in full.
        Kind::Number | Kind::Text | Kind::Flag => {
            let magnitude = if x == 0.0 { 0 } else { x.abs().log10().floor() as i32 };
            (5 - magnitude).clamp(0, 12) as usize
        }
    };
    trim(format!("{x:.decimals$}"))
}

/// Drop trailing zeros of a decimal, and a negative sign on zero.
fn trim(mut s: String) -> String {
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".into() } else { s }
}

/// Which run a table comes from: what the run sheet of a workbook lists, and
/// what ends every CSV row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunMeta {
    pub scenario: String,
    /// File path, or `<built-in default>`.
    pub source: String,
    pub sha256: String,
    pub currency: String,
    pub seed: u64,
    /// Trials per simulated variant, as run.
    pub trials: u64,
    /// `--set` overrides, as given.
    pub overrides: Vec<String>,
    pub version: String,
    /// What the study was (metric, swing, targets, swept values), as
    /// (label, value), for the run sheet.
    pub study: Vec<(String, String)>,
}

impl RunMeta {
    /// The metadata columns that end every CSV row.
    pub const CSV_COLUMNS: [&'static str; 6] =
        ["run_scenario", "run_scenario_sha256", "run_seed", "run_trials", "run_overrides", "run_version"];

    /// The run a summary describes.
    pub fn of(s: &Summary) -> RunMeta {
        RunMeta {
            scenario: s.scenario.name.clone(),
            source: s.scenario.source.clone(),
            sha256: s.scenario.sha256.clone(),
            currency: s.currency.clone(),
            seed: s.seed,
            trials: s.trials,
            overrides: s.scenario.overrides.clone(),
            version: s.version.clone(),
            study: Vec::new(),
        }
    }

    /// A study's run of `scenario` (which has no summary of its own).
    pub fn of_scenario(scenario: &crate::scenario::Scenario, trials: u64) -> RunMeta {
        RunMeta {
            scenario: scenario.name.clone(),
            source: scenario.source_label.clone(),
            sha256: scenario.sha256.clone(),
            currency: scenario.currency.clone(),
            seed: scenario.seed(),
            trials,
            overrides: scenario.overrides.clone(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            study: Vec::new(),
        }
    }

    /// The overrides in one cell: `a=1; b=2`.
    pub fn overrides_text(&self) -> String {
        self.overrides.join("; ")
    }

    fn csv_cells(&self) -> Vec<String> {
        vec![
            field(&self.scenario),
            self.sha256.clone(),
            self.seed.to_string(),
            self.trials.to_string(),
            field(&self.overrides_text()),
            field(&self.version),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> RunMeta {
        RunMeta {
            scenario: "Team, \"west\"".into(),
            source: "s.toml".into(),
            sha256: "ab".repeat(32),
            currency: "USD".into(),
            seed: 7,
            trials: 100,
            overrides: vec!["selling.win_rate=35%".into(), "team.quota=$250,000".into()],
            version: "0.1.0".into(),
            study: Vec::new(),
        }
    }

    #[test]
    fn figures_are_written_at_the_precision_of_their_kind() {
        assert_eq!(csv_number(0.298_712_345, Kind::Share), "0.29871");
        assert_eq!(csv_number(0.3, Kind::Share), "0.3");
        assert_eq!(csv_number(-0.000_001, Kind::Share), "0");
        assert_eq!(csv_number(34_926.4, Kind::Money), "34926");
        assert_eq!(csv_number(160_000.0, Kind::Count), "160000");
        assert_eq!(csv_number(2_492.371_9, Kind::Number), "2492.37");
        assert_eq!(csv_number(16.551_234, Kind::Number), "16.5512");
        assert_eq!(csv_number(0.000_123_456_7, Kind::Number), "0.000123457");
        assert_eq!(csv_number(12_345_678.9, Kind::Number), "12345679");
        assert_eq!(csv_number(0.215, Kind::Number), "0.215");
        assert_eq!(csv_number(0.0, Kind::Number), "0");
        assert_eq!(csv_number(f64::NAN, Kind::Share), "");
        assert_eq!(csv_number(f64::INFINITY, Kind::Money), "");
    }

    #[test]
    fn csv_rows_end_with_the_runs_metadata_and_blanks_stay_blank() {
        let mut t = Table::new("T");
        t.column("strategy", Kind::Text);
        t.column("diff", Kind::Share);
        t.column("ok", Kind::Flag);
        t.rows.push(vec![Cell::text("a"), Cell::blank(), Cell::Flag(true)]);
        t.rows.push(vec![Cell::text("b,c"), Cell::Num(0.012_345_67), Cell::Flag(false)]);
        let text = String::from_utf8(t.csv(&meta())).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "strategy,diff,ok,run_scenario,run_scenario_sha256,run_seed,run_trials,run_overrides,run_version");
        let tail = format!("\"Team, \"\"west\"\"\",{},7,100,selling.win_rate=35%; team.quota=$250,000,0.1.0", "ab".repeat(32));
        // The overrides hold a comma: quoted.
        let tail = tail.replace("selling.win_rate=35%; team.quota=$250,000", "\"selling.win_rate=35%; team.quota=$250,000\"");
        assert_eq!(lines[1], format!("a,,true,{tail}"));
        assert_eq!(lines[2], format!("\"b,c\",0.01235,false,{tail}"));
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        assert!(r.records().all(|rec| rec.unwrap().len() == 3 + RunMeta::CSV_COLUMNS.len()));
    }
}
