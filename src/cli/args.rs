//! Raw command-line arguments (clap derive) and their conversion into the
//! option structs of [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use clap::ArgMatches;

use crate::calibrate::history::{DateOrder, ReadOptions, StageRules};
use crate::commands::backtest::BacktestOptions;
use crate::commands::calibrate::CalibrateCmdOptions;
use crate::commands::plan_coverage::PlanOptions;
use crate::commands::shard::Split;
use crate::commands::sweep::SweepOptions;
use crate::commands::tornado::TornadoOptions;
use crate::commands::{CommandError, InitOptions, ReportOptions, RunOptions, ScenarioOptions, SimOptions, ValidateOptions};
use crate::engine::ShardSpec;
use crate::scenario::ValueSpec;
use crate::study::tornado::parse_swing;
use crate::study::{Objective, parse_metric};

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
    /// Simulate every point of a 1-D or 2-D grid of parameter values (same reps
    /// and draws at every point).
    #[command(after_help = SWEEP_HELP)]
    Sweep(SweepArgs),
    /// Rank every numeric parameter by how much a low/high swing moves the metric.
    Tornado(TornadoArgs),
    /// Find the coverage target (and counting rule) that maximises the metric.
    #[command(name = "plan-coverage")]
    PlanCoverage(PlanArgs),
    /// Fit a scenario to a CRM export of opportunities (Salesforce, HubSpot,
    /// Pipedrive or any CSV), every fitted value with its uncertainty.
    #[command(after_help = CALIBRATE_HELP)]
    Calibrate(CalibrateArgs),
    /// Simulate a scenario for a history's reps and quarters and compare it,
    /// rep-quarter by rep-quarter, with what happened.
    Backtest(BacktestArgs),
    /// Serve a local what-if page: change settings, see the answer at once.
    Serve(super::serve::ServeArgs),
    /// Goal seek: the value of one parameter that brings a metric to a
    /// target, or maximises or minimises it, with the answer's interval.
    #[command(after_help = super::solve::SOLVE_HELP)]
    Solve(super::solve::SolveArgs),
    /// Which uncertainty matters: Sobol indices over the uncertain inputs
    /// (luck separated), or a Morris screen of every setting.
    #[command(after_help = super::sensitivity::SENSITIVITY_HELP)]
    Sensitivity(super::sensitivity::SensitivityArgs),
    /// Merge the partials of a job run as shards (`--shard K/N`) into the
    /// files one process would have written.
    #[command(after_help = super::merge::MERGE_HELP)]
    Merge(super::merge::MergeArgs),
}

const CALIBRATE_HELP: &str = "\
Columns, stages and date formats are guessed; every guess can be given instead:
  quotasim calibrate crm.csv -o calibrated.toml
  quotasim calibrate deals.csv --columns owner=\"Sales Rep\",created=Opened,stage=Status,closed=\"Closed On\",amount=Value \\
      --won Signed --lost \"Closed - No\" --date-format dmy
Then check the baseline against the history:
  quotasim backtest crm.csv calibrated.toml";

/// How to read a CRM history: every flag overrides a guess.
#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// The column of each role: `owner=Sales Rep,created=Created On,...`
    /// (roles: id, owner, created, qualified, closed, stage, amount, segment,
    /// currency; `qualified=` leaves a role out). Repeatable.
    #[arg(long = "columns", value_name = "ROLE=COLUMN,...")]
    pub columns: Vec<String>,
    /// Stage values that mean won, comma-separated (replaces the guess).
    #[arg(long, value_name = "VALUES")]
    pub won: Option<String>,
    /// Stage values that mean lost, comma-separated (replaces the guess).
    #[arg(long, value_name = "VALUES")]
    pub lost: Option<String>,
    /// Stage values that mean still open, comma-separated (replaces the guess).
    #[arg(long, value_name = "VALUES")]
    pub open: Option<String>,
    /// Order of numeric dates: ymd, mdy (03/15/2024) or dmy (15/03/2024), or
    /// a pattern such as MM/DD/YYYY.
    #[arg(long, value_name = "ORDER")]
    pub date_format: Option<String>,
    /// The day the export was taken (YYYY-MM-DD); default: its latest date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

impl HistoryArgs {
    fn options(&self) -> Result<ReadOptions, CommandError> {
        let stage = |flag: &'static str, v: &Option<String>| v.as_deref().map(|t| StageRules::values(flag, t)).transpose();
        let as_of = match self.as_of.as_deref() {
            None => None,
            Some(t) => match crate::calibrate::history::dates::shape(t) {
                crate::calibrate::history::dates::Shape::Known(d) => Some(d),
                _ => return Err(CommandError::usage(format!("--as-of {t}: expected a date such as 2024-12-31"))),
            },
        };
        Ok(ReadOptions {
            columns: crate::calibrate::history::columns::parse_flag(&self.columns)?,
            stages: StageRules { won: stage("--won", &self.won)?, lost: stage("--lost", &self.lost)?, open: stage("--open", &self.open)? },
            date_order: self.date_format.as_deref().map(DateOrder::parse_flag).transpose()?,
            as_of,
        })
    }
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// The CRM export: one row per opportunity (CSV).
    pub history: PathBuf,
    /// Where to write the calibrated scenario.
    #[arg(short = 'o', long = "output", default_value = "calibrated.toml", value_name = "SCENARIO")]
    pub output: PathBuf,
    #[command(flatten)]
    pub history_args: HistoryArgs,
    /// Scenario whose settings fill what history cannot tell (touches,
    /// connect rate, hours, policy, fit). Default: the built-in default.
    #[arg(long, value_name = "SCENARIO")]
    pub template: Option<PathBuf>,
    /// The template's strategy whose motion the baseline keeps (default: its first).
    #[arg(long, value_name = "NAME")]
    pub template_strategy: Option<String>,
    /// Quota per rep per quarter (default: the template's).
    #[arg(long, value_name = "AMOUNT")]
    pub quota: Option<f64>,
    /// Write the fitted values alone, without their uncertainty.
    #[arg(long)]
    pub point_estimates: bool,
    /// Name of the calibrated scenario (default: "Calibrated from FILE").
    #[arg(long)]
    pub name: Option<String>,
    /// Folder for calibration.json and the charts (default: output/calibrate-<history>/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Skip the charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Overwrite an output scenario that `calibrate` did not write.
    #[arg(long)]
    pub force: bool,
    /// Worker threads for the simulations that solve the meeting rate.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
}

impl CalibrateArgs {
    pub fn into_options(self) -> Result<CalibrateCmdOptions, CommandError> {
        Ok(CalibrateCmdOptions {
            read: self.history_args.options()?,
            history: self.history,
            output: self.output,
            out: self.out,
            template: self.template,
            template_strategy: self.template_strategy,
            quota: self.quota,
            point_estimates: self.point_estimates,
            name: self.name,
            charts: !self.no_charts,
            force: self.force,
            threads: self.threads.map(|t| t as usize),
        })
    }
}

#[derive(Args, Debug)]
pub struct BacktestArgs {
    /// The CRM export the scenario was calibrated on (or any history of the team).
    pub history: PathBuf,
    /// The scenario to test (as `calibrate` wrote it, or any).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub history_args: HistoryArgs,
    /// The strategy to simulate (default: "baseline", else the first).
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// Simulated histories (overrides simulation.trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    #[command(flatten)]
    pub sim: SimArgs,
}

impl BacktestArgs {
    pub fn into_options(self) -> Result<BacktestOptions, CommandError> {
        Ok(BacktestOptions {
            read: self.history_args.options()?,
            history: self.history,
            sim: self.sim.options(Some(self.scenario), self.trials),
            strategy: self.strategy,
        })
    }
}

const SWEEP_HELP: &str = "\
Each --param is followed by its own --values or --range:
  quotasim sweep s.toml --param policy.coverage_target --range 1:8:0.5
  quotasim sweep s.toml --param policy.coverage_target --values 2,3,4 --param selling.win_rate --range 0.2:0.35:0.05
A second --param makes a 2-D grid (first parameter outer). Without --param, the
scenario's [[sweep]] tables are run (all of them, or the one named by --name).";

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
    #[command(flatten)]
    pub sim: SimArgs,
    /// Print the summary JSON on stdout and nothing else there.
    #[arg(long)]
    pub json: bool,
    /// Also write records.csv, one row per rep-quarter (streamed to disk).
    #[arg(long)]
    pub records: bool,
    /// Also write the opportunities of trial 0 as a CRM export
    /// (id,owner,created,qualified,closed,stage,amount), which
    /// `quotasim calibrate` reads as it is.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// The strategy whose opportunities --history writes (default: the first).
    #[arg(long, value_name = "NAME", requires = "history")]
    pub history_strategy: Option<String>,
    #[command(flatten)]
    pub precision: PrecisionArgs,
}

/// Precision-targeted runs, shared by `run` and `sweep`.
#[derive(Args, Debug)]
pub struct PrecisionArgs {
    /// Keep adding trials (in a sweep, the same at every point) until the 95%
    /// half-width of --metric is below E for every strategy (e.g. 0.005 = half
    /// a percentage point of share at quota).
    #[arg(long, value_name = "E")]
    pub precision: Option<f64>,
    /// Metric for --precision.
    #[arg(long, default_value = "share_at_quota", value_name = "METRIC", value_parser = metric_values())]
    pub metric: String,
    /// Trial cap for --precision (default 100000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_trials: Option<u64>,
}

/// The `--metric` values with their meanings, from the objective table.
pub(super) fn metric_values() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::study::OBJECTIVES.iter().map(|d| {
        let help = if d.needs_year { format!("{} (4 quarters or more)", d.label) } else { d.label.to_string() };
        clap::builder::PossibleValue::new(d.key).help(help)
    }))
}

impl PrecisionArgs {
    /// The checked target and metric.
    fn checked(&self) -> Result<(Option<f64>, Objective), CommandError> {
        let metric = parse_metric(&self.metric)?;
        if let Some(e) = self.precision.filter(|e| !(e.is_finite() && *e > 0.0)) {
            return Err(CommandError::usage(format!("--precision {e}: expected a positive half-width such as 0.005")));
        }
        Ok((self.precision, metric))
    }
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
    /// The scenario's name, which names its output folder (default: asked
    /// for on a terminal, else the file's name).
    #[arg(long)]
    pub name: Option<String>,
}

impl RunArgs {
    pub fn into_options(self) -> Result<RunOptions, CommandError> {
        let (precision, metric) = self.precision.checked()?;
        Ok(RunOptions {
            sim: self.sim.options(self.scenario, self.trials),
            precision,
            precision_metric: metric,
            max_trials: self.precision.max_trials,
            json: self.json,
            records: self.records,
            history: self.history,
            history_strategy: self.history_strategy,
        })
    }
}

impl ValidateArgs {
    pub fn into_options(self) -> ValidateOptions {
        ValidateOptions {
            scenario: ScenarioOptions { path: Some(self.scenario), sets: self.scenario_args.set, trials: None, seed: None, text: None },
        }
    }
}

impl InitArgs {
    pub fn into_options(self) -> InitOptions {
        InitOptions { path: self.path, force: self.force, name: self.name }
    }
}

/// Options every simulating command shares.
#[derive(Args, Debug)]
pub struct SimArgs {
    /// Master seed (overrides simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output folder (default: output/<scenario-name>/; sweeps, tornado and
    /// plans use a subfolder of it).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
    /// Do not show the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip charts and report.html (tables and data files only).
    #[arg(long)]
    pub no_charts: bool,
    /// Run even if the job is estimated to take over 10 minutes (or, with
    /// --records, to write over 5 GB).
    #[arg(long)]
    pub allow_large: bool,
    /// Simulate only shard K of N (K from 0 to N-1, as Slurm array task ids
    /// and Kubernetes completion indexes count) and write its partial to
    /// --out (default output/<scenario>/shards/); `quotasim merge` then
    /// writes the job's files from the N partials.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<ShardSpec>,
}

/// `K/N`: shard K of N, K from 0.
fn parse_shard(text: &str) -> Result<ShardSpec, String> {
    let (k, n) = text.split_once('/').ok_or("expected K/N, such as 0/8 for the first of 8 shards")?;
    let n: u32 = n.trim().parse().map_err(|_| format!("N must be a whole number of shards, not {n:?}"))?;
    let k: u32 = k.trim().parse().map_err(|_| format!("K must be a whole number from 0 to N-1, not {k:?}"))?;
    if n == 0 {
        return Err("a job needs at least 1 shard".into());
    }
    if k >= n {
        return Err(format!("shards are numbered 0 to {} (from 0, as Slurm array task ids and Kubernetes completion indexes are)", n - 1));
    }
    Ok(ShardSpec { index: k, count: n })
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// Parameter path to sweep (e.g. `policy.coverage_target`,
    /// `strategy.targeted.touches_per_week`); follow it with --values or --range.
    /// Give two for a 2-D grid.
    #[arg(long = "param", value_name = "PATH")]
    pub param: Vec<String>,
    /// Values for the preceding --param: `A,B,C`.
    #[arg(long = "values", value_name = "A,B,C", allow_hyphen_values = true)]
    pub values: Vec<String>,
    /// Values for the preceding --param: `START:END:STEP`, END included.
    #[arg(long = "range", value_name = "START:END:STEP", allow_hyphen_values = true)]
    pub range: Vec<String>,
    /// Name of the sweep (output folder sweep-NAME); without --param, the
    /// scenario's [[sweep]] of that name.
    #[arg(long)]
    pub name: Option<String>,
    /// Trials per point (overrides simulation.trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub precision: PrecisionArgs,
}

#[derive(Args, Debug)]
pub struct TornadoArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// How far fixed values move each way: `20%` or `0.2`. Uncertain values
    /// move to their P10 and P90 instead.
    #[arg(long, default_value = "20%")]
    pub swing: String,
    /// What the bars measure.
    #[arg(long, default_value = "share_at_quota", value_name = "METRIC", value_parser = metric_values())]
    pub metric: String,
    /// Trials per variant (default 200, or the scenario's if fewer: paired
    /// differences need far fewer trials than absolute levels).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    #[command(flatten)]
    pub sim: SimArgs,
}

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// Coverage targets to try: `START:END:STEP` or `A,B,C`.
    #[arg(long, default_value = crate::study::plan::DEFAULT_TARGETS, allow_hyphen_values = true)]
    pub targets: String,
    /// Plan this strategy only (default: each strategy in turn).
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// What to maximise.
    #[arg(long, default_value = "share_at_quota", value_name = "METRIC", value_parser = metric_values())]
    pub metric: String,
    /// The practical answer is the smallest target at most this many
    /// percentage points of the metric below the best.
    #[arg(long, default_value = "1", value_name = "POINTS", allow_hyphen_values = true)]
    pub tolerance: String,
    /// Trials per target in the screen that ranks every target (default: a
    /// tenth of the trials, 100 to 150, for a trial of 40 reps and four
    /// quarters; fewer for bigger trials); the best and the practical answer
    /// are then confirmed with more.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub screen_trials: Option<u64>,
    /// The confirmation adds trials until each candidate's figure is known to
    /// this many percentage points (95% Monte Carlo half-width; default: half
    /// the tolerance), up to the trials; 0 = confirm with every trial.
    #[arg(long, value_name = "POINTS", allow_hyphen_values = true)]
    pub confirm_precision: Option<String>,
    /// Most trials per confirmed candidate (overrides simulation.trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    #[command(flatten)]
    pub sim: SimArgs,
}

impl SimArgs {
    /// The resolved options every simulating command shares.
    pub(super) fn options(self, path: Option<PathBuf>, trials: Option<u64>) -> SimOptions {
        SimOptions {
            scenario: ScenarioOptions { path, sets: self.scenario_args.set, trials, seed: self.seed, text: None },
            threads: self.threads.map(|t| t as usize),
            out: self.out,
            quiet: self.quiet,
            allow_large: self.allow_large,
            charts: !self.no_charts,
            split: self.shard.map_or(Split::Whole, Split::Shard),
            job: Default::default(),
        }
    }
}

/// `A,B,C` or `START:END:STEP`.
fn value_spec(flag: &str, text: &str) -> Result<ValueSpec, CommandError> {
    let spec = if text.contains(':') { ValueSpec::parse_range(text) } else { ValueSpec::parse_list(text) };
    spec.map_err(|m| CommandError::usage(format!("{flag} {m}")))
}

impl SweepArgs {
    /// `matches` are this subcommand's, for the positions of --param,
    /// --values and --range: each value list belongs to the --param before it.
    pub fn into_options(self, matches: Option<&ArgMatches>) -> Result<SweepOptions, CommandError> {
        let (precision, metric) = self.precision.checked()?;
        let idx = |id: &str| -> Vec<usize> { matches.and_then(|m| m.indices_of(id)).map(|i| i.collect()).unwrap_or_default() };
        let params: Vec<(usize, String)> = idx("param").into_iter().zip(self.param.iter().cloned()).collect();
        let mut specs: Vec<(usize, &str, String)> =
            idx("values").into_iter().zip(self.values.iter().cloned()).map(|(i, v)| (i, "--values", v)).collect();
        specs.extend(idx("range").into_iter().zip(self.range.iter().cloned()).map(|(i, v)| (i, "--range", v)));
        specs.sort_by_key(|s| s.0);
        if params.len() > 2 {
            return Err(CommandError::usage(format!("{} --param given: a sweep has one or two parameters", params.len())));
        }
        let mut axes: Vec<(String, Option<ValueSpec>)> = params.iter().map(|(_, p)| (p.clone(), None)).collect();
        for (pos, flag, text) in specs {
            let Some(k) = params.iter().rposition(|(i, _)| *i < pos) else {
                return Err(CommandError::usage(format!("{flag} {text}: give --param PATH first, then its {flag}")));
            };
            if axes[k].1.is_some() {
                return Err(CommandError::usage(format!("--param {} has more than one --values/--range", axes[k].0)));
            }
            let spec = if flag == "--range" {
                ValueSpec::parse_range(&text).map_err(|m| CommandError::usage(format!("--range {m}")))?
            } else {
                ValueSpec::parse_list(&text).map_err(|m| CommandError::usage(format!("--values {m}")))?
            };
            axes[k].1 = Some(spec);
        }
        let axes = axes
            .into_iter()
            .map(|(p, s)| match s {
                Some(s) => Ok((p, s)),
                None => Err(CommandError::usage(format!("--param {p} needs --values A,B,C or --range START:END:STEP after it"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SweepOptions {
            sim: self.sim.options(self.scenario, self.trials),
            axes,
            name: self.name,
            precision,
            metric,
            max_trials: self.precision.max_trials,
        })
    }
}

impl TornadoArgs {
    pub fn into_options(self) -> Result<TornadoOptions, CommandError> {
        Ok(TornadoOptions {
            swing: parse_swing(&self.swing)?,
            metric: parse_metric(&self.metric)?,
            sim: self.sim.options(self.scenario, None),
            trials: self.trials,
        })
    }
}

impl PlanArgs {
    pub fn into_options(self) -> Result<PlanOptions, CommandError> {
        Ok(PlanOptions {
            targets: value_spec("--targets", &self.targets)?,
            metric: parse_metric(&self.metric)?,
            tolerance: crate::study::plan::parse_tolerance(&self.tolerance)?,
            screen_trials: self.screen_trials,
            confirm_precision: self
                .confirm_precision
                .as_deref()
                .map(|t| crate::study::plan::parse_points("--confirm-precision", t))
                .transpose()?,
            sim: self.sim.options(self.scenario, self.trials),
            strategy: self.strategy,
        })
    }
}
