//! Coverage-target planning: sweep a strategy's `coverage_target` under both
//! counting rules (qualified pipeline at the second meeting, or everything
//! open at the first meeting) and answer in plain words which target maximises
//! the metric, by how much over the current policy (paired interval), and over
//! which targets the curve is flat within noise.
//!
//! Each strategy is planned on its own: its `strategy.NAME.coverage_target` and
//! `strategy.NAME.count_pipeline_at` change, the other strategies keep theirs
//! (and cost nothing: identical strategies are simulated once per rep).

use crate::engine::{EngineError, RunControl};
use crate::scenario::fmt_num;
use crate::scenario::{Param, PipelineCount, Scenario, ScenarioError, ValueSpec, apply_override};
use crate::stats::Summary;
use crate::stats::interval::Estimate;

use super::Metric;
use super::runner::{self, Job};

/// Default `--targets`.
pub const DEFAULT_TARGETS: &str = "1:8:0.5";

/// Both counting rules, the scenario default first.
pub const RULES: [PipelineCount; 2] = [PipelineCount::SecondMeeting, PipelineCount::FirstMeeting];

/// How a counting rule reads in a sentence.
pub fn rule_words(r: PipelineCount) -> &'static str {
    match r {
        PipelineCount::SecondMeeting => "counting qualified pipeline (second meeting)",
        PipelineCount::FirstMeeting => "counting every first meeting (phantoms included)",
    }
}

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
    pub verdict: String,
}

#[derive(Clone, Debug)]
pub struct CoveragePlan {
    pub metric: Metric,
    pub trials: u64,
    pub targets: Vec<f64>,
    /// The scenario as it stands.
    pub base: Summary,
    pub strategies: Vec<StrategyPlan>,
}

impl CoveragePlan {
    /// Every strategy's verdict, as printed and written to verdict.txt.
    pub fn verdict(&self) -> String {
        let head = format!(
            "Coverage-target plan: {} ({} trials, seed {}; 95% intervals; differences are paired: same reps, same draws)\n",
            self.metric.label(),
            self.trials,
            self.base.seed
        );
        let body: Vec<&str> = self.strategies.iter().map(|s| s.verdict.as_str()).collect();
        format!("{head}\n{}", body.join("\n"))
    }
}

fn flip(e: Estimate) -> Estimate {
    Estimate { value: -e.value, se: e.se, ci_low: -e.ci_high, ci_high: -e.ci_low }
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

/// Run the plan.
pub fn run_plan(
    base: &Scenario,
    setup: &PlanSetup,
    metric: Metric,
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
        let mut plan = StrategyPlan {
            strategy: base.strategies[s].name.clone(),
            index: s,
            current_target: resolved.get(Param::CoverageTarget).to_string(),
            current_rule: resolved.choice::<PipelineCount>(),
            current_value: metric.value(cur),
            current_ci: metric.interval(cur),
            points,
            best,
            best_per_rule,
            verdict: String::new(),
        };
        plan.verdict = verdict(&plan, &setup.targets, metric, diff(0, vars[best], s));
        plans.push(plan);
    }
    let base_summary = summaries.into_iter().next().expect("the base variant exists");
    Ok(CoveragePlan { metric, trials: out.trials, targets: setup.targets.clone(), base: base_summary, strategies: plans })
}

/// The plain-words answer for one strategy.
fn verdict(p: &StrategyPlan, targets: &[f64], metric: Metric, best_vs_current: Estimate) -> String {
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
