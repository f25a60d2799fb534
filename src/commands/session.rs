//! What every simulating command does around its study, in one place: load
//! the scenario (with `--set`, `--trials`, `--seed`), warn about suspicious
//! settings, refuse jobs beyond the size guard, start the worker threads,
//! show progress and stop on Ctrl-C. Its output folders are in [`super::outdir`].

use std::path::PathBuf;

use super::guard;
use super::progress::Progress;
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::engine::{self, EngineError, RunControl};
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
}

/// A loaded scenario with its workers, ready to simulate.
pub struct Session {
    pub scenario: Scenario,
    pool: rayon::ThreadPool,
    threads: usize,
    pub(super) opts: SimOptions,
}

impl Session {
    /// Load the scenario, print its warnings and start the workers.
    pub fn open(opts: &SimOptions) -> Result<Session, CommandError> {
        let scenario = load_scenario(&opts.scenario)?;
        for w in scenario.warnings() {
            eprintln!("warning: {w}");
        }
        let pool = engine::thread_pool(opts.threads)?;
        let threads = pool.current_num_threads();
        Ok(Session { scenario, pool, threads, opts: opts.clone() })
    }

    pub fn charts(&self) -> bool {
        self.opts.charts
    }

    /// Refuse a job of `runs` runs of `trials` trials beyond the size guard's
    /// limits (unless `--allow-large`).
    pub fn guard(&self, trials: u64, runs: u64, records: bool) -> Result<(), CommandError> {
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
        let mut control = RunControl { pool: Some(&self.pool), cancel: Some(interrupt_flag()), progress: Some(&report), records };
        let result = work(&mut control);
        progress.finish();
        Ok(result?)
    }
}
