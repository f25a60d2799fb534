//! The command-line layer: clap arguments in, plain option structs out.
//! Nothing here simulates; [`crate::commands`] does the work.

mod args;
mod sensitivity;
mod serve;
mod solve;

use clap::{CommandFactory, FromArgMatches};

use crate::commands;
use args::{Cli, Command};

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
    let result = match cli.command {
        Command::Run(a) => a.into_options().and_then(|o| commands::run::run(&o)),
        Command::Validate(a) => commands::validate::validate(&a.into_options()),
        Command::Init(a) => commands::init::init(&a.into_options()),
        Command::Report(a) => commands::report::report(&a.into_options()),
        Command::Sweep(a) => a.into_options(matches.subcommand_matches("sweep")).and_then(|o| commands::sweep::sweep(&o)),
        Command::Tornado(a) => a.into_options().and_then(|o| commands::tornado::tornado(&o)),
        Command::PlanCoverage(a) => a.into_options().and_then(|o| commands::plan_coverage::plan_coverage(&o)),
        Command::Calibrate(a) => a.into_options().and_then(|o| commands::calibrate::calibrate(&o)),
        Command::Backtest(a) => a.into_options().and_then(|o| commands::backtest::backtest(&o)),
        Command::Serve(a) => commands::serve::serve(&a.into_options()),
        Command::Solve(a) => a.into_options().and_then(|o| commands::solve::solve(&o)),
        Command::Sensitivity(a) => a.into_options().and_then(|o| commands::sensitivity::sensitivity(&o)),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    }
}
