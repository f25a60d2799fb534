//! Walks the TOML document with its spans and turns it into a [`Scenario`],
//! collecting every error with its line, column and key path (validation
//! does not stop at the first problem).
//!
//! - this file: the top level (name, currency, sections, arrays of tables)
//!   and the checks that need the whole file;
//! - [`values`]: single values by kind;
//! - [`sections`]: shared sections and `[[strategy]]` tables;
//! - [`sweeps`]: `[[sweep]]` tables;
//! - [`correlations`]: `[[correlation]]` tables.

mod context;
mod correlations;
mod hires;
mod sections;
mod sweeps;
pub(crate) mod values;

use toml::de::{DeTable, DeValue};

use super::error::{ScenarioError, ScenarioErrors};
use super::registry::{Section, TOP_KEYS};
use super::sweeps::SweepDecl;
use super::{Counts, Hire, Loc, ParamSet, Scenario, StrategyDef};
use context::{Ctx, offset_of};
use values::{V, type_name};

/// What the walk has read so far.
struct Reader<'a> {
    ctx: Ctx<'a>,
    name: Option<String>,
    currency: String,
    counts: Counts,
    shared: ParamSet,
    strategies: Vec<StrategyDef>,
    saw_strategy: bool,
    /// Sweeps with the byte offsets of their `param` values, checked against
    /// the strategies once those are known.
    sweeps: Vec<(SweepDecl, Vec<usize>)>,
    hires: Vec<Hire>,
    correlations: Vec<correlations::CorrelationDecl>,
}

/// For a syntax error on a line such as `win_rate = 35%` or `quota = $250k`:
/// such numbers are read, but TOML needs them in quotes.
fn unquoted_number_hint(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, value) = line.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let numberlike = value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| "%$€£¥₹,kKMB".contains(c))
        && !value.starts_with(['"', '\'', '{', '[']);
    numberlike.then(|| format!("write it in quotes: `{} = \"{value}\"`", key.trim()))
}

/// Keys allowed at the top level of a scenario file.
const ROOT_KEYS: [&str; 12] =
    ["name", "currency", "simulation", "team", "policy", "selling", "seasonality", "market", "strategy", "sweep", "hire", "correlation"];

pub(crate) fn parse(text: &str, label: &str) -> Result<Scenario, ScenarioErrors> {
    let root = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let msg = e.message().trim().to_string();
            let mut e = ScenarioError::at(label, text, offset, "", format!("TOML syntax error: {msg}"));
            if let Some(help) = unquoted_number_hint(text, offset) {
                e = e.with_help(help);
            }
            return Err(ScenarioErrors::single(e));
        }
    };
    let mut r = Reader {
        ctx: Ctx { label, text, errors: Vec::new() },
        name: None,
        currency: "USD".to_string(),
        counts: Counts::default(),
        shared: ParamSet::defaults(),
        strategies: Vec::new(),
        saw_strategy: false,
        sweeps: Vec::new(),
        hires: Vec::new(),
        correlations: Vec::new(),
    };
    for (k, v) in root.get_ref().iter() {
        r.top_level(k.get_ref().as_ref(), k.span().start, v);
    }
    r.check_required();
    r.check_unique_names();
    r.finish(label)
}

impl Reader<'_> {
    /// One key of the top level.
    fn top_level(&mut self, key: &str, kstart: usize, v: &V<'_>) {
        match key {
            _ if TOP_KEYS.contains(&key) => self.text_key(key, v),
            _ if Section::parse(key).is_some() => {
                let section = Section::parse(key).expect("checked by the guard");
                match v.get_ref() {
                    DeValue::Table(t) => sections::section_table(&mut self.ctx, section, t, &mut self.counts, &mut self.shared),
                    other => self.ctx.err(v.span().start, key, format!("expected a table [{key}], found {}", type_name(other))),
                }
            }
            "strategy" => {
                self.saw_strategy = true;
                for_each_table(&mut self.ctx, key, kstart, v, |ctx, t, start| {
                    if let Some(s) = sections::strategy_table(ctx, t, start, self.strategies.len()) {
                        self.strategies.push(s);
                    }
                });
            }
            "sweep" => for_each_table(&mut self.ctx, key, kstart, v, |ctx, t, start| {
                if let Some(s) = sweeps::sweep_table(ctx, t, start, self.sweeps.len()) {
                    self.sweeps.push(s);
                }
            }),
            "hire" => for_each_table(&mut self.ctx, key, kstart, v, |ctx, t, start| {
                if let Some(h) = hires::hire_table(ctx, t, start, self.hires.len()) {
                    self.hires.push(h);
                }
            }),
            "correlation" => {
                let mut read = 0;
                for_each_table(&mut self.ctx, key, kstart, v, |ctx, t, start| {
                    if let Some(c) = correlations::correlation_table(ctx, t, start, read) {
                        self.correlations.push(c);
                    }
                    read += 1;
                });
            }
            _ => self.ctx.unknown_key(kstart, key, key, ROOT_KEYS.to_vec(), None),
        }
    }

    /// `name` or `currency`: a string (a name that can title a report).
    fn text_key(&mut self, key: &str, v: &V<'_>) {
        let start = v.span().start;
        match v.get_ref() {
            DeValue::String(s) if key == "name" => {
                if s.trim().is_empty() {
                    self.ctx.err(start, "name", "the scenario name is empty");
                } else if s.chars().any(char::is_control) {
                    self.ctx.err(start, "name", "the scenario name contains control characters");
                } else {
                    self.name = Some(s.to_string());
                }
            }
            DeValue::String(s) => self.currency = s.to_string(),
            other => self.ctx.err(start, key, format!("expected a string, found {}", type_name(other))),
        }
    }

    /// A scenario needs a name and at least one strategy.
    fn check_required(&mut self) {
        if self.name.is_none() && !self.ctx.errors.iter().any(|e| e.key_path == "name") {
            self.ctx.err_help(0, "name", "the scenario has no `name`", Some("add e.g. `name = \"Mid-market team\"` at the top".into()));
        }
        if !self.saw_strategy {
            self.ctx.err_help(
                self.ctx.text.len(),
                "strategy",
                "the scenario has no [[strategy]]",
                Some("add at least one `[[strategy]]` table with a `name`".into()),
            );
        }
    }

    /// Duplicate names make paired comparisons, `--set strategy.NAME.key` and
    /// `--name` ambiguous.
    fn check_unique_names(&mut self) {
        let strategies: Vec<(&str, Option<Loc>)> = self.strategies.iter().map(|s| (s.name.as_str(), s.loc)).collect();
        duplicates(&mut self.ctx, "strategy", &strategies);
        let sweeps: Vec<(&str, Option<Loc>)> = self.sweeps.iter().map(|(d, _)| (d.name.as_str(), d.loc)).collect();
        duplicates(&mut self.ctx, "sweep", &sweeps);
    }

    /// The scenario, once its declared sweeps are checked against it.
    fn finish(mut self, label: &str) -> Result<Scenario, ScenarioErrors> {
        hires::check_hires(&mut self.ctx, &self.hires, &self.counts);
        if !self.ctx.errors.is_empty() {
            return Err(ScenarioErrors(self.ctx.errors));
        }
        let mut scenario = Scenario {
            name: self.name.unwrap_or_default(),
            currency: self.currency,
            source_label: label.to_string(),
            sha256: String::new(),
            counts: self.counts,
            shared: self.shared,
            strategies: self.strategies,
            overrides: Vec::new(),
            sweeps: Vec::new(),
            hires: self.hires,
            correlations: Vec::new(),
        };
        self.ctx.errors.extend(super::checks::consistency(&scenario));
        sweeps::check_sweeps(&mut self.ctx, &scenario, &self.sweeps);
        scenario.correlations = correlations::check_correlations(&mut self.ctx, &scenario, &self.correlations);
        if !self.ctx.errors.is_empty() {
            return Err(ScenarioErrors(self.ctx.errors));
        }
        scenario.sweeps = self.sweeps.into_iter().map(|(d, _)| d).collect();
        Ok(scenario)
    }
}

/// An array of tables (`[[key]]`): `read` each table; anything else is an error.
fn for_each_table(ctx: &mut Ctx<'_>, key: &str, kstart: usize, v: &V<'_>, mut read: impl FnMut(&mut Ctx<'_>, &DeTable<'_>, usize)) {
    match v.get_ref() {
        DeValue::Array(items) => {
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::Table(t) => read(ctx, t, item.span().start),
                    other => ctx.err(item.span().start, key, format!("expected a table, found {}", type_name(other))),
                }
            }
        }
        DeValue::Table(_) => ctx.err_help(
            kstart,
            key,
            format!("`{key}` must be an array of tables"),
            Some(format!("write each {key} as `[[{key}]]` (double brackets), not `[{key}]`")),
        ),
        other => ctx.err(v.span().start, key, format!("expected [[{key}]] tables, found {}", type_name(other))),
    }
}

/// An error at every name that repeats an earlier one of the same `kind`.
fn duplicates(ctx: &mut Ctx<'_>, kind: &str, names: &[(&str, Option<Loc>)]) {
    for (i, (name, loc)) in names.iter().enumerate() {
        if let Some((_, first)) = names[..i].iter().find(|(n, _)| n == name) {
            let offset = loc.map(|l| offset_of(ctx.text, l)).unwrap_or(0);
            let first = first.map(|l| format!(" (first defined on line {})", l.line)).unwrap_or_default();
            ctx.err(offset, &format!("{kind}.name"), format!("duplicate {kind} name `{name}`{first}"));
        }
    }
}
