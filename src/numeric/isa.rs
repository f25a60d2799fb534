//! Which build of the hot loops runs: the kernel's week loop and the charts'
//! downsampling are compiled for plain x86-64 and once more for x86-64-v3
//! CPUs (AVX2, FMA, BMI2), and the CPU is asked once at run time; a block of
//! opportunities' draws has hand-written AVX2 code (the `*_x4` twins of
//! `rng`, `math`, `normal`, `alias` and the fit table), tested bit for bit against
//! the scalar code. Rust never fuses, reorders or approximates
//! floating-point operations on its own, so both builds give the same bits;
//! only their speed differs. `QUOTASIM_CPU=portable` forces the plain build
//! (the tests compare the two).

use std::sync::OnceLock;

/// Whether the wider build may run here.
pub fn wide() -> bool {
    static WIDE: OnceLock<bool> = OnceLock::new();
    *WIDE.get_or_init(|| std::env::var("QUOTASIM_CPU").map_or(true, |v| v != "portable") && cpu_is_v3())
}

/// The CPU has every feature the wider build is compiled for.
fn cpu_is_v3() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("lzcnt")
            && std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The name of the build in use, for benchmarks and `--version`-like notes.
pub fn kernel_build() -> &'static str {
    if wide() { "x86-64-v3" } else { "portable" }
}
