//! `quotasim report`: re-render charts and report.html from a run's summary.json.

use super::{CommandError, ReportOptions};

pub fn report(_opts: &ReportOptions) -> Result<(), CommandError> {
    Err(CommandError::Failure("not implemented yet".into()))
}
