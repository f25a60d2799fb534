//! Presentation of a run summary: terminal table and exporters. Exporters are
//! pure functions from a [`Summary`](crate::stats::Summary) to bytes; writing
//! them is [`crate::output`]'s job.

pub mod charts;
pub mod csv;
pub mod findings;
pub mod format;
pub mod html;
pub mod json;
pub mod sweep_charts;
pub mod sweep_export;
pub mod terminal;

#[cfg(test)]
pub(crate) mod fixtures;
