//! Won value per rep-quarter, actual against simulated quantile by
//! quantile, with the 95% band a history of this size stays in under the
//! baseline and the diagonal where they agree.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::calibrate::backtest::{Backtest, Comparison};
use crate::report::charts::axes::{PLOT_TOP, X_LABEL_AREA, base_mesh, nice_ceiling};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::marks::{dashed, no_data};
use crate::report::charts::style::{MUTED, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::grouped;
use crate::report::words::backtest::{QQ_CAPTION, QQ_SUBTITLE, footer, qq_title};

pub struct Qq<'a> {
    pub b: &'a Backtest,
    pub c: &'a Comparison,
}

/// Opacity of the band.
const BAND_OPACITY: f64 = 0.22;
/// Extra room for the wider Y axis labels (money), at 1x.
const MONEY_LABELS: f64 = 86.0;

impl Chart for Qq<'_> {
    fn name(&self) -> String {
        "backtest_qq".into()
    }

    fn title(&self) -> String {
        qq_title(self.c)
    }

    fn caption(&self) -> String {
        QQ_CAPTION.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let col = strategy_color(0);
        let keys = vec![
            Key { color: col, label: "quantiles of the history".into(), swatch: Swatch::Fill },
            Key { color: lighten(col, 1.0 - BAND_OPACITY), label: "95% of simulated histories of this size".into(), swatch: Swatch::Fill },
            Key { color: MUTED, label: "equal (diagonal)".into(), swatch: Swatch::Dashed },
        ];
        let f = Frame { title: self.title(), subtitle: QQ_SUBTITLE.into(), keys, footer: footer(self.b) };
        let area = frame::draw(root, t, &f)?;
        let pts: Vec<_> = self.c.qq.iter().filter(|q| q.history.is_finite() && q.simulated.is_finite()).collect();
        if pts.is_empty() {
            return no_data(&area, t, "no rep-quarter to compare");
        }
        let top =
            nice_ceiling(pts.iter().flat_map(|q| [q.history, q.simulated, q.hi]).filter(|v| v.is_finite()).fold(1.0, f64::max) * 1.04);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(MONEY_LABELS))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(24.0))
            .build_cartesian_2d(0.0..top, 0.0..top)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(7)
            .y_labels(7)
            .x_label_formatter(&|v| grouped(*v))
            .y_label_formatter(&|v| grouped(*v))
            .x_desc(format!("simulated won value per rep-quarter ({})", self.b.currency))
            .y_desc(format!("actual ({})", self.b.currency))
            .draw()?;
        let band: Vec<(f64, f64)> =
            pts.iter().map(|q| (q.simulated, q.lo.max(0.0))).chain(pts.iter().rev().map(|q| (q.simulated, q.hi.min(top)))).collect();
        chart.draw_series(std::iter::once(Polygon::new(band, col.mix(BAND_OPACITY).filled())))?;
        let (a, b) = (chart.backend_coord(&(0.0, 0.0)), chart.backend_coord(&(top, top)));
        dashed(root, a, b, t.stroke(MUTED, 1.5), t.scale * 7.0, t.scale * 5.0)?;
        chart.draw_series(pts.iter().map(|q| Circle::new((q.simulated, q.history), t.upx(4.5), col.filled())))?;
        Ok(())
    }
}
