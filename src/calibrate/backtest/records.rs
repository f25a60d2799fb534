//! The simulated rep-quarters a backtest compares, collected from the
//! engine's `--records` rows as they stream (one per trial, rep and
//! quarter), by column name, so columns added to the records later do not
//! disturb it.

use std::io::{self, Write};

use crate::stats::metrics::records_header;

/// What a backtest compares, per rep-quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    WonValue,
    DealsWon,
    Created,
    WinRate,
}

impl Measure {
    pub const ALL: [Measure; 4] = [Measure::WonValue, Measure::DealsWon, Measure::Created, Measure::WinRate];

    pub fn key(self) -> &'static str {
        match self {
            Measure::WonValue => "won_value",
            Measure::DealsWon => "deals_won",
            Measure::Created => "opportunities_created",
            Measure::WinRate => "win_rate",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One rep-quarter's figures, by [`Measure`]; the win rate is NaN when
/// nothing closed.
pub type Row = [f64; 4];

/// Won of closed, NaN when nothing closed.
pub fn win_rate(won: f64, closed: f64) -> f64 {
    if closed > 0.0 { won / closed } else { f64::NAN }
}

/// Collects rows per trial from the records stream.
pub struct RecordSink {
    /// Column positions of trial, won_value, won, lost, phantoms_closed, first_meetings.
    cols: [usize; 6],
    partial: Vec<u8>,
    /// Rows per trial, in trial order.
    pub trials: Vec<Vec<Row>>,
    last_trial: Option<u64>,
}

impl RecordSink {
    pub fn new() -> RecordSink {
        let header = records_header();
        let names: Vec<&str> = header.trim_end().split(',').collect();
        let at = |n: &str| names.iter().position(|c| *c == n).unwrap_or(usize::MAX);
        RecordSink {
            cols: [at("trial"), at("won_value"), at("won"), at("lost"), at("phantoms_closed"), at("first_meetings")],
            partial: Vec::new(),
            trials: Vec::new(),
            last_trial: None,
        }
    }

    fn line(&mut self, line: &[u8]) -> io::Result<()> {
        let mut v = [f64::NAN; 6];
        for (index, field) in fields(line).enumerate() {
            if let Some(k) = self.cols.iter().position(|&c| c == index) {
                v[k] = std::str::from_utf8(field).ok().and_then(|t| t.parse().ok()).unwrap_or(f64::NAN);
            }
        }
        if v.iter().any(|x| x.is_nan()) {
            return Err(io::Error::other(format!("unreadable record: {}", String::from_utf8_lossy(line))));
        }
        let [trial, value, won, lost, phantoms, created] = v;
        let trial = trial as u64;
        if self.last_trial != Some(trial) {
            self.trials.push(Vec::new());
            self.last_trial = Some(trial);
        }
        if let Some(t) = self.trials.last_mut() {
            t.push([value, won, created, win_rate(won, won + lost + phantoms)]);
        }
        Ok(())
    }
}

impl Default for RecordSink {
    fn default() -> Self {
        RecordSink::new()
    }
}

impl Write for RecordSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            if b == b'\n' {
                if self.partial.is_empty() {
                    self.line(&buf[start..i])?;
                } else {
                    self.partial.extend_from_slice(&buf[start..i]);
                    let line = std::mem::take(&mut self.partial);
                    self.line(&line)?;
                }
                start = i + 1;
            }
        }
        self.partial.extend_from_slice(&buf[start..]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The fields of one CSV line as byte slices: commas split them, double
/// quotes group (a quoted field keeps its quotes; only the strategy name is
/// quoted, and it is not read).
fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut quoted = false;
        let mut i = start;
        while i < line.len() && (quoted || line[i] != b',') {
            if line[i] == b'"' {
                quoted = !quoted;
            }
            i += 1;
        }
        let field = &line[start..i];
        if i >= line.len() {
            done = true;
        }
        start = i + 1;
        Some(field)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::RepQuarter;
    use crate::stats::metrics::{Metric, write_record};

    #[test]
    fn rows_are_collected_per_trial_in_any_chunking() {
        let mut bytes = Vec::new();
        let mut r = RepQuarter::default();
        r[Metric::WonValue] = 1500.0;
        r[Metric::Won] = 2.0;
        r[Metric::Lost] = 3.0;
        r[Metric::PhantomsClosed] = 3.0;
        r[Metric::FirstMeetings] = 9.0;
        write_record(&mut bytes, 0, 0, 0, "a, \"b\"", 0, &r);
        write_record(&mut bytes, 0, 1, 0, "a, \"b\"", 0, &RepQuarter::default());
        write_record(&mut bytes, 1, 0, 0, "a, \"b\"", 0, &r);
        let mut sink = RecordSink::new();
        // Written in awkward pieces, as a buffered writer may.
        for piece in bytes.chunks(7) {
            sink.write_all(piece).unwrap();
        }
        assert_eq!(sink.trials.len(), 2);
        assert_eq!(sink.trials[0][0], [1500.0, 2.0, 9.0, 0.25]);
        assert!(sink.trials[0][1][3].is_nan());
        assert_eq!(sink.trials[1].len(), 1);
    }
}
