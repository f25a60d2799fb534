//! The charts of a backtest, drawn from backtest.json's content: a QQ chart
//! of won value per rep-quarter with the band a history of this size
//! stays in, and the overlaid histograms.

mod histogram;
mod qq;

use super::{ChartError, Charts, Files};
use crate::calibrate::backtest::{Backtest, Measure};

/// Every chart of a backtest, as (file name, bytes).
pub fn backtest_charts(b: &Backtest) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    if let Some(c) = b.get(Measure::WonValue) {
        charts.add(qq::Qq { b, c });
        charts.add(histogram::Overlaid { b, c });
    }
    charts.draw()
}

#[cfg(test)]
mod tests;
