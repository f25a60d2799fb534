//! Readers of single values (numbers, counts, distributions, the fit, choice
//! words), each returning the value or a [`ValueError`] at its byte offset.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::scenario::quantity::{DIST_NAMES, Dist, Quantity};
use crate::scenario::registry::{self as params, ANNUAL_QUOTA, Choice, CountDef, FIT, Param, Season, SettingId, Shape};
use crate::scenario::units::{Display, Range, Unit, fmt_given, fmt_num, fmt_num_any};
use crate::scenario::written::{Written, percent_hint, read_written};
use crate::scenario::{Fit, NO_SHAPE, ShapeQuantiles, Value};

/// A problem with one value, located by a byte span within the text it was parsed from.
pub(crate) struct ValueError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

impl ValueError {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> Self {
        ValueError { offset, message: message.into(), help: None }
    }
}

pub(crate) type V<'i> = Spanned<DeValue<'i>>;

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

pub(crate) fn finite(v: &V<'_>) -> Result<f64, ValueError> {
    let x = number(v)?;
    if x.is_finite() { Ok(x) } else { Err(ValueError::new(v.span().start, format!("{} is not a finite number", fmt_num_any(x)))) }
}

/// A finite number, or a string written as people write numbers of `kind`
/// (`"35%"`, `"$250k"`, see [`crate::scenario::written`]).
pub(crate) fn finite_as(v: &V<'_>, kind: Written) -> Result<f64, ValueError> {
    match v.get_ref() {
        DeValue::String(s) => read_written(s, kind).map_err(|e| ValueError { offset: v.span().start, message: e.message, help: e.help }),
        _ => finite(v),
    }
}

/// Any setting's value, read by its kind.
pub(crate) fn setting_value(v: &V<'_>, id: SettingId) -> Result<Value, ValueError> {
    Ok(match id {
        SettingId::Count(c) => Value::Count(count(v, c.def())?),
        SettingId::Param(p) => Value::Number(quantity(v, p)?),
        SettingId::Choice(c) => Value::Choice(choice(v, c)?),
        SettingId::Fit => Value::Fit(fit(v)?),
        SettingId::Flag(_) => Value::Flag(flag(v)?),
        SettingId::Season(s) => Value::Season(season(v, s)?),
        SettingId::Alias => Value::Number(alias(v)?),
        SettingId::Shape(s) => Value::Shape(shape(v, s)?),
    })
}

/// What a number must be: its key, range, unit and meaning (for messages).
struct NumberRule {
    key: &'static str,
    range: Range,
    unit: Unit,
    doc: &'static str,
    example: f64,
}

/// A numeric parameter: a finite number in range, or an uncertain distribution
/// that stays within the range.
pub(crate) fn quantity(v: &V<'_>, p: Param) -> Result<Quantity, ValueError> {
    let d = p.def();
    number_in(v, &NumberRule { key: d.meta.key, range: d.range, unit: d.unit, doc: d.meta.doc, example: d.default })
}

/// `annual_quota`: read in its own range, stored as the quarterly quota.
fn alias(v: &V<'_>) -> Result<Quantity, ValueError> {
    let a = &ANNUAL_QUOTA;
    let rule = NumberRule { key: a.meta.key, range: a.range, unit: a.unit, doc: a.meta.doc, example: a.factor * a.target.def().default };
    let q = number_in(v, &rule)?;
    q.scaled(1.0 / a.factor).map_err(|e| ValueError::new(v.span().start, e.0))
}

fn number_in(v: &V<'_>, d: &NumberRule) -> Result<Quantity, ValueError> {
    let start = v.span().start;
    let kind = Written::of(d.unit);
    match v.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::String(_) => {
            let x = finite_as(v, kind)?;
            if d.range.contains(x) {
                return Ok(Quantity::Fixed(x));
            }
            let hint = if d.unit.display() == Display::Percent { percent_hint(x) } else { None };
            Err(ValueError {
                offset: start,
                message: format!("{} is out of range: {} must be in {}", fmt_given(x), d.key, d.range),
                help: Some(hint.unwrap_or_else(|| format!("{} ({})", d.doc, d.unit.text()))),
            })
        }
        DeValue::Table(t) => {
            let dist = distribution(t, start, kind)?;
            dist.check_within(&d.range).map_err(|m| ValueError::new(start, m.0))?;
            Ok(Quantity::Uncertain(dist))
        }
        other => Err(ValueError {
            offset: start,
            message: format!("expected a number or an uncertain distribution, found {}", type_name(other)),
            help: Some(format!("write e.g. `{} = {}` or `{} = {{ uniform = [lo, hi] }}`", d.key, fmt_num(d.example), d.key)),
        }),
    }
}

fn distribution(t: &DeTable<'_>, start: usize, kind: Written) -> Result<Dist, ValueError> {
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
    let Some(&(_, arity, shape)) = DIST_NAMES.iter().find(|(n, _, _)| *n == name) else {
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
    if !arity.accepts(items.len()) {
        return Err(ValueError::new(v.span().start, format!("`{name}` takes {arity} numbers {shape}, found {}", items.len())));
    }
    let nums = items.iter().map(|x| finite_as(x, kind)).collect::<Result<Vec<f64>, _>>()?;
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
                Err(ValueError::new(start, format!("a fixed fit must be in [0, 1], got {}", fmt_given(x))))
            }
        }
        DeValue::Table(t) => match distribution(t, start, Written::Plain)? {
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

/// How far from 1 a shape's median may be: calibrate writes rounded points.
const SHAPE_MEDIAN_TOLERANCE: f64 = 0.01;

/// A per-deal shape: `{ quantiles = [...] }`, positive, not decreasing,
/// median 1 (it multiplies the median setting); or `"lognormal"`, no shape.
fn shape(v: &V<'_>, s: Shape) -> Result<Option<ShapeQuantiles>, ValueError> {
    let start = v.span().start;
    let d = s.def();
    let example = || format!("write e.g. `{} = {{ quantiles = [0.3, 0.6, 1, 1.8, 4] }}` or `\"{NO_SHAPE}\"`: {}", d.meta.key, d.meta.doc);
    let wrong = |found: String| ValueError {
        offset: start,
        message: format!("expected {{ quantiles = [...] }}, found {found}"),
        help: Some(example()),
    };
    let q = match v.get_ref() {
        DeValue::String(w) if w.as_ref() == NO_SHAPE => return Ok(None),
        DeValue::Table(t) => match distribution(t, start, Written::Plain)? {
            Dist::Quantiles(q) => q,
            other => return Err(wrong(format!("the distribution {other}"))),
        },
        other => return Err(wrong(type_name(other).to_string())),
    };
    if q[0] <= 0.0 {
        let message = format!("the first point is {}: every point of {} must be positive", fmt_given(q[0]), d.meta.key);
        return Err(ValueError { offset: start, message, help: Some(format!("a shape multiplies {}", d.median.def().meta.key)) });
    }
    let median = crate::numeric::quantiles::quantile(&q, 0.5);
    if (median - 1.0).abs() > SHAPE_MEDIAN_TOLERANCE {
        let rescaled: Vec<String> = q.iter().map(|x| fmt_num(round_sig(x / median))).collect();
        return Err(ValueError {
            offset: start,
            message: format!(
                "the median of {} is {}, not 1: the shape multiplies {}, so its median must be 1",
                d.meta.key,
                fmt_num(median),
                d.median.def().meta.key
            ),
            help: Some(format!(
                "divide every point by {} (and multiply {} by it): {{ quantiles = [{}] }}",
                fmt_num(median),
                d.median.def().meta.key,
                rescaled.join(", ")
            )),
        });
    }
    Ok(Some(ShapeQuantiles(q.into())))
}

/// Four significant figures, for a suggestion people can copy.
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let k = 10f64.powi(3 - x.abs().log10().floor() as i32);
    (x * k).round() / k
}

/// `true` or `false`.
fn flag(v: &V<'_>) -> Result<bool, ValueError> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        other => Err(ValueError::new(v.span().start, format!("expected true or false, found {}", type_name(other)))),
    }
}

/// A seasonal multiplier: one number for every quarter, or four, Q1 to Q4.
fn season(v: &V<'_>, s: Season) -> Result<[f64; 4], ValueError> {
    let d = s.def();
    let start = v.span().start;
    let in_range = |x: f64, at: usize| {
        if d.range.contains(x) {
            Ok(x)
        } else {
            Err(ValueError::new(at, format!("{} is out of range: each quarter's {} must be in {}", fmt_given(x), d.meta.key, d.range)))
        }
    };
    match v.get_ref() {
        // A multiplier may be written as a percentage: "90%".
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::String(_) => in_range(finite_as(v, Written::Percent)?, start).map(|x| [x; 4]),
        DeValue::Array(items) if items.len() == 4 => {
            let mut out = [1.0; 4];
            for (slot, item) in out.iter_mut().zip(items.iter()) {
                *slot = in_range(finite_as(item, Written::Percent)?, item.span().start)?;
            }
            Ok(out)
        }
        other => Err(ValueError {
            offset: start,
            message: format!("expected a number or four numbers [Q1, Q2, Q3, Q4], found {}", type_name(other)),
            help: Some(format!("write e.g. `{} = [1.0, 1.0, 0.9, 1.2]`: {}", d.meta.key, d.meta.doc)),
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
        DeValue::String(_) => {
            let x = finite_as(v, Written::Count)?;
            // Beyond 2^53 a text cannot be read exactly as a whole number.
            if x.abs() > 9_007_199_254_740_992.0 {
                return Err(ValueError::new(start, format!("{} is too large to write as text: write it as a plain number", def.meta.key)));
            }
            let whole = x.fract() == 0.0 && x >= def.min as f64 && x <= def.max as f64;
            if whole {
                Ok(x as u64)
            } else if x.fract() != 0.0 {
                Err(ValueError::new(start, format!("{} must be a whole number, found {}", def.meta.key, fmt_num_any(x))))
            } else {
                Err(ValueError::new(
                    start,
                    format!("{} is out of range: {} must be in [{}, {}]", fmt_num_any(x), def.meta.key, def.min, def.max),
                ))
            }
        }
        other => Err(ValueError::new(start, format!("expected a whole number, found {}", type_name(other)))),
    }
}
