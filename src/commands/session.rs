//! What every simulating command does around its study, in one place: load
//! the scenario (with `--set`, `--trials`, `--seed`), warn about suspicious
//! settings, refuse jobs beyond the size guard, start the worker threads,
//! show progress and stop on Ctrl-C. Its output folders are in [`super::outdir`].

use std::path::PathBuf;

use super::guard;
use super::progress::Progress;
use super::shard::{JobDescription, ShardOutput, Split};
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::engine::{self, Book, EngineError, RunControl, Share};
use crate::scenario::Scenario;

/// Flags every simulating command shares.
#[derive(Clone, Debug, Default)]
pub struct SimOptions {
    pub scenario: ScenarioOptions,
    /// Worker threads (None = one per core); results do not depend on it.
    pub threads: Option<usize>,
    /// Output folder (None = the command's default under `output/`).
    pub out: Option<PathBuf>,
    /// No progress bar.
    pub quiet: bool,
    /// Run even beyond the size guard's limits.
    pub allow_large: bool,
    /// Render charts (and report.html where the command has one).
    pub charts: bool,
    /// Whole, one shard of the job (`--shard`), or a merge of its shards.
    pub split: Split,
    /// The command as a partial names it (set where the command is dispatched).
    pub job: JobDescription,
}

impl SimOptions {
    /// Clear what may differ between the processes of one job (threads,
    /// folders, progress, which shard): the rest decides its numbers.
    pub fn clear_per_process(&mut self) {
        self.threads = None;
        self.out = None;
        self.quiet = false;
        self.split = Split::Whole;
        self.job = JobDescription::default();
        self.scenario.text = None;
    }

    /// Refuse `--shard` for `what`, saying `why` it cannot be split.
    pub fn refuse_shard(&self, what: &str, why: &str) -> Result<(), CommandError> {
        match self.split {
            Split::Shard(_) => Err(CommandError::usage(format!("--shard cannot split {what}: {why}"))),
            _ => Ok(()),
        }
    }
}

/// A loaded scenario with its workers, ready to simulate.
pub struct Session {
    pub scenario: Scenario,
    pool: rayon::ThreadPool,
    threads: usize,
    pub(super) opts: SimOptions,
    /// A shard's record of the blocks it simulates.
    shard_book: Option<Book>,
    /// A shard's scenario text, for its partial.
    scenario_text: Option<String>,
}

impl Session {
    /// Load the scenario, print its warnings and start the workers.
    pub fn open(opts: &SimOptions) -> Result<Session, CommandError> {
        let mut scenario_opts = opts.scenario.clone();
        match &opts.split {
            // A shard keeps the text it simulated; the merge reads the shards'.
            Split::Shard(_) => scenario_opts.text = read_text(opts.scenario.path.as_ref())?,
            Split::Replay(r) => scenario_opts.text = r.scenario_text.clone(),
            Split::Whole => {}
        }
        let scenario = load_scenario(&scenario_opts)?;
        if let Split::Replay(r) = &opts.split {
            let job = crate::shard::job_id(&opts.job.command, &opts.job.options, &scenario.sha256);
            if job != r.header.job {
                return Err(CommandError::usage(
                    "cannot merge: the partials' command line does not give their job again (written by another build?)",
                ));
            }
        } else {
            for w in scenario.warnings() {
                eprintln!("warning: {w}");
            }
        }
        let pool = engine::thread_pool(opts.threads)?;
        let threads = pool.current_num_threads();
        let shard_book = if let Split::Shard(spec) = opts.split { Some(Book::shard(spec)) } else { None };
        Ok(Session { scenario, pool, threads, opts: opts.clone(), shard_book, scenario_text: scenario_opts.text })
    }

    /// Whether this process simulates one shard of the job.
    pub fn is_shard(&self) -> bool {
        self.shard_book.is_some()
    }

    /// The book of a split job: a shard's own, or the merge's.
    fn book(&self) -> Option<&Book> {
        match &self.opts.split {
            Split::Replay(r) => Some(&r.book),
            _ => self.shard_book.as_ref(),
        }
    }

    pub fn charts(&self) -> bool {
        self.opts.charts
    }

    /// Refuse a job of `runs` runs of `trials` trials beyond the size guard's
    /// limits (unless `--allow-large`).
    pub fn guard(&self, trials: u64, runs: u64, records: bool) -> Result<(), CommandError> {
        let trials = match &self.opts.split {
            Split::Whole => trials,
            // A shard simulates its share; a merge simulates nothing.
            Split::Shard(spec) => trials.div_ceil(u64::from(spec.count)),
            Split::Replay(_) => return Ok(()),
        };
        guard::check(&guard::estimate(&self.scenario, trials, runs, self.threads, records), self.opts.allow_large)
    }

    /// Run `work` with the workers, Ctrl-C and a progress bar labelled `label`.
    pub fn simulate<T>(
        &self,
        label: &str,
        records: Option<&mut (dyn std::io::Write + 'static)>,
        work: impl FnOnce(&mut RunControl<'_>) -> Result<T, EngineError>,
    ) -> Result<T, CommandError> {
        let progress = Progress::new(label, self.opts.quiet);
        let report = |d: u64, t: u64| progress.update(d, t);
        let records = records.map(|r| r as &mut dyn std::io::Write);
        let share = self.book().map(|book| Share { book, whole: false });
        let mut control = RunControl { pool: Some(&self.pool), cancel: Some(interrupt_flag()), progress: Some(&report), records, share };
        let result = work(&mut control);
        progress.finish();
        let value = result?;
        if let (Split::Shard(spec), Some(book)) = (&self.opts.split, &self.shard_book) {
            return Err(ShardOutput {
                spec: *spec,
                job: &self.opts.job,
                scenario: &self.scenario,
                scenario_text: self.scenario_text.clone(),
                out: self.opts.out.clone(),
                book,
            }
            .write());
        }
        if let Split::Replay(r) = &self.opts.split {
            r.book.check_replayed()?;
        }
        Ok(value)
    }
}

/// A scenario file's text (None: the built-in scenario).
fn read_text(path: Option<&PathBuf>) -> Result<Option<String>, CommandError> {
    Ok(path.map(|p| Scenario::read_text(p)).transpose()?)
}
