//! `quotasim plan-coverage`: which coverage target, under which counting rule,
//! maximises the metric, and the smallest target within a tolerance of it;
//! answered in plain words (verdict.txt), with `plan.csv` and one chart per
//! strategy.

use super::CommandError;
use super::session::{Session, SimOptions};
use crate::report::{self, charts, sweep_export};
use crate::scenario::ValueSpec;
use crate::study::Objective;
use crate::study::plan::{PlanRequest, PlanSetup, default_precision, default_screen_trials, rep_quarters_per_trial, run_plan};

#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub sim: SimOptions,
    pub targets: ValueSpec,
    /// Plan this strategy only (default: each strategy in turn).
    pub strategy: Option<String>,
    pub metric: Objective,
    /// How far below the best a smaller target may fall (metric units).
    pub tolerance: f64,
    /// Trials per point of the screen (default: see `default_screen_trials`).
    pub screen_trials: Option<u64>,
    /// The confirmation's 95% half-width target (metric units; default: see
    /// `default_precision`; 0 = every trial).
    pub confirm_precision: Option<f64>,
}

pub fn plan_coverage(opts: &PlanOptions) -> Result<(), CommandError> {
    let session = Session::open(&opts.sim)?;
    let scenario = &session.scenario;
    let strategies: Vec<usize> = match &opts.strategy {
        Some(name) => match scenario.strategy_index(name) {
            Some(i) => vec![i],
            None => {
                let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
                return Err(CommandError::usage(format!("--strategy `{name}`: no such strategy (strategies: {})", names.join(", "))));
            }
        },
        None => (0..scenario.strategies.len()).collect(),
    };
    crate::study::check_metric(opts.metric, scenario.quarters())?;
    let setup = PlanSetup::new(scenario, &opts.targets, strategies)?;
    let trials = scenario.trials();
    let screen_trials = opts.screen_trials.unwrap_or_else(|| default_screen_trials(trials, rep_quarters_per_trial(scenario))).min(trials);
    let precision = opts.confirm_precision.unwrap_or_else(|| default_precision(opts.tolerance));
    if precision > 0.0 {
        opts.sim.refuse_shard(
            "a plan whose confirmation adds trials until a precision is met",
            "that needs all results in one place; add --confirm-precision 0 (every candidate confirmed with all trials)",
        )?;
    }
    let req = PlanRequest { metric: opts.metric, tolerance: opts.tolerance, screen_trials, trials, precision };
    // The screen's work in full runs, plus at most three confirmed candidates per strategy.
    let runs = (setup.variants.len() as u64 * screen_trials).div_ceil(trials) + 1 + 3 * setup.strategies.len() as u64;
    session.guard(trials, runs, false)?;
    let targets = setup.targets.iter().map(f64::to_string).collect::<Vec<_>>().join(",");
    let only = opts.strategy.clone().unwrap_or_else(|| "all".into());
    let options = [
        ("targets", targets),
        ("strategy", only),
        ("metric", opts.metric.as_str().to_string()),
        ("tolerance", opts.tolerance.to_string()),
        ("screen_trials", screen_trials.to_string()),
        ("confirm_precision", precision.to_string()),
    ];
    let out = session.output("plan-coverage", session.home("plan-coverage"), trials, &options)?;
    let plan = session.simulate("planning coverage", None, |control| run_plan(scenario, &setup, &req, control))?;
    let mut files = vec![
        ("plan.csv".to_string(), sweep_export::plan_csv(&plan)),
        ("plan.xlsx".to_string(), sweep_export::plan_xlsx(&plan)?),
        ("verdict.txt".to_string(), report::words::verdict::plan_verdict(&plan).into_bytes()),
    ];
    if session.charts() {
        files.extend(charts::plan_charts(&plan).map_err(CommandError::Charts)?);
        files.push(("report.html".to_string(), report::html::plan_report(&plan, &files)));
    }
    let n = out.publish(plan.trials, files, Vec::new(), &[])?.len();
    print!("{}", sweep_export::plan_text(&plan));
    println!("\nwrote {n} files to {}", out.dir.display());
    Ok(())
}
