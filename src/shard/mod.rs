//! Jobs split across machines: a shard's *partial* (its share of the job's
//! statistics, with who the job is) and the checks that make a set of
//! partials one whole job. The engine's side (blocks, shares, the book of
//! pieces) is [`crate::engine::share`]; running a shard and merging are
//! [`crate::commands::shard`] and [`crate::commands::merge`].

pub mod format;
pub mod set;

use serde::{Deserialize, Serialize};

use crate::engine::share::{Layout, Piece, ShardSpec};
use crate::output::ScenarioRef;

pub use format::{CorruptPartial, FORMAT, decode, encode};
pub use set::{Assembled, MergeError, assemble};

/// Who a shard's job is and what the partial holds: the readable first part
/// of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// `quotasim 0.1.0 (x86_64-linux-gnu)`: partials of other programs are refused.
    pub program: String,
    pub command: String,
    /// The shard's command line after the program's name; the merge runs
    /// the same command on the shards' statistics.
    pub args: Vec<String>,
    /// SHA-256 of all that decides the job's numbers (program, command, its
    /// options, the scenario's text): partials merge only with their own job.
    pub job: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    /// Trials per variant, as the scenario and the command line set them.
    pub trials: u64,
    pub overrides: Vec<String>,
    pub shard: ShardSpec,
    /// Every simulation of the job, in order, with the blocks this partial holds.
    pub work: Vec<Work>,
}

/// One simulation of the job and this partial's blocks of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub layout: Layout,
    /// The blocks held here (all of a whole simulation's).
    pub held: Vec<u64>,
}

/// A shard's file: its header, the scenario it simulated and its blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Partial {
    pub header: Header,
    /// The scenario file's text (None: the built-in scenario), so the merge
    /// needs no copy of it.
    pub scenario_text: Option<String>,
    pub pieces: Vec<Piece>,
}

/// The program as partials name it: its version and what it was built for
/// (builds against another C library may round a logarithm differently, so
/// a job's shards and merge must be one build).
pub fn program() -> String {
    let libc = if cfg!(target_env = "musl") { "musl" } else { "gnu" };
    format!("quotasim {} ({}-{}-{libc})", env!("CARGO_PKG_VERSION"), std::env::consts::ARCH, std::env::consts::OS)
}

/// The job's fingerprint: the program, the command, its options as they
/// decide numbers (`options`, written the same way by shard and merge) and
/// the scenario's text.
pub fn job_id(command: &str, options: &str, scenario_sha256: &str) -> String {
    format::sha256(format!("{FORMAT}\n{}\n{command}\n{options}\n{scenario_sha256}", program()).as_bytes())
}

/// The file name of shard `spec`: `shard-3-of-7.partial`.
pub fn file_name(spec: ShardSpec) -> String {
    format!("shard-{}-of-{}.partial", spec.index, spec.count)
}
