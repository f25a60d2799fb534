//! The README against the program: its tables of keys and of undefined
//! figures, and its sample outputs, are what the program says.

use std::fs;

use assert_cmd::Command;
use tempfile::TempDir;

fn readme() -> String {
    fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_documents_every_undefined_figure() {
    let readme = readme();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `strategies[]")).collect();
    for (path, why) in quotasim::stats::summary::UNDEFINED {
        // A row names the figure whole, with `*` for the counting rule, or as
        // its parent's path followed by `.last_key`.
        let ruled = path.replace("first_meeting", "*").replace("second_meeting", "*");
        let (parent, last) = path.rsplit_once('.').unwrap();
        let documented = table.iter().any(|row| {
            row.ends_with(&format!("| {why} |"))
                && (row.contains(&format!("`{path}`"))
                    || row.contains(&format!("`{ruled}`"))
                    || (row.contains(&format!("`{parent}.")) && row.contains(&format!("`.{last}`")))
                    || row.contains(&format!("`{parent}.{last}`")))
        });
        assert!(documented, "README's undefined figures table lacks {path} ({why})");
    }
}

#[test]
fn readme_documents_every_key() {
    let readme = readme();
    let table = quotasim::scenario::docs::markdown_key_table();
    assert!(readme.contains(&table), "README key table is out of date; regenerate it from markdown_key_table():\n{table}");
}

/// The README's sample block `name`: the text between its markers' fences.
fn sample(readme: &str, name: &str) -> String {
    let start = readme.find(&format!("<!-- sample:{name} -->\n```text\n")).unwrap_or_else(|| panic!("README has no sample `{name}`"));
    let block = &readme[start..];
    let body = &block[block.find("```text\n").unwrap() + "```text\n".len()..];
    body[..body.find("```\n<!-- /sample -->").unwrap()].to_string()
}

/// What `quotasim run ARGS` prints before its list of files written, from
/// the first line starting with `from`.
fn printed(args: &[&str], from: Option<&str>) -> String {
    let dir = TempDir::new().unwrap();
    let out = Command::cargo_bin("quotasim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--no-charts", "-q", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = from.map_or(text.as_str(), |f| &text[text.find(f).unwrap_or_else(|| panic!("no `{f}` in the output"))..]);
    text.split("\nwrote").next().unwrap().trim_end().to_string()
}

/// The quick start's table and the planning year's excerpt are what the
/// commands print today (regenerate them with `scripts/update-readme-samples`).
#[test]
fn readme_samples_are_what_the_commands_print() {
    let readme = readme();
    for (name, args, from) in
        [("default", &["run"][..], None), ("annual-plan", &["run", "scenarios/annual-plan.toml"][..], Some("The year, quarter by quarter"))]
    {
        let shown = sample(&readme, name);
        let shown = shown.split("\nwrote").next().unwrap().trim_end();
        assert_eq!(shown, printed(args, from), "README sample `{name}` is out of date: run scripts/update-readme-samples");
    }
}
