//! A simulating command split across processes. With `--shard K/N` the
//! command runs as usual up to its simulation, simulates only its share,
//! writes its partial and stops; `quotasim merge` runs the same command
//! again with every shard's statistics in place of the simulation, so it
//! writes exactly the files one process would have written.

use std::path::PathBuf;
use std::sync::Arc;

use super::CommandError;
use super::outdir::default_home;
use crate::engine::share::{Book, ShardSpec};
use crate::output;
use crate::report::format::grouped;
use crate::scenario::Scenario;
use crate::shard::{self, Header, Partial, Work};

/// Whether a simulating command runs whole, as one shard, or as a merge.
#[derive(Clone, Debug, Default)]
pub enum Split {
    #[default]
    Whole,
    /// `--shard K/N`.
    Shard(ShardSpec),
    /// `quotasim merge`: the shards' statistics replace the simulation.
    Replay(Arc<Replay>),
}

/// What a merge replays: the shards' job and every block they simulated.
pub struct Replay {
    pub header: Header,
    pub scenario_text: Option<String>,
    pub book: Book,
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Replay({})", self.header.job)
    }
}

/// The command a process runs, as its partial names it.
#[derive(Clone, Debug, Default)]
pub struct JobDescription {
    pub command: String,
    /// The command line after the program's name.
    pub args: Vec<String>,
    /// The command's options as they decide its numbers (per-process
    /// settings such as threads and the output folder left out).
    pub options: String,
}

/// A command's options that can be split: the shared simulation options
/// inside them, and their description for the job's fingerprint.
pub trait Splittable: Clone + std::fmt::Debug {
    fn sim_mut(&mut self) -> &mut super::SimOptions;

    /// These options with the per-process settings cleared, written out.
    fn job_options(&self) -> String {
        let mut canonical = self.clone();
        canonical.sim_mut().clear_per_process();
        format!("{canonical:?}")
    }
}

/// What a shard writes once it has simulated its share.
pub(super) struct ShardOutput<'a> {
    pub spec: ShardSpec,
    pub job: &'a JobDescription,
    pub scenario: &'a Scenario,
    pub scenario_text: Option<String>,
    pub out: Option<PathBuf>,
    pub book: &'a Book,
}

impl ShardOutput<'_> {
    /// Write the partial and say where: the error that ends the shard's command.
    pub fn write(self) -> CommandError {
        match self.try_write() {
            Ok(message) => CommandError::PartialWritten(message),
            Err(e) => e,
        }
    }

    fn try_write(self) -> Result<String, CommandError> {
        let layouts = self.book.layouts();
        let held = self.spec.held(&layouts);
        let work: Vec<Work> = layouts.into_iter().zip(held).map(|(layout, held)| Work { layout, held }).collect();
        let s = self.scenario;
        let header = Header {
            format: shard::FORMAT,
            program: shard::program(),
            command: self.job.command.clone(),
            args: self.job.args.clone(),
            job: shard::job_id(&self.job.command, &self.job.options, &s.sha256),
            scenario: output::ScenarioRef { name: s.name.clone(), sha256: s.sha256.clone(), source: s.source_label.clone() },
            seed: s.seed(),
            trials: s.trials(),
            overrides: s.overrides.clone(),
            shard: self.spec,
            work,
        };
        let summary = describe_share(&header);
        let partial = Partial { header, scenario_text: self.scenario_text, pieces: self.book.take_pieces() };
        let bytes = shard::encode(&partial);
        let dir = self.out.unwrap_or_else(|| default_home(s, "shards"));
        super::outdir::prepare_dir(&dir)?;
        let path = dir.join(shard::file_name(self.spec));
        output::write_atomic(&path, &bytes).map_err(|e| CommandError::output(format!("cannot write {}", path.display()), e))?;
        let pattern = dir.join(format!("shard-*-of-{}.partial", self.spec.count));
        Ok(format!(
            "wrote {} ({} bytes): {summary}\nmerge the {} shards with: quotasim merge {}",
            path.display(),
            grouped(bytes.len() as f64),
            self.spec.count,
            pattern.display()
        ))
    }
}

/// "shard 3 of 7 (numbered from 0), 9 of 64 blocks of 1 simulation(s)", in words.
fn describe_share(h: &Header) -> String {
    let split: Vec<&Work> = h.work.iter().filter(|w| !w.layout.whole).collect();
    let held: usize = split.iter().map(|w| w.held.len()).sum();
    let all: u64 = split.iter().map(|w| w.layout.blocks).sum();
    let whole = h.work.len() - split.len();
    let whole_note = if whole > 0 { format!(", plus {whole} simulation(s) every shard runs in full") } else { String::new() };
    format!(
        "shard {} of {} (numbered from 0), {held} of {all} blocks of {} simulation(s){whole_note}",
        h.shard.index,
        h.shard.count,
        split.len()
    )
}

macro_rules! splittable {
    ($($t:ty),*) => {$(
        impl Splittable for $t {
            fn sim_mut(&mut self) -> &mut super::SimOptions {
                &mut self.sim
            }
        }
    )*};
}
splittable!(
    super::RunOptions,
    super::sweep::SweepOptions,
    super::tornado::TornadoOptions,
    super::plan_coverage::PlanOptions,
    super::sensitivity::SensitivityOptions,
    super::solve::SolveOptions,
    super::backtest::BacktestOptions
);
