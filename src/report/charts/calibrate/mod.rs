//! The charts of a calibration, drawn from calibration.json's content: the
//! fitted against the empirical distribution of deal sizes and of the
//! cycle, and reps' win rates in a funnel plot against the binomial limits.

mod cycle;
mod funnel;
mod size;

use super::{ChartError, Charts, Files};
use crate::calibrate::report::Report;

/// Every chart of a calibration, as (file name, bytes).
pub fn calibration_charts(r: &Report) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    charts.add(size::SizeFit { r });
    if r.figures.cycle_weeks.is_some() {
        charts.add(cycle::CycleFit { r });
    }
    charts.add(funnel::WinFunnel { r });
    charts.draw()
}

/// Log10 of a positive axis value and back, for axes drawn on a log scale.
fn log10_ticks(v: f64) -> String {
    let x = 10f64.powf(v);
    let digits = x.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits - 1);
    crate::report::format::grouped((x / scale).round() * scale)
}

#[cfg(test)]
mod tests;
