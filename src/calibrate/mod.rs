//! Calibration from CRM history: read an export of opportunities, fit the
//! scenario to it with every figure's uncertainty, and compare what the
//! fitted baseline simulates with what happened.
//!
//! - [`history`]: the export read into opportunities (columns, stages, dates,
//!   amounts guessed or given; unusable rows counted by reason);
//! - [`calendar`]: days, weeks and quarters;
//! - [`fit`]: what the history says, each figure with its interval;
//! - [`model`]: realised figures mapped to the model's base settings;
//! - [`solve`]: the meeting rate solved on the engine;
//! - [`shape`]: per-deal shapes of sizes and cycles where the lognormal fits badly;
//! - [`uncertain`], [`writer`]: fitted values and their uncertainty as TOML;
//! - [`export`]: simulated opportunities as a CRM export (`run --history`);
//! - [`synthetic`]: histories drawn from known parameters (tests, benchmarks);
//! - [`build`]: the steps of a calibration; [`report`]: calibration.json;
//! - [`backtest`]: the baseline simulated for the history's reps and quarters, compared;
//! - [`error`]: what can go wrong with the file and the flags.

pub mod backtest;
pub mod build;
pub mod calendar;
mod decide;
pub mod error;
pub mod export;
pub mod fit;
pub mod history;
pub mod model;
pub mod report;
pub mod shape;
pub mod solve;
pub mod synthetic;
pub mod uncertain;
pub mod writer;

pub use build::{CalibrateOptions, Calibration, calibrate};
pub use error::{CalibrateError, FlagError, HistoryError};
