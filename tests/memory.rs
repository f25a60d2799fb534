//! Memory stays flat as trials grow: rep-quarters are aggregated as they are
//! simulated, never stored. (Its own test binary, so no other test's child
//! processes share the resource accounting.)

use assert_cmd::cargo::cargo_bin;
use std::process::Command;

/// Peak resident memory of the largest child waited for so far, in KiB.
fn max_child_rss_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we pass.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss
}

fn run(trials: &str, out: &std::path::Path) {
    // Ten reps: 100 trials per chunk, 8 chunks per batch on two threads.
    let ok = Command::new(cargo_bin("quotasim"))
        .args(["run", "--no-charts", "--quiet", "--threads", "2", "--set", "team.reps=10", "--trials", trials, "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run")
        .success();
    assert!(ok);
}

#[test]
fn memory_does_not_grow_with_trials() {
    let dir = tempfile::TempDir::new().unwrap();
    run("1600", dir.path());
    let small = max_child_rss_kib();
    // 16x the trials (and rep-quarters): the peak must stay put.
    run("25600", dir.path());
    let large = max_child_rss_kib();
    assert!(large < small + small / 4 + 2048, "peak RSS grew from {small} KiB to {large} KiB");
}
