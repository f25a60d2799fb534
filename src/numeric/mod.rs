//! Numerical building blocks with no knowledge of the model: keyed random
//! streams, the kernel's inlined elementary functions, special functions,
//! discrete inversion tables, exact binomial samplers, the Cholesky factor
//! of a correlation matrix and empirical distributions by their quantiles.

pub mod binomial;
pub mod cholesky;
pub mod discrete;
pub mod math;
pub mod quantiles;
pub mod rng;
pub mod special;
