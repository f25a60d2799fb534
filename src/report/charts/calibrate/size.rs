//! Won deal sizes: the history's cumulative distribution against the
//! fitted lognormal's, on a logarithmic size axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::log10_ticks;
use crate::calibrate::report::Report;
use crate::numeric::special::standard_normal_cdf;
use crate::report::charts::axes::{PLOT_TOP, TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, base_mesh};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::width;
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::marks::card;
use crate::report::charts::style::{INK, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::pct0;
use crate::report::words::calibrate::{SIZE_CAPTION, SIZE_SUBTITLE, footer, gof_words, size_title};

pub struct SizeFit<'a> {
    pub r: &'a Report,
}

impl Chart for SizeFit<'_> {
    fn name(&self) -> String {
        "deal_size_fit".into()
    }

    fn title(&self) -> String {
        size_title(self.r)
    }

    fn caption(&self) -> String {
        SIZE_CAPTION.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let d = &self.r.figures.deal_size;
        let keys = vec![
            Key { color: INK, label: "history (won deals)".into(), swatch: Swatch::Line },
            Key { color: strategy_color(0), label: "fitted lognormal".into(), swatch: Swatch::Line },
        ];
        let f = Frame { title: self.title(), subtitle: SIZE_SUBTITLE.into(), keys, footer: footer(self.r) };
        let area = frame::draw(root, t, &f)?;
        let pts: Vec<(f64, f64)> = d.empirical_cdf.iter().filter(|p| p[0] > 0.0).map(|p| (p[0].log10(), p[1])).collect();
        let (lo, hi) = pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, p| (a.0.min(p.0), a.1.max(p.0)));
        let (lo, hi) = if lo.is_finite() && hi > lo { (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)) } else { (0.0, 6.0) };
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(16.0))
            .build_cartesian_2d(lo..hi, 0.0..1.0)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|v| log10_ticks(*v))
            .y_label_formatter(&|v| pct0(*v))
            .x_desc(format!("won deal size ({}, logarithmic)", self.r.currency))
            .y_desc("share of won deals at or below")
            .draw()?;
        let (mu, sigma) = (d.median.value.ln(), d.sigma.value);
        let fitted: Vec<(f64, f64)> = (0..=200)
            .map(|i| lo + (hi - lo) * f64::from(i) / 200.0)
            .map(|x| (x, standard_normal_cdf((x * std::f64::consts::LN_10 - mu) / sigma)))
            .collect();
        chart.draw_series(std::iter::once(PathElement::new(fitted, t.stroke(strategy_color(0), 3.0))))?;
        chart.draw_series(std::iter::once(PathElement::new(pts, t.stroke(INK, 2.0))))?;
        // The test's verdict in the lower right corner.
        let text = gof_words(&d.gof);
        let style = t.text(TICK_SIZE, INK).pos(Pos::new(HPos::Right, VPos::Bottom));
        let (x1, y1) = chart.backend_coord(&(hi, 0.0));
        let w = width(root, &text, &style) as i32;
        let (x, y) = (x1 - t.px(10.0), y1 - t.px(10.0));
        card(root, t, x - w, y - t.px(TICK_SIZE), x, y)?;
        root.draw_text(&text, &style, (x, y))?;
        Ok(())
    }
}
