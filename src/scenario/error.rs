//! Scenario errors, rendered as `file:line:column: key.path: message`.

use std::fmt;

/// One problem with a scenario, located as precisely as the input allows.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// File path, `<built-in default>` or `--set`.
    pub origin: String,
    /// 1-based line and column, when the problem has a place in a file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Dotted key path such as `strategy.targeted.win_rate`; empty for the whole file.
    pub key_path: String,
    pub message: String,
    pub help: Option<String>,
}

impl ScenarioError {
    pub fn at(origin: &str, text: &str, offset: usize, key_path: impl Into<String>, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        ScenarioError {
            origin: origin.to_string(),
            line: Some(line),
            column: Some(column),
            key_path: key_path.into(),
            message: message.into(),
            help: None,
        }
    }

    /// An error at a place already known by line and column.
    pub fn located(origin: &str, loc: super::Loc, key_path: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            origin: origin.to_string(),
            line: Some(loc.line),
            column: Some(loc.column),
            key_path: key_path.into(),
            message: message.into(),
            help: None,
        }
    }

    pub fn whole_file(origin: &str, message: impl Into<String>) -> Self {
        ScenarioError {
            origin: origin.to_string(),
            line: Some(1),
            column: Some(1),
            key_path: String::new(),
            message: message.into(),
            help: None,
        }
    }

    pub fn io(origin: &str, e: &std::io::Error) -> Self {
        ScenarioError {
            origin: origin.to_string(),
            line: None,
            column: None,
            key_path: String::new(),
            message: format!("cannot read the scenario: {e}"),
            help: None,
        }
    }

    /// An error in a command-line override, which has no line.
    pub fn flag(flag: &str, key_path: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError { origin: flag.to_string(), line: None, column: None, key_path: key_path.into(), message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": ")?;
        if !self.key_path.is_empty() {
            write!(f, "`{}`: ", self.key_path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// All problems found in one scenario (validation does not stop at the first).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl ScenarioErrors {
    pub fn single(e: ScenarioError) -> Self {
        ScenarioErrors(vec![e])
    }
}

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines() {
        let t = "a = 1\nbb = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 11), (2, 6));
        assert_eq!(line_col(t, 999), (3, 1));
    }
}
