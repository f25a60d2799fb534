//! `quotasim sensitivity`'s arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{SimArgs, metric_values};
use crate::commands::CommandError;
use crate::commands::sensitivity::{Method, SensitivityOptions};
use crate::study::parse_metric;
use crate::study::tornado::parse_swing;

pub const SENSITIVITY_HELP: &str = "\
Examples:
  quotasim sensitivity scenarios/uncertain-inputs.toml             # Sobol over its uncertain inputs
  quotasim sensitivity scenarios/uncertain-inputs.toml --metric mean --rows 4000
  quotasim sensitivity                                            # nothing uncertain: a Morris screen
Sobol splits how a metric varies from year to year between the uncertain inputs and luck;
Morris ranks every numeric setting by how much it moves the metric over its swing.";

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    Sobol,
    Morris,
}

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// sobol (over the uncertain inputs) or morris (every numeric setting);
    /// default: sobol when the scenario has uncertain inputs, else morris.
    #[arg(long)]
    pub method: Option<MethodArg>,
    /// The metric analysed.
    #[arg(long, default_value = "share_at_quota", value_name = "METRIC", value_parser = metric_values())]
    pub metric: String,
    /// Sobol: rows of the design (each simulates 2 trials per variant; more
    /// rows, narrower intervals; default 2,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(50..))]
    pub rows: Option<u64>,
    /// Morris: trajectories (default 10).
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..1000))]
    pub trajectories: Option<u64>,
    /// Morris: trials per point (default 100, or the scenario's if fewer).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    /// Morris: how far fixed values move each way, like tornado's.
    #[arg(long, default_value = "20%")]
    pub swing: String,
    #[command(flatten)]
    pub sim: SimArgs,
}

impl SensitivityArgs {
    pub fn into_options(self) -> Result<SensitivityOptions, CommandError> {
        Ok(SensitivityOptions {
            method: self.method.map(|m| match m {
                MethodArg::Sobol => Method::Sobol,
                MethodArg::Morris => Method::Morris,
            }),
            metric: parse_metric(&self.metric)?,
            rows: self.rows,
            trajectories: self.trajectories.map(|t| t as usize),
            trials: self.trials,
            swing: parse_swing(&self.swing)?,
            sim: self.sim.options(self.scenario, None),
        })
    }
}
