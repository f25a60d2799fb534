//! Numerical building blocks with no knowledge of the model: keyed random
//! streams, the kernel's inlined elementary functions, special functions,
//! discrete inversion tables and exact binomial samplers.

pub mod binomial;
pub mod discrete;
pub mod math;
pub mod rng;
pub mod special;
