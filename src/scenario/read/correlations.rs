//! `[[correlation]]` tables: `between = [PATH, PATH]` and `rank = r`, their
//! grammar first, then, once the strategies are known, their paths, the
//! pairs, and whether the correlations can hold together.

use toml::de::{DeTable, DeValue};

use super::context::Ctx;
use super::values::{finite, type_name};
use crate::scenario::Scenario;
use crate::scenario::correlation::{Copula, Correlation};
use crate::scenario::overrides::{ParamPath, PathScope};
use crate::scenario::registry::{ANNUAL_QUOTA, Param, SettingId};
use crate::scenario::units::fmt_num;

const CORRELATION_KEYS: [&str; 2] = ["between", "rank"];

/// A `[[correlation]]` as written, with the byte offsets of its parts.
pub(super) struct CorrelationDecl {
    index: usize,
    start: usize,
    paths: [(String, usize); 2],
    rank: (f64, usize),
}

/// One `[[correlation]]` table's keys and grammar (paths are checked later).
pub(super) fn correlation_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, start: usize, index: usize) -> Option<CorrelationDecl> {
    let path = |k: &str| format!("correlation.{}.{k}", index + 1);
    let before = ctx.errors.len();
    let (mut paths, mut rank) = (None, None);
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let at = v.span().start;
        match key {
            "between" => paths = between(ctx, v, &path(key)),
            "rank" => match finite(v) {
                Ok(r) if (-1.0..=1.0).contains(&r) => rank = Some((r, at)),
                Ok(r) => ctx.err_help(
                    at,
                    &path(key),
                    format!("rank correlation {} is outside [-1, 1]", fmt_num(r)),
                    Some("a Spearman rank correlation lies between -1 and 1".into()),
                ),
                Err(e) => ctx.value_err(&path(key), e),
            },
            _ => ctx.unknown_key(k.span().start, &path(key), key, CORRELATION_KEYS.to_vec(), None),
        }
    }
    for (key, missing) in [("between", !t.iter().any(|(k, _)| k.get_ref().as_ref() == "between")), ("rank", rank.is_none())] {
        if missing && ctx.errors.len() == before {
            ctx.err_help(
                start,
                &path(key),
                format!("this [[correlation]] has no `{key}`"),
                Some("write e.g. `between = [\"selling.win_rate\", \"selling.deal_size_median\"]` and `rank = -0.4`".into()),
            );
        }
    }
    if ctx.errors.len() > before {
        return None;
    }
    Some(CorrelationDecl { index, start, paths: paths?, rank: rank? })
}

/// `between`: an array of exactly two path strings.
fn between(ctx: &mut Ctx<'_>, v: &super::values::V<'_>, key: &str) -> Option<[(String, usize); 2]> {
    let DeValue::Array(items) = v.get_ref() else {
        ctx.err(v.span().start, key, format!("expected an array of two parameter paths, found {}", type_name(v.get_ref())));
        return None;
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => out.push((s.to_string(), item.span().start)),
            other => ctx.err(item.span().start, key, format!("expected a parameter path string, found {}", type_name(other))),
        }
    }
    if items.len() != 2 {
        ctx.err(v.span().start, key, format!("expected two parameter paths, found {}", items.len()));
        return None;
    }
    <[(String, usize); 2]>::try_from(out).ok()
}

/// The correlations, once each path names an uncertain numeric parameter of
/// this scenario, no pair repeats and together they can hold.
pub(super) fn check_correlations(ctx: &mut Ctx<'_>, scenario: &Scenario, decls: &[CorrelationDecl]) -> Vec<Correlation> {
    // Each correlation with the offset of its rank and its table's number.
    let mut out: Vec<(Correlation, usize, usize)> = Vec::new();
    for d in decls {
        let key = format!("correlation.{}.between", d.index + 1);
        let params: Vec<Param> = d.paths.iter().filter_map(|(text, at)| uncertain_param(ctx, scenario, text, *at, &key)).collect();
        let Ok(params) = <[Param; 2]>::try_from(params) else { continue };
        if params[0] == params[1] {
            ctx.err_help(
                d.paths[1].1,
                &key,
                format!("both paths name `{}`", params[0].def().meta.key),
                Some("an input is drawn once per trial for every strategy, so it cannot be correlated with itself".into()),
            );
            continue;
        }
        let same = |c: &Correlation| c.params == params || c.params == [params[1], params[0]];
        if let Some((first, _, _)) = out.iter().find(|(c, _, _)| same(c)) {
            let line = first.loc.map(|l| format!(" (first on line {})", l.line)).unwrap_or_default();
            ctx.err(
                d.start,
                &key,
                format!("a second correlation between `{}` and `{}`{line}", params[0].def().meta.key, params[1].def().meta.key),
            );
            continue;
        }
        let between = [d.paths[0].0.clone(), d.paths[1].0.clone()];
        out.push((Correlation { between, params, rank: d.rank.0, loc: Some(ctx.loc(d.start)) }, d.rank.1, d.index));
    }
    let correlations: Vec<Correlation> = out.iter().map(|(c, _, _)| c.clone()).collect();
    if let Err(clash) = Copula::new(&correlations) {
        let named: Vec<String> = clash
            .iter()
            .map(|&k| {
                let c = &correlations[k];
                format!("`{}` ~ `{}` {}", c.between[0], c.between[1], fmt_num(c.rank))
            })
            .collect();
        // Located at the last of them: the one that made the set impossible.
        let (_, at, index) = &out[*clash.last().expect("a clash names at least one correlation")];
        ctx.err_help(
            *at,
            &format!("correlation.{}.rank", index + 1),
            format!("these correlations cannot hold together (the correlation matrix is not positive definite): {}", named.join(", ")),
            Some("weaken one of them: with strong correlations between some inputs, the rest cannot be freely chosen".into()),
        );
    }
    correlations
}

/// The parameter a correlation path names, if it is numeric and uncertain.
fn uncertain_param(ctx: &mut Ctx<'_>, scenario: &Scenario, text: &str, at: usize, key: &str) -> Option<Param> {
    let path = match ParamPath::parse(scenario, text, "correlation") {
        Ok(p) => p,
        Err(e) => {
            ctx.err_help(at, key, e.message, e.help);
            return None;
        }
    };
    // `annual_quota` is `quota` written another way: the same input.
    let (p, factor) = match path.target {
        SettingId::Param(p) => (p, 1.0),
        SettingId::Alias => (ANNUAL_QUOTA.target, ANNUAL_QUOTA.factor),
        _ => {
            ctx.err(at, key, format!("`{text}` is not a numeric model parameter"));
            return None;
        }
    };
    let current = match path.scope {
        PathScope::Shared => scenario.shared.get(p).clone(),
        PathScope::Strategy(i) => scenario.resolved(i).get(p).clone(),
    };
    if current.is_uncertain() {
        return Some(p);
    }
    let value = current.scaled(factor).unwrap_or(current);
    ctx.err_help(
        at,
        key,
        format!("`{text}` is not uncertain (it is {value}): only uncertain inputs, drawn per trial, can be correlated"),
        Some(format!("give it a distribution, e.g. `{} = {{ pert = [min, mode, max] }}`", path.target.meta().key)),
    );
    None
}
