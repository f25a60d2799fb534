//! Every figure of the summary computed from the accumulators, one named
//! step per part of the schema.

use super::super::accum::{COVERAGE_BIN_WIDTH, RunAccum, StrategyAccum};
use super::super::interval::{Estimate, Z95, design_effect, quantile_rank_levels, wilson};
use super::super::metrics::{ByRule, Funnel, Hours, Metric, MetricGroup, Reading};
use super::super::moments::{Moments, RatioMoments};
use super::{
    Attainment, AttainmentByCoverage, Bands, CHART_BIN_WIDTH, CHART_MAX, CoverageBin, Histogram, OutcomeRange, Paired, ScenarioInfo, Share,
    StrategySummary, Summary, TopGroup, WinRates, correlation_rows, parameter_rows,
};
use crate::scenario::Scenario;

impl Summary {
    pub fn build(scenario: &Scenario, acc: &RunAccum) -> Summary {
        let first = scenario.strategies.first().map(|s| s.name.as_str());
        let strategies = scenario
            .strategies
            .iter()
            .zip(&acc.strategies)
            .enumerate()
            .map(|(i, (s, a))| {
                let ctx = Context { accum: a, trials: acc.trials, weeks_per_quarter: scenario.weeks_per_quarter() };
                let mut summary = ctx.strategy(&s.name, if i == 0 { None } else { first });
                let finite = scenario.resolved(i).finite_market();
                summary.quarters = super::year::quarters(a, scenario, acc.trials, finite);
                summary.year = super::year::year(a, scenario, acc.trials);
                summary.territory = finite.then(|| super::territory::territory(&a.list));
                summary
            })
            .collect();
        Summary {
            version: env!("CARGO_PKG_VERSION").to_string(),
            seed: scenario.seed(),
            trials: acc.trials,
            reps: scenario.reps(),
            quarters: scenario.quarters(),
            warmup_quarters: scenario.warmup_quarters(),
            weeks_per_quarter: scenario.weeks_per_quarter(),
            confidence: 0.95,
            currency: scenario.currency.clone(),
            scenario: ScenarioInfo {
                name: scenario.name.clone(),
                sha256: scenario.sha256.clone(),
                source: scenario.source_label.clone(),
                overrides: scenario.overrides.clone(),
            },
            parameters: parameter_rows(scenario),
            correlations: correlation_rows(scenario),
            strategies,
            stopping: None,
        }
    }
}

/// One strategy's accumulator and what its figures need to know about the run.
struct Context<'a> {
    accum: &'a StrategyAccum,
    trials: u64,
    weeks_per_quarter: u32,
}

impl Context<'_> {
    fn strategy(&self, name: &str, against: Option<&str>) -> StrategySummary {
        let a = self.accum;
        let win_q = ratio(&a.win_rate_qualified);
        let win_f = ratio(&a.win_rate_first);
        let (coverage_start, coverage_start_se) = self.group::<ByRule>();
        let (funnel, funnel_se) = self.group::<Funnel>();
        let (hours_per_week, hours_per_week_se) = self.group::<Hours>();
        // Below 1x coverage, winning everything would still miss quota: no
        // loss rate is implied (1 - 1/c would be negative, or -inf at zero).
        let implied = |c: f64| if c >= 1.0 { 1.0 - 1.0 / c } else { f64::NAN };
        StrategySummary {
            name: name.to_string(),
            rep_quarters: a.attainment.n,
            attainment: self.attainment(),
            at_quota: share(a.at_quota, a.attainment.n, self.clustered(a.mean_of(Metric::AtQuota), 0.0)),
            bands: self.bands(),
            team_at_plan: share(a.team_at_plan, a.team_quarters, self.clustered(&a.team_trial_share, 0.0)),
            outcome_range: Some(self.outcome_range()),
            funnel,
            funnel_se,
            win_rate: WinRates { qualified: win_q, first_meeting: win_f },
            won_deal_size: ratio(&a.won_deal_size),
            hours_per_week,
            hours_per_week_se,
            attention: estimate(a.mean_of(Metric::Attention)),
            at_coverage_target: estimate(a.mean_of(Metric::AtTarget)),
            implied_loss_rate: ByRule {
                first_meeting: implied(coverage_start.first_meeting),
                second_meeting: implied(coverage_start.second_meeting),
            },
            coverage_start,
            coverage_start_se,
            realised_loss_rate: ByRule { first_meeting: 1.0 - win_f.value, second_meeting: 1.0 - win_q.value },
            top20: self.top20(),
            paired: against.map(|base| self.paired(base)),
            attainment_by_coverage: AttainmentByCoverage {
                first_meeting: coverage_bins(&a.coverage_first_bins),
                second_meeting: coverage_bins(&a.coverage_second_bins),
            },
            histogram: self.histogram(),
            quarters: Vec::new(),
            year: None,
            territory: None,
        }
    }

    /// A summary group of metric means and its twin of standard errors;
    /// hours are reported per week.
    fn group<G: MetricGroup>(&self) -> (G, G) {
        let per = |m: Metric| if m.def().reading == Reading::HoursPerWeek { f64::from(self.weeks_per_quarter) } else { 1.0 };
        let mean = G::from_fn(|m| self.accum.mean_of(m).mean / per(m));
        let se = G::from_fn(|m| self.accum.mean_of(m).se() / per(m));
        (mean, se)
    }

    /// The standard error of a trial-level mean, or `fallback` with fewer than two trials.
    fn clustered(&self, trial_means: &Moments, fallback: f64) -> f64 {
        if self.trials >= 2 { trial_means.se() } else { fallback }
    }

    fn attainment(&self) -> Attainment {
        let a = self.accum;
        let n = a.attainment.n;
        // Within a trial, rep-quarters share the uncertain inputs; the design
        // effect widens rank-based intervals to what independent trials support.
        let naive_se = if n > 0 { a.attainment.sd() / (n as f64).sqrt() } else { 0.0 };
        let clustered_se = self.clustered(a.mean_of(Metric::Attainment), naive_se);
        let n_eff = n as f64 / design_effect(clustered_se, naive_se);
        let q = |p: f64| a.histogram.quantile(p);
        let pci = |p: f64| {
            let (lo, hi) = quantile_rank_levels(p, n_eff);
            [q(lo), q(hi)]
        };
        let mean = a.attainment.mean;
        Attainment {
            mean,
            mean_se: clustered_se,
            mean_ci: [mean - Z95 * clustered_se, mean + Z95 * clustered_se],
            std: a.attainment.sd(),
            p10: q(0.10),
            p25: q(0.25),
            p50: q(0.50),
            p75: q(0.75),
            p90: q(0.90),
            p10_ci: pci(0.10),
            p25_ci: pci(0.25),
            p50_ci: pci(0.50),
            p75_ci: pci(0.75),
            p90_ci: pci(0.90),
            zero_share: a.histogram.zero as f64 / n.max(1) as f64,
            max: a.histogram.max,
        }
    }

    fn bands(&self) -> Bands {
        let a = self.accum;
        let band = |i: usize| a.bands[i] as f64 / a.attainment.n.max(1) as f64;
        Bands { below_50: band(0), b50_80: band(1), b80_100: band(2), b100_120: band(3), above_120: band(4) }
    }

    /// Touches and attainment of the top 20% of rep-quarters by attainment against the rest.
    fn top20(&self) -> TopGroup {
        let h = &self.accum.histogram;
        let (tc, tt, ta) = h.top_share(0.2);
        let (nc, nt, na) = h.sums();
        let rest = (nc - tc).max(1e-300);
        TopGroup {
            share_of_rep_quarters: if nc > 0.0 { tc / nc } else { 0.0 },
            touches_top: if tc > 0.0 { tt / tc } else { 0.0 },
            touches_rest: (nt - tt) / rest,
            attainment_top: if tc > 0.0 { ta / tc } else { 0.0 },
            attainment_rest: (na - ta) / rest,
        }
    }

    /// The paired difference against the first strategy; errors from trial
    /// means when there are at least two trials.
    fn paired(&self, against: &str) -> Paired {
        let a = self.accum;
        let pick = |rq: &Moments, tr: &Moments| Estimate::normal(rq.mean, self.clustered(tr, rq.se()));
        Paired {
            against: against.to_string(),
            attainment_diff: pick(&a.diff_attainment, &a.diff_attainment_trials),
            at_quota_diff: pick(&a.diff_at_quota, &a.diff_at_quota_trials),
        }
    }

    /// The figures of a trial across trials.
    fn outcome_range(&self) -> OutcomeRange {
        let o = &self.accum.outcome;
        OutcomeRange {
            trials: o.at_quota.total(),
            at_quota: o.at_quota.spread().into(),
            mean_attainment: o.mean_attainment.spread().into(),
            quarters_at_plan: o.quarters_at_plan.spread(self.accum.quarters.len()).into(),
        }
    }

    fn histogram(&self) -> Histogram {
        let (edges, counts, above) = self.accum.histogram.coarse(CHART_BIN_WIDTH, CHART_MAX);
        Histogram { bin_width: CHART_BIN_WIDTH, edges, counts, above }
    }
}

fn estimate(m: &Moments) -> Estimate {
    Estimate::normal(m.mean, m.se())
}

fn ratio(r: &RatioMoments) -> Estimate {
    let v = r.ratio();
    let se = r.se();
    if v.is_finite() {
        Estimate::normal(v, if se.is_finite() { se } else { 0.0 })
    } else {
        // Undefined (nothing closed, nothing won) stays NaN: `null` in JSON, "-" on screen.
        Estimate { value: f64::NAN, se: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN }
    }
}

/// A share with its Wilson interval, widened by the design effect of within-trial correlation.
fn share(successes: u64, n: u64, se_clustered: f64) -> Share {
    let p = if n > 0 { successes as f64 / n as f64 } else { 0.0 };
    let naive = if n > 0 { (p * (1.0 - p) / n as f64).sqrt() } else { 0.0 };
    let deff = design_effect(se_clustered, naive);
    let (lo, hi) = wilson(p, n as f64 / deff);
    Share { share: p, ci_low: lo, ci_high: hi, design_effect: deff }
}

fn coverage_bins(bins: &[Moments]) -> Vec<CoverageBin> {
    bins.iter()
        .enumerate()
        .filter(|(_, m)| m.n > 0)
        .map(|(i, m)| {
            let lo = i as f64 * COVERAGE_BIN_WIDTH;
            let hi = (i + 1 < bins.len()).then_some(lo + COVERAGE_BIN_WIDTH);
            let half = Z95 * m.se();
            CoverageBin { lo, hi, n: m.n, mean_attainment: m.mean, ci_low: m.mean - half, ci_high: m.mean + half }
        })
        .collect()
}
