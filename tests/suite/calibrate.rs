//! Calibration end to end: the fits recover the parameters a history was
//! drawn from within their intervals at the nominal rate; calibrating a
//! simulated history (`run --history`) recovers the scenario that simulated
//! it, at the nominal rate; the calibrated baseline, simulated, reproduces
//! the history; a messy copy of an export calibrates like the clean one; the
//! commands write what they say, and nothing on error.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use quotasim::calibrate::export::trial_csv;
use quotasim::calibrate::fit::{self, Fits};
use quotasim::calibrate::history::{ReadOptions, read_bytes, read_file};
use quotasim::calibrate::synthetic::{Truth, generate};
use quotasim::calibrate::{CalibrateOptions, calibrate};
use quotasim::engine::{Engine, RunControl, thread_pool};
use quotasim::scenario::{Count, Param, Quantity, Scenario, Season, apply_override};
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crm").join(name)
}

/// The values the history-level fits estimate.
#[derive(Clone, Copy, Debug)]
struct Truths {
    volume: f64,
    closed_win: f64,
    qualified_share: f64,
    win_of_qualified: f64,
    size_median: f64,
    size_sigma: f64,
    cycle_median: f64,
    cycle_sigma: f64,
    win_logit_sd: f64,
}

/// A synthetic history drawn from known figures, and those figures.
struct Synthetic;

impl Synthetic {
    fn history(&self, seed: u64) -> (String, Truths) {
        let t = Truth { seed, win: 0.2, win_theta: 0.03, ..Truth::default() };
        let q = t.win + (1.0 - t.win) * t.qualified_lost;
        let truths = Truths {
            volume: t.volume,
            closed_win: t.win,
            qualified_share: q,
            win_of_qualified: t.win / q,
            size_median: t.size_median,
            size_sigma: t.size_sigma,
            cycle_median: t.cycle_median,
            cycle_sigma: t.cycle_sigma,
            win_logit_sd: fit::dispersion::logit_sd(t.win, t.win_theta),
        };
        (generate(&t), truths)
    }
}

fn fits_of(text: &str) -> Fits {
    let h = read_bytes(text.as_bytes(), "round-trip.csv", &ReadOptions::default()).unwrap();
    fit::fit(&h).unwrap()
}

#[test]
fn fits_recover_the_drawn_parameters_at_the_nominal_rate() {
    // 60 histories of 30 reps over five quarters. Each 95% interval should
    // cover its truth in about 57; fewer than 52 has probability under 1%
    // for a correct interval (binomial), so it would mark a defect.
    let seeds = 60;
    let names = [
        "volume",
        "closed win",
        "qualified share",
        "win of qualified",
        "size median",
        "size sigma",
        "cycle median",
        "cycle sigma",
        "win spread",
    ];
    let mut covered = [0usize; 9];
    for seed in 0..seeds {
        let (text, t) = Synthetic.history(seed);
        let f = fits_of(&text);
        let inside = |lo: f64, hi: f64, x: f64| lo <= x && x <= hi;
        let c = f.cycle.as_ref().unwrap();
        let q = f.qualified_share.as_ref().unwrap();
        let w = f.win_of_qualified.as_ref().unwrap();
        let spread = |theta: f64| fit::dispersion::logit_sd(f.win_spread.mean, theta);
        let hits = [
            inside(f.volume.lo, f.volume.hi, t.volume),
            inside(f.win.lo, f.win.hi, t.closed_win),
            inside(q.lo, q.hi, t.qualified_share),
            inside(w.lo, w.hi, t.win_of_qualified),
            inside(f.size.median_ci.0, f.size.median_ci.1, t.size_median),
            inside(f.size.sigma_ci.0, f.size.sigma_ci.1, t.size_sigma),
            inside(c.median_ci.0, c.median_ci.1, t.cycle_median),
            inside(c.sigma_ci.0, c.sigma_ci.1, t.cycle_sigma),
            inside(spread(f.win_spread.lo), spread(f.win_spread.hi), t.win_logit_sd),
        ];
        for (k, hit) in hits.iter().enumerate() {
            covered[k] += usize::from(*hit);
        }
    }
    eprintln!("coverage of 95% intervals over {seeds} histories: {:?}", names.iter().zip(covered).collect::<Vec<_>>());
    for (name, c) in names.iter().zip(covered) {
        assert!(c >= 52, "{name}: the 95% interval covered the truth in {c} of {seeds} histories");
    }
    // All nine always covering would mean the intervals are far too wide:
    // 540 draws at 95% cover about 513 (sd 5).
    let total: usize = covered.iter().sum();
    assert!(total <= 535, "intervals cover {total} of 540: too wide to be 95%");
}

/// The settings a calibration solves or fits from a history that a
/// scenario's own values can be checked against.
const RECOVERED: [Param; 8] = [
    Param::WinRate,
    Param::SecondMeetingRate,
    Param::SkillSpread,
    Param::MeetingRate,
    Param::DealSizeMedian,
    Param::DealSizeSigma,
    Param::CycleWeeksMedian,
    Param::CycleWeeksSigma,
];

/// The central 95% of a calibrated setting's uncertainty (a point for a fixed value).
fn interval(q: &Quantity) -> (f64, f64) {
    match q {
        Quantity::Fixed(x) => (*x, *x),
        Quantity::Uncertain(d) => (d.quantile(0.025), d.quantile(0.975)),
    }
}

#[test]
fn calibrating_a_simulated_history_recovers_its_scenario_at_the_nominal_rate() {
    // The round trip: the built-in scenario's targeted team simulated for
    // four quarters after a warm-up of two (so that the quarter the export
    // starts with is a steady one), trial 0 written as `run --history`
    // writes it, its history calibrated with the same scenario as template. Every
    // setting the calibration solves should cover the value that simulated
    // the history in 95% of seeds: in at least 15 of 20 for each (fewer has
    // probability 0.033% for a correct interval, 0.26% for any of the eight),
    // and not in all 160 checks together (about 152 expected; 159 or more
    // has probability 0.26%).
    let seeds = 20u64;
    let template = Scenario::builtin();
    let strategy = template.strategy_index("targeted").unwrap();
    let truth = template.resolved(strategy);
    let pool = thread_pool(Some(2)).unwrap();
    let mut covered = [0u64; RECOVERED.len()];
    for seed in 1..=seeds {
        let mut sc = template.clone();
        apply_override(&mut sc, "simulation.seed", &seed.to_string()).unwrap();
        apply_override(&mut sc, "simulation.warmup_quarters", "2").unwrap();
        let text = trial_csv(&Engine::new(&sc).opportunities(0, strategy));
        let h = read_bytes(&text, "history.csv", &ReadOptions::default()).unwrap();
        let opts = CalibrateOptions {
            template: template.clone(),
            template_strategy: Some("targeted".into()),
            quota: None,
            point_estimates: false,
            name: None,
        };
        let c = calibrate(&h, &opts, &mut RunControl { pool: Some(&pool), ..Default::default() }).unwrap();
        let fitted = c.scenario.resolved(0);
        assert_eq!(c.scenario.reps(), template.reps(), "seed {seed}: every rep is active to the end");
        for (k, &p) in RECOVERED.iter().enumerate() {
            let (lo, hi) = interval(fitted.get(p));
            let x = truth.get(p).central();
            covered[k] += u64::from(lo - 1e-9 <= x && x <= hi + 1e-9);
        }
    }
    let named: Vec<(String, u64)> = RECOVERED.iter().map(|p| p.def().meta.path()).zip(covered).collect();
    eprintln!("coverage of 95% intervals over {seeds} simulated histories: {named:?}");
    for (p, c) in RECOVERED.iter().zip(covered) {
        assert!(c >= 15, "{}: the 95% interval covered the scenario's value in {c} of {seeds} seeds", p.def().meta.path());
    }
    let total: u64 = covered.iter().sum();
    assert!(total <= 158, "intervals cover {total} of {}: too wide to be 95%", seeds * RECOVERED.len() as u64);
}

#[test]
fn seasonal_win_odds_are_recovered_and_a_flat_year_stays_flat() {
    // A team of 40 whose deals closing in Q4 win at 3 times the odds of Q1's
    // ([0.6, 1, 1, 1.8]), simulated for a year from Q2 after a warm-up of
    // two quarters: the calibration finds the seasons (p < 0.05), starts its
    // year in Q2, and its Q4 / Q1 ratio lies within 3 standard errors of 3
    // (the error from the fitted intervals). The same team without seasons
    // (seed 1) gets 1 in every quarter.
    let template = Scenario::builtin();
    let strategy = template.strategy_index("targeted").unwrap();
    let pool = thread_pool(Some(2)).unwrap();
    let calibrated = |win_odds: &str| {
        let mut sc = template.clone();
        for (path, value) in [
            ("simulation.seed", "1"),
            ("simulation.warmup_quarters", "2"),
            ("team.reps", "40"),
            ("seasonality.first_quarter", "2"),
            ("seasonality.win_odds", win_odds),
        ] {
            apply_override(&mut sc, path, value).unwrap();
        }
        let text = trial_csv(&Engine::new(&sc).opportunities(0, strategy));
        let h = read_bytes(&text, "history.csv", &ReadOptions::default()).unwrap();
        let opts = CalibrateOptions {
            template: template.clone(),
            template_strategy: Some("targeted".into()),
            quota: None,
            point_estimates: false,
            name: None,
        };
        calibrate(&h, &opts, &mut RunControl { pool: Some(&pool), ..Default::default() }).unwrap()
    };
    let c = calibrated("[0.6, 1, 1, 1.8]");
    assert_eq!(c.scenario.counts[Count::FirstQuarter], 2);
    let rows = c.report.seasonality.as_ref().expect("a whole year is counted");
    assert!(quotasim::calibrate::fit::season::win_odds_p_value(rows).unwrap() < 0.05);
    let m = c.scenario.resolved(0).season(Season::WinOdds);
    let se = |q: usize| (rows[q].win_odds_ci[1].ln() - rows[q].win_odds_ci[0].ln()) / (2.0 * 1.96);
    let z = ((m[3] / m[0]).ln() - 3f64.ln()) / (se(0).powi(2) + se(3).powi(2)).sqrt();
    assert!(z.abs() < 3.0, "written {m:?}, z = {z}");
    assert!(c.toml.contains("win_odds = ["), "{}", c.toml);
    let flat = calibrated("1");
    assert_eq!(flat.scenario.resolved(0).season(Season::WinOdds), [1.0; 4]);
}

#[test]
fn run_writes_a_history_that_calibrates_with_no_flags() {
    let dir = TempDir::new().unwrap();
    let run = |threads: &str, file: &str, strategy: Option<&str>| {
        let mut args = vec!["run", "--trials", "3", "--no-charts", "--out", "r", "--threads", threads, "--history", file];
        if let Some(s) = strategy {
            args.extend(["--history-strategy", s]);
        }
        qs().current_dir(dir.path()).args(&args).assert()
    };
    run("1", "a.csv", None).success().stdout(predicate::str::contains("wrote a.csv"));
    run("2", "b.csv", None).success();
    run("2", "t.csv", Some("targeted")).success();
    let read = |f: &str| fs::read_to_string(dir.path().join(f)).unwrap();
    let (a, t) = (read("a.csv"), read("t.csv"));
    assert_eq!(a, read("b.csv"), "the same history at any thread count");
    assert_ne!(a, t, "the first strategy unless told");
    let mut lines = a.lines();
    assert_eq!(lines.next(), Some("id,owner,created,qualified,closed,stage,amount"));
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 7, "{line}");
        assert_eq!(f[0], (i + 1).to_string());
        assert!(f[1].len() == 7 && f[1].starts_with("rep-0"), "{line}");
        assert!(["won", "lost", "open"].contains(&f[5]) && f[4].is_empty() == (f[5] == "open"), "{line}");
        assert!(f[6].parse::<u64>().is_ok(), "{line}");
        assert!(f[3].is_empty() || (f[2] < f[3] && (f[4].is_empty() || f[3] <= f[4])), "{line}");
    }
    // Week 0 of the first counted quarter is 2026-01-05; the warm-up quarter before it.
    assert!(a.lines().skip(1).any(|l| l.contains(",2026-01-05,")) && a.contains(",2025-10-13,"));
    qs().current_dir(dir.path())
        .args(["calibrate", "t.csv", "-o", "cal.toml", "--template-strategy", "targeted", "--no-charts"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 skipped").and(predicate::str::contains("counted quarters 2026 Q1 to 2026 Q4")));
    // Nothing is written, and nothing runs, for a strategy the scenario lacks.
    run("1", "x.csv", Some("nope")).code(2).stderr(predicate::str::contains("no such strategy"));
    assert!(!dir.path().join("x.csv").exists());
}

#[test]
fn the_calibrated_baseline_reproduces_its_history() {
    // Calibrate a history, simulate the baseline for its reps and quarters,
    // and compare: drawn from the same kind of team the simulation models,
    // it should pass its own backtest.
    let dir = TempDir::new().unwrap();
    let (text, _) = Synthetic.history(7);
    let history = dir.path().join("history.csv");
    fs::write(&history, text).unwrap();
    qs().current_dir(dir.path())
        .args(["calibrate", "history.csv", "-o", "cal.toml", "--template-strategy", "targeted", "--no-charts"])
        .assert()
        .success();
    let out = qs()
        .current_dir(dir.path())
        .args(["backtest", "history.csv", "cal.toml", "--trials", "400", "--no-charts", "--out", "bt"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("The baseline reproduces your median rep-quarter within"), "{stdout}");
    let b: serde_json::Value = serde_json::from_slice(&fs::read(dir.path().join("bt/backtest.json")).unwrap()).unwrap();
    for c in b["comparisons"].as_array().unwrap() {
        let p = c["ks"]["p_value"].as_f64().unwrap();
        assert!(p > 0.01, "{}: KS p = {p}", c["measure"]);
        let median = &c["quantiles"][2];
        assert!(median["inside"].as_bool().unwrap(), "{}: {median}", c["measure"]);
    }
}

/// A messy copy of an export as a user's tools make them: columns
/// shuffled, US dates, currency symbols and thousands separators (quoted or,
/// as a naive writer leaves them, not), blank lines, and broken rows added.
fn messy_copy(text: &str, quote: bool) -> String {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
    let order = [7, 2, 5, 0, 4, 6, 1, 3];
    let us = |d: &str| -> String {
        let p: Vec<&str> = d.split('-').collect();
        if p.len() == 3 { format!("{}/{}/{}", p[1].trim_start_matches('0'), p[2].trim_start_matches('0'), p[0]) } else { d.to_string() }
    };
    let money = |a: &str| -> String {
        match a.parse::<f64>() {
            Ok(v) if v >= 1000.0 && quote => format!("\"${},{:03}\"", (v as u64) / 1000, (v as u64) % 1000),
            Ok(v) if v >= 1000.0 => format!("${},{:03}", (v as u64) / 1000, (v as u64) % 1000),
            Ok(v) => format!("${v}"),
            Err(_) => a.to_string(),
        }
    };
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = order
            .iter()
            .map(|&k| {
                let c = &row[k];
                if i == 0 {
                    return c.clone();
                }
                match k {
                    5 | 6 => us(c),
                    7 => money(c),
                    _ if c.contains(',') => format!("\"{c}\""),
                    _ => c.clone(),
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
        if i > 0 && i % 400 == 0 {
            // A blank line and a row cut short.
            out.push_str("\r\n");
            out.push_str(&cells[..4].join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[test]
fn a_messy_copy_calibrates_like_the_clean_export() {
    let clean_text = fs::read_to_string(fixture("products.csv")).unwrap();
    let columns = quotasim::calibrate::history::columns::parse_flag(&[
        "owner=sales_agent,created=engage_date,stage=deal_stage,closed=close_date,amount=close_value".to_string(),
    ])
    .unwrap();
    let opts = ReadOptions { columns, ..Default::default() };
    let clean = read_file(&fixture("products.csv"), &opts).unwrap();
    let a = fit::fit(&clean).unwrap();
    // The product mix is far from lognormal: the scenario keeps the mean.
    assert!(!a.size.gof.fits);
    for quote in [true, false] {
        let messy = read_bytes(messy_copy(&clean_text, quote).as_bytes(), "messy.csv", &opts).unwrap();
        assert_eq!(messy.date_format.order, Some(quotasim::calibrate::history::DateOrder::Mdy));
        let broken = messy.skipped.iter().find(|s| s.reason == quotasim::calibrate::history::SkipReason::BrokenRow).unwrap();
        assert_eq!(broken.count, (clean.rows) / 400, "quoted amounts: {quote}");
        assert_eq!(messy.opportunities.len(), clean.opportunities.len());
        let b = fit::fit(&messy).unwrap();
        assert_eq!(a.panel.rep_quarters, b.panel.rep_quarters);
        assert_eq!((a.volume, a.win, a.size.mu, a.size.sigma), (b.volume, b.win, b.size.mu, b.size.sigma));
        assert_eq!(messy.warnings.iter().any(|w| w.contains("unquoted comma")), !quote);
    }
}

#[test]
fn calibrate_writes_a_commented_scenario_that_validates_calibration_json_and_charts() {
    let dir = TempDir::new().unwrap();
    let out = qs()
        .current_dir(dir.path())
        .args(["calibrate", fixture("hubspot.csv").to_str().unwrap(), "-o", "cal.toml", "--out", "fit", "--quota", "90000"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Win rate of qualified").and(predicate::str::contains("wrote cal.toml")));
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Date entered \"Qualified To Buy (Sales Pipeline)\""), "{stdout}");
    let text = fs::read_to_string(dir.path().join("cal.toml")).unwrap();
    assert!(text.starts_with(quotasim::commands::calibrate::MARK));
    // Every key carries where it comes from; fitted ones their interval, n and columns.
    for line in text.lines().filter(|l| l.contains(" = ") && !l.starts_with('#') && !l.starts_with("name") && !l.starts_with("currency")) {
        assert!(line.contains("# "), "no comment: {line}");
    }
    let win = text.lines().find(|l| l.starts_with("win_rate = ")).unwrap();
    assert!(
        win.contains("{ quantiles = [") && win.contains("win rate of qualified") && win.contains("n = ") && win.contains("Deal Stage"),
        "{win}"
    );
    assert!(text.lines().any(|l| l.starts_with("quota = 90000") && l.contains("set with --quota")));
    assert!(text.lines().any(|l| l.starts_with("touches_per_week = ") && l.contains("assumption")));
    qs().current_dir(dir.path()).args(["validate", "cal.toml"]).assert().success();
    let j: serde_json::Value = serde_json::from_slice(&fs::read(dir.path().join("fit/calibration.json")).unwrap()).unwrap();
    assert_eq!(j["source"]["qualification"], "dates");
    assert!(j["figures"]["closed_win_rate"]["ci"][0].as_f64().unwrap() < j["figures"]["closed_win_rate"]["value"].as_f64().unwrap());
    for chart in ["deal_size_fit", "cycle_fit", "win_rate_funnel"] {
        assert!(dir.path().join(format!("fit/{chart}.png")).is_file() && dir.path().join(format!("fit/{chart}.svg")).is_file(), "{chart}");
    }
    // --point-estimates: no uncertain inputs.
    qs().current_dir(dir.path())
        .args(["calibrate", fixture("hubspot.csv").to_str().unwrap(), "-o", "cal.toml", "--out", "fit", "--point-estimates", "--no-charts"])
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("cal.toml")).unwrap();
    assert!(!text.lines().any(|l| !l.starts_with('#') && (l.contains("quantiles =") || l.contains("normal ="))), "{text}");
}

#[test]
fn the_same_history_calibrates_to_the_same_bytes() {
    let dir = TempDir::new().unwrap();
    for out in ["a", "b"] {
        qs().current_dir(dir.path())
            .args([
                "calibrate",
                fixture("salesforce.csv").to_str().unwrap(),
                "-o",
                &format!("{out}.toml"),
                "--out",
                out,
                "--threads",
                if out == "a" { "1" } else { "2" },
            ])
            .assert()
            .success();
    }
    let read = |p: &str| fs::read(dir.path().join(p)).unwrap();
    assert_eq!(read("a.toml"), read("b.toml"));
    assert_eq!(read("a/calibration.json"), read("b/calibration.json"));
    assert_eq!(read("a/deal_size_fit.png"), read("b/deal_size_fit.png"));
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![fixture("not-a-csv.xlsx").display().to_string()], "not a CSV file"),
        (vec![fixture("nothing-usable.csv").display().to_string()], "nothing usable"),
        (vec![fixture("ambiguous-dates.csv").display().to_string()], "--date-format mdy"),
        (vec!["missing.csv".into()], "cannot read the history"),
        (vec![fixture("salesforce.csv").display().to_string(), "--columns".into(), "ownr=X".into()], "did you mean `owner`"),
        (vec![fixture("salesforce.csv").display().to_string(), "--date-format".into(), "julian".into()], "--date-format julian"),
        (vec![fixture("salesforce.csv").display().to_string(), "--as-of".into(), "someday".into()], "--as-of someday"),
        (vec![fixture("salesforce.csv").display().to_string(), "--template-strategy".into(), "nope".into()], "no such strategy"),
        (vec![fixture("salesforce.csv").display().to_string(), "--quota".into(), "50".into()], "--quota 50: must be in [100"),
    ];
    for (args, message) in cases {
        let dir = TempDir::new().unwrap();
        let mut all = vec!["calibrate".to_string()];
        all.extend(args);
        all.extend(["-o".into(), "cal.toml".into(), "--out".into(), "fit".into()]);
        qs().current_dir(dir.path()).args(&all).assert().code(2).stderr(predicate::str::contains(message));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "{all:?} wrote something");
    }
    // A file calibrate did not write is not overwritten without --force.
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("mine.toml"), "name = \"mine\"\n").unwrap();
    qs().current_dir(dir.path())
        .args(["calibrate", fixture("salesforce.csv").to_str().unwrap(), "-o", "mine.toml", "--no-charts"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(dir.path().join("mine.toml")).unwrap(), "name = \"mine\"\n");
}

#[test]
fn backtest_exits_0_whatever_the_verdict() {
    // The built-in default scenario is no calibration of this history: the
    // verdict says so, and the command still succeeds.
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("default.toml"), quotasim::scenario::DEFAULT_SCENARIO).unwrap();
    qs().current_dir(dir.path())
        .args([
            "backtest",
            fixture("products.csv").to_str().unwrap(),
            "default.toml",
            "--trials",
            "100",
            "--out",
            "bt",
            "--strategy",
            "targeted",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Verdict")
                .and(predicate::str::contains("Deals won per rep-quarter: median 19.0 actual vs 2.0 simulated")),
        );
    for f in ["backtest.json", "backtest.csv", "verdict.txt", "backtest_qq.png", "backtest_histogram.svg"] {
        assert!(dir.path().join("bt").join(f).is_file(), "{f}");
    }
    let csv = fs::read_to_string(dir.path().join("bt/backtest.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4 * 6);
    // A history with no complete quarter cannot be backtested: exit 2.
    qs().current_dir(dir.path())
        .args(["backtest", fixture("messy.csv").to_str().unwrap(), "default.toml", "--out", "bt2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no complete rep-quarter"));
    assert!(!dir.path().join("bt2").exists());
}
