//! The calibrated scenario as commented TOML: every key of the registry,
//! in its section, with where its value comes from beside it.

use crate::scenario::{Dist, Quantity};

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
