//! A scenario's own text with `PATH=VALUE` overrides written into it, so a
//! changed scenario becomes a file of its own that `quotasim run` reads
//! without `--set`. Comments, order and layout of the original are kept; an
//! overridden key is replaced where it stands (a strategy's own key in its
//! `[[strategy]]` table), a key or table the file lacks is added.
//!
//! The value is written as it was given: a TOML value (`8`, `0.3`,
//! `{ pert = [0.2, 0.3, 0.35] }`) as it is, anything else (`35%`, `$250k`,
//! `first_meeting`) as a string, which the scenario reader accepts wherever
//! `--set` does. So the file and the overrides read to the same settings.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::registry::ANNUAL_QUOTA;

/// Why the overrides could not be written into the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewriteError {
    #[error("the scenario text is not valid TOML: {0}")]
    Text(String),
    #[error("`{0}`: expected PATH=VALUE with a path `section.key` or `strategy.NAME.key`")]
    Path(String),
    #[error("`{0}`: the scenario has no strategy named `{1}`")]
    NoStrategy(String, String),
    #[error("`{0}`: [{1}] is not a table in the scenario text")]
    NotATable(String, String),
}

/// `text` with every `(path, value)` of `overrides` written in, in order (a
/// later override of the same path wins, as with `--set`), and `header`
/// (comment lines, each starting with `#`) put before it.
pub fn with_overrides(text: &str, overrides: &[(String, String)], header: &str) -> Result<String, RewriteError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| RewriteError::Text(e.message().to_string()))?;
    for (path, value) in overrides {
        let table = target_table(&mut doc, path)?;
        let key = path.rsplit('.').next().unwrap_or_default();
        set_key(table, key, value);
    }
    let mut out = String::with_capacity(text.len() + header.len() + 1);
    out.push_str(header);
    if !header.is_empty() && !header.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&doc.to_string());
    Ok(out)
}

/// The table a path's key lives in: `[section]` (added when missing) or the
/// `[[strategy]]` whose `name` is the path's strategy.
fn target_table<'d>(doc: &'d mut DocumentMut, path: &str) -> Result<&'d mut Table, RewriteError> {
    let bad = || RewriteError::Path(path.to_string());
    if let Some(rest) = path.strip_prefix("strategy.") {
        let (name, _) = rest.rsplit_once('.').ok_or_else(bad)?;
        let strategies = doc.get_mut("strategy").and_then(Item::as_array_of_tables_mut);
        let found = strategies.and_then(|a| a.iter_mut().find(|t| t.get("name").and_then(Item::as_str) == Some(name)));
        return found.ok_or_else(|| RewriteError::NoStrategy(path.to_string(), name.to_string()));
    }
    let (section, key) = path.split_once('.').ok_or_else(bad)?;
    if section.is_empty() || key.is_empty() || key.contains('.') {
        return Err(bad());
    }
    let root = doc.as_table_mut();
    if !root.contains_key(section) {
        let mut t = Table::new();
        t.set_implicit(false);
        root.insert(section, Item::Table(t));
    }
    match root.get_mut(section) {
        Some(Item::Table(t)) => Ok(t),
        _ => Err(RewriteError::NotATable(path.to_string(), section.to_string())),
    }
}

/// Set `key` in `table`, keeping the comment before an existing key; the
/// quota and its yearly alias replace each other (a file may hold only one).
fn set_key(table: &mut Table, key: &str, value: &str) {
    let quota = ANNUAL_QUOTA.target.def().meta.key;
    let alias = ANNUAL_QUOTA.meta.key;
    if key == quota {
        table.remove(alias);
    } else if key == alias {
        table.remove(quota);
    }
    let mut v = written_value(value);
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        // Keep the comment after the value (`key = 3  # why`).
        let suffix = old.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
        v.decor_mut().set_suffix(suffix);
        v.decor_mut().set_prefix(" ");
    }
    match table.get_mut(key) {
        Some(item) if item.is_value() => *item = Item::Value(v),
        _ => {
            table.insert(key, Item::Value(v));
        }
    }
}

/// A value as given: a TOML value as it is, anything else as a string.
fn written_value(text: &str) -> Value {
    let text = text.trim();
    match text.parse::<Value>() {
        Ok(mut v) => {
            v.decor_mut().clear();
            v
        }
        Err(_) => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{DEFAULT_SCENARIO, Param, Quantity, Scenario, apply_override};

    fn sets(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(p, v)| (p.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_file_reads_to_the_settings_the_overrides_give() {
        let list = [
            ("policy.coverage_target", "4"),
            ("strategy.targeted.touches_per_week", "60"),
            ("strategy.spray-and-pray.count_pipeline_at", "second_meeting"),
            ("selling.win_rate", "25%"),
            ("team.quota", "$80k"),
            ("simulation.trials", "200"),
            ("selling.connect_rate", "{ pert = [0.05, 0.08, 0.1] }"),
            ("seasonality.hours", "[1, 1, 0.8, 1.1]"),
            ("team.backfill", "false"),
            ("policy.coverage_target", "5"),
            ("selling.deal_size_shape", "{ quantiles = [0.4, 0.7, 1, 1.5, 9] }"),
            ("strategy.targeted.cycle_weeks_shape", "{ quantiles = [0.5, 1, 3] }"),
            ("strategy.spray-and-pray.deal_size_shape", "lognormal"),
        ];
        let text = with_overrides(DEFAULT_SCENARIO, &sets(&list), "# changed\n").unwrap();
        assert!(text.starts_with("# changed\n"));
        let written = Scenario::from_toml(&text, "written").unwrap();
        let mut applied = Scenario::builtin();
        for (p, v) in list {
            apply_override(&mut applied, p, v).unwrap();
        }
        assert_eq!(written.counts, applied.counts);
        assert_eq!(written.shared.get(Param::CoverageTarget), &Quantity::Fixed(5.0));
        assert!(written.shared.shape(crate::scenario::Shape::DealSize).is_some());
        for i in 0..applied.strategies.len() {
            assert!(written.resolved(i).same_values(&applied.resolved(i)), "strategy {i}");
        }
    }

    #[test]
    fn comments_and_untouched_keys_stay() {
        let text = "name = \"t\"\n# the team\n[team]\nquota = 1000  # per quarter\nreps = 3\n\n[[strategy]]\nname = \"a\"\n";
        let out = with_overrides(text, &sets(&[("team.quota", "2000"), ("strategy.a.win_rate", "0.3")]), "").unwrap();
        assert!(out.contains("# the team\n[team]\nquota = 2000  # per quarter\nreps = 3\n"), "{out}");
        assert!(out.contains("name = \"a\"\nwin_rate = 0.3\n"), "{out}");
        let alias = with_overrides(text, &sets(&[("team.annual_quota", "$1M")]), "").unwrap();
        assert!(alias.contains("annual_quota = \"$1M\"") && !alias.contains("quota = 1000"), "{alias}");
    }

    #[test]
    fn paths_it_cannot_place_are_errors() {
        let text = "name = \"t\"\nteam = 3\n[[strategy]]\nname = \"a\"\n";
        assert!(matches!(with_overrides(text, &sets(&[("strategy.b.win_rate", "0.3")]), ""), Err(RewriteError::NoStrategy(..))));
        assert!(matches!(with_overrides(text, &sets(&[("team.quota", "1")]), ""), Err(RewriteError::NotATable(..))));
        assert!(matches!(with_overrides(text, &sets(&[("quota", "1")]), ""), Err(RewriteError::Path(_))));
        assert!(matches!(with_overrides("a = [", &[], ""), Err(RewriteError::Text(_))));
    }
}
