//! The command-line layer: clap arguments in, plain option structs out.
//! Nothing here simulates; [`crate::commands`] does the work.

mod args;

use clap::Parser;

use crate::commands::{self, CommandError};
use args::{Cli, Command};

/// Run the program; returns the process exit code
/// (0 success, 2 bad input, 1 other failure, 130 interrupted).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
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
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{}", e.render());
            e.exit_code()
        }
    }
}

impl From<String> for CommandError {
    fn from(s: String) -> Self {
        CommandError::Usage(s)
    }
}
