//! The funnel per rep-quarter: touches, connects, first meetings, qualified
//! opportunities and wins per strategy, on a log scale so that thousands of
//! touches and a handful of wins read on one chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{PLOT_TOP, base_mesh};
use crate::report::charts::bars::{BarLabel, bar_labels, bar_span, category_labels, slot_px};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::no_data;
use crate::report::charts::style::{Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::{log_tick, num};
use crate::report::words::{self, captions, run::*};
use crate::stats::Summary;
use crate::stats::summary::Funnel as FunnelMeans;

pub struct Funnel<'a> {
    pub s: &'a Summary,
}

const STAGES: [&str; 5] = ["Touches", "Connects", "First meetings", "Qualified", "Won"];
/// Room for the stage names under the bars, and for grouped log ticks, at 1x.
const X_LABEL_AREA: f64 = 40.0;
const Y_LABEL_AREA: f64 = 78.0;
/// Headroom above the tallest bar for its label, as a factor on a log axis.
const HEADROOM: f64 = 3.0;

fn stage_values(f: &FunnelMeans) -> [f64; 5] {
    [f.touches, f.connects, f.first_meetings, f.qualified, f.won]
}

/// Log axis range: whole decades around every positive value, with headroom
/// above the tallest bar for its label. None if nothing is positive.
fn log_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let positive: Vec<f64> = values.filter(|v| v.is_finite() && *v > 0.0).collect();
    let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
    let max = positive.iter().copied().fold(0.0, f64::max);
    if positive.is_empty() {
        return None;
    }
    let lo = 10f64.powf(min.log10().floor().min(0.0));
    let hi = 10f64.powf((max * HEADROOM).log10().ceil());
    Some((lo, hi.max(lo * 10.0)))
}

impl Chart for Funnel<'_> {
    fn name(&self) -> String {
        "funnel".into()
    }

    fn title(&self) -> String {
        funnel_title(self.s)
    }

    fn caption(&self) -> String {
        captions::FUNNEL.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let values: Vec<[f64; 5]> = s.strategies.iter().map(|st| stage_values(&st.funnel)).collect();
        let f = Frame {
            title: self.title(),
            subtitle: FUNNEL_SUBTITLE.into(),
            keys: strategy_keys(s.strategies.iter().map(|st| st.name.clone()), Swatch::Fill),
            footer: words::footer::run(s),
        };
        let area = frame::draw(root, t, &f)?;
        let Some((lo, hi)) = log_range(values.iter().flatten().copied()) else {
            return no_data(&area, t, NO_FUNNEL);
        };
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .build_cartesian_2d(-0.5..STAGES.len() as f64 - 0.5, (lo..hi).log_scale())?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_x_mesh().x_labels(0).y_label_formatter(&|v| log_tick(*v)).y_desc("per rep-quarter (log scale)").draw()?;
        let n = s.strategies.len();
        let mut labels = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let color = strategy_color(i);
            for (g, &value) in v.iter().enumerate() {
                let (x0, x1) = bar_span(g, i, n);
                // Bars start at the axis floor; a value at or below it shows as a label only.
                let shown = value.is_finite() && value > lo;
                if shown {
                    chart.draw_series(std::iter::once(Rectangle::new([(x0, lo), (x1, value)], color.filled())))?;
                }
                labels.push(BarLabel { x: (x0 + x1) / 2.0, top: if shown { value } else { lo }, text: num(value) });
            }
        }
        let plot = chart.plotting_area();
        bar_labels(root, plot, t, &labels, slot_px(plot, n, 0.04 / n as f64))?;
        category_labels(root, plot, t, &STAGES.map(String::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_range_covers_values_in_decades() {
        let (lo, hi) = log_range([2417.0, 2.08, 0.0, f64::NAN].into_iter()).unwrap();
        assert_eq!(lo, 1.0);
        assert_eq!(hi, 10_000.0);
        let (lo, _) = log_range([0.05, 3.0].into_iter()).unwrap();
        assert!((lo - 0.01).abs() < 1e-15);
        assert!(log_range([0.0, f64::NAN].into_iter()).is_none());
    }
}
