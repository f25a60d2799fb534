//! `quotasim validate`: check a scenario and show what each strategy will run with.

use super::{CommandError, ValidateOptions, load_scenario};
use crate::report::format::{Row, TableStyle, WIDE_GAP, align, text_plain};
use crate::report::words::plain::value_words;
use crate::scenario::{Origin, Scenario, SettingId, Shape};
use crate::stats::summary::{ParameterValue, parameter_rows};

pub fn validate(opts: &ValidateOptions) -> Result<(), CommandError> {
    let scenario = load_scenario(&opts.scenario)?;
    print!("{}", describe(&scenario));
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// A resolved value with its origin mark.
fn cell(v: &ParameterValue) -> String {
    let mark = match v.origin {
        Origin::Default => " (default)",
        Origin::Shared => "",
        Origin::Strategy => " *",
        Origin::Override => " =",
    };
    format!("{}{mark}", v.value)
}

/// Per-deal shapes in words, one line per strategy that draws from one
/// (nothing when none does).
fn shapes(scenario: &Scenario) -> String {
    let mut out = String::new();
    for s in Shape::all().filter(|s| scenario.mentions_shape(*s)) {
        let path = SettingId::Shape(s).meta().path();
        for (i, strategy) in scenario.strategies.iter().enumerate() {
            let (text, _) = scenario.resolved(i).describe(SettingId::Shape(s));
            out.push_str(&format!("    {path} ({}): {}\n", strategy.name, value_words(&path, &text)));
        }
    }
    if out.is_empty() {
        out
    } else {
        format!("\n  per-deal shapes (each draw a multiple of its median, by equally spaced quantiles):\n{out}")
    }
}

/// The resolved parameters as a table; `*` marks a strategy's own value,
/// `=` a `--set` override, blank the shared value, `(default)` the default.
pub fn describe(scenario: &Scenario) -> String {
    let mut out = format!(
        "{}: valid\n  name: {}\n  {} trials x {} reps x {} quarters (+{} warm-up) of {} weeks, seed {}\n\n",
        scenario.source_label,
        scenario.name,
        scenario.trials(),
        scenario.reps(),
        scenario.quarters(),
        scenario.warmup_quarters(),
        scenario.weeks_per_quarter(),
        scenario.seed()
    );
    let names = scenario.strategies.iter().map(|s| s.name.clone());
    let mut rows = vec![Row::Cells(std::iter::once("parameter".to_string()).chain(names).collect())];
    rows.extend(
        parameter_rows(scenario).iter().map(|r| Row::Cells(std::iter::once(r.path.clone()).chain(r.values.iter().map(cell)).collect())),
    );
    out.push_str(&align(&rows, TableStyle { text_columns: usize::MAX, trim_end: false, text_gap: WIDE_GAP }));
    out.push_str("\n  * set by the strategy   = set by --set   (default) not in the file\n");
    out.push_str(&shapes(scenario));
    if !scenario.correlations.is_empty() {
        out.push_str("\n  correlated uncertain inputs (Spearman rank correlation of their per-trial draws):\n");
        for c in &scenario.correlations {
            out.push_str(&format!("    {} ~ {}: {}\n", c.between[0], c.between[1], text_plain(c.rank)));
        }
    }
    if !scenario.sweeps.is_empty() {
        out.push_str("\n  declared sweeps (run with `quotasim sweep`):\n");
        for s in &scenario.sweeps {
            let axes: Vec<String> = s
                .axes
                .iter()
                .map(|a| match &a.spec {
                    crate::scenario::ValueSpec::List(v) => {
                        format!("{} = [{}]", a.param, v.iter().map(|x| text_plain(*x)).collect::<Vec<_>>().join(", "))
                    }
                    crate::scenario::ValueSpec::Range { start, end, step } => {
                        format!("{} = {}:{}:{}", a.param, text_plain(*start), text_plain(*end), text_plain(*step))
                    }
                })
                .collect();
            out.push_str(&format!("    {}: {}\n", s.name, axes.join(" x ")));
        }
    }
    out
}
