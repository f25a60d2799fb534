//! The plan's two stages, the screen (every point, few trials) and the
//! confirmation (the candidates, to the request's precision), each with one lockstep
//! group per strategy and every pair inside it, and the plan assembled from
//! their figures.

use std::iter::once;

use super::choose::{highest, out_of_reach_from, smallest_within};
use super::{Confirmed, CoveragePlan, PlanPoint, PlanRequest, PlanSetup, RULES, StrategyPlan};
use crate::engine::{EngineError, RunControl};
use crate::scenario::{Param, PipelineCount, Scenario};
use crate::stats::Summary;
use crate::stats::interval::Estimate;
use crate::stats::summary::StrategySummary;
use crate::study::Objective;
use crate::study::precision::MIN_TRIALS;
use crate::study::runner::{self, Job, Outcome, Precision};

/// Screen points under the best's rule confirmed as practical candidates: the
/// smallest within the tolerance and the next one up, in case the full run
/// moves the first just outside it.
const PRACTICAL_CANDIDATES: usize = 2;

/// Run the plan: screen every point, confirm the candidates, assemble.
pub fn run_plan(base: &Scenario, setup: &PlanSetup, req: &PlanRequest, control: &mut RunControl<'_>) -> Result<CoveragePlan, EngineError> {
    let per = RULES.len() * setup.targets.len();
    let screen_groups = (0..setup.strategies.len()).map(|k| once(0).chain((0..per).map(|j| 1 + k * per + j)).collect()).collect();
    let screen_job = job(setup.variants.clone(), screen_groups);
    // Progress in variant-trials: the screen's, then the confirmation's
    // (estimated until it is known).
    let screen_work = setup.variants.len() as u64 * req.screen_trials;
    let confirm_guess = (1 + setup.strategies.len() * (1 + PRACTICAL_CANDIDATES)) as u64 * req.trials;
    let report = stage_report(control.progress, 0, screen_work, confirm_guess);
    let screen = runner::run(&screen_job, req.screen_trials, None, &mut stage_control(control, &report, true))?;
    let screened = Screened::new(&screen_job, &screen, req);

    let mut plans: Vec<StrategyPlan> = setup.strategies.iter().enumerate().map(|(k, &s)| screened.strategy(base, setup, k, s)).collect();
    let candidates: Vec<Vec<usize>> = plans.iter().map(|p| candidates(p, req.tolerance)).collect();
    let mut variants = vec![base.clone()];
    let mut groups = Vec::new();
    for (k, points) in candidates.iter().enumerate() {
        let first = variants.len();
        let n = setup.targets.len();
        variants.extend(points.iter().map(|&i| setup.variants[setup.variant(k, i / n, i % n)].clone()));
        groups.push(once(0).chain(first..variants.len()).collect());
    }
    let confirm_job = job(variants, groups);
    let confirm_work = confirm_job.variants.len() as u64 * req.trials;
    let report = stage_report(control.progress, screen_work, confirm_work, 0);
    let confirm = confirm(&confirm_job, req, &mut stage_control(control, &report, false))?;
    let summaries = summaries(&confirm_job, &confirm);
    let mut first = 1;
    for (plan, points) in plans.iter_mut().zip(&candidates) {
        let members: Vec<usize> = (first..first + points.len()).collect();
        confirm_candidates(plan, points, &members, &summaries, &confirm, req);
        first += points.len();
    }
    let base_summary = summaries.into_iter().next().expect("the base variant exists");
    Ok(CoveragePlan {
        metric: req.metric,
        tolerance: req.tolerance,
        screen_trials: screen.trials,
        trials: confirm.trials,
        precision: req.precision,
        max_trials: req.trials,
        targets: setup.targets.clone(),
        base: base_summary,
        strategies: plans,
    })
}

/// Run the confirmation: from the screen's trial count on, in batches, until
/// every candidate's metric is known to the request's precision or the trials
/// run out (all of them when the precision is 0). The batches depend only on
/// results, so the answer is as reproducible as a fixed count.
fn confirm(job: &Job, req: &PlanRequest, control: &mut RunControl<'_>) -> Result<Outcome, EngineError> {
    if req.precision <= 0.0 {
        return runner::run(job, req.trials, None, control);
    }
    let first = req.screen_trials.max(MIN_TRIALS).min(req.trials);
    runner::run(job, first, Some(Precision { target: req.precision, metric: req.metric, max_trials: req.trials }), control)
}

/// A job of `variants` run in `groups`, with every pair inside each group.
fn job(variants: Vec<Scenario>, groups: Vec<Vec<usize>>) -> Job {
    let mut pairs = Vec::new();
    for members in &groups {
        for (i, &a) in members.iter().enumerate() {
            pairs.extend(members[i + 1..].iter().map(|&b| (a, b)));
        }
    }
    Job { variants, groups, pairs }
}

type Report<'a> = dyn Fn(u64, u64) + Sync + 'a;

/// Progress of one stage, read as `done` units before it out of
/// `done + stage + after`.
fn stage_report<'a>(outer: Option<&'a Report<'a>>, done: u64, stage: u64, after: u64) -> impl Fn(u64, u64) + Sync + 'a {
    move |d: u64, t: u64| {
        if let Some(p) = outer {
            p(done + stage * d / t.max(1), done + stage + after);
        }
    }
}

/// A stage's control. A screen decides what the confirmation runs, so when
/// the job is split across processes every shard runs it in full (`whole`).
fn stage_control<'c, 'a: 'c>(control: &RunControl<'a>, report: &'c Report<'c>, whole: bool) -> RunControl<'c> {
    let share = control.share.map(|s| if whole { s.whole() } else { s });
    RunControl { pool: control.pool, cancel: control.cancel, progress: Some(report), records: None, share }
}

fn summaries(job: &Job, out: &Outcome) -> Vec<Summary> {
    job.variants.iter().zip(&out.runs).map(|(v, r)| Summary::build(v, r)).collect()
}

/// Paired estimate of (variant b minus variant a) of the metric for strategy s.
fn diff(out: &Outcome, metric: Objective, a: usize, b: usize, s: usize) -> Estimate {
    if a == b {
        return Estimate::default();
    }
    match out.pair(a.min(b), a.max(b)) {
        Some(p) if a < b => metric.paired(&p.strategies[s]),
        Some(p) => flip(metric.paired(&p.strategies[s])),
        None => Estimate::default(),
    }
}

fn flip(e: Estimate) -> Estimate {
    Estimate { value: -e.value, se: e.se, ci_low: -e.ci_high, ci_high: -e.ci_low }
}

/// A point's own figures in a summary; its paired differences are the
/// caller's.
fn figures(ss: &StrategySummary, rule: PipelineCount, target: f64, metric: Objective) -> PlanPoint {
    PlanPoint {
        rule,
        target,
        value: metric.value(ss),
        ci: metric.interval(ss),
        share_at_quota: ss.at_quota.share,
        mean: ss.attainment.mean,
        p50: ss.attainment.p50,
        prospecting_hours: Estimate::non_negative(ss.hours_per_week.prospecting, ss.hours_per_week_se.prospecting),
        at_target: ss.at_coverage_target,
        outcome: metric.outcome(ss),
        vs_current: Estimate::default(),
        vs_best: Estimate::default(),
        within_noise: false,
    }
}

/// The screen's figures.
struct Screened<'a> {
    out: &'a Outcome,
    summaries: Vec<Summary>,
    req: &'a PlanRequest,
}

impl<'a> Screened<'a> {
    fn new(job: &Job, out: &'a Outcome, req: &'a PlanRequest) -> Screened<'a> {
        Screened { out, summaries: summaries(job, out), req }
    }

    /// The `k`-th planned strategy (index `s`) as screened; its confirmed
    /// figures are filled in later.
    fn strategy(&self, base: &Scenario, setup: &PlanSetup, k: usize, s: usize) -> StrategyPlan {
        let metric = self.req.metric;
        let n = setup.targets.len();
        let vars: Vec<usize> = (0..RULES.len() * n).map(|i| setup.variant(k, i / n, i % n)).collect();
        let mut points: Vec<PlanPoint> = vars
            .iter()
            .enumerate()
            .map(|(i, &v)| PlanPoint {
                vs_current: diff(self.out, metric, 0, v, s),
                ..figures(&self.summaries[v].strategies[s], RULES[i / n], setup.targets[i % n], metric)
            })
            .collect();
        let values: Vec<f64> = points.iter().map(|p| p.value).collect();
        let best = highest(&values);
        for (i, p) in points.iter_mut().enumerate() {
            p.vs_best = diff(self.out, metric, vars[best], vars[i], s);
            p.within_noise = i == best || p.vs_best.ci_high >= 0.0;
        }
        let best_per_rule = (0..RULES.len()).map(|r| r * n + highest(&values[r * n..(r + 1) * n])).collect();
        let out_of_reach = (0..RULES.len())
            .map(|r| {
                let at_target: Vec<f64> = points[r * n..(r + 1) * n].iter().map(|p| p.at_target.value).collect();
                out_of_reach_from(&setup.targets, &at_target)
            })
            .collect();
        let resolved = base.resolved(s);
        StrategyPlan {
            strategy: base.strategies[s].name.clone(),
            index: s,
            current_target: resolved.get(Param::CoverageTarget).to_string(),
            current_rule: resolved.choice::<PipelineCount>(),
            current_value: f64::NAN,
            current_ci: (f64::NAN, f64::NAN),
            points,
            best,
            best_per_rule,
            practical: best,
            confirmed: Vec::new(),
            out_of_reach,
        }
    }
}

/// The points to confirm: the best first, then the smallest targets under the
/// best's rule within the tolerance in the screen.
fn candidates(p: &StrategyPlan, tolerance: f64) -> Vec<usize> {
    let best = &p.points[p.best];
    let mut smaller: Vec<usize> = (0..p.points.len())
        .filter(|&i| p.points[i].rule == best.rule && p.points[i].target < best.target && p.points[i].vs_best.value >= -tolerance)
        .collect();
    smaller.sort_by(|&a, &b| p.points[a].target.total_cmp(&p.points[b].target));
    std::iter::once(p.best).chain(smaller.into_iter().take(PRACTICAL_CANDIDATES)).collect()
}

/// Fill in a strategy's confirmed figures (`points[j]` ran as confirmation
/// variant `members[j]`, the base as variant 0) and choose its practical point.
fn confirm_candidates(
    plan: &mut StrategyPlan,
    points: &[usize],
    members: &[usize],
    summaries: &[Summary],
    out: &Outcome,
    req: &PlanRequest,
) {
    let (s, metric) = (plan.index, req.metric);
    let cur = &summaries[0].strategies[s];
    plan.current_value = metric.value(cur);
    plan.current_ci = metric.interval(cur);
    let best_var = members[0];
    plan.confirmed = points
        .iter()
        .zip(members)
        .map(|(&point, &v)| {
            let x = &plan.points[point];
            let mut figures = figures(&summaries[v].strategies[s], x.rule, x.target, metric);
            figures.vs_current = diff(out, metric, 0, v, s);
            figures.vs_best = diff(out, metric, best_var, v, s);
            figures.within_noise = v == best_var || figures.vs_best.ci_high >= 0.0;
            Confirmed { point, figures }
        })
        .collect();
    let best = &plan.points[plan.best];
    let practical: Vec<(usize, (f64, f64))> = plan
        .confirmed
        .iter()
        .filter(|c| plan.points[c.point].rule == best.rule && plan.points[c.point].target <= best.target)
        .map(|c| (c.point, (c.figures.target, c.figures.vs_best.value)))
        .collect();
    let pairs: Vec<(f64, f64)> = practical.iter().map(|x| x.1).collect();
    plan.practical = smallest_within(&pairs, req.tolerance).map_or(plan.best, |i| practical[i].0);
}
