//! Words of a coverage plan's chart: which target under which counting rule
//! does best and by how much over today's policy, and the labels.

use super::{article, capitalise, metric_short};
use crate::report::facts::sweep::measurable;
use crate::report::format::{count, pct0, pct1, plain, pts1, times_value};
use crate::scenario::PipelineCount;
use crate::study::plan::{CoveragePlan, StrategyPlan, rule_short};

/// "3×" for a coverage target given as text (the scenario's own value), or the text itself.
fn target_text(text: &str) -> String {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => times_value(v),
        _ => text.to_string(),
    }
}

/// The finding: the best target and rule and its gain over today's policy,
/// or that today's policy is as good as any tried.
pub fn title(p: &CoveragePlan, s: &StrategyPlan) -> String {
    let (best, c) = (&s.points[s.best], s.best_confirmed());
    let m = metric_short(p.metric);
    let today = format!("today's {} at the {}", target_text(&s.current_target), rule_short(s.current_rule));
    if measurable(&c.vs_current) && c.vs_current.value > 0.0 {
        format!(
            "{}: {} {} target counted at the {} gives {} {m}, {} over {today} ({})",
            s.strategy,
            article(&plain(best.target)),
            times_value(best.target),
            rule_short(best.rule),
            pct0(c.value),
            pts1(c.vs_current.value),
            pct0(s.current_value)
        )
    } else {
        format!("{}: {today} is as good as any target tried ({} {m})", s.strategy, pct0(s.current_value))
    }
}

/// How to read the marks; `current_on_grid` whether today's policy is one of the points (and ringed).
pub fn subtitle(p: &CoveragePlan, current_on_grid: bool) -> String {
    format!(
        "{} by coverage target, counted at the second meeting (solid) or first meeting (dashed); bands: 95% \
         intervals, {}-trial screen. Filled: within noise of the best; hollow: worse.{} Labels: confirmed, {} trials.",
        capitalise(p.metric.label()),
        p.screen_trials,
        if current_on_grid { " Ringed: today." } else { "" },
        count(p.trials)
    )
}

/// The legend entry of a counting rule's curve.
pub fn rule_key(rule: PipelineCount) -> String {
    format!("counted at the {}", rule_short(rule))
}

/// The legend entry of today's policy.
pub fn today_key(s: &StrategyPlan) -> String {
    format!("today's policy ({}, {}): {}", target_text(&s.current_target), rule_short(s.current_rule), pct1(s.current_value))
}

/// The label of the best point, with its confirmed figure.
pub fn best_label(s: &StrategyPlan) -> String {
    format!("best: {}, {}", times_value(s.points[s.best].target), pct1(s.best_confirmed().value))
}

/// The label of the practical point, when it is not the best.
pub fn practical_label(s: &StrategyPlan, tolerance: f64) -> Option<String> {
    (s.practical != s.best).then(|| {
        format!(
            "practical (within {} pt{}): {}, {}",
            plain(100.0 * tolerance),
            if tolerance == 0.01 { "" } else { "s" },
            times_value(s.points[s.practical].target),
            pct1(s.practical_confirmed().value)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_given_as_text_read_as_multiples() {
        assert_eq!(target_text("3"), "3×");
        assert_eq!(target_text(" 2.5 "), "2.5×");
        assert_eq!(target_text("{ pert = [2, 3, 4] }"), "{ pert = [2, 3, 4] }");
    }
}
