//! `[[sweep]]` tables: their keys and value grammar, then their paths and
//! values checked against the scenario once its strategies are known.

use toml::de::{DeTable, DeValue};

use super::context::Ctx;
use super::values::{finite_as, type_name};
use crate::scenario::Scenario;
use crate::scenario::overrides::ParamPath;
use crate::scenario::sweeps::{AxisDecl, SWEEP_KEYS, SweepDecl, ValueSpec};
use crate::scenario::units::fmt_given;
use crate::scenario::written::Written;

/// One `[[sweep]]` table: its keys and value grammar (paths are checked later).
pub(super) fn sweep_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, start: usize, index: usize) -> Option<(SweepDecl, Vec<usize>)> {
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
                DeValue::Array(items) => match items.iter().map(|x| finite_as(x, Written::Any)).collect::<Result<Vec<f64>, _>>() {
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
pub(super) fn check_sweeps(ctx: &mut Ctx<'_>, scenario: &Scenario, sweeps: &[(SweepDecl, Vec<usize>)]) {
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
                                    format!("value {} is out of range: {} must be in {}", fmt_given(x), d.meta.key, d.range),
                                );
                            }
                        }
                    }
                },
            }
        }
    }
}
