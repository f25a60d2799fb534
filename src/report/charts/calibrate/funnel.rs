//! Reps' win rates in a funnel plot: each rep's won share of closed
//! opportunities against how many closed, with the team's rate and the
//! exact binomial 95% and 99.8% limits around it.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::calibrate::report::Report;
use crate::report::charts::axes::{PLOT_TOP, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, nice_ceiling};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::marks::no_data;
use crate::report::charts::style::{INK, MUTED, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::pct0;
use crate::report::words::calibrate::{FUNNEL_CAPTION, FUNNEL_SUBTITLE, footer, funnel_title};
use statrs::distribution::{Binomial, DiscreteCDF};

pub struct WinFunnel<'a> {
    pub r: &'a Report,
}

/// Lower and upper limit of the share of `n` trials under Bin(n, p) at
/// two-sided level `alpha`: the quantiles divided by n.
pub fn limits(n: u64, p: f64, alpha: f64) -> (f64, f64) {
    match Binomial::new(p, n) {
        Ok(b) if n > 0 => (b.inverse_cdf(alpha / 2.0) as f64 / n as f64, b.inverse_cdf(1.0 - alpha / 2.0) as f64 / n as f64),
        _ => (0.0, 1.0),
    }
}

/// The same limits interpolated between the binomial's steps (Spiegelhalter
/// 2005), so the funnel is drawn as smooth curves: at level `a`, with r the
/// a-quantile, the limit is (r - (F(r) - a) / (F(r) - F(r - 1))) / n.
pub fn smooth_limits(n: u64, p: f64, alpha: f64) -> (f64, f64) {
    let Ok(b) = Binomial::new(p, n) else { return (0.0, 1.0) };
    if n == 0 {
        return (0.0, 1.0);
    }
    let at = |a: f64| {
        let r = b.inverse_cdf(a);
        let (fr, fp) = (b.cdf(r), if r == 0 { 0.0 } else { b.cdf(r - 1) });
        let frac = if fr > fp { (fr - a) / (fr - fp) } else { 0.0 };
        ((r as f64 - frac) / n as f64).clamp(0.0, 1.0)
    };
    (at(alpha / 2.0), at(1.0 - alpha / 2.0))
}

impl WinFunnel<'_> {
    fn team_rate(&self) -> f64 {
        self.r.figures.closed_win_rate.value
    }

    /// Reps outside the 99.8% limits.
    pub fn outside(&self) -> usize {
        let p = self.team_rate();
        self.r
            .reps
            .iter()
            .filter(|r| r.closed > 0)
            .filter(|r| {
                let (lo, hi) = limits(r.closed, p, 0.002);
                let w = r.won as f64 / r.closed as f64;
                w < lo || w > hi
            })
            .count()
    }
}

impl Chart for WinFunnel<'_> {
    fn name(&self) -> String {
        "win_rate_funnel".into()
    }

    fn title(&self) -> String {
        funnel_title(self.outside(), self.r.reps.iter().filter(|r| r.closed > 0).count(), self.team_rate())
    }

    fn caption(&self) -> String {
        FUNNEL_CAPTION.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let c = strategy_color(0);
        let keys = vec![
            Key { color: c, label: "a rep".into(), swatch: Swatch::Fill },
            Key { color: INK, label: "team's win rate".into(), swatch: Swatch::Line },
            Key { color: MUTED, label: "95% limits".into(), swatch: Swatch::Line },
            Key { color: lighten(MUTED, 0.4), label: "99.8% limits".into(), swatch: Swatch::Line },
        ];
        let f = Frame { title: self.title(), subtitle: FUNNEL_SUBTITLE.into(), keys, footer: footer(self.r) };
        let area = frame::draw(root, t, &f)?;
        let reps: Vec<(f64, f64)> =
            self.r.reps.iter().filter(|r| r.closed > 0).map(|r| (r.closed as f64, r.won as f64 / r.closed as f64)).collect();
        if reps.is_empty() {
            return no_data(&area, t, "no rep has closed an opportunity");
        }
        let p = self.team_rate();
        let n_max = nice_ceiling(reps.iter().map(|r| r.0).fold(1.0, f64::max) * 1.05);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(16.0))
            .build_cartesian_2d(0.0..n_max, 0.0..1.0)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|v| crate::report::format::grouped(*v))
            .y_label_formatter(&|v| pct0(*v))
            .x_desc("closed opportunities of the rep")
            .y_desc("rep's win rate (won of closed)")
            .draw()?;
        let mut grid: Vec<u64> = (1..=200).map(|i| ((n_max * f64::from(i) / 200.0).round() as u64).max(2)).collect();
        grid.dedup();
        for (alpha, style) in [(0.002, t.stroke(lighten(MUTED, 0.4), 1.5)), (0.05, t.stroke(MUTED, 1.5))] {
            let lo: Vec<(f64, f64)> = grid.iter().map(|&n| (n as f64, smooth_limits(n, p, alpha).0)).collect();
            let hi: Vec<(f64, f64)> = grid.iter().map(|&n| (n as f64, smooth_limits(n, p, alpha).1)).collect();
            chart.draw_series([PathElement::new(lo, style), PathElement::new(hi, style)])?;
        }
        chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, p), (n_max, p)], t.stroke(INK, 2.0))))?;
        chart.draw_series(reps.iter().map(|&q| Circle::new(q, t.upx(5.0), c.mix(0.75).filled())))?;
        Ok(())
    }
}
