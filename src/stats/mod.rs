//! Statistics kept apart from simulation and from presentation: mergeable
//! moments and histograms, intervals, and the run summary built from them.

pub mod accum;
pub mod histogram;
pub mod interval;
pub mod merge;
pub mod metrics;
pub mod moments;
pub mod outcome;
pub mod packed;
pub mod paired;
pub mod summary;
pub mod territory;
pub mod year;

pub use accum::TrialFigures;
pub use accum::{RunAccum, StrategyAccum, TrialSums};
pub use interval::{Estimate, Z95, wilson};
pub use metrics::{Metric, RepQuarter};
pub use moments::Moments;
pub use paired::{LockstepAccum, PairAccum, PairStats};
pub use summary::Summary;
