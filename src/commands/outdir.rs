//! A command's output folder: chosen and proven writable before any
//! simulation, then filled through [`crate::output::publish`] so that it
//! holds exactly this run's files and its `manifest.json`.
//!
//! Default folders live under `output/<scenario-name-slug>/` (`run`), with
//! `sweep-<name>/`, `tornado/` and `plan-coverage/` inside it; a run that is
//! not the one a default folder holds goes to a folder of its own inside it
//! (see [`crate::output::place`]). A folder given with `--out` is used as it
//! is, and replacing another run there is reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::CommandError;
use super::session::Session;
use crate::output::{self, AtomicFile, Placement, RunInfo, ScenarioRef};
use crate::scenario::{Count, Scenario, slug};

/// Where a command wants its files.
#[derive(Clone, Debug)]
pub enum Home {
    /// `--out DIR` (or a folder inside it): used as it is.
    Given(PathBuf),
    /// The command's default folder.
    Default(PathBuf),
}

/// The folder of one run, ready to be written.
pub struct OutDir {
    pub dir: PathBuf,
    run: RunInfo,
    run_id: String,
    /// For default folders: where the run was placed (for `latest`).
    placement: Option<Placement>,
}

impl OutDir {
    /// A folder to write `run` into (for commands that do not simulate).
    pub fn existing(dir: &Path, run: RunInfo, run_id: String) -> OutDir {
        OutDir { dir: dir.to_path_buf(), run, run_id, placement: None }
    }

    /// Create a file streamed into the folder while the run goes on (records.csv).
    pub fn stream(&self, name: &str) -> Result<AtomicFile, CommandError> {
        AtomicFile::create(&self.dir.join(name)).map_err(|e| CommandError::output(format!("cannot create {name}"), e))
    }

    /// Write the run's files (`trials` as run), then remove what the
    /// folder's previous run wrote and this one does not; `keep` names files
    /// already there that belong to this run. Notes go to stderr.
    pub fn publish(
        &self,
        trials: u64,
        files: Vec<(String, Vec<u8>)>,
        streamed: Vec<AtomicFile>,
        keep: &[String],
    ) -> Result<Vec<PathBuf>, CommandError> {
        let run = RunInfo { trials, ..self.run.clone() };
        let fail = |e| CommandError::output(format!("cannot write outputs in {}", self.dir.display()), e);
        let done = output::publish(&self.dir, &run, &self.run_id, files, streamed, keep).map_err(fail)?;
        let dir = self.dir.display();
        if let Some(previous) = &done.replaced {
            eprintln!("note: replaced the previous run in {dir}: {}", previous.describe());
        }
        if !done.removed.is_empty() {
            eprintln!("note: removed {} files of the previous run in {dir} that this run does not write", done.removed.len());
        }
        for p in &done.kept {
            eprintln!("note: kept {}: changed since quotasim wrote it, so it is no longer listed in manifest.json", p.display());
        }
        if let Some(p) = &self.placement {
            output::point_latest(p).map_err(fail)?;
        }
        Ok(done.written)
    }
}

/// The default folder of a scenario's command: `output/<slug of its name>/<sub>`.
pub fn default_home(scenario: &Scenario, sub: &str) -> PathBuf {
    let root = Path::new("output").join(slug(&scenario.name));
    if sub.is_empty() { root } else { root.join(sub) }
}

/// Who a run of `command` on this scenario is, with the command's own
/// options that decide its numbers.
pub fn run_info(scenario: &Scenario, command: &str, trials: u64, options: &[(&str, String)]) -> RunInfo {
    RunInfo {
        command: command.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: ScenarioRef { name: scenario.name.clone(), sha256: scenario.sha256.clone(), source: scenario.source_label.clone() },
        seed: scenario.counts[Count::Seed],
        trials,
        overrides: scenario.overrides.clone(),
        options: options.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<BTreeMap<_, _>>(),
    }
}

/// Create `dir` if needed and prove it writable.
pub fn prepare_dir(dir: &Path) -> Result<(), CommandError> {
    output::prepare_dir(dir).map_err(|e| CommandError::output(format!("output folder {} is not writable", dir.display()), e))
}

impl Session {
    /// Where a command's files go: `--out`, or `sub` under the scenario's folder.
    pub fn home(&self, sub: &str) -> Home {
        match &self.opts.out {
            Some(d) => Home::Given(d.clone()),
            None => Home::Default(default_home(&self.scenario, sub)),
        }
    }

    /// Choose and prepare the folder of this run of `command`, before any
    /// simulation: `trials` per variant and `options` (the command's own
    /// settings that decide its numbers) tell it from other runs.
    pub fn output(&self, command: &str, home: Home, trials: u64, options: &[(&str, String)]) -> Result<OutDir, CommandError> {
        if self.is_shard() {
            // A shard writes only its partial (see `super::shard`): no folder of results.
            let run = run_info(&self.scenario, command, trials, options);
            let dir = match home {
                Home::Given(d) | Home::Default(d) => d,
            };
            return Ok(OutDir { dir, run_id: run.run_id(), run, placement: None });
        }
        open(&self.scenario, command, home, trials, options)
    }
}

/// Choose and prepare the folder of a run of `command` on `scenario` (see
/// [`Session::output`]; also for commands that simulate without a session).
pub fn open(scenario: &Scenario, command: &str, home: Home, trials: u64, options: &[(&str, String)]) -> Result<OutDir, CommandError> {
    let run = run_info(scenario, command, trials, options);
    let run_id = run.run_id();
    let (dir, placement) = match home {
        Home::Given(dir) => (dir, None),
        Home::Default(home) => {
            let p = output::place(&home, &run_id);
            if let Some(other) = &p.beside {
                eprintln!(
                    "note: {} holds another run ({}); this one goes to {} ({} names the newest)",
                    home.display(),
                    other.describe(),
                    p.dir.display(),
                    home.join(output::LATEST).display()
                );
            }
            (p.dir.clone(), Some(p))
        }
    };
    prepare_dir(&dir)?;
    Ok(OutDir { dir, run, run_id, placement })
}
