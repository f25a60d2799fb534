//! `quotasim sensitivity` as a user meets it: Sobol indices over uncertain
//! inputs rank the input that drives the metric first; Morris screens a
//! scenario with nothing uncertain; both are the same at any thread count;
//! impossible requests are refused.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn qs() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quotasim"))
}

const SMALL: [&str; 4] = ["--set", "team.reps=10", "--set", "simulation.quarters=2"];
const UNCERTAIN: [&str; 4] =
    ["--set", "selling.win_rate={ uniform = [0.1, 0.45] }", "--set", "selling.cycle_weeks_median={ uniform = [9, 11] }"];

fn json(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("sensitivity.json")).unwrap()).unwrap()
}

#[test]
fn sobol_puts_the_driving_input_first_and_draws_its_chart() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("s");
    qs().arg("sensitivity")
        .args(SMALL)
        .args(UNCERTAIN)
        .args(["--rows", "400", "--metric", "mean", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let j = json(&out);
    assert_eq!(j["method"], "sobol");
    for s in j["strategies"].as_array().unwrap() {
        let f = &s["factors"];
        assert_eq!(f[0]["factor"], "selling.win_rate");
        assert_eq!(f[2]["factor"], "luck");
        let (win, cycle) = (f[0]["first_order"].as_f64().unwrap(), f[1]["first_order"].as_f64().unwrap());
        assert!(win > 0.6 && win > 5.0 * cycle.abs(), "{s}");
        // Of what the inputs explain, nearly all is the win rate's.
        assert!(f[0]["first_order_of_inputs"].as_f64().unwrap() > 0.95, "{s}");
        assert!(f[2]["first_order_of_inputs"].is_null());
        assert!(out.join(format!("sensitivity-{}.png", s["strategy"].as_str().unwrap())).exists());
    }
}

#[test]
fn morris_screens_a_scenario_with_nothing_uncertain() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("m");
    qs().arg("sensitivity")
        .args(SMALL)
        .args(["--trajectories", "3", "--trials", "20", "--no-charts", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let j = json(&out);
    assert_eq!(j["method"], "morris");
    let effects = j["strategies"][1]["effects"].as_array().unwrap();
    assert!(effects.len() > 10);
    let mu: Vec<f64> = effects.iter().map(|e| e["mu_star"].as_f64().unwrap()).collect();
    assert!(mu.windows(2).all(|w| w[0] >= w[1]), "ranked by mu*: {mu:?}");
}

#[test]
fn results_are_the_same_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let mut seen = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        qs().arg("sensitivity")
            .args(SMALL)
            .args(UNCERTAIN)
            .args(["--rows", "100", "--no-charts", "-q", "--threads", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        seen.push(std::fs::read(out.join("sensitivity.json")).unwrap());
    }
    assert!(seen[0] == seen[1]);
}

#[test]
fn impossible_requests_are_refused() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("never");
    qs().arg("sensitivity")
        .args(SMALL)
        .args(["--method", "sobol", "-q", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no uncertain inputs"));
    qs().arg("sensitivity")
        .args(SMALL)
        .args(UNCERTAIN)
        .args(["--metric", "p50", "-q", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("median"));
    assert!(!out.exists());
}
