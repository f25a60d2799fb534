//! `quotasim merge PARTIAL...`: check that the partials are one job's shards,
//! each once, and hand them to the command they came from (see
//! [`super::shard`]), which then writes its usual files from them.

use std::path::PathBuf;

use super::CommandError;
use super::shard::Replay;
use crate::shard;

#[derive(Clone, Debug, Default)]
pub struct MergeOptions {
    pub partials: Vec<PathBuf>,
    /// Where the job's files go (None: the command's default folder).
    pub out: Option<PathBuf>,
    pub threads: Option<usize>,
    pub quiet: bool,
}

/// Read and check the partials: the job to replay.
pub fn assemble(opts: &MergeOptions) -> Result<Replay, CommandError> {
    let mut files = Vec::with_capacity(opts.partials.len());
    for path in &opts.partials {
        let bytes = std::fs::read(path).map_err(|e| CommandError::usage(format!("{}: cannot read: {e}", path.display())))?;
        files.push((path.clone(), bytes));
    }
    if files.is_empty() {
        return Err(CommandError::usage("merge needs the partials of every shard"));
    }
    let job = shard::assemble(files).map_err(|e| CommandError::usage(e.to_string()))?;
    if !opts.quiet {
        let h = &job.header;
        eprintln!(
            "merging the {} shards of a `{}` of {} (seed {}, job {}…)",
            h.shard.count,
            h.command,
            h.scenario.source,
            h.seed,
            &h.job[..12]
        );
    }
    Ok(Replay { header: job.header, scenario_text: job.scenario_text, book: job.book })
}
