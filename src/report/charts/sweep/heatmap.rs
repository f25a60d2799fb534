//! The heatmap of a 2-D sweep for one strategy: its share of rep-quarters at
//! quota in every cell of the grid, on one colour scale for every strategy.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::luminance;
use crate::report::charts::axes::{DESC_SIZE, Plot, TICK_SIZE, span};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::width;
use crate::report::charts::style::{INK, MUTED, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::sweep::{axis_unit, current_value};
use crate::report::format::{pct0, value_in};
use crate::report::words::{self, captions, sweep::*};
use crate::scenario::slug;
use crate::study::points::SweepResult;

pub struct Heatmap<'a> {
    pub r: &'a SweepResult,
    pub strategy: usize,
}

/// Room under the cells for ticks and the axis description, at 1x.
const X_LABEL_AREA: f64 = 50.0;
/// Room left of the widest y tick for the axis description, at 1x.
const Y_DESC_ROOM: f64 = 44.0;
/// Cell label sizes tried, largest first (1x pixels).
const LABEL_SIZES: [f64; 4] = [16.0, 14.0, 12.0, 10.5];
/// The lightest cell is the strategy colour this far towards white.
const MAX_LIGHTEN: f64 = 0.9;
/// Cells darker than this get white labels.
const DARK: f64 = 0.55;

impl Heatmap<'_> {
    /// The colour scale: the range of every strategy's shares, so heatmaps compare.
    fn scale(&self) -> (f64, f64) {
        span(self.r.points.iter().flat_map(|p| p.summary.strategies.iter().map(|s| s.at_quota.share)), 0.0)
    }

    /// The scenario's current values (y, x), when both are plain numbers.
    fn now(&self) -> Option<(f64, f64)> {
        current_value(self.r, 0).zip(current_value(self.r, 1))
    }

    /// The cell (row, column) of the current values, when the grid has one.
    fn now_cell(&self) -> Option<(usize, usize)> {
        let (y, x) = self.now()?;
        let (ay, ax) = (&self.r.grid.axes[0], &self.r.grid.axes[1]);
        let (iy, ix) = (ay.values.iter().position(|v| (v - y).abs() < 1e-9), ax.values.iter().position(|v| (v - x).abs() < 1e-9));
        iy.zip(ix)
    }

    fn share(&self, i: usize) -> f64 {
        self.r.points[i].summary.strategies[self.strategy].at_quota.share
    }

    /// Grid position (column, row) of point `i`.
    fn pos(&self, i: usize) -> (f64, f64) {
        let nx = self.r.grid.axes[1].values.len();
        ((i % nx) as f64, (i / nx) as f64)
    }

    /// The strategy colour lightened by how low `v` is on the scale [`lo`, `hi`].
    fn fill(&self, v: f64, (lo, hi): (f64, f64)) -> RGBColor {
        let x = if v.is_finite() { ((v - lo) / (hi - lo).max(1e-9)).clamp(0.0, 1.0) } else { 0.0 };
        lighten(strategy_color(self.strategy), MAX_LIGHTEN * (1.0 - x))
    }

    /// The tick labels of sweep axis `a`.
    fn ticks(&self, a: usize) -> Vec<String> {
        self.r.grid.axes[a].values.iter().map(|v| value_in(axis_unit(self.r, a), *v)).collect()
    }
}

impl Chart for Heatmap<'_> {
    fn name(&self) -> String {
        format!("heatmap-{}", slug(&self.r.strategies()[self.strategy]))
    }

    fn title(&self) -> String {
        heatmap_title(self.r, self.strategy)
    }

    fn caption(&self) -> String {
        captions::HEATMAP.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let r = self.r;
        let f = Frame {
            title: self.title(),
            subtitle: heatmap_subtitle(r, self.scale(), self.now(), self.now_cell().is_some()),
            keys: Vec::new(),
            footer: words::footer::sweep(r),
        };
        let area = frame::draw(root, t, &f)?;
        let tick = t.text(TICK_SIZE, INK);
        let ylab_w = self.ticks(0).iter().map(|l| width(root, l, &tick)).fold(0.0, f64::max);
        let (nx, ny) = (r.grid.axes[1].values.len(), r.grid.axes[0].values.len());
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size((ylab_w + t.scale * Y_DESC_ROOM) as i32)
            .margin_top(t.px(4.0))
            .margin_right(t.px(8.0))
            .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_axes()
            .x_labels(0)
            .y_labels(0)
            .x_desc(axis_label(r, 1))
            .y_desc(axis_label(r, 0))
            .axis_desc_style(t.text(DESC_SIZE, MUTED))
            .draw()?;
        self.draw_cells(&mut chart, t)?;
        self.draw_cell_labels(root, &chart, t)?;
        self.draw_now_cell(root, &chart, t)?;
        self.draw_ticks(root, &chart, t)
    }
}

impl Heatmap<'_> {
    /// A rectangle per cell in its colour, then white gaps between them.
    fn draw_cells<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, t: Theme) -> Result<(), ChartError> {
        let n = self.r.points.len();
        let scale = self.scale();
        let cell = |i: usize| {
            let (x, y) = self.pos(i);
            [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)]
        };
        chart.draw_series((0..n).map(|i| Rectangle::new(cell(i), self.fill(self.share(i), scale).filled())))?;
        chart.draw_series((0..n).map(|i| Rectangle::new(cell(i), t.stroke(WHITE, 1.5))))?;
        Ok(())
    }

    /// Pixel width and height of a cell.
    fn cell_px<DB: DrawingBackend>(&self, chart: &Plot<'_, DB>) -> (f64, f64) {
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let (nx, ny) = (self.r.grid.axes[1].values.len(), self.r.grid.axes[0].values.len());
        (f64::from(x_px.end - x_px.start) / nx.max(1) as f64, f64::from(y_px.end - y_px.start) / ny.max(1) as f64)
    }

    /// Each cell's share, at the largest size that fits every cell, or none.
    fn draw_cell_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Plot<'_, DB>,
        t: Theme,
    ) -> Result<(), ChartError> {
        let (cell_w, cell_h) = self.cell_px(chart);
        let texts: Vec<String> = (0..self.r.points.len()).map(|i| pct0(self.share(i))).collect();
        let fits = |size: f64| {
            let style = t.text(size, INK);
            cell_h >= t.scale * size * 1.3 && texts.iter().all(|s| width(root, s, &style) <= cell_w * 0.85)
        };
        let Some(size) = LABEL_SIZES.into_iter().find(|&size| fits(size)) else { return Ok(()) };
        let scale = self.scale();
        for (i, s) in texts.iter().enumerate() {
            let ink = if luminance(self.fill(self.share(i), scale)) < DARK { WHITE } else { INK };
            let p = chart.backend_coord(&self.pos(i));
            root.draw_text(s, &t.text(size, ink).pos(Pos::new(HPos::Center, VPos::Center)), p)?;
        }
        Ok(())
    }

    /// An outline inside the cell of the scenario's current values.
    fn draw_now_cell<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, chart: &Plot<'_, DB>, t: Theme) -> Result<(), ChartError> {
        let Some((iy, ix)) = self.now_cell() else { return Ok(()) };
        let (x, y) = (ix as f64, iy as f64);
        let a = chart.backend_coord(&(x - 0.5, y + 0.5));
        let b = chart.backend_coord(&(x + 0.5, y - 0.5));
        let inset = t.px(2.0);
        root.draw(&Rectangle::new([(a.0 + inset, a.1 + inset), (b.0 - inset, b.1 - inset)], t.stroke(INK, 3.0)))?;
        Ok(())
    }

    /// Tick labels under and beside the cells, thinned to every k-th when crowded.
    fn draw_ticks<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, chart: &Plot<'_, DB>, t: Theme) -> Result<(), ChartError> {
        let tick = t.text(TICK_SIZE, INK);
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let (cell_w, cell_h) = self.cell_px(chart);
        let xlabels = self.ticks(1);
        let widest = xlabels.iter().map(|l| width(root, l, &tick)).fold(0.0, f64::max) + t.scale * 10.0;
        let kx = ((widest / cell_w.max(1.0)).ceil() as usize).max(1);
        for (i, l) in xlabels.iter().enumerate().filter(|(i, _)| i % kx == 0) {
            let (px, _) = chart.backend_coord(&(i as f64, -0.5));
            root.draw_text(l, &tick.pos(Pos::new(HPos::Center, VPos::Top)), (px, y_px.end + t.px(6.0)))?;
        }
        let ky = ((t.scale * TICK_SIZE * 1.4 / cell_h.max(1.0)).ceil() as usize).max(1);
        for (i, l) in self.ticks(0).iter().enumerate().filter(|(i, _)| i % ky == 0) {
            let (_, py) = chart.backend_coord(&(-0.5, i as f64));
            root.draw_text(l, &tick.pos(Pos::new(HPos::Right, VPos::Center)), (x_px.start - t.px(8.0), py))?;
        }
        Ok(())
    }
}
