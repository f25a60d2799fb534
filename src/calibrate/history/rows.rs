//! From CSV records to opportunities: find the header, map the columns,
//! settle the date order and decimal mark, then read every row or count why
//! it was left out.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::amounts::{self, Amount};
use super::columns::{self, How, Mapped, Role};
use super::dates::{self, DateOrder, Shape};
use super::skips::{SkipReason, Tally};
use super::stages::{Stage, StageRules};
use super::{DateFormat, History, Opportunity, QualificationSource, Qualified, ReadOptions, Record, StageValue};
use crate::calibrate::calendar::Day;
use crate::calibrate::error::HistoryError;

/// Rows searched for the header.
const HEADER_SEARCH: usize = 10;

pub(super) fn read(label: &str, records: &[Record], delimiter: u8, opts: &ReadOptions) -> Result<History, HistoryError> {
    let hi = find_header(label, records, opts)?;
    let header_fields = records[hi].owned();
    let header = &header_fields;
    let header_line = records[hi].line;
    // A report's footer (Salesforce ends with "Total", a copyright line and
    // the like): the rows of one field or none after the last full row.
    let last_full = records.iter().rposition(|r| r.fields.len() >= header.len()).unwrap_or(hi).max(hi);
    let footer_rows = records[last_full + 1..].iter().filter(|r| r.fields.iter().filter(|f| !f.trim().is_empty()).count() <= 1).count();
    // Rows split by an unquoted comma inside an amount ($1,054) or a date
    // (Mar 15, 2024) are put back together when that alone makes them fit.
    let mut repaired = 0usize;
    let data: Vec<Cow<'_, Record>> = records[hi + 1..records.len() - footer_rows]
        .iter()
        .map(|r| match (r.fields.len() > header.len()).then(|| repair(&r.fields, header.len())).flatten() {
            Some(fields) => {
                repaired += 1;
                Cow::Owned(Record { line: r.line, next_line: r.next_line, fields })
            }
            None => Cow::Borrowed(r),
        })
        .collect();
    let data = &data[..];
    let columns = map_columns(label, header_line, header, data, opts)?;
    let col = |role: Role| columns.iter().find(|m| m.role == role).map(|m| m.index);
    let index: HashMap<Role, usize> = columns.iter().map(|m| (m.role, m.index)).collect();
    let ix = |role: Role| index.get(&role).copied();
    let whole = |r: &Record| {
        r.fields.len() == header.len() || (r.fields.len() > header.len() && r.fields.iter().skip(header.len()).all(|f| f.is_empty()))
    };

    let qualification = match col(Role::Qualified) {
        None => QualificationSource::None,
        Some(i) => {
            let cells: Vec<&str> = data.iter().filter_map(|r| r.fields.get(i)).filter(|s| !s.is_empty()).collect();
            let flags = cells.iter().filter(|c| flag(c).is_some()).count();
            if !cells.is_empty() && flags * 5 >= cells.len() * 4 { QualificationSource::Flags } else { QualificationSource::Dates }
        }
    };
    let mut date_roles = vec![Role::Created, Role::Closed];
    if qualification == QualificationSource::Dates {
        date_roles.push(Role::Qualified);
    }
    let usable = || data.iter().map(|r| r.as_ref()).filter(|r| !r.is_blank() && whole(r));
    check_date_columns(label, &columns, &date_roles, usable())?;
    let date_format = date_order(label, &columns, &date_roles, usable(), opts.date_order)?;
    let order = date_format.order;
    let decimal = amounts::decimal_mark(usable().map(|r| field(r, ix(Role::Amount))), delimiter);
    let currencies = match col(Role::Currency) {
        Some(_) => {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            for r in usable() {
                let c = field(r, ix(Role::Currency)).trim().to_uppercase();
                if !c.is_empty() {
                    *m.entry(c).or_default() += 1;
                }
            }
            let mut v: Vec<(String, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        }
        None => amounts::tally_currencies(usable().map(|r| field(r, ix(Role::Amount)))),
    };

    let mut tally = Tally::default();
    let mut stage_memo: HashMap<&str, Option<Stage>> = HashMap::new();
    let mut stage_counts: BTreeMap<String, (Option<Stage>, usize)> = BTreeMap::new();
    let mut owners: Vec<String> = Vec::new();
    let mut owner_index: HashMap<String, u32> = HashMap::new();
    let mut segments: Vec<String> = Vec::new();
    let mut segment_index: HashMap<String, u32> = HashMap::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut opportunities: Vec<Opportunity> = Vec::with_capacity(data.len());
    let (mut blank_rows, mut won_unqualified, mut bad_qualified, mut closed_after) = (0usize, 0usize, 0usize, 0usize);
    let read_day = |text: &str| -> Result<Option<Day>, SkipReason> {
        if text.is_empty() {
            return Ok(None);
        }
        dates::shape(text).day(order).map(Some).ok_or(SkipReason::UnreadableDate)
    };

    for r in data {
        if r.is_blank() {
            blank_rows += 1;
            continue;
        }
        if !whole(r) {
            tally.skip(SkipReason::BrokenRow, r.line);
            if r.next_line > r.line + 2 {
                tally.note(
                    SkipReason::BrokenRow,
                    format!("the row at line {} runs to line {}: a quote opened there is probably never closed", r.line, r.next_line - 1),
                );
            }
            continue;
        }
        let stage_text = field(r, ix(Role::Stage)).trim();
        let stage = *stage_memo.entry(stage_text).or_insert_with(|| opts.stages.classify(stage_text));
        match stage_counts.get_mut(stage_text) {
            Some(entry) => entry.1 += 1,
            None => {
                stage_counts.insert(stage_text.to_string(), (stage, 1));
            }
        }
        let owner = field(r, ix(Role::Owner)).trim();
        if owner.is_empty() {
            tally.skip(SkipReason::MissingOwner, r.line);
            continue;
        }
        let Some(mut stage) = stage else {
            tally.skip(SkipReason::UnknownStage, r.line);
            continue;
        };
        let created = match read_day(field(r, ix(Role::Created)).trim()) {
            Ok(Some(d)) => d,
            Ok(None) => {
                tally.skip(SkipReason::MissingDate, r.line);
                continue;
            }
            Err(reason) => {
                tally.skip(reason, r.line);
                continue;
            }
        };
        let mut closed = None;
        if stage != Stage::Open {
            match read_day(field(r, ix(Role::Closed)).trim()) {
                Ok(Some(d)) => closed = Some(d),
                Ok(None) => {
                    tally.skip(SkipReason::MissingDate, r.line);
                    continue;
                }
                Err(reason) => {
                    tally.skip(reason, r.line);
                    continue;
                }
            }
        }
        if closed.is_some_and(|c| c < created) {
            tally.skip(SkipReason::CloseBeforeCreate, r.line);
            continue;
        }
        let amount = match (amounts::parse(field(r, ix(Role::Amount)), decimal), stage) {
            (Amount::Value(v), _) if v > 0.0 => Some(v),
            (_, Stage::Won) => {
                tally.skip(SkipReason::BadWonAmount, r.line);
                continue;
            }
            (Amount::Value(0.0), _) => Some(0.0),
            _ => None,
        };
        if let Some(as_of) = opts.as_of {
            if created > as_of {
                tally.skip(SkipReason::AfterAsOf, r.line);
                continue;
            }
            // Closed after the as-of day: it was still open then.
            if closed.is_some_and(|c| c > as_of) {
                closed = None;
                stage = Stage::Open;
                closed_after += 1;
            }
        }
        let (mut qualified, mut qualified_on) = match qualification {
            QualificationSource::None => (Qualified::Unknown, None),
            QualificationSource::Flags => match flag(field(r, ix(Role::Qualified))) {
                Some(true) => (Qualified::Yes, None),
                Some(false) => (Qualified::No, None),
                None => {
                    bad_qualified += 1;
                    (Qualified::No, None)
                }
            },
            QualificationSource::Dates => match read_day(field(r, ix(Role::Qualified)).trim()) {
                Ok(Some(d)) => (Qualified::Yes, Some(d.max(created))),
                Ok(None) => (Qualified::No, None),
                Err(_) => {
                    bad_qualified += 1;
                    (Qualified::No, None)
                }
            },
        };
        if opts.as_of.is_some_and(|a| qualified_on.is_some_and(|q| q > a)) {
            qualified = Qualified::No;
            qualified_on = None;
        }
        if stage == Stage::Won && qualified == Qualified::No {
            // A deal cannot be won without its second meeting.
            won_unqualified += 1;
            qualified = Qualified::Yes;
        }
        let id = field(r, ix(Role::Id)).trim();
        if !id.is_empty() && !ids.insert(id.to_string()) {
            tally.skip(SkipReason::DuplicateId, r.line);
            continue;
        }
        let owner = match owner_index.get(owner) {
            Some(&i) => i,
            None => {
                owners.push(owner.to_string());
                owner_index.insert(owner.to_string(), (owners.len() - 1) as u32);
                (owners.len() - 1) as u32
            }
        };
        let segment_text = field(r, ix(Role::Segment)).trim();
        let segment = (!segment_text.is_empty()).then(|| match segment_index.get(segment_text) {
            Some(&i) => i,
            None => {
                segments.push(segment_text.to_string());
                segment_index.insert(segment_text.to_string(), (segments.len() - 1) as u32);
                (segments.len() - 1) as u32
            }
        });
        opportunities.push(Opportunity { line: r.line, owner, created, qualified, qualified_on, closed, stage, amount, segment });
    }

    let mut stages: Vec<StageValue> = stage_counts.into_iter().map(|(value, (stage, rows))| StageValue { value, stage, rows }).collect();
    stages.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.value.cmp(&b.value)));
    let unknown: Vec<String> =
        stages.iter().filter(|s| s.stage.is_none()).take(6).map(|s| format!("\"{}\" ({})", s.value, s.rows)).collect();
    if !unknown.is_empty() {
        tally.note(SkipReason::UnknownStage, format!("values {}; count them with --won, --lost or --open", unknown.join(", ")));
    }
    let skipped = tally.finish();
    let rows = data.len();
    if opportunities.is_empty() {
        let why = format!("none of the {rows} rows after the header (line {header_line}) could be used");
        return Err(HistoryError::NothingUsable { file: label.to_string(), why, skipped: skipped.iter().map(|s| s.describe()).collect() });
    }
    if !opportunities.iter().any(|o| o.stage == Stage::Won) {
        let why = "no won opportunity with a positive amount: deal sizes and won value cannot be fitted".to_string();
        return Err(HistoryError::NothingUsable { file: label.to_string(), why, skipped: skipped.iter().map(|s| s.describe()).collect() });
    }
    let latest = opportunities.iter().flat_map(|o| [Some(o.created), o.closed, o.qualified_on]).flatten().max().unwrap_or(Day(0));
    let mut warnings = Vec::new();
    if currencies.len() > 1 {
        let list: Vec<String> = currencies.iter().take(4).map(|(c, n)| format!("{c} ({n})")).collect();
        warnings.push(format!(
            "amounts are in several currencies ({}); they are added up as one: export converted amounts or one currency",
            list.join(", ")
        ));
    }
    if won_unqualified > 0 && qualification != QualificationSource::None {
        warnings.push(format!(
            "{won_unqualified} won opportunities had no qualification; a won deal had its second meeting, so they count as qualified"
        ));
    }
    if bad_qualified > 0 {
        warnings.push(format!("{bad_qualified} qualification cells could not be read; those opportunities count as not qualified"));
    }
    if closed_after > 0 {
        warnings.push(format!("{closed_after} opportunities closed after --as-of; they count as open"));
    }
    if repaired > 0 {
        warnings.push(format!("{repaired} rows had an unquoted comma inside an amount or a date and were put back together"));
    }
    if footer_rows > 0 {
        warnings.push(format!("{footer_rows} footer lines after the last row were left out (a report's totals and notices)"));
    }
    Ok(History {
        label: label.to_string(),
        sha256: String::new(),
        encoding: None,
        delimiter,
        header_line,
        columns,
        date_format,
        decimal,
        currencies,
        stages,
        qualification,
        opportunities,
        owners,
        segments,
        rows,
        blank_rows,
        skipped,
        as_of: opts.as_of.unwrap_or(latest),
        as_of_given: opts.as_of.is_some(),
        warnings,
    })
}

/// `fields` with pieces of amounts or dates split by unquoted commas joined
/// back until it has `want` fields; `None` unless exactly that many joins
/// are possible (an ambiguous row stays broken).
fn repair(fields: &csv::StringRecord, want: usize) -> Option<csv::StringRecord> {
    let mut v: Vec<String> = fields.iter().map(str::to_string).collect();
    let needed = v.len() - want;
    let candidates = (0..v.len() - 1).filter(|&i| joinable(&v[i], &v[i + 1])).count();
    if candidates != needed {
        return None;
    }
    while v.len() > want {
        let i = (0..v.len() - 1).find(|&i| joinable(&v[i], &v[i + 1]))?;
        let b = v.remove(i + 1);
        v[i] = format!("{},{b}", v[i]);
    }
    Some(csv::StringRecord::from(v))
}

/// Whether `a,b` was one cell: thousands (`$1` + `054.00`) or a month-name
/// date (`Mar 15` + ` 2024`).
fn joinable(a: &str, b: &str) -> bool {
    let a = a.trim_end();
    let ends_digit = a.bytes().last().is_some_and(|c| c.is_ascii_digit());
    let lead: usize = b.bytes().take_while(u8::is_ascii_digit).count();
    let thousands = ends_digit
        && !b.starts_with(' ')
        && lead == 3
        && b[3..].chars().all(|c| c == '.' || c.is_ascii_digit() || c.is_alphabetic() || c == ' ' || "€$£¥".contains(c))
        && a.chars().filter(|c| c.is_ascii_digit()).count() <= 3 + 4 * a.matches(',').count();
    let year = b.trim_start().bytes().take_while(u8::is_ascii_digit).count() == 4
        && a.split_whitespace().next().is_some_and(|m| m.len() >= 3 && m.chars().all(char::is_alphabetic))
        && ends_digit;
    thousands || year
}

/// The cell at `index` of a row ("" when the row has no such column).
fn field(r: &Record, index: Option<usize>) -> &str {
    index.and_then(|i| r.fields.get(i)).unwrap_or("")
}

/// A yes/no cell: yes, y, true, x, 1 / no, n, false, 0, blank.
fn flag(cell: &str) -> Option<bool> {
    match cell.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "x" | "1" | "qualified" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// The index of the header row: the first of the first rows that names
/// every `--columns` column, or enough of the roles.
fn find_header(label: &str, records: &[Record], opts: &ReadOptions) -> Result<usize, HistoryError> {
    let named: Vec<&str> = opts.columns.iter().filter_map(|(_, n)| n.as_deref()).collect();
    let guessed = [Role::Owner, Role::Created, Role::Stage, Role::Closed, Role::Amount];
    let candidates = records.iter().enumerate().filter(|(_, r)| !r.is_blank()).take(HEADER_SEARCH);
    for (i, r) in candidates.clone() {
        let fields = r.owned();
        let all_named = named.iter().all(|n| columns::find_named(n, &fields).is_ok());
        let roles = guessed.iter().filter(|role| !columns::candidates(**role, &fields, &[]).is_empty()).count();
        if all_named && (roles >= 2 || named.len() >= 2) {
            return Ok(i);
        }
    }
    let Some((_, first)) = candidates.clone().next() else {
        return Err(HistoryError::NotCsv { file: label.to_string(), why: "it has no rows".to_string() });
    };
    let shown: Vec<String> = first.fields.iter().take(8).map(|f| format!("\"{f}\"")).collect();
    let missing: Vec<&str> =
        named.iter().copied().filter(|n| candidates.clone().all(|(_, r)| columns::find_named(n, &r.owned()).is_err())).collect();
    let message = if missing.is_empty() {
        format!(
            "no header row: the first rows do not name an owner, created date, stage, close date and amount (the first row is {})",
            shown.join(", ")
        )
    } else {
        let err = columns::find_named(missing[0], &first.owned()).err().unwrap_or_default();
        format!("no header row with the --columns names: {err} (the first row is {})", shown.join(", "))
    };
    Err(HistoryError::at(label, first.line, message)
        .with_help("name the columns with --columns owner=COLUMN,created=COLUMN,stage=COLUMN,closed=COLUMN,amount=COLUMN"))
}

/// A column for every role: `--columns` first, then guesses from the header
/// (the stage column by its values).
fn map_columns(
    label: &str,
    line: u64,
    header: &[String],
    data: &[Cow<'_, Record>],
    opts: &ReadOptions,
) -> Result<Vec<Mapped>, HistoryError> {
    let mut mapped: Vec<Mapped> = Vec::new();
    let mut off: Vec<Role> = Vec::new();
    for (role, name) in &opts.columns {
        match name {
            None => off.push(*role),
            Some(n) => {
                let index = columns::find_named(n, header).map_err(|m| {
                    HistoryError::at(label, line, format!("--columns {role}={n}: {m}"))
                        .with_help(format!("the columns are {}", quoted_list(header)))
                })?;
                if let Some(other) = mapped.iter().find(|m| m.index == index) {
                    return Err(HistoryError::at(
                        label,
                        line,
                        format!("--columns names \"{}\" for both {} and {role}", header[index], other.role),
                    ));
                }
                mapped.push(Mapped { role: *role, index, header: header[index].clone(), how: How::Given });
            }
        }
    }
    for role in Role::ALL {
        if off.contains(&role) || mapped.iter().any(|m| m.role == role) {
            continue;
        }
        let taken: Vec<usize> = mapped.iter().map(|m| m.index).collect();
        let cands = columns::candidates(role, header, &taken);
        let chosen = if role == Role::Stage { best_stage_column(&cands, data, &opts.stages) } else { cands.first().copied() };
        match chosen {
            Some(index) => mapped.push(Mapped { role, index, header: header[index].clone(), how: How::Guessed }),
            None if role.required() => {
                return Err(HistoryError::at(
                    label,
                    line,
                    format!("no column for {} ({role}); the columns are {}", role.meaning(), quoted_list(header)),
                )
                .with_help(format!("name it with --columns {role}=COLUMN")));
            }
            None => {}
        }
    }
    mapped.sort_by_key(|m| m.role);
    Ok(mapped)
}

/// Of the stage candidates, the one whose values read as won or lost most often.
fn best_stage_column(cands: &[usize], data: &[Cow<'_, Record>], rules: &StageRules) -> Option<usize> {
    let score = |i: usize| {
        let mut seen: HashMap<&str, bool> = HashMap::new();
        data.iter()
            .filter_map(|r| r.fields.get(i))
            .filter(|v| *seen.entry(v).or_insert_with(|| matches!(rules.classify(v), Some(Stage::Won) | Some(Stage::Lost))))
            .count()
    };
    let mut best: Option<(usize, usize)> = None;
    for &c in cands {
        let s = score(c);
        if best.is_none_or(|(bs, _)| s > bs) {
            best = Some((s, c));
        }
    }
    best.map(|(_, c)| c)
}

fn quoted_list(header: &[String]) -> String {
    let shown: Vec<String> = header.iter().take(30).map(|h| format!("\"{h}\"")).collect();
    let more = if header.len() > 30 { format!(" and {} more", header.len() - 30) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

/// A date column whose cells mostly are not dates is the wrong column.
fn check_date_columns<'a>(
    label: &str,
    columns: &[Mapped],
    roles: &[Role],
    rows: impl Iterator<Item = &'a Record>,
) -> Result<(), HistoryError> {
    let mapped: Vec<&Mapped> = columns.iter().filter(|m| roles.contains(&m.role)).collect();
    let mut seen = vec![(0usize, 0usize, None::<(u64, String)>); mapped.len()];
    for r in rows {
        for (k, m) in mapped.iter().enumerate() {
            let c = r.fields.get(m.index).map_or("", str::trim);
            if c.is_empty() {
                continue;
            }
            seen[k].0 += 1;
            if dates::shape(c) == Shape::Unreadable {
                seen[k].1 += 1;
                seen[k].2.get_or_insert_with(|| (r.line, c.to_string()));
            }
        }
    }
    for (m, (n, bad, first)) in mapped.iter().zip(seen) {
        if bad >= 3 && bad * 2 > n {
            let (line, text) = first.unwrap_or_default();
            return Err(HistoryError::at(
                label,
                line,
                format!("column \"{}\" ({}) does not hold dates: {bad} of {n} cells cannot be read, such as \"{text}\"", m.header, m.role),
            )
            .with_help(format!("name the right column with --columns {}=COLUMN", m.role)));
        }
    }
    Ok(())
}

/// A line and its cell.
type Seen = Option<(u64, String)>;

/// The day/month order of numeric dates: given, or settled by a date whose
/// first or second part is above 12; both at once, or neither, is an error.
fn date_order<'a>(
    label: &str,
    columns: &[Mapped],
    roles: &[Role],
    rows: impl Iterator<Item = &'a Record>,
    given: Option<DateOrder>,
) -> Result<DateFormat, HistoryError> {
    if let Some(order) = given {
        return Ok(DateFormat { order: Some(order), how: How::Given, evidence_line: None });
    }
    let idx: Vec<usize> = columns.iter().filter(|m| roles.contains(&m.role)).map(|m| m.index).collect();
    // The first line (and cell) of each kind.
    let (mut dmy, mut mdy, mut numeric): (Seen, Seen, Seen) = (None, None, None);
    for r in rows {
        for &i in &idx {
            let c = r.fields.get(i).map_or("", str::trim);
            if c.is_empty() {
                continue;
            }
            let s = dates::shape(c);
            if matches!(s, Shape::Numeric { .. }) {
                numeric.get_or_insert_with(|| (r.line, c.to_string()));
            }
            match s.evidence() {
                Some(DateOrder::Dmy) => {
                    dmy.get_or_insert_with(|| (r.line, c.to_string()));
                }
                Some(DateOrder::Mdy) => {
                    mdy.get_or_insert_with(|| (r.line, c.to_string()));
                }
                _ => {}
            }
        }
        if dmy.is_some() && mdy.is_some() {
            break;
        }
    }
    match (dmy, mdy, numeric) {
        (Some((l1, t1)), Some((l2, t2)), _) => Err(HistoryError::at(
            label,
            l1.max(l2),
            format!("dates are written both day first (line {l1}: \"{t1}\") and month first (line {l2}: \"{t2}\")"),
        )
        .with_help("fix the export so every date uses one order, or pass --date-format mdy or dmy to read them all one way")),
        (Some((l, _)), None, _) => Ok(DateFormat { order: Some(DateOrder::Dmy), how: How::Guessed, evidence_line: Some(l) }),
        (None, Some((l, _)), _) => Ok(DateFormat { order: Some(DateOrder::Mdy), how: How::Guessed, evidence_line: Some(l) }),
        (None, None, Some((l, t))) => Err(HistoryError::at(
            label,
            l,
            format!("date \"{t}\" could be month/day/year or day/month/year, and no date in the file has a day above 12 to tell"),
        )
        .with_help("pass --date-format mdy (month first, as US exports write) or --date-format dmy (day first)")),
        (None, None, None) => Ok(DateFormat { order: None, how: How::Guessed, evidence_line: None }),
    }
}
