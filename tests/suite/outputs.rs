//! Output folders as a user leaves them after sequences of runs: each holds
//! exactly one run's files and its manifest.json, runs that differ never
//! overwrite each other, and the spreadsheets open with a spreadsheet reader.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

const SMALL: &str = r#"
name = "Small team"
[simulation]
trials = 30
quarters = 4
warmup_quarters = 1
seed = 5
[team]
reps = 6
[[strategy]]
name = "volume"
touches_per_week = 250
coverage_target = 6
[[strategy]]
name = "focus"
touches_per_week = 90
"#;

fn scenario(dir: &Path) -> String {
    let p = dir.join("small.toml");
    fs::write(&p, SMALL).unwrap();
    p.display().to_string()
}

/// Every file under `dir`, relative, '/'-separated, sorted.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, d: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                out.push(rel.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn manifest_files(dir: &Path) -> BTreeMap<String, (String, u64)> {
    manifest(dir)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), (f["sha256"].as_str().unwrap().to_string(), f["bytes"].as_u64().unwrap())))
        .collect()
}

/// The manifest lists exactly the folder's files (besides itself and
/// `extra`), each with its true hash and size.
fn assert_manifest_is_the_folder(dir: &Path, extra: &[&str]) {
    let listed = manifest_files(dir);
    let on_disk: Vec<String> = listing(dir).into_iter().filter(|f| f != "manifest.json" && !extra.contains(&f.as_str())).collect();
    assert_eq!(listed.keys().cloned().collect::<Vec<_>>(), on_disk);
    for (path, (sha256, bytes)) in &listed {
        let content = fs::read(dir.join(path)).unwrap();
        assert_eq!(content.len() as u64, *bytes, "{path}");
        let digest: String = Sha256::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(&digest, sha256, "{path}");
    }
}

fn run(args: &[&str], out: &Path) {
    qs().arg("run").args(args).args(["-q", "--out"]).arg(out).assert().success();
}

#[test]
fn the_manifest_names_the_run_and_every_file_it_wrote() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    let out = dir.path().join("o");
    run(&[&f, "--seed", "9", "--trials", "20", "--set", "selling.win_rate=30%", "--records"], &out);
    let m = manifest(&out);
    assert_eq!(m["command"], "run");
    assert_eq!(m["seed"], 9);
    assert_eq!(m["trials"], 20);
    assert_eq!(m["overrides"], serde_json::json!(["selling.win_rate=30%"]));
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["scenario"]["source"], f.as_str());
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(m["scenario"]["sha256"], summary["scenario"]["sha256"]);
    assert!(m.get("incomplete").is_none(), "a finished run's manifest is complete");
    let files = manifest_files(&out);
    for name in ["summary.json", "summary.csv", "summary.xlsx", "quarters.csv", "records.csv", "report.html", "funnel.png"] {
        assert!(files.contains_key(name), "{name} not in the manifest");
    }
    assert_manifest_is_the_folder(&out, &[]);
}

#[test]
fn a_second_run_with_fewer_outputs_leaves_no_file_of_the_first() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    let out = dir.path().join("o");
    run(&[&f, "--records"], &out);
    let first = listing(&out);
    assert!(first.iter().any(|p| p.ends_with(".png")) && first.contains(&"report.html".to_string()));
    fs::write(out.join("my-notes.txt"), "the analyst's own file").unwrap();
    // The same run without charts and records: they go, the user's file stays.
    let second = qs().arg("run").args([&f, "-q", "--no-charts", "--out"]).arg(&out).assert().success();
    let stderr = String::from_utf8_lossy(&second.get_output().stderr).to_string();
    assert!(stderr.contains("removed") && stderr.contains("files of the previous run"), "{stderr}");
    assert_eq!(
        listing(&out),
        ["manifest.json", "my-notes.txt", "quarters.csv", "summary.csv", "summary.json", "summary.xlsx"].map(String::from)
    );
    assert_manifest_is_the_folder(&out, &["my-notes.txt"]);
    // `report` draws the charts again, and they join the run's manifest.
    qs().arg("report").arg(&out).assert().success();
    assert!(listing(&out).contains(&"report.html".to_string()));
    assert_manifest_is_the_folder(&out, &["my-notes.txt"]);
    // Another run (other seed) into the same --out replaces this one and says so.
    let third = qs().arg("run").args([&f, "-q", "--no-charts", "--seed", "6", "--out"]).arg(&out).assert().success();
    let stderr = String::from_utf8_lossy(&third.get_output().stderr).to_string();
    assert!(stderr.contains("replaced the previous run") && stderr.contains("seed 5"), "{stderr}");
    assert!(!out.join("report.html").exists());
    assert_manifest_is_the_folder(&out, &["my-notes.txt"]);
}

#[test]
fn a_sweep_with_fewer_points_leaves_no_point_of_the_first() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    let out = dir.path().join("sw");
    let sweep = |values: &str| {
        qs().args(["sweep", &f, "--param", "selling.win_rate", "--values", values, "-q", "--out"]).arg(&out).assert().success();
    };
    sweep("20%,25%,30%");
    assert!(out.join("points/002/summary.json").is_file());
    // A point's report joins the sweep's files.
    qs().arg("report").arg(out.join("points/002")).assert().success();
    assert!(out.join("points/002/report.html").is_file());
    assert!(manifest_files(&out).contains_key("points/002/report.html"));
    assert!(!out.join("points/002/manifest.json").exists(), "one manifest: the sweep's");
    assert_manifest_is_the_folder(&out, &[]);
    sweep("0.2,0.25");
    assert!(!out.join("points/002").exists(), "the third point's folder is gone");
    assert!(listing(&out).iter().all(|p| !p.starts_with("points/002")));
    assert_manifest_is_the_folder(&out, &[]);
    assert_eq!(manifest(&out)["options"]["axes"], "selling.win_rate=0.2,0.25");
}

#[test]
fn runs_that_differ_get_their_own_default_folders() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    let in_dir = |args: &[&str]| {
        let a = qs().current_dir(dir.path()).arg("run").args(args).args(["-q", "--no-charts"]).assert().success();
        String::from_utf8_lossy(&a.get_output().stderr).to_string()
    };
    let home = dir.path().join("output/small-team");
    in_dir(&[&f]);
    let first = fs::read(home.join("summary.json")).unwrap();
    assert!(!home.join("latest").exists(), "one run: no pointer");
    // Another seed: its own folder, named by its run id; the first is untouched.
    let note = in_dir(&[&f, "--seed", "11"]);
    assert!(note.contains("holds another run"), "{note}");
    let latest = fs::read_to_string(home.join("latest")).unwrap().trim().to_string();
    assert_eq!(latest.len(), 8);
    let second = home.join(&latest);
    assert_eq!(manifest(&second)["seed"], 11);
    assert_eq!(fs::read(home.join("summary.json")).unwrap(), first);
    // The same runs again go back where they were.
    in_dir(&[&f, "--seed", "11", "--trials", "30"]);
    assert_eq!(fs::read_to_string(home.join("latest")).unwrap().trim(), latest, "same run, same folder");
    in_dir(&[&f]);
    assert_eq!(fs::read_to_string(home.join("latest")).unwrap().trim(), ".");
    // Other overrides or trials: new folders again.
    in_dir(&[&f, "--set", "team.quota=$80k"]);
    in_dir(&[&f, "--trials", "12"]);
    let runs: Vec<PathBuf> = fs::read_dir(&home).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    assert_eq!(runs.len(), 3, "{runs:?}");
    for r in &runs {
        assert_manifest_is_the_folder(r, &[]);
    }
    // The home folder's own files are its run's, besides the pointer.
    let top: Vec<String> = fs::read_dir(&home)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n != "manifest.json" && n != "latest")
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(manifest_files(&home).into_keys().collect::<Vec<_>>(), top);
}

#[test]
fn init_names_the_new_scenario_so_its_runs_have_their_own_folder() {
    let dir = TempDir::new().unwrap();
    qs().current_dir(dir.path()).args(["init", "west.toml", "--name", "West team"]).assert().success();
    qs().current_dir(dir.path()).args(["init", "east.toml"]).assert().success();
    qs().current_dir(dir.path()).args(["run", "west.toml", "-q", "--no-charts", "--trials", "5"]).assert().success();
    qs().current_dir(dir.path()).args(["run", "east.toml", "-q", "--no-charts", "--trials", "5"]).assert().success();
    let mut homes =
        fs::read_dir(dir.path().join("output")).unwrap().flatten().map(|e| e.file_name().into_string().unwrap()).collect::<Vec<_>>();
    homes.sort();
    assert_eq!(homes, ["east", "west-team"]);
}

fn cell(wb: &mut Xlsx<std::io::BufReader<fs::File>>, sheet: &str, row: u32, column: &str) -> Data {
    let range = wb.worksheet_range(sheet).unwrap();
    let head: Vec<String> = range.rows().next().unwrap().iter().map(|d| d.to_string()).collect();
    let col = head.iter().position(|h| h == column).unwrap_or_else(|| panic!("{sheet} has no column {column}"));
    range.get((row as usize, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn spreadsheets_open_with_a_sheet_per_table_and_the_run() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    let out = dir.path().join("o");
    run(&[&f, "--no-charts", "--set", "team.quota=$72,500"], &out);
    let summary: serde_json::Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let mut wb: Xlsx<_> = open_workbook(out.join("summary.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["Summary", "Quarters", "Parameters", "Run"]);
    // Every digit of the summary, as numbers.
    for (k, s) in summary["strategies"].as_array().unwrap().iter().enumerate() {
        let row = k as u32 + 1;
        assert_eq!(cell(&mut wb, "Summary", row, "strategy"), Data::String(s["name"].as_str().unwrap().into()));
        assert_eq!(cell(&mut wb, "Summary", row, "at_quota"), Data::Float(s["at_quota"]["share"].as_f64().unwrap()));
        let diff = cell(&mut wb, "Summary", row, "diff_at_quota");
        if k == 0 {
            assert_eq!(diff, Data::Empty, "the reference strategy has no difference: blank, not 0");
        } else {
            assert_eq!(diff, Data::Float(s["paired"]["at_quota_diff"]["value"].as_f64().unwrap()));
        }
    }
    let quarters = wb.worksheet_range("Quarters").unwrap();
    assert_eq!(quarters.height(), 1 + 2 * 4, "a row per strategy and quarter");
    let run_sheet = wb.worksheet_range("Run").unwrap();
    let lines: BTreeMap<String, String> = run_sheet.rows().map(|r| (r[0].to_string(), r[1].to_string())).collect();
    assert_eq!(lines["scenario"], "Small team");
    assert_eq!(lines["seed"], "5");
    assert_eq!(lines["trials"], "30");
    assert_eq!(lines["overrides"], "team.quota=$72,500");
    assert_eq!(lines["quotasim version"], env!("CARGO_PKG_VERSION"));
    // Percent formats: the styles hold one.
    let bytes = fs::read(out.join("summary.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
}

#[test]
fn studies_write_spreadsheets_too() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    for (args, file, sheet) in [
        (vec!["tornado", &f, "--trials", "10"], "tornado.xlsx", "Tornado"),
        (vec!["plan-coverage", &f, "--targets", "2:4:1", "--trials", "10"], "plan.xlsx", "Plan"),
        (vec!["sweep", &f, "--param", "policy.coverage_target", "--values", "2,3", "--trials", "10"], "sweep.xlsx", "Sweep"),
    ] {
        let out = dir.path().join(file);
        qs().args(&args).args(["-q", "--no-charts", "--out"]).arg(&out).assert().success();
        let mut wb: Xlsx<_> = open_workbook(out.join(file)).unwrap();
        assert_eq!(wb.sheet_names(), [sheet, "Run"], "{file}");
        let table = wb.worksheet_range(sheet).unwrap();
        assert!(table.height() > 1, "{file} has rows");
        let run_sheet = wb.worksheet_range("Run").unwrap();
        let lines: BTreeMap<String, String> = run_sheet.rows().map(|r| (r[0].to_string(), r[1].to_string())).collect();
        assert_eq!(lines["trials"], "10", "{file}");
        assert_manifest_is_the_folder(&out, &[]);
    }
}

#[test]
fn spreadsheets_and_manifests_are_identical_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let f = scenario(dir.path());
    let mut seen = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        run(&[&f, "--no-charts", "--threads", threads], &out);
        seen.push((fs::read(out.join("summary.xlsx")).unwrap(), fs::read(out.join("manifest.json")).unwrap()));
    }
    assert!(seen[0] == seen[1], "summary.xlsx or manifest.json differ between thread counts");
}
