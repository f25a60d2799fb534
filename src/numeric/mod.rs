//! Numerical building blocks with no knowledge of the model: keyed random
//! streams (also read by position), normal variates, the kernel's inlined
//! elementary functions, special functions, discrete inversion and alias
//! tables, exact
//! binomial samplers (any n and p; a rep's weekly draws at one p), the
//! Cholesky factor of a correlation matrix, empirical distributions by their
//! quantiles, and which build of the hot loops this CPU runs.

pub mod alias;
pub mod binomial;
pub mod cholesky;
pub mod discrete;
pub mod isa;
pub mod math;
pub mod normal;
mod normal_tables;
pub mod quantiles;
pub mod rng;
pub mod small_binomial;
pub mod special;
