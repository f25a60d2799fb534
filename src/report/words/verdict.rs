//! The coverage plan in plain words (verdict.txt and the terminal): which
//! target under which counting rule maximises the metric, by how much over
//! the current policy, where the curve is flat within noise, and a warning
//! when the best target is at the edge of the range tried.

use crate::scenario::{PipelineCount, fmt_num};
use crate::stats::Estimate;
use crate::stats::interval::Z95;
use crate::study::plan::{CoveragePlan, RULES, StrategyPlan, rule_short};

/// Every strategy's verdict, as printed and written to verdict.txt.
pub fn plan_verdict(p: &CoveragePlan) -> String {
    let head = format!(
        "Coverage-target plan: {} (every target screened with {} trials, the best and the practical answer confirmed with {}; \
         seed {}; 95% intervals, Monte Carlo precision; differences are paired: same reps, same draws)\n",
        p.metric.label(),
        p.screen_trials,
        confirmation_text(p),
        p.base.seed
    );
    let body: Vec<String> = p.strategies.iter().map(|s| verdict(s, p)).collect();
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
fn verdict(p: &StrategyPlan, plan: &CoveragePlan) -> String {
    let targets = &plan.targets;
    let best = p.best_confirmed();
    let b = &p.points[p.best];
    let mut out = format!(
        "{}: the highest {} comes from {} {}x coverage target, {}: {} [{}, {}].\n",
        p.strategy,
        plan.metric.label(),
        super::article(&fmt_num(b.target)),
        fmt_num(b.target),
        rule_words(b.rule),
        pct(best.value),
        pct(best.ci.0),
        pct(best.ci.1)
    );
    out.push_str(&current_line(p, &best.vs_current));
    out.push_str(&practical_line(p, plan.tolerance));
    let n = targets.len();
    let mut flat = Vec::new();
    for (r, rule) in RULES.iter().enumerate() {
        let within: Vec<f64> = p.points[r * n..(r + 1) * n].iter().filter(|x| x.within_noise).map(|x| x.target).collect();
        if !within.is_empty() {
            flat.push(format!("{} at the {}", runs_text(&within, targets), rule_short(*rule)));
        }
    }
    out.push_str(&format!("  Flat within noise of the best in the screen (paired 95% interval reaches zero): {}.\n", flat.join("; ")));
    for (r, &i) in p.best_per_rule.iter().enumerate() {
        if p.points[i].rule != b.rule {
            let x = &p.points[i];
            out.push_str(&format!(
                "  Best when {}: {}x, {} ({} vs the best, in the screen).\n",
                rule_words(RULES[r]),
                fmt_num(x.target),
                pct(x.value),
                pts(&x.vs_best)
            ));
        }
    }
    out.push_str(&out_of_reach_lines(p, targets, plan.screen_trials));
    let edge = |t: f64| targets.first() == Some(&t) || targets.last() == Some(&t);
    if targets.len() > 1 && edge(b.target) {
        out.push_str(&format!(
            "  The best target is at the edge of the range tried ({}x): widen --targets to look further.\n",
            fmt_num(b.target)
        ));
    }
    out
}

/// Today's policy against the best.
fn current_line(p: &StrategyPlan, best_vs_current: &Estimate) -> String {
    let mut out = format!(
        "  The current policy ({}x, {}) gives {} [{}, {}]; ",
        p.current_target,
        rule_short(p.current_rule),
        pct(p.current_value),
        pct(p.current_ci.0),
        pct(p.current_ci.1)
    );
    if best_vs_current.value == 0.0 && best_vs_current.se == 0.0 {
        out.push_str("it is already the best of the targets tried.\n");
    } else if best_vs_current.ci_low <= 0.0 {
        out.push_str(&format!(
            "the best is {} over it: within noise, so changing the target would not measurably help.\n",
            pts(best_vs_current)
        ));
    } else {
        out.push_str(&format!("the best is {} better.\n", pts(best_vs_current)));
    }
    out
}

/// The smallest target within the tolerance of the best, and the prospecting
/// hours it saves.
fn practical_line(p: &StrategyPlan, tolerance: f64) -> String {
    let within = format!("within {} of the best", points_text(tolerance));
    if p.practical == p.best {
        return format!("  Practical answer: the best itself; no smaller target comes {within}.\n");
    }
    let (x, c, best) = (&p.points[p.practical], p.practical_confirmed(), p.best_confirmed());
    let (hp, hb) = (c.prospecting_hours, best.prospecting_hours);
    let saved = hb.value - hp.value;
    // Conservative: the two estimates are positively correlated (same draws).
    let half = Z95 * hp.se.hypot(hb.se);
    let half = if half < 0.05 { format!("{half:.2}") } else { format!("{half:.1}") };
    let hours = if saved >= 0.0 {
        format!("saves {saved:.1} +- {half} prospecting hours per rep-week")
    } else {
        format!("costs {:.1} +- {half} more prospecting hours per rep-week", -saved)
    };
    format!(
        "  Practical answer: {}x, {within}: {} [{}, {}], {} vs the best; it {hours} ({:.1} vs {:.1}).\n",
        fmt_num(x.target),
        pct(c.value),
        pct(c.ci.0),
        pct(c.ci.1),
        pts(&c.vs_best),
        hp.value,
        hb.value
    )
}

/// "1 point", "0.5 points".
/// How the candidates were confirmed: "250 trials (until each figure was
/// known to ±0.5 points, 95%; at most 1000)", or "1000 trials".
pub fn confirmation_text(p: &CoveragePlan) -> String {
    if p.precision > 0.0 {
        format!("{} trials (until each figure was known to ±{}, 95%; at most {})", p.trials, points_text(p.precision), p.max_trials)
    } else {
        format!("{} trials", p.trials)
    }
}

pub fn points_text(tolerance: f64) -> String {
    let x = 100.0 * tolerance;
    format!("{} point{}", fmt_num(x), if x == 1.0 { "" } else { "s" })
}

/// Per rule, the targets out of reach: the rep prospects at full cadence
/// (nearly) all the time, so they all play the same.
fn out_of_reach_lines(p: &StrategyPlan, targets: &[f64], screen_trials: u64) -> String {
    let mut out = String::new();
    for (rule, reach) in RULES.iter().zip(&p.out_of_reach) {
        let Some((from, most)) = reach else { continue };
        let which =
            if targets.first() == Some(from) { "No target tried".to_string() } else { format!("From {}x up, the target", fmt_num(*from)) };
        let (how_often, cadence) = if *most == 0.0 {
            ("no rep-week".to_string(), "always")
        } else {
            (format!("at most {} of rep-weeks", pct(*most)), "nearly always")
        };
        out.push_str(&format!(
            "  {which} is out of reach counting at the {}: {how_often} had pipeline at the target ({screen_trials} trials), \
             so the rep {cadence} prospects at full cadence and these targets all play the same.\n",
            rule_short(*rule)
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
