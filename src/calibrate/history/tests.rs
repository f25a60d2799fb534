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
