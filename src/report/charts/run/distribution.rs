//! Attainment distribution: every strategy's histogram on one chart, the quota
//! line, and a strip above it marking P10, median and P90 per strategy.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::charts::axes::{TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, attainment_axis_max, attainment_ticks, base_mesh, nice_ceiling};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::{spread, width};
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::{no_data, quota_dashes};
use crate::report::charts::style::{HEIGHT, INK, QUOTA, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::{pct_tick_by_max, pct0};
use crate::report::words::{self, captions, headline, run::*};
use crate::stats::Summary;
use crate::stats::summary::Histogram;

pub struct Distribution<'a> {
    pub s: &'a Summary,
}

/// Width of the displayed bins: 10 points of quota.
const DISPLAY_BIN: f64 = 0.1;
/// Percentile strip rows: roomy up to three strategies, tighter past that,
/// where each further row makes the chart taller.
const ROOMY_ROWS: usize = 3;
const ROOMY_ROW: f64 = 36.0;
const TIGHT_ROW: f64 = 30.0;
/// Opacity of histogram fills; past [`ROOMY_ROWS`] strategies they are left
/// out, as overlapping fills only muddy each other.
const FILL_OPACITY: f64 = 0.14;
/// Headroom above the tallest bin.
const HEADROOM: f64 = 1.08;

/// Shares of rep-quarters per display bin, up to the axis end.
#[derive(Debug, Default, PartialEq)]
struct Binned {
    /// (lo, hi, share of all rep-quarters).
    bins: Vec<(f64, f64, f64)>,
    /// Share at or beyond the axis end.
    beyond: f64,
}

/// Merge the summary's fine histogram into `width`-wide bins up to `x_max`.
fn bin_shares(h: &Histogram, width: f64, x_max: f64) -> Binned {
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

impl Chart for Distribution<'_> {
    fn name(&self) -> String {
        "attainment_distribution".into()
    }

    fn title(&self) -> String {
        headline::at_quota_title(self.s)
    }

    fn caption(&self) -> String {
        captions::DISTRIBUTION.into()
    }

    fn height(&self) -> u32 {
        // Each percentile row past the roomy ones gets its own room.
        HEIGHT + TIGHT_ROW as u32 * self.s.strategies.len().saturating_sub(ROOMY_ROWS) as u32
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let x_max = attainment_axis_max(s);
        let binned: Vec<Binned> = s.strategies.iter().map(|st| bin_shares(&st.histogram, DISPLAY_BIN, x_max)).collect();
        let keys = s.strategies.iter().zip(&binned).map(|(st, b)| distribution_key(st, b.beyond, x_max));
        let f = Frame {
            title: self.title(),
            subtitle: DISTRIBUTION_SUBTITLE.into(),
            keys: strategy_keys(keys, Swatch::Fill),
            footer: words::footer::run(s),
        };
        let area = frame::draw(root, t, &f)?;
        if binned.iter().all(|b| b.bins.is_empty()) {
            return no_data(&area, t, NO_REP_QUARTERS);
        }
        let n = s.strategies.len();
        let row_h = if n <= ROOMY_ROWS { ROOMY_ROW } else { TIGHT_ROW };
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
    let y_max = nice_ceiling(peak * HEADROOM);
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(t.px(X_LABEL_AREA))
        .y_label_area_size(t.px(Y_LABEL_AREA))
        .margin_top(t.px(4.0))
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    base_mesh(&mut mesh, t);
    mesh.x_labels(attainment_ticks(x_max))
        .y_labels(6)
        .x_label_formatter(&|v| pct0(*v))
        .y_label_formatter(&|v| pct_tick_by_max(*v, y_max))
        .x_desc("attainment per rep-quarter (percent of quota)")
        .y_desc("share of rep-quarters")
        .draw()?;
    // Fills first, outlines on top, so no strategy's line hides under another's fill.
    for (i, b) in binned.iter().enumerate().filter(|_| binned.len() <= ROOMY_ROWS) {
        let c = strategy_color(i);
        chart.draw_series(std::iter::once(Polygon::new(step_outline(&b.bins), c.mix(FILL_OPACITY).filled())))?;
    }
    for (i, b) in binned.iter().enumerate() {
        chart.draw_series(std::iter::once(PathElement::new(step_outline(&b.bins), t.stroke(strategy_color(i), 2.0))))?;
    }
    let (top_x, top_y) = chart.backend_coord(&(1.0, y_max));
    let (_, base_y) = chart.backend_coord(&(1.0, 0.0));
    quota_dashes(root, t, (top_x, top_y), (top_x, base_y))?;
    let label = t.bold(TICK_SIZE, QUOTA).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw_text(words::QUOTA_LABEL, &label, (top_x + t.px(6.0), top_y + t.px(2.0)))?;
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
    // The same label area as the histogram's, so their x axes align.
    let chart =
        ChartBuilder::on(area).x_label_area_size(0).y_label_area_size(t.px(Y_LABEL_AREA)).build_cartesian_2d(0.0..x_max, 0.0..n as f64)?;
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let label_size = if row_h >= 32.0 { 13.0 } else { 12.5 };
    let label_style = t.text(label_size, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
    for (i, st) in s.strategies.iter().enumerate() {
        let a = &st.attainment;
        if ![a.p10, a.p50, a.p90].iter().all(|v| v.is_finite()) {
            continue;
        }
        let (_, y) = chart.backend_coord(&(0.0, n as f64 - i as f64 - 0.78));
        let x = |v: f64| chart.backend_coord(&(v.clamp(0.0, x_max), 0.0)).0;
        let xs = [x(a.p10), x(a.p50), x(a.p90)];
        draw_strip_marks(root, t, strategy_color(i), xs, y)?;
        let texts = percentile_labels(a);
        let widths: Vec<f64> = texts.iter().map(|s| width(root, s, &label_style)).collect();
        let centers = xs.map(f64::from);
        let placed = spread(&centers, &widths, f64::from(x_px.start), f64::from(x_px.end), t.scale * 10.0);
        for (text, x) in texts.iter().zip(placed) {
            root.draw_text(text, &label_style, (x.round() as i32, y - t.px(8.0)))?;
        }
    }
    Ok(())
}

/// A strip row's marks: the P10–P90 bar with end dots and the median ring.
fn draw_strip_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    c: RGBColor,
    [x10, x50, x90]: [i32; 3],
    y: i32,
) -> Result<(), ChartError> {
    root.draw(&PathElement::new(vec![(x10, y), (x90, y)], t.stroke(c, 4.0)))?;
    root.draw(&Circle::new((x10, y), t.upx(4.0), c.filled()))?;
    root.draw(&Circle::new((x90, y), t.upx(4.0), c.filled()))?;
    root.draw(&Circle::new((x50, y), t.upx(6.5), WHITE.filled()))?;
    root.draw(&Circle::new((x50, y), t.upx(6.5), t.stroke(c, 3.0)))?;
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
