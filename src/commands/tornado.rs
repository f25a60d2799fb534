//! `quotasim tornado`: one-at-a-time sensitivity of every numeric parameter,
//! as a ranked table, `tornado.csv` and one chart per strategy.

use super::CommandError;
use super::session::{Session, SimOptions};
use crate::report::{charts, sweep_export};
use crate::study::Objective;
use crate::study::tornado::{DEFAULT_TRIALS, run_tornado};

#[derive(Clone, Debug, Default)]
pub struct TornadoOptions {
    /// `sim.scenario.trials` is ignored here: see `trials`.
    pub sim: SimOptions,
    /// Relative swing of fixed values (0.2 = 20%).
    pub swing: f64,
    pub metric: Objective,
    /// Trials per variant; default [`DEFAULT_TRIALS`] (or the scenario's, if fewer).
    pub trials: Option<u64>,
}

pub fn tornado(opts: &TornadoOptions) -> Result<(), CommandError> {
    let session = Session::open(&opts.sim)?;
    let scenario = &session.scenario;
    crate::study::check_metric(opts.metric, scenario.quarters())?;
    let trials = opts.trials.unwrap_or_else(|| DEFAULT_TRIALS.min(scenario.trials()));
    // At most a low and a high run per parameter and strategy, plus the base.
    let runs = 2 * (crate::scenario::PARAM_COUNT * scenario.strategies.len()) as u64 + 1;
    session.guard(trials, runs, false)?;
    let options = [("swing", opts.swing.to_string()), ("metric", opts.metric.as_str().to_string())];
    let out = session.output("tornado", session.home("tornado"), trials, &options)?;
    let t = session.simulate("tornado", None, |control| run_tornado(scenario, opts.swing, opts.metric, trials, control))?;
    let mut files =
        vec![("tornado.csv".to_string(), sweep_export::tornado_csv(&t)), ("tornado.xlsx".to_string(), sweep_export::tornado_xlsx(&t)?)];
    if session.charts() {
        files.extend(charts::tornado_charts(&t).map_err(CommandError::Charts)?);
        files.push(("report.html".to_string(), crate::report::html::tornado_report(&t, &files)));
    }
    let n = out.publish(t.trials, files, Vec::new(), &[])?.len();
    print!("{}", sweep_export::tornado_text(&t));
    println!("\nwrote {n} files to {}", out.dir.display());
    Ok(())
}
