//! The charts of a sweep: a fan chart and a share-at-quota chart for a 1-D
//! sweep, one heatmap per strategy for a 2-D one.

mod fan;
mod heatmap;
mod share;

use plotters::style::RGBColor;

use super::{ChartError, Charts, Figure, Files};
use crate::study::points::SweepResult;

/// Every chart of a sweep, as (file name, bytes); none for an empty sweep.
pub fn sweep_charts(r: &SweepResult) -> Result<Files, ChartError> {
    if r.points.is_empty() {
        return Ok(Vec::new());
    }
    let mut charts = Charts::default();
    if r.grid.is_2d() {
        for strategy in 0..r.strategies().len() {
            charts.add(heatmap::Heatmap { r, strategy });
        }
    } else {
        charts.add(fan::Fan { r });
        charts.add(share::ShareCurve { r });
    }
    charts.draw()
}

/// Every chart of a sweep as report.html lists it, in the order drawn.
pub fn sweep_chart_figures(r: &SweepResult) -> Vec<Figure> {
    if r.points.is_empty() {
        return Vec::new();
    }
    if r.grid.is_2d() {
        (0..r.strategies().len()).map(|strategy| Figure::of(&heatmap::Heatmap { r, strategy })).collect()
    } else {
        vec![Figure::of(&fan::Fan { r }), Figure::of(&share::ShareCurve { r })]
    }
}

/// Relative luminance (0..1) of a colour, to pick dark or light text on it.
pub(super) fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

#[cfg(test)]
mod tests;
