//! Every benchmark in one binary, so that the fat-LTO bench profile links the
//! program once rather than once per group. Run one group with a filter:
//! `cargo bench -- kernel`, `cargo bench -- plan_coverage`.

use criterion::criterion_main;

mod calibrate;
mod engine;
mod plan;
mod planning;
mod sweep;

criterion_main!(engine::benches, sweep::benches, plan::benches, calibrate::benches, planning::benches);
