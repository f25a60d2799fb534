//! Presentation of a run summary: terminal table and exporters. Exporters are
//! pure functions from a [`Summary`](crate::stats::Summary) to bytes; writing
//! them is [`crate::output`]'s job.

pub mod charts;
pub mod csv;
pub mod html;
pub mod json;
pub mod terminal;
