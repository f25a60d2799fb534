//! The two builds of the hot loops (plain x86-64 and the wider x86-64-v3
//! one chosen at run time) give the same bytes: the kernel's on every
//! shipped scenario, the charts' on the default one.

use assert_cmd::Command;
use tempfile::TempDir;

/// The output folder of a run of `scenario` with the plain build or the
/// one this CPU chooses; `extra` adds arguments.
fn run(scenario: &str, dir: &std::path::Path, portable: bool, extra: &[&str]) -> std::path::PathBuf {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quotasim"));
    if portable {
        cmd.env("QUOTASIM_CPU", "portable");
    } else {
        cmd.env_remove("QUOTASIM_CPU");
    }
    let out = dir.join(if portable { "portable" } else { "wide" });
    cmd.args(["run", scenario, "--trials", "80", "-q", "--out", out.to_str().unwrap()]).args(extra).assert().success();
    out
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
        let summary = |portable| std::fs::read(run(&scenario, tmp.path(), portable, &["--no-charts"]).join("summary.json")).unwrap();
        assert!(summary(false) == summary(true), "{name}: the two kernel builds differ");
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn both_builds_draw_the_same_charts() {
    let tmp = TempDir::new().unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/default.toml");
    let (wide, portable) = (run(scenario, tmp.path(), false, &[]), run(scenario, tmp.path(), true, &[]));
    let mut pngs = 0;
    for entry in std::fs::read_dir(&wide).unwrap() {
        let name = entry.unwrap().file_name();
        if name.to_string_lossy().ends_with(".png") {
            pngs += 1;
            let bytes = |dir: &std::path::Path| std::fs::read(dir.join(&name)).unwrap();
            assert!(bytes(&wide) == bytes(&portable), "{name:?}: the two builds draw it differently");
        }
    }
    assert_eq!(pngs, 7, "the default run draws seven charts");
}
