//! Numerical building blocks with no knowledge of the model: keyed random
//! streams, the kernel's inlined elementary functions, special functions,
//! discrete inversion tables, exact binomial samplers and the Cholesky factor
//! of a correlation matrix.

pub mod binomial;
pub mod cholesky;
pub mod discrete;
pub mod math;
pub mod rng;
pub mod special;
