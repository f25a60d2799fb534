//! What the history says, each figure with its 95% interval and the number
//! of observations it rests on, before any of it is turned into scenario
//! settings ([`crate::calibrate::model`] does that).
//!
//! - [`panel`]: reps, quarters and the counted rep-quarters;
//! - [`stats`]: clustered ratios, order statistics, optimisers;
//! - [`dispersion`]: how much reps differ beyond chance;
//! - [`lognormal`]: won deal sizes; [`cycle`]: the sales cycle, censoring included;
//! - [`season`]: quarters of the year.

pub mod cycle;
pub mod dispersion;
pub mod lognormal;
pub mod panel;
pub mod season;
pub mod stats;

use crate::calibrate::error::CalibrateError;
use crate::calibrate::history::{History, QualificationSource, Stage};
use cycle::{CycleData, CycleFit};
use dispersion::Dispersion;
use lognormal::LogNormalFit;
use panel::Panel;
use season::SeasonRow;
use stats::Ratio;

/// One product or segment, described (not fitted separately).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SegmentRow {
    pub name: String,
    pub opportunities: u64,
    pub won: u64,
    pub closed: u64,
    pub win_rate: f64,
    pub median_won_amount: f64,
}

/// Everything fitted from a history.
#[derive(Clone, Debug, PartialEq)]
pub struct Fits {
    pub panel: Panel,
    /// Opportunities created per active rep-week.
    pub volume: Ratio,
    /// Reps' opportunity rates beyond Poisson chance.
    pub volume_spread: Dispersion,
    /// Won of closed opportunities.
    pub win: Ratio,
    /// Reps' win rates beyond binomial chance.
    pub win_spread: Dispersion,
    /// Qualified of closed, and won of qualified closed (when the history
    /// knows qualification).
    pub qualified_share: Option<Ratio>,
    pub win_of_qualified: Option<Ratio>,
    pub size: LogNormalFit,
    pub cycle: Option<CycleFit>,
    /// Median days from created to closed, the cycle as a CRM reports it.
    pub cycle_days_median: f64,
    pub season: Option<Vec<SeasonRow>>,
    pub segments: Vec<SegmentRow>,
    /// Opportunities created, closed and won in the history.
    pub opportunities: u64,
    pub closed: u64,
    pub won: u64,
}

/// Fit everything the history can tell.
pub fn fit(h: &History) -> Result<Fits, CalibrateError> {
    let panel = panel::build(h);
    // Reps gone before the warm-up ended tell nothing of the steady rates.
    let steady = || panel.reps.iter().filter(|r| r.weeks > 0.0);
    let volume_pairs: Vec<(f64, f64)> = steady().map(|r| (r.created as f64, r.weeks)).collect();
    let volume = stats::ratio(&volume_pairs, (0.0, f64::INFINITY));
    let volume_spread = dispersion::counts(&steady().map(|r| (r.created, r.weeks)).collect::<Vec<_>>());
    let win_pairs: Vec<(f64, f64)> = panel.reps.iter().map(|r| (r.won as f64, r.closed() as f64)).collect();
    let win = stats::ratio(&win_pairs, (0.0, 1.0));
    if !win.value.is_finite() {
        return Err(CalibrateError::Input(format!("{}: no closed opportunity: a win rate cannot be fitted", h.label)));
    }
    let win_spread = dispersion::proportions(&panel.reps.iter().map(|r| (r.won, r.closed())).collect::<Vec<_>>());
    let (qualified_share, win_of_qualified) = if h.qualification == QualificationSource::None {
        (None, None)
    } else {
        let q: Vec<(f64, f64)> = panel.reps.iter().map(|r| (r.qualified_closed as f64, r.closed() as f64)).collect();
        let w: Vec<(f64, f64)> = panel.reps.iter().map(|r| (r.won as f64, r.qualified_closed as f64)).collect();
        (Some(stats::ratio(&q, (0.0, 1.0))), Some(stats::ratio(&w, (0.0, 1.0))))
    };
    let won_amounts: Vec<f64> = h.opportunities.iter().filter(|o| o.stage == Stage::Won).filter_map(|o| o.amount).collect();
    let size = lognormal::fit(&won_amounts).ok_or_else(|| {
        CalibrateError::Input(format!("{}: deal sizes need at least two won opportunities with different amounts", h.label))
    })?;
    let as_of_week = h.as_of.week_index(panel.origin);
    let mut cd = CycleData::default();
    let mut days: Vec<i32> = Vec::new();
    for o in &h.opportunities {
        let created_week = o.created.week_index(panel.origin);
        let k = o.closed.map(|c| c.week_index(panel.origin) - created_week - 1);
        cd.push(as_of_week - created_week, k);
        if let Some(c) = o.closed {
            days.push(c.0 - o.created.0);
        }
    }
    days.sort_unstable();
    let cycle_days_median = stats::quantile_sorted(&days.iter().map(|d| f64::from(*d)).collect::<Vec<_>>(), 0.5);
    let cycle = cycle::fit(&cd);
    let season = season::fit(h, &panel);
    let segments = segments(h);
    let closed = h.opportunities.iter().filter(|o| o.stage != Stage::Open).count() as u64;
    Ok(Fits {
        volume,
        volume_spread,
        win,
        win_spread,
        qualified_share,
        win_of_qualified,
        size,
        cycle,
        cycle_days_median,
        season,
        segments,
        opportunities: h.opportunities.len() as u64,
        closed,
        won: won_amounts.len() as u64,
        panel,
    })
}

fn segments(h: &History) -> Vec<SegmentRow> {
    let mut rows: Vec<SegmentRow> = h
        .segments
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let of = || h.opportunities.iter().filter(move |o| o.segment == Some(i as u32));
            let mut won: Vec<f64> = of().filter(|o| o.stage == Stage::Won).filter_map(|o| o.amount).collect();
            won.sort_by(f64::total_cmp);
            let closed = of().filter(|o| o.stage != Stage::Open).count() as u64;
            SegmentRow {
                name: name.clone(),
                opportunities: of().count() as u64,
                won: won.len() as u64,
                closed,
                win_rate: if closed > 0 { won.len() as f64 / closed as f64 } else { f64::NAN },
                median_won_amount: stats::quantile_sorted(&won, 0.5),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.opportunities.cmp(&a.opportunities).then(a.name.cmp(&b.name)));
    rows
}
