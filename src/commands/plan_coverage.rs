//! `quotasim plan-coverage`: which coverage target, under which counting rule,
//! maximises the metric; answered in plain words (verdict.txt), with
//! `plan.csv` and one chart per strategy.

use super::CommandError;
use super::session::{Session, SimOptions, write_tree};
use crate::report::{self, charts, sweep_export};
use crate::scenario::ValueSpec;
use crate::study::Objective;
use crate::study::plan::{PlanSetup, run_plan};

#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub sim: SimOptions,
    pub targets: ValueSpec,
    /// Plan this strategy only (default: each strategy in turn).
    pub strategy: Option<String>,
    pub metric: Objective,
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
    session.guard(scenario.trials(), setup.variants.len() as u64, false)?;
    let dir = session.out_dir("plan-coverage");
    session.prepare(&dir)?;
    let plan =
        session.simulate("planning coverage", None, |control| run_plan(scenario, &setup, opts.metric, scenario.trials(), control))?;
    let mut files = vec![
        ("plan.csv".to_string(), sweep_export::plan_csv(&plan)),
        ("verdict.txt".to_string(), report::words::verdict::plan_verdict(&plan).into_bytes()),
    ];
    if session.charts() {
        files.extend(charts::plan_charts(&plan).map_err(CommandError::Charts)?);
    }
    write_tree(&dir, &files)?;
    print!("{}", sweep_export::plan_text(&plan));
    println!("\nwrote {} files to {}", files.len(), dir.display());
    Ok(())
}
