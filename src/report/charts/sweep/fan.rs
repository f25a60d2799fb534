//! The fan chart of a 1-D sweep: one panel per strategy, its median
//! attainment across the swept values with the P10–P90 band around it.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{DESC_SIZE, Plot, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, span, tick_count};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::width;
use crate::report::charts::marks::{now_marker, quota_line};
use crate::report::charts::panels::{self, CAPTION_H};
use crate::report::charts::style::{MUTED, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::sweep::{axis_unit, current_value, reaches};
use crate::report::format::{pct0, value_in};
use crate::report::words::{self, captions, sweep::*};
use crate::stats::summary::Attainment;
use crate::study::points::SweepResult;

pub struct Fan<'a> {
    pub r: &'a SweepResult,
}

/// Room right of each panel, at 1x.
const PANEL_RIGHT: f64 = 14.0;
/// Headroom above the highest P90; the y axis ends on a whole half of quota, at 150% or more.
const HEADROOM: f64 = 1.08;
const MIN_Y_MAX: f64 = 1.5;
/// How much the band and its edges are lightened towards white.
const BAND_LIGHTEN: f64 = 0.8;
const EDGE_LIGHTEN: f64 = 0.4;

impl Fan<'_> {
    /// Top of the shared y axis: past every P90.
    fn y_max(&self) -> f64 {
        let p90 = self.r.points.iter().flat_map(|p| p.summary.strategies.iter().map(|s| s.attainment.p90)).filter(|v| v.is_finite());
        ((p90.fold(1.0, f64::max) * HEADROOM * 2.0).ceil() / 2.0).max(MIN_Y_MAX)
    }
}

impl Chart for Fan<'_> {
    fn name(&self) -> String {
        "fan".into()
    }

    fn title(&self) -> String {
        fan_title(self.r)
    }

    fn caption(&self) -> String {
        captions::FAN.into()
    }

    fn height(&self) -> u32 {
        panels::height(self.r.strategies().len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let r = self.r;
        let f = Frame { title: self.title(), subtitle: fan_subtitle(r), keys: Vec::new(), footer: words::footer::sweep(r) };
        let area = frame::draw(root, t, &f)?;
        let (rows, cols) = panels::grid(r.strategies().len());
        let panels = area.split_evenly((rows, cols));
        for (k, (panel, name)) in panels.iter().zip(&r.strategies()).enumerate() {
            let (head, body) = panel.split_vertically(t.px(CAPTION_H));
            panels::caption(root, &head, t, k, name, &fan_panel_note(reaches(r, k)))?;
            self.draw_panel(root, &body, t, k, cols)?;
        }
        Ok(())
    }
}

impl Fan<'_> {
    /// Strategy `k`'s plot: axes, band, quota line, median, and today's value.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: &DrawingArea<DB, Shift>,
        t: Theme,
        k: usize,
        cols: usize,
    ) -> Result<(), ChartError> {
        let r = self.r;
        let y_max = self.y_max();
        let (x0, x1) = span(r.grid.axes[0].values.iter().copied(), 0.03);
        let mut chart = ChartBuilder::on(body)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_right(t.px(PANEL_RIGHT))
            .margin_top(t.px(4.0))
            .build_cartesian_2d(x0..x1, 0.0..y_max)?;
        let x_desc = self.x_desc(root, body, t);
        self.draw_mesh(&mut chart, t, x_desc, k.is_multiple_of(cols), cols > 2, y_max)?;
        let at = |f: &dyn Fn(&Attainment) -> f64| -> Vec<(f64, f64)> {
            r.points.iter().map(|p| (p.values[0], f(&p.summary.strategies[k].attainment))).filter(|q| q.1.is_finite()).collect()
        };
        let (p10, p50, p90) = (at(&|a| a.p10), at(&|a| a.p50), at(&|a| a.p90.min(y_max)));
        let c = strategy_color(k);
        let band: Vec<(f64, f64)> = p10.iter().copied().chain(p90.iter().rev().copied()).collect();
        chart.draw_series(std::iter::once(Polygon::new(band, lighten(c, BAND_LIGHTEN).filled())))?;
        for edge in [&p10, &p90] {
            chart.draw_series(std::iter::once(PathElement::new(edge.clone(), t.stroke(lighten(c, EDGE_LIGHTEN), 1.0))))?;
        }
        quota_line(root, &chart, t)?;
        chart.draw_series(std::iter::once(PathElement::new(p50.clone(), t.stroke(c, 2.5))))?;
        chart.draw_series(p50.iter().map(|&q| Circle::new(q, t.upx(3.0), c.filled())))?;
        if let Some(x) = current_value(r, 0) {
            now_marker(root, &chart, t, x, &now_label(axis_unit(r, 0), x))?;
        }
        Ok(())
    }

    /// The x axis description: the full path where it fits, its last key where it does not.
    fn x_desc<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, body: &DrawingArea<DB, Shift>, t: Theme) -> String {
        let (bw, _) = body.dim_in_pixel();
        let full = axis_label(self.r, 0);
        let fits = width(root, &full, &t.text(DESC_SIZE, MUTED)) < f64::from(bw) - t.scale * 90.0;
        if fits { full } else { axis_label_short(self.r, 0) }
    }

    /// Ticks and axis descriptions; the y description on the first column
    /// only, and fewer x ticks where panels are narrow.
    fn draw_mesh<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        t: Theme,
        x_desc: String,
        first_column: bool,
        narrow: bool,
        y_max: f64,
    ) -> Result<(), ChartError> {
        let r = self.r;
        let unit = axis_unit(r, 0);
        let y_step = if y_max > 3.0 { 1.0 } else { 0.5 };
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(r.grid.axes[0].values.len().clamp(2, if narrow { 6 } else { 10 }))
            .y_labels(tick_count(y_max, y_step))
            .x_label_formatter(&|v| value_in(unit, *v))
            .y_label_formatter(&|v| pct0(*v))
            .x_desc(x_desc)
            .y_desc(if first_column { "attainment (percent of quota)" } else { "" })
            .draw()?;
        Ok(())
    }
}
