//! Presentation: everything a reader sees of a run, a sweep, a tornado or a
//! plan. Exporters are pure functions from results to bytes or text; writing
//! them is [`crate::output`]'s job.
//!
//! - [`format`]: every figure as text (one placeholder rule per medium) and
//!   the one text-table aligner;
//! - [`facts`]: what the words and charts read off the results;
//! - [`words`]: titles, captions, findings sentences;
//! - [`charts`]: PNG and SVG charts through one [`charts::Chart`] trait;
//! - [`table`]: results as typed tables, written as CSV and by [`xlsx`] as spreadsheets;
//! - [`terminal`], [`csv`], [`json`], [`html`], [`sweep_export`]: the other outputs.

pub mod charts;
pub mod csv;
pub mod facts;
pub mod format;
pub mod html;
pub mod json;
pub mod sensitivity_export;
pub mod solve_export;
pub mod sweep_export;
pub mod table;
pub mod terminal;
pub mod words;
pub mod xlsx;

#[cfg(test)]
pub(crate) mod fixtures;
