//! Coverage-target planning: sweep a strategy's `coverage_target` under both
//! counting rules (qualified pipeline at the second meeting, or everything
//! open at the first meeting) and find which target maximises the metric, by
//! how much over the current policy (paired interval), and over which targets
//! the curve is flat within noise. The answer in words is
//! `report::words::verdict`'s.
//!
//! Each strategy is planned on its own: its `strategy.NAME.coverage_target` and
//! `strategy.NAME.count_pipeline_at` change, the other strategies keep theirs
//! (and cost nothing: identical strategies are simulated once per rep).

use crate::engine::{EngineError, RunControl};
use crate::scenario::{Param, PipelineCount, Scenario, ScenarioError, ValueSpec, apply_override, fmt_num};
use crate::stats::Summary;
use crate::stats::interval::Estimate;
use crate::stats::summary::Spread;

use super::Objective;
use super::runner::{self, Job};

/// Default `--targets`.
pub const DEFAULT_TARGETS: &str = "1:8:0.5";

/// Both counting rules, the scenario default first.
pub const RULES: [PipelineCount; 2] = [PipelineCount::SecondMeeting, PipelineCount::FirstMeeting];

/// Short form for tables and legends.
pub fn rule_short(r: PipelineCount) -> &'static str {
    match r {
        PipelineCount::SecondMeeting => "second meeting",
        PipelineCount::FirstMeeting => "first meeting",
    }
}

/// The variants of a plan, ready to run.
pub struct PlanSetup {
    pub targets: Vec<f64>,
    /// Strategy indices planned.
    pub strategies: Vec<usize>,
    /// Variant 0 is the scenario itself; then per planned strategy, per rule,
    /// per target.
    pub variants: Vec<Scenario>,
}

impl PlanSetup {
    /// Variant index of (k-th planned strategy, rule index, target index).
    pub fn variant(&self, k: usize, rule: usize, t: usize) -> usize {
        1 + (k * RULES.len() + rule) * self.targets.len() + t
    }

    /// Check the targets and build the variants, each exactly as
    /// `run --set strategy.NAME.coverage_target=T --set strategy.NAME.count_pipeline_at=RULE`.
    pub fn new(base: &Scenario, targets: &ValueSpec, strategies: Vec<usize>) -> Result<PlanSetup, ScenarioError> {
        let values = targets.values().map_err(|m| ScenarioError::flag("--targets", "", m.0))?;
        let range = Param::CoverageTarget.def().range;
        if let Some(bad) = values.iter().find(|x| !range.contains(**x)) {
            return Err(ScenarioError::flag(
                "--targets",
                "",
                format!("{} is out of range: coverage_target must be in {range}", fmt_num(*bad)),
            ));
        }
        let mut variants = vec![base.clone()];
        for &s in &strategies {
            let name = &base.strategies[s].name;
            for rule in RULES {
                for &t in &values {
                    let mut v = base.clone();
                    apply_override(&mut v, &format!("strategy.{name}.coverage_target"), &fmt_num(t))?;
                    apply_override(&mut v, &format!("strategy.{name}.count_pipeline_at"), rule.as_str())?;
                    variants.push(v);
                }
            }
        }
        Ok(PlanSetup { targets: values, strategies, variants })
    }
}

/// One (rule, target) of a strategy's plan.
#[derive(Clone, Debug)]
pub struct PlanPoint {
    pub rule: PipelineCount,
    pub target: f64,
    /// The metric and its 95% interval.
    pub value: f64,
    pub ci: (f64, f64),
    pub share_at_quota: f64,
    pub mean: f64,
    pub p50: f64,
    /// The metric's range of outcomes across trials, where it has one.
    pub outcome: Option<Spread>,
    /// Paired: this point minus the current policy, and minus the best point.
    pub vs_current: Estimate,
    pub vs_best: Estimate,
    /// Not distinguishable from the best at 95% (paired interval reaches 0).
    pub within_noise: bool,
}

/// The plan of one strategy.
#[derive(Clone, Debug)]
pub struct StrategyPlan {
    pub strategy: String,
    pub index: usize,
    pub current_target: String,
    pub current_rule: PipelineCount,
    pub current_value: f64,
    pub current_ci: (f64, f64),
    /// Rule-major (as [`RULES`]), then target order.
    pub points: Vec<PlanPoint>,
    /// Index into `points`.
    pub best: usize,
    /// Best point per rule (index into `points`).
    pub best_per_rule: Vec<usize>,
    /// The best point against the current policy (paired).
    pub best_vs_current: Estimate,
}

#[derive(Clone, Debug)]
pub struct CoveragePlan {
    pub metric: Objective,
    pub trials: u64,
    pub targets: Vec<f64>,
    /// The scenario as it stands.
    pub base: Summary,
    pub strategies: Vec<StrategyPlan>,
}

fn flip(e: Estimate) -> Estimate {
    Estimate { value: -e.value, se: e.se, ci_low: -e.ci_high, ci_high: -e.ci_low }
}

/// Run the plan.
pub fn run_plan(
    base: &Scenario,
    setup: &PlanSetup,
    metric: Objective,
    trials: u64,
    control: &mut RunControl<'_>,
) -> Result<CoveragePlan, EngineError> {
    let per = RULES.len() * setup.targets.len();
    let mut groups = Vec::new();
    let mut pairs = Vec::new();
    for k in 0..setup.strategies.len() {
        let members: Vec<usize> = std::iter::once(0).chain((0..per).map(|j| 1 + k * per + j)).collect();
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                pairs.push((a, b));
            }
        }
        groups.push(members);
    }
    let job = Job { variants: setup.variants.clone(), groups, pairs };
    let out = runner::run(&job, trials, None, control)?;
    let summaries: Vec<Summary> = job.variants.iter().zip(&out.runs).map(|(v, r)| Summary::build(v, r)).collect();
    // Paired estimate of (variant b minus variant a) for strategy s.
    let diff = |a: usize, b: usize, s: usize| -> Estimate {
        if a == b {
            return Estimate::default();
        }
        match out.pair(a.min(b), a.max(b)) {
            Some(p) if a < b => metric.paired(&p.strategies[s]),
            Some(p) => flip(metric.paired(&p.strategies[s])),
            None => Estimate::default(),
        }
    };

    let mut plans = Vec::new();
    for (k, &s) in setup.strategies.iter().enumerate() {
        let resolved = base.resolved(s);
        let cur = &summaries[0].strategies[s];
        let mut vars = Vec::new();
        let mut points = Vec::new();
        for (r, &rule) in RULES.iter().enumerate() {
            for (t, &target) in setup.targets.iter().enumerate() {
                let v = setup.variant(k, r, t);
                let ss = &summaries[v].strategies[s];
                vars.push(v);
                points.push(PlanPoint {
                    rule,
                    target,
                    value: metric.value(ss),
                    ci: metric.interval(ss),
                    share_at_quota: ss.at_quota.share,
                    mean: ss.attainment.mean,
                    p50: ss.attainment.p50,
                    outcome: metric.outcome(ss),
                    vs_current: diff(0, v, s),
                    vs_best: Estimate::default(),
                    within_noise: false,
                });
            }
        }
        // Highest value; ties go to the lower target and the qualified count.
        let best = (0..points.len()).fold(0, |b, i| if points[i].value > points[b].value { i } else { b });
        for i in 0..points.len() {
            points[i].vs_best = diff(vars[best], vars[i], s);
            points[i].within_noise = i == best || points[i].vs_best.ci_high >= 0.0;
        }
        let n = setup.targets.len();
        let best_per_rule: Vec<usize> = (0..RULES.len())
            .map(|r| (r * n..(r + 1) * n).fold(r * n, |b, i| if points[i].value > points[b].value { i } else { b }))
            .collect();
        let plan = StrategyPlan {
            strategy: base.strategies[s].name.clone(),
            index: s,
            current_target: resolved.get(Param::CoverageTarget).to_string(),
            current_rule: resolved.choice::<PipelineCount>(),
            current_value: metric.value(cur),
            current_ci: metric.interval(cur),
            points,
            best,
            best_per_rule,
            best_vs_current: diff(0, vars[best], s),
        };
        plans.push(plan);
    }
    let base_summary = summaries.into_iter().next().expect("the base variant exists");
    Ok(CoveragePlan { metric, trials: out.trials, targets: setup.targets.clone(), base: base_summary, strategies: plans })
}
