//! Sweeps, sensitivity (tornado) and coverage-target planning, all built on
//! common random numbers so that differences between points are paired.
//!
//! - [`grid`]: sweep axes (path + values, range-checked) and the points of a 1-D or 2-D grid;
//! - [`runner`]: runs many scenario variants in lockstep groups, in deterministic
//!   trial batches, optionally until a precision target is met;
//! - [`points`]: a grid sweep and its per-point summaries;
//! - [`tornado`]: one-at-a-time low/high sensitivity of every numeric parameter;
//! - [`plan`]: the coverage-target plan (its words are `report::words::verdict`'s);
//! - [`objective`]: what a study optimises or tracks (share at quota, mean, median, team at plan, annual plan, bookings);
//! - [`precision`]: precision-targeted single runs and the batch schedule;
//! - [`whatif`]: the scenario as loaded beside a changed copy, paired where they share reps and draws.

pub mod grid;
mod objective;
pub mod plan;
pub mod points;
pub mod precision;
pub mod runner;
pub mod sensitivity;
pub mod solve;
pub mod tornado;
pub mod whatif;

pub use objective::{OBJECTIVES, Objective, UnknownMetric, check_metric, metric_keys, parse_metric};
