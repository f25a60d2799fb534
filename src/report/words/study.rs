//! The findings of a study's report.html in sentences: for a sweep, each
//! strategy's best value tried against today's; for a tornado, where the
//! scenario stands; for a plan, the ranges of outcomes at today's policy and
//! at the best target. Plain text: the caller escapes it.

use super::outcome::period;
use crate::report::facts::sweep::{axis_unit, current_value};
use crate::report::format::{pct0, pct0_range, times_value, value_in};
use crate::stats::summary::{Spread, StrategySummary};
use crate::study::Objective;
use crate::study::plan::{CoveragePlan, StrategyPlan};
use crate::study::points::SweepResult;

/// "48% on average (38–58% in a typical year)", or the average alone.
pub fn average_and_range(value: f64, range: Option<&Spread>, quarters: u32) -> String {
    match range {
        Some(r) if r.p10.is_finite() => {
            format!("{} on average ({} in a typical {})", pct0(value), pct0_range(r.p10, r.p90), period(quarters))
        }
        _ => format!("{} on average", pct0(value)),
    }
}

fn at_quota(st: &StrategySummary, quarters: u32) -> String {
    average_and_range(st.at_quota.share, st.outcome_range.as_ref().map(|o| &o.at_quota), quarters)
}

/// Index of the point with the highest share at quota for strategy `k`
/// (the first of ties).
pub fn best_point(r: &SweepResult, k: usize) -> usize {
    let share = |i: usize| r.points[i].summary.strategies[k].at_quota.share;
    (0..r.points.len()).fold(0, |b, i| if share(i) > share(b) { i } else { b })
}

/// A 1-D sweep's finding for strategy `k`: the best value tried, against
/// today's value when the grid holds it.
pub fn sweep_strategy_sentence(r: &SweepResult, k: usize) -> String {
    let unit = axis_unit(r, 0);
    let q = r.points[0].summary.quarters;
    let best = best_point(r, k);
    let st = |i: usize| &r.points[i].summary.strategies[k];
    let x = |i: usize| value_in(unit, r.points[i].values[0]);
    let now = current_value(r, 0);
    let today = now.and_then(|v| r.points.iter().position(|p| (p.values[0] - v).abs() <= 1e-9 * v.abs().max(1.0)));
    let edge = if r.points.len() > 2 && (best == 0 || best == r.points.len() - 1) {
        " It is at the edge of the values tried: a better one may lie beyond."
    } else {
        ""
    };
    let name = &st(best).name;
    match (today, now) {
        (Some(t), _) if t == best => {
            format!("{name}: today's {} is already the best value tried, {} of rep-quarters at quota.", x(t), at_quota(st(t), q))
        }
        (Some(t), _) => format!(
            "{name}: the best value tried is {}, {} of rep-quarters at quota, against {} at today's {}.{edge}",
            x(best),
            at_quota(st(best), q),
            at_quota(st(t), q),
            x(t)
        ),
        (None, Some(v)) => format!(
            "{name}: the best value tried is {}, {} of rep-quarters at quota; today's {} is not among the values tried.{edge}",
            x(best),
            at_quota(st(best), q),
            value_in(unit, v)
        ),
        (None, None) => format!("{name}: the best value tried is {}, {} of rep-quarters at quota.{edge}", x(best), at_quota(st(best), q)),
    }
}

/// Where strategy `st` stands before anything moves, on `metric`.
pub fn stands_sentence(st: &StrategySummary, metric: Objective, quarters: u32) -> String {
    format!(
        "As the scenario stands, {} has a {} of {}.",
        st.name,
        metric.def().short,
        average_and_range(metric.value(st), metric.outcome(st).as_ref(), quarters)
    )
}

/// A plan's ranges of outcomes at today's policy, at the best target and at
/// the practical one (confirmed figures, at the confirmation's trial count).
pub fn plan_ranges_sentence(p: &CoveragePlan, s: &StrategyPlan) -> Option<String> {
    let today = p.metric.outcome(p.base.strategies.get(s.index)?)?;
    let best = s.best_confirmed();
    let range = |o: &Spread| pct0_range(o.p10, o.p90);
    let practical = (s.practical != s.best)
        .then(|| s.practical_confirmed())
        .and_then(|pr| pr.outcome.map(|o| format!(", {} at the practical {}", range(&o), times_value(pr.target))))
        .unwrap_or_default();
    Some(format!(
        "{}: in a typical {}, the {} would be {} at the best target ({}){practical}, against {} with today's policy \
         (P10–P90 across trials).",
        s.strategy,
        period(p.base.quarters),
        p.metric.def().short,
        range(&best.outcome?),
        times_value(best.target),
        range(&today)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn a_sweep_names_the_best_value_against_today() {
        let r = fixtures::sweep_1d();
        let text = sweep_strategy_sentence(&r, 1);
        assert!(text.starts_with(&format!("{}: ", r.strategies()[1])), "{text}");
        assert!(text.contains("on average (") && text.contains("in a typical year"), "{text}");
        assert!(text.contains("today's 3×"), "{text}");
    }

    #[test]
    fn plans_and_tornadoes_give_their_ranges() {
        let p = fixtures::plan();
        let text = plan_ranges_sentence(&p, &p.strategies[0]).expect("share at quota has a range");
        assert!(
            text.contains("at the best target (") && text.contains("with today's policy") && text.contains("in a typical year"),
            "{text}"
        );
        let t = fixtures::tornado();
        assert!(stands_sentence(&t.base.strategies[0], t.metric, 4).contains("share at quota of "));
    }
}
