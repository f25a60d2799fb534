//! Charts as PNG and SVG bytes: a run's seven charts, a sweep's fan,
//! share-at-quota and heatmap charts, a tornado per strategy, a coverage
//! plan per strategy, a calibration's fits and a backtest's comparison.
//!
//! Every chart is one [`Chart`]: a struct holding references to its data that
//! knows its file name, its title and caption (built in
//! [`crate::report::words`]) and how to draw itself. One pipeline
//! ([`render`]) draws it on both backends: a supersampled PNG and an SVG.
//! Nothing here touches files, reads the clock or iterates a hash map, so the
//! bytes depend on the data alone (`quotasim report` redraws a run's charts
//! from summary.json and gets the same bytes).
//!
//! Layout: `run/`, `sweep/`, `tornado.rs` and `plan.rs` hold one chart each
//! per file; the pieces they share are `frame` (title, subtitle, legend, small
//! print), `axes` (mesh and ranges), `bars`, `marks` (reference lines and
//! labels), `layout` (text measuring and wrapping) and `style`.

mod axes;
mod backtest;
mod bars;
mod calibrate;
mod frame;
mod glyphs;
mod layout;
mod legend;
mod marks;
mod panels;
mod plan;
mod render;
mod run;
mod sensitivity;
mod solve;
pub mod style;
mod sweep;
mod tornado;

use plotters::coord::Shift;
use plotters::prelude::*;

use self::style::{HEIGHT, Theme};

pub use backtest::backtest_charts;
pub use calibrate::calibration_charts;
pub use plan::{plan_chart_figures, plan_charts};
pub use render::Charts;
#[cfg(test)]
pub use render::render;
pub use run::{run_chart_figures, run_chart_svgs, run_charts};
pub use sensitivity::{morris_charts, sobol_charts};
pub use solve::{solve_charts, solve_figures};
pub use sweep::{sweep_chart_figures, sweep_charts};
pub use tornado::{tornado_chart_figures, tornado_charts};

/// Rendered chart files as (file name, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// A drawing failure, as text (backends report different error types).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// A chart as report.html shows it: its file stem, the finding its title
/// states, and its caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub name: String,
    pub title: String,
    pub caption: String,
}

impl Figure {
    pub fn of<C: Chart>(chart: &C) -> Figure {
        Figure { name: chart.name(), title: chart.title(), caption: chart.caption() }
    }
}

/// One chart: its file name, what it says, how to read it, and how to draw it.
pub trait Chart {
    /// File name without extension.
    fn name(&self) -> String;
    /// The finding it shows, drawn at its top.
    fn title(&self) -> String;
    /// One or two sentences on how to read it (report.html's figure caption).
    fn caption(&self) -> String;
    /// Height in (SVG) pixels; charts whose content grows with the number of
    /// strategies or rows grow taller rather than squeezing the plot.
    fn height(&self) -> u32 {
        HEIGHT
    }
    /// Draw on `root` at the scale of `t`; the same routine serves both backends.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError>;
}

#[cfg(test)]
mod tests;
