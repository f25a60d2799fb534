//! `quotasim merge`: its arguments, and the replay of the partials' command.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, CommandFactory, FromArgMatches};

use super::args::{Cli, Command};
use crate::commands::merge::{MergeOptions, assemble};
use crate::commands::shard::Replay;
use crate::commands::{self, CommandError};

pub const MERGE_HELP: &str = "\
Split a job across processes or machines, then merge:
  quotasim sweep s.toml --param policy.coverage_target --range 1:8:0.5 --shard 0/4 --out parts
  ... (shards 1/4, 2/4 and 3/4, anywhere, in any order)
  quotasim merge parts/shard-*-of-4.partial --out results
The merge checks that the partials are one job's, every shard once, and
writes byte for byte the files the command would have written in one process.
Recipes for Slurm, Kubernetes and GNU parallel are in deploy/.";

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The partials of every shard of the job, in any order.
    #[arg(required = true, value_name = "PARTIAL")]
    pub partials: Vec<PathBuf>,
    /// Output folder (default: the command's own default folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads (the merge simulates nothing; charts only).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Do not show progress notes.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Where a command's options come from.
pub(super) enum Origin {
    /// This process's command line (after the program's name).
    Process(Vec<String>),
    /// A merge: the partials' command, with the merge's own folder, threads and quietness.
    Replay { replay: Arc<Replay>, out: Option<PathBuf>, threads: Option<usize>, quiet: bool },
}

/// Check the partials and run their command on them.
pub(super) fn merge(args: MergeArgs, origin: &Origin) -> Result<(), CommandError> {
    if matches!(origin, Origin::Replay { .. }) {
        return Err(CommandError::usage("a partial's command cannot be a merge"));
    }
    let opts = MergeOptions { partials: args.partials, out: args.out, threads: args.threads.map(|t| t as usize), quiet: args.quiet };
    let replay = assemble(&opts)?;
    let argv = std::iter::once("quotasim".to_string()).chain(replay.header.args.iter().cloned());
    let unreadable = |e: clap::Error| CommandError::usage(format!("cannot merge: the partials' command line cannot be read: {e}"));
    let matches = Cli::command().try_get_matches_from(argv).map_err(unreadable)?;
    let cli = Cli::from_arg_matches(&matches).map_err(unreadable)?;
    if matches!(cli.command, Command::Merge(_)) {
        return Err(CommandError::usage("a partial's command cannot be a merge"));
    }
    let origin = Origin::Replay { replay: Arc::new(replay), out: opts.out, threads: opts.threads, quiet: opts.quiet };
    super::dispatch(cli, &matches, &origin)
}

/// A simulating command's options with their job's description, and for a
/// merge the shards' statistics in place of the simulation.
pub(super) fn described<O: commands::shard::Splittable>(mut o: O, command: &str, origin: &Origin) -> O {
    let options = o.job_options();
    let sim = o.sim_mut();
    let args = match origin {
        Origin::Process(args) => args.clone(),
        Origin::Replay { replay, out, threads, quiet } => {
            sim.split = commands::shard::Split::Replay(replay.clone());
            sim.out = out.clone();
            sim.threads = *threads;
            sim.quiet = *quiet;
            replay.header.args.clone()
        }
    };
    sim.job = commands::shard::JobDescription { command: command.to_string(), args, options };
    o
}
