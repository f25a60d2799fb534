//! Who succeeds: the top 20% of rep-quarters by attainment against the rest,
//! in touches made and attainment reached, per strategy.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{BarLabel, bar_labels, bar_span, base_mesh, category_labels, nice_ceiling, span_px};
use super::frame::{self, Frame, Key, Swatch};
use super::style::{INK, Theme, lighten, strategy_color};
use super::{Chart, ChartError};
use crate::report::findings::ranked_by_at_quota;
use crate::report::format::{grouped, pct0};
use crate::stats::Summary;

pub struct Top20;

/// How much the "rest" bars are lightened towards white.
const REST_LIGHTEN: f64 = 0.6;

fn title(s: &Summary) -> String {
    let tops: Vec<_> =
        s.strategies.iter().map(|st| &st.top20).filter(|t| t.touches_top.is_finite() && t.touches_rest.is_finite()).collect();
    if tops.is_empty() {
        return "Top 20% of rep-quarters against the rest".into();
    }
    let verb = if tops.iter().all(|t| t.touches_top < t.touches_rest) {
        "make fewer touches than the rest"
    } else if tops.iter().all(|t| t.touches_top > t.touches_rest) {
        "make more touches than the rest"
    } else {
        "are not set apart by how many touches they make"
    };
    let example = ranked_by_at_quota(s).first().map(|&i| {
        let st = &s.strategies[i];
        format!(
            " (for {}: {} vs {} touches, {} vs {} of quota)",
            st.name,
            grouped(st.top20.touches_top),
            grouped(st.top20.touches_rest),
            pct0(st.top20.attainment_top),
            pct0(st.top20.attainment_rest)
        )
    });
    format!("The top 20% {verb}{}", example.unwrap_or_default())
}

impl Chart for Top20 {
    const NAME: &'static str = "top20_vs_rest";
    const CAPTION: &'static str = "Rep-quarters ranked by attainment: the best 20% (solid) against the other 80% (light), in \
        touches made per rep-quarter (left) and mean attainment (right). If the best make no more touches than the rest, \
        volume is not what sets them apart.";

    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError> {
        let dark = RGBColor(90, 96, 104);
        let f = Frame {
            title: title(s),
            subtitle: "Mean per rep-quarter for the top 20% by attainment and for the other 80%, per strategy.".into(),
            keys: vec![
                Key { color: dark, label: "top 20% of rep-quarters (solid)".into(), swatch: Swatch::Fill },
                Key { color: lighten(dark, REST_LIGHTEN), label: "the other 80% (light)".into(), swatch: Swatch::Fill },
            ],
            footer: frame::footer(s),
        };
        let area = frame::draw(root, t, &f)?;
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally(w / 2);
        let touches: Vec<[f64; 2]> = s.strategies.iter().map(|st| [st.top20.touches_top, st.top20.touches_rest]).collect();
        let attainment: Vec<[f64; 2]> = s.strategies.iter().map(|st| [st.top20.attainment_top, st.top20.attainment_rest]).collect();
        panel(root, &left, t, s, "Touches per rep-quarter", "touches per rep-quarter", &touches, &|v| grouped(v))?;
        panel(root, &right, t, s, "Attainment", "mean attainment (percent of quota)", &attainment, &|v| pct0(v))
    }
}

#[allow(clippy::too_many_arguments)]
fn panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    s: &Summary,
    caption: &str,
    y_desc: &str,
    values: &[[f64; 2]],
    fmt: &dyn Fn(f64) -> String,
) -> Result<(), ChartError> {
    let peak = values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    let y_max = nice_ceiling((peak * 1.15).max(f64::MIN_POSITIVE));
    let n = s.strategies.len();
    let mut chart = ChartBuilder::on(area)
        .caption(caption, t.bold(16.0, INK))
        .x_label_area_size(t.px(56.0))
        .y_label_area_size(t.px(72.0))
        .margin_right(t.px(18.0))
        .build_cartesian_2d(-0.5..n.max(1) as f64 - 0.5, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.disable_x_mesh().x_labels(0).y_labels(6).y_label_formatter(&|v| fmt(*v)).y_desc(y_desc).draw()?;
    let mut labels = Vec::new();
    for (g, pair) in values.iter().enumerate() {
        let c = strategy_color(g);
        for (k, &v) in pair.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let (x0, x1) = bar_span(g, k, 2);
            let fill = if k == 0 { c } else { lighten(c, REST_LIGHTEN) };
            chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, v)], fill.filled())))?;
            labels.push(BarLabel { x: (x0 + x1) / 2.0, top: v, text: fmt(v) });
        }
    }
    let plot = chart.plotting_area();
    let (a, b) = bar_span(0, 0, 2);
    bar_labels(root, plot, t, &labels, span_px(plot, a - 0.02, b + 0.02))?;
    let names: Vec<String> = s.strategies.iter().map(|st| st.name.clone()).collect();
    category_labels(root, plot, t, &names)
}
