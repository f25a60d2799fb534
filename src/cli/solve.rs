//! `quotasim solve`'s arguments.

use std::path::PathBuf;

use clap::Args;

use super::args::SimArgs;
use crate::commands::CommandError;
use crate::commands::solve::{GoalText, SolveOptions};

pub const SOLVE_HELP: &str = "\
Examples:
  quotasim solve --param team.quota --target share_at_quota=60%
  quotasim solve scenarios/annual-plan.toml --param team.reps --target makes_plan=90%
  quotasim solve --param strategy.spray.touches_per_week --maximize mean
  quotasim solve scenarios/annual-plan.toml --param team.reps --target year.bookings_p10=12M
METRIC is a study metric (share_at_quota, mean, p50, team_at_plan, makes_plan, bookings)
or the path of any number in a strategy's summary.json (attainment.p90, year.bookings_p50).";

#[derive(Args, Debug)]
pub struct SolveArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// The parameter to move: a numeric path (`team.quota`,
    /// `strategy.targeted.touches_per_week`), `team.reps` or `hire.N.reps`.
    #[arg(long, value_name = "PATH")]
    pub param: String,
    /// Bring METRIC to VALUE (`share_at_quota=60%`, `makes_plan=0.9`).
    #[arg(long, value_name = "METRIC=VALUE", group = "goal", required = true)]
    pub target: Option<String>,
    /// Find the value that maximises METRIC.
    #[arg(long, value_name = "METRIC", group = "goal")]
    pub maximize: Option<String>,
    /// Find the value that minimises METRIC.
    #[arg(long, value_name = "METRIC", group = "goal")]
    pub minimize: Option<String>,
    /// Solve for this strategy only (default: each strategy in turn; a
    /// strategy's own path solves for that strategy).
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// The interval searched, `LO:HI` (default: a quarter to four times the
    /// current value, within the parameter's valid range).
    #[arg(long, value_name = "LO:HI", allow_hyphen_values = true)]
    pub within: Option<String>,
    /// Trials of every refining evaluation (default: the scenario's); the
    /// screen uses a quarter of them.
    #[arg(long, value_parser = clap::value_parser!(u64).range(16..))]
    pub trials: Option<u64>,
    #[command(flatten)]
    pub sim: SimArgs,
}

impl SolveArgs {
    pub fn into_options(self) -> Result<SolveOptions, CommandError> {
        let goal = match (self.target, self.maximize, self.minimize) {
            (Some(t), _, _) => {
                let Some((metric, value)) = t.split_once('=') else {
                    return Err(CommandError::usage(format!("--target `{t}`: expected METRIC=VALUE, e.g. `share_at_quota=60%`")));
                };
                GoalText::Target { metric: metric.trim().to_string(), value: value.trim().to_string() }
            }
            (None, Some(m), _) => GoalText::Maximize(m),
            (None, None, Some(m)) => GoalText::Minimize(m),
            (None, None, None) => return Err(CommandError::usage("give --target, --maximize or --minimize")),
        };
        Ok(SolveOptions {
            param: self.param,
            goal,
            strategy: self.strategy,
            within: self.within,
            sim: self.sim.options(self.scenario, self.trials),
        })
    }
}
