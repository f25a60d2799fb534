//! The small print under every chart: scenario, trials, seed, scenario hash,
//! version and the command line's overrides.

use crate::report::format::count;
use crate::stats::Summary;
use crate::study::plan::CoveragePlan;
use crate::study::points::SweepResult;
use crate::study::tornado::Tornado;

/// Characters of the scenario hash shown: enough to tell scenarios apart.
const HASH_CHARS: usize = 12;

/// The manifest line: `per` says what the trials are counted per (a sweep
/// point, a variant), `overrides` are the ones to list.
fn manifest(s: &Summary, trials: u64, per: Option<&str>, overrides: &[&str]) -> String {
    let per = per.map_or(String::new(), |p| format!(" {p}"));
    let mut text = format!(
        "{} · {} trials × {} reps × {} quarters{per} · seed {} · scenario sha256 {} · quotasim {}",
        s.scenario.name,
        count(trials),
        count(u64::from(s.reps)),
        s.quarters,
        s.seed,
        s.scenario.sha256.chars().take(HASH_CHARS).collect::<String>(),
        s.version
    );
    if !overrides.is_empty() {
        text.push_str(&format!(" · overrides: {}", overrides.join(", ")));
    }
    text
}

/// Small print of a run's charts.
pub fn run(s: &Summary) -> String {
    let overrides: Vec<&str> = s.scenario.overrides.iter().map(String::as_str).collect();
    manifest(s, s.trials, None, &overrides)
}

/// Small print of a sweep, tornado or plan: the user's own overrides only,
/// not the values the command itself set at `own_paths`.
fn variants(s: &Summary, trials: u64, per: &str, own_paths: &[&str]) -> String {
    let user: Vec<&str> =
        s.scenario.overrides.iter().map(String::as_str).filter(|o| !own_paths.iter().any(|p| o.split('=').next() == Some(*p))).collect();
    manifest(s, trials, Some(per), &user)
}

/// Small print of a sweep's charts.
pub fn sweep(r: &SweepResult) -> String {
    let paths: Vec<&str> = r.grid.axes.iter().map(|a| a.path.text.as_str()).collect();
    variants(&r.points[0].summary, r.trials, "per point (the same reps and draws at every point)", &paths)
}

/// Small print of a tornado's charts.
pub fn tornado(t: &Tornado) -> String {
    variants(&t.base, t.trials, VARIANTS, &[])
}

/// Small print of a plan's charts.
pub fn plan(p: &CoveragePlan) -> String {
    let per = format!("per confirmed policy, {} per screened target (the same reps and draws in every variant)", count(p.screen_trials));
    variants(&p.base, p.trials, &per, &[])
}

const VARIANTS: &str = "per variant (the same reps and draws in every variant)";
