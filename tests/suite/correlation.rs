//! Correlated uncertain inputs against the contract: the per-trial draws have
//! the requested Spearman rank correlations (within sampling error), each
//! input keeps its own distribution (Kolmogorov-Smirnov), every strategy and
//! sweep point sees the same draws, and matrices that cannot hold are
//! refused with their file, line, field and pairs.

use quotasim::engine::Engine;
use quotasim::scenario::{Param, Scenario, apply_override};

/// Three uncertain inputs, uniform so that a draw gives back its uniform,
/// and the correlations between them.
fn scenario(correlations: &str, trials: u64) -> Scenario {
    let text = format!(
        r#"
name = "correlated"
[simulation]
trials = {trials}
seed = 31
[selling]
win_rate = {{ uniform = [0.15, 0.35] }}
deal_size_median = {{ uniform = [10000, 40000] }}
cycle_weeks_median = {{ uniform = [6, 14] }}
[[strategy]]
name = "spray"
[[strategy]]
name = "targeted"
win_rate = {{ uniform = [0.25, 0.45] }}
{correlations}
"#
    );
    Scenario::from_toml(&text, "test.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// The uniforms behind each trial's draws of win rate, deal size and cycle
/// (of the first strategy).
fn uniforms(s: &Scenario) -> Vec<[f64; 3]> {
    let engine = Engine::new(s);
    (0..s.trials())
        .map(|t| {
            let v = &engine.trial_inputs(t)[0];
            [
                (v[Param::WinRate.index()] - 0.15) / 0.2,
                (v[Param::DealSizeMedian.index()] - 10000.0) / 30000.0,
                (v[Param::CycleWeeksMedian.index()] - 6.0) / 8.0,
            ]
        })
        .collect()
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    for (rank, &i) in order.iter().enumerate() {
        r[i] = rank as f64;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let m = (x.len() as f64 - 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - m) * (b - m);
        sxx += (a - m) * (a - m);
        syy += (b - m) * (b - m);
    }
    sxy / (sxx * syy).sqrt()
}

/// Asserts that the sample Spearman correlation of columns `a` and `b` is
/// `want` within four standard errors: Fisher's z of a rank correlation
/// has variance about 1.06 / (n - 3) (Fieller, Hartley and Pearson 1957).
fn assert_rank_correlation(u: &[[f64; 3]], a: usize, b: usize, want: f64) {
    let x: Vec<f64> = u.iter().map(|r| r[a]).collect();
    let y: Vec<f64> = u.iter().map(|r| r[b]).collect();
    let got = spearman(&x, &y);
    let se = (1.06 / (u.len() as f64 - 3.0)).sqrt();
    assert!((got.atanh() - want.atanh()).abs() < 4.0 * se, "columns {a}, {b}: rank correlation {got}, want {want}");
}

/// The Kolmogorov-Smirnov distance of a sample from the uniform on (0, 1).
fn ks_uniform(mut x: Vec<f64>) -> f64 {
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    x.iter().enumerate().map(|(i, &v)| (v - i as f64 / n).abs().max(((i + 1) as f64 / n - v).abs())).fold(0.0, f64::max)
}

const CORRELATIONS: &str = r#"
[[correlation]]
between = ["selling.win_rate", "selling.deal_size_median"]
rank = -0.5
[[correlation]]
between = ["strategy.spray.cycle_weeks_median", "selling.deal_size_median"]
rank = 0.4
"#;

#[test]
fn drawn_inputs_have_the_requested_rank_correlations() {
    let u = uniforms(&scenario(CORRELATIONS, 4000));
    assert_rank_correlation(&u, 0, 1, -0.5);
    assert_rank_correlation(&u, 1, 2, 0.4);
    // Not requested: the copula leaves the normal scores uncorrelated.
    assert_rank_correlation(&u, 0, 2, 0.0);
    // Without tables the draws are independent.
    let free = uniforms(&scenario("", 4000));
    assert_rank_correlation(&free, 0, 1, 0.0);
}

#[test]
fn strong_negative_correlations_hold_and_keep_each_marginal() {
    let strong = r#"
[[correlation]]
between = ["selling.win_rate", "selling.deal_size_median"]
rank = -0.9
[[correlation]]
between = ["selling.win_rate", "selling.cycle_weeks_median"]
rank = -0.3
"#;
    // 40,000 trials tell rank -0.9 from the -0.891 a copula that took it as
    // the normal scores' Pearson correlation would give (9 standard errors).
    let u = uniforms(&scenario(strong, 40_000));
    assert_rank_correlation(&u, 0, 1, -0.9);
    assert_rank_correlation(&u, 0, 2, -0.3);
    // Each input is still uniform on its range: KS at the 0.1% level.
    let critical = 1.95 / (u.len() as f64).sqrt();
    for column in 0..3 {
        let d = ks_uniform(u.iter().map(|r| r[column]).collect());
        assert!(d < critical, "column {column}: KS distance {d} >= {critical}");
    }
}

#[test]
fn every_strategy_and_sweep_point_sees_the_same_correlated_draws() {
    let base = scenario(CORRELATIONS, 300);
    let engine = Engine::new(&base);
    let mut other_point = base.clone();
    apply_override(&mut other_point, "policy.coverage_target", "5").unwrap();
    let mut fixed_win = base.clone();
    apply_override(&mut fixed_win, "selling.win_rate", "0.3").unwrap();
    apply_override(&mut fixed_win, "strategy.targeted.win_rate", "0.3").unwrap();
    let (other, fixed) = (Engine::new(&other_point), Engine::new(&fixed_win));
    for t in 0..base.trials() {
        let v = engine.trial_inputs(t);
        // The targeted strategy maps the same uniform through its own range.
        let (spray, targeted) = (v[0][Param::WinRate.index()], v[1][Param::WinRate.index()]);
        assert!((targeted - spray - 0.1).abs() < 1e-12, "trial {t}: {spray} vs {targeted}");
        assert_eq!(v[0][Param::DealSizeMedian.index()], v[1][Param::DealSizeMedian.index()]);
        // Another sweep point: the same draws, bit for bit.
        let o = other.trial_inputs(t);
        for p in [Param::WinRate, Param::DealSizeMedian, Param::CycleWeeksMedian] {
            assert_eq!((o[0][p.index()], o[1][p.index()]), (v[0][p.index()], v[1][p.index()]));
        }
        assert_eq!(o[0][Param::CoverageTarget.index()], 5.0);
        // A point that fixes one input leaves its partners' draws alone.
        let f = fixed.trial_inputs(t);
        assert_eq!(f[0][Param::WinRate.index()], 0.3);
        assert_eq!(f[0][Param::DealSizeMedian.index()], v[0][Param::DealSizeMedian.index()]);
        assert_eq!(f[0][Param::CycleWeeksMedian.index()], v[0][Param::CycleWeeksMedian.index()]);
    }
    assert!(fixed_win.warnings().iter().any(|w| w.contains("`selling.win_rate` is no longer uncertain")), "{:?}", fixed_win.warnings());
    assert!(other_point.warnings().is_empty());
}

/// The errors of a scenario with these correlation tables, as printed.
fn errors(correlations: &str) -> String {
    let text = format!(
        r#"name = "bad"
[selling]
win_rate = {{ uniform = [0.15, 0.35] }}
deal_size_median = {{ uniform = [10000, 40000] }}
cycle_weeks_median = {{ uniform = [6, 14] }}
[[strategy]]
name = "spray"
{correlations}"#
    );
    match Scenario::from_toml(&text, "bad.toml") {
        Ok(_) => panic!("accepted:\n{correlations}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_correlations_are_named_by_file_line_and_field() {
    let e = errors("[[correlation]]\nbetween = [\"selling.win_rat\", \"selling.deal_size_median\"]\nrank = 0.3\n");
    assert!(e.contains("bad.toml:9:") && e.contains("`correlation.1.between`") && e.contains("did you mean `selling.win_rate`"), "{e}");
    let e = errors("[[correlation]]\nbetween = [\"selling.connect_rate\", \"selling.win_rate\"]\nrank = 0.3\n");
    assert!(e.contains("bad.toml:9:") && e.contains("`selling.connect_rate` is not uncertain (it is 0.08)"), "{e}");
    let e = errors("[[correlation]]\nbetween = [\"selling.win_rate\", \"selling.deal_size_median\"]\nrank = -1.2\n");
    assert!(e.contains("bad.toml:10:") && e.contains("`correlation.1.rank`") && e.contains("outside [-1, 1]"), "{e}");
    let e = errors("[[correlation]]\nbetween = [\"selling.win_rate\", \"strategy.spray.win_rate\"]\nrank = 0.5\n");
    assert!(e.contains("both paths name `win_rate`"), "{e}");
    let twice = "[[correlation]]\nbetween = [\"selling.win_rate\", \"selling.deal_size_median\"]\nrank = 0.3\n\
                 [[correlation]]\nbetween = [\"selling.deal_size_median\", \"selling.win_rate\"]\nrank = 0.1\n";
    let e = errors(twice);
    assert!(e.contains("bad.toml:11:") && e.contains("`correlation.2.between`") && e.contains("(first on line 8)"), "{e}");
    let e = errors("[[correlation]]\nbetween = [\"selling.win_rate\"]\nrank = 0.3\n");
    assert!(e.contains("expected two parameter paths, found 1"), "{e}");
    let e = errors("[[correlation]]\nrank = 0.3\n");
    assert!(e.contains("has no `between`"), "{e}");
    let e = errors("[[correlation]]\nbetween = [\"team.annual_quota\", \"selling.win_rate\"]\nrank = 0.3\n");
    assert!(e.contains("bad.toml:9:") && e.contains("`team.annual_quota` is not uncertain (it is 280000)"), "{e}");
}

#[test]
fn annual_quota_is_the_quota_written_another_way() {
    // Correlating `team.annual_quota` correlates the quota: rank 1 with the
    // win rate puts both at the same quantile of their distributions.
    let text = r#"name = "annual"
[team]
annual_quota = { uniform = [320000, 480000] }
[selling]
win_rate = { uniform = [0.15, 0.35] }
[[strategy]]
name = "spray"
[[correlation]]
between = ["team.annual_quota", "selling.win_rate"]
rank = 1
"#;
    let s = Scenario::from_toml(text, "annual.toml").unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(&s);
    for t in 0..50 {
        let v = &engine.trial_inputs(t)[0];
        let (quota, win) = ((v[Param::Quota.index()] - 80000.0) / 40000.0, (v[Param::WinRate.index()] - 0.15) / 0.2);
        assert!((quota - win).abs() < 1e-6, "trial {t}: quantiles {quota} and {win}");
    }
}

#[test]
fn correlations_that_cannot_hold_together_are_named() {
    // Each pair alone is fine; the three together are not positive definite.
    let three = "[[correlation]]\nbetween = [\"selling.win_rate\", \"selling.deal_size_median\"]\nrank = -0.8\n\
                 [[correlation]]\nbetween = [\"selling.win_rate\", \"selling.cycle_weeks_median\"]\nrank = -0.8\n\
                 [[correlation]]\nbetween = [\"selling.deal_size_median\", \"selling.cycle_weeks_median\"]\nrank = -0.8\n";
    let e = errors(three);
    assert!(e.contains("bad.toml:16:") && e.contains("`correlation.3.rank`") && e.contains("not positive definite"), "{e}");
    for pair in [
        "`selling.win_rate` ~ `selling.deal_size_median` -0.8",
        "`selling.win_rate` ~ `selling.cycle_weeks_median` -0.8",
        "`selling.deal_size_median` ~ `selling.cycle_weeks_median` -0.8",
    ] {
        assert!(e.contains(pair), "{pair} missing from {e}");
    }
    // Perfect correlations are allowed when they agree...
    let tied = "[[correlation]]\nbetween = [\"selling.win_rate\", \"selling.deal_size_median\"]\nrank = 1\n\
                [[correlation]]\nbetween = [\"selling.win_rate\", \"selling.cycle_weeks_median\"]\nrank = 1\n\
                [[correlation]]\nbetween = [\"selling.deal_size_median\", \"selling.cycle_weeks_median\"]\nrank = 1\n";
    let text = format!(
        "name = \"ok\"\n[selling]\nwin_rate = {{ uniform = [0.15, 0.35] }}\ndeal_size_median = {{ uniform = [10000, 40000] }}\n\
         cycle_weeks_median = {{ uniform = [6, 14] }}\n[[strategy]]\nname = \"spray\"\n{tied}"
    );
    let s = Scenario::from_toml(&text, "ok.toml").unwrap_or_else(|e| panic!("{e}"));
    let v = &Engine::new(&s).trial_inputs(3)[0];
    let u = |p: Param, lo: f64, hi: f64| (v[p.index()] - lo) / (hi - lo);
    assert!((u(Param::WinRate, 0.15, 0.35) - u(Param::CycleWeeksMedian, 6.0, 14.0)).abs() < 1e-6);
    // ...and refused when one contradicts the others.
    let e = errors(&tied.replacen("rank = 1\n", "rank = -1\n", 1));
    assert!(e.contains("not positive definite"), "{e}");
}
