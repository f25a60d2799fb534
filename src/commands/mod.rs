//! What each command does, from plain option structs: load and check the
//! scenario, run the engine, build the summary, hand bytes to [`crate::output`].

pub mod backtest;
pub mod calibrate;
pub mod guard;
pub mod init;
pub mod merge;
pub mod outdir;
pub mod plan_coverage;
pub mod report;
pub mod run;
pub mod sensitivity;
pub mod serve;
pub mod session;
pub mod shard;
pub mod solve;
pub mod sweep;
pub mod tornado;
pub mod validate;

use std::path::PathBuf;

pub use session::SimOptions;

use crate::engine::EngineError;
use crate::report::charts::ChartError;
use crate::scenario::{Scenario, ScenarioError, ScenarioErrors, apply_override, parse_override};

/// Where the scenario comes from and what the command line changes in it.
#[derive(Clone, Debug, Default)]
pub struct ScenarioOptions {
    /// None = the built-in default scenario.
    pub path: Option<PathBuf>,
    /// `PATH=VALUE` overrides, applied in order.
    pub sets: Vec<String>,
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    /// The scenario file's text, already read (a merge replays the shards'):
    /// `path` then only names it.
    pub text: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    pub sim: SimOptions,
    pub json: bool,
    pub records: bool,
    /// Where to write trial 0's opportunities as a CRM export, and of which
    /// strategy (default: the first).
    pub history: Option<PathBuf>,
    pub history_strategy: Option<String>,
    /// Precision target: keep adding trials until the 95% half-width of
    /// `precision_metric` is below this (see `crate::study::precision`).
    pub precision: Option<f64>,
    pub precision_metric: crate::study::Objective,
    /// Trial cap for precision-targeted runs.
    pub max_trials: Option<u64>,
}

/// `quotasim report OUTPUT_DIR`: re-render charts and report.html from summary.json.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub dir: PathBuf,
}

#[derive(Clone, Debug)]
pub struct ValidateOptions {
    pub scenario: ScenarioOptions,
}

#[derive(Clone, Debug)]
pub struct InitOptions {
    pub path: PathBuf,
    pub force: bool,
    /// The new scenario's name (None: asked for on a terminal, else the file's stem).
    pub name: Option<String>,
}

/// A flag, argument or input file that cannot be used, with why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A command's failure. The exit code follows from its kind: bad input
/// (scenario, override, flag, argument) 2, interrupted 130, anything else 1.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Invalid scenario or override.
    #[error("{}", scenario_message(.0))]
    Scenario(#[from] ScenarioErrors),
    /// Invalid flag combination, argument or input file.
    #[error("error: {0}")]
    Usage(#[from] UsageError),
    /// Stopped by Ctrl-C.
    #[error("interrupted: stopped before finishing; no output files were written or changed")]
    Interrupted,
    /// A file or folder could not be written.
    #[error("error: {context}: {source}")]
    Output { context: String, source: std::io::Error },
    #[error("error: cannot draw charts: {0}")]
    Charts(#[from] ChartError),
    #[error("error: cannot build the spreadsheet: {0}")]
    Spreadsheet(#[from] rust_xlsxwriter::XlsxError),
    /// The simulation failed (threads, records, or a bug caught in a worker).
    #[error("error: {0}")]
    Engine(EngineError),
    /// Not a failure: a shard stops once it has written its partial (see
    /// [`shard`]); the message says where it is.
    #[error("{0}")]
    PartialWritten(String),
}

fn scenario_message(e: &ScenarioErrors) -> String {
    let n = e.0.len();
    let head = if n == 1 { "error: invalid scenario".to_string() } else { format!("error: invalid scenario ({n} problems)") };
    format!("{head}\n{e}")
}

impl CommandError {
    pub fn usage(message: impl Into<String>) -> CommandError {
        CommandError::Usage(UsageError(message.into()))
    }

    /// A write that failed, with what was being written.
    pub fn output(context: impl Into<String>, source: std::io::Error) -> CommandError {
        CommandError::Output { context: context.into(), source }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            CommandError::PartialWritten(_) => 0,
            CommandError::Scenario(_) | CommandError::Usage(_) => 2,
            CommandError::Interrupted => 130,
            CommandError::Output { .. } | CommandError::Charts(_) | CommandError::Spreadsheet(_) | CommandError::Engine(_) => 1,
        }
    }
}

impl From<EngineError> for CommandError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Interrupted => CommandError::Interrupted,
            EngineError::Partials(why) => CommandError::usage(format!("cannot merge: the partials do not hold this job: {why}")),
            other => CommandError::Engine(other),
        }
    }
}

/// Domain errors that are the user's input: exit code 2.
macro_rules! usage_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for CommandError {
            fn from(e: $t) -> Self {
                CommandError::usage(e.to_string())
            }
        }
    )*};
}
usage_errors!(
    crate::study::UnknownMetric,
    crate::study::tornado::SwingError,
    crate::study::grid::GridError,
    crate::study::plan::ToleranceError,
    crate::calibrate::HistoryError,
    crate::calibrate::FlagError
);

impl From<crate::calibrate::CalibrateError> for CommandError {
    fn from(e: crate::calibrate::CalibrateError) -> Self {
        match e {
            crate::calibrate::CalibrateError::Input(m) => CommandError::usage(m),
            crate::calibrate::CalibrateError::Engine(e) => e.into(),
        }
    }
}

impl From<ScenarioError> for CommandError {
    fn from(e: ScenarioError) -> Self {
        CommandError::Scenario(ScenarioErrors::single(e))
    }
}

/// Load the scenario and apply the command line's overrides to it.
pub fn load_scenario(opts: &ScenarioOptions) -> Result<Scenario, CommandError> {
    let mut scenario = match (&opts.text, &opts.path) {
        (Some(text), path) => {
            let label = path.as_ref().map_or_else(|| crate::scenario::BUILTIN_LABEL.to_string(), |p| p.display().to_string());
            Scenario::from_toml(text, &label)?
        }
        (None, Some(p)) => Scenario::load(p)?,
        (None, None) => Scenario::builtin(),
    };
    let mut errors = Vec::new();
    for s in &opts.sets {
        match parse_override(s).and_then(|(p, v)| apply_override(&mut scenario, &p, &v)) {
            Ok(()) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(CommandError::Scenario(ScenarioErrors(errors)));
    }
    scenario.check_consistency()?;
    if let Some(t) = opts.trials {
        scenario.counts[crate::scenario::Count::Trials] = t;
    }
    if let Some(s) = opts.seed {
        scenario.counts[crate::scenario::Count::Seed] = s;
    }
    Ok(scenario)
}

pub mod progress;

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

/// The flag Ctrl-C sets; long runs poll it between chunks and stop promptly.
pub fn interrupt_flag() -> &'static AtomicBool {
    static FLAG: OnceLock<&'static AtomicBool> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        // If a handler cannot be installed, Ctrl-C keeps its default meaning
        // (immediate exit), which still leaves no partial files.
        let _ = ctrlc::set_handler(move || {
            if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
                // Second Ctrl-C: the user insists.
                std::process::exit(130);
            }
        });
        flag
    })
}
