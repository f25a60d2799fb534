//! Reading CRM exports: every bad-row class of a messy file counted at its
//! lines, the headers, stages and date formats of each CRM's export style
//! guessed, `--columns` and `--date-format` overriding the guesses, and
//! files that cannot be used refused with a located error.

use crate::common;

use std::path::{Path, PathBuf};

use quotasim::calibrate::HistoryError;
use quotasim::calibrate::history::amounts::Decimal;
use quotasim::calibrate::history::columns::parse_flag;
use quotasim::calibrate::history::{
    DateOrder, How, QualificationSource, ReadOptions, Role, SkipReason, Stage, StageRules, read_bytes, read_file,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crm").join(name)
}

fn read(name: &str) -> quotasim::calibrate::history::History {
    read_file(&fixture(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn skipped(h: &quotasim::calibrate::history::History, r: SkipReason) -> (usize, Vec<u64>) {
    h.skipped.iter().find(|s| s.reason == r).map_or((0, Vec::new()), |s| (s.count, s.lines.clone()))
}

#[test]
fn every_bad_row_class_is_counted_at_its_line() {
    let h = read("messy.csv");
    // BOM removed, CRLF, a quoted note with a comma and a line break (lines 5-6).
    assert_eq!(h.header(Role::Id), "Opportunity ID");
    let ids: Vec<u64> = h.opportunities.iter().map(|o| o.line).collect();
    assert_eq!(ids, vec![2, 3, 4, 5, 8, 18, 21]);
    assert_eq!(skipped(&h, SkipReason::MissingDate), (2, vec![9, 19]));
    assert_eq!(skipped(&h, SkipReason::CloseBeforeCreate), (1, vec![10]));
    assert_eq!(skipped(&h, SkipReason::UnknownStage), (1, vec![11]));
    assert_eq!(skipped(&h, SkipReason::BadWonAmount), (2, vec![12, 13]));
    assert_eq!(skipped(&h, SkipReason::DuplicateId), (1, vec![14]));
    assert_eq!(skipped(&h, SkipReason::BrokenRow), (1, vec![15]));
    assert_eq!(skipped(&h, SkipReason::UnreadableDate), (1, vec![16]));
    assert_eq!(skipped(&h, SkipReason::MissingOwner), (1, vec![17]));
    assert_eq!(h.skipped_rows(), 10);
    assert_eq!(h.blank_rows, 1, "the row of empty fields");
    // Amounts: currency symbols and codes, thousands separators; a lost deal
    // with a zero, blank or negative amount is usable.
    let amounts: Vec<Option<f64>> = h.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, vec![Some(12_500.0), Some(0.0), None, Some(8_000.0), Some(1.0), Some(1_234.56), None]);
    assert_eq!(h.decimal, Decimal::Point);
    assert_eq!(h.opportunities[4].stage, Stage::Open);
    assert!(h.warnings.iter().any(|w| w.contains("several currencies")), "{:?}", h.warnings);
    let unknown = h.skipped.iter().find(|s| s.reason == SkipReason::UnknownStage).unwrap();
    assert!(unknown.describe().contains("\"Closed\" (1)") && unknown.describe().contains("--won, --lost or --open"));
}

#[test]
fn salesforce_exports_read_without_configuration() {
    let h = read("salesforce.csv");
    assert_eq!(h.header(Role::Owner), "Opportunity Owner");
    assert_eq!(h.header(Role::Created), "Created Date");
    assert_eq!(h.header(Role::Closed), "Close Date");
    assert_eq!(h.header(Role::Stage), "Stage");
    assert_eq!(h.header(Role::Amount), "Amount");
    assert_eq!(h.date_format.order, Some(DateOrder::Mdy));
    assert_eq!(h.date_format.how, How::Guessed);
    assert_eq!(h.qualification, QualificationSource::None);
    // Every row used; the report's footer left out.
    assert_eq!((h.opportunities.len(), h.skipped_rows()), (h.rows, 0));
    assert!(h.warnings.iter().any(|w| w.contains("footer")));
    let open = h.stages.iter().filter(|s| s.stage == Some(Stage::Open)).count();
    assert_eq!(open, 6, "{:?}", h.stages);
    assert_eq!(h.currency(), None);
    // The amounts are the drawn values to the cent.
    let drawn = quotasim::calibrate::synthetic::opportunities(&common::crm::team(101));
    let won: f64 = drawn.iter().filter(|o| o.stage == Stage::Won).map(|o| (o.value * 100.0).round() / 100.0).sum();
    let read_won: f64 = h.opportunities.iter().filter(|o| o.stage == Stage::Won).filter_map(|o| o.amount).sum();
    assert!((won - read_won).abs() < 1e-6, "{won} vs {read_won}");
}

#[test]
fn hubspot_exports_read_without_configuration() {
    let h = read("hubspot.csv");
    assert_eq!(h.header(Role::Owner), "Deal owner");
    assert_eq!(h.header(Role::Created), "Create Date");
    assert_eq!(h.header(Role::Stage), "Deal Stage");
    assert_eq!(h.header(Role::Amount), "Amount");
    assert_eq!(h.header(Role::Qualified), "Date entered \"Qualified To Buy (Sales Pipeline)\"");
    assert_eq!(h.qualification, QualificationSource::Dates);
    assert_eq!(h.date_format.order, None, "ISO dates with times need no order");
    assert_eq!(h.skipped_rows(), 0);
    assert!(h.stages.iter().any(|s| s.value == "Decision maker bought-in" && s.stage == Some(Stage::Open)));
}

#[test]
fn pipedrive_exports_read_without_configuration() {
    let h = read("pipedrive.csv");
    assert_eq!(h.header(Role::Owner), "Deal - Owner");
    assert_eq!(h.header(Role::Created), "Deal - Deal created");
    assert_eq!(h.header(Role::Closed), "Deal - Deal closed on");
    // The status column (won/lost/open), not the pipeline stage.
    assert_eq!(h.header(Role::Stage), "Deal - Status");
    assert_eq!(h.header(Role::Amount), "Deal - Value");
    assert_eq!(h.currency(), Some("EUR"));
    let (deleted, _) = skipped(&h, SkipReason::UnknownStage);
    assert_eq!(deleted, h.stages.iter().find(|s| s.value == "deleted").map_or(0, |s| s.rows));
    assert!(deleted > 0);
}

#[test]
fn a_german_export_needs_its_columns_named_and_then_reads() {
    let e = read_file(&fixture("salesforce-de.csv"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, HistoryError::At { line: 1, .. }), "{e}");
    assert!(e.to_string().contains("--columns owner=COLUMN"), "{e}");
    let columns =
        parse_flag(&["owner=Opportunity-Inhaber,created=Erstelldatum,stage=Phase,closed=Schlusstermin,amount=Betrag".to_string()]).unwrap();
    let h = read_file(&fixture("salesforce-de.csv"), &ReadOptions { columns, ..Default::default() }).unwrap();
    assert_eq!(h.column(Role::Owner).unwrap().how, How::Given);
    assert_eq!(h.delimiter, b';');
    assert_eq!(h.decimal, Decimal::Comma);
    assert_eq!(h.currency(), Some("EUR"));
    assert_eq!(h.date_format.order, Some(DateOrder::Dmy));
    // The id column is still guessed ("Opportunity-ID").
    assert_eq!(h.header(Role::Id), "Opportunity-ID");
    let drawn = quotasim::calibrate::synthetic::opportunities(&common::crm::team(404));
    assert_eq!(h.opportunities.len(), drawn.len());
    let won: f64 = drawn.iter().filter(|o| o.stage == Stage::Won).map(|o| (o.value * 100.0).round() / 100.0).sum();
    let read_won: f64 = h.opportunities.iter().filter(|o| o.stage == Stage::Won).filter_map(|o| o.amount).sum();
    assert!((won - read_won).abs() < 1e-6, "{won} vs {read_won}");
}

#[test]
fn ambiguous_dates_are_an_error_that_says_how_to_choose() {
    let e = read_file(&fixture("ambiguous-dates.csv"), &ReadOptions::default()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with(&format!("{}:2: date \"03/04/2024\" could be", fixture("ambiguous-dates.csv").display())), "{msg}");
    assert!(msg.contains("--date-format mdy") && msg.contains("--date-format dmy"), "{msg}");
    for (order, month) in [(DateOrder::Mdy, 3), (DateOrder::Dmy, 4)] {
        let h = read_file(&fixture("ambiguous-dates.csv"), &ReadOptions { date_order: Some(order), ..Default::default() }).unwrap();
        assert_eq!(h.opportunities[0].created.ymd().1, month);
        assert_eq!(h.date_format.how, How::Given);
    }
    let e = read_file(&fixture("mixed-dates.csv"), &ReadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("day first (line 3") && e.contains("month first (line 4"), "{e}");
}

#[test]
fn unusable_files_are_refused() {
    let e = read_file(&fixture("not-a-csv.xlsx"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, HistoryError::NotCsv { .. }) && e.to_string().contains("Excel workbook"), "{e}");
    let e = read_file(&fixture("nothing-usable.csv"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, HistoryError::NothingUsable { .. }), "{e}");
    assert!(e.to_string().contains("unknown stage: 2 rows (lines 2, 3)"), "{e}");
    let e = read_bytes(b"", "empty.csv", &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    let e = read_bytes(b"just,some,words\nand,more,of,them\n", "x.csv", &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().starts_with("x.csv:1: no header row"), "{e}");
    let e = read_file(Path::new("/nonexistent/crm.csv"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, HistoryError::Io { .. }), "{e}");
    // A named column that is not there: the nearest header is suggested.
    let columns = parse_flag(&["owner=Opportunity Ownr".to_string()]).unwrap();
    let e = read_file(&fixture("salesforce.csv"), &ReadOptions { columns, ..Default::default() }).unwrap_err().to_string();
    assert!(e.contains("did you mean \"Opportunity Owner\""), "{e}");
    // A column that holds no dates.
    let columns = parse_flag(&["created=Account Name".to_string()]).unwrap();
    let e = read_file(&fixture("salesforce.csv"), &ReadOptions { columns, ..Default::default() }).unwrap_err().to_string();
    assert!(e.contains("\"Account Name\" (created) does not hold dates"), "{e}");
}

#[test]
fn stage_flags_override_the_guess() {
    // Count pipedrive's deleted deals as lost.
    let stages = StageRules { lost: Some(vec!["lost".into(), "deleted".into()]), ..Default::default() };
    let h = read_file(&fixture("pipedrive.csv"), &ReadOptions { stages, ..Default::default() }).unwrap();
    assert_eq!(skipped(&h, SkipReason::UnknownStage).0, 0);
    // Deleted while still open: no close date, so a lost deal without one.
    let default = read("pipedrive.csv");
    let deleted = default.stages.iter().find(|s| s.value == "deleted").map_or(0, |s| s.rows);
    assert_eq!(h.opportunities.len() + skipped(&h, SkipReason::MissingDate).0, default.opportunities.len() + deleted);
    assert!(h.stages.iter().any(|s| s.value == "deleted" && s.stage == Some(Stage::Lost)));
}

#[test]
fn messy_exports_in_each_crms_style_skip_every_bad_class_at_its_line() {
    let de =
        parse_flag(&["owner=Opportunity-Inhaber,created=Erstelldatum,stage=Phase,closed=Schlusstermin,amount=Betrag".to_string()]).unwrap();
    for (name, columns) in [("salesforce", None), ("hubspot", None), ("pipedrive", None), ("salesforce-de", Some(de))] {
        let opts = ReadOptions { columns: columns.clone().unwrap_or_default(), ..Default::default() };
        let clean = read_file(&fixture(&format!("{name}.csv")), &opts).unwrap();
        let h = read_file(&fixture(&format!("{name}-messy.csv")), &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let m = common::crm::messy(name);
        // Every class of bad row, each counted beside what the clean export
        // already had, the inserted ones first among the examples.
        for reason in SkipReason::ALL.into_iter().filter(|r| *r != SkipReason::AfterAsOf) {
            let expected: Vec<u64> = m.bad.iter().filter(|b| b.0 == reason).map(|b| b.1).collect();
            assert!(!expected.is_empty(), "{name}: no {reason:?} row");
            let (count, lines) = skipped(&h, reason);
            assert_eq!(count, skipped(&clean, reason).0 + expected.len(), "{name}: {reason:?} at {lines:?}, expected {expected:?}");
            assert_eq!(&lines[..expected.len()], &expected[..], "{name}: {reason:?}");
        }
        // The usable rows are the clean export's: the BOM, CRLF, blank rows
        // and the quoted line break change nothing.
        assert_eq!(h.header(Role::Owner), clean.header(Role::Owner), "{name}");
        // (An empty line is no row at all; the row of empty fields is a blank row.)
        assert_eq!(h.blank_rows, clean.blank_rows + 1, "{name}");
        assert_eq!(h.opportunities.len(), clean.opportunities.len(), "{name}");
        let won = |x: &quotasim::calibrate::history::History| -> f64 {
            x.opportunities.iter().filter_map(|o| o.amount.filter(|_| o.stage == Stage::Won)).sum()
        };
        assert!((won(&h) - won(&clean)).abs() < 1e-6, "{name}");
        assert_eq!(h.date_format.order, clean.date_format.order, "{name}");
    }
}
