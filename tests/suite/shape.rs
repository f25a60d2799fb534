//! Per-deal shapes (`deal_size_shape`, `cycle_weeks_shape`): the sampler's
//! quantiles, a run's mean deal size against the analytic mean, calibrate
//! writing a shape for a two-product history whose backtest then fits
//! better than the lognormal's, and located errors for bad shapes.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use quotasim::calibrate::synthetic::{Truth, generate};
use quotasim::numeric::quantiles;
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A small scenario whose `[selling]` ends with `shape_line`. Fit is fixed
/// at 0.5, so neither the size nor the odds of a deal depend on its fit:
/// won deals are sized as every deal is.
fn scenario(shape_line: &str) -> String {
    format!(
        "name = \"shape\"\n[simulation]\ntrials = 200\nquarters = 2\nseed = 11\n[team]\nreps = 10\n\
         [selling]\ndeal_size_median = 20000\nfit = 0.5\n{shape_line}\n[[strategy]]\nname = \"a\"\n"
    )
}

#[test]
fn the_sampler_gives_back_its_quantiles_and_their_cdf() {
    let q = [1.0, 2.0, 4.0];
    assert_eq!(quantiles::quantile(&q, 0.5), 2.0);
    assert_eq!(quantiles::cdf(&q, 1.5), 0.25);
    // Every given point is the quantile at its own probability, and back.
    let shape = [0.2, 0.5, 1.0, 1.9, 6.0];
    for (i, x) in shape.iter().enumerate() {
        let u = i as f64 / 4.0;
        assert_eq!(quantiles::quantile(&shape, u), *x);
        assert_eq!(quantiles::cdf(&shape, *x), u);
    }
    // Between points, linear: halfway from 1.9 to 6 is at 7/8.
    assert_eq!(quantiles::cdf(&shape, 3.95), 0.875);
}

#[test]
fn a_two_humped_shape_gives_the_analytic_mean_deal_size() {
    // Quantiles at 0, 1/6, ..., 1: a third of deals at 0.5x, a sixth from
    // 0.5x to 1x, a sixth from 1x to 4x, a third at 4x; the mean is the mean
    // of each sixth's ends, (0.5 + 0.5 + 0.75 + 2.5 + 4 + 4) / 6.
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "s.toml", &scenario("deal_size_shape = { quantiles = [0.5, 0.5, 0.5, 1, 4, 4, 4] }"));
    let out = dir.path().join("out");
    qs().args(["run", &file, "--no-charts", "-q", "--out"]).arg(&out).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let won = &v["strategies"][0]["won_deal_size"];
    let (mean, se) = (won["value"].as_f64().unwrap(), won["se"].as_f64().unwrap());
    let expected = 20_000.0 * quantiles::mean(&[0.5, 0.5, 0.5, 1.0, 4.0, 4.0, 4.0]);
    assert!((expected - 20_000.0 * 12.25 / 6.0).abs() < 1e-9);
    assert!(se > 0.0 && se < 0.02 * expected, "se {se}");
    assert!((mean - expected).abs() < 4.0 * se, "mean won deal {mean} vs {expected} (se {se})");
    // The lognormal of the default spread has another mean: the shape is drawn.
    let lognormal = 20_000.0 * (0.7f64 * 0.7 / 2.0).exp();
    assert!((mean - lognormal).abs() > 10.0 * se, "{mean} vs the lognormal's {lognormal}");
    // validate lists it, in the table and in words.
    let out = qs().args(["validate", &file]).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("selling.deal_size_shape") && stdout.contains("quantiles[0.5 .. 1 .. 4; 7 points]"), "{stdout}");
    assert!(stdout.contains("from 0.5× to 4×, by 7 quantiles"), "{stdout}");
}

#[test]
fn a_scenario_without_a_shape_lists_none() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "s.toml", &scenario(""));
    let out = qs().args(["validate", &file]).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!stdout.contains("_shape") && !stdout.contains("per-deal"), "{stdout}");
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
fn bad_shapes_name_file_line_field_and_why() {
    let dir = TempDir::new().unwrap();
    let cases: [(&str, &[&str]); 6] = [
        ("deal_size_shape = { quantiles = [1] }", &["takes 2 to 1001 numbers"]),
        ("deal_size_shape = { quantiles = [0.5, 1, 0.8, 2] }", &["must not decrease", "0.8 at position 3"]),
        ("deal_size_shape = { quantiles = [0, 1, 2] }", &["must be positive"]),
        ("cycle_weeks_shape = { quantiles = [1, 2, 4] }", &["median of cycle_weeks_shape is 2, not 1", "[0.5, 1, 2]"]),
        ("deal_size_shape = { uniform = [0.5, 2] }", &["expected { quantiles = [...] }"]),
        ("deal_size_shape = 1.5", &["expected { quantiles = [...] }, found a float"]),
    ];
    for (i, (line, needles)) in cases.iter().enumerate() {
        let f = write(dir.path(), &format!("bad{i}.toml"), &scenario(line));
        let key = line.split(' ').next().unwrap();
        let mut all = vec![format!("{f}:11:"), format!("selling.{key}")];
        all.extend(needles.iter().map(|n| n.to_string()));
        rejected(&f, &[], &all.iter().map(String::as_str).collect::<Vec<_>>());
    }
    // Per strategy, and by --set.
    let f = write(dir.path(), "strategy.toml", &format!("{}deal_size_shape = {{ quantiles = [2, 3] }}\n", scenario("")));
    rejected(&f, &[], &[&format!("{f}:14:"), "strategy.a.deal_size_shape", "not 1"]);
    let ok = write(dir.path(), "ok.toml", &scenario(""));
    rejected(&ok, &["selling.deal_size_shape={ quantiles = [1, 0.5] }"], &["--set", "selling.deal_size_shape", "must not decrease"]);
    // A good one by --set, and "lognormal" drops a shape again.
    qs().args(["validate", &ok, "--set", "strategy.a.cycle_weeks_shape={ quantiles = [0.5, 1, 3] }"]).assert().success();
    qs().args(["validate", &ok, "--set", "selling.deal_size_shape=lognormal"]).assert().success();
}

/// The KS distance of a backtest's won value per rep-quarter.
fn won_value_ks(dir: &Path, sets: &[&str], out: &str) -> f64 {
    let mut cmd = qs();
    cmd.current_dir(dir).args(["backtest", "history.csv", "cal.toml", "--trials", "200", "--no-charts", "-q", "--out", out]);
    for s in sets {
        cmd.args(["--set", s]);
    }
    cmd.assert().success();
    let b: serde_json::Value = serde_json::from_slice(&fs::read(dir.join(out).join("backtest.json")).unwrap()).unwrap();
    let c = b["comparisons"].as_array().unwrap().iter().find(|c| c["measure"] == "won_value").expect("won value compared").clone();
    c["ks"]["distance"].as_f64().unwrap()
}

#[test]
fn calibrate_writes_a_shape_for_two_products_and_its_backtest_fits_better() {
    // Two products: a third of deals is worth 10 times the others.
    let truth = Truth { size_sigma: 0.3, second_product_share: 0.35, second_product_ratio: 10.0, seed: 21, ..Truth::default() };
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("history.csv"), generate(&truth)).unwrap();
    qs().current_dir(dir.path())
        .args(["calibrate", "history.csv", "-o", "cal.toml", "--template-strategy", "targeted", "--no-charts"])
        .assert()
        .success();
    let toml = fs::read_to_string(dir.path().join("cal.toml")).unwrap();
    let line = toml.lines().find(|l| l.starts_with("deal_size_shape = ")).unwrap_or_else(|| panic!("no shape in:\n{toml}"));
    assert!(line.contains("the lognormal fits won amounts badly (Anderson-Darling p"), "{line}");
    assert!(line.contains(", below 0.01; largest gap "), "{line}");
    qs().current_dir(dir.path()).args(["validate", "cal.toml"]).assert().success();
    let shaped = won_value_ks(dir.path(), &[], "shaped");
    let lognormal = won_value_ks(dir.path(), &["selling.deal_size_shape=lognormal"], "lognormal");
    assert!(shaped < 0.5 * lognormal, "KS distance of won value: shape {shaped}, lognormal {lognormal}");
}
