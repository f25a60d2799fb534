//! `quotasim sweep`: simulate a scenario at every point of a 1-D or 2-D grid
//! of parameter values (common random numbers), and write per-point summaries,
//! `sweep.csv`, `sweep.json` and charts.

use std::path::{Path, PathBuf};

use super::progress::Progress;
use super::run::{default_out_dir, engine_error};
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::engine::{self, RunControl};
use crate::output;
use crate::report::{self, charts, sweep_export};
use crate::scenario::{Scenario, ScenarioErrors, ValueSpec};
use crate::sweep::Metric;
use crate::sweep::grid::{Axis, Grid};
use crate::sweep::points::{SweepResult, run_sweep};
use crate::sweep::precision::DEFAULT_MAX_TRIALS;
use crate::sweep::runner::Precision;

#[derive(Clone, Debug, Default)]
pub struct SweepOptions {
    pub scenario: ScenarioOptions,
    /// Swept paths with their values, from the command line (one or two).
    /// Empty: run the scenario's `[[sweep]]` tables.
    pub axes: Vec<(String, ValueSpec)>,
    /// With `axes`: the sweep's name; without: which declared sweep to run.
    pub name: Option<String>,
    pub threads: Option<usize>,
    pub out: Option<PathBuf>,
    pub quiet: bool,
    /// Run even beyond the size guard\'s limits.
    pub allow_large: bool,
    pub charts: bool,
    pub precision: Option<f64>,
    pub metric: Metric,
    pub max_trials: Option<u64>,
}

/// The grids to run, from the command line or the scenario's declarations.
fn grids(scenario: &Scenario, opts: &SweepOptions) -> Result<Vec<Grid>, CommandError> {
    if !opts.axes.is_empty() {
        let axes = opts
            .axes
            .iter()
            .map(|(p, spec)| Axis::new(scenario, p, spec, "--param"))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CommandError::Scenario(ScenarioErrors::single(e)))?;
        let paths: Vec<&str> = opts.axes.iter().map(|(p, _)| p.as_str()).collect();
        let name = opts.name.clone().unwrap_or_else(|| Grid::default_name(&paths));
        return Ok(vec![Grid::new(name, axes).map_err(CommandError::Usage)?]);
    }
    if scenario.sweeps.is_empty() {
        return Err(CommandError::Usage(
            "nothing to sweep: give --param PATH with --values A,B,C or --range START:END:STEP (e.g. `--param policy.coverage_target --range 1:8:0.5`), or declare [[sweep]] tables in the scenario".into(),
        ));
    }
    let chosen: Vec<_> = match &opts.name {
        Some(n) => {
            let found: Vec<_> = scenario.sweeps.iter().filter(|d| &d.name == n).collect();
            if found.is_empty() {
                let names: Vec<&str> = scenario.sweeps.iter().map(|d| d.name.as_str()).collect();
                return Err(CommandError::Usage(format!(
                    "--name `{n}`: the scenario declares no such sweep (declared: {})",
                    names.join(", ")
                )));
            }
            found
        }
        None => scenario.sweeps.iter().collect(),
    };
    chosen.into_iter().map(|d| Grid::from_decl(scenario, d).map_err(|e| CommandError::Scenario(ScenarioErrors::single(e)))).collect()
}

/// Every file of a sweep, as (relative name, bytes).
pub fn sweep_files(result: &SweepResult, charts: bool) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let mut files =
        vec![("sweep.csv".to_string(), sweep_export::sweep_csv(result)), ("sweep.json".to_string(), sweep_export::sweep_json(result))];
    for p in &result.points {
        let dir = sweep_export::point_dir(p.index);
        files.push((format!("{dir}/summary.json"), report::json::summary_json(&p.summary)));
        files.push((format!("{dir}/summary.csv"), report::csv::summary_csv(&p.summary)));
    }
    if charts {
        files.extend(charts::sweep_charts(result).map_err(|e| CommandError::Failure(format!("cannot draw charts: {e}")))?);
    }
    Ok(files)
}

/// Write files whose names may contain sub-folders (`points/000/summary.json`).
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, CommandError> {
    let fail = |e: std::io::Error| CommandError::Failure(format!("cannot write outputs in {}: {e}", dir.display()));
    for (name, _) in files {
        if let Some(parent) = Path::new(name).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir.join(parent)).map_err(fail)?;
        }
    }
    output::write_all(dir, files).map_err(fail)
}

pub fn prepare(dir: &Path) -> Result<(), CommandError> {
    output::prepare_dir(dir).map_err(|e| CommandError::Failure(format!("output folder {} is not writable: {e}", dir.display())))
}

pub fn sweep(opts: &SweepOptions) -> Result<(), CommandError> {
    let scenario = load_scenario(&opts.scenario)?;
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    let grids = grids(&scenario, opts)?;
    let points: u64 = grids.iter().map(|g| g.len() as u64).sum();
    let planned = match opts.precision {
        Some(_) => opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS).max(scenario.simulation.trials),
        None => scenario.simulation.trials,
    };
    let threads = opts.threads.unwrap_or_else(rayon::current_num_threads);
    super::guard::check(&super::guard::estimate(&scenario, planned, points, threads, false), opts.allow_large)?;
    let root = default_out_dir(&scenario);
    let dirs: Vec<PathBuf> = grids
        .iter()
        .map(|g| match (&opts.out, grids.len()) {
            (Some(d), 1) => d.clone(),
            (Some(d), _) => d.join(format!("sweep-{}", g.slug())),
            (None, _) => root.join(format!("sweep-{}", g.slug())),
        })
        .collect();
    for d in &dirs {
        prepare(d)?;
    }
    let pool = engine::thread_pool(opts.threads).map_err(engine_error)?;
    let precision =
        opts.precision.map(|target| Precision { target, metric: opts.metric, max_trials: opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS) });
    for (grid, dir) in grids.iter().zip(&dirs) {
        let progress = Progress::new(&format!("sweep {} ({} points)", grid.name, grid.len()), opts.quiet);
        let report = |d: u64, t: u64| progress.update(d, t);
        let mut control = RunControl { pool: Some(&pool), cancel: Some(interrupt_flag()), progress: Some(&report), records: None };
        let result = run_sweep(&scenario, grid, precision, &mut control);
        progress.finish();
        let result = result.map_err(engine_error)?;
        let files = sweep_files(&result, opts.charts)?;
        write_tree(dir, &files)?;
        print!("{}", sweep_export::sweep_text(&result));
        println!("wrote {} files to {}", files.len(), dir.display());
        if grids.len() > 1 {
            println!();
        }
    }
    Ok(())
}
