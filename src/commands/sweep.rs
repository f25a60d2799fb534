//! `quotasim sweep`: simulate a scenario at every point of a 1-D or 2-D grid
//! of parameter values (common random numbers), and write per-point summaries,
//! `sweep.csv`, `sweep.json` and charts.

use super::CommandError;
use super::outdir::Home;
use super::session::{Session, SimOptions};
use crate::report::{self, charts, sweep_export};
use crate::scenario::{Scenario, ValueSpec};
use crate::study::Objective;
use crate::study::grid::{Axis, Grid};
use crate::study::points::{SweepResult, run_sweep};
use crate::study::precision::DEFAULT_MAX_TRIALS;
use crate::study::runner::Precision;

#[derive(Clone, Debug, Default)]
pub struct SweepOptions {
    pub sim: SimOptions,
    /// Swept paths with their values, from the command line (one or two).
    /// Empty: run the scenario's `[[sweep]]` tables.
    pub axes: Vec<(String, ValueSpec)>,
    /// With `axes`: the sweep's name; without: which declared sweep to run.
    pub name: Option<String>,
    pub precision: Option<f64>,
    pub metric: Objective,
    pub max_trials: Option<u64>,
}

/// The grids to run, from the command line or the scenario's declarations.
fn grids(scenario: &Scenario, opts: &SweepOptions) -> Result<Vec<Grid>, CommandError> {
    if !opts.axes.is_empty() {
        let axes = opts.axes.iter().map(|(p, spec)| Axis::new(scenario, p, spec, "--param")).collect::<Result<Vec<_>, _>>()?;
        let paths: Vec<&str> = opts.axes.iter().map(|(p, _)| p.as_str()).collect();
        let name = opts.name.clone().unwrap_or_else(|| Grid::default_name(&paths));
        return Ok(vec![Grid::new(name, axes)?]);
    }
    if scenario.sweeps.is_empty() {
        return Err(CommandError::usage(
            "nothing to sweep: give --param PATH with --values A,B,C or --range START:END:STEP (e.g. `--param policy.coverage_target --range 1:8:0.5`), or declare [[sweep]] tables in the scenario",
        ));
    }
    let chosen: Vec<_> = match &opts.name {
        Some(n) => {
            let found: Vec<_> = scenario.sweeps.iter().filter(|d| &d.name == n).collect();
            if found.is_empty() {
                let names: Vec<&str> = scenario.sweeps.iter().map(|d| d.name.as_str()).collect();
                return Err(CommandError::usage(format!(
                    "--name `{n}`: the scenario declares no such sweep (declared: {})",
                    names.join(", ")
                )));
            }
            found
        }
        None => scenario.sweeps.iter().collect(),
    };
    chosen.into_iter().map(|d| Ok(Grid::from_decl(scenario, d)?)).collect()
}

/// What tells one sweep from another besides the scenario: its name, each
/// axis's values and the precision target.
fn sweep_options(g: &Grid, precision: Option<&Precision>) -> Vec<(&'static str, String)> {
    let values = |a: &Axis| a.values.iter().map(f64::to_string).collect::<Vec<_>>().join(",");
    let mut options = vec![("sweep", g.name.clone())];
    options.push(("axes", g.axes.iter().map(|a| format!("{}={}", a.path.text, values(a))).collect::<Vec<_>>().join(" x ")));
    if let Some(p) = precision {
        options.extend([
            ("precision", p.target.to_string()),
            ("metric", p.metric.as_str().into()),
            ("max_trials", p.max_trials.to_string()),
        ]);
    }
    options
}

/// Every file of a sweep, as (relative name, bytes).
pub fn sweep_files(result: &SweepResult, charts: bool) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let mut files = vec![
        ("sweep.csv".to_string(), sweep_export::sweep_csv(result)),
        ("sweep.xlsx".to_string(), sweep_export::sweep_xlsx(result)?),
        ("sweep.json".to_string(), sweep_export::sweep_json(result)),
    ];
    for p in &result.points {
        let dir = sweep_export::point_dir(p.index);
        files.push((format!("{dir}/summary.json"), report::json::summary_json(&p.summary)));
        files.push((format!("{dir}/summary.csv"), report::csv::summary_csv(&p.summary)));
    }
    if charts {
        files.extend(charts::sweep_charts(result).map_err(CommandError::Charts)?);
        files.push(("report.html".to_string(), report::html::sweep_report(result, &files)));
    }
    Ok(files)
}

pub fn sweep(opts: &SweepOptions) -> Result<(), CommandError> {
    if opts.precision.is_some() {
        opts.sim.refuse_shard(
            "a sweep with --precision",
            "it adds trials until the target is met, which needs all results in one place; give --trials instead",
        )?;
    }
    let session = Session::open(&opts.sim)?;
    let scenario = &session.scenario;
    crate::study::check_metric(opts.metric, scenario.quarters())?;
    let grids = grids(scenario, opts)?;
    if grids.len() > 1 {
        opts.sim.refuse_shard("several sweeps at once", "shard one at a time: add --name NAME")?;
    }
    for g in &grids {
        g.check_points(scenario)?;
    }
    let points: u64 = grids.iter().map(|g| g.len() as u64).sum();
    let planned = match opts.precision {
        Some(_) => opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS).max(scenario.trials()),
        None => scenario.trials(),
    };
    session.guard(planned, points, false)?;
    let precision =
        opts.precision.map(|target| Precision { target, metric: opts.metric, max_trials: opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS) });
    let outs = grids
        .iter()
        .map(|g| {
            let home = match (&opts.sim.out, grids.len()) {
                (Some(d), 1) => Home::Given(d.clone()),
                (Some(d), _) => Home::Given(d.join(format!("sweep-{}", g.slug()))),
                (None, _) => session.home(&format!("sweep-{}", g.slug())),
            };
            session.output("sweep", home, scenario.trials(), &sweep_options(g, precision.as_ref()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (grid, out) in grids.iter().zip(&outs) {
        let label = format!("sweep {} ({} points)", grid.name, grid.len());
        let result = session.simulate(&label, None, |control| run_sweep(scenario, grid, precision, control))?;
        let files = sweep_files(&result, session.charts())?;
        let n = out.publish(result.trials, files, Vec::new(), &[])?.len();
        print!("{}", sweep_export::sweep_text(&result));
        println!("wrote {n} files to {}", out.dir.display());
        if grids.len() > 1 {
            println!();
        }
    }
    Ok(())
}
