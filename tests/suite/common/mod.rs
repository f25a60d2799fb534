//! Helpers shared by integration tests.

pub mod crm;
pub mod messy;
