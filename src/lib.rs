//! quotasim: a Monte Carlo simulator of quota attainment under prospecting
//! strategies and pipeline-coverage policies.
//!
//! - [`scenario`]: scenario files, validation, defaults, `--set` paths;
//! - [`engine`]: the rep-quarter kernel, seeding and the parallel runner;
//! - [`stats`]: mergeable accumulators, intervals and the run summary;
//! - [`report`]: terminal table, JSON and CSV exporters (pure functions to bytes);
//! - [`sweep`]: sweeps, tornado, coverage planning, precision-targeted runs;
//! - [`output`]: the one place that writes files (atomically);
//! - [`commands`]: what each command does, from plain option structs;
//! - [`cli`]: argument parsing, turned into plain option structs.

pub mod cli;
pub mod commands;
pub mod engine;
pub mod output;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod sweep;
