//! The funnel per rep-quarter: touches, connects, first meetings, qualified
//! opportunities and wins per strategy, on a log scale so that thousands of
//! touches and a handful of wins read on one chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{BarLabel, bar_labels, bar_span, base_mesh, category_labels, no_data, span_px};
use super::frame::{self, Frame, Swatch};
use super::style::{Theme, strategy_color};
use super::{Chart, ChartError};
use crate::report::findings::join_items;
use crate::report::format::{grouped, num};
use crate::stats::Summary;
use crate::stats::summary::Funnel as FunnelMeans;

pub struct Funnel;

const STAGES: [&str; 5] = ["Touches", "Connects", "First meetings", "Qualified", "Won"];

fn stage_values(f: &FunnelMeans) -> [f64; 5] {
    [f.touches, f.connects, f.first_meetings, f.qualified, f.won]
}

/// Log axis range: whole decades around every positive value, with headroom
/// above the tallest bar for its label. None if nothing is positive.
pub(super) fn log_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let positive: Vec<f64> = values.filter(|v| v.is_finite() && *v > 0.0).collect();
    let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
    let max = positive.iter().copied().fold(0.0, f64::max);
    if positive.is_empty() {
        return None;
    }
    let lo = 10f64.powf(min.log10().floor().min(0.0));
    let hi = 10f64.powf((max * 3.0).log10().ceil());
    Some((lo, hi.max(lo * 10.0)))
}

/// Touches per deal won; None when nothing was won.
pub(super) fn touches_per_win(f: &FunnelMeans) -> Option<f64> {
    (f.won > 0.0 && f.touches.is_finite()).then(|| f.touches / f.won).filter(|v| v.is_finite())
}

/// The finding: how many touches each strategy spends per deal won.
fn title(s: &Summary) -> String {
    let mut order: Vec<usize> = (0..s.strategies.len()).collect();
    let key = |i: usize| touches_per_win(&s.strategies[i].funnel).unwrap_or(f64::INFINITY);
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
    let item = |i: usize| match touches_per_win(&s.strategies[i].funnel) {
        Some(v) => format!("{} for {}", grouped(v), s.strategies[i].name),
        None => format!("no deals won for {}", s.strategies[i].name),
    };
    let wins = |i: usize| num(s.strategies[i].funnel.won);
    match order.as_slice() {
        [] => "Funnel per rep-quarter".into(),
        [a] => format!("Touches per deal won: {} ({} deals per rep-quarter)", item(*a), wins(*a)),
        [a, b] => {
            format!("Touches per deal won: {}; deals won per rep-quarter {} vs {}", join_items(&[item(*a), item(*b)]), wins(*a), wins(*b))
        }
        [a, b, c] => format!("Touches per deal won: {}", join_items(&[item(*a), item(*b), item(*c)])),
        [a, .., z] => format!("Touches per deal won: from {} to {}", item(*a), item(*z)),
    }
}

impl Chart for Funnel {
    const NAME: &'static str = "funnel";
    const CAPTION: &'static str = "The average rep-quarter at each funnel stage. The scale is logarithmic: each gridline is ten \
        times the one below, so thousands of touches and a few wins fit on one chart; the numbers on the bars are the means.";

    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError> {
        let values: Vec<[f64; 5]> = s.strategies.iter().map(|st| stage_values(&st.funnel)).collect();
        let f = Frame {
            title: title(s),
            subtitle: "Mean per rep-quarter at each stage of the funnel (log scale: each gridline is 10× the one below).".into(),
            keys: frame::strategy_keys(s, Swatch::Fill, |i| s.strategies[i].name.clone()),
            footer: frame::footer(s),
        };
        let area = frame::draw(root, t, &f)?;
        let Some((lo, hi)) = log_range(values.iter().flatten().copied()) else {
            return no_data(&area, t, "No funnel activity was simulated.");
        };
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(40.0))
            .y_label_area_size(t.px(78.0))
            .margin_top(t.px(6.0))
            .build_cartesian_2d(-0.5..STAGES.len() as f64 - 0.5, (lo..hi).log_scale())?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_x_mesh()
            .x_labels(0)
            .y_label_formatter(&|v| if *v >= 1.0 { grouped(*v) } else { format!("{v}") })
            .y_desc("per rep-quarter (log scale)")
            .draw()?;
        let n = s.strategies.len();
        let mut labels = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let color = strategy_color(i);
            for (g, &value) in v.iter().enumerate() {
                let (x0, x1) = bar_span(g, i, n);
                if value.is_finite() && value > lo {
                    chart.draw_series(std::iter::once(Rectangle::new([(x0, lo), (x1, value)], color.filled())))?;
                }
                let top = if value.is_finite() && value > lo { value } else { lo };
                labels.push(BarLabel { x: (x0 + x1) / 2.0, top, text: num(value) });
            }
        }
        let plot = chart.plotting_area();
        let (a, b) = bar_span(0, 0, n);
        let slot = span_px(plot, a - 0.04 / n as f64, b + 0.04 / n as f64);
        bar_labels(root, plot, t, &labels, slot)?;
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
