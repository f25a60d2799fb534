//! Raw command-line arguments (clap derive) and their conversion into the
//! option structs of [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::{CommandError, InitOptions, ReportOptions, RunOptions, ScenarioOptions, ValidateOptions};
use crate::sweep::Metric;

#[derive(Parser, Debug)]
#[command(
    name = "quotasim",
    version,
    about = "Monte Carlo quota simulator: what prospecting volume and pipeline-coverage policies do to the distribution of quota attainment",
    after_help = "Run `quotasim run` to simulate the built-in default scenario, `quotasim init my.toml` to start your own."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate a scenario and report the attainment distribution per strategy.
    Run(RunArgs),
    /// Check a scenario and print its resolved parameters per strategy.
    Validate(ValidateArgs),
    /// Write a fully commented starter scenario.
    Init(InitArgs),
    /// Re-render charts and report.html from a run's summary.json, without simulating.
    Report(ReportArgs),
}

#[derive(Args, Debug)]
pub struct ScenarioArgs {
    /// Override a parameter: PATH=VALUE, e.g. `policy.coverage_target=8` or
    /// `strategy.targeted.touches_per_week=60` (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// Number of trials (overrides the scenario's simulation.trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    /// Master seed (overrides simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output folder (default: output/<scenario-name>/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
    /// Print the summary JSON on stdout and nothing else there.
    #[arg(long)]
    pub json: bool,
    /// Also write records.csv, one row per rep-quarter (streamed to disk).
    #[arg(long)]
    pub records: bool,
    /// Do not show the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip charts and report.html (summary files only).
    #[arg(long)]
    pub no_charts: bool,
    /// Keep adding trials until the 95% half-width of --metric is below E
    /// (e.g. 0.005 = half a percentage point of share at quota).
    #[arg(long, value_name = "E")]
    pub precision: Option<f64>,
    /// Metric for --precision: share_at_quota, mean or p50.
    #[arg(long, default_value = "share_at_quota", value_name = "METRIC")]
    pub metric: String,
    /// Trial cap for --precision (default 100000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_trials: Option<u64>,
    /// Run even if the job is estimated to take over 30 minutes or to write
    /// over 5 GB of records.
    #[arg(long)]
    pub allow_large: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// A run's output folder (holding summary.json).
    pub dir: PathBuf,
}

impl ReportArgs {
    pub fn into_options(self) -> ReportOptions {
        ReportOptions { dir: self.dir }
    }
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to write the scenario.
    #[arg(default_value = "scenario.toml")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

impl RunArgs {
    pub fn into_options(self) -> Result<RunOptions, CommandError> {
        let metric = Metric::parse(&self.metric)
            .ok_or_else(|| CommandError::Usage(format!("--metric `{}`: expected share_at_quota, mean or p50", self.metric)))?;
        if let Some(e) = self.precision.filter(|e| !(e.is_finite() && *e > 0.0)) {
            return Err(CommandError::Usage(format!("--precision {e}: expected a positive half-width such as 0.005")));
        }
        Ok(RunOptions {
            charts: !self.no_charts,
            precision: self.precision,
            precision_metric: metric,
            max_trials: self.max_trials,
            allow_large: self.allow_large,
            scenario: ScenarioOptions { path: self.scenario, sets: self.scenario_args.set, trials: self.trials, seed: self.seed },
            threads: self.threads.map(|t| t as usize),
            out: self.out,
            json: self.json,
            records: self.records,
            quiet: self.quiet,
        })
    }
}

impl ValidateArgs {
    pub fn into_options(self) -> ValidateOptions {
        ValidateOptions { scenario: ScenarioOptions { path: Some(self.scenario), sets: self.scenario_args.set, trials: None, seed: None } }
    }
}

impl InitArgs {
    pub fn into_options(self) -> InitOptions {
        InitOptions { path: self.path, force: self.force }
    }
}
