//! The reader on small exports written as each CRM writes them, and on
//! every class of bad row.

use super::*;

fn read(text: &str) -> Result<History, HistoryError> {
    read_bytes(text.as_bytes(), "crm.csv", &ReadOptions::default())
}

#[test]
fn a_minimal_export_reads() {
    let h = read(
        "Owner,Created Date,Stage,Close Date,Amount\nAna,2024-01-02,Closed Won,2024-02-01,\"$12,000.00\"\nBo,2024-01-03,Prospecting,,\n",
    )
    .unwrap();
    assert_eq!(h.opportunities.len(), 2);
    assert_eq!(h.owners, vec!["Ana", "Bo"]);
    assert_eq!(h.opportunities[0].amount, Some(12_000.0));
    assert_eq!(h.opportunities[1].stage, Stage::Open);
    assert_eq!(h.as_of.to_string(), "2024-02-01");
    assert_eq!(h.header(Role::Created), "Created Date");
}

#[test]
fn line_numbers_count_crlf_and_quoted_line_breaks() {
    let text = "Owner,Created,Stage,Closed,Amount\r\nAna,2024-01-02,Won,2024-02-01,\"1,000\"\r\n\r\nBo,2024-01-03,\"Closed\r\nWon\",2024-02-01,5\r\nCy,2024-01-04,Won,2024-02-01,7\r\n";
    let h = read_bytes(text.as_bytes(), "t.csv", &ReadOptions::default()).unwrap();
    let lines: Vec<u64> = h.opportunities.iter().map(|o| o.line).collect();
    assert_eq!(lines, vec![2, 4, 6]);
}

#[test]
fn unquoted_commas_inside_amounts_and_dates_are_repaired() {
    let text = "Owner,Created,Stage,Closed,Amount,Note\n\
                Ana,2024-01-02,Won,2024-02-01,$1,054.50,ok\n\
                Bo,Mar 3, 2024,Won,Apr 4, 2024,12,500,two dates and an amount\n\
                Cy,2024-01-04,Won,2024-02-01,7,a note, with a comma\n";
    let h = read_bytes(text.as_bytes(), "t.csv", &ReadOptions::default()).unwrap();
    let amounts: Vec<Option<f64>> = h.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, vec![Some(1_054.5), Some(12_500.0)]);
    assert_eq!(h.opportunities[1].created.to_string(), "2024-03-03");
    // The third has a comma in text: not an amount or a date, so it stays broken.
    assert_eq!(h.skipped_rows(), 1);
    assert!(h.warnings.iter().any(|w| w.contains("2 rows had an unquoted comma")), "{:?}", h.warnings);
}
