//! `quotasim report`: re-render charts and report.html from a run's
//! summary.json, without simulating again. Rendering is a pure function of
//! the summary, so the files come out byte for byte as `run` wrote them.

use std::path::Path;

use super::{CommandError, ReportOptions};
use crate::output;
use crate::report::json::parse_summary;

pub fn report(opts: &ReportOptions) -> Result<(), CommandError> {
    let dir = &opts.dir;
    if !dir.is_dir() {
        return Err(CommandError::usage(format!(
            "output folder {} does not exist (give the folder a `quotasim run --out` wrote)",
            dir.display()
        )));
    }
    let path = dir.join("summary.json");
    let summary = read_summary(&path)?;
    let files = super::run::presentation(&summary)?;
    let written = output::write_all(dir, &files).map_err(|e| CommandError::output("cannot write outputs", e))?;
    for p in &written {
        println!("wrote {}", p.display());
    }
    Ok(())
}

fn read_summary(path: &Path) -> Result<crate::stats::Summary, CommandError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CommandError::usage(format!("{} not found: run `quotasim run --out DIR` first", path.display())));
        }
        Err(e) => return Err(CommandError::usage(format!("cannot read {}: {e}", path.display()))),
    };
    parse_summary(&bytes).map_err(|e| CommandError::usage(format!("{} is not a quotasim summary: {e}", path.display())))
}
