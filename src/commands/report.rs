//! `quotasim report`: re-render charts and report.html from a run's
//! summary.json, without simulating again. Rendering is a pure function of
//! the summary, so the files come out byte for byte as `run` wrote them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::outdir::OutDir;
use super::{CommandError, ReportOptions};
use crate::output::{Manifest, RunInfo, ScenarioRef};
use crate::report::json::parse_summary;
use crate::stats::Summary;

pub fn report(opts: &ReportOptions) -> Result<(), CommandError> {
    let dir = &opts.dir;
    if !dir.is_dir() {
        return Err(CommandError::usage(format!(
            "output folder {} does not exist (give the folder a `quotasim run --out` wrote)",
            dir.display()
        )));
    }
    let path = dir.join("summary.json");
    let summary = read_summary(&path)?;
    // The run whose manifest lists this summary: the folder's own, or (for a
    // sweep's point) the sweep's, so the charts join that run's files.
    let (root, prefix, manifest) = match Manifest::read(dir) {
        Some(m) => (dir.to_path_buf(), String::new(), Some(m)),
        None => match owner(dir) {
            Some((root, rel, m)) => (root, format!("{rel}/"), Some(m)),
            None => (dir.to_path_buf(), String::new(), None),
        },
    };
    let files: Vec<(String, Vec<u8>)> =
        super::run::presentation(&summary)?.into_iter().map(|(name, bytes)| (format!("{prefix}{name}"), bytes)).collect();
    // The run's other files stay; the charts and report.html this summary had
    // are replaced (a chart this version no longer draws goes).
    let (run, run_id, keep) = match manifest {
        Some(m) => {
            if m.incomplete {
                eprintln!(
                    "warning: the run that wrote {} stopped while putting its files in place; run it again for a folder of one run",
                    root.display()
                );
            }
            let redrawn = |p: &str| p.strip_prefix(&prefix).is_some_and(|rest| !rest.contains('/') && is_presentation(rest));
            let keep = m.files.iter().map(|e| e.path.clone()).filter(|p| !redrawn(p)).collect();
            (m.run, m.run_id, keep)
        }
        None => {
            let run = run_of(&summary);
            let id = run.run_id();
            (run, id, vec!["summary.json".to_string()])
        }
    };
    let trials = run.trials;
    let written = OutDir::existing(&root, run, run_id).publish(trials, files, Vec::new(), &keep)?;
    for p in &written {
        println!("wrote {}", p.display());
    }
    Ok(())
}

/// The folder above `dir` whose run lists `dir`'s summary.json (a sweep
/// point's folder in its sweep), with `dir` relative to it.
fn owner(dir: &Path) -> Option<(PathBuf, String, Manifest)> {
    for root in dir.ancestors().skip(1).take(3).filter(|a| !a.as_os_str().is_empty()) {
        let rel = dir.strip_prefix(root).ok()?.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if let Some(m) = Manifest::read(root)
            && m.files.iter().any(|e| e.path == format!("{rel}/summary.json"))
        {
            return Some((root.to_path_buf(), rel, m));
        }
    }
    None
}

/// Charts and report.html: what `report` draws.
fn is_presentation(path: &str) -> bool {
    [".png", ".svg", ".html"].iter().any(|ext| path.ends_with(ext))
}

/// The run a summary came from, for a folder without a manifest (written
/// by an earlier version).
fn run_of(s: &Summary) -> RunInfo {
    let mut options = BTreeMap::new();
    if let Some(st) = &s.stopping {
        options.insert("precision".to_string(), st.target_half_width.to_string());
        options.insert("metric".to_string(), st.metric.clone());
        options.insert("max_trials".to_string(), st.max_trials.to_string());
    }
    RunInfo {
        command: "run".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: ScenarioRef { name: s.scenario.name.clone(), sha256: s.scenario.sha256.clone(), source: s.scenario.source.clone() },
        seed: s.seed,
        trials: s.trials,
        overrides: s.scenario.overrides.clone(),
        options,
    }
}

fn read_summary(path: &Path) -> Result<Summary, CommandError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CommandError::usage(format!("{} not found: run `quotasim run --out DIR` first", path.display())));
        }
        Err(e) => return Err(CommandError::usage(format!("cannot read {}: {e}", path.display()))),
    };
    parse_summary(&bytes).map_err(|e| CommandError::usage(format!("{} is not a quotasim summary: {e}", path.display())))
}
