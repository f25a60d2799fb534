//! Memory stays flat as trials grow: rep-quarters are aggregated as they are
//! simulated, never stored. The peak is the run's own, read when it is
//! reaped.

use assert_cmd::cargo::cargo_bin;
use std::process::Command;

/// Runs the default scenario on ten reps for `trials` trials and returns the
/// run's own peak resident memory (VmHWM) in KiB, read from /proc while it
/// runs. Not `getrusage`/`wait4`: Linux carries the spawning process's peak
/// into the child's `ru_maxrss` at exec, so this test binary's own size, which
/// depends on the tests running beside it, would be counted.
fn peak_rss_kib(trials: &str, out: &std::path::Path) -> u64 {
    // Ten reps: 100 trials per chunk, 8 chunks per batch on two threads.
    let mut child = Command::new(cargo_bin("quotasim"))
        .args(["run", "--no-charts", "--quiet", "--threads", "2", "--set", "team.reps=10", "--trials", trials, "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        // VmHWM only grows, so the last reading before exit is the peak up
        // to the final few milliseconds.
        if let Some(hwm) = std::fs::read_to_string(&status_file).ok().as_deref().and_then(vm_hwm_kib) {
            peak = peak.max(hwm);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "run failed: {status}");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(peak > 0, "no VmHWM read from {status_file}");
    peak
}

fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn memory_does_not_grow_with_trials() {
    let dir = tempfile::TempDir::new().unwrap();
    let small = peak_rss_kib("1600", dir.path());
    // 16x the trials (and rep-quarters): the peak must stay put.
    let large = peak_rss_kib("25600", dir.path());
    assert!(large < small + small / 4 + 2048, "peak RSS grew from {small} KiB to {large} KiB");
}
