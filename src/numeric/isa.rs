//! Which build of the hot loops runs. The kernel's week loop is compiled for
//! plain x86-64, for x86-64-v3 CPUs (AVX2, FMA, BMI2) and for x86-64-v4 ones
//! (AVX-512: twice the vector registers, which the week's scalar arithmetic
//! uses too); the charts' downsampling for the first two. The CPU is asked
//! once at run time. A block of opportunities' draws has hand-written AVX2
//! code (the `*_x4` twins of `rng`, `math`, `normal`, `alias` and the fit
//! table), and its numbers a plain loop compiled for x86-64-v4 (eight
//! lanes, AVX-512's 64-bit multiply), tested bit for bit against the
//! scalar code. Rust never fuses, reorders or approximates floating-point
//! operations on its own, so every build gives the same bits; only their
//! speed differs.
//!
//! `QUOTASIM_CPU` caps the build: `portable` forces the plain one,
//! `x86-64-v3` the AVX2 one (the tests compare all three); any other value
//! leaves the choice to the CPU.

use std::sync::OnceLock;

/// A build of the hot loops, from the plainest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Build {
    Portable,
    /// AVX2, FMA, BMI1, BMI2, LZCNT, POPCNT.
    V3,
    /// V3 and AVX-512 F, BW, CD, DQ, VL.
    V4,
}

/// The build that runs here: the widest the CPU has, within `QUOTASIM_CPU`.
pub fn build() -> Build {
    static BUILD: OnceLock<Build> = OnceLock::new();
    *BUILD.get_or_init(|| cpu_build().min(cap(std::env::var("QUOTASIM_CPU").ok().as_deref())))
}

/// The widest build `QUOTASIM_CPU` allows.
fn cap(setting: Option<&str>) -> Build {
    match setting {
        Some("portable") => Build::Portable,
        Some("x86-64-v3") => Build::V3,
        _ => Build::V4,
    }
}

/// Whether a build with AVX2 runs here (v3 or wider).
pub fn wide() -> bool {
    build() >= Build::V3
}

/// The widest build whose every feature this CPU has.
fn cpu_build() -> Build {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        let v3 = has!("avx2") && has!("fma") && has!("bmi1") && has!("bmi2") && has!("lzcnt") && has!("popcnt");
        let v4 = has!("avx512f") && has!("avx512bw") && has!("avx512cd") && has!("avx512dq") && has!("avx512vl");
        match (v3, v4) {
            (true, true) => Build::V4,
            (true, false) => Build::V3,
            _ => Build::Portable,
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        Build::Portable
    }
}

/// The name of the build in use, for benchmarks and `--version`-like notes.
pub fn kernel_build() -> &'static str {
    match build() {
        Build::Portable => "portable",
        Build::V3 => "x86-64-v3",
        Build::V4 => "x86-64-v4",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_caps_the_build_and_the_cpu_decides_within_it() {
        assert_eq!(cap(Some("portable")), Build::Portable);
        assert_eq!(cap(Some("x86-64-v3")), Build::V3);
        assert_eq!(cap(None), Build::V4);
        assert_eq!(cap(Some("x86-64-v4")), Build::V4);
        // This process's choice: never wider than the CPU, and wide() says v3 or more.
        assert!(build() <= cpu_build());
        assert_eq!(wide(), build() >= Build::V3);
    }
}
