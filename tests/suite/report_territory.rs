//! The finite territory as a reader gets it from `quotasim run` on the
//! shipped territory-burn scenario: the terminal's territory section, the
//! lists in summary.json, the CSV files and report.html, the chart, and
//! `quotasim report` redrawing it all; and the scenario's point: on a
//! finite list spray-and-pray earns well below the same cadence on an
//! unlimited market. A scenario without `[market]` shows none of it.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

fn run(dir: &Path, scenario: Option<&str>, args: &[&str]) -> (PathBuf, String) {
    let out = dir.join("o");
    let mut cmd = qs();
    cmd.arg("run");
    if let Some(s) = scenario {
        cmd.arg(s);
    }
    let assert = cmd.args(["--trials", "40", "--set", "team.reps=10"]).args(args).arg("--out").arg(&out).assert().success();
    (out, String::from_utf8(assert.get_output().stdout.clone()).unwrap())
}

#[test]
fn a_finite_list_shows_everywhere_and_burns_spray_and_pray() {
    let tmp = TempDir::new().unwrap();
    let (out, stdout) = run(tmp.path(), Some("scenarios/territory-burn.toml"), &[]);
    for needle in
        ["The territory: each seat's list of accounts", "of them never worked", "Touches fresh | again | not made", "Q8 (Q4 of year)"]
    {
        assert!(stdout.contains(needle), "{needle:?} not in\n{stdout}");
    }
    let summary: Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let strategies = summary["strategies"].as_array().unwrap();
    let [spray, targeted, unlimited] = strategies.as_slice() else { panic!("three strategies") };
    assert!(spray["territory"].is_object() && targeted["territory"].is_object() && unlimited.get("territory").is_none());
    assert!(spray["quarters"][7]["territory"]["retouched_share"]["value"].as_f64().unwrap() > 0.9);
    // The burn: from the third quarter on, the list costs spray-and-pray
    // well over five points of mean attainment against the unlimited market.
    for q in 2..8 {
        let a = |st: &Value| st["quarters"][q]["mean_attainment"]["value"].as_f64().unwrap();
        assert!(a(unlimited) - a(spray) > 0.05, "quarter {}: {} on the list vs {} unlimited", q + 1, a(spray), a(unlimited));
    }
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2 id=\"territory\">The territory</h2>"));
    assert_eq!(html.matches("<figure id=\"territory_by_quarter\">").count(), 1, "the territory chart is shown once");
    let header = |file: &str| fs::read_to_string(out.join(file)).unwrap().lines().next().unwrap().to_string();
    assert!(
        header("summary.csv").contains("accounts_available,accounts_available_ci_low") && header("quarters.csv").contains("touches_unmade")
    );
    // `quotasim report` redraws the same bytes from summary.json.
    let names = ["territory_by_quarter.png", "territory_by_quarter.svg", "report.html"];
    let before: Vec<Vec<u8>> = names.iter().map(|n| fs::read(out.join(n)).unwrap()).collect();
    qs().arg("report").arg(&out).assert().success();
    for (n, bytes) in names.iter().zip(before) {
        assert!(fs::read(out.join(n)).unwrap() == bytes, "{n} differs after `quotasim report`");
    }
}

#[test]
fn a_scenario_without_a_market_shows_no_list() {
    let tmp = TempDir::new().unwrap();
    let (out, stdout) = run(tmp.path(), None, &[]);
    assert!(!stdout.contains("territory") && !stdout.contains("accounts"), "{stdout}");
    let text = fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!text.contains("territory") && !text.contains("market.") && !text.contains("correlations"));
    assert!(!out.join("territory_by_quarter.png").exists());
    assert!(!fs::read_to_string(out.join("quarters.csv")).unwrap().contains("accounts"));
}
