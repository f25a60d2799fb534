//! Pipeline coverage at quarter start against attainment: binned means with
//! 95% intervals, one panel per counting rule, with each strategy's coverage
//! target drawn in the panel of the rule it counts by.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{TICK_SIZE, base_mesh, dashed, nice_ceiling, no_data};
use super::frame::{self, Frame, Swatch};
use super::style::{INK, QUOTA, Theme, strategy_color};
use super::{Chart, ChartError};
use crate::report::findings::{Rule, counting_rule, join_items, param_f64};
use crate::report::format::{pct0, times1};
use crate::stats::Summary;
use crate::stats::summary::{CoverageBin, StrategySummary};

pub struct Coverage;

/// Bins with fewer rep-quarters are too noisy to show.
pub const MIN_BIN_N: u64 = 30;

/// One shown bin: centre, mean attainment and its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Point {
    pub x: f64,
    pub lo_edge: f64,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The design effect of the strategy's mean attainment: the summary's bin
/// intervals treat rep-quarters as independent; widening them by its square
/// root accounts (approximately) for rep-quarters of one trial moving together.
pub(super) fn widen_factor(st: &StrategySummary) -> f64 {
    let n = st.rep_quarters as f64;
    let naive = st.attainment.std / n.sqrt();
    let f = st.attainment.mean_se / naive;
    if f.is_finite() && f > 1.0 { f } else { 1.0 }
}

pub(super) fn points(bins: &[CoverageBin], widen: f64) -> Vec<Point> {
    bins.iter()
        .filter(|b| b.n >= MIN_BIN_N && b.mean_attainment.is_finite() && b.ci_low.is_finite() && b.ci_high.is_finite())
        .map(|b| {
            let hi_edge = b.hi.unwrap_or(b.lo + 0.5);
            Point {
                x: (b.lo + hi_edge) / 2.0,
                lo_edge: b.lo,
                mean: b.mean_attainment,
                lo: b.mean_attainment - (b.mean_attainment - b.ci_low) * widen,
                hi: b.mean_attainment + (b.ci_high - b.mean_attainment) * widen,
            }
        })
        .collect()
}

fn rule_bins(st: &StrategySummary, rule: Rule) -> &[CoverageBin] {
    match rule {
        Rule::FirstMeeting => &st.attainment_by_coverage.first_meeting,
        Rule::SecondMeeting => &st.attainment_by_coverage.second_meeting,
    }
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

/// Lower edge of the first shown bin whose mean attainment reaches quota.
pub(super) fn quota_crossing(points: &[Point]) -> Option<f64> {
    points.iter().find(|p| p.mean >= 1.0).map(|p| p.lo_edge)
}

fn title(s: &Summary) -> String {
    let n = s.strategies.len();
    if n == 0 || n > 3 {
        return "Attainment rises with pipeline coverage at quarter start".into();
    }
    let items: Vec<String> = (0..n)
        .map(|i| {
            let st = &s.strategies[i];
            let rule = counting_rule(s, i);
            let short = match rule {
                Rule::FirstMeeting => "1st meeting",
                Rule::SecondMeeting => "2nd meeting",
            };
            let target = param_f64(s, "policy.coverage_target", i).map_or(String::new(), |c| format!(", target {}", times1(c)));
            match quota_crossing(&points(rule_bins(st, rule), 1.0)) {
                Some(x) => format!("{} ({short}{target}) for {}", times1(x), st.name),
                None => format!("no coverage seen ({short}{target}) for {}", st.name),
            }
        })
        .collect();
    format!("Rep-quarters reach quota on average from {}", join_items(&items))
}

impl Chart for Coverage {
    const NAME: &'static str = "coverage_vs_attainment";
    const CAPTION: &'static str = "Rep-quarters grouped by their pipeline coverage at quarter start (pipeline value as a \
        multiple of quota, in 0.5× bins), with the mean attainment of each group and its 95% interval. Left: pipeline counted \
        from the first meeting; right: from the second. Coloured dashes mark each strategy's coverage target under the rule \
        it uses. Bins with fewer than 30 rep-quarters are left out.";

    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError> {
        let f = Frame {
            title: title(s),
            subtitle: "Mean attainment by coverage at quarter start (0.5× bins of 30+ rep-quarters, 95% intervals). Dashed: \
                       coverage targets. Legend: mean coverage at quarter start, counted at first / second meeting."
                .into(),
            keys: frame::strategy_keys(s, Swatch::Line, |i| {
                let st = &s.strategies[i];
                format!(
                    "{} · starts at {} / {}",
                    st.name,
                    times1(st.coverage_start.first_meeting),
                    times1(st.coverage_start.second_meeting)
                )
            }),
            footer: frame::footer(s),
        };
        let area = frame::draw(root, t, &f)?;
        let per_rule =
            |rule: Rule| -> Vec<Vec<Point>> { s.strategies.iter().map(|st| points(rule_bins(st, rule), widen_factor(st))).collect() };
        let panels = [(Rule::FirstMeeting, per_rule(Rule::FirstMeeting)), (Rule::SecondMeeting, per_rule(Rule::SecondMeeting))];
        if panels.iter().all(|(_, p)| p.iter().all(Vec::is_empty)) {
            return no_data(&area, t, "Too few rep-quarters per coverage bin to show (fewer than 30).");
        }
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally(w / 2);
        for ((rule, pts), panel) in panels.iter().zip([left, right]) {
            draw_panel(root, &panel, t, s, *rule, pts)?;
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
    pts: &[Vec<Point>],
) -> Result<(), ChartError> {
    // Scale to the means, not to the widest intervals of the sparse high
    // bins, so the busy low-coverage range stays readable; intervals that run
    // past the top end in an arrowhead.
    let top_mean = pts.iter().flatten().map(|p| p.mean).fold(0.0, f64::max);
    let y_max = nice_ceiling((top_mean * 1.15).max(1.2));
    let targets: Vec<(usize, f64)> = (0..s.strategies.len())
        .filter(|&i| counting_rule(s, i) == rule)
        .filter_map(|i| param_f64(s, "policy.coverage_target", i).map(|c| (i, c)))
        .collect();
    let x_right = pts.iter().flatten().map(|p| p.x + 0.25).chain(targets.iter().map(|(_, c)| c + 0.5)).fold(1.0, f64::max);
    let x_max = x_right.ceil();
    let mut chart = ChartBuilder::on(area)
        .caption(format!("Pipeline counted at the {}", rule.label()), t.bold(16.0, INK))
        .x_label_area_size(t.px(46.0))
        .y_label_area_size(t.px(64.0))
        .margin_right(t.px(18.0))
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.x_labels(x_max as usize + 1)
        .y_labels(7)
        .x_label_formatter(&|v| format!("{v:.0}×"))
        .y_label_formatter(&|v| pct0(*v))
        .x_desc("pipeline coverage at quarter start (× quota)")
        .y_desc("mean attainment (percent of quota)")
        .draw()?;
    let (x0, qy) = chart.backend_coord(&(0.0, 1.0));
    let (x1, _) = chart.backend_coord(&(x_max, 1.0));
    dashed(root, (x0, qy), (x1, qy), t.stroke(QUOTA, 1.5), t.scale * 7.0, t.scale * 5.0)?;
    let (_, top) = chart.backend_coord(&(0.0, y_max));
    let (_, bottom) = chart.backend_coord(&(0.0, 0.0));
    let label = t.text(TICK_SIZE - 1.0, INK).pos(Pos::new(HPos::Left, VPos::Top));
    for (k, (c, owners)) in distinct_targets(&targets).iter().enumerate() {
        let (x, _) = chart.backend_coord(&(*c, 0.0));
        // One strategy: its colour. Several sharing a target: one neutral line.
        let color = if owners.len() == 1 { strategy_color(owners[0]) } else { QUOTA };
        dashed(root, (x, top), (x, bottom), t.stroke(color, 2.0), t.scale * 9.0, t.scale * 6.0)?;
        let y = top + t.px(4.0 + 18.0 * k as f64);
        root.draw_text(&format!("target {}", times1(*c)), &label, (x + t.px(5.0), y))?;
    }
    for (i, p) in pts.iter().enumerate() {
        let c = strategy_color(i);
        chart.draw_series(std::iter::once(PathElement::new(p.iter().map(|q| (q.x, q.mean)).collect::<Vec<_>>(), t.stroke(c, 2.0))))?;
        let bar = |q: &Point| vec![(q.x, q.lo.max(0.0)), (q.x, q.hi.min(y_max))];
        chart.draw_series(p.iter().map(|q| PathElement::new(bar(q), t.stroke(c, 1.5))))?;
        chart.draw_series(p.iter().filter(|q| q.hi > y_max).map(|q| TriangleMarker::new((q.x, y_max), t.upx(5.0), c.filled())))?;
        chart.draw_series(p.iter().map(|q| Circle::new((q.x, q.mean), t.upx(4.0), c.filled())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(lo: f64, n: u64, mean: f64) -> CoverageBin {
        CoverageBin { lo, hi: Some(lo + 0.5), n, mean_attainment: mean, ci_low: mean - 0.1, ci_high: mean + 0.1 }
    }

    #[test]
    fn small_bins_are_skipped_and_intervals_widened() {
        let bins = [bin(0.0, 10, 0.2), bin(0.5, 100, 0.8), bin(1.0, 100, 1.2)];
        let p = points(&bins, 2.0);
        assert_eq!(p.len(), 2);
        assert!((p[0].x - 0.75).abs() < 1e-12);
        assert!((p[0].hi - p[0].mean - 0.2).abs() < 1e-12);
        assert_eq!(quota_crossing(&p), Some(1.0));
        assert_eq!(quota_crossing(&p[..1]), None);
    }
}
