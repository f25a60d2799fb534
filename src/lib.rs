//! quotasim: a Monte Carlo simulator of quota attainment under prospecting
//! strategies and pipeline-coverage policies.
//!
//! - [`calibrate`]: CRM histories read, fitted into a scenario, and backtested against it;
//! - [`scenario`]: scenario files, validation, defaults, `--set` paths;
//! - [`engine`]: the one trial loop (driver), the rep-quarter kernel and the parallel runner;
//! - [`numeric`]: random streams, samplers and special functions (no model knowledge);
//! - [`stats`]: mergeable accumulators, intervals and the run summary;
//! - [`report`]: terminal table, JSON and CSV exporters (pure functions to bytes);
//! - [`study`]: sweeps, tornado, coverage planning, precision-targeted runs (data, no prose);
//! - [`output`]: the one place that writes files (atomically);
//! - [`shard`]: jobs split across machines: partials and the checks that merge them;
//! - [`serve`]: the local what-if page (`quotasim serve`): its routes, inputs and limits;
//! - [`commands`]: what each command does, from plain option structs;
//! - [`cli`]: argument parsing, turned into plain option structs.

pub mod calibrate;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod numeric;
pub mod output;
pub mod report;
pub mod scenario;
pub mod serve;
pub mod shard;
pub mod stats;
pub mod study;
