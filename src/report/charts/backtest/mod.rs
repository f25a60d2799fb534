//! The charts of a backtest, drawn from backtest.json's content: a QQ chart
//! of won value per rep-quarter with the band a history of this size
//! stays in, and the overlaid histograms.

mod histogram;
mod qq;

use super::{ChartError, Files, render};
use crate::calibrate::backtest::{Backtest, Measure};

/// Every chart of a backtest, as (file name, bytes).
pub fn backtest_charts(b: &Backtest) -> Result<Files, ChartError> {
    let mut files = Vec::new();
    if let Some(c) = b.get(Measure::WonValue) {
        files.extend(render(&qq::Qq { b, c })?);
        files.extend(render(&histogram::Overlaid { b, c })?);
    }
    Ok(files)
}

#[cfg(test)]
mod tests;
