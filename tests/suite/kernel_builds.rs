//! The kernel's two builds (plain x86-64 and the wider x86-64-v3 one chosen
//! at run time) give the same bytes on every shipped scenario.

use assert_cmd::Command;
use tempfile::TempDir;

fn run(scenario: &str, dir: &std::path::Path, portable: bool) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quotasim"));
    if portable {
        cmd.env("QUOTASIM_CPU", "portable");
    } else {
        cmd.env_remove("QUOTASIM_CPU");
    }
    let out = dir.join(if portable { "portable" } else { "wide" });
    cmd.args(["run", scenario, "--trials", "80", "--no-charts", "-q", "--out", out.to_str().unwrap()]).assert().success();
    std::fs::read(out.join("summary.json")).unwrap()
}

#[cfg(target_arch = "x86_64")]
#[test]
fn both_kernel_builds_give_the_same_bytes() {
    let wide_cpu = std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma");
    // This process decides as the binary does (no QUOTASIM_CPU in the test's environment).
    if std::env::var_os("QUOTASIM_CPU").is_none() {
        assert_eq!(quotasim::engine::kernel::kernel_build() == "x86-64-v3", wide_cpu);
    }
    if !wide_cpu {
        eprintln!("note: this CPU has no AVX2 and FMA: both runs use the plain build");
    }
    let root = env!("CARGO_MANIFEST_DIR");
    for name in ["default", "annual-plan", "territory-burn", "uncertain-inputs", "coverage-mandate"] {
        let tmp = TempDir::new().unwrap();
        let scenario = format!("{root}/scenarios/{name}.toml");
        let wide = run(&scenario, tmp.path(), false);
        let portable = run(&scenario, tmp.path(), true);
        assert!(wide == portable, "{name}: the two kernel builds differ");
    }
}
