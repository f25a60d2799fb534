//! `manifest.json`: which run a folder holds (command, scenario, seed,
//! trials, overrides, the command's own options, program version) and every
//! file that run wrote there, with its SHA-256 and size. It has no
//! timestamps, so the same inputs give the same bytes.
//!
//! While a run replaces the files of the one before, the manifest says so
//! (`incomplete`, and the previous run's files still to remove under
//! `stale`): at every moment it tells the truth about the folder, and the
//! next run knows every file quotasim wrote there.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

/// The manifest's file name in every output folder.
pub const MANIFEST: &str = "manifest.json";

/// The manifest format this program writes and reads.
const FORMAT: &str = "quotasim-manifest-1";

/// A scenario as a run names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRef {
    pub name: String,
    /// SHA-256 of the scenario text.
    pub sha256: String,
    /// File path as given, or `<built-in default>`.
    pub source: String,
}

/// Who a run is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `run`, `sweep`, `tornado` or `plan-coverage`.
    pub command: String,
    pub version: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    /// Trials per simulated variant, as run.
    pub trials: u64,
    /// `--set PATH=VALUE` overrides, in order.
    pub overrides: Vec<String>,
    /// The command's own settings that decide its numbers, as given
    /// (`precision`, `swing`, the swept values...).
    pub options: BTreeMap<String, String>,
}

impl RunInfo {
    /// What decides the run's numbers: command, scenario text, seed, trials,
    /// overrides and options (not the program version, the scenario's path or
    /// which files were asked for), as a SHA-256.
    pub fn run_id(&self) -> String {
        let key = (&self.command, &self.scenario.sha256, self.seed, self.trials, &self.overrides, &self.options);
        super::sha256_hex(&serde_json::to_vec(&key).unwrap_or_default())
    }

    /// The run in a few words for notes: "seed 7, 1,000 trials, 1 override".
    pub fn describe(&self) -> String {
        let mut parts = vec![self.command.clone(), format!("seed {}", self.seed), format!("{} trials", self.trials)];
        match self.overrides.len() {
            0 => {}
            1 => parts.push(format!("--set {}", self.overrides[0])),
            n => parts.push(format!("{n} overrides")),
        }
        parts.extend(self.options.iter().map(|(k, v)| format!("{k} {v}")));
        format!("{} (scenario {})", parts.join(", "), self.scenario.sha256.chars().take(8).collect::<String>())
    }
}

/// One file of a run: its path relative to the folder ('/'-separated), hash and size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    #[serde(flatten)]
    pub run: RunInfo,
    /// [`RunInfo::run_id`] of the run as it was asked for.
    pub run_id: String,
    /// Every file the run wrote, by path.
    pub files: Vec<FileEntry>,
    /// Present while the run's files are being put in place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
    /// While incomplete: the previous run's files still to remove.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<FileEntry>,
}

impl Manifest {
    pub fn new(run: &RunInfo, run_id: &str, mut files: Vec<FileEntry>) -> Manifest {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest { format: FORMAT.into(), run: run.clone(), run_id: run_id.into(), files, incomplete: false, stale: Vec::new() }
    }

    /// The folder's manifest, if it has one this program can read.
    pub fn read(dir: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
        serde_json::from_slice::<Manifest>(&bytes).ok().filter(|m| m.format == FORMAT)
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Every file quotasim wrote in the folder as far as the manifest knows:
    /// the run's, and while incomplete those still to remove.
    pub fn known_files(&self) -> impl Iterator<Item = &FileEntry> {
        self.files.iter().chain(&self.stale)
    }
}

/// Whether `path` is a plain relative path inside a folder: no root, no
/// `..`, no `.`, not empty (a hand-edited manifest cannot point outside).
pub fn is_inside(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn info(seed: u64) -> RunInfo {
        RunInfo {
            command: "run".into(),
            version: "0.1.0".into(),
            scenario: ScenarioRef { name: "s".into(), sha256: "ab".repeat(32), source: "s.toml".into() },
            seed,
            trials: 100,
            overrides: vec!["policy.coverage_target=8".into()],
            options: BTreeMap::new(),
        }
    }

    #[test]
    fn the_run_id_follows_what_decides_the_numbers_only() {
        let a = info(1);
        assert_ne!(a.run_id(), info(2).run_id());
        let moved =
            RunInfo { version: "9".into(), scenario: ScenarioRef { source: "elsewhere.toml".into(), ..a.scenario.clone() }, ..a.clone() };
        assert_eq!(a.run_id(), moved.run_id());
        let mut other = a.clone();
        other.options.insert("swing".into(), "0.2".into());
        assert_ne!(a.run_id(), other.run_id());
    }

    #[test]
    fn manifests_round_trip_and_list_files_in_order() {
        let a = info(1);
        let f = |p: &str| FileEntry { path: p.into(), sha256: "00".repeat(32), bytes: 3 };
        let m = Manifest::new(&a, &a.run_id(), vec![f("summary.json"), f("points/000/summary.json"), f("funnel.png")]);
        let text = String::from_utf8(m.to_bytes()).unwrap();
        assert!(!text.contains("incomplete") && !text.contains("stale"), "{text}");
        let back: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, m);
        let paths: Vec<&str> = back.files.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["funnel.png", "points/000/summary.json", "summary.json"]);
    }

    #[test]
    fn only_plain_relative_paths_are_inside() {
        for ok in ["a.csv", "points/001/summary.json"] {
            assert!(is_inside(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../../b", "./a"] {
            assert!(!is_inside(bad), "{bad}");
        }
    }
}
