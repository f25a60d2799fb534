//! Who succeeds: the top 20% of rep-quarters by attainment against the rest,
//! in touches made and attainment reached, per strategy.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{PANEL_CAPTION_SIZE, base_mesh, nice_ceiling};
use crate::report::charts::bars::{BarLabel, bar_labels, bar_span, category_labels, slot_px};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::style::{INK, MUTED, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::{grouped, pct0};
use crate::report::words::{self, captions, run::*};
use crate::stats::Summary;

pub struct Top20<'a> {
    pub s: &'a Summary,
}

/// How much the "rest" bars are lightened towards white.
const REST_LIGHTEN: f64 = 0.6;
/// Room for wrapped strategy names under the bars and for grouped ticks, at 1x.
const X_LABEL_AREA: f64 = 56.0;
const Y_LABEL_AREA: f64 = 72.0;
/// Room right of each panel, at 1x.
const PANEL_RIGHT: f64 = 18.0;
/// Headroom above the tallest bar for its label.
const HEADROOM: f64 = 1.15;

/// One panel: its caption, its axis description, a (top, rest) pair per
/// strategy and how its values read.
struct Panel<'a> {
    caption: &'a str,
    y_desc: &'a str,
    values: Vec<[f64; 2]>,
    fmt: fn(f64) -> String,
}

impl Chart for Top20<'_> {
    fn name(&self) -> String {
        "top20_vs_rest".into()
    }

    fn title(&self) -> String {
        top20_title(self.s)
    }

    fn caption(&self) -> String {
        captions::TOP20.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let f = Frame {
            title: self.title(),
            subtitle: TOP20_SUBTITLE.into(),
            keys: vec![
                Key { color: MUTED, label: TOP20_KEY.into(), swatch: Swatch::Fill },
                Key { color: lighten(MUTED, REST_LIGHTEN), label: REST_KEY.into(), swatch: Swatch::Fill },
            ],
            footer: words::footer::run(s),
        };
        let area = frame::draw(root, t, &f)?;
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally(w / 2);
        let touches = Panel {
            caption: "Touches per rep-quarter",
            y_desc: "touches per rep-quarter",
            values: s.strategies.iter().map(|st| [st.top20.touches_top, st.top20.touches_rest]).collect(),
            fmt: grouped,
        };
        let attainment = Panel {
            caption: "Attainment",
            y_desc: "mean attainment (percent of quota)",
            values: s.strategies.iter().map(|st| [st.top20.attainment_top, st.top20.attainment_rest]).collect(),
            fmt: pct0,
        };
        draw_panel(root, &left, t, s, &touches)?;
        draw_panel(root, &right, t, s, &attainment)
    }
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    s: &Summary,
    p: &Panel<'_>,
) -> Result<(), ChartError> {
    let peak = p.values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    let y_max = nice_ceiling((peak * HEADROOM).max(f64::MIN_POSITIVE));
    let n = s.strategies.len();
    let mut chart = ChartBuilder::on(area)
        .caption(p.caption, t.bold(PANEL_CAPTION_SIZE, INK))
        .x_label_area_size(t.px(X_LABEL_AREA))
        .y_label_area_size(t.px(Y_LABEL_AREA))
        .margin_right(t.px(PANEL_RIGHT))
        .build_cartesian_2d(-0.5..n.max(1) as f64 - 0.5, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.disable_x_mesh().x_labels(0).y_labels(6).y_label_formatter(&|v| (p.fmt)(*v)).y_desc(p.y_desc).draw()?;
    let mut labels = Vec::new();
    for (g, pair) in p.values.iter().enumerate() {
        let c = strategy_color(g);
        for (k, &v) in pair.iter().enumerate().filter(|(_, v)| v.is_finite()) {
            let (x0, x1) = bar_span(g, k, 2);
            let fill = if k == 0 { c } else { lighten(c, REST_LIGHTEN) };
            chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, v)], fill.filled())))?;
            labels.push(BarLabel { x: (x0 + x1) / 2.0, top: v, text: (p.fmt)(v) });
        }
    }
    let plot = chart.plotting_area();
    bar_labels(root, plot, t, &labels, slot_px(plot, 2, 0.02))?;
    let names: Vec<String> = s.strategies.iter().map(|st| st.name.clone()).collect();
    category_labels(root, plot, t, &names)
}
