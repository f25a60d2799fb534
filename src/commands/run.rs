//! `quotasim run`: simulate, summarise, write the outputs, print the table.

use std::path::{Path, PathBuf};

use super::progress::Progress;
use super::{CommandError, RunOptions, interrupt_flag, load_scenario};
use crate::engine::{self, Engine, EngineError, RECORDS_HEADER, RunControl};
use crate::output::{self, AtomicFile};
use crate::report;
use crate::scenario::{Scenario, slug};
use crate::stats::Summary;

/// The default output folder of a scenario: `output/<slug of its name>/`.
pub fn default_out_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(slug(&scenario.name))
}

pub fn engine_error(e: EngineError) -> CommandError {
    match e {
        EngineError::Interrupted => CommandError::Interrupted,
        other => CommandError::Failure(other.to_string()),
    }
}

/// The files of a run, as (name, bytes), ready to be written: the summary,
/// and with `charts` every chart and report.html.
pub fn artifacts(summary: &Summary, charts: bool) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let mut files = vec![
        ("summary.json".to_string(), report::json::summary_json(summary)),
        ("summary.csv".to_string(), report::csv::summary_csv(summary)),
    ];
    if charts {
        files.extend(presentation(summary)?);
    }
    Ok(files)
}

/// Charts and report.html of a summary (also used by `quotasim report`).
pub fn presentation(summary: &Summary) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let mut files = report::charts::run_charts(summary).map_err(|e| CommandError::Failure(format!("cannot draw charts: {e}")))?;
    let html = report::html::report_html(summary, &files);
    if !html.is_empty() {
        files.push(("report.html".to_string(), html));
    }
    Ok(files)
}

pub fn run(opts: &RunOptions) -> Result<(), CommandError> {
    let scenario = load_scenario(&opts.scenario)?;
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    let planned_trials = match opts.precision {
        Some(_) => opts.max_trials.unwrap_or(crate::sweep::precision::DEFAULT_MAX_TRIALS).max(scenario.simulation.trials),
        None => scenario.simulation.trials,
    };
    let threads = opts.threads.unwrap_or_else(rayon::current_num_threads);
    super::guard::check(&super::guard::estimate(&scenario, planned_trials, 1, threads, opts.records), opts.allow_large)?;
    let out_dir = opts.out.clone().unwrap_or_else(|| default_out_dir(&scenario));
    output::prepare_dir(&out_dir)
        .map_err(|e| CommandError::Failure(format!("output folder {} is not writable: {e}", out_dir.display())))?;
    let pool = engine::thread_pool(opts.threads).map_err(engine_error)?;
    let cancel = interrupt_flag();
    let progress = Progress::new("simulating", opts.quiet);
    let progress_fn = |d: u64, t: u64| progress.update(d, t);

    let engine = Engine::new(&scenario);
    let mut records_file = if opts.records {
        let mut f = AtomicFile::create(&out_dir.join("records.csv"))
            .map_err(|e| CommandError::Failure(format!("cannot create records.csv: {e}")))?;
        std::io::Write::write_all(&mut f, RECORDS_HEADER.as_bytes()).map_err(|e| CommandError::Failure(e.to_string()))?;
        Some(f)
    } else {
        None
    };
    let mut control = RunControl {
        pool: Some(&pool),
        cancel: Some(cancel),
        progress: Some(&progress_fn),
        records: records_file.as_mut().map(|f| f as &mut dyn std::io::Write),
    };
    let result = match opts.precision {
        None => engine.run(0..scenario.simulation.trials, &mut control).map(|acc| (acc, None)),
        Some(target) => {
            let cap = opts.max_trials.unwrap_or(crate::sweep::precision::DEFAULT_MAX_TRIALS);
            crate::sweep::precision::run_to_precision(&engine, target, opts.precision_metric, cap, &mut control)
                .map(|(acc, stop)| (acc, Some(stop)))
        }
    };
    progress.finish();
    let (acc, stopping) = result.map_err(engine_error)?;
    let mut summary = Summary::build(&scenario, &acc);
    summary.stopping = stopping;

    let files = artifacts(&summary, opts.charts)?;
    let mut written = output::write_all(&out_dir, &files).map_err(|e| CommandError::Failure(format!("cannot write outputs: {e}")))?;
    if let Some(f) = records_file {
        f.commit().map_err(|e| CommandError::Failure(format!("cannot write records.csv: {e}")))?;
        written.push(out_dir.join("records.csv"));
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
