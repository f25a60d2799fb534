//! Sweeps, tornado, coverage plans and precision runs, end to end and through
//! the library. Scenarios are kept small (few reps, quarters and trials) so
//! the whole file runs in seconds in release mode.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

use quotasim::engine::Lockstep;
use quotasim::engine::{Engine, RunControl};
use quotasim::scenario::{Scenario, apply_override};
use quotasim::stats::Metric as RecordMetric;

/// The default scenario made small: 8 reps, 2 counted quarters, 60 trials.
fn small_toml(extra: &str) -> String {
    let base = quotasim::scenario::DEFAULT_SCENARIO
        .replace("trials = 1000", "trials = 60")
        .replace("quarters = 4 ", "quarters = 2 ")
        .replace("reps = 40", "reps = 8");
    format!("{base}\n{extra}\n")
}

fn write_scenario(dir: &TempDir, extra: &str) -> std::path::PathBuf {
    let p = dir.path().join("small.toml");
    std::fs::write(&p, small_toml(extra)).unwrap();
    p
}

fn qs() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quotasim"))
}

/// Rows of a CSV as maps from header to cell.
fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|rec| head.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}

#[test]
fn common_random_numbers_make_neighbouring_points_paired() {
    let base = Scenario::from_toml(&small_toml(""), "small").unwrap();
    let at = |t: &str| {
        let mut s = base.clone();
        apply_override(&mut s, "strategy.targeted.coverage_target", t).unwrap();
        s
    };
    let (a, b) = (at("3"), at("3.25"));
    let trials = 0..200;
    let lock = Lockstep::new(&[a.clone(), b.clone()], &[(0, 1)]);
    let acc = lock.run(trials.clone(), &mut RunControl::default()).unwrap();
    let paired = acc.pairs[0].strategies[1].mean.variance();
    // The same two points run independently (different seeds): the variance of
    // a difference of independent trial means is the sum of their variances.
    let mut b_other = b.clone();
    b_other.counts[quotasim::scenario::Count::Seed] += 1;
    let run_a = Engine::new(&a).run(trials.clone(), &mut RunControl::default()).unwrap();
    let run_b = Engine::new(&b_other).run(trials, &mut RunControl::default()).unwrap();
    let var = |r: &quotasim::stats::RunAccum| r.strategies[1].mean_of(RecordMetric::Attainment).variance();
    let independent = var(&run_a) + var(&run_b);
    assert!(paired > 0.0, "the points differ");
    assert!(paired < 0.1 * independent, "paired variance {paired} vs independent {independent}");
}

fn s_seed(summary: &serde_json::Value) -> String {
    summary["seed"].as_u64().unwrap().to_string()
}

#[test]
fn sweep_point_equals_run_with_set_at_same_seed() {
    let dir = TempDir::new().unwrap();
    let scen = write_scenario(&dir, "");
    let out = dir.path().join("sw");
    qs().args(["sweep", scen.to_str().unwrap(), "--param", "selling.win_rate", "--values", "0.25,0.35", "-q", "--no-charts", "--out"])
        .arg(&out)
        .assert()
        .success();
    let rows = csv_rows(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 4, "2 points x 2 strategies");
    let run_out = dir.path().join("run");
    let output = qs()
        .args(["run", scen.to_str().unwrap(), "--set", "selling.win_rate=0.35", "--json", "-q", "--no-charts", "--out"])
        .arg(&run_out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for s in summary["strategies"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let row = rows.iter().find(|r| r["point"] == "1" && r["strategy"] == name).unwrap();
        // The CSV keeps shares to 0.001 percentage points (five decimals).
        let csv: f64 = row["share_at_quota"].parse().unwrap();
        assert!((csv - s["at_quota"]["share"].as_f64().unwrap()).abs() <= 5e-6, "{name}");
        let mean: f64 = row["mean_attainment"].parse().unwrap();
        assert!((mean - s["attainment"]["mean"].as_f64().unwrap()).abs() <= 5e-6, "{name}");
        assert_eq!(row["run_seed"], s_seed(&summary), "{name}");
    }
    // The point's own summary is the run's, byte for byte.
    assert_eq!(std::fs::read(out.join("points/001/summary.json")).unwrap(), std::fs::read(run_out.join("summary.json")).unwrap());
}

#[test]
fn unknown_sweep_paths_list_the_valid_ones() {
    qs().args(["sweep", "--param", "policy.coverage_targt", "--values", "2,3", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `policy.coverage_target`"))
        .stderr(predicate::str::contains("valid paths:"))
        .stderr(predicate::str::contains("strategy.targeted.touches_per_week"));
    qs().args(["sweep", "--param", "strategy.nobody.win_rate", "--values", "0.2", "-q"]).assert().code(2);
    // Out of range, and not numeric.
    qs().args(["sweep", "--param", "selling.win_rate", "--values", "0.5,1.5", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out of range"));
    qs().args(["sweep", "--param", "policy.count_pipeline_at", "--values", "1", "-q"]).assert().code(2);
}

#[test]
fn malformed_sweep_arguments_are_usage_errors() {
    for args in [
        vec!["--param", "policy.coverage_target", "--range", "1:8"],
        vec!["--param", "policy.coverage_target", "--range", "8:1:1"],
        vec!["--param", "policy.coverage_target", "--range", "1:8:0"],
        vec!["--param", "policy.coverage_target", "--range", "a:b:c"],
        vec!["--param", "policy.coverage_target", "--values", "2,,3"],
        vec!["--param", "policy.coverage_target"],
        vec!["--values", "2,3", "--param", "policy.coverage_target"],
        vec!["--param", "policy.coverage_target", "--values", "2", "--range", "1:2:1"],
        vec!["--param", "policy.coverage_target", "--values", "2", "--precision", "-1"],
    ] {
        qs().arg("sweep").args(&args).arg("-q").assert().code(2);
    }
}

#[test]
fn two_params_make_a_grid_with_heatmaps() {
    let dir = TempDir::new().unwrap();
    let scen = write_scenario(&dir, "");
    let out = dir.path().join("grid");
    qs().args(["sweep", scen.to_str().unwrap(), "--param", "policy.coverage_target", "--values", "2,4"])
        .args(["--param", "selling.win_rate", "--range", "0.2:0.3:0.05", "--trials", "20", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let rows = csv_rows(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 2 * 3 * 2);
    assert_eq!(rows[4]["policy.coverage_target"], "2");
    assert_eq!(rows[4]["selling.win_rate"], "0.3");
    for f in ["heatmap-targeted.png", "heatmap-targeted.svg", "heatmap-spray-and-pray.png", "sweep.json", "points/005/summary.json"] {
        assert!(out.join(f).exists(), "{f}");
    }
}

#[test]
fn declared_sweeps_run_and_bad_ones_fail_at_load() {
    let dir = TempDir::new().unwrap();
    let scen = write_scenario(&dir, "[[sweep]]\nname = \"cov\"\nparam = \"strategy.targeted.coverage_target\"\nrange = \"2:4:1\"\n");
    let out = dir.path().join("declared");
    qs().args(["sweep", scen.to_str().unwrap(), "--name", "cov", "--trials", "10", "-q", "--no-charts", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("sweep `cov`"));
    assert_eq!(csv_rows(&out.join("sweep.csv")).len(), 3 * 2);
    qs().args(["sweep", scen.to_str().unwrap(), "--name", "nope", "-q"]).assert().code(2).stderr(predicate::str::contains("cov"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, small_toml("[[sweep]]\nname = \"x\"\nparam = \"selling.win_rat\"\nvalues = [0.2]\n")).unwrap();
    qs().args(["validate", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `selling.win_rate`"))
        .stderr(predicate::str::contains("bad.toml:"));
    std::fs::write(&bad, small_toml("[[sweep]]\nname = \"x\"\nparam = \"selling.win_rate\"\nrange = \"0.2:0.1:0.1\"\nstep = 1\n")).unwrap();
    qs().args(["validate", bad.to_str().unwrap()]).assert().code(2).stderr(predicate::str::contains("unknown key `step`"));
}

#[test]
fn a_parameter_that_cannot_matter_gets_a_zero_bar() {
    // With no new hires (new_hire_share = 0), the ramp length changes nothing.
    let dir = TempDir::new().unwrap();
    let scen = write_scenario(&dir, "");
    let out = dir.path().join("tornado");
    qs().args(["tornado", scen.to_str().unwrap(), "--trials", "20", "-q", "--out"]).arg(&out).assert().success();
    let rows = csv_rows(&out.join("tornado.csv"));
    for strategy in ["spray-and-pray", "targeted"] {
        let ramp = rows.iter().find(|r| r["strategy"] == strategy && r["parameter"] == "ramp_quarters").unwrap();
        for col in ["high_minus_low", "high_minus_low_ci_low", "high_minus_low_ci_high", "low_minus_base", "high_minus_base"] {
            assert_eq!(ramp[col].parse::<f64>().unwrap(), 0.0, "{strategy} {col}");
        }
        // The win rate matters, and bars are ranked by effect.
        let win = rows.iter().find(|r| r["strategy"] == strategy && r["parameter"] == "win_rate").unwrap();
        assert!(win["high_minus_low_ci_low"].parse::<f64>().unwrap() > 0.0);
        assert!(win["rank"].parse::<u32>().unwrap() < ramp["rank"].parse::<u32>().unwrap());
        let skipped = rows.iter().find(|r| r["strategy"] == strategy && r["parameter"] == "new_hire_share").unwrap();
        assert!(skipped["note"].starts_with("skipped"));
    }
    assert!(out.join("tornado-targeted.png").exists());
    qs().args(["tornado", "--swing", "20", "-q"]).assert().code(2).stderr(predicate::str::contains("20%"));
}

#[test]
fn plan_coverage_finds_a_known_optimum() {
    // No meeting or deal hours compete with prospecting, and nothing is done
    // at or above target (maintenance_share = 0). So target 0 means no
    // prospecting at all (nobody reaches quota), and an unreachable target
    // (50x) means full cadence always, which is best; under both counting
    // rules the 50x runs are identical, and ties go to the qualified count.
    let extra_team = "hours_per_first_meeting = 0.0\nhours_per_second_meeting = 0.0\ndeal_hours_per_week = 0.0\n";
    let text = small_toml("")
        .replace("maintenance_share = 0.25", "maintenance_share = 0.0")
        .replace("\n[selling]", &format!("\n[selling]\n{extra_team}"));
    let text = text
        .replace("hours_per_first_meeting = 1.5", "")
        .replace("hours_per_second_meeting = 2.0", "")
        .replace("deal_hours_per_week = 1.0", "");
    let dir = TempDir::new().unwrap();
    let scen = dir.path().join("known.toml");
    std::fs::write(&scen, text).unwrap();
    let out = dir.path().join("plan");
    qs().args(["plan-coverage", scen.to_str().unwrap(), "--targets", "0,1,50", "--strategy", "targeted", "--trials", "30", "-q", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("targeted: the highest share of rep-quarters at quota comes from a 50x coverage target"));
    let all = csv_rows(&out.join("plan.csv"));
    let rows: Vec<_> = all.iter().filter(|r| r["stage"] == "screen").cloned().collect();
    assert_eq!(rows.len(), 3 * 2);
    let best: Vec<_> = rows.iter().filter(|r| r["is_best"] == "true").collect();
    assert_eq!(best.len(), 1);
    assert_eq!((best[0]["coverage_target"].as_str(), best[0]["count_pipeline_at"].as_str()), ("50", "second_meeting"));
    for r in rows.iter().filter(|r| r["coverage_target"] == "0") {
        assert_eq!(r["value"].parse::<f64>().unwrap(), 0.0);
        assert_eq!(r["within_noise_of_best"], "false");
    }
    // The first-meeting run at 50x is the same simulation: exactly tied.
    let tie = rows.iter().find(|r| r["coverage_target"] == "50" && r["count_pipeline_at"] == "first_meeting").unwrap();
    assert_eq!(tie["minus_best"].parse::<f64>().unwrap(), 0.0);
    let verdict = std::fs::read_to_string(out.join("verdict.txt")).unwrap();
    assert!(verdict.contains("better"), "{verdict}");
    // Nothing is ever at 50x: the target is out of reach under both rules.
    for rule in ["second", "first"] {
        let line = format!("From 50x up, the target is out of reach counting at the {rule} meeting: no rep-week had pipeline");
        assert!(verdict.contains(&line), "{verdict}");
    }
    assert!(out.join("plan-targeted.png").exists());
    qs().args(["plan-coverage", "--strategy", "nobody", "-q"]).assert().code(2);
    qs().args(["plan-coverage", "--targets", "-1:2:1", "-q"]).assert().code(2);
    qs().args(["plan-coverage", "--tolerance", "-1", "-q"]).assert().code(2).stderr(predicate::str::contains("--tolerance"));
}

#[test]
fn the_practical_answer_is_confirmed_and_its_hours_are_exact() {
    // As above: with no meeting or deal hours and nothing done at target, a
    // 0x target means no prospecting (0 hours a week, nobody at quota) and an
    // unreachable one the full cadence, 100 touches of 7 minutes (11.67 of the
    // 24 selling hours: the cadence binds, not the hours). With a tolerance
    // of 99 points the smallest target, 0x, is the practical answer.
    let text = small_toml("")
        .replace("maintenance_share = 0.25", "maintenance_share = 0.0")
        .replace("hours_per_first_meeting = 1.5", "hours_per_first_meeting = 0.0")
        .replace("hours_per_second_meeting = 2.0", "hours_per_second_meeting = 0.0")
        .replace("deal_hours_per_week = 1.0", "deal_hours_per_week = 0.0");
    let dir = TempDir::new().unwrap();
    let scen = dir.path().join("known.toml");
    std::fs::write(&scen, text).unwrap();
    let out = dir.path().join("plan");
    // Confirmed with every trial (--confirm-precision 0).
    let args = [
        "--targets",
        "0,50",
        "--strategy",
        "targeted",
        "--trials",
        "40",
        "--screen-trials",
        "10",
        "--tolerance",
        "99",
        "--confirm-precision",
        "0",
    ];
    qs().args(["plan-coverage", scen.to_str().unwrap()]).args(args).args(["-q", "--no-charts", "--out"]).arg(&out).assert().success();
    let rows = csv_rows(&out.join("plan.csv"));
    let confirmed: Vec<_> = rows.iter().filter(|r| r["stage"] == "confirmed").collect();
    let screen = rows.iter().filter(|r| r["stage"] == "screen");
    assert!(screen.clone().all(|r| r["trials"] == "10"));
    assert!(confirmed.iter().all(|r| r["trials"] == "40"));
    let hours = |r: &std::collections::HashMap<String, String>| r["prospecting_hours_per_week"].parse::<f64>().unwrap();
    let best = confirmed.iter().find(|r| r["is_best"] == "true").unwrap();
    let practical = confirmed.iter().find(|r| r["is_practical"] == "true").unwrap();
    assert_eq!((best["coverage_target"].as_str(), practical["coverage_target"].as_str()), ("50", "0"));
    // Exact to the CSV's six significant digits.
    assert!((hours(best) - 100.0 * 7.0 / 60.0).abs() <= 5e-5 && hours(practical) == 0.0, "{} {}", hours(best), hours(practical));
    assert_eq!(practical["value"].parse::<f64>().unwrap(), 0.0);
    let verdict = std::fs::read_to_string(out.join("verdict.txt")).unwrap();
    assert!(verdict.contains("Practical answer: 0x, within 99 points of the best") && verdict.contains("saves 11.7"), "{verdict}");

    // The confirmed best is exactly a run of that policy with the full trials.
    let output = qs()
        .args(["run", scen.to_str().unwrap(), "--trials", "40", "--json", "-q", "--no-charts", "--out"])
        .arg(dir.path().join("run"))
        .args(["--set", "strategy.targeted.coverage_target=50", "--set", "strategy.targeted.count_pipeline_at=second_meeting"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let targeted = summary["strategies"].as_array().unwrap().iter().find(|s| s["name"] == "targeted").unwrap();
    // The same figure, to the CSV's five decimals of a share.
    assert!((best["value"].parse::<f64>().unwrap() - targeted["at_quota"]["share"].as_f64().unwrap()).abs() <= 5e-6);
}

#[test]
fn annual_metrics_need_a_planning_year() {
    let dir = TempDir::new().unwrap();
    let scen = write_scenario(&dir, "");
    for cmd in ["plan-coverage", "tornado"] {
        qs().args([cmd, scen.to_str().unwrap(), "--metric", "makes_plan", "-q"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("needs a planning year"));
    }
}

#[test]
fn precision_targets_stop_and_say_why() {
    let dir = TempDir::new().unwrap();
    let scen = write_scenario(&dir, "");
    let out = dir.path().join("prec");
    qs().args(["sweep", scen.to_str().unwrap(), "--param", "selling.win_rate", "--values", "0.25,0.3"])
        .args(["--precision", "0.03", "--max-trials", "2000", "-q", "--no-charts", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Stopped: precision reached"));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(json["stopping"]["reason"], "precision_reached");
    assert!(json["stopping"]["achieved_half_width"].as_f64().unwrap() <= 0.03);
    let point: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("points/000/summary.json")).unwrap()).unwrap();
    assert_eq!(point["trials"], json["trials"]);

    let output = qs()
        .args(["run", scen.to_str().unwrap(), "--precision", "0.0001", "--max-trials", "80", "--json", "-q", "--no-charts", "--out"])
        .arg(dir.path().join("run"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["stopping"]["reason"], "trial_cap_reached");
    assert_eq!(summary["trials"], 80);
}

#[test]
fn the_confirmation_stops_at_its_precision_on_the_same_trials() {
    // A precision met at once (half of a 99-point tolerance) stops after the
    // first batch: the screen's trials, at least 20. One never met (0.001
    // points) runs to the cap. Either way a confirmed figure is exactly a run
    // of that policy with that many trials (to the CSV's five decimals, a
    // half-way value rounding either way).
    let dir = TempDir::new().unwrap();
    let scen = dir.path().join("small.toml");
    std::fs::write(&scen, small_toml("")).unwrap();
    let plan = |extra: &[&str], name: &str| {
        let out = dir.path().join(name);
        let args = ["--targets", "2,3", "--strategy", "targeted", "--trials", "60", "--screen-trials", "10", "-q", "--no-charts", "--out"];
        qs().args(["plan-coverage", scen.to_str().unwrap()]).args(extra).args(args).arg(&out).assert().success();
        let rows = csv_rows(&out.join("plan.csv"));
        let best = rows.into_iter().find(|r| r["stage"] == "confirmed" && r["is_best"] == "true").unwrap();
        let policy = (best["coverage_target"].clone(), best["count_pipeline_at"].clone());
        (best["trials"].parse::<u64>().unwrap(), policy, best["value"].parse::<f64>().unwrap())
    };
    let run_value = |trials: u64, (target, rule): &(String, String)| {
        let output = qs()
            .args(["run", scen.to_str().unwrap(), "--trials", &trials.to_string(), "--json", "-q", "--no-charts", "--out"])
            .arg(dir.path().join(format!("run-{trials}")))
            .args(["--set", &format!("strategy.targeted.coverage_target={target}")])
            .args(["--set", &format!("strategy.targeted.count_pipeline_at={rule}")])
            .output()
            .unwrap();
        assert!(output.status.success());
        let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let s = summary["strategies"].as_array().unwrap().iter().find(|s| s["name"] == "targeted").unwrap().clone();
        s["at_quota"]["share"].as_f64().unwrap()
    };
    let (trials, policy, value) = plan(&["--tolerance", "99"], "loose");
    assert_eq!(trials, 20);
    let v20 = run_value(20, &policy);
    assert!((value - v20).abs() <= 5.000_001e-6, "{value} {v20} {policy:?}");
    let (trials, policy, value) = plan(&["--confirm-precision", "0.001"], "tight");
    assert_eq!(trials, 60);
    assert!((value - run_value(60, &policy)).abs() <= 5.000_001e-6);
    qs().args(["plan-coverage", "--confirm-precision", "-1", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--confirm-precision"));
}
