//! Attainment distribution: every strategy's histogram on one chart, the quota
//! line, and a strip above it marking P10, median and P90 per strategy.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{TICK_SIZE, attainment_axis_max, base_mesh, dashed, nice_ceiling, no_data, pct_tick};
use super::frame::{self, Frame, Swatch};
use super::layout::{spread, width};
use super::style::{INK, QUOTA, Theme, strategy_color};
use super::{Chart, ChartError};
use crate::report::findings::at_quota_title;
use crate::report::format::pct0;
use crate::stats::Summary;
use crate::stats::summary::Histogram;

pub struct Distribution;

/// Width of the displayed bins: 10 points of quota.
const DISPLAY_BIN: f64 = 0.1;
/// Width of the plot's left label area at 1x (shared by both panels so their x axes align).
const Y_LABEL_W: f64 = 64.0;

/// Shares of rep-quarters per display bin, up to the axis end.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Binned {
    /// (lo, hi, share of all rep-quarters).
    pub bins: Vec<(f64, f64, f64)>,
    /// Share at or beyond the axis end.
    pub beyond: f64,
}

/// Merge the summary's fine histogram into `width`-wide bins up to `x_max`.
pub(super) fn bin_shares(h: &Histogram, width: f64, x_max: f64) -> Binned {
    let m = h.counts.len().min(h.edges.len().saturating_sub(1));
    let n = h.counts[..m].iter().sum::<u64>() + h.above;
    if n == 0 {
        return Binned::default();
    }
    let nf = n as f64;
    let k = if h.bin_width > 0.0 { ((width / h.bin_width).round() as usize).max(1) } else { 1 };
    let mut out = Binned { bins: Vec::new(), beyond: h.above as f64 / nf };
    for start in (0..m).step_by(k) {
        let end = (start + k).min(m);
        let (lo, hi) = (h.edges[start], h.edges[end]);
        let share = h.counts[start..end].iter().sum::<u64>() as f64 / nf;
        if lo >= x_max - 1e-9 {
            out.beyond += share;
        } else {
            out.bins.push((lo, hi.min(x_max), share));
        }
    }
    out
}

impl Chart for Distribution {
    const NAME: &'static str = "attainment_distribution";
    const CAPTION: &'static str = "How attainment is spread across rep-quarters. Each outline is one strategy's share of \
        rep-quarters in 10-point bins; the dashed line is quota. The strip on top marks P10, the median (P50) and P90: \
        a tenth of rep-quarters fall below P10 and a tenth above P90.";

    fn height(s: &Summary) -> u32 {
        // Each percentile row past the third gets its own room.
        super::style::HEIGHT + 30 * s.strategies.len().saturating_sub(3) as u32
    }

    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError> {
        let x_max = attainment_axis_max(s);
        let binned: Vec<Binned> = s.strategies.iter().map(|st| bin_shares(&st.histogram, DISPLAY_BIN, x_max)).collect();
        let keys = frame::strategy_keys(s, Swatch::Fill, |i| {
            let st = &s.strategies[i];
            let mut label = st.name.clone();
            if st.attainment.zero_share >= 0.01 {
                label.push_str(&format!(" · {} won nothing", pct0(st.attainment.zero_share)));
            }
            if binned[i].beyond >= 0.005 {
                label.push_str(&format!(" · {} above {}", pct0(binned[i].beyond), pct0(x_max)));
            }
            label
        });
        let f = Frame {
            title: at_quota_title(s),
            subtitle: "Attainment per rep-quarter, share in 10-point bins. Dashed line: quota. Strip on top: P10, median (P50) and P90."
                .into(),
            keys,
            footer: frame::footer(s),
        };
        let area = frame::draw(root, t, &f)?;
        if binned.iter().all(|b| b.bins.is_empty()) {
            return no_data(&area, t, "No rep-quarters were simulated.");
        }
        let n = s.strategies.len();
        let row_h = if n <= 3 { 36.0 } else { 30.0 };
        let (strip, hist) = area.split_vertically(t.px(row_h * n as f64 + 6.0));
        draw_histogram(root, &hist, t, &binned, x_max)?;
        draw_percentile_strip(root, &strip, t, s, x_max, row_h)
    }
}

fn draw_histogram<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    binned: &[Binned],
    x_max: f64,
) -> Result<(), ChartError> {
    let peak = binned.iter().flat_map(|b| b.bins.iter().map(|x| x.2)).fold(0.0, f64::max);
    let y_max = nice_ceiling(peak * 1.08);
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(t.px(46.0))
        .y_label_area_size(t.px(Y_LABEL_W))
        .margin_top(t.px(4.0))
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.x_labels((x_max / 0.5).round() as usize + 1)
        .y_labels(6)
        .x_label_formatter(&|v| pct0(*v))
        .y_label_formatter(&|v| pct_tick(*v, y_max))
        .x_desc("attainment per rep-quarter (percent of quota)")
        .y_desc("share of rep-quarters")
        .draw()?;
    // Fills first, outlines on top, so no strategy's line hides under
    // another's fill; past three strategies fills only muddy each other.
    for (i, b) in binned.iter().enumerate().filter(|_| binned.len() <= 3) {
        let c = strategy_color(i);
        chart.draw_series(std::iter::once(Polygon::new(step_outline(&b.bins), c.mix(0.14).filled())))?;
    }
    for (i, b) in binned.iter().enumerate() {
        chart.draw_series(std::iter::once(PathElement::new(step_outline(&b.bins), t.stroke(strategy_color(i), 2.0))))?;
    }
    let (top_x, top_y) = chart.backend_coord(&(1.0, y_max));
    let (_, base_y) = chart.backend_coord(&(1.0, 0.0));
    dashed(root, (top_x, top_y), (top_x, base_y), t.stroke(QUOTA, 1.5), t.scale * 7.0, t.scale * 5.0)?;
    let label = t.bold(TICK_SIZE, QUOTA).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw_text("quota", &label, (top_x + t.px(6.0), top_y + t.px(2.0)))?;
    Ok(())
}

/// The outline of a histogram as a closed step path starting and ending on the baseline.
fn step_outline(bins: &[(f64, f64, f64)]) -> Vec<(f64, f64)> {
    let mut pts = Vec::with_capacity(bins.len() * 2 + 2);
    if let Some(first) = bins.first() {
        pts.push((first.0, 0.0));
    }
    for &(lo, hi, share) in bins {
        pts.push((lo, share));
        pts.push((hi, share));
    }
    if let Some(last) = bins.last() {
        pts.push((last.1, 0.0));
    }
    pts
}

/// One row per strategy: a bar from P10 to P90, a ring at the median, labelled.
fn draw_percentile_strip<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    s: &Summary,
    x_max: f64,
    row_h: f64,
) -> Result<(), ChartError> {
    let n = s.strategies.len();
    let chart =
        ChartBuilder::on(area).x_label_area_size(0).y_label_area_size(t.px(Y_LABEL_W)).build_cartesian_2d(0.0..x_max, 0.0..n as f64)?;
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let clamp_x = |v: f64| chart.backend_coord(&(v.clamp(0.0, x_max), 0.0)).0;
    let label_size = if row_h >= 32.0 { 13.0 } else { 12.5 };
    let label_style = t.text(label_size, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
    for (i, st) in s.strategies.iter().enumerate() {
        let a = &st.attainment;
        if ![a.p10, a.p50, a.p90].iter().all(|v| v.is_finite()) {
            continue;
        }
        let c = strategy_color(i);
        let (_, y) = chart.backend_coord(&(0.0, n as f64 - i as f64 - 0.78));
        let (x10, x50, x90) = (clamp_x(a.p10), clamp_x(a.p50), clamp_x(a.p90));
        root.draw(&PathElement::new(vec![(x10, y), (x90, y)], t.stroke(c, 4.0)))?;
        root.draw(&Circle::new((x10, y), t.upx(4.0), c.filled()))?;
        root.draw(&Circle::new((x90, y), t.upx(4.0), c.filled()))?;
        root.draw(&Circle::new((x50, y), t.upx(6.5), WHITE.filled()))?;
        root.draw(&Circle::new((x50, y), t.upx(6.5), t.stroke(c, 3.0)))?;
        let texts = [format!("P10 {}", pct0(a.p10)), format!("P50 {}", pct0(a.p50)), format!("P90 {}", pct0(a.p90))];
        let widths: Vec<f64> = texts.iter().map(|s| width(root, s, &label_style)).collect();
        let centers = [f64::from(x10), f64::from(x50), f64::from(x90)];
        let placed = spread(&centers, &widths, f64::from(x_px.start), f64::from(x_px.end), t.scale * 10.0);
        for (text, x) in texts.iter().zip(placed) {
            root.draw_text(text, &label_style, (x.round() as i32, y - t.px(8.0)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(counts: Vec<u64>, above: u64) -> Histogram {
        let edges = (0..=counts.len()).map(|i| i as f64 * 0.02).collect();
        Histogram { bin_width: 0.02, edges, counts, above }
    }

    #[test]
    fn bins_merge_and_overflow() {
        let b = bin_shares(&hist(vec![1; 20], 5), 0.1, 0.3);
        // 20 fine bins of 0.02 -> 4 bins of 0.1 up to 0.4; the last one is beyond 0.3.
        assert_eq!(b.bins.len(), 3);
        assert!((b.bins[0].2 - 5.0 / 25.0).abs() < 1e-12);
        assert!((b.beyond - 10.0 / 25.0).abs() < 1e-12);
    }

    #[test]
    fn empty_or_malformed_histograms_give_nothing() {
        assert_eq!(bin_shares(&hist(vec![], 0), 0.1, 3.0), Binned::default());
        let odd = Histogram { bin_width: 0.0, edges: vec![0.0], counts: vec![3, 4], above: 1 };
        let b = bin_shares(&odd, 0.1, 3.0);
        assert!(b.bins.is_empty() && (b.beyond - 1.0).abs() < 1e-12);
    }
}
