//! Rows a history cannot use, counted by reason with example line numbers.

/// Why a row was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// More or fewer fields than the header (an unquoted comma, a cut line,
    /// a report's footer).
    BrokenRow,
    MissingOwner,
    UnknownStage,
    /// No created date, or a closed deal without a close date.
    MissingDate,
    /// A date that cannot be read (or does not exist, such as 2024-02-30).
    UnreadableDate,
    CloseBeforeCreate,
    /// A won deal whose amount is missing, unreadable, zero or negative.
    BadWonAmount,
    /// An id seen on an earlier usable row.
    DuplicateId,
    /// Created after the `--as-of` date.
    AfterAsOf,
}

impl SkipReason {
    pub const ALL: [SkipReason; 9] = [
        SkipReason::BrokenRow,
        SkipReason::MissingOwner,
        SkipReason::UnknownStage,
        SkipReason::MissingDate,
        SkipReason::UnreadableDate,
        SkipReason::CloseBeforeCreate,
        SkipReason::BadWonAmount,
        SkipReason::DuplicateId,
        SkipReason::AfterAsOf,
    ];

    pub fn words(self) -> &'static str {
        match self {
            SkipReason::BrokenRow => "broken row (wrong number of fields)",
            SkipReason::MissingOwner => "missing owner",
            SkipReason::UnknownStage => "unknown stage",
            SkipReason::MissingDate => "missing date",
            SkipReason::UnreadableDate => "unreadable date",
            SkipReason::CloseBeforeCreate => "close before create",
            SkipReason::BadWonAmount => "missing, zero or negative amount on a won deal",
            SkipReason::DuplicateId => "duplicate id",
            SkipReason::AfterAsOf => "created after --as-of",
        }
    }
}

/// How many examples each reason keeps.
pub const EXAMPLES: usize = 5;

/// Skipped rows of one reason.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub reason: SkipReason,
    pub count: usize,
    /// The first few line numbers (1-based, where the row starts).
    pub lines: Vec<u64>,
    /// A note on what was seen (the unknown stage values, a quote never closed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Skipped {
    /// "unknown stage: 12 rows (lines 5, 9, 31, 40, 41, ...)".
    pub fn describe(&self) -> String {
        let rows = if self.count == 1 { "1 row".to_string() } else { format!("{} rows", self.count) };
        let lines: Vec<String> = self.lines.iter().map(u64::to_string).collect();
        let more = if self.count > self.lines.len() { ", ..." } else { "" };
        let word = if self.lines.len() == 1 { "line" } else { "lines" };
        let note = self.note.as_ref().map_or(String::new(), |n| format!("; {n}"));
        format!("{}: {rows} ({word} {}{more}){note}", self.reason.words(), lines.join(", "))
    }
}

/// The tally kept while reading.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    by: Vec<Skipped>,
}

impl Tally {
    pub fn skip(&mut self, reason: SkipReason, line: u64) {
        let i = match self.by.iter().position(|s| s.reason == reason) {
            Some(i) => i,
            None => {
                self.by.push(Skipped { reason, count: 0, lines: Vec::new(), note: None });
                self.by.len() - 1
            }
        };
        let s = &mut self.by[i];
        s.count += 1;
        if s.lines.len() < EXAMPLES {
            s.lines.push(line);
        }
    }

    pub fn note(&mut self, reason: SkipReason, note: String) {
        if let Some(s) = self.by.iter_mut().find(|s| s.reason == reason) {
            s.note = Some(note);
        }
    }

    pub fn count(&self, reason: SkipReason) -> usize {
        self.by.iter().find(|s| s.reason == reason).map_or(0, |s| s.count)
    }

    /// Every reason seen, in the order of [`SkipReason::ALL`].
    pub fn finish(mut self) -> Vec<Skipped> {
        self.by.sort_by_key(|s| s.reason);
        self.by
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_keep_five_examples() {
        let mut t = Tally::default();
        for line in 2..10 {
            t.skip(SkipReason::UnknownStage, line);
        }
        t.skip(SkipReason::BrokenRow, 40);
        t.note(SkipReason::UnknownStage, "values \"Closed\" (8)".into());
        let s = t.finish();
        assert_eq!(s[0].reason, SkipReason::BrokenRow);
        assert_eq!(s[0].describe(), "broken row (wrong number of fields): 1 row (line 40)");
        assert_eq!(s[1].describe(), "unknown stage: 8 rows (lines 2, 3, 4, 5, 6, ...); values \"Closed\" (8)");
    }
}
