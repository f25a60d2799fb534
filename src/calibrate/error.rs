//! What can go wrong reading a CRM history or the flags that steer it.
//! Every problem with the file is located (`file:line: message`) where it has
//! a place; all of them are the user's input (exit code 2).

/// A history that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HistoryError {
    #[error("{file}: cannot read the history: {message}")]
    Io { file: String, message: String },
    #[error("{file}: not a CSV file: {why}")]
    NotCsv { file: String, why: String },
    /// A problem at a line of the file (the header, a column, a date).
    #[error("{file}:{line}: {message}{}", help_line(.help))]
    At { file: String, line: u64, message: String, help: Option<String> },
    /// Every row was skipped (or too little is left to fit anything).
    #[error("{file}: nothing usable: {why}{}", skipped_lines(.skipped))]
    NothingUsable { file: String, why: String, skipped: Vec<String> },
}

fn help_line(help: &Option<String>) -> String {
    help.as_ref().map_or(String::new(), |h| format!("\n  help: {h}"))
}

fn skipped_lines(skipped: &[String]) -> String {
    skipped.iter().map(|s| format!("\n  {s}")).collect()
}

impl HistoryError {
    pub fn at(file: &str, line: u64, message: impl Into<String>) -> HistoryError {
        HistoryError::At { file: file.to_string(), line, message: message.into(), help: None }
    }

    pub fn with_help(self, text: impl Into<String>) -> HistoryError {
        match self {
            HistoryError::At { file, line, message, .. } => HistoryError::At { file, line, message, help: Some(text.into()) },
            other => other,
        }
    }
}

/// A flag of `calibrate` or `backtest` that cannot be used (`--columns`,
/// `--won`, `--date-format`, `--as-of`, ...).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{flag} {value}: {message}")]
pub struct FlagError {
    pub flag: &'static str,
    pub value: String,
    pub message: String,
}

impl FlagError {
    pub fn new(flag: &'static str, value: impl Into<String>, message: impl Into<String>) -> FlagError {
        FlagError { flag, value: value.into(), message: message.into() }
    }
}

/// A calibration or backtest that cannot be carried out.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// Not with this history and template (the user's input: exit code 2).
    #[error("{0}")]
    Input(String),
    /// The simulation stopped (Ctrl-C, or a failure of its own).
    #[error(transparent)]
    Engine(#[from] crate::engine::EngineError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_errors_read_file_line_message() {
        let e = HistoryError::at("crm.csv", 17, "date \"03/04/2024\" is ambiguous").with_help("pass --date-format mdy");
        assert_eq!(e.to_string(), "crm.csv:17: date \"03/04/2024\" is ambiguous\n  help: pass --date-format mdy");
        let e = HistoryError::NothingUsable { file: "x.csv".into(), why: "every row was skipped".into(), skipped: vec!["a".into()] };
        assert_eq!(e.to_string(), "x.csv: nothing usable: every row was skipped\n  a");
    }
}
