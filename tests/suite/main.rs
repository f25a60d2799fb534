//! The integration tests, one module per area, in one binary: one link of
//! the program instead of one per file. Run one area with a filter:
//! `cargo test --test suite cli::`.

mod common;

mod analytic;
mod calibrate;
mod cli;
mod correlation;
mod crm_fixtures;
mod fuzz_scenario;
mod hardening;
mod history;
mod input_space;
mod inputs;
mod kernel_builds;
mod memory;
mod outcome;
mod outputs;
mod readme;
mod report;
mod report_territory;
mod report_year;
mod reports;
mod sensitivity;
mod serve_api;
mod serve_browser;
mod shape;
mod shard;
mod solve;
mod sweep;
mod territory;
mod year;
