//! The builds of the hot loops (plain x86-64, x86-64-v3 and x86-64-v4, the
//! widest the CPU has chosen at run time) give the same bytes: the kernel's
//! on every shipped scenario, the charts' on the default one.

use assert_cmd::Command;
use tempfile::TempDir;

/// The output folder of a run of `scenario` with the build `cpu` caps the
/// choice at (`QUOTASIM_CPU`; `None`: the CPU's widest); `extra` adds arguments.
fn run(scenario: &str, dir: &std::path::Path, cpu: Option<&str>, extra: &[&str]) -> std::path::PathBuf {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quotasim"));
    match cpu {
        Some(cap) => cmd.env("QUOTASIM_CPU", cap),
        None => cmd.env_remove("QUOTASIM_CPU"),
    };
    let out = dir.join(cpu.unwrap_or("widest"));
    cmd.args(["run", scenario, "--trials", "80", "-q", "--out", out.to_str().unwrap()]).args(extra).assert().success();
    out
}

#[cfg(target_arch = "x86_64")]
#[test]
fn every_kernel_build_gives_the_same_bytes() {
    use std::arch::is_x86_feature_detected as has;
    let v3 = has!("avx2") && has!("fma");
    let v4 = v3 && has!("avx512f") && has!("avx512dq") && has!("avx512vl") && has!("avx512bw") && has!("avx512cd");
    // This process decides as the binary does (no QUOTASIM_CPU in the test's environment).
    if std::env::var_os("QUOTASIM_CPU").is_none() {
        let expected = if v4 {
            "x86-64-v4"
        } else if v3 {
            "x86-64-v3"
        } else {
            "portable"
        };
        assert_eq!(quotasim::engine::kernel::kernel_build(), expected);
    }
    if !v4 {
        eprintln!("note: this CPU has no AVX-512 (or no AVX2): some of the runs use the same build");
    }
    let root = env!("CARGO_MANIFEST_DIR");
    for name in ["default", "annual-plan", "territory-burn", "uncertain-inputs", "coverage-mandate"] {
        let tmp = TempDir::new().unwrap();
        let scenario = format!("{root}/scenarios/{name}.toml");
        let summary = |cpu| std::fs::read(run(&scenario, tmp.path(), cpu, &["--no-charts"]).join("summary.json")).unwrap();
        let portable = summary(Some("portable"));
        for cpu in [Some("x86-64-v3"), None] {
            assert!(summary(cpu) == portable, "{name}: the {} build differs from the plain one", cpu.unwrap_or("widest"));
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn both_builds_draw_the_same_charts() {
    let tmp = TempDir::new().unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/default.toml");
    let (wide, portable) = (run(scenario, tmp.path(), None, &[]), run(scenario, tmp.path(), Some("portable"), &[]));
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
