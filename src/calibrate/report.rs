//! `calibration.json`: what was read, what was fitted (each figure with its
//! 95% interval, its n and its columns), what every scenario key was set to
//! and why. Charts and the terminal view are drawn from it alone.

use serde::Serialize;

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

/// calibration.json's bytes (NaN written as null).
pub fn to_json(r: &Report) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(r).unwrap_or_default();
    v.push(b'\n');
    v
}
