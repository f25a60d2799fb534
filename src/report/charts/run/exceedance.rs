//! Exceedance curves: the chance that a rep-quarter reaches at least x% of
//! quota, per strategy, with a 95% band that is honest about clustering.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::charts::axes::{
    PLOT_TOP, Plot, TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, attainment_axis_max, attainment_ticks, base_mesh,
};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::{spread, width};
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::{no_data, quota_dashes};
use crate::report::charts::style::{INK, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::pct0;
use crate::report::words::{self, captions, run::*};
use crate::stats::Summary;
use crate::stats::interval::wilson;
use crate::stats::summary::Histogram;

pub struct Exceedance<'a> {
    pub s: &'a Summary,
}

/// The level the title reports: quota.
const QUOTA_LEVEL: f64 = 1.0;
/// Opacity of the 95% bands.
const BAND_OPACITY: f64 = 0.2;
/// Opacity of the white card behind an at-quota label.
const CARD_OPACITY: f64 = 0.88;

/// A point of an exceedance curve with its band.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    x: f64,
    p: f64,
    lo: f64,
    hi: f64,
}

/// P(attainment >= edge) at every histogram edge up to `x_max`, with a Wilson
/// interval on n / `design_effect` effective observations: rep-quarters of one
/// trial share its uncertain inputs, so they count for less than independent ones.
fn curve(h: &Histogram, x_max: f64, design_effect: f64) -> Vec<Point> {
    let m = h.counts.len().min(h.edges.len().saturating_sub(1));
    let n = h.counts[..m].iter().sum::<u64>() + h.above;
    if n == 0 {
        return Vec::new();
    }
    let deff = if design_effect.is_finite() && design_effect >= 1.0 { design_effect } else { 1.0 };
    let n_eff = n as f64 / deff;
    // tail[k] = rep-quarters at or above edges[k].
    let mut tail = vec![h.above; m + 1];
    for k in (0..m).rev() {
        tail[k] = tail[k + 1] + h.counts[k];
    }
    (0..=m)
        .filter(|&k| h.edges[k] <= x_max + 1e-9)
        .map(|k| {
            let p = tail[k] as f64 / n as f64;
            let (lo, hi) = wilson(p, n_eff);
            Point { x: h.edges[k], p, lo, hi }
        })
        .collect()
}

impl Exceedance<'_> {
    fn curves(&self) -> Vec<Vec<Point>> {
        let x_max = attainment_axis_max(self.s);
        self.s.strategies.iter().map(|st| curve(&st.histogram, x_max, st.at_quota.design_effect)).collect()
    }
}

impl Chart for Exceedance<'_> {
    fn name(&self) -> String {
        "attainment_exceedance".into()
    }

    fn title(&self) -> String {
        // At quota, the figure the headline and the dots give; the curve reads any other level.
        let at = self
            .s
            .strategies
            .iter()
            .enumerate()
            .filter(|(_, st)| st.at_quota.share.is_finite())
            .map(|(i, st)| (i, st.at_quota.share))
            .collect();
        exceedance_title(self.s, QUOTA_LEVEL, at)
    }

    fn caption(&self) -> String {
        captions::EXCEEDANCE.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let x_max = attainment_axis_max(s);
        let curves = self.curves();
        let f = Frame {
            title: self.title(),
            subtitle: EXCEEDANCE_SUBTITLE.into(),
            keys: strategy_keys(s.strategies.iter().map(|st| st.name.clone()), Swatch::Line),
            footer: words::footer::run(s),
        };
        let area = frame::draw(root, t, &f)?;
        if curves.iter().all(Vec::is_empty) {
            return no_data(&area, t, NO_REP_QUARTERS);
        }
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .build_cartesian_2d(0.0..x_max, 0.0..1.0)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(attainment_ticks(x_max))
            .y_labels(6)
            .x_label_formatter(&|v| pct0(*v))
            .y_label_formatter(&|v| pct0(*v))
            .x_desc("attainment x (percent of quota)")
            .y_desc("share of rep-quarters at or above x")
            .draw()?;
        draw_curves(&mut chart, t, &curves)?;
        let (qx, top) = chart.backend_coord(&(1.0, 1.0));
        let (_, bottom) = chart.backend_coord(&(1.0, 0.0));
        quota_dashes(root, t, (qx, top), (qx, bottom))?;
        at_quota_marks(root, &chart, t, s, (top, bottom))
    }
}

/// Every strategy's band, then every strategy's line on top.
fn draw_curves<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, t: Theme, curves: &[Vec<Point>]) -> Result<(), ChartError> {
    for (i, c) in curves.iter().enumerate() {
        let band: Vec<(f64, f64)> = c.iter().map(|p| (p.x, p.hi)).chain(c.iter().rev().map(|p| (p.x, p.lo))).collect();
        chart.draw_series(std::iter::once(Polygon::new(band, strategy_color(i).mix(BAND_OPACITY).filled())))?;
    }
    for (i, c) in curves.iter().enumerate() {
        chart.draw_series(std::iter::once(PathElement::new(
            c.iter().map(|p| (p.x, p.p)).collect::<Vec<_>>(),
            t.stroke(strategy_color(i), 2.5),
        )))?;
    }
    Ok(())
}

/// A dot per strategy where its curve crosses quota, labelled with the share
/// and its interval; labels are spread vertically so they never overlap.
fn at_quota_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    t: Theme,
    s: &Summary,
    (top, bottom): (i32, i32),
) -> Result<(), ChartError> {
    let line_h = t.scale * TICK_SIZE * 1.35;
    let shown: Vec<(usize, (i32, i32))> = s
        .strategies
        .iter()
        .enumerate()
        .filter(|(_, st)| st.at_quota.share.is_finite())
        .map(|(i, st)| (i, chart.backend_coord(&(1.0, st.at_quota.share))))
        .collect();
    let centers: Vec<f64> = shown.iter().map(|(_, (_, y))| f64::from(*y)).collect();
    let heights = vec![line_h; shown.len()];
    let placed = spread(&centers, &heights, f64::from(top) + line_h, f64::from(bottom), t.scale * 2.0);
    for ((i, (x, y)), ly) in shown.iter().zip(placed) {
        let c = strategy_color(*i);
        root.draw(&Circle::new((*x, *y), t.upx(5.0), c.filled()))?;
        root.draw(&Circle::new((*x, *y), t.upx(5.0), t.stroke(WHITE, 1.5)))?;
        let label_at = (x + t.px(12.0), ly.round() as i32);
        swatched_label(root, t, c, &at_quota_label(&s.strategies[*i]), label_at, line_h)?;
    }
    Ok(())
}

/// A label on a white card with its strategy's swatch, so it stays readable
/// over curves and still says whose share it gives.
fn swatched_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    c: RGBColor,
    text: &str,
    (lx, ly): (i32, i32),
    line_h: f64,
) -> Result<(), ChartError> {
    let style = t.text(TICK_SIZE, INK).pos(Pos::new(HPos::Left, VPos::Center));
    let w = width(root, text, &style);
    let half = (line_h / 2.0) as i32;
    let card = [(lx - t.px(4.0), ly - half), (lx + t.px(14.0) + w as i32 + t.px(4.0), ly + half)];
    root.draw(&Rectangle::new(card, WHITE.mix(CARD_OPACITY).filled()))?;
    root.draw(&Rectangle::new([(lx, ly - t.px(4.5)), (lx + t.px(9.0), ly + t.px(4.5))], c.filled()))?;
    root.draw_text(text, &style, (lx + t.px(14.0), ly))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_starts_at_one_and_falls() {
        let h = Histogram { bin_width: 0.5, edges: vec![0.0, 0.5, 1.0, 1.5], counts: vec![2, 3, 4], above: 1 };
        let c = curve(&h, 1.0, 1.5);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].p, 1.0);
        assert!((c[2].p - 0.5).abs() < 1e-12);
        assert!(c.iter().all(|p| p.lo <= p.p && p.p <= p.hi));
        // A design effect widens the band.
        let narrow = curve(&h, 1.0, 1.0);
        assert!(c[2].hi - c[2].lo > narrow[2].hi - narrow[2].lo);
    }

    #[test]
    fn empty_histogram_has_no_curve() {
        let h = Histogram { bin_width: 0.02, edges: vec![0.0], counts: vec![], above: 0 };
        assert!(curve(&h, 3.0, f64::NAN).is_empty());
    }
}
