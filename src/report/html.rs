//! `report.html`: a self-contained report for leadership.

use crate::stats::Summary;

/// The report as HTML bytes; `charts` are the rendered chart files (SVGs are inlined).
pub fn report_html(_summary: &Summary, _charts: &[(String, Vec<u8>)]) -> Vec<u8> {
    Vec::new()
}
