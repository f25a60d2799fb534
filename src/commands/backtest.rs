//! `quotasim backtest HISTORY.csv SCENARIO.toml`: simulate the scenario's
//! baseline for the history's reps and quarters and compare, per
//! rep-quarter, what it simulates with what happened. The verdict is data:
//! the command exits 0 whether the baseline reproduces the history or not.

use std::path::PathBuf;

use super::CommandError;
use super::session::{Session, SimOptions};
use crate::calibrate::backtest::{RecordSink, compare_all, sized, to_json};
use crate::calibrate::fit::panel;
use crate::calibrate::history::{ReadOptions, read_file};
use crate::engine::Engine;
use crate::report;
use crate::report::words::backtest::{table, verdict};

#[derive(Clone, Debug)]
pub struct BacktestOptions {
    pub history: PathBuf,
    pub read: ReadOptions,
    /// The scenario (required), flags shared with the simulating commands.
    pub sim: SimOptions,
    /// The strategy to simulate (default: "baseline", else the first).
    pub strategy: Option<String>,
}

pub fn backtest(opts: &BacktestOptions) -> Result<(), CommandError> {
    opts.sim.refuse_shard("backtest", "it streams every simulated rep-quarter in trial order to compare with the history")?;
    let session = Session::open(&opts.sim)?;
    let history = read_file(&opts.history, &opts.read)?;
    let p = panel::build(&history);
    let scenario = sized(&session.scenario, opts.strategy.as_deref(), &p)?;
    session.guard(scenario.trials(), 1, false)?;
    let options = [
        ("history", opts.history.display().to_string()),
        ("history_sha256", history.sha256.clone()),
        ("strategy", scenario.strategies[0].name.clone()),
        ("reps", scenario.reps().to_string()),
        ("quarters", scenario.quarters().to_string()),
    ];
    let out = session.output("backtest", session.home("backtest"), scenario.trials(), &options)?;
    let mut sink = RecordSink::new();
    let engine = Engine::new(&scenario);
    session.simulate("simulating", Some(&mut sink), |control| engine.run(0..scenario.trials(), control))?;
    let b = compare_all(&history, &p, &scenario, &sink.trials);
    let text = format!("{}\nVerdict\n{}\n", table(&b), verdict(&b));
    let mut files = vec![
        ("backtest.json".to_string(), to_json(&b)),
        ("backtest.csv".to_string(), report::csv::backtest_csv(&b)),
        ("backtest.xlsx".to_string(), report::csv::backtest_xlsx(&b)?),
        ("verdict.txt".to_string(), text.clone().into_bytes()),
    ];
    if session.charts() {
        files.extend(report::charts::backtest_charts(&b)?);
    }
    let written = out.publish(b.trials, files, Vec::new(), &[])?;
    print!("{text}");
    println!();
    for p in &written {
        println!("wrote {}", p.display());
    }
    Ok(())
}
