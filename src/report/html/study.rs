//! What the reports of sweep, tornado and plan-coverage share: the page
//! head of a study, the figures of its charts, the assumptions and manifest
//! of the scenario it varied, and the method paragraph every study opens with.

use std::fmt::Write as _;

pub(super) use super::sections::Varied;
use super::sections::{assumptions, figure, manifest, method};
use super::{esc, open_page};
use crate::report::charts::Figure;
use crate::report::format::count;
use crate::stats::Summary;

/// Opens a study's page: the scenario's name, then what the study did
/// (`what`, plain text) and its size.
pub(super) fn open(h: &mut String, s: &Summary, what: &str, variants: &str) {
    let meta = format!(
        "quotasim {} · {} · {} · {} trials × {} reps × {} quarters each, on the same reps and random draws · seed {} · \
         ranges of outcomes: P10–P90 across trials · Monte Carlo intervals: 95%",
        esc(&s.version),
        esc(what),
        esc(variants),
        count(s.trials),
        count(u64::from(s.reps)),
        s.quarters,
        s.seed
    );
    open_page(h, &format!("{} · {what}", s.scenario.name), &s.scenario.name, &meta);
}

/// The charts section: every figure whose SVG was rendered.
pub(super) fn charts(h: &mut String, figures: &[Figure], files: &[(String, Vec<u8>)]) {
    h.push_str("<h2 id=\"charts\">Charts</h2>\n");
    let shown = figures.iter().filter(|f| figure(h, f, files, true)).count();
    if shown == 0 {
        h.push_str("<p>No charts were rendered for this report.</p>\n");
    }
}

/// Assumptions (with the settings the study moved marked), the method note
/// opened by `study_html` (already escaped), and the manifest with `extra` rows.
pub(super) fn closing(h: &mut String, base: &Summary, varied: &[Varied], study_html: &str, extra: &[(&str, String)]) {
    assumptions(h, base, varied);
    method(h, base, study_html);
    manifest(h, base, extra);
}

/// A paragraph of plain text.
pub(super) fn paragraph(h: &mut String, class: &str, text: &str) {
    if class.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(text));
    } else {
        let _ = writeln!(h, "<p class=\"{class}\">{}</p>", esc(text));
    }
}

/// The paragraph on common random numbers every study's method opens with.
pub(super) const PAIRED_HTML: &str = "<p><b>Common random numbers.</b> Every variant of the scenario is simulated on the \
    same reps, with the same skills and the same random draws, so a difference between two variants is the effect of what \
    changed, not luck. Its 95% Monte Carlo interval comes from the per-trial differences, and is much narrower than the two \
    variants' own intervals side by side suggest.</p>\n";
