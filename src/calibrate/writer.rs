//! The calibrated scenario as commented TOML: every key of the registry,
//! in its section, with where its value comes from beside it (the keys the
//! calibration does not decide come from the template, marked as
//! assumptions, so settings added to the registry are written too).

use super::error::CalibrateError;
use super::fit::Fits;
use super::history::History;
use super::report::{Kind, Setting};
use crate::report::format::count;
use crate::scenario::registry::{SettingId, all_settings};
use crate::scenario::{Correlation, Dist, Fit, NO_SHAPE, Param, ParamSet, Quantity, Scenario, Section as Sec, ShapeQuantiles};

/// A number as TOML writes it: the shortest text that reads back the same.
pub fn number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

/// A scenario quantity as TOML.
pub fn quantity(q: &Quantity) -> String {
    let list = |v: &[f64]| v.iter().map(|x| number(*x)).collect::<Vec<_>>().join(", ");
    match q {
        Quantity::Fixed(x) => number(*x),
        Quantity::Uncertain(d) => {
            let (name, v): (&str, Vec<f64>) = match d {
                Dist::Uniform { lo, hi } => ("uniform", vec![*lo, *hi]),
                Dist::Triangular { min, mode, max } => ("triangular", vec![*min, *mode, *max]),
                Dist::Pert { min, mode, max } => ("pert", vec![*min, *mode, *max]),
                Dist::Normal { mean, sd } => ("normal", vec![*mean, *sd]),
                Dist::LogNormal { median, sigma } => ("lognormal", vec![*median, *sigma]),
                Dist::Beta { a, b } => ("beta", vec![*a, *b]),
                Dist::Quantiles(q) => ("quantiles", q.clone()),
            };
            format!("{{ {name} = [{}] }}", list(&v))
        }
    }
}

/// Seasonal multipliers: one number when all quarters agree, else all four.
pub fn season(m: [f64; 4]) -> String {
    if m.iter().all(|x| *x == m[0]) { number(m[0]) } else { format!("[{}]", m.map(number).join(", ")) }
}

/// A TOML basic string.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One `key = value  # comment` line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub key: String,
    pub value: String,
    pub comment: String,
}

/// One `[section]` (or `[[strategy]]`) with its lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub header: String,
    pub lines: Vec<Line>,
}

/// Column where comments start when the value is short enough.
const COMMENT_COLUMN: usize = 34;

/// The file: leading comment lines, top-level keys, then the sections.
pub fn render(preamble: &[String], top: &[Line], sections: &[Section]) -> String {
    let mut out = String::new();
    for p in preamble {
        if p.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {p}\n"));
        }
    }
    out.push('\n');
    let line = |out: &mut String, l: &Line| {
        let code = format!("{} = {}", l.key, l.value);
        if l.comment.is_empty() {
            out.push_str(&code);
        } else {
            let pad = COMMENT_COLUMN.saturating_sub(code.chars().count()).max(2);
            out.push_str(&format!("{code}{}# {}", " ".repeat(pad), l.comment));
        }
        out.push('\n');
    };
    for l in top {
        line(&mut out, l);
    }
    for s in sections {
        out.push_str(&format!("\n{}\n", s.header));
        for l in &s.lines {
            line(&mut out, l);
        }
    }
    out
}

/// Every value decided for a key, before it is written.
pub struct Decided {
    pub value: Quantity,
    /// The value as written, where it is not a quantity (seasonal multipliers).
    pub text: Option<String>,
    pub estimate: f64,
    pub kind: Kind,
    pub note: String,
}

/// The comment block at the top of the file.
pub fn preamble(h: &History, f: &Fits, template: &str, strategy: &str, point_estimates: bool) -> Vec<String> {
    let skipped = h.skipped_rows();
    vec![
        format!("Calibrated by `quotasim calibrate` (quotasim {}) from {}", env!("CARGO_PKG_VERSION"), h.label),
        format!(
            "(sha256 {}): {} rows, {} opportunities used, {} skipped; {} owners; {} to {}.",
            &h.sha256[..h.sha256.len().min(12)],
            count(h.rows as u64),
            count(h.opportunities.len() as u64),
            count(skipped as u64),
            count(h.owners.len() as u64),
            f.panel.start,
            h.as_of
        ),
        format!("What the history cannot tell comes from the template {template} (strategy \"{strategy}\")."),
        String::new(),
        "Beside every key, where its value comes from:".into(),
        "  fitted     - estimated from the history: estimate [95% interval], n, and the columns it came from;".into(),
        "  solved     - set so that the simulated baseline reproduces a fitted figure (named beside it);".into(),
        "  assumption - from the template: the history cannot tell it;".into(),
        "  set        - given on the command line.".into(),
        if point_estimates {
            "Fitted values are written as point estimates (--point-estimates).".into()
        } else {
            "Fitted values are uncertain inputs drawn once per trial from their sampling distribution, so a run carries the fit's uncertainty.".into()
        },
        String::new(),
        format!("Check that the baseline reproduces the history: quotasim backtest {} <this file>", h.label),
        "calibration.json, next to the charts, holds every figure and the notes on how it became a setting.".into(),
    ]
}

/// The template's correlations, split into those the calibrated scenario
/// keeps (both inputs are assumptions, still uncertain) and those it drops
/// (an input the history decides: its uncertainty is now the fit's own).
pub fn correlations<'a>(t: &'a Scenario, set: &ParamSet, decided: &[(SettingId, Decided)]) -> (Vec<&'a Correlation>, Vec<&'a Correlation>) {
    let assumed = |p: Param| !decided.iter().any(|(id, _)| *id == SettingId::Param(p)) && set.get(p).is_uncertain();
    t.correlations.iter().partition(|c| c.params.iter().all(|&p| assumed(p)))
}

/// Render every key of the registry (decided or from the template) and check that the text validates.
pub fn scenario(
    name: &str,
    currency: &str,
    t: &Scenario,
    set: &ParamSet,
    decided: &[(SettingId, Decided)],
    preamble: &[String],
) -> Result<(String, Scenario, Vec<Setting>), CalibrateError> {
    let template_set = |id: SettingId| -> (String, f64) {
        match id {
            SettingId::Count(c) => (t.counts[c].to_string(), t.counts[c] as f64),
            SettingId::Param(p) => (quantity(set.get(p)), set.get(p).central()),
            SettingId::Choice(c) => (string(set.choice_word(c)), f64::NAN),
            SettingId::Fit => match set.fit.value {
                Fit::Beta { a, b } => (format!("{{ beta = [{}, {}] }}", number(a), number(b)), f64::NAN),
                Fit::Fixed(x) => (number(x), x),
            },
            SettingId::Flag(f) => (set.flag(f).to_string(), f64::NAN),
            SettingId::Season(s) => (season(set.season(s)), f64::NAN),
            SettingId::Shape(s) => (set.shape(s).map_or_else(|| string(NO_SHAPE), ShapeQuantiles::toml), f64::NAN),
            // Not listed by `all_settings` (quota is written instead); kept exact all the same.
            SettingId::Alias => {
                let annual = set.get(Param::Quota).central() * 4.0;
                (set.get(Param::Quota).scaled(4.0).map_or_else(|_| number(annual), |q| quantity(&q)), annual)
            }
        }
    };
    let mut settings = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for sec in Sec::ALL {
        let mut lines = Vec::new();
        for id in all_settings().filter(|id| id.meta().section == sec) {
            let meta = id.meta();
            let (value, estimate, kind, note) = match decided.iter().find(|(d, _)| *d == id) {
                Some((_, d)) => (d.text.clone().unwrap_or_else(|| quantity(&d.value)), d.estimate, d.kind, d.note.clone()),
                None if !template_shape_holds(id, set, decided) => continue,
                None => {
                    let (v, e) = template_set(id);
                    (v, e, Kind::Assumption, "assumption, from the template".to_string())
                }
            };
            settings.push(Setting { path: meta.path(), value: value.clone(), estimate, kind, note: note.clone() });
            lines.push(Line { key: meta.key.to_string(), value, comment: note });
        }
        sections.push(Section { header: format!("[{}]", sec.name()), lines });
    }
    sections.push(Section {
        header: "[[strategy]]".into(),
        lines: vec![Line {
            key: "name".into(),
            value: string("baseline"),
            comment: "the history's own motion; add strategies to compare what-ifs".into(),
        }],
    });
    let (kept, _) = correlations(t, set, decided);
    for c in kept {
        let paths = c.params.map(|p| string(&p.def().meta.path()));
        sections.push(Section {
            header: "[[correlation]]".into(),
            lines: vec![
                Line { key: "between".into(), value: format!("[{}]", paths.join(", ")), comment: "assumption, from the template".into() },
                Line { key: "rank".into(), value: number(c.rank), comment: String::new() },
            ],
        });
    }
    let top = vec![
        Line { key: "name".into(), value: string(name), comment: String::new() },
        Line { key: "currency".into(), value: string(currency), comment: String::new() },
    ];
    let text = render(preamble, &top, &sections);
    let scenario = Scenario::from_toml(&text, "<calibrated scenario>")
        .map_err(|e| CalibrateError::Input(format!("internal error: the calibrated scenario does not validate:\n{e}")))?;
    Ok((text, scenario, settings))
}

/// Whether a key the calibration did not decide is written from the
/// template: every key but a per-deal shape, which is written only when the
/// template has one and the history did not decide its median (a history's
/// sizes and cycles are its own; calibrate writes a shape where they need one).
fn template_shape_holds(id: SettingId, set: &ParamSet, decided: &[(SettingId, Decided)]) -> bool {
    match id {
        SettingId::Shape(s) => set.shape(s).is_some() && !decided.iter().any(|(d, _)| *d == SettingId::Param(s.def().median)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_the_same() {
        assert_eq!(number(25_000.0), "25000");
        assert_eq!(number(0.215), "0.215");
        assert_eq!(number(1.0e-5), "0.00001");
        assert_eq!(quantity(&Quantity::Uncertain(Dist::Normal { mean: 0.3, sd: 0.01 })), "{ normal = [0.3, 0.01] }");
        assert_eq!(quantity(&Quantity::Uncertain(Dist::Quantiles(vec![1.0, 2.5]))), "{ quantiles = [1, 2.5] }");
        assert_eq!(string("a \"b\"\\"), "\"a \\\"b\\\"\\\\\"");
        let text = render(
            &["head".into(), String::new()],
            &[Line { key: "name".into(), value: string("x"), comment: String::new() }],
            &[Section { header: "[team]".into(), lines: vec![Line { key: "reps".into(), value: "3".into(), comment: "fitted".into() }] }],
        );
        assert_eq!(text, format!("# head\n#\n\nname = \"x\"\n\n[team]\nreps = 3{}# fitted\n", " ".repeat(COMMENT_COLUMN - 8)));
        let v: toml::Value = toml::from_str(&text).unwrap();
        assert_eq!(v["team"]["reps"].as_integer(), Some(3));
    }
}
