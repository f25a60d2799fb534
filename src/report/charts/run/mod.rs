//! The charts of a run, each reading only the [`Summary`], so `quotasim
//! report` redraws them from summary.json.

mod by_quarter;
mod coverage;
mod distribution;
mod exceedance;
mod funnel;
mod hours;
mod territory;
mod top20;

use super::{Chart, ChartError, Charts, Figure, Files};
use crate::report::facts::territory::has_territory;
use crate::stats::Summary;

/// The charts of a run, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RunChart {
    Distribution,
    Exceedance,
    Funnel,
    Hours,
    Coverage,
    Top20,
    ByQuarter,
    /// Only when some strategy sells to a finite list.
    Territory,
}

const RUN_CHARTS: [RunChart; 7] = [
    RunChart::Distribution,
    RunChart::Exceedance,
    RunChart::Funnel,
    RunChart::Hours,
    RunChart::Coverage,
    RunChart::Top20,
    RunChart::ByQuarter,
];

/// Something done to a chart of a summary living for `'s`, whatever its type.
trait ChartJob<'s> {
    type Output;
    fn on<C: Chart + Send + Sync + 's>(self, chart: C) -> Self::Output;
}

impl RunChart {
    /// `job` done on this chart of `s`.
    fn apply<'s, J: ChartJob<'s>>(self, s: &'s Summary, job: J) -> J::Output {
        match self {
            RunChart::Distribution => job.on(distribution::Distribution { s }),
            RunChart::Exceedance => job.on(exceedance::Exceedance { s }),
            RunChart::Funnel => job.on(funnel::Funnel { s }),
            RunChart::Hours => job.on(hours::Hours { s }),
            RunChart::Coverage => job.on(coverage::Coverage { s }),
            RunChart::Top20 => job.on(top20::Top20 { s }),
            RunChart::ByQuarter => job.on(by_quarter::ByQuarter { s }),
            RunChart::Territory => job.on(territory::Territory { s }),
        }
    }
}

/// The charts of `s`, in reading order: every run's, then the territory's
/// when some strategy sells to a finite list.
fn charts_of(s: &Summary) -> Vec<RunChart> {
    let mut charts = RUN_CHARTS.to_vec();
    if has_territory(s) {
        charts.push(RunChart::Territory);
    }
    charts
}

/// The chart added to a batch, as a PNG and an SVG or (`svg_only`) an SVG.
struct AddTo<'c, 's> {
    charts: &'c mut Charts<'s>,
    svg_only: bool,
}

impl<'s> ChartJob<'s> for AddTo<'_, 's> {
    type Output = ();
    fn on<C: Chart + Send + Sync + 's>(self, chart: C) {
        if self.svg_only {
            self.charts.add_svg(chart);
        } else {
            self.charts.add(chart);
        }
    }
}

struct Describe;

impl ChartJob<'_> for Describe {
    type Output = Figure;
    fn on<C: Chart>(self, chart: C) -> Figure {
        Figure::of(&chart)
    }
}

/// Every chart of a run as (file name, bytes): a PNG and an SVG per chart,
/// drawn in parallel but returned in reading order.
pub fn run_charts(s: &Summary) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    for c in charts_of(s) {
        c.apply(s, AddTo { charts: &mut charts, svg_only: false });
    }
    charts.draw()
}

/// The SVGs of the run's charts whose file stems are in `names`, in reading
/// order (no PNGs: a page draws them at once).
pub fn run_chart_svgs(s: &Summary, names: &[&str]) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    for c in charts_of(s).into_iter().filter(|c| names.contains(&c.apply(s, Describe).name.as_str())) {
        c.apply(s, AddTo { charts: &mut charts, svg_only: true });
    }
    charts.draw()
}

/// Every chart of a run as report.html lists it, in reading order.
pub fn run_chart_figures(s: &Summary) -> Vec<Figure> {
    charts_of(s).iter().map(|c| c.apply(s, Describe)).collect()
}

#[cfg(test)]
mod tests;
