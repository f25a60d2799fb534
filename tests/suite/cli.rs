//! The `quotasim` binary as a user meets it: commands, outputs, determinism,
//! common random numbers, and every class of bad input.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A small but complete scenario: fast enough for many runs in a test.
const SMALL: &str = r#"
name = "small"
[simulation]
trials = 40
quarters = 2
warmup_quarters = 1
seed = 5
[team]
reps = 10
[[strategy]]
name = "volume"
touches_per_week = 300
minutes_per_touch = 2.0
count_pipeline_at = "first_meeting"
prospecting_priority = "mandate"
coverage_target = 6
[[strategy]]
name = "focus"
touches_per_week = 90
minutes_per_touch = 7.0
fit = { beta = [3.0, 2.0] }
win_rate = { pert = [0.2, 0.3, 0.35] }
"#;

#[test]
fn run_without_argument_uses_builtin_default() {
    let dir = TempDir::new().unwrap();
    qs().current_dir(dir.path())
        .args(["run", "--trials", "20", "--no-charts"])
        .assert()
        .success()
        .stdout(predicate::str::contains("spray-and-pray").and(predicate::str::contains("At quota")));
    let out = dir.path().join("output/mid-market-team-spray-and-pray-vs-targeted");
    assert!(out.join("summary.json").is_file());
    assert!(out.join("summary.csv").is_file());
}

#[test]
fn builtin_default_is_scenarios_default() {
    let file = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/default.toml")).unwrap();
    assert_eq!(file, quotasim::scenario::DEFAULT_SCENARIO);
}

#[test]
fn json_flag_prints_only_the_summary() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "s.toml", SMALL);
    let out = qs().args(["run", &f, "--json", "--no-charts", "--out"]).arg(dir.path().join("o")).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document");
    assert_eq!(v["trials"], 40);
    assert_eq!(v["seed"], 5);
    assert_eq!(v["scenario"]["name"], "small");
    assert_eq!(v["scenario"]["sha256"].as_str().unwrap().len(), 64);
    let s = &v["strategies"][1];
    for key in ["mean", "std", "p10", "p25", "p50", "p75", "p90", "p10_ci", "p90_ci"] {
        assert!(!s["attainment"][key].is_null(), "attainment.{key}");
    }
    for key in ["share", "ci_low", "ci_high"] {
        assert!(s["at_quota"][key].is_number() && s["team_at_plan"][key].is_number());
    }
    for key in ["touches", "connects", "first_meetings", "qualified", "won"] {
        assert!(s["funnel"][key].is_number());
    }
    assert!(s["coverage_start"]["first_meeting"].is_number());
    let edges = s["histogram"]["edges"].as_array().unwrap().len();
    let counts = s["histogram"]["counts"].as_array().unwrap().len();
    assert_eq!(edges, counts + 1);
    assert!(s["paired"]["attainment_diff"]["ci_low"].is_number());
    // The file on disk is the same document.
    let on_disk = fs::read(dir.path().join("o/summary.json")).unwrap();
    assert_eq!(on_disk, out.stdout);
}

#[test]
fn results_are_identical_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "s.toml", SMALL);
    let mut outputs = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = dir.path().join(format!("t{threads}"));
        qs().args(["run", &f, "--no-charts", "--records", "--threads", threads, "--out"]).arg(&out).assert().success();
        outputs.push((fs::read(out.join("summary.json")).unwrap(), fs::read(out.join("records.csv")).unwrap()));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "summary.json and records.csv differ across thread counts");
    // One record per rep-quarter and strategy, plus the header.
    let rows = String::from_utf8(outputs[0].1.clone()).unwrap().lines().count();
    assert_eq!(rows, 1 + 40 * 10 * 2 * 2);
}

#[test]
fn seed_changes_results_and_same_seed_repeats_them() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "s.toml", SMALL);
    let run = |seed: &str| {
        qs().args(["run", &f, "--json", "--no-charts", "--seed", seed, "--out"]).arg(dir.path().join(seed)).output().unwrap().stdout
    };
    assert_eq!(run("1"), run("1"));
    assert_ne!(run("1"), run("2"));
}

#[test]
fn strategies_differing_in_an_irrelevant_parameter_are_identical() {
    // The coverage target is never reached, so the maintenance share cannot matter:
    // common random numbers must give the same rep-quarters, paired difference exactly 0.
    let text = r#"
name = "crn"
[simulation]
trials = 30
quarters = 2
[team]
reps = 8
[policy]
coverage_target = 100
[[strategy]]
name = "a"
maintenance_share = 0.1
[[strategy]]
name = "b"
maintenance_share = 0.9
"#;
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "crn.toml", text);
    let out = qs().args(["run", &f, "--json", "--no-charts", "--out"]).arg(dir.path().join("o")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (a, b) = (&v["strategies"][0], &v["strategies"][1]);
    for key in ["attainment", "at_quota", "funnel", "histogram", "coverage_start", "top20"] {
        assert_eq!(a[key], b[key], "{key} differs");
    }
    assert_eq!(b["paired"]["attainment_diff"]["value"], 0.0);
    assert_eq!(b["paired"]["attainment_diff"]["ci_high"], 0.0);
}

#[test]
fn set_overrides_apply_and_are_recorded() {
    let dir = TempDir::new().unwrap();
    let out = qs()
        .args([
            "run",
            "--trials",
            "10",
            "--json",
            "--no-charts",
            "--set",
            "policy.coverage_target=8",
            "--set",
            "strategy.targeted.touches_per_week=60",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let overrides = v["scenario"]["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 2);
    let row = v["parameters"].as_array().unwrap().iter().find(|r| r["key"] == "touches_per_week").unwrap();
    assert_eq!(row["values"][1]["value"], "60");
    assert_eq!(row["values"][1]["origin"], "override");
}

#[test]
fn init_writes_a_scenario_that_validates_and_refuses_to_overwrite() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("mine.toml");
    qs().args(["init"]).arg(&path).assert().success();
    qs().args(["validate"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid").and(predicate::str::contains("coverage_target")));
    qs().args(["init"]).arg(&path).assert().code(2).stderr(predicate::str::contains("--force"));
    qs().args(["init", "--force"]).arg(&path).assert().success();
}

#[test]
fn every_shipped_scenario_validates() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut n = 0;
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            qs().arg("validate").arg(&p).assert().success();
            n += 1;
        }
    }
    assert!(n >= 3);
}

/// A bad scenario: exit 2, and stderr names the file, the line (and column), and the key path.
fn rejects(text: &str, line: usize, key_path: &str, message: &str) {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "bad.toml", text);
    let assert = qs().args(["run", &f, "--no-charts", "--out"]).arg(dir.path().join("o")).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let located = format!("{f}:{line}:");
    let at = stderr.find(&located).unwrap_or_else(|| panic!("expected `{located}` in:\n{stderr}"));
    // ... followed by the column: `file:line:column: `.
    let column: String = stderr[at + located.len()..].chars().take_while(char::is_ascii_digit).collect();
    assert!(!column.is_empty() && stderr[at + located.len() + column.len()..].starts_with(": "), "no column in:\n{stderr}");
    assert!(stderr.contains(key_path), "expected `{key_path}` in:\n{stderr}");
    assert!(stderr.contains(message), "expected `{message}` in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.path().join("o/summary.json").exists(), "no output for bad input");
}

const HEAD: &str = "name = \"x\"\n[[strategy]]\nname = \"a\"\n";

#[test]
fn bad_input_toml_syntax() {
    rejects("name = \"x\"\n[team\nreps = 3\n", 2, "", "TOML syntax error");
}

#[test]
fn bad_input_unknown_key_suggests_nearest() {
    rejects(&format!("{HEAD}win_rat = 0.3\n"), 4, "strategy.a.win_rat", "did you mean `win_rate`");
    rejects(
        "name = \"x\"\n[selling]\ncoverage_target = 3\n[[strategy]]\nname = \"a\"\n",
        3,
        "selling.coverage_target",
        "belongs in [policy]",
    );
}

#[test]
fn bad_input_wrong_type() {
    rejects(&format!("{HEAD}win_rate = \"high\"\n"), 4, "strategy.a.win_rate", "found a string");
    rejects("name = \"x\"\n[simulation]\ntrials = 10.5\n[[strategy]]\nname = \"a\"\n", 3, "simulation.trials", "whole number");
}

#[test]
fn bad_input_nan_and_inf() {
    rejects(&format!("{HEAD}win_rate = nan\n"), 4, "strategy.a.win_rate", "not a finite number");
    rejects(&format!("{HEAD}touches_per_week = inf\n"), 4, "strategy.a.touches_per_week", "not a finite number");
}

#[test]
fn bad_input_out_of_range() {
    rejects(&format!("{HEAD}win_rate = 1.2\n"), 4, "strategy.a.win_rate", "out of range");
    rejects(&format!("{HEAD}connect_rate = 0\n"), 4, "strategy.a.connect_rate", "out of range");
    rejects("name = \"x\"\n[team]\nhours_per_week = -5\n[[strategy]]\nname = \"a\"\n", 3, "team.hours_per_week", "out of range");
    rejects(&format!("{HEAD}deal_size_sigma = 0\n"), 4, "strategy.a.deal_size_sigma", "out of range");
    rejects(&format!("{HEAD}fit = {{ beta = [0, 2] }}\n"), 4, "strategy.a.fit", "beta needs a > 0");
    rejects(
        "name = \"x\"\n[simulation]\nweeks_per_quarter = 0\n[[strategy]]\nname = \"a\"\n",
        3,
        "simulation.weeks_per_quarter",
        "out of range",
    );
    rejects("name = \"x\"\n[simulation]\ntrials = 0\n[[strategy]]\nname = \"a\"\n", 3, "simulation.trials", "out of range");
}

#[test]
fn bad_input_inconsistent_values() {
    rejects(&format!("{HEAD}maintenance_share = 1.5\n"), 4, "strategy.a.maintenance_share", "out of range");
    rejects(&format!("{HEAD}win_rate = {{ uniform = [0.2, 1.4] }}\n"), 4, "strategy.a.win_rate", "leaves the valid range");
    rejects(&format!("{HEAD}win_rate = {{ normal = [0.1, 0.2] }}\n"), 4, "strategy.a.win_rate", "leaves the valid range");
    rejects(&format!("{HEAD}win_rate = {{ uniform = [0.4, 0.2] }}\n"), 4, "strategy.a.win_rate", "lo < hi");
    rejects(&format!("{HEAD}win_rate = {{ gaussian = [0.3, 0.1] }}\n"), 4, "strategy.a.win_rate", "unknown distribution");
    rejects("name = \"x\"\n[[strategy]]\nname = \"a\"\nquota = 5\n", 4, "strategy.a.quota", "shared by all strategies");
}

#[test]
fn bad_input_strategy_names() {
    rejects("name = \"x\"\n[[strategy]]\nname = \"\"\n", 3, "strategy.name", "empty");
    rejects("name = \"x\"\n[[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"a\"\n", 5, "strategy.name", "duplicate strategy name");
    rejects("name = \"x\"\n[strategy]\nname = \"a\"\n", 2, "strategy", "[[strategy]]");
    rejects("name = \"x\"\n", 2, "strategy", "no [[strategy]]");
}

#[test]
fn bad_flags_exit_2_with_a_clear_message() {
    let dir = TempDir::new().unwrap();
    qs().args(["run", "--trials", "0"]).assert().code(2).stderr(predicate::str::contains("--trials"));
    qs().args(["run", "--threads", "0"]).assert().code(2);
    qs().args(["run", "--set", "policy.coverage_targt=3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `policy.coverage_target`"));
    qs().args(["run", "--set", "strategy.nobody.win_rate=0.3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no strategy named `nobody`"));
    qs().args(["run", "--set", "selling.win_rate=2"]).assert().code(2).stderr(predicate::str::contains("out of range"));
    qs().args(["run", "--set", "nonsense"]).assert().code(2).stderr(predicate::str::contains("PATH=VALUE"));
    qs().args(["run", "missing.toml"]).current_dir(dir.path()).assert().code(2).stderr(predicate::str::contains("missing.toml"));
    qs().args(["run", "--precision", "-1"]).assert().code(2);
    qs().args(["run", "--metric", "bogus", "--precision", "0.01"]).assert().code(2);
}

#[test]
fn unwritable_output_folder_fails_before_simulating() {
    let dir = TempDir::new().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "not a folder").unwrap();
    qs().args(["run", "--trials", "5", "--out"]).arg(blocker.join("sub")).assert().code(1).stderr(predicate::str::contains("not writable"));
}

#[test]
fn undefined_figures_survive_the_round_trip_through_summary_json() {
    // A strategy that never prospects has no pipeline and closes nothing: its
    // implied loss rate and win rates are undefined (null), and `report` must
    // still redraw everything from summary.json.
    let text = "name = \"idle\"\n[simulation]\ntrials = 5\nquarters = 1\n[team]\nreps = 3\n[[strategy]]\nname = \"idle\"\ntouches_per_week = 0\n[[strategy]]\nname = \"busy\"\n";
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "idle.toml", text);
    let out = dir.path().join("o");
    qs().args(["run", &f, "--out"]).arg(&out).assert().success().stdout(predicate::str::contains("idle"));
    let v: serde_json::Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert!(v["strategies"][0]["implied_loss_rate"]["first_meeting"].is_null());
    assert!(v["strategies"][0]["win_rate"]["qualified"]["value"].is_null());
    let before = fs::read(out.join("report.html")).unwrap();
    qs().args(["report"]).arg(&out).assert().success();
    assert_eq!(fs::read(out.join("report.html")).unwrap(), before);
}
