//! Exceedance curves: the chance that a rep-quarter reaches at least x% of
//! quota, per strategy, with a 95% band that is honest about clustering.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{TICK_SIZE, attainment_axis_max, base_mesh, dashed, no_data};
use super::frame::{self, Frame, Swatch};
use super::layout::{spread, width};
use super::style::{INK, QUOTA, Theme, strategy_color};
use super::{Chart, ChartError};
use crate::report::findings::join_items;
use crate::report::format::{pct0, pct1, pct1_range};
use crate::stats::Summary;
use crate::stats::interval::wilson;
use crate::stats::summary::Histogram;

pub struct Exceedance;

/// The stretch level the title reports.
const STRETCH: f64 = 1.5;

/// A point of an exceedance curve with its band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Point {
    pub x: f64,
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
}

/// P(attainment >= edge) at every histogram edge up to `x_max`, with a Wilson
/// interval on n / `design_effect` effective observations: rep-quarters of one
/// trial share its uncertain inputs, so they count for less than independent ones.
pub(super) fn curve(h: &Histogram, x_max: f64, design_effect: f64) -> Vec<Point> {
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

/// Share at or above `x` read off a curve (the last edge not above `x`).
fn share_at(points: &[Point], x: f64) -> Option<f64> {
    points.iter().rev().find(|p| p.x <= x + 1e-9).map(|p| p.p)
}

fn title(s: &Summary, curves: &[Vec<Point>]) -> String {
    let mut at: Vec<(usize, f64)> = curves.iter().enumerate().filter_map(|(i, c)| share_at(c, STRETCH).map(|p| (i, p))).collect();
    at.sort_by(|a, b| b.1.total_cmp(&a.1));
    let item = |&(i, p): &(usize, f64)| format!("{} for {}", pct0(p), s.strategies[i].name);
    let list = match at.as_slice() {
        [] => return "Chance of reaching a given share of quota".into(),
        [a, .., z] if at.len() > 3 => format!("from {} to {}", item(a), item(z)),
        all => join_items(&all.iter().map(item).collect::<Vec<_>>()),
    };
    format!("Chance of reaching {} of quota: {}", pct0(STRETCH), list)
}

impl Chart for Exceedance {
    const NAME: &'static str = "attainment_exceedance";
    const CAPTION: &'static str = "Read up from any attainment level to the share of rep-quarters that reach at least that \
        level. The shaded band is the 95% interval (Wilson, widened for the correlation between rep-quarters of one \
        trial); dots mark the share at quota.";

    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError> {
        let x_max = attainment_axis_max(s);
        let curves: Vec<Vec<Point>> = s.strategies.iter().map(|st| curve(&st.histogram, x_max, st.at_quota.design_effect)).collect();
        let f = Frame {
            title: title(s, &curves),
            subtitle: "Share of rep-quarters at or above each attainment level, with 95% band (hidden behind the line where narrower \
                       than it). Dots: share at quota (100%)."
                .into(),
            keys: frame::strategy_keys(s, Swatch::Line, |i| s.strategies[i].name.clone()),
            footer: frame::footer(s),
        };
        let area = frame::draw(root, t, &f)?;
        if curves.iter().all(Vec::is_empty) {
            return no_data(&area, t, "No rep-quarters were simulated.");
        }
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(46.0))
            .y_label_area_size(t.px(64.0))
            .margin_top(t.px(6.0))
            .build_cartesian_2d(0.0..x_max, 0.0..1.0)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels((x_max / 0.5).round() as usize + 1)
            .y_labels(6)
            .x_label_formatter(&|v| pct0(*v))
            .y_label_formatter(&|v| pct0(*v))
            .x_desc("attainment x (percent of quota)")
            .y_desc("share of rep-quarters at or above x")
            .draw()?;
        for (i, c) in curves.iter().enumerate() {
            let band: Vec<(f64, f64)> = c.iter().map(|p| (p.x, p.hi)).chain(c.iter().rev().map(|p| (p.x, p.lo))).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, strategy_color(i).mix(0.2).filled())))?;
        }
        for (i, c) in curves.iter().enumerate() {
            chart.draw_series(std::iter::once(PathElement::new(
                c.iter().map(|p| (p.x, p.p)).collect::<Vec<_>>(),
                t.stroke(strategy_color(i), 2.5),
            )))?;
        }
        let (qx, top) = chart.backend_coord(&(1.0, 1.0));
        let (_, bottom) = chart.backend_coord(&(1.0, 0.0));
        dashed(root, (qx, top), (qx, bottom), t.stroke(QUOTA, 1.5), t.scale * 7.0, t.scale * 5.0)?;
        at_quota_marks(root, &chart, t, s, (top, bottom))
    }
}

/// A dot per strategy where its curve crosses quota, labelled with the share
/// and its interval; labels are spread vertically so they never overlap.
fn at_quota_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &super::axes::Plot<'_, DB>,
    t: Theme,
    s: &Summary,
    (top, bottom): (i32, i32),
) -> Result<(), ChartError> {
    let style = t.text(TICK_SIZE, INK).pos(Pos::new(HPos::Left, VPos::Center));
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
        // Labels sit on a white card with their strategy's swatch, so they
        // stay readable over curves and still say whose share they give.
        let st = &s.strategies[*i];
        let text = format!("{} at quota ({})", pct1(st.at_quota.share), pct1_range(st.at_quota.ci_low, st.at_quota.ci_high));
        let w = width(root, &text, &style);
        let (lx, ly) = (x + t.px(12.0), ly.round() as i32);
        let half = (line_h / 2.0) as i32;
        let card = [(lx - t.px(4.0), ly - half), (lx + t.px(14.0) + w as i32 + t.px(4.0), ly + half)];
        root.draw(&Rectangle::new(card, WHITE.mix(0.88).filled()))?;
        root.draw(&Rectangle::new([(lx, ly - t.px(4.5)), (lx + t.px(9.0), ly + t.px(4.5))], c.filled()))?;
        root.draw_text(&text, &style, (lx + t.px(14.0), ly))?;
    }
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
