//! `quotasim solve` as a user meets it: the answer reproduces its target
//! when run, unreachable targets and whole-number answers are reported as
//! such, bad input is refused before anything is written, and the answer is
//! the same at any thread count.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn qs() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quotasim"))
}

/// The default scenario, small: 10 reps, 2 counted quarters.
const SMALL: [&str; 4] = ["--set", "team.reps=10", "--set", "simulation.quarters=2"];

fn solve(out: &Path, args: &[&str]) -> Value {
    qs().arg("solve").args(args).args(SMALL).args(["--trials", "200", "--no-charts", "-q", "--out"]).arg(out).assert().success();
    serde_json::from_slice(&std::fs::read(out.join("solve.json")).unwrap()).unwrap()
}

fn share_at_quota(out: &Path, strategy: usize) -> (f64, f64, f64) {
    let s: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let q = &s["strategies"][strategy]["at_quota"];
    (q["share"].as_f64().unwrap(), q["ci_low"].as_f64().unwrap(), q["ci_high"].as_f64().unwrap())
}

#[test]
fn the_quota_found_gives_the_target_share_when_run() {
    let dir = TempDir::new().unwrap();
    let j = solve(&dir.path().join("solve"), &["--param", "team.quota", "--target", "share_at_quota=50%", "--strategy", "targeted"]);
    let answer = &j["strategies"][0]["answer"];
    assert_eq!(answer["kind"], "target_met");
    let quota = answer["value"].as_f64().unwrap();
    let (lo, hi) = (answer["ci_low"].as_f64().unwrap(), answer["ci_high"].as_f64().unwrap());
    assert!(lo < quota && quota < hi, "{answer}");
    // The same trials at the answer: the share is the target, within the
    // run's own 95% interval (plus the straight line between evaluations).
    let run = dir.path().join("run");
    qs().arg("run")
        .args(SMALL)
        .args(["--set", &format!("team.quota={quota}"), "--trials", "200", "--no-charts", "-q", "--out"])
        .arg(&run)
        .assert()
        .success();
    let (share, ci_lo, ci_hi) = share_at_quota(&run, 1);
    assert!((share - 0.5).abs() <= 0.5 * (ci_hi - ci_lo) + 0.005, "share {share} at quota {quota}");
}

#[test]
fn an_unreachable_target_is_an_answer_not_an_error() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("s");
    let j = solve(&out, &["--param", "team.quota", "--target", "share_at_quota=99%", "--strategy", "targeted"]);
    assert_eq!(j["strategies"][0]["answer"]["kind"], "unreachable");
    let text = std::fs::read_to_string(out.join("answer.txt")).unwrap();
    assert!(text.contains("out of reach"), "{text}");
}

#[test]
fn seats_are_solved_in_whole_numbers_and_say_their_cost() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("s");
    let j = solve(&out, &["--param", "team.reps", "--maximize", "mean", "--strategy", "targeted", "--within", "2:12"]);
    let s = &j["strategies"][0];
    assert_eq!(s["answer"]["kind"], "optimum");
    let x = s["answer"]["value"].as_f64().unwrap();
    assert_eq!(x.fract(), 0.0);
    assert!((2.0..=12.0).contains(&x));
    for e in s["evaluations"].as_array().unwrap() {
        assert_eq!(e["value"].as_f64().unwrap().fract(), 0.0, "{e}");
    }
    if x != 10.0 {
        assert!(s["cost"].as_str().unwrap().contains("seats"), "{s}");
    }
}

#[test]
fn the_answer_is_the_same_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let args = ["--param", "selling.win_rate", "--target", "mean=0.8", "--strategy", "targeted"];
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        qs().arg("solve")
            .args(args)
            .args(SMALL)
            .args(["--trials", "120", "-q", "--threads", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        let read = |name: &str| std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        files.push((read("solve.json"), read("solve.png"), read("report.html")));
    }
    assert!(files[0] == files[1], "solve.json, the chart or report.html differ between 1 and 2 threads");
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--param", "team.qouta", "--target", "share_at_quota=50%"], "team.quota"),
        (&["--param", "team.quota", "--target", "share_at_quota=150%"], "a share"),
        (&["--param", "team.quota", "--target", "nonsense=3"], "nonsense"),
        (&["--param", "team.quota", "--target", "share_at_quota=50%", "--within", "90000:10000"], "LO must be below HI"),
        (&["--param", "team.quota", "--target", "share_at_quota"], "METRIC=VALUE"),
        (&["--param", "team.reps", "--target", "mean=1", "--within", "2.5:9"], "whole numbers"),
    ];
    for (args, says) in cases {
        let out = dir.path().join("never");
        qs().arg("solve").args(args).args(SMALL).args(["-q", "--out"]).arg(&out).assert().code(2).stderr(predicate::str::contains(says));
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    qs().args(["solve", "--param", "team.quota"]).assert().code(2);
}

#[test]
fn the_title_says_what_each_of_two_strategies_gives() {
    // Spray-and-pray tops out near 45% at quota over the quota's whole range;
    // targeted crosses 60%. The title leads with the answer and names the other.
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("s");
    qs().args(["solve", "--param", "team.quota", "--target", "share_at_quota=60%"])
        .args(SMALL)
        .args(["--trials", "200", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&std::fs::read(out.join("solve.json")).unwrap()).unwrap();
    assert_eq!(j["strategies"][0]["answer"]["kind"], "unreachable");
    assert_eq!(j["strategies"][1]["answer"]["kind"], "target_met");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("at quota for targeted; out of reach for spray-and-pray (closest: "), "{html}");
}
