//! The command-line layer: clap arguments in, plain option structs out.
//! Nothing here simulates; [`crate::commands`] does the work.

mod args;
mod merge;
mod sensitivity;
mod serve;
mod solve;

use clap::{CommandFactory, FromArgMatches};

use crate::commands::{self, CommandError};
use args::{Cli, Command};
use merge::{Origin, described};

/// Run the program; returns the process exit code
/// (0 success, 2 bad input, 1 other failure, 130 interrupted).
pub fn main() -> i32 {
    // Raw matches are kept: `sweep` pairs each --values/--range with the
    // --param before it by position.
    let parsed = Cli::command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (cli, matches) = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let args = std::env::args().skip(1).collect();
    let result = dispatch(cli, &matches, &Origin::Process(args));
    match result {
        Ok(()) => 0,
        Err(CommandError::PartialWritten(message)) => {
            println!("{message}");
            0
        }
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    }
}

/// Run the command `cli` names; `origin` says whose command line it is.
fn dispatch(cli: Cli, matches: &clap::ArgMatches, origin: &Origin) -> Result<(), CommandError> {
    match cli.command {
        Command::Run(a) => a.into_options().and_then(|o| commands::run::run(&described(o, "run", origin))),
        Command::Validate(a) => commands::validate::validate(&a.into_options()),
        Command::Init(a) => commands::init::init(&a.into_options()),
        Command::Report(a) => commands::report::report(&a.into_options()),
        Command::Sweep(a) => {
            a.into_options(matches.subcommand_matches("sweep")).and_then(|o| commands::sweep::sweep(&described(o, "sweep", origin)))
        }
        Command::Tornado(a) => a.into_options().and_then(|o| commands::tornado::tornado(&described(o, "tornado", origin))),
        Command::PlanCoverage(a) => {
            a.into_options().and_then(|o| commands::plan_coverage::plan_coverage(&described(o, "plan-coverage", origin)))
        }
        Command::Calibrate(a) => a.into_options().and_then(|o| commands::calibrate::calibrate(&o)),
        Command::Backtest(a) => a.into_options().and_then(|o| commands::backtest::backtest(&described(o, "backtest", origin))),
        Command::Serve(a) => commands::serve::serve(&a.into_options()),
        Command::Solve(a) => a.into_options().and_then(|o| commands::solve::solve(&described(o, "solve", origin))),
        Command::Sensitivity(a) => a.into_options().and_then(|o| commands::sensitivity::sensitivity(&described(o, "sensitivity", origin))),
        Command::Merge(a) => merge::merge(a, origin),
    }
}
