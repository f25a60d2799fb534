//! Numbers as people write them, in scenario files and `--set`: `35%`,
//! `$250k`, `1.2M`, `250,000`. They give the very run the plain numbers
//! give, and a malformed one is an error naming file, line and field.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A small scenario with its rates and money in `{win_rate}`-style holes.
fn scenario(win_rate: &str, quota: &str, deal: &str, share: &str) -> String {
    format!(
        "name = \"inputs\"\n[simulation]\ntrials = 30\nquarters = 1\nseed = 3\n[team]\nreps = 6\nquota = {quota}\n\
         [selling]\nwin_rate = {win_rate}\ndeal_size_median = {deal}\n[[strategy]]\nname = \"a\"\nmaintenance_share = {share}\n"
    )
}

/// The strategies of `summary.json` (what the run computed, without the
/// scenario's text and overrides, which differ in how they were written).
fn strategies(dir: &Path, file: &str, sets: &[&str]) -> serde_json::Value {
    let out = dir.join(format!("o-{}", sets.len()));
    let mut cmd = qs();
    cmd.args(["run", file, "--no-charts", "--out"]).arg(&out);
    for s in sets {
        cmd.args(["--set", s]);
    }
    cmd.assert().success();
    let v: serde_json::Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    fs::remove_dir_all(&out).unwrap();
    v["strategies"].clone()
}

#[test]
fn percent_and_money_as_written_give_the_same_run_as_plain_numbers() {
    let dir = TempDir::new().unwrap();
    let plain = write(dir.path(), "plain.toml", &scenario("0.35", "250000", "{ pert = [20000, 25000, 40000] }", "0.1"));
    let written =
        write(dir.path(), "written.toml", &scenario("\"35%\"", "\"$250k\"", "{ pert = [\"20k\", \"$25,000\", \"40 k\"] }", "\"10%\""));
    let base = strategies(dir.path(), &plain, &[]);
    assert_eq!(strategies(dir.path(), &written, &[]), base);
    // --set takes them bare, and they replace the file's values exactly.
    let set = strategies(dir.path(), &plain, &["selling.win_rate=30%", "team.quota=$1,200,000", "selling.deal_size_median=1.2M"]);
    let plain_set = strategies(dir.path(), &plain, &["selling.win_rate=0.3", "team.quota=1200000", "selling.deal_size_median=1200000"]);
    assert_eq!(set, plain_set);
    assert_ne!(set, base);
}

/// A rejected scenario: exit 2, no panic, and stderr holding every `needle`.
fn rejected(file: &str, sets: &[&str], needles: &[&str]) {
    let mut cmd = qs();
    cmd.args(["validate", file]);
    for s in sets {
        cmd.args(["--set", s]);
    }
    let out = cmd.assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "expected `{n}` in:\n{stderr}");
    }
}

#[test]
fn malformed_values_name_file_line_and_field() {
    let dir = TempDir::new().unwrap();
    let bad_rate = write(dir.path(), "rate.toml", &scenario("\"35 percent\"", "70000", "25000", "0.1"));
    rejected(&bad_rate, &[], &[&format!("{bad_rate}:10:"), "selling.win_rate", "`35 percent`", "35%"]);
    let decimal_comma = write(dir.path(), "comma.toml", &scenario("0.3", "\"70,5\"", "25000", "0.1"));
    rejected(&decimal_comma, &[], &[&format!("{decimal_comma}:8:"), "team.quota", "groups of three", "`70.5`"]);
    let money_as_percent = write(dir.path(), "pct.toml", &scenario("0.3", "\"70%\"", "25000", "0.1"));
    rejected(&money_as_percent, &[], &[&format!("{money_as_percent}:8:"), "team.quota", "percentage"]);
    let in_dist = write(dir.path(), "dist.toml", &scenario("0.3", "70000", "{ uniform = [\"20k\", \"2O k\"] }", "0.1"));
    rejected(&in_dist, &[], &[&format!("{in_dist}:11:"), "selling.deal_size_median", "`2O k`"]);
    let unquoted = write(dir.path(), "unquoted.toml", &scenario("35%", "70000", "25000", "0.1"));
    rejected(&unquoted, &[], &[&format!("{unquoted}:10:"), "TOML syntax error", "write it in quotes: `win_rate = \"35%\"`"]);
    let plain = write(dir.path(), "ok.toml", &scenario("0.3", "70000", "25000", "0.1"));
    rejected(&plain, &["selling.win_rate=35 pct"], &["--set", "selling.win_rate", "`35 pct`"]);
    rejected(&plain, &["team.quota=$70,00"], &["--set", "team.quota", "groups of three"]);
}

#[test]
fn a_whole_percentage_where_a_rate_is_meant_gets_the_fraction_as_a_hint() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "whole.toml", &scenario("35", "70000", "25000", "10"));
    rejected(
        &f,
        &[],
        &[&format!("{f}:10:"), "selling.win_rate", "did you mean 0.35 (\"35%\")?", "strategy.a.maintenance_share", "did you mean 0.1"],
    );
    let plain = write(dir.path(), "ok.toml", &scenario("0.3", "70000", "25000", "0.1"));
    rejected(&plain, &["selling.win_rate=35"], &["--set", "did you mean 0.35"]);
    // Not for money: 35 is out of range there, with no such hint.
    let out = qs().args(["validate", &plain, "--set", "team.quota=35"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("out of range") && !stderr.contains("did you mean"), "{stderr}");
}
