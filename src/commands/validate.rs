//! `quotasim validate`: check a scenario and show what each strategy will run with.

use super::{CommandError, ValidateOptions, load_scenario};
use crate::scenario::Origin;
use crate::stats::summary::parameter_rows;

pub fn validate(opts: &ValidateOptions) -> Result<(), CommandError> {
    let scenario = load_scenario(&opts.scenario)?;
    print!("{}", describe(&scenario));
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// The resolved parameters as a table; `*` marks a strategy's own value,
/// `=` a `--set` override, blank the shared value, `(default)` the default.
pub fn describe(scenario: &crate::scenario::Scenario) -> String {
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
    let rows = parameter_rows(scenario);
    let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
    let cell = |v: &crate::stats::summary::ParameterValue| {
        let mark = match v.origin {
            Origin::Default => " (default)",
            Origin::Shared => "",
            Origin::Strategy => " *",
            Origin::Override => " =",
        };
        format!("{}{mark}", v.value)
    };
    let key_w = rows.iter().map(|r| r.path.len()).max().unwrap_or(0).max(9);
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
    for r in &rows {
        for (w, v) in widths.iter_mut().zip(&r.values) {
            *w = (*w).max(cell(v).chars().count());
        }
    }
    out.push_str(&format!("  {:key_w$}", "parameter"));
    for (n, w) in names.iter().zip(&widths) {
        out.push_str(&format!("  {:<w$}", n, w = *w));
    }
    out.push('\n');
    for r in &rows {
        out.push_str(&format!("  {:key_w$}", r.path));
        for (v, w) in r.values.iter().zip(&widths) {
            out.push_str(&format!("  {:<w$}", cell(v), w = *w));
        }
        out.push('\n');
    }
    out.push_str("\n  * set by the strategy   = set by --set   (default) not in the file\n");
    if !scenario.sweeps.is_empty() {
        out.push_str("\n  declared sweeps (run with `quotasim sweep`):\n");
        for s in &scenario.sweeps {
            let axes: Vec<String> = s
                .axes
                .iter()
                .map(|a| match &a.spec {
                    crate::scenario::ValueSpec::List(v) => {
                        format!("{} = [{}]", a.param, v.iter().map(|x| crate::scenario::fmt_num(*x)).collect::<Vec<_>>().join(", "))
                    }
                    crate::scenario::ValueSpec::Range { start, end, step } => format!(
                        "{} = {}:{}:{}",
                        a.param,
                        crate::scenario::fmt_num(*start),
                        crate::scenario::fmt_num(*end),
                        crate::scenario::fmt_num(*step)
                    ),
                })
                .collect();
            out.push_str(&format!("    {}: {}\n", s.name, axes.join(" x ")));
        }
    }
    out
}
