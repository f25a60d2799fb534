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
