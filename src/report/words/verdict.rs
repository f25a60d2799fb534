//! The coverage plan in plain words (verdict.txt and the terminal): which
//! target under which counting rule maximises the metric, by how much over
//! the current policy, where the curve is flat within noise, and a warning
//! when the best target is at the edge of the range tried.

use crate::scenario::{PipelineCount, fmt_num};
use crate::stats::Estimate;
use crate::study::Objective;
use crate::study::plan::{CoveragePlan, RULES, StrategyPlan, rule_short};

/// Every strategy's verdict, as printed and written to verdict.txt.
pub fn plan_verdict(p: &CoveragePlan) -> String {
    let head = format!(
        "Coverage-target plan: {} ({} trials, seed {}; 95% intervals; differences are paired: same reps, same draws)\n",
        p.metric.label(),
        p.trials,
        p.base.seed
    );
    let body: Vec<String> = p.strategies.iter().map(|s| verdict(s, &p.targets, p.metric)).collect();
    format!("{head}\n{}", body.join("\n"))
}

/// How a counting rule reads in a sentence.
pub fn rule_words(r: PipelineCount) -> &'static str {
    match r {
        PipelineCount::SecondMeeting => "counting qualified pipeline (second meeting)",
        PipelineCount::FirstMeeting => "counting every first meeting (phantoms included)",
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn pts(e: &Estimate) -> String {
    format!("{:+.1} pts [{:+.1}, {:+.1}]", 100.0 * e.value, 100.0 * e.ci_low, 100.0 * e.ci_high)
}

/// Targets as contiguous runs: `2-3.5x, 5x`.
fn runs_text(targets: &[f64], step_of: &[f64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < targets.len() {
        let mut j = i;
        while j + 1 < targets.len() {
            let a = step_of.iter().position(|x| *x == targets[j]);
            let b = step_of.iter().position(|x| *x == targets[j + 1]);
            if matches!((a, b), (Some(a), Some(b)) if b == a + 1) {
                j += 1;
            } else {
                break;
            }
        }
        out.push(if i == j { format!("{}x", fmt_num(targets[i])) } else { format!("{}-{}x", fmt_num(targets[i]), fmt_num(targets[j])) });
        i = j + 1;
    }
    out.join(", ")
}

/// The plain-words answer for one strategy.
fn verdict(p: &StrategyPlan, targets: &[f64], metric: Objective) -> String {
    let best_vs_current = p.best_vs_current;
    let b = &p.points[p.best];
    let mut out = format!(
        "{}: the highest {} comes from a {}x coverage target, {}: {} [{}, {}].\n",
        p.strategy,
        metric.label(),
        fmt_num(b.target),
        rule_words(b.rule),
        pct(b.value),
        pct(b.ci.0),
        pct(b.ci.1)
    );
    out.push_str(&format!(
        "  The current policy ({}x, {}) gives {} [{}, {}]; ",
        p.current_target,
        rule_short(p.current_rule),
        pct(p.current_value),
        pct(p.current_ci.0),
        pct(p.current_ci.1)
    ));
    if best_vs_current.value == 0.0 && best_vs_current.se == 0.0 {
        out.push_str("it is already the best of the targets tried.\n");
    } else if best_vs_current.ci_low <= 0.0 {
        out.push_str(&format!(
            "the best is {} over it: within noise, so changing the target would not measurably help.\n",
            pts(&best_vs_current)
        ));
    } else {
        out.push_str(&format!("the best is {} better.\n", pts(&best_vs_current)));
    }
    let n = targets.len();
    let mut flat = Vec::new();
    for (r, rule) in RULES.iter().enumerate() {
        let within: Vec<f64> = p.points[r * n..(r + 1) * n].iter().filter(|x| x.within_noise).map(|x| x.target).collect();
        if !within.is_empty() {
            flat.push(format!("{} at the {}", runs_text(&within, targets), rule_short(*rule)));
        }
    }
    out.push_str(&format!("  Flat within noise of the best (paired 95% interval reaches zero): {}.\n", flat.join("; ")));
    for (r, &i) in p.best_per_rule.iter().enumerate() {
        if p.points[i].rule != b.rule {
            let x = &p.points[i];
            out.push_str(&format!(
                "  Best when {}: {}x, {} ({} vs the best).\n",
                rule_words(RULES[r]),
                fmt_num(x.target),
                pct(x.value),
                pts(&x.vs_best)
            ));
        }
    }
    let edge = |t: f64| targets.first() == Some(&t) || targets.last() == Some(&t);
    if targets.len() > 1 && edge(b.target) {
        out.push_str(&format!(
            "  The best target is at the edge of the range tried ({}x): widen --targets to look further.\n",
            fmt_num(b.target)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_targets_read_as_ranges() {
        let grid = [1.0, 1.5, 2.0, 2.5, 3.0];
        assert_eq!(runs_text(&[1.5, 2.0, 2.5, 3.0], &grid), "1.5-3x");
        assert_eq!(runs_text(&[1.0, 2.0, 2.5], &grid), "1x, 2-2.5x");
        assert_eq!(runs_text(&[3.0], &grid), "3x");
    }
}
