//! `calibration.json`: what was read, what was fitted (each figure with its
//! 95% interval, its n and its columns), what every scenario key was set to
//! and why. Charts and the terminal view are drawn from it alone.

use serde::Serialize;

use super::fit::dispersion::{log_sd, logit_sd};
use super::fit::{self};
use super::history::Role;
use crate::report::format::count;

use super::fit::lognormal::GoodnessOfFit;
use super::fit::panel::{QuarterRow, RepQuarterRow};
use super::fit::season::SeasonRow;
use super::fit::{Fits, SegmentRow};
use super::history::{DateFormat, History, Mapped, QualificationSource, Skipped, StageValue};
use super::solve::EngineSolve;

/// A fitted figure: estimate, 95% interval, what it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    pub ci: [f64; 2],
    /// Observations it rests on, and what they are.
    pub n: u64,
    pub n_of: String,
    /// What kind of interval.
    pub interval: String,
    /// The columns it was computed from, as headed in the file.
    pub columns: Vec<String>,
    /// A test's p-value, where the figure is a test's estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_value: Option<f64>,
}

/// The history as read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub file: String,
    pub sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub delimiter: String,
    pub header_line: u64,
    pub rows: usize,
    pub blank_rows: usize,
    pub usable: usize,
    pub skipped: Vec<Skipped>,
    pub columns: Vec<Mapped>,
    pub date_format: DateFormat,
    pub decimal_mark: super::history::amounts::Decimal,
    pub currencies: Vec<(String, usize)>,
    pub stages: Vec<StageValue>,
    pub qualification: QualificationSource,
    pub first_date: String,
    pub as_of: String,
    pub as_of_given: bool,
    pub owners: usize,
    pub warnings: Vec<String>,
}

impl Source {
    pub fn of(h: &History, first_date: String) -> Source {
        Source {
            file: h.label.clone(),
            sha256: h.sha256.clone(),
            encoding: h.encoding.map(str::to_string),
            delimiter: super::history::text::delimiter_name(h.delimiter).to_string(),
            header_line: h.header_line,
            rows: h.rows,
            blank_rows: h.blank_rows,
            usable: h.opportunities.len(),
            skipped: h.skipped.clone(),
            columns: h.columns.clone(),
            date_format: h.date_format.clone(),
            decimal_mark: h.decimal,
            currencies: h.currencies.clone(),
            stages: h.stages.clone(),
            qualification: h.qualification,
            first_date,
            as_of: h.as_of.to_string(),
            as_of_given: h.as_of_given,
            owners: h.owners.len(),
            warnings: h.warnings.clone(),
        }
    }
}

/// A fitted distribution: its lognormal, how well it fits, and the history's own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DistributionFit {
    pub median: Figure,
    pub sigma: Figure,
    pub gof: GoodnessOfFit,
    /// Empirical quantiles at 0, 0.05, ..., 1 (NaN, written null, beyond what
    /// the history has seen).
    pub quantiles: Vec<f64>,
    /// The empirical CDF: (x, P(X <= x)) points for the chart.
    pub empirical_cdf: Vec<[f64; 2]>,
}

/// Everything the history says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub opportunities_per_rep_week: Figure,
    /// Log-sd of reps' opportunity rates beyond Poisson chance.
    pub volume_spread: Figure,
    pub closed_win_rate: Figure,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualified_share: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub win_rate_of_qualified: Option<Figure>,
    /// Logit-sd of reps' win rates beyond binomial chance.
    pub win_rate_spread: Figure,
    /// Won deal sizes.
    pub deal_size: DistributionFit,
    pub deal_size_mean: Figure,
    /// Weeks from the week after the first meeting to close (the model's cycle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle_weeks: Option<DistributionFit>,
    pub created_to_close_median_days: f64,
    pub active_reps: Figure,
    /// Mean open opportunities per active rep (all, and qualified only).
    pub open_load: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_load_qualified: Option<f64>,
}

/// Where a scenario key's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Estimated from the history.
    Fitted,
    /// Chosen so the simulated baseline reproduces a fitted figure.
    Solved,
    /// From the template: the history cannot tell it.
    Assumption,
    /// Given on the command line.
    Set,
}

/// One key of the calibrated scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Setting {
    pub path: String,
    /// As written in the scenario.
    pub value: String,
    /// The point value (the estimate, or the template's central value).
    pub estimate: f64,
    pub kind: Kind,
    /// The comment written beside it.
    pub note: String,
}

/// One rep over the history, for the win-rate funnel plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepSummary {
    pub owner: String,
    pub active_weeks: f64,
    pub created: u64,
    pub closed: u64,
    pub won: u64,
    pub won_value: f64,
}

/// calibration.json.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub version: String,
    pub confidence: f64,
    pub source: Source,
    pub template: String,
    pub template_strategy: String,
    pub figures: Figures,
    pub settings: Vec<Setting>,
    /// The rates solved on the engine.
    pub engine_solve: EngineSolve,
    pub point_estimates: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<SeasonRow>>,
    pub segments: Vec<SegmentRow>,
    pub quarters: Vec<QuarterRow>,
    pub reps: Vec<RepSummary>,
    pub rep_quarters: Vec<RepQuarterRow>,
    /// What the analyst should know about how the fit became the scenario.
    pub notes: Vec<String>,
    pub currency: String,
    pub scenario_name: String,
}

impl Report {
    /// The reps' data behind the funnel plot.
    pub fn reps_of(h: &History, f: &Fits) -> Vec<RepSummary> {
        f.panel
            .reps
            .iter()
            .map(|r| RepSummary {
                owner: h.owners[r.owner as usize].clone(),
                active_weeks: r.weeks,
                created: r.created,
                closed: r.closed(),
                won: r.won,
                won_value: r.won_value,
            })
            .collect()
    }

    pub fn setting(&self, path: &str) -> Option<&Setting> {
        self.settings.iter().find(|s| s.path == path)
    }
}

/// The figures of calibration.json.
pub fn figures(h: &History, f: &Fits) -> Figures {
    let cols = |roles: &[Role]| -> Vec<String> { roles.iter().filter_map(|r| h.column(*r)).map(|m| m.header.clone()).collect() };
    let clustered = |r: usize| format!("95%, clustered by rep (t, {} df)", r.saturating_sub(1));
    // The rates rest on the steady part of the history (after its warm-up).
    let steady = || f.panel.reps.iter().filter(|r| r.weeks > 0.0);
    let reps = steady().count() as u64;
    let rep_weeks: f64 = steady().map(|r| r.weeks).sum();
    let created: u64 = steady().map(|r| r.created).sum();
    let closed: u64 = f.panel.reps.iter().map(|r| r.closed()).sum();
    let ratio_fig = |r: &fit::stats::Ratio, n: u64, n_of: String, roles: &[Role]| Figure {
        value: r.value,
        ci: [r.lo, r.hi],
        n,
        n_of,
        interval: clustered(r.clusters),
        columns: cols(roles),
        p_value: None,
    };
    let vs = &f.volume_spread;
    let ws = &f.win_spread;
    let shown = |d: &fit::dispersion::Dispersion, map: &dyn Fn(f64) -> f64| if d.detectable() { map(d.theta) } else { 0.0 };
    let s = &f.size;
    let percentiles = |sorted: &[f64]| -> Vec<[f64; 2]> {
        (0..=100).map(|i| i as f64 / 100.0).map(|p| [fit::stats::quantile_sorted(sorted, p), p]).collect()
    };
    let size_cols = cols(&[Role::Amount, Role::Stage]);
    let cycle = f.cycle.as_ref().map(|c| {
        let n = c.n_closed + c.n_open;
        let n_of = format!("opportunities ({} closed, {} still open)", count(c.n_closed), count(c.n_open));
        let cc = cols(&[Role::Created, Role::Closed, Role::Stage]);
        DistributionFit {
            median: Figure {
                value: c.median(),
                ci: [c.median_ci.0, c.median_ci.1],
                n,
                n_of: n_of.clone(),
                interval: "95%, Wald on the log scale (censored maximum likelihood)".into(),
                columns: cc.clone(),
                p_value: None,
            },
            sigma: Figure {
                value: c.sigma,
                ci: [c.sigma_ci.0, c.sigma_ci.1],
                n,
                n_of,
                interval: "95%, Wald on the log scale (censored maximum likelihood)".into(),
                columns: cc,
                p_value: None,
            },
            gof: c.gof.clone(),
            quantiles: c.quantiles(21),
            empirical_cdf: c.km.iter().map(|&(k, p)| [f64::from(k), p]).collect(),
        }
    });
    let owners = cols(&[Role::Owner]);
    Figures {
        opportunities_per_rep_week: ratio_fig(
            &f.volume,
            created,
            format!("opportunities by {} reps over {} rep-weeks after the warm-up", count(reps), count(rep_weeks.round() as u64)),
            &[Role::Owner, Role::Created],
        ),
        volume_spread: Figure {
            value: shown(vs, &log_sd),
            ci: [log_sd(vs.lo), log_sd(vs.hi)],
            n: reps,
            n_of: "reps".into(),
            interval: "95%, profile likelihood (negative binomial); 0 when none is detectable".into(),
            columns: cols(&[Role::Owner, Role::Created]),
            p_value: Some(vs.p_value),
        },
        closed_win_rate: ratio_fig(&f.win, closed, "opportunities closed after the warm-up".into(), &[Role::Stage, Role::Closed]),
        qualified_share: f
            .qualified_share
            .as_ref()
            .map(|q| ratio_fig(q, closed, "opportunities closed after the warm-up".into(), &[Role::Qualified, Role::Stage])),
        win_rate_of_qualified: f.win_of_qualified.as_ref().map(|w| {
            let nq: u64 = f.panel.reps.iter().map(|r| r.qualified_closed).sum();
            ratio_fig(w, nq, "qualified closed opportunities".into(), &[Role::Qualified, Role::Stage])
        }),
        win_rate_spread: Figure {
            value: shown(ws, &|t| logit_sd(ws.mean, t)),
            ci: [logit_sd(ws.mean, ws.lo), logit_sd(ws.mean, ws.hi)],
            n: reps,
            n_of: format!("reps with {} closed opportunities", count(closed)),
            interval: "95%, profile likelihood (beta-binomial); 0 when none is detectable".into(),
            columns: cols(&[Role::Owner, Role::Stage]),
            p_value: Some(ws.p_value),
        },
        deal_size: DistributionFit {
            median: Figure {
                value: s.median(),
                ci: [s.median_ci.0, s.median_ci.1],
                n: s.n as u64,
                n_of: "won opportunities".into(),
                interval: "95%, t on the log scale".into(),
                columns: size_cols.clone(),
                p_value: None,
            },
            sigma: Figure {
                value: s.sigma,
                ci: [s.sigma_ci.0, s.sigma_ci.1],
                n: s.n as u64,
                n_of: "won opportunities".into(),
                interval: "95%, chi-squared".into(),
                columns: size_cols.clone(),
                p_value: None,
            },
            gof: s.gof.clone(),
            quantiles: s.quantiles(21),
            empirical_cdf: percentiles(&s.sorted),
        },
        deal_size_mean: Figure {
            value: s.mean,
            ci: [s.mean_ci.0, s.mean_ci.1],
            n: s.n as u64,
            n_of: "won opportunities".into(),
            interval: "95%, t".into(),
            columns: size_cols,
            p_value: None,
        },
        cycle_weeks: cycle,
        created_to_close_median_days: f.cycle_days_median,
        active_reps: {
            let a = f.panel.active_reps() as f64;
            Figure {
                value: a,
                ci: [a, a],
                n: h.owners.len() as u64,
                n_of: "owners".into(),
                interval: "a count".into(),
                columns: owners,
                p_value: None,
            }
        },
        open_load: f.panel.open_load,
        open_load_qualified: f.panel.open_load_qualified,
    }
}

/// calibration.json's bytes (NaN written as null).
pub fn to_json(r: &Report) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(r).unwrap_or_default();
    v.push(b'\n');
    v
}
