//! `quotasim serve`'s arguments.

use std::path::PathBuf;

use clap::Args;

use crate::commands::serve::{DEFAULT_PORT, ServeOptions};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Scenario file (TOML). Without it, the built-in default scenario.
    pub scenario: Option<PathBuf>,
    /// Port to listen on (0: any free port, announced).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Address to listen on (default 127.0.0.1: this machine only). Another
    /// address, such as 0.0.0.0, lets other machines reach the page.
    #[arg(long)]
    pub host: Option<String>,
    /// Open the page in a browser (if the system has one).
    #[arg(long)]
    pub open: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..1024))]
    pub threads: Option<u64>,
}

impl ServeArgs {
    pub fn into_options(self) -> ServeOptions {
        ServeOptions {
            scenario: self.scenario,
            port: self.port,
            host: self.host,
            open: self.open,
            threads: self.threads.map(|t| t as usize),
        }
    }
}
