//! Calibration from CRM history: read an export of opportunities, fit the
//! scenario to it with every figure's uncertainty, and compare what the
//! fitted baseline simulates with what happened.
//!
//! - [`history`]: the export read into opportunities (columns, stages, dates,
//!   amounts guessed or given; unusable rows counted by reason);
//! - [`calendar`]: days, weeks and quarters;
//! - [`error`]: what can go wrong with the file and the flags.

pub mod calendar;
pub mod error;
pub mod fit;
pub mod history;

pub use error::{CalibrateError, FlagError, HistoryError};
