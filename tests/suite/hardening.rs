//! Interrupted runs, killed runs and hostile scenario names: nothing may
//! leave a partial output file or write outside the output folder.

use std::fs;
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use tempfile::TempDir;

fn spawn_long_run(out: &Path, extra: &[&str]) -> Child {
    StdCommand::new(cargo_bin("quotasim"))
        .args(["run", "--trials", "2000000", "--allow-large", "--no-charts", "--quiet", "--out"])
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn signal(child: &Child, sig: &str) {
    let ok = StdCommand::new("kill").args([sig, &child.id().to_string()]).status().expect("kill").success();
    assert!(ok);
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().expect("wait") {
            return s;
        }
        assert!(start.elapsed() < limit, "process did not stop within {limit:?}");
        sleep(Duration::from_millis(20));
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir).map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default()
}

#[test]
fn ctrl_c_stops_promptly_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    let mut child = spawn_long_run(&out, &["--records"]);
    sleep(Duration::from_millis(700));
    signal(&child, "-INT");
    let status = wait_with_timeout(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(130));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(files_in(&out).is_empty(), "left behind: {:?}", files_in(&out));
}

#[test]
fn killed_run_leaves_previous_complete_files_and_no_partial_ones() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    Command::cargo_bin("quotasim")
        .unwrap()
        .args(["run", "--trials", "20", "--no-charts", "--records", "--out"])
        .arg(&out)
        .assert()
        .success();
    let before = fs::read(out.join("summary.json")).unwrap();
    let records_before = fs::read(out.join("records.csv")).unwrap();
    let manifest_before = fs::read(out.join("manifest.json")).unwrap();

    let mut child = spawn_long_run(&out, &["--records"]);
    sleep(Duration::from_millis(700));
    signal(&child, "-KILL");
    wait_with_timeout(&mut child, Duration::from_secs(10));
    // The complete files of the earlier run are untouched.
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), before);
    assert_eq!(fs::read(out.join("records.csv")).unwrap(), records_before);
    assert_eq!(fs::read(out.join("manifest.json")).unwrap(), manifest_before);
    // Anything else is a temporary file, which the next run cleans up.
    for f in files_in(&out) {
        assert!(
            ["summary.json", "summary.csv", "quarters.csv", "summary.xlsx", "records.csv", "manifest.json"].contains(&f.as_str())
                || f.starts_with(".quotasim-tmp-"),
            "{f}"
        );
    }
    Command::cargo_bin("quotasim").unwrap().args(["run", "--trials", "5", "--no-charts", "--out"]).arg(&out).assert().success();
    assert!(files_in(&out).iter().all(|f| !f.starts_with(".quotasim-tmp-")), "{:?}", files_in(&out));
    // The next run wrote no records: the killed run's and the first run's are gone.
    assert!(!out.join("records.csv").exists());
}

#[test]
fn ctrl_c_leaves_the_previous_run_exactly_as_it_was() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    Command::cargo_bin("quotasim").unwrap().args(["run", "--trials", "20", "--records", "--out"]).arg(&out).assert().success();
    let snapshot = |dir: &Path| {
        let mut files: Vec<(String, Vec<u8>)> = files_in(dir).into_iter().map(|f| (f.clone(), fs::read(dir.join(&f)).unwrap())).collect();
        files.sort();
        files
    };
    let before = snapshot(&out);
    assert!(before.iter().any(|(f, _)| f == "manifest.json") && before.iter().any(|(f, _)| f == "report.html"));
    // Another run (no charts, other trials) into the same folder, stopped by Ctrl-C.
    let mut child = spawn_long_run(&out, &["--records"]);
    sleep(Duration::from_millis(700));
    signal(&child, "-INT");
    assert_eq!(wait_with_timeout(&mut child, Duration::from_secs(10)).code(), Some(130));
    assert_eq!(snapshot(&out), before, "the folder changed");
}

#[test]
fn scenario_names_cannot_escape_the_output_folder() {
    let dir = TempDir::new().unwrap();
    let work = dir.path().join("work");
    fs::create_dir(&work).unwrap();
    for name in ["../../escape", "/etc/passwd", "..", "a/../../b", "C:\\\\evil", "\u{202e}rtl", "   "] {
        let text = format!("name = \"{name}\"\n[simulation]\ntrials = 2\n[[strategy]]\nname = \"s\"\n");
        fs::write(work.join("s.toml"), text).unwrap();
        let assert = Command::cargo_bin("quotasim").unwrap().current_dir(&work).args(["run", "s.toml", "--no-charts"]).assert();
        let code = assert.get_output().status.code();
        assert!(code == Some(0) || code == Some(2), "{name}: {code:?}");
    }
    // Only the scenario file and output/ inside the working folder; nothing beside it.
    let mut top = files_in(dir.path());
    top.sort();
    assert_eq!(top, vec!["work".to_string()]);
    for entry in files_in(&work) {
        assert!(entry == "s.toml" || entry == "output", "{entry}");
    }
    for sub in files_in(&work.join("output")) {
        assert!(!sub.starts_with('.') && !sub.contains('/') && !sub.is_empty(), "{sub}");
    }
}

#[test]
fn outputs_are_identical_at_one_two_and_eight_threads() {
    let dir = TempDir::new().unwrap();
    let mut seen = Vec::new();
    for threads in ["1", "2", "8"] {
        let out = dir.path().join(threads);
        Command::cargo_bin("quotasim")
            .unwrap()
            .args(["run", "scenarios/uncertain-inputs.toml", "--trials", "60", "--no-charts", "--threads", threads, "--out"])
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .assert()
            .success();
        seen.push((fs::read(out.join("summary.json")).unwrap(), fs::read(out.join("summary.csv")).unwrap()));
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
}

/// Every file under `dir`, relative path -> bytes, in a stable order.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((p.strip_prefix(root).unwrap().display().to_string(), fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn sweeps_and_tornados_are_identical_at_one_two_and_eight_threads() {
    let dir = TempDir::new().unwrap();
    let small = quotasim::scenario::DEFAULT_SCENARIO.replace("trials = 1000", "trials = 30").replace("reps = 40", "reps = 6");
    let f = dir.path().join("s.toml");
    fs::write(&f, small).unwrap();
    for (name, args) in [
        (
            "sweep",
            vec![
                "sweep",
                "--param",
                "selling.win_rate",
                "--values",
                "0.25,0.3",
                "--param",
                "policy.maintenance_share",
                "--values",
                "0.2,0.4",
            ],
        ),
        ("tornado", vec!["tornado", "--trials", "20"]),
    ] {
        let mut seen = Vec::new();
        for threads in ["1", "2", "8"] {
            let out = dir.path().join(format!("{name}-{threads}"));
            Command::cargo_bin("quotasim")
                .unwrap()
                .args(&args[..1])
                .arg(&f)
                .args(&args[1..])
                .args(["--no-charts", "-q", "--threads", threads, "--out"])
                .arg(&out)
                .assert()
                .success();
            seen.push(tree(&out));
        }
        assert!(!seen[0].is_empty());
        assert!(seen.windows(2).all(|w| w[0] == w[1]), "{name} outputs differ across thread counts");
    }
}
