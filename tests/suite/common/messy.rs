//! Messy copies of the CRM-style exports, as a user's tools and colleagues
//! leave them: a byte-order mark, CRLF line ends, blank rows, a quoted
//! field holding the delimiter and a line break, and one row of every
//! class the reader skips, each written in that CRM's own conventions
//! (its stage words, date format and amount style), right after the first
//! rows so that their lines are the first examples the reader reports.

use quotasim::calibrate::history::stages::guess;
use quotasim::calibrate::history::{SkipReason, Stage};

/// The cells a messy row needs, per export style.
pub struct Style {
    pub delimiter: u8,
    /// Quote every field (Salesforce) or only where needed.
    pub quote_all: bool,
    /// Columns (0-based) of each role.
    pub id: usize,
    pub owner: usize,
    pub created: usize,
    pub closed: usize,
    pub stage: usize,
    pub amount: usize,
    /// A free-text column (a name or title) to hold a comma and a line break.
    pub text: usize,
    pub won: &'static str,
    /// A stage value no class takes.
    pub unknown_stage: &'static str,
    /// A created date in the export's format that is no day.
    pub bad_date: &'static str,
    /// A negative amount, as the export writes one.
    pub negative: &'static str,
}

/// A messy export and where its bad rows are: (reason, line).
pub struct Messy {
    pub text: String,
    pub bad: Vec<(SkipReason, u64)>,
}

/// How many clean rows come before the bad ones.
const LEAD: usize = 3;

fn record(line: &str, delimiter: u8) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).flexible(true).from_reader(line.as_bytes());
    r.records().next().map(|x| x.expect("a clean row").iter().map(str::to_string).collect()).unwrap_or_default()
}

fn write(cells: &[String], s: &Style) -> String {
    let style = if s.quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
    let mut w = csv::WriterBuilder::new().delimiter(s.delimiter).quote_style(style).terminator(csv::Terminator::CRLF).from_writer(vec![]);
    w.write_record(cells).expect("in memory");
    String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8")
}

/// The messy copy of `clean` (one row per line, header first).
pub fn messy(clean: &str, s: &Style) -> Messy {
    let lines: Vec<&str> = clean.lines().collect();
    let rows: Vec<Vec<String>> = lines[1..].iter().map(|l| record(l, s.delimiter)).collect();
    // Rows to derive the bad ones from: won or lost ones with both dates.
    let closed = |r: &&Vec<String>| {
        r.len() > s.closed.max(s.created).max(s.stage)
            && !r[s.closed].is_empty()
            && !r[s.created].is_empty()
            && matches!(guess(&r[s.stage].to_lowercase()), Some(Stage::Won | Stage::Lost))
    };
    let sources: Vec<&Vec<String>> = rows.iter().skip(LEAD).filter(closed).take(9).collect();
    let mut out = String::from("\u{feff}");
    let mut line = 1u64;
    let mut bad = Vec::new();
    let push = |out: &mut String, text: &str, line: &mut u64| {
        out.push_str(text);
        *line += text.matches('\n').count() as u64;
    };
    push(&mut out, &format!("{}\r\n", lines[0]), &mut line);
    for l in &lines[1..=LEAD] {
        push(&mut out, &format!("{l}\r\n"), &mut line);
    }
    let fresh = |k: usize, r: &Vec<String>| {
        let mut r = r.clone();
        r[s.id] = format!("{}9{k}", r[s.id]);
        r
    };
    let mut derived: Vec<(SkipReason, Vec<String>)> = Vec::new();
    let mut r = fresh(0, sources[0]);
    r[s.created].clear();
    derived.push((SkipReason::MissingDate, r));
    let mut r = fresh(1, sources[1]);
    r.swap(s.created, s.closed);
    derived.push((SkipReason::CloseBeforeCreate, r));
    let mut r = fresh(2, sources[2]);
    r[s.stage] = s.unknown_stage.into();
    derived.push((SkipReason::UnknownStage, r));
    let mut r = fresh(3, sources[3]);
    r[s.stage] = s.won.into();
    r[s.amount] = s.negative.into();
    derived.push((SkipReason::BadWonAmount, r));
    let mut r = fresh(4, sources[4]);
    r[s.stage] = s.won.into();
    r[s.amount].clear();
    derived.push((SkipReason::BadWonAmount, r));
    // An earlier row again, id and all.
    derived.push((SkipReason::DuplicateId, rows[0].clone()));
    let r = fresh(5, sources[5]);
    derived.push((SkipReason::BrokenRow, r[..r.len() / 2].to_vec()));
    let mut r = fresh(6, sources[6]);
    r[s.created] = s.bad_date.into();
    derived.push((SkipReason::UnreadableDate, r));
    let mut r = fresh(7, sources[7]);
    r[s.owner].clear();
    derived.push((SkipReason::MissingOwner, r));
    for (reason, cells) in derived {
        bad.push((reason, line));
        push(&mut out, &write(&cells, s), &mut line);
    }
    // A blank line and a row of empty fields: blank rows, not bad ones.
    push(&mut out, "\r\n", &mut line);
    push(&mut out, &write(&vec![String::new(); rows[0].len()], s), &mut line);
    for (i, l) in lines[LEAD + 1..].iter().enumerate() {
        if i == 10 && rows[LEAD + i].len() > s.text {
            // A good row whose text holds the delimiter and a line break.
            let mut r = rows[LEAD + i].clone();
            r[s.text] = format!("{}{} (renewal)\n2 years", r[s.text], s.delimiter as char);
            push(&mut out, &write(&r, s), &mut line);
        } else {
            push(&mut out, &format!("{l}\r\n"), &mut line);
        }
    }
    Messy { text: out, bad }
}
