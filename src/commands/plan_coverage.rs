//! `quotasim plan-coverage`: which coverage target, under which counting rule,
//! maximises the metric; answered in plain words (verdict.txt), with
//! `plan.csv` and one chart per strategy.

use std::path::PathBuf;

use super::progress::Progress;
use super::run::{default_out_dir, engine_error};
use super::sweep::{prepare, write_tree};
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::engine::{self, RunControl};
use crate::report::{charts, sweep_export};
use crate::scenario::{ScenarioErrors, ValueSpec};
use crate::sweep::Metric;
use crate::sweep::plan::{PlanSetup, run_plan};

#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub scenario: ScenarioOptions,
    pub targets: ValueSpec,
    /// Plan this strategy only (default: each strategy in turn).
    pub strategy: Option<String>,
    pub metric: Metric,
    pub threads: Option<usize>,
    pub out: Option<PathBuf>,
    pub quiet: bool,
    /// Run even beyond the size guard\'s limits.
    pub allow_large: bool,
    pub charts: bool,
}

pub fn plan_coverage(opts: &PlanOptions) -> Result<(), CommandError> {
    let scenario = load_scenario(&opts.scenario)?;
    let strategies: Vec<usize> = match &opts.strategy {
        Some(name) => match scenario.strategy_index(name) {
            Some(i) => vec![i],
            None => {
                let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
                return Err(CommandError::Usage(format!("--strategy `{name}`: no such strategy (strategies: {})", names.join(", "))));
            }
        },
        None => (0..scenario.strategies.len()).collect(),
    };
    let setup = PlanSetup::new(&scenario, &opts.targets, strategies).map_err(|e| CommandError::Scenario(ScenarioErrors::single(e)))?;
    let threads = opts.threads.unwrap_or_else(rayon::current_num_threads);
    let runs = setup.variants.len() as u64;
    super::guard::check(&super::guard::estimate(&scenario, scenario.simulation.trials, runs, threads, false), opts.allow_large)?;
    let dir = opts.out.clone().unwrap_or_else(|| default_out_dir(&scenario).join("plan-coverage"));
    prepare(&dir)?;
    let pool = engine::thread_pool(opts.threads).map_err(engine_error)?;
    let progress = Progress::new("planning coverage", opts.quiet);
    let report = |d: u64, t: u64| progress.update(d, t);
    let mut control = RunControl { pool: Some(&pool), cancel: Some(interrupt_flag()), progress: Some(&report), records: None };
    let result = run_plan(&scenario, &setup, opts.metric, scenario.simulation.trials, &mut control);
    progress.finish();
    let plan = result.map_err(engine_error)?;
    let mut files = vec![("plan.csv".to_string(), sweep_export::plan_csv(&plan)), ("verdict.txt".to_string(), plan.verdict().into_bytes())];
    if opts.charts {
        files.extend(charts::plan_charts(&plan).map_err(|e| CommandError::Failure(format!("cannot draw charts: {e}")))?);
    }
    write_tree(&dir, &files)?;
    print!("{}", sweep_export::plan_text(&plan));
    println!("\nwrote {} files to {}", files.len(), dir.display());
    Ok(())
}
