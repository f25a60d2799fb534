//! The run summary: every reported figure with its Monte Carlo error, built
//! from the accumulators. It is what `summary.json` holds, and all that charts
//! and the report need, so they can be redrawn without re-simulating.

use serde::{Deserialize, Serialize};

use super::accum::{BAND_LABELS, COVERAGE_BIN_WIDTH, RunAccum, StrategyAccum};
use super::interval::{Estimate, Z95, design_effect, f64_or_null, quantile_rank_levels, wilson};
use super::record::Metric;
use crate::scenario::registry::all_settings;
use crate::scenario::{Origin, Scenario, SettingId};

/// Width and range of the histogram kept in the summary for charts.
pub const CHART_BIN_WIDTH: f64 = 0.02;
pub const CHART_MAX: f64 = 4.0;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// quotasim version that produced it.
    pub version: String,
    pub seed: u64,
    pub trials: u64,
    pub reps: u32,
    pub quarters: u32,
    pub warmup_quarters: u32,
    pub weeks_per_quarter: u32,
    /// Confidence level of every interval.
    pub confidence: f64,
    pub currency: String,
    pub scenario: ScenarioInfo,
    /// Every resolved parameter per strategy, with where its value came from.
    pub parameters: Vec<ParameterRow>,
    pub strategies: Vec<StrategySummary>,
    /// Present when the run stopped on a precision target (`--precision`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopping: Option<Stopping>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ScenarioInfo {
    pub name: String,
    pub sha256: String,
    /// File path, or `<built-in default>`.
    pub source: String,
    /// `--set` overrides, as given.
    pub overrides: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Stopping {
    pub metric: String,
    pub target_half_width: f64,
    pub achieved_half_width: f64,
    pub max_trials: u64,
    /// `precision_reached` or `trial_cap_reached`.
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ParameterRow {
    /// Key path for shared keys (`selling.win_rate`).
    pub path: String,
    pub key: String,
    pub unit: String,
    pub values: Vec<ParameterValue>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ParameterValue {
    pub strategy: String,
    pub value: String,
    pub origin: Origin,
}

/// A share with its 95% interval.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct Share {
    pub share: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Design effect of within-trial correlation used to widen the interval (>= 1).
    pub design_effect: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Attainment {
    pub mean: f64,
    pub mean_se: f64,
    pub mean_ci: [f64; 2],
    pub std: f64,
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p10_ci: [f64; 2],
    pub p25_ci: [f64; 2],
    pub p50_ci: [f64; 2],
    pub p75_ci: [f64; 2],
    pub p90_ci: [f64; 2],
    /// Share of rep-quarters with nothing won.
    pub zero_share: f64,
    pub max: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Bands {
    pub below_50: f64,
    #[serde(rename = "50_80")]
    pub b50_80: f64,
    #[serde(rename = "80_100")]
    pub b80_100: f64,
    #[serde(rename = "100_120")]
    pub b100_120: f64,
    pub above_120: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Funnel {
    pub touches: f64,
    pub connects: f64,
    pub first_meetings: f64,
    pub qualified: f64,
    pub won: f64,
    pub lost: f64,
    pub phantoms_closed: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Hours {
    pub prospecting: f64,
    pub meetings: f64,
    pub deal_work: f64,
}

/// A figure under each pipeline-counting rule; `null` in JSON where undefined
/// (for example the loss rate implied by zero coverage).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ByRule {
    #[serde(deserialize_with = "f64_or_null")]
    pub first_meeting: f64,
    #[serde(deserialize_with = "f64_or_null")]
    pub second_meeting: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WinRates {
    /// Won / qualified opportunities closed.
    pub qualified: Estimate,
    /// Won / all opportunities closed (first meetings), phantoms included.
    pub first_meeting: Estimate,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TopGroup {
    pub share_of_rep_quarters: f64,
    pub touches_top: f64,
    pub touches_rest: f64,
    pub attainment_top: f64,
    pub attainment_rest: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Paired {
    /// The strategy compared against (the first one).
    pub against: String,
    /// Mean attainment of this strategy minus the first, same rep-quarters.
    pub attainment_diff: Estimate,
    /// Share at quota of this strategy minus the first, same rep-quarters.
    pub at_quota_diff: Estimate,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CoverageBin {
    pub lo: f64,
    /// Upper edge; `null` for the open last bin.
    pub hi: Option<f64>,
    pub n: u64,
    pub mean_attainment: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AttainmentByCoverage {
    pub first_meeting: Vec<CoverageBin>,
    pub second_meeting: Vec<CoverageBin>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Histogram {
    pub bin_width: f64,
    /// Bin edges in attainment (1.0 = 100% of quota); `counts[i]` is [edges[i], edges[i+1]).
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    /// Rep-quarters at or above the last edge.
    pub above: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StrategySummary {
    pub name: String,
    pub rep_quarters: u64,
    pub attainment: Attainment,
    pub at_quota: Share,
    pub bands: Bands,
    pub team_at_plan: Share,
    /// Means per rep-quarter.
    pub funnel: Funnel,
    /// Standard errors of `funnel`.
    pub funnel_se: Funnel,
    pub win_rate: WinRates,
    pub won_deal_size: Estimate,
    /// Mean hours per week by activity.
    pub hours_per_week: Hours,
    pub hours_per_week_se: Hours,
    /// Mean weekly attention: deal hours given / needed.
    pub attention: Estimate,
    /// Mean pipeline coverage (x quota) at quarter start, by counting rule.
    pub coverage_start: ByRule,
    pub coverage_start_se: ByRule,
    /// 1 - 1/coverage: the loss rate a coverage target implicitly plans for.
    pub implied_loss_rate: ByRule,
    /// 1 - realised win rate of the opportunities each rule counts.
    pub realised_loss_rate: ByRule,
    pub top20: TopGroup,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired: Option<Paired>,
    pub attainment_by_coverage: AttainmentByCoverage,
    pub histogram: Histogram,
}

fn estimate_of(m: &super::moments::Moments) -> Estimate {
    Estimate::normal(m.mean, m.se())
}

fn ci(levels: (f64, f64), a: &StrategyAccum) -> [f64; 2] {
    [a.histogram.quantile(levels.0), a.histogram.quantile(levels.1)]
}

fn ratio(r: &super::moments::RatioMoments) -> Estimate {
    let v = r.ratio();
    let se = r.se();
    if v.is_finite() {
        Estimate::normal(v, if se.is_finite() { se } else { 0.0 })
    } else {
        // Undefined (nothing closed, nothing won) stays NaN: `null` in JSON, "-" on screen.
        Estimate { value: f64::NAN, se: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN }
    }
}

fn share(successes: u64, n: u64, se_clustered: f64) -> Share {
    let p = if n > 0 { successes as f64 / n as f64 } else { 0.0 };
    let naive = if n > 0 { (p * (1.0 - p) / n as f64).sqrt() } else { 0.0 };
    let deff = design_effect(se_clustered, naive);
    let (lo, hi) = wilson(p, n as f64 / deff);
    Share { share: p, ci_low: lo, ci_high: hi, design_effect: deff }
}

fn coverage_bins(bins: &[super::moments::Moments]) -> Vec<CoverageBin> {
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

impl StrategySummary {
    fn build(name: &str, a: &StrategyAccum, against: Option<&str>, trials: u64, weeks_per_quarter: u32) -> StrategySummary {
        let n = a.attainment.n;
        let m = |x: Metric| a.mean_of(x);
        let att_trials = m(Metric::Attainment);
        // Within a trial, rep-quarters share the uncertain inputs; the design
        // effect widens rank-based intervals to what independent trials support.
        let naive_se = if n > 0 { a.attainment.sd() / (n as f64).sqrt() } else { 0.0 };
        let clustered_se = if trials >= 2 { att_trials.se() } else { naive_se };
        let deff = design_effect(clustered_se, naive_se);
        let n_eff = n as f64 / deff;
        let q = |p: f64| a.histogram.quantile(p);
        let pci = |p: f64| ci(quantile_rank_levels(p, n_eff), a);
        let nf = n.max(1) as f64;
        let band = |i: usize| a.bands[i] as f64 / nf;
        let f = |x: Metric| m(x).mean;
        let fse = |x: Metric| m(x).se();
        let funnel_of = |g: &dyn Fn(Metric) -> f64| Funnel {
            touches: g(Metric::Touches),
            connects: g(Metric::Connects),
            first_meetings: g(Metric::FirstMeetings),
            qualified: g(Metric::Qualified),
            won: g(Metric::Won),
            lost: g(Metric::Lost),
            phantoms_closed: g(Metric::PhantomsClosed),
        };
        let w = f64::from(weeks_per_quarter);
        let hours_of = |g: &dyn Fn(Metric) -> f64| Hours {
            prospecting: g(Metric::ProspectingHours) / w,
            meetings: g(Metric::MeetingHours) / w,
            deal_work: g(Metric::DealHours) / w,
        };
        let win_q = ratio(&a.win_rate_qualified);
        let win_f = ratio(&a.win_rate_first);
        let cov_first = f(Metric::CoverageFirst);
        let cov_second = f(Metric::CoverageSecond);
        let implied = |c: f64| if c > 0.0 { 1.0 - 1.0 / c } else { f64::NAN };
        let (tc, tt, ta) = a.histogram.top_share(0.2);
        let (nc, nt, na) = a.histogram.sums();
        let rest = (nc - tc).max(1e-300);
        let top20 = TopGroup {
            share_of_rep_quarters: if nc > 0.0 { tc / nc } else { 0.0 },
            touches_top: if tc > 0.0 { tt / tc } else { 0.0 },
            touches_rest: (nt - tt) / rest,
            attainment_top: if tc > 0.0 { ta / tc } else { 0.0 },
            attainment_rest: (na - ta) / rest,
        };
        let paired = against.map(|base| {
            let pick = |rq: &super::moments::Moments, tr: &super::moments::Moments| {
                let se = if trials >= 2 { tr.se() } else { rq.se() };
                Estimate::normal(rq.mean, se)
            };
            Paired {
                against: base.to_string(),
                attainment_diff: pick(&a.diff_attainment, &a.diff_attainment_trials),
                at_quota_diff: pick(&a.diff_at_quota, &a.diff_at_quota_trials),
            }
        });
        let (edges, counts, above) = a.histogram.coarse(CHART_BIN_WIDTH, CHART_MAX);
        let team_se = if trials >= 2 { a.team_trial_share.se() } else { 0.0 };
        let at_quota_se = if trials >= 2 { m(Metric::AtQuota).se() } else { 0.0 };
        StrategySummary {
            name: name.to_string(),
            rep_quarters: n,
            attainment: Attainment {
                mean: a.attainment.mean,
                mean_se: clustered_se,
                mean_ci: [a.attainment.mean - Z95 * clustered_se, a.attainment.mean + Z95 * clustered_se],
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
                zero_share: a.histogram.zero as f64 / nf,
                max: a.histogram.max,
            },
            at_quota: share(a.at_quota, n, at_quota_se),
            bands: Bands { below_50: band(0), b50_80: band(1), b80_100: band(2), b100_120: band(3), above_120: band(4) },
            team_at_plan: share(a.team_at_plan, a.team_quarters, team_se),
            funnel: funnel_of(&f),
            funnel_se: funnel_of(&fse),
            win_rate: WinRates { qualified: win_q, first_meeting: win_f },
            won_deal_size: ratio(&a.won_deal_size),
            hours_per_week: hours_of(&f),
            hours_per_week_se: hours_of(&fse),
            attention: estimate_of(m(Metric::Attention)),
            coverage_start: ByRule { first_meeting: cov_first, second_meeting: cov_second },
            coverage_start_se: ByRule { first_meeting: fse(Metric::CoverageFirst), second_meeting: fse(Metric::CoverageSecond) },
            implied_loss_rate: ByRule { first_meeting: implied(cov_first), second_meeting: implied(cov_second) },
            realised_loss_rate: ByRule { first_meeting: 1.0 - win_f.value, second_meeting: 1.0 - win_q.value },
            top20,
            paired,
            attainment_by_coverage: AttainmentByCoverage {
                first_meeting: coverage_bins(&a.coverage_first_bins),
                second_meeting: coverage_bins(&a.coverage_second_bins),
            },
            histogram: Histogram { bin_width: CHART_BIN_WIDTH, edges, counts, above },
        }
    }
}

impl Summary {
    pub fn build(scenario: &Scenario, acc: &RunAccum) -> Summary {
        let first = scenario.strategies.first().map(|s| s.name.as_str());
        let strategies = scenario
            .strategies
            .iter()
            .zip(&acc.strategies)
            .enumerate()
            .map(|(i, (s, a))| {
                StrategySummary::build(&s.name, a, if i == 0 { None } else { first }, acc.trials, scenario.weeks_per_quarter())
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
            strategies,
            stopping: None,
        }
    }

    /// Band labels in the order of [`Bands`]' fields.
    pub fn band_labels() -> [&'static str; 5] {
        BAND_LABELS
    }
}

/// The assumptions table: every per-strategy setting with its origin.
pub fn parameter_rows(scenario: &Scenario) -> Vec<ParameterRow> {
    let sets: Vec<_> = (0..scenario.strategies.len()).map(|i| scenario.resolved(i)).collect();
    all_settings()
        .filter(|id| !matches!(id, SettingId::Count(_)))
        .map(|id| ParameterRow {
            path: id.meta().path(),
            key: id.meta().key.to_string(),
            unit: id.unit().text().to_string(),
            values: sets
                .iter()
                .zip(&scenario.strategies)
                .map(|(set, strategy)| {
                    let (value, origin) = set.describe(id);
                    ParameterValue { strategy: strategy.name.clone(), value, origin }
                })
                .collect(),
        })
        .collect()
}
