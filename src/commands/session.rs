//! What every simulating command does around its study, in one place: load
//! the scenario (with `--set`, `--trials`, `--seed`), warn about suspicious
//! settings, refuse jobs beyond the size guard, prepare output folders before
//! any work is spent, start the worker threads, show progress, stop on Ctrl-C
//! and write the files.

use std::path::{Path, PathBuf};

use super::guard;
use super::progress::Progress;
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::engine::{self, EngineError, RunControl};
use crate::output;
use crate::scenario::{Scenario, slug};

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
    opts: SimOptions,
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

    /// The output folder: `--out`, or `default` under the scenario's folder.
    pub fn out_dir(&self, default: &str) -> PathBuf {
        self.opts.out.clone().unwrap_or_else(|| {
            let root = default_out_dir(&self.scenario);
            if default.is_empty() { root } else { root.join(default) }
        })
    }

    /// Create `dir` if needed and prove it writable, before any simulation.
    pub fn prepare(&self, dir: &Path) -> Result<(), CommandError> {
        prepare_dir(dir)
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

/// The default output folder of a scenario: `output/<slug of its name>/`.
pub fn default_out_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(slug(&scenario.name))
}

/// Create `dir` if needed and prove it writable.
pub fn prepare_dir(dir: &Path) -> Result<(), CommandError> {
    output::prepare_dir(dir).map_err(|e| CommandError::output(format!("output folder {} is not writable", dir.display()), e))
}

/// Write files whose names may contain sub-folders (`points/000/summary.json`).
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, CommandError> {
    let fail = |e: std::io::Error| CommandError::output(format!("cannot write outputs in {}", dir.display()), e);
    for (name, _) in files {
        if let Some(parent) = Path::new(name).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir.join(parent)).map_err(fail)?;
        }
    }
    output::write_all(dir, files).map_err(fail)
}
