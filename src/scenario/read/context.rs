//! The reading context: the file's label and text, and every problem found
//! so far, each located by line, column and key path.

use super::values::ValueError;
use crate::scenario::Loc;
use crate::scenario::error::{ScenarioError, line_col};
use crate::scenario::registry as params;

/// The parse context: file label and text, and the errors found so far.
pub(super) struct Ctx<'a> {
    pub(super) label: &'a str,
    pub(super) text: &'a str,
    pub(super) errors: Vec<ScenarioError>,
}

impl Ctx<'_> {
    pub(super) fn loc(&self, offset: usize) -> Loc {
        let (line, column) = line_col(self.text, offset);
        Loc { line, column }
    }
    pub(super) fn err(&mut self, offset: usize, path: &str, msg: impl Into<String>) {
        let e = ScenarioError::at(self.label, self.text, offset, path, msg);
        self.errors.push(e);
    }
    pub(super) fn err_help(&mut self, offset: usize, path: &str, msg: impl Into<String>, help: Option<String>) {
        let mut e = ScenarioError::at(self.label, self.text, offset, path, msg);
        e.help = help;
        self.errors.push(e);
    }
    pub(super) fn value_err(&mut self, path: &str, e: ValueError) {
        self.err_help(e.offset, path, e.message, e.help);
    }
    pub(super) fn unknown_key(&mut self, offset: usize, path: &str, key: &str, valid: Vec<&str>, extra: Option<String>) {
        let help = match (params::nearest(key, valid.iter().copied()), extra) {
            (_, Some(x)) => Some(x),
            (Some(n), None) => Some(format!("did you mean `{n}`?")),
            (None, None) => Some(format!("valid keys here: {}", valid.join(", "))),
        };
        self.err_help(offset, path, format!("unknown key `{key}`"), help);
    }
}

/// The byte offset of a line and column of `text`.
pub(super) fn offset_of(text: &str, loc: Loc) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == loc.line {
            return offset + line.char_indices().nth(loc.column - 1).map_or(0, |(b, _)| b);
        }
        offset += line.len();
    }
    offset
}
