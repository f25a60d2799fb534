//! The funnel per rep-quarter: touches, connects, first meetings, qualified
//! opportunities per strategy on a log scale, so that thousands of touches and
//! a handful of meetings read on one chart, and the deals won beside them on a
//! linear scale from zero, where a difference of half a deal shows.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{PANEL_CAPTION_SIZE, PLOT_TOP, base_mesh, nice_ceiling};
use crate::report::charts::bars::{BarLabel, bar_labels, bar_span, category_labels, slot_px};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::no_data;
use crate::report::charts::style::{INK, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::{log_tick, num};
use crate::report::words::{self, captions, run::*};
use crate::stats::summary::Funnel as FunnelMeans;
use crate::stats::{Summary, Z95};

pub struct Funnel<'a> {
    pub s: &'a Summary,
}

const STAGES: [&str; 5] = ["Touches", "Connects", "First meetings", "Qualified", "Won"];
/// Stages on the log panel; the last (won) gets its own linear panel.
const LOG_STAGES: usize = 4;
/// Share of the width the log panel takes.
const LOG_SHARE: f64 = 0.68;
/// Room for the won panel's ticks, at 1x.
const WON_Y_LABEL_AREA: f64 = 60.0;
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
        let Some((lo, hi)) = log_range(values.iter().flat_map(|v| v[..LOG_STAGES].iter().copied())) else {
            return no_data(&area, t, NO_FUNNEL);
        };
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally((f64::from(w) * LOG_SHARE) as u32);
        let mut chart = ChartBuilder::on(&left)
            .caption(FUNNEL_LOG_CAPTION, t.bold(PANEL_CAPTION_SIZE, INK))
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .build_cartesian_2d(-0.5..LOG_STAGES as f64 - 0.5, (lo..hi).log_scale())?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_x_mesh().x_labels(0).y_label_formatter(&|v| log_tick(*v)).y_desc("per rep-quarter (log scale)").draw()?;
        let n = s.strategies.len();
        let mut labels = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let color = strategy_color(i);
            for (g, &value) in v[..LOG_STAGES].iter().enumerate() {
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
        category_labels(root, plot, t, &STAGES[..LOG_STAGES].iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
        won_panel(root, &right, t, s)
    }
}

/// Deals won per rep-quarter on a linear scale from zero, one bar per
/// strategy with its 95% Monte Carlo whisker: the step a log scale flattens.
fn won_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    s: &Summary,
) -> Result<(), ChartError> {
    let n = s.strategies.len();
    let won: Vec<(f64, f64)> = s.strategies.iter().map(|st| (st.funnel.won, Z95 * st.funnel_se.won)).collect();
    let peak = won.iter().map(|(v, e)| v + if e.is_finite() { *e } else { 0.0 }).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let y_max = nice_ceiling((peak * 1.2).max(0.1));
    let mut chart = ChartBuilder::on(area)
        .caption(FUNNEL_WON_CAPTION, t.bold(PANEL_CAPTION_SIZE, INK))
        .x_label_area_size(t.px(X_LABEL_AREA))
        .y_label_area_size(t.px(WON_Y_LABEL_AREA))
        .margin_top(t.px(PLOT_TOP))
        .build_cartesian_2d(-0.5..n.max(1) as f64 - 0.5, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.disable_x_mesh().x_labels(0).y_labels(5).y_label_formatter(&|v| num(*v)).y_desc("deals won per rep-quarter").draw()?;
    let mut labels = Vec::new();
    for (i, &(v, e)) in won.iter().enumerate().filter(|(_, (v, _))| v.is_finite()) {
        let (x0, x1) = bar_span(i, 0, 1);
        let color = strategy_color(i);
        chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, v)], color.filled())))?;
        let top = if e.is_finite() && e > 0.0 {
            let x = (x0 + x1) / 2.0;
            chart.draw_series(std::iter::once(PathElement::new(vec![(x, (v - e).max(0.0)), (x, v + e)], t.stroke(INK, 1.5))))?;
            v + e
        } else {
            v
        };
        labels.push(BarLabel { x: (x0 + x1) / 2.0, top, text: num(v) });
    }
    let plot = chart.plotting_area();
    // The bars wear their strategies' colours, as in the legend: no names under them.
    bar_labels(root, plot, t, &labels, slot_px(plot, 1, 0.02))
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
