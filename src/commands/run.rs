//! `quotasim run`: simulate, summarise, write the outputs, print the table;
//! with `--history FILE`, also trial 0's opportunities as a CRM export.

use std::path::Path;

use super::session::Session;
use super::{CommandError, RunOptions};
use crate::calibrate::export::trial_csv;
use crate::engine::Engine;
use crate::output;
use crate::report;
use crate::scenario::Scenario;
use crate::stats::Summary;
use crate::stats::metrics::records_header;
use crate::study::precision::{DEFAULT_MAX_TRIALS, run_to_precision};

/// The files of a run, as (name, bytes), ready to be written: the summary
/// (JSON, CSV and spreadsheet), the counted quarters, and with `charts`
/// every chart and report.html. The tables are made beside the charts, on a
/// core the charts leave idle at times.
pub fn artifacts(summary: &Summary, charts: bool) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let (tables, presentation) = rayon::join(|| tables(summary), || if charts { presentation(summary) } else { Ok(Vec::new()) });
    let mut files = tables?;
    files.extend(presentation?);
    Ok(files)
}

/// The summary as JSON, CSV and a spreadsheet, and the counted quarters.
fn tables(summary: &Summary) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    Ok(vec![
        ("summary.json".to_string(), report::json::summary_json(summary)),
        ("summary.csv".to_string(), report::csv::summary_csv(summary)),
        ("summary.xlsx".to_string(), report::csv::summary_xlsx(summary)?),
        ("quarters.csv".to_string(), report::csv::quarters_csv(summary)),
    ])
}

/// Charts and report.html of a summary (also used by `quotasim report`).
pub fn presentation(summary: &Summary) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let mut files = report::charts::run_charts(summary).map_err(CommandError::Charts)?;
    let html = report::html::report_html(summary, &files);
    if !html.is_empty() {
        files.push(("report.html".to_string(), html));
    }
    Ok(files)
}

/// The strategy whose opportunities `--history` writes, checked with its
/// file's folder before anything runs.
fn history_strategy<'a>(scenario: &Scenario, opts: &'a RunOptions) -> Result<Option<(usize, &'a Path)>, CommandError> {
    let Some(path) = opts.history.as_deref() else { return Ok(None) };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
        return Err(CommandError::usage(format!("--history {}: folder {} does not exist", path.display(), parent.display())));
    }
    let index = match &opts.history_strategy {
        None => 0,
        Some(name) => scenario.strategy_index(name).ok_or_else(|| {
            let names: Vec<String> = scenario.strategies.iter().map(|s| format!("\"{}\"", s.name)).collect();
            CommandError::usage(format!("--history-strategy {name}: the scenario has no such strategy; it has {}", names.join(", ")))
        })?,
    };
    Ok(Some((index, path)))
}

pub fn run(opts: &RunOptions) -> Result<(), CommandError> {
    if opts.precision.is_some() {
        opts.sim.refuse_shard(
            "a run with --precision",
            "it adds trials until the target is met, which needs all results in one place; give --trials instead",
        )?;
    }
    if opts.records {
        opts.sim.refuse_shard("a run with --records", "records.csv is written in trial order by one process")?;
    }
    if opts.history.is_some() {
        opts.sim.refuse_shard("a run with --history", "the history is trial 0 of one process; write it with a run of its own")?;
    }
    let session = Session::open(&opts.sim)?;
    let scenario = &session.scenario;
    crate::study::check_metric(opts.precision_metric, scenario.quarters())?;
    let history = history_strategy(scenario, opts)?;
    let planned_trials = match opts.precision {
        Some(_) => opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS).max(scenario.trials()),
        None => scenario.trials(),
    };
    session.guard(planned_trials, 1, opts.records)?;
    let options = match opts.precision {
        Some(target) => vec![
            ("precision", target.to_string()),
            ("metric", opts.precision_metric.as_str().to_string()),
            ("max_trials", opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS).to_string()),
        ],
        None => Vec::new(),
    };
    let out = session.output("run", session.home(""), scenario.trials(), &options)?;

    let engine = Engine::new(scenario);
    let mut records_file = if opts.records {
        let mut f = out.stream("records.csv")?;
        std::io::Write::write_all(&mut f, records_header().as_bytes()).map_err(|e| CommandError::output("cannot write records.csv", e))?;
        Some(f)
    } else {
        None
    };
    let records = records_file.as_mut().map(|f| f as &mut (dyn std::io::Write + 'static));
    let (acc, stopping) = session.simulate("simulating", records, |control| match opts.precision {
        None => engine.run(0..scenario.trials(), control).map(|acc| (acc, None)),
        Some(target) => {
            let cap = opts.max_trials.unwrap_or(DEFAULT_MAX_TRIALS);
            run_to_precision(&engine, target, opts.precision_metric, cap, control).map(|(acc, stop)| (acc, Some(stop)))
        }
    })?;
    let mut summary = Summary::build(scenario, &acc);
    summary.stopping = stopping;

    let files = artifacts(&summary, session.charts())?;
    let mut written = out.publish(summary.trials, files, records_file.into_iter().collect(), &[])?;
    // The history is the user's file, wherever they asked for it: not one of the folder's.
    if let Some((strategy, path)) = history {
        let bytes = trial_csv(&engine.opportunities(0, strategy));
        output::write_atomic(path, &bytes).map_err(|e| CommandError::output(format!("cannot write {}", path.display()), e))?;
        written.push(path.to_path_buf());
    }

    if opts.json {
        print!("{}", String::from_utf8_lossy(&report::json::summary_json(&summary)));
    } else {
        print!("{}", report::terminal::render(&summary));
        println!();
        for p in &written {
            println!("wrote {}", p.display());
        }
    }
    Ok(())
}
