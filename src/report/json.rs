//! `summary.json`: the summary serialised with stable field order.

use crate::stats::Summary;

/// Pretty-printed JSON with a trailing newline.
pub fn summary_json(summary: &Summary) -> Vec<u8> {
    // Serialising plain structs of numbers and strings cannot fail.
    let mut out = serde_json::to_vec_pretty(summary).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Read a summary back (for re-rendering charts and reports).
pub fn parse_summary(bytes: &[u8]) -> Result<Summary, serde_json::Error> {
    serde_json::from_slice(bytes)
}
