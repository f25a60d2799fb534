//! The planning year as a reader gets it from `quotasim run`: the terminal's
//! year section, quarters.csv next to summary.csv, summary.csv's year
//! columns, the chart and report.html's year section.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn run(dir: &Path, args: &[&str]) -> (PathBuf, String) {
    let out = dir.join("o");
    let assert = Command::cargo_bin("quotasim")
        .expect("binary built")
        .args(["run", "--trials", "30", "--set", "team.reps=10"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    (out, String::from_utf8(assert.get_output().stdout.clone()).unwrap())
}

fn csv(path: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(path).unwrap().lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn a_run_reports_its_year_everywhere() {
    let tmp = TempDir::new().unwrap();
    let year = ["--set", "team.attrition_rate=0.2", "--set", "team.new_hire_share=0.3", "--set", "seasonality.first_quarter=3"];
    let (out, stdout) = run(tmp.path(), &year);
    for needle in ["The year, quarter by quarter", "Q1 (Q3 of year)", "Seats per quarter", "Team makes its annual plan", "wrote "] {
        assert!(stdout.contains(needle), "{needle:?} not in\n{stdout}");
    }
    assert!(stdout.contains("quarters.csv"), "quarters.csv not listed as written");
    let summary: Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let strategies = summary["strategies"].as_array().unwrap();
    let quarters = csv(&out.join("quarters.csv"));
    assert_eq!(quarters.len(), 1 + strategies.len() * 4);
    assert!(quarters.iter().all(|r| r.len() == quarters[0].len()));
    assert_eq!(quarters[1][..3], [strategies[0]["name"].as_str().unwrap(), "1", "3"]);
    let summary_csv = csv(&out.join("summary.csv"));
    let plan = summary_csv[0].iter().position(|c| c == "annual_plan").expect("annual_plan column");
    let expected = strategies[0]["year"]["plan"].as_f64().unwrap();
    assert_eq!(summary_csv[1][plan].parse::<f64>().unwrap(), expected);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2 id=\"year\">The year</h2>") && html.contains("<figure id=\"attainment_by_quarter\">"));
    assert_eq!(html.matches("<figure id=\"attainment_by_quarter\">").count(), 1, "the year chart is shown once");
    for ext in ["png", "svg"] {
        assert!(out.join(format!("attainment_by_quarter.{ext}")).is_file());
    }
}

#[test]
fn a_run_without_a_full_year_leaves_the_year_cells_empty() {
    let tmp = TempDir::new().unwrap();
    let (out, stdout) = run(tmp.path(), &["--set", "simulation.quarters=2", "--no-charts"]);
    assert!(stdout.contains("The year, quarter by quarter") && !stdout.contains("Team makes its annual plan"), "{stdout}");
    assert!(!stdout.contains("Seats per quarter"), "no seat moved: {stdout}");
    let summary_csv = csv(&out.join("summary.csv"));
    let plan = summary_csv[0].iter().position(|c| c == "annual_plan").unwrap();
    assert!(summary_csv[1..].iter().all(|r| r[plan].is_empty()));
    assert_eq!(csv(&out.join("quarters.csv")).len(), 1 + 2 * 2);
}
