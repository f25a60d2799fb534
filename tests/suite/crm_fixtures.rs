//! The CRM-style fixtures under tests/fixtures/crm/ are drawn from known
//! parameters by tests/common/crm.rs; this checks the committed files are
//! exactly what it draws (rewrite them with
//! `cargo test --test crm_fixtures -- --ignored`).

use crate::common;

use std::path::Path;

fn fixtures() -> Vec<(&'static str, String)> {
    vec![
        ("salesforce.csv", common::crm::salesforce()),
        ("hubspot.csv", common::crm::hubspot()),
        ("pipedrive.csv", common::crm::pipedrive()),
        ("salesforce-de.csv", common::crm::salesforce_de()),
        ("products.csv", common::crm::products()),
        ("salesforce-messy.csv", common::crm::messy("salesforce").text),
        ("hubspot-messy.csv", common::crm::messy("hubspot").text),
        ("pipedrive-messy.csv", common::crm::messy("pipedrive").text),
        ("salesforce-de-messy.csv", common::crm::messy("salesforce-de").text),
    ]
}

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/crm"))
}

#[test]
fn committed_fixtures_are_current() {
    for (name, text) in fixtures() {
        let committed = std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(committed == text, "{name} differs from what tests/common/crm.rs draws; rewrite with --ignored");
    }
}

#[test]
#[ignore]
fn rewrite_fixtures() {
    std::fs::create_dir_all(dir()).unwrap();
    for (name, text) in fixtures() {
        std::fs::write(dir().join(name), text).unwrap();
    }
}
