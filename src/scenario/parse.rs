//! Walks the TOML document with its spans and turns it into a [`Scenario`],
//! collecting every error with its line, column and key path.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{ScenarioError, ScenarioErrors};
use super::overrides::ParamPath;
use super::quantity::{DIST_NAMES, Dist, Quantity};
use super::registry::{self as params, Choice, CountDef, FIT, Param, Section, SettingId};
use super::sweeps::{AxisDecl, SWEEP_KEYS, SweepDecl, ValueSpec};
use super::units::{fmt_num, fmt_num_any};
use super::{Counts, Fit, Loc, Origin, ParamSet, Scenario, Setting, StrategyDef, StrategyOverrides};

/// A problem with one value, located by a byte span within the text it was parsed from.
pub(crate) struct ValueError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

impl ValueError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        ValueError { offset, message: message.into(), help: None }
    }
}

type V<'i> = Spanned<DeValue<'i>>;

pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A TOML number as f64; `Err` for non-numbers, `Ok(NaN/inf)` is left to the caller.
pub(crate) fn number(v: &V<'_>) -> Result<f64, ValueError> {
    let start = v.span().start;
    match v.get_ref() {
        DeValue::Integer(i) => integer(i).map(|x| x as f64).ok_or_else(|| ValueError::new(start, "integer out of range")),
        DeValue::Float(f) => {
            let s: String = f.as_str().chars().filter(|c| *c != '_').collect();
            let x = match s.trim_start_matches('+') {
                "inf" => f64::INFINITY,
                "-inf" => f64::NEG_INFINITY,
                "nan" | "-nan" => f64::NAN,
                t => t.parse::<f64>().map_err(|_| ValueError::new(start, format!("cannot read `{s}` as a number")))?,
            };
            Ok(x)
        }
        other => Err(ValueError::new(start, format!("expected a number, found {}", type_name(other)))),
    }
}

fn finite(v: &V<'_>) -> Result<f64, ValueError> {
    let x = number(v)?;
    if x.is_finite() { Ok(x) } else { Err(ValueError::new(v.span().start, format!("{} is not a finite number", fmt_num_any(x)))) }
}

/// A numeric parameter: a finite number in range, or an uncertain distribution
/// that stays within the range.
pub(crate) fn quantity(v: &V<'_>, p: Param) -> Result<Quantity, ValueError> {
    let d = p.def();
    let start = v.span().start;
    match v.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            let x = finite(v)?;
            if d.range.contains(x) {
                Ok(Quantity::Fixed(x))
            } else {
                Err(ValueError {
                    offset: start,
                    message: format!("{} is out of range: {} must be in {}", fmt_num(x), d.meta.key, d.range),
                    help: Some(format!("{} ({})", d.meta.doc, d.unit.text())),
                })
            }
        }
        DeValue::Table(t) => {
            let dist = distribution(t, start)?;
            dist.check_within(&d.range).map_err(|m| ValueError::new(start, m.0))?;
            Ok(Quantity::Uncertain(dist))
        }
        other => Err(ValueError {
            offset: start,
            message: format!("expected a number or an uncertain distribution, found {}", type_name(other)),
            help: Some(format!("write e.g. `{} = {}` or `{} = {{ uniform = [lo, hi] }}`", d.meta.key, fmt_num(d.default), d.meta.key)),
        }),
    }
}

fn distribution(t: &DeTable<'_>, start: usize) -> Result<Dist, ValueError> {
    let names = || DIST_NAMES.iter().map(|(n, _, _)| *n);
    if t.len() != 1 {
        return Err(ValueError {
            offset: start,
            message: format!("an uncertain value is a table with exactly one distribution, found {} keys", t.len()),
            help: Some(dist_help()),
        });
    }
    let (k, v) = t.iter().next().expect("one entry");
    let name = k.get_ref().as_ref();
    let Some((_, arity, shape)) = DIST_NAMES.iter().find(|(n, _, _)| *n == name) else {
        let mut e = ValueError::new(k.span().start, format!("unknown distribution `{name}`"));
        e.help = Some(match params::nearest(name, names()) {
            Some(s) => format!("did you mean `{s}`? {}", dist_help()),
            None => dist_help(),
        });
        return Err(e);
    };
    let DeValue::Array(items) = v.get_ref() else {
        return Err(ValueError::new(v.span().start, format!("`{name}` takes an array {shape}, found {}", type_name(v.get_ref()))));
    };
    if items.len() != *arity {
        return Err(ValueError::new(v.span().start, format!("`{name}` takes {arity} numbers {shape}, found {}", items.len())));
    }
    let nums = items.iter().map(finite).collect::<Result<Vec<f64>, _>>()?;
    Dist::from_parts(name, &nums).map_err(|m| ValueError::new(v.span().start, m.0))
}

fn dist_help() -> String {
    let forms: Vec<String> = DIST_NAMES.iter().map(|(n, _, s)| format!("{{ {n} = {s} }}")).collect();
    format!("uncertain values: {}", forms.join(", "))
}

pub(crate) fn fit(v: &V<'_>) -> Result<Fit, ValueError> {
    let start = v.span().start;
    match v.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            let x = finite(v)?;
            if (0.0..=1.0).contains(&x) {
                Ok(Fit::Fixed(x))
            } else {
                Err(ValueError::new(start, format!("a fixed fit must be in [0, 1], got {}", fmt_num(x))))
            }
        }
        DeValue::Table(t) => match distribution(t, start)? {
            Dist::Beta { a, b } => Ok(Fit::Beta { a, b }),
            other => Err(ValueError {
                offset: start,
                message: format!("fit must be a Beta distribution on [0, 1], found {other}"),
                help: Some("write e.g. `fit = { beta = [3.0, 2.0] }` (mean a/(a+b))".into()),
            }),
        },
        other => Err(ValueError {
            offset: start,
            message: format!("expected {{ beta = [a, b] }} or a number in [0, 1], found {}", type_name(other)),
            help: Some(FIT.meta.doc.into()),
        }),
    }
}

/// A word of `choice`, as the index of its value.
pub(crate) fn choice(v: &V<'_>, choice: Choice) -> Result<usize, ValueError> {
    let def = choice.def();
    let key = def.meta.key;
    let options = def.values.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(" or ");
    match v.get_ref() {
        DeValue::String(s) => def.values.iter().position(|w| *w == s.as_ref()).ok_or_else(|| ValueError {
            offset: v.span().start,
            message: format!("`{s}` is not a valid {key}: expected {options}"),
            help: params::nearest(s, def.values.iter().copied()).map(|n| format!("did you mean \"{n}\"?")),
        }),
        other => Err(ValueError::new(v.span().start, format!("expected a string ({options}), found {}", type_name(other)))),
    }
}

fn integer(i: &toml::de::DeInteger<'_>) -> Option<i128> {
    let raw: String = i.as_str().chars().filter(|c| *c != '_').collect();
    let (neg, body) = match raw.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, raw.trim_start_matches('+')),
    };
    let body = body.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
    let x = i128::from_str_radix(body, i.radix()).ok()?;
    Some(if neg { -x } else { x })
}

pub(crate) fn count(v: &V<'_>, def: &CountDef) -> Result<u64, ValueError> {
    let start = v.span().start;
    match v.get_ref() {
        DeValue::Integer(i) => {
            let x = integer(i).ok_or_else(|| ValueError::new(start, "integer out of range"))?;
            if x < i128::from(def.min) || x > i128::from(def.max) {
                Err(ValueError::new(start, format!("{x} is out of range: {} must be in [{}, {}]", def.meta.key, def.min, def.max)))
            } else {
                Ok(x as u64)
            }
        }
        DeValue::Float(_) => Err(ValueError::new(start, format!("{} must be a whole number, found a float", def.meta.key))),
        other => Err(ValueError::new(start, format!("expected a whole number, found {}", type_name(other)))),
    }
}

/// The parse context: file label and text, and the errors found so far.
struct Ctx<'a> {
    label: &'a str,
    text: &'a str,
    errors: Vec<ScenarioError>,
}

impl Ctx<'_> {
    fn loc(&self, offset: usize) -> Loc {
        let (line, column) = super::error::line_col(self.text, offset);
        Loc { line, column }
    }
    fn err(&mut self, offset: usize, path: &str, msg: impl Into<String>) {
        let e = ScenarioError::at(self.label, self.text, offset, path, msg);
        self.errors.push(e);
    }
    fn err_help(&mut self, offset: usize, path: &str, msg: impl Into<String>, help: Option<String>) {
        let mut e = ScenarioError::at(self.label, self.text, offset, path, msg);
        e.help = help;
        self.errors.push(e);
    }
    fn value_err(&mut self, path: &str, e: ValueError) {
        self.err_help(e.offset, path, e.message, e.help);
    }
    fn unknown_key(&mut self, offset: usize, path: &str, key: &str, valid: Vec<&str>, extra: Option<String>) {
        let help = match (params::nearest(key, valid.iter().copied()), extra) {
            (_, Some(x)) => Some(x),
            (Some(n), None) => Some(format!("did you mean `{n}`?")),
            (None, None) => Some(format!("valid keys here: {}", valid.join(", "))),
        };
        self.err_help(offset, path, format!("unknown key `{key}`"), help);
    }
}

pub(crate) fn parse(text: &str, label: &str) -> Result<Scenario, ScenarioErrors> {
    let root = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let msg = e.message().trim().to_string();
            return Err(ScenarioErrors::single(ScenarioError::at(label, text, offset, "", format!("TOML syntax error: {msg}"))));
        }
    };
    let mut ctx = Ctx { label, text, errors: Vec::new() };
    let mut name: Option<String> = None;
    let mut currency = "USD".to_string();
    let mut counts = Counts::default();
    let mut shared = ParamSet::defaults();
    let mut strategies: Vec<StrategyDef> = Vec::new();
    let mut saw_strategy = false;
    // Sweeps with the byte offsets of their `param` values, checked against
    // the strategies once those are known.
    let mut sweeps: Vec<(SweepDecl, Vec<usize>)> = Vec::new();

    for (k, v) in root.get_ref().iter() {
        let key = k.get_ref().as_ref();
        let kstart = k.span().start;
        match key {
            "name" | "currency" => match v.get_ref() {
                DeValue::String(s) if key == "name" => {
                    if s.trim().is_empty() {
                        ctx.err(v.span().start, "name", "the scenario name is empty");
                    } else if s.chars().any(char::is_control) {
                        ctx.err(v.span().start, "name", "the scenario name contains control characters");
                    } else {
                        name = Some(s.to_string());
                    }
                }
                DeValue::String(s) => currency = s.to_string(),
                other => ctx.err(v.span().start, key, format!("expected a string, found {}", type_name(other))),
            },
            _ if Section::parse(key).is_some() => {
                let section = Section::parse(key).expect("checked by the guard");
                match v.get_ref() {
                    DeValue::Table(t) => section_table(&mut ctx, section, t, &mut counts, &mut shared),
                    other => ctx.err(v.span().start, key, format!("expected a table [{key}], found {}", type_name(other))),
                }
            }
            "strategy" => {
                saw_strategy = true;
                match v.get_ref() {
                    DeValue::Array(items) => {
                        for item in items.iter() {
                            match item.get_ref() {
                                DeValue::Table(t) => {
                                    if let Some(s) = strategy_table(&mut ctx, t, item.span().start, strategies.len()) {
                                        strategies.push(s);
                                    }
                                }
                                other => ctx.err(item.span().start, "strategy", format!("expected a table, found {}", type_name(other))),
                            }
                        }
                    }
                    DeValue::Table(_) => ctx.err_help(
                        kstart,
                        "strategy",
                        "`strategy` must be an array of tables",
                        Some("write each strategy as `[[strategy]]` (double brackets), not `[strategy]`".into()),
                    ),
                    other => ctx.err(v.span().start, "strategy", format!("expected [[strategy]] tables, found {}", type_name(other))),
                }
            }
            "sweep" => match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Table(t) => {
                                if let Some(s) = sweep_table(&mut ctx, t, item.span().start, sweeps.len()) {
                                    sweeps.push(s);
                                }
                            }
                            other => ctx.err(item.span().start, "sweep", format!("expected a table, found {}", type_name(other))),
                        }
                    }
                }
                DeValue::Table(_) => ctx.err_help(
                    kstart,
                    "sweep",
                    "`sweep` must be an array of tables",
                    Some("write each sweep as `[[sweep]]` (double brackets), not `[sweep]`".into()),
                ),
                other => ctx.err(v.span().start, "sweep", format!("expected [[sweep]] tables, found {}", type_name(other))),
            },
            _ => {
                let valid = vec!["name", "currency", "simulation", "team", "policy", "selling", "strategy", "sweep"];
                ctx.unknown_key(kstart, key, key, valid, None);
            }
        }
    }

    if name.is_none() && !ctx.errors.iter().any(|e| e.key_path == "name") {
        ctx.err_help(0, "name", "the scenario has no `name`", Some("add e.g. `name = \"Mid-market team\"` at the top".into()));
    }
    if !saw_strategy {
        ctx.err_help(
            text.len(),
            "strategy",
            "the scenario has no [[strategy]]",
            Some("add at least one `[[strategy]]` table with a `name`".into()),
        );
    }
    // Duplicate names make paired comparisons and `--set strategy.NAME.key` ambiguous.
    for i in 0..strategies.len() {
        for j in 0..i {
            if strategies[i].name == strategies[j].name {
                let (li, lj) = (strategies[i].loc, strategies[j].loc);
                let offset = li.map(|l| offset_of(text, l)).unwrap_or(0);
                let first = lj.map(|l| format!(" (first defined on line {})", l.line)).unwrap_or_default();
                ctx.err(offset, "strategy.name", format!("duplicate strategy name `{}`{first}", strategies[i].name));
            }
        }
    }
    for i in 0..sweeps.len() {
        for j in 0..i {
            if sweeps[i].0.name == sweeps[j].0.name {
                let offset = sweeps[i].0.loc.map(|l| offset_of(text, l)).unwrap_or(0);
                let first = sweeps[j].0.loc.map(|l| format!(" (first defined on line {})", l.line)).unwrap_or_default();
                ctx.err(offset, "sweep.name", format!("duplicate sweep name `{}`{first}", sweeps[i].0.name));
            }
        }
    }
    if !ctx.errors.is_empty() {
        return Err(ScenarioErrors(ctx.errors));
    }
    Ok(Scenario {
        name: name.unwrap_or_default(),
        currency,
        source_label: label.to_string(),
        sha256: String::new(),
        counts,
        shared,
        strategies,
        overrides: Vec::new(),
        sweeps: Vec::new(),
    })
    .and_then(|mut scenario| {
        check_sweeps(&mut ctx, &scenario, &sweeps);
        if ctx.errors.is_empty() {
            scenario.sweeps = sweeps.into_iter().map(|(d, _)| d).collect();
            Ok(scenario)
        } else {
            Err(ScenarioErrors(ctx.errors))
        }
    })
}

/// One `[[sweep]]` table: its keys and value grammar (paths are checked later).
fn sweep_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, start: usize, index: usize) -> Option<(SweepDecl, Vec<usize>)> {
    let get = |key: &str| t.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v);
    let label = match get("name").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => s.to_string(),
        _ => format!("#{}", index + 1),
    };
    let before = ctx.errors.len();
    for (k, _) in t.iter() {
        let key = k.get_ref().as_ref();
        if !SWEEP_KEYS.contains(&key) {
            ctx.unknown_key(k.span().start, &format!("sweep.{label}.{key}"), key, SWEEP_KEYS.to_vec(), None);
        }
    }
    let name = match get("name") {
        Some(v) => match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                ctx.err(v.span().start, "sweep.name", "the sweep name is empty");
                None
            }
            DeValue::String(s) if s.chars().any(char::is_control) => {
                ctx.err(v.span().start, "sweep.name", "the sweep name contains control characters");
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                ctx.err(v.span().start, "sweep.name", format!("expected a string, found {}", type_name(other)));
                None
            }
        },
        None => {
            ctx.err_help(start, &format!("sweep.{label}"), "this [[sweep]] has no `name`", Some("add `name = \"...\"`".into()));
            None
        }
    };
    let mut axes = Vec::new();
    let mut offsets = Vec::new();
    for (pk, vk, rk) in [("param", "values", "range"), ("param2", "values2", "range2")] {
        let path = |k: &str| format!("sweep.{label}.{k}");
        let param = get(pk);
        let (values, range) = (get(vk), get(rk));
        let Some(param) = param else {
            if pk == "param" {
                ctx.err_help(
                    start,
                    &path(pk),
                    "this [[sweep]] has no `param`",
                    Some("add e.g. `param = \"policy.coverage_target\"`".into()),
                );
            } else if let Some(v) = values.or(range) {
                ctx.err(v.span().start, &path(pk), format!("`{vk}`/`{rk}` need a `{pk}` to sweep"));
            }
            continue;
        };
        let text = match param.get_ref() {
            DeValue::String(s) => s.to_string(),
            other => {
                ctx.err(param.span().start, &path(pk), format!("expected a parameter path string, found {}", type_name(other)));
                continue;
            }
        };
        let spec = match (values, range) {
            (Some(_), Some(r)) => {
                ctx.err(r.span().start, &path(rk), format!("give either `{vk}` or `{rk}`, not both"));
                continue;
            }
            (None, None) => {
                ctx.err_help(
                    param.span().start,
                    &path(pk),
                    format!("`{pk}` has no `{vk}` or `{rk}`"),
                    Some(format!("add e.g. `{vk} = [2, 3, 4]` or `{rk} = \"1:8:0.5\"`")),
                );
                continue;
            }
            (Some(v), None) => match v.get_ref() {
                DeValue::Array(items) => match items.iter().map(finite).collect::<Result<Vec<f64>, _>>() {
                    Ok(xs) => {
                        let spec = ValueSpec::List(xs);
                        spec.values().map(|_| spec.clone()).map_err(|m| (v.span().start, m.0))
                    }
                    Err(e) => {
                        ctx.value_err(&path(vk), e);
                        continue;
                    }
                },
                other => Err((v.span().start, format!("expected an array of numbers, found {}", type_name(other)))),
            },
            (None, Some(r)) => match r.get_ref() {
                DeValue::String(s) => ValueSpec::parse_range(s).map_err(|m| (r.span().start, m.0)),
                other => Err((r.span().start, format!("expected a string \"start:end:step\", found {}", type_name(other)))),
            },
        };
        match spec {
            Ok(spec) => {
                axes.push(AxisDecl { param: text, spec, loc: Some(ctx.loc(param.span().start)) });
                offsets.push(param.span().start);
            }
            Err((offset, m)) => ctx.err(offset, &path(if values.is_some() { vk } else { rk }), m),
        }
    }
    if axes.len() == 2 && axes[0].param == axes[1].param {
        ctx.err(offsets[1], &format!("sweep.{label}.param2"), "`param2` is the same path as `param`");
    }
    if ctx.errors.len() > before {
        return None;
    }
    name.map(|n| (SweepDecl { name: n, axes, loc: Some(ctx.loc(start)) }, offsets))
}

/// Sweep paths must name numeric parameters of this scenario, and every value
/// must be valid for its parameter.
fn check_sweeps(ctx: &mut Ctx<'_>, scenario: &Scenario, sweeps: &[(SweepDecl, Vec<usize>)]) {
    for (decl, offsets) in sweeps {
        for (axis, &offset) in decl.axes.iter().zip(offsets) {
            let key = format!("sweep.{}.param", decl.name);
            match ParamPath::parse(scenario, &axis.param, "sweep") {
                Err(e) => ctx.err_help(offset, &key, e.message, e.help),
                Ok(path) => match path.param() {
                    None => ctx.err_help(
                        offset,
                        &key,
                        format!("`{}` is not a numeric model parameter", axis.param),
                        Some("sweeps vary numeric parameters; `plan-coverage` compares the two counting rules".into()),
                    ),
                    Some(p) => {
                        let d = p.def();
                        // Values were checked when the spec was read.
                        for x in axis.spec.values().unwrap_or_default() {
                            if !d.range.contains(x) {
                                ctx.err(
                                    offset,
                                    &key,
                                    format!("value {} is out of range: {} must be in {}", fmt_num(x), d.meta.key, d.range),
                                );
                            }
                        }
                    }
                },
            }
        }
    }
}

fn offset_of(text: &str, loc: Loc) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == loc.line {
            return offset + line.char_indices().nth(loc.column - 1).map_or(0, |(b, _)| b);
        }
        offset += line.len();
    }
    offset
}

/// Read one value of `setting` and store it in `shared` or `counts`.
fn shared_value(ctx: &mut Ctx<'_>, setting: SettingId, v: &V<'_>, path: &str, counts: &mut Counts, shared: &mut ParamSet) {
    let here = Some(ctx.loc(v.span().start));
    let origin = Origin::Shared;
    let stored = match setting {
        SettingId::Count(c) => count(v, c.def()).map(|x| counts[c] = x),
        SettingId::Param(p) => quantity(v, p).map(|q| shared.values[p.index()] = Setting { value: q, origin, loc: here }),
        SettingId::Choice(c) => choice(v, c).map(|i| shared.choices[c.index()] = Setting { value: i, origin, loc: here }),
        SettingId::Fit => fit(v).map(|f| shared.fit = Setting { value: f, origin, loc: here }),
    };
    if let Err(e) = stored {
        ctx.value_err(path, e);
    }
}

fn section_table(ctx: &mut Ctx<'_>, section: Section, t: &DeTable<'_>, counts: &mut Counts, shared: &mut ParamSet) {
    let sname = section.name();
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let path = format!("{sname}.{key}");
        if let Some(setting) = params::lookup(section, key) {
            shared_value(ctx, setting, v, &path, counts, shared);
        } else {
            let elsewhere = Section::ALL
                .into_iter()
                .find(|s| *s != section && params::keys_of(*s).contains(&key))
                .map(|s| format!("`{key}` belongs in [{}]", s.name()));
            ctx.unknown_key(k.span().start, &path, key, params::keys_of(section), elsewhere);
        }
    }
}

fn strategy_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, start: usize, index: usize) -> Option<StrategyDef> {
    let mut name: Option<(String, usize)> = None;
    for (k, v) in t.iter() {
        if k.get_ref().as_ref() == "name" {
            match v.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => ctx.err(v.span().start, "strategy.name", "the strategy name is empty"),
                DeValue::String(s) if s.chars().any(char::is_control) => {
                    ctx.err(v.span().start, "strategy.name", "the strategy name contains control characters")
                }
                DeValue::String(s) => name = Some((s.to_string(), v.span().start)),
                other => ctx.err(v.span().start, "strategy.name", format!("expected a string, found {}", type_name(other))),
            }
        }
    }
    let label = name.as_ref().map_or_else(|| format!("#{}", index + 1), |(n, _)| n.clone());
    if name.is_none() && !t.iter().any(|(k, _)| k.get_ref().as_ref() == "name") {
        ctx.err_help(start, &format!("strategy.{label}"), "this [[strategy]] has no `name`", Some("add `name = \"...\"`".into()));
    }
    let mut own = StrategyOverrides::empty();
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let path = format!("strategy.{label}.{key}");
        let here = Some(ctx.loc(v.span().start));
        if key == "name" {
            continue;
        }
        let origin = Origin::Strategy;
        let stored = match params::lookup_per_strategy(key) {
            Some(SettingId::Param(p)) => quantity(v, p).map(|q| own.values[p.index()] = Some(Setting { value: q, origin, loc: here })),
            Some(SettingId::Choice(c)) => choice(v, c).map(|i| own.choices[c.index()] = Some(Setting { value: i, origin, loc: here })),
            Some(SettingId::Fit) => fit(v).map(|f| own.fit = Some(Setting { value: f, origin, loc: here })),
            Some(SettingId::Count(_)) | None => {
                let shared_only = params::all_settings().any(|s| !s.per_strategy() && s.meta().key == key);
                let extra =
                    shared_only.then(|| format!("`{key}` is shared by all strategies: set it in its own section, not per strategy"));
                ctx.unknown_key(k.span().start, &path, key, params::strategy_keys(), extra);
                Ok(())
            }
        };
        if let Err(e) = stored {
            ctx.value_err(&path, e);
        }
    }
    name.map(|(n, offset)| StrategyDef { name: n, loc: Some(ctx.loc(offset)), own })
}
