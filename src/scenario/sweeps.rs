//! Sweep declarations: `[[sweep]]` tables in a scenario file, and the value
//! grammar shared with the command line (`--values 2,3,4`, `--range 1:8:0.5`).
//!
//! ```toml
//! [[sweep]]
//! name = "coverage"                  # names the output folder: sweep-coverage/
//! param = "policy.coverage_target"   # any numeric parameter path
//! range = "1:8:0.5"                  # start:end:step, end included; or values = [2, 3, 4]
//! param2 = "selling.win_rate"        # optional second axis: a 2-D grid
//! values2 = [0.2, 0.25, 0.3]
//! ```

use super::Loc;
use super::written::{Written, read_written};

/// One value of a `--values` list: a number, `35%` or `250k` (commas
/// separate the values, so thousands are written `250k` or `250000`).
fn list_value(t: &str) -> Result<f64, ValueSpecError> {
    let x: f64 = match t.parse::<f64>() {
        Ok(x) => x,
        Err(_) => read_written(t, Written::Any)
            .map_err(|_| ValueSpecError(format!("`{t}` is not a number (write e.g. `2,3,4`, `20%,30%` or `250k,300k`)")))?,
    };
    if x.is_finite() { Ok(x) } else { Err(ValueSpecError(format!("`{t}` is not a finite number"))) }
}

/// Largest number of values one axis may have (a typo such as `1:1000:0.001`
/// should fail fast, not queue a million runs).
pub const MAX_AXIS_VALUES: usize = 500;

/// A list or range of values that cannot be used, with why.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ValueSpecError(pub String);

/// The values of one sweep axis, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueSpec {
    List(Vec<f64>),
    /// `start:end:step`, end included when it lies on the grid.
    Range {
        start: f64,
        end: f64,
        step: f64,
    },
}

impl ValueSpec {
    /// Parse `a,b,c`.
    pub fn parse_list(text: &str) -> Result<ValueSpec, ValueSpecError> {
        let mut out = Vec::new();
        for part in text.split(',') {
            let t = part.trim();
            if t.is_empty() {
                return Err(ValueSpecError(format!("`{text}`: empty value in the list (write e.g. `2,3,4`)")));
            }
            out.push(list_value(t)?);
        }
        ValueSpec::List(out).checked()
    }

    /// Parse `start:end:step`.
    pub fn parse_range(text: &str) -> Result<ValueSpec, ValueSpecError> {
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let hint = "expected start:end:step, e.g. `1:8:0.5`";
        if parts.len() != 3 {
            return Err(ValueSpecError(format!("`{text}`: {hint}")));
        }
        let num = |t: &str| -> Result<f64, ValueSpecError> { list_value(t).map_err(|e| ValueSpecError(format!("`{text}`: {e} ({hint})"))) };
        ValueSpec::Range { start: num(parts[0])?, end: num(parts[1])?, step: num(parts[2])? }.checked()
    }

    fn checked(self) -> Result<ValueSpec, ValueSpecError> {
        self.values().map(|_| self)
    }

    /// The values in order. A range's end is included when it is on the grid
    /// (within a millionth of a step, so `0.1:0.3:0.1` gives three values);
    /// values are rounded to 12 significant digits so `0.30000000000000004`
    /// prints and compares as `0.3`.
    pub fn values(&self) -> Result<Vec<f64>, ValueSpecError> {
        let out = match *self {
            ValueSpec::List(ref v) => {
                if v.is_empty() {
                    return Err(ValueSpecError("no values given".into()));
                }
                for (i, x) in v.iter().enumerate() {
                    if v[..i].contains(x) {
                        return Err(ValueSpecError(format!("{x} is listed twice")));
                    }
                }
                v.clone()
            }
            ValueSpec::Range { start, end, step } => {
                if step <= 0.0 {
                    return Err(ValueSpecError(format!("the step must be positive, got {step} (write start:end:step with start <= end)")));
                }
                if end < start {
                    return Err(ValueSpecError(format!(
                        "the end {end} is below the start {start} (write start:end:step with start <= end)"
                    )));
                }
                let n = ((end - start) / step + 1e-6).floor();
                if n + 1.0 > MAX_AXIS_VALUES as f64 {
                    return Err(ValueSpecError(format!(
                        "{start}:{end}:{step} gives {} values; at most {MAX_AXIS_VALUES} per axis",
                        n + 1.0
                    )));
                }
                (0..=n as usize).map(|i| round12(start + i as f64 * step)).collect()
            }
        };
        if out.len() > MAX_AXIS_VALUES {
            return Err(ValueSpecError(format!("{} values; at most {MAX_AXIS_VALUES} per axis", out.len())));
        }
        Ok(out)
    }
}

/// Round to 12 significant digits (removes float noise from ranges).
fn round12(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 11 - x.abs().log10().floor() as i32;
    let f = 10f64.powi(digits.clamp(-300, 300));
    (x * f).round() / f
}

/// One axis of a declared sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisDecl {
    pub param: String,
    pub spec: ValueSpec,
    pub loc: Option<Loc>,
}

/// One `[[sweep]]` table.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepDecl {
    pub name: String,
    /// One axis (1-D) or two (2-D grid, first axis outer).
    pub axes: Vec<AxisDecl>,
    pub loc: Option<Loc>,
}

/// Keys a `[[sweep]]` table accepts.
pub const SWEEP_KEYS: [&str; 7] = ["name", "param", "values", "range", "param2", "values2", "range2"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_include_their_end() {
        assert_eq!(ValueSpec::parse_range("1:8:0.5").unwrap().values().unwrap().len(), 15);
        assert_eq!(ValueSpec::parse_range("0.1:0.3:0.1").unwrap().values().unwrap(), vec![0.1, 0.2, 0.3]);
        assert_eq!(ValueSpec::parse_range("2:2:1").unwrap().values().unwrap(), vec![2.0]);
        assert_eq!(ValueSpec::parse_range("1:2:0.3").unwrap().values().unwrap(), vec![1.0, 1.3, 1.6, 1.9]);
    }

    #[test]
    fn malformed_input_is_rejected() {
        for bad in ["1:8", "1:8:0", "8:1:1", "a:2:1", "1:2:-1", "1:8:0.5:1", "1:nan:1", "0:1e9:1"] {
            assert!(ValueSpec::parse_range(bad).is_err(), "{bad}");
        }
        for bad in ["", "1,,2", "1,x", "2,2", "inf"] {
            assert!(ValueSpec::parse_list(bad).is_err(), "{bad}");
        }
        assert_eq!(ValueSpec::parse_list(" 3, 1 ,2").unwrap().values().unwrap(), vec![3.0, 1.0, 2.0]);
        assert_eq!(ValueSpec::parse_list("20%,35%,1e3").unwrap().values().unwrap(), vec![0.2, 0.35, 1000.0]);
        assert_eq!(ValueSpec::parse_list("$250k,1.2M").unwrap().values().unwrap(), vec![250_000.0, 1_200_000.0]);
        assert_eq!(ValueSpec::parse_range("20%:30%:5%").unwrap().values().unwrap(), vec![0.2, 0.25, 0.3]);
        assert_eq!(ValueSpec::parse_range("50k:100k:25k").unwrap().values().unwrap(), vec![50_000.0, 75_000.0, 100_000.0]);
    }
}
