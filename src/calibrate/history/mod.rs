//! Reading a CRM export of opportunities into a [`History`]: one usable
//! row per opportunity, the columns and formats it was read with, and the
//! rows left out, counted by reason.
//!
//! - [`text`]: bytes to text (what is not a CSV, encodings, the delimiter);
//! - [`columns`]: which column holds what (header names or `--columns`);
//! - [`stages`], [`dates`], [`amounts`]: cell values;
//! - [`skips`]: the reasons rows are left out;
//! - [`rows`]: turning rows into opportunities.

pub mod amounts;
pub mod columns;
pub mod dates;
mod rows;
pub mod skips;
pub mod stages;
pub mod text;

use std::path::Path;

pub use columns::{How, Mapped, Role};
pub use dates::DateOrder;
pub use skips::{SkipReason, Skipped};
pub use stages::{Stage, StageRules};

use crate::calibrate::calendar::Day;
use crate::calibrate::error::HistoryError;

/// How to read a history: every field overrides a guess.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `--columns`: a column per role, or `None` to leave a role out.
    pub columns: Vec<(Role, Option<String>)>,
    /// `--won`, `--lost`, `--open`.
    pub stages: StageRules,
    /// `--date-format`.
    pub date_order: Option<DateOrder>,
    /// `--as-of`: the day the export was taken (default: its latest date).
    pub as_of: Option<Day>,
}

/// Whether an opportunity had its second meeting (qualified).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualified {
    /// The history has no qualification column.
    Unknown,
    No,
    Yes,
}

/// One usable opportunity.
#[derive(Clone, Debug, PartialEq)]
pub struct Opportunity {
    /// Line of the file where its row starts.
    pub line: u64,
    /// Index into [`History::owners`].
    pub owner: u32,
    pub created: Day,
    pub qualified: Qualified,
    pub qualified_on: Option<Day>,
    /// For won and lost opportunities.
    pub closed: Option<Day>,
    pub stage: Stage,
    /// Positive for won deals; as written (or none) for the others.
    pub amount: Option<f64>,
    /// Index into [`History::segments`].
    pub segment: Option<u32>,
}

/// Where the history's qualification comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QualificationSource {
    None,
    /// A date column: qualified when it has a date.
    Dates,
    /// A yes/no column.
    Flags,
}

/// A stage value and what it was read as.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StageValue {
    pub value: String,
    /// `None`: unknown (its rows were skipped).
    pub stage: Option<Stage>,
    pub rows: usize,
}

/// How the day/month order of numeric dates was settled.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DateFormat {
    /// `None` when the file has no numeric dates (ISO or month names only).
    pub order: Option<DateOrder>,
    pub how: How,
    /// The line whose date settled it (a day above 12).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_line: Option<u64>,
}

/// A CRM history, read.
#[derive(Clone, Debug)]
pub struct History {
    /// The file as named on the command line.
    pub label: String,
    pub sha256: String,
    /// Non-UTF-8 encodings read (UTF-16, Windows-1252).
    pub encoding: Option<&'static str>,
    pub delimiter: u8,
    pub header_line: u64,
    pub columns: Vec<Mapped>,
    pub date_format: DateFormat,
    pub decimal: amounts::Decimal,
    /// Currencies seen with amounts (or in a currency column), most frequent first.
    pub currencies: Vec<(String, usize)>,
    pub stages: Vec<StageValue>,
    pub qualification: QualificationSource,
    pub opportunities: Vec<Opportunity>,
    pub owners: Vec<String>,
    pub segments: Vec<String>,
    /// Data rows after the header, blank ones included.
    pub rows: usize,
    pub blank_rows: usize,
    pub skipped: Vec<Skipped>,
    pub as_of: Day,
    pub as_of_given: bool,
    /// Things the reader noticed that do not stop it.
    pub warnings: Vec<String>,
}

impl History {
    /// The column of a role, if the history has one.
    pub fn column(&self, role: Role) -> Option<&Mapped> {
        self.columns.iter().find(|m| m.role == role)
    }

    /// The header of a role's column, for "from column ..." notes.
    pub fn header(&self, role: Role) -> String {
        self.column(role).map_or_else(|| format!("<no {role} column>"), |m| m.header.clone())
    }

    pub fn skipped_rows(&self) -> usize {
        self.skipped.iter().map(|s| s.count).sum()
    }

    /// The last day the history covers: the as-of date, or the Sunday of its
    /// week when every date in the history falls on the same weekday (a
    /// weekly export, as simulated histories are: a date stands for its week).
    pub fn covered_until(&self) -> Day {
        if self.weekday().is_some() && !self.as_of_given { self.as_of.plus(6) } else { self.as_of }
    }

    /// The weekday (0 = Monday) every date falls on, in a weekly export.
    pub fn weekday(&self) -> Option<i32> {
        let mut days = self.opportunities.iter().flat_map(|o| [Some(o.created), o.closed, o.qualified_on]).flatten();
        let first = days.next()?.weekday();
        days.all(|d| d.weekday() == first).then_some(first)
    }

    /// The most frequent currency, when the amounts name one.
    pub fn currency(&self) -> Option<&str> {
        self.currencies.first().map(|(c, _)| c.as_str())
    }
}

/// Read a history file.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<History, HistoryError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| HistoryError::Io { file: label.clone(), message: e.to_string() })?;
    read_bytes(&bytes, &label, opts)
}

/// Read a history from its bytes; `label` names it in messages.
pub fn read_bytes(bytes: &[u8], label: &str, opts: &ReadOptions) -> Result<History, HistoryError> {
    if let Some(why) = text::not_csv(bytes) {
        return Err(HistoryError::NotCsv { file: label.to_string(), why: why.to_string() });
    }
    let (text, encoding) = text::decode(bytes);
    let delimiter = text::delimiter(&text);
    let records = split_records(&text, delimiter);
    let mut history = rows::read(label, &records, delimiter, opts)?;
    history.sha256 = crate::scenario::sha256_hex(bytes);
    history.encoding = encoding;
    Ok(history)
}

/// A CSV record with the line it starts on and the line the next starts on.
#[derive(Clone)]
pub(crate) struct Record {
    pub line: u64,
    pub next_line: u64,
    pub fields: csv::StringRecord,
}

impl Record {
    /// The fields as owned strings (for the few rows searched for a header).
    pub fn owned(&self) -> Vec<String> {
        self.fields.iter().map(str::to_string).collect()
    }

    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Every record of the text (quoted fields may hold delimiters, quotes and
/// line breaks; CRLF and LF both end a record).
fn split_records(text: &str, delimiter: u8) -> Vec<Record> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut out: Vec<Record> = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line numbers counted here: the reader's own are off by one after a CRLF.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, 1u64);
    let mut line_of = |offset: usize| -> u64 {
        let mut start = offset.min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
            start += 1;
        }
        line += bytes[at..start.max(at)].iter().filter(|&&b| b == b'\n').count() as u64;
        at = start.max(at);
        line
    };
    // The input is valid UTF-8 and records may differ in length: reading cannot fail.
    while let Ok(true) = reader.read_record(&mut record) {
        let line = line_of(record.position().map_or(0, |p| p.byte() as usize));
        if let Some(prev) = out.last_mut() {
            prev.next_line = line;
        }
        out.push(Record { line, next_line: line + 1, fields: std::mem::take(&mut record) });
    }
    if let Some(last) = out.last_mut() {
        last.next_line = line_of(bytes.len()).max(last.line + 1);
    }
    out
}

#[cfg(test)]
mod tests;
