//! Documentation generated from the registry: the README's key table (a test
//! keeps the README in step with it).

use super::registry::{ANNUAL_QUOTA, CHOICES, COUNTS, FIT, FLAGS, PARAMS, SEASONS, SHAPES};
use super::units::fmt_num;

/// The README's table of scenario keys: `*` marks keys a strategy may override.
pub fn markdown_key_table() -> String {
    let mut out = String::from("| key | default | unit | valid range | meaning |\n| --- | --- | --- | --- | --- |\n");
    for c in COUNTS.iter() {
        let max = if c.max == u64::MAX { "2^64-1".to_string() } else { c.max.to_string() };
        out.push_str(&format!("| `{}` | {} | {} | [{}, {max}] | {} |\n", c.meta.path(), c.default, c.unit.text(), c.min, c.meta.doc));
    }
    for d in PARAMS.iter() {
        let scope = if d.meta.section.strategy_overridable() { format!("{} *", d.meta.path()) } else { d.meta.path() };
        out.push_str(&format!("| `{scope}` | {} | {} | {} | {} |\n", fmt_num(d.default), d.unit.text(), d.range, d.meta.doc));
    }
    for c in CHOICES.iter() {
        let options = c.values.iter().map(|x| format!("`\"{x}\"`")).collect::<Vec<_>>().join(" or ");
        out.push_str(&format!("| `{} *` | `\"{}\"` | | {options} | {} |\n", c.meta.path(), c.values[c.default], c.meta.doc));
    }
    out.push_str(&format!(
        "| `{} *` | `{{ beta = [{}, {}] }}` | fit in [0, 1] | a, b > 0 | {} |\n",
        FIT.meta.path(),
        fmt_num(FIT.default.0),
        fmt_num(FIT.default.1),
        FIT.meta.doc
    ));
    out.push_str(&format!(
        "| `{}` | (4 x quota) | {} | {} | {} |\n",
        ANNUAL_QUOTA.meta.path(),
        ANNUAL_QUOTA.unit.text(),
        ANNUAL_QUOTA.range,
        ANNUAL_QUOTA.meta.doc
    ));
    for f in FLAGS.iter() {
        out.push_str(&format!("| `{}` | {} | | `true` or `false` | {} |\n", f.meta.path(), f.default, f.meta.doc));
    }
    for s in SEASONS.iter() {
        out.push_str(&format!(
            "| `{}` | 1 | x by quarter | {} each, one number or [Q1, Q2, Q3, Q4] | {} |\n",
            s.meta.path(),
            s.range,
            s.meta.doc
        ));
    }
    for s in SHAPES.iter() {
        out.push_str(&format!(
            "| `{} *` | `\"lognormal\"` (no shape) | x {} per deal | `{{ quantiles = [...] }}`: 2 or more points, positive, not decreasing, median 1 | {} |\n",
            s.meta.path(),
            s.median.def().meta.key,
            s.meta.doc
        ));
    }
    out
}
