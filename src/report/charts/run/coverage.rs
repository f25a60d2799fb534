//! Pipeline coverage at quarter start against attainment: binned means with
//! 95% intervals, one panel per counting rule, with each strategy's coverage
//! target drawn in the panel of the rule it counts by.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::charts::axes::{PANEL_CAPTION_SIZE, Plot, TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, nice_ceiling, tick_count};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::{dashed, no_data, quota_dashes};
use crate::report::charts::style::{INK, QUOTA, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::coverage::{BinPoint, bin_points, rule_bins, widen_factor};
use crate::report::facts::{COVERAGE_TARGET, Rule, counting_rule, param_f64};
use crate::report::format::{pct0, times_tick};
use crate::report::words::{self, captions, run::*};
use crate::stats::Summary;

pub struct Coverage<'a> {
    pub s: &'a Summary,
}

/// Room right of each panel, at 1x.
const PANEL_RIGHT: f64 = 18.0;
/// Headroom above the highest mean, and the lowest top of the y axis (past quota).
const HEADROOM: f64 = 1.15;
const MIN_Y_MAX: f64 = 1.2;
/// Target lines: stroke width and dash pattern at 1x.
const TARGET_WIDTH: f64 = 2.0;
const TARGET_DASH: (f64, f64) = (9.0, 6.0);

/// The axes both panels share.
#[derive(Clone, Copy, Debug)]
struct Scale {
    x_max: f64,
    y_max: f64,
}

/// Targets grouped by value: (target, strategies that use it), in order of value.
fn distinct_targets(targets: &[(usize, f64)]) -> Vec<(f64, Vec<usize>)> {
    let mut out: Vec<(f64, Vec<usize>)> = Vec::new();
    for &(i, c) in targets {
        match out.iter_mut().find(|(v, _)| (*v - c).abs() < 1e-9) {
            Some((_, owners)) => owners.push(i),
            None => out.push((c, vec![i])),
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

impl Chart for Coverage<'_> {
    fn name(&self) -> String {
        "coverage_vs_attainment".into()
    }

    fn title(&self) -> String {
        coverage_title(self.s)
    }

    fn caption(&self) -> String {
        captions::coverage()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let f = Frame {
            title: self.title(),
            subtitle: coverage_subtitle(),
            keys: strategy_keys(s.strategies.iter().map(coverage_key), Swatch::Line),
            footer: words::footer::run(s),
        };
        let area = frame::draw(root, t, &f)?;
        let per_rule = |rule: Rule| -> Vec<Vec<BinPoint>> {
            s.strategies.iter().map(|st| bin_points(rule_bins(st, rule), widen_factor(st))).collect()
        };
        let panels = [(Rule::FirstMeeting, per_rule(Rule::FirstMeeting)), (Rule::SecondMeeting, per_rule(Rule::SecondMeeting))];
        if panels.iter().all(|(_, p)| p.iter().all(Vec::is_empty)) {
            return no_data(&area, t, &no_coverage());
        }
        // One scale for both panels, so their heights compare; tall enough for
        // every interval, so none is cut at the edge.
        let all = panels.iter().flat_map(|(_, p)| p.iter().flatten());
        let top = all.clone().map(|p| p.hi.max(p.mean * HEADROOM)).filter(|v| v.is_finite()).fold(0.0, f64::max);
        let y_max = nice_ceiling(top.max(MIN_Y_MAX));
        let x_right =
            all.map(|p| p.x + 0.25).chain((0..s.strategies.len()).filter_map(|i| param_f64(s, COVERAGE_TARGET, i).map(|c| c + 0.5)));
        let scale = Scale { x_max: x_right.fold(1.0, f64::max).ceil(), y_max };
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally(w / 2);
        for ((rule, pts), panel) in panels.iter().zip([left, right]) {
            draw_panel(root, &panel, t, s, *rule, pts, scale)?;
        }
        Ok(())
    }
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    s: &Summary,
    rule: Rule,
    pts: &[Vec<BinPoint>],
    Scale { x_max, y_max }: Scale,
) -> Result<(), ChartError> {
    let targets: Vec<(usize, f64)> = (0..s.strategies.len())
        .filter(|&i| counting_rule(s, i) == rule)
        .filter_map(|i| param_f64(s, COVERAGE_TARGET, i).map(|c| (i, c)))
        .collect();
    let mut chart = ChartBuilder::on(area)
        .caption(coverage_panel(rule), t.bold(PANEL_CAPTION_SIZE, INK))
        .x_label_area_size(t.px(X_LABEL_AREA))
        .y_label_area_size(t.px(Y_LABEL_AREA))
        .margin_right(t.px(PANEL_RIGHT))
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.x_labels(tick_count(x_max, 1.0))
        .y_labels(7)
        .x_label_formatter(&|v| times_tick(*v))
        .y_label_formatter(&|v| pct0(*v))
        .x_desc("pipeline coverage at quarter start (× quota)")
        .y_desc("mean attainment (percent of quota)")
        .draw()?;
    let (x0, qy) = chart.backend_coord(&(0.0, 1.0));
    let (x1, _) = chart.backend_coord(&(x_max, 1.0));
    quota_dashes(root, t, (x0, qy), (x1, qy))?;
    draw_targets(root, &chart, t, &targets, y_max)?;
    draw_bins(&mut chart, t, pts, y_max)
}

/// A dashed line per distinct target from 0 to `y_max`, labelled; labels
/// stack down from the top.
fn draw_targets<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    t: Theme,
    targets: &[(usize, f64)],
    y_max: f64,
) -> Result<(), ChartError> {
    let (_, top) = chart.backend_coord(&(0.0, y_max));
    let (_, bottom) = chart.backend_coord(&(0.0, 0.0));
    let label = t.text(TICK_SIZE - 1.0, INK).pos(Pos::new(HPos::Left, VPos::Top));
    for (k, (c, owners)) in distinct_targets(targets).iter().enumerate() {
        let (x, _) = chart.backend_coord(&(*c, 0.0));
        // One strategy: its colour. Several sharing a target: one neutral line.
        let color = if owners.len() == 1 { strategy_color(owners[0]) } else { QUOTA };
        dashed(root, (x, top), (x, bottom), t.stroke(color, TARGET_WIDTH), t.scale * TARGET_DASH.0, t.scale * TARGET_DASH.1)?;
        let y = top + t.px(4.0 + 18.0 * k as f64);
        root.draw_text(&target_label(*c), &label, (x + t.px(5.0), y))?;
    }
    Ok(())
}

/// Per strategy: the line through the bin means, interval bars and a dot
/// per mean (hollow for the open top bin, which pools everything above).
fn draw_bins<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, t: Theme, pts: &[Vec<BinPoint>], y_max: f64) -> Result<(), ChartError> {
    for (i, p) in pts.iter().enumerate() {
        let c = strategy_color(i);
        chart.draw_series(std::iter::once(PathElement::new(p.iter().map(|q| (q.x, q.mean)).collect::<Vec<_>>(), t.stroke(c, 2.0))))?;
        let bar = |q: &BinPoint| vec![(q.x, q.lo.max(0.0)), (q.x, q.hi.min(y_max))];
        chart.draw_series(p.iter().map(|q| PathElement::new(bar(q), t.stroke(c, 1.5))))?;
        chart.draw_series(p.iter().filter(|q| !q.open).map(|q| Circle::new((q.x, q.mean), t.upx(4.0), c.filled())))?;
        chart.draw_series(p.iter().filter(|q| q.open).map(|q| Circle::new((q.x, q.mean), t.upx(5.0), WHITE.filled())))?;
        chart.draw_series(p.iter().filter(|q| q.open).map(|q| Circle::new((q.x, q.mean), t.upx(5.0), t.stroke(c, 2.0))))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_targets_are_drawn_once() {
        let d = distinct_targets(&[(0, 3.0), (1, 2.0), (2, 3.0)]);
        assert_eq!(d, vec![(2.0, vec![1]), (3.0, vec![0, 2])]);
    }
}
