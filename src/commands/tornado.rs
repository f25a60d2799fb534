//! `quotasim tornado`: one-at-a-time sensitivity of every numeric parameter,
//! as a ranked table, `tornado.csv` and one chart per strategy.

use std::path::PathBuf;

use super::progress::Progress;
use super::run::{default_out_dir, engine_error};
use super::sweep::{prepare, write_tree};
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::engine::{self, RunControl};
use crate::report::{charts, sweep_export};
use crate::sweep::Metric;
use crate::sweep::tornado::{DEFAULT_TRIALS, run_tornado};

#[derive(Clone, Debug, Default)]
pub struct TornadoOptions {
    /// `scenario.trials` is ignored here: see `trials`.
    pub scenario: ScenarioOptions,
    /// Relative swing of fixed values (0.2 = 20%).
    pub swing: f64,
    pub metric: Metric,
    /// Trials per variant; default [`DEFAULT_TRIALS`] (or the scenario's, if fewer).
    pub trials: Option<u64>,
    pub threads: Option<usize>,
    pub out: Option<PathBuf>,
    pub quiet: bool,
    /// Run even beyond the size guard\'s limits.
    pub allow_large: bool,
    pub charts: bool,
}

pub fn tornado(opts: &TornadoOptions) -> Result<(), CommandError> {
    let scenario = load_scenario(&opts.scenario)?;
    let trials = opts.trials.unwrap_or_else(|| DEFAULT_TRIALS.min(scenario.simulation.trials));
    // At most a low and a high run per parameter and strategy, plus the base.
    let runs = 2 * (crate::scenario::PARAM_COUNT * scenario.strategies.len()) as u64 + 1;
    let threads = opts.threads.unwrap_or_else(rayon::current_num_threads);
    super::guard::check(&super::guard::estimate(&scenario, trials, runs, threads, false), opts.allow_large)?;
    let dir = opts.out.clone().unwrap_or_else(|| default_out_dir(&scenario).join("tornado"));
    prepare(&dir)?;
    let pool = engine::thread_pool(opts.threads).map_err(engine_error)?;
    let progress = Progress::new("tornado", opts.quiet);
    let report = |d: u64, t: u64| progress.update(d, t);
    let mut control = RunControl { pool: Some(&pool), cancel: Some(interrupt_flag()), progress: Some(&report), records: None };
    let result = run_tornado(&scenario, opts.swing, opts.metric, trials, &mut control);
    progress.finish();
    let t = result.map_err(engine_error)?;
    let mut files = vec![("tornado.csv".to_string(), sweep_export::tornado_csv(&t))];
    if opts.charts {
        files.extend(charts::tornado_charts(&t).map_err(|e| CommandError::Failure(format!("cannot draw charts: {e}")))?);
    }
    write_tree(&dir, &files)?;
    print!("{}", sweep_export::tornado_text(&t));
    println!("\nwrote {} files to {}", files.len(), dir.display());
    Ok(())
}
