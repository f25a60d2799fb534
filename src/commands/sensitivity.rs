//! `quotasim sensitivity`: which uncertain input the spread of a metric
//! comes from (Sobol indices, luck separated), or, when nothing is
//! uncertain, which setting moves it most (a Morris screen).

use super::CommandError;
use super::outdir::OutDir;
use super::session::{Session, SimOptions};
use crate::report::table::RunMeta;
use crate::report::{charts, sensitivity_export as export, words::sensitivity as words};
use crate::study::Objective;
use crate::study::sensitivity::morris::{DEFAULT_TRAJECTORIES, DEFAULT_TRIALS, morris_points, run_morris};
use crate::study::sensitivity::{DEFAULT_ROWS, factors, per_trial, run_sobol, sobol_size};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Sobol,
    Morris,
}

#[derive(Clone, Debug)]
pub struct SensitivityOptions {
    pub sim: SimOptions,
    /// None: Sobol when the scenario has uncertain inputs, else Morris.
    pub method: Option<Method>,
    pub metric: Objective,
    /// Sobol design rows.
    pub rows: Option<u64>,
    /// Morris: trajectories, trials per point and swing.
    pub trajectories: Option<usize>,
    pub trials: Option<u64>,
    pub swing: f64,
}

pub fn sensitivity(opts: &SensitivityOptions) -> Result<(), CommandError> {
    let session = Session::open(&opts.sim)?;
    let scenario = &session.scenario;
    crate::study::check_metric(opts.metric, scenario.quarters())?;
    let uncertain = factors(scenario);
    let method = opts.method.unwrap_or(if uncertain.is_empty() { Method::Morris } else { Method::Sobol });
    match method {
        Method::Sobol => sobol(&session, opts, uncertain.len()),
        Method::Morris => morris(&session, opts),
    }
}

fn sobol(session: &Session, opts: &SensitivityOptions, factors: usize) -> Result<(), CommandError> {
    let scenario = &session.scenario;
    if factors == 0 {
        return Err(CommandError::usage(
            "--method sobol: the scenario has no uncertain inputs (give one a distribution, e.g. `--set selling.win_rate='{ pert = [0.15, 0.2, 0.3] }'`), or use --method morris to screen every setting",
        ));
    }
    if per_trial(opts.metric).is_none() {
        return Err(CommandError::usage(format!(
            "--metric {}: a single trial has no median of its own; use mean, share_at_quota, team_at_plan, makes_plan or bookings",
            opts.metric.as_str()
        )));
    }
    let rows = opts.rows.unwrap_or(DEFAULT_ROWS);
    let (trials, variants) = sobol_size(factors, rows);
    session.guard(trials, variants, false)?;
    let options = [("method", "sobol".to_string()), ("metric", opts.metric.as_str().to_string()), ("rows", rows.to_string())];
    let out = session.output("sensitivity", session.home("sensitivity"), trials, &options)?;
    let r = session.simulate("sensitivity (Sobol)", None, |control| run_sobol(scenario, opts.metric, rows, control))?;
    let meta = RunMeta::of_scenario(scenario, trials);
    let written = Written { json: export::sobol_json(&r), csv: export::sobol_csv(&r, &meta), text: words::sobol_text(&r) };
    let charts = if session.charts() { charts::sobol_charts(&r).map_err(CommandError::Charts)? } else { Vec::new() };
    publish(out, trials, written, charts)
}

fn morris(session: &Session, opts: &SensitivityOptions) -> Result<(), CommandError> {
    let scenario = &session.scenario;
    let trajectories = opts.trajectories.unwrap_or(DEFAULT_TRAJECTORIES);
    let trials = opts.trials.unwrap_or(DEFAULT_TRIALS.min(scenario.trials()));
    let points = morris_points(scenario, opts.swing, trajectories);
    session.guard(trials, points, false)?;
    let options = [
        ("method", "morris".to_string()),
        ("metric", opts.metric.as_str().to_string()),
        ("trajectories", trajectories.to_string()),
        ("swing", opts.swing.to_string()),
    ];
    let out = session.output("sensitivity", session.home("sensitivity"), trials, &options)?;
    let r = session
        .simulate("sensitivity (Morris)", None, |control| run_morris(scenario, opts.metric, opts.swing, trajectories, trials, control))?;
    let meta = RunMeta::of_scenario(scenario, trials);
    let written = Written { json: export::morris_json(&r), csv: export::morris_csv(&r, &meta), text: words::morris_text(&r) };
    let charts = if session.charts() { charts::morris_charts(&r).map_err(CommandError::Charts)? } else { Vec::new() };
    publish(out, trials, written, charts)
}

/// A method's data files and its words.
struct Written {
    json: Vec<u8>,
    csv: Vec<u8>,
    text: String,
}

/// Write the files of either method and print its words.
fn publish(out: OutDir, trials: u64, w: Written, charts: Vec<(String, Vec<u8>)>) -> Result<(), CommandError> {
    let mut files = vec![
        ("sensitivity.json".to_string(), w.json),
        ("sensitivity.csv".to_string(), w.csv),
        ("verdict.txt".to_string(), w.text.clone().into_bytes()),
    ];
    files.extend(charts);
    let n = out.publish(trials, files, Vec::new(), &[])?.len();
    print!("{}", w.text);
    println!("\nwrote {n} files to {}", out.dir.display());
    Ok(())
}
