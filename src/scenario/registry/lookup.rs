//! Finding settings: every setting in registry order, a setting by its
//! section and key or its path, the keys a section or a strategy accepts,
//! and the nearest key to a misspelt one.

use super::{Choice, Count, Flag, Param, Season, Section, SettingId, Shape};

/// Every setting in registry order: counts, numbers, choices, fit, flags,
/// seasonal multipliers, per-deal shapes (not the `annual_quota` alias).
pub fn all_settings() -> impl Iterator<Item = SettingId> {
    Count::all()
        .map(SettingId::Count)
        .chain(Param::all().map(SettingId::Param))
        .chain(Choice::all().map(SettingId::Choice))
        .chain(std::iter::once(SettingId::Fit))
        .chain(Flag::all().map(SettingId::Flag))
        .chain(Season::all().map(SettingId::Season))
        .chain(Shape::all().map(SettingId::Shape))
}

/// Every key a file or `--set` may name: the settings and the alias.
fn every_key() -> impl Iterator<Item = SettingId> {
    all_settings().chain(std::iter::once(SettingId::Alias))
}

/// The setting `key` of `section`, if any.
pub fn lookup(section: Section, key: &str) -> Option<SettingId> {
    every_key().find(|s| s.meta().section == section && s.meta().key == key)
}

/// The setting at a shared path (`selling.win_rate`), if any.
pub fn lookup_path(path: &str) -> Option<SettingId> {
    let (section, key) = path.split_once('.')?;
    lookup(Section::parse(section)?, key)
}

/// The setting a `[[strategy]]` may set under `key`, if any.
pub fn lookup_per_strategy(key: &str) -> Option<SettingId> {
    all_settings().find(|s| s.per_strategy() && s.meta().key == key)
}

/// Every key valid in a section (for unknown-key suggestions), in registry order.
pub fn keys_of(section: Section) -> Vec<&'static str> {
    every_key().map(SettingId::meta).filter(|m| m.section == section).map(|m| m.key).collect()
}

/// Every key valid inside a `[[strategy]]` table.
pub fn strategy_keys() -> Vec<&'static str> {
    let mut keys = vec!["name"];
    keys.extend(Section::ALL.into_iter().filter(|s| s.strategy_overridable()).flat_map(keys_of));
    keys
}

/// The closest candidate to a misspelt key, if any is close enough to suggest.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::levenshtein(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2)).map(|(_, c)| c)
}
