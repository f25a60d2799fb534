//! The shared sections (`[simulation]`, `[team]`, `[policy]`, `[selling]`)
//! and `[[strategy]]` tables: every key looked up in the registry and read by
//! its kind.

use toml::de::{DeTable, DeValue};

use super::context::Ctx;
use super::values::{V, setting_value, type_name};
use crate::scenario::registry::{self as params, ANNUAL_QUOTA, Param, Section, SettingId};
use crate::scenario::{Counts, Origin, ParamSet, StrategyDef, StrategyOverrides, Value};

/// Read one value of `setting` and store it in `shared` or `counts`.
fn shared_value(ctx: &mut Ctx<'_>, setting: SettingId, v: &V<'_>, path: &str, counts: &mut Counts, shared: &mut ParamSet) {
    let here = Some(ctx.loc(v.span().start));
    match setting_value(v, setting) {
        Ok(Value::Count(x)) => {
            if let SettingId::Count(c) = setting {
                counts[c] = x;
            }
        }
        Ok(value) => shared.store(setting, value, Origin::Shared, here),
        Err(e) => ctx.value_err(path, e),
    }
}

pub(super) fn section_table(ctx: &mut Ctx<'_>, section: Section, t: &DeTable<'_>, counts: &mut Counts, shared: &mut ParamSet) {
    let sname = section.name();
    let has = |key: &str| t.iter().any(|(k, _)| k.get_ref().as_ref() == key);
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let path = format!("{sname}.{key}");
        if key == ANNUAL_QUOTA.meta.key && section == ANNUAL_QUOTA.meta.section && has(Param::Quota.def().meta.key) {
            ctx.err_help(
                k.span().start,
                &path,
                "both quota and annual_quota are set",
                Some("quota is per quarter and annual_quota per year (4 x quota): set one of them".into()),
            );
        } else if let Some(setting) = params::lookup(section, key) {
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

pub(super) fn strategy_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, start: usize, index: usize) -> Option<StrategyDef> {
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
        match params::lookup_per_strategy(key) {
            Some(setting) => match setting_value(v, setting) {
                Ok(value) => own.store(setting, value, Origin::Strategy, here),
                Err(e) => ctx.value_err(&path, e),
            },
            None => {
                let shared_only = params::all_settings().any(|s| !s.per_strategy() && s.meta().key == key);
                let extra =
                    shared_only.then(|| format!("`{key}` is shared by all strategies: set it in its own section, not per strategy"));
                ctx.unknown_key(k.span().start, &path, key, params::strategy_keys(), extra);
            }
        }
    }
    name.map(|(n, offset)| StrategyDef { name: n, loc: Some(ctx.loc(offset)), own })
}
