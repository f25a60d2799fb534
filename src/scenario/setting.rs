//! The values a scenario holds: each setting with where it came from, the
//! shared and per-strategy sets, the run's counts and the hiring plan.

use super::quantity::Quantity;
use std::sync::Arc;

use super::registry::{
    self, CHOICE_COUNT, COUNT_COUNT, Choice, ChoiceValue, Count, Flag, PARAM_COUNT, PARAMS, Param, SHAPE_COUNT, Season, SettingId, Shape,
};
use super::units::fmt_num;

/// Where a setting's value came from, for the assumptions table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Not in the file: the documented default.
    Default,
    /// Set in `[team]`, `[policy]` or `[selling]`.
    Shared,
    /// Set in this strategy's `[[strategy]]` table.
    Strategy,
    /// Set on the command line with `--set` (or by a sweep point).
    Override,
}

/// Line and column (1-based) of a value in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    pub line: usize,
    pub column: usize,
}

/// A value together with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
    pub loc: Option<Loc>,
}

impl<T> Setting<T> {
    pub fn default_value(value: T) -> Self {
        Setting { value, origin: Origin::Default, loc: None }
    }
}

/// The distribution of account fit of new opportunities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fit {
    Beta { a: f64, b: f64 },
    Fixed(f64),
}

impl std::fmt::Display for Fit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fit::Beta { a, b } => write!(f, "beta[{}, {}]", fmt_num(*a), fmt_num(*b)),
            Fit::Fixed(x) => write!(f, "{}", fmt_num(*x)),
        }
    }
}

/// A per-deal shape's points: equally spaced quantiles (0, 1/(n-1), ..., 1)
/// of each draw as a multiple of the median setting; positive, not
/// decreasing, median 1 (checked when read). Shared, not copied, by every
/// trial that draws from it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeQuantiles(pub Arc<[f64]>);

impl ShapeQuantiles {
    pub fn points(&self) -> &[f64] {
        &self.0
    }

    /// As a scenario file writes it: `{ quantiles = [0.2, 0.5, 1, 1.9, 6] }`.
    pub fn toml(&self) -> String {
        let list: Vec<String> = self.0.iter().map(|x| fmt_num(*x)).collect();
        format!("{{ quantiles = [{}] }}", list.join(", "))
    }
}

impl std::fmt::Display for ShapeQuantiles {
    /// The ends and the median, as an uncertain `quantiles` distribution shows.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let q = &self.0;
        let median = crate::numeric::quantiles::quantile(q, 0.5);
        write!(f, "quantiles[{} .. {} .. {}; {} points]", fmt_num(q[0]), fmt_num(median), fmt_num(q[q.len() - 1]), q.len())
    }
}

/// How a shape setting reads when unset: the lognormal is drawn.
pub const NO_SHAPE: &str = "lognormal";

/// The whole-number settings of the run, by [`Count`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts([u64; COUNT_COUNT]);

impl Default for Counts {
    fn default() -> Self {
        Counts(std::array::from_fn(|i| registry::COUNTS[i].default))
    }
}

impl std::ops::Index<Count> for Counts {
    type Output = u64;
    fn index(&self, c: Count) -> &u64 {
        &self.0[c.index()]
    }
}

impl std::ops::IndexMut<Count> for Counts {
    fn index_mut(&mut self, c: Count) -> &mut u64 {
        &mut self.0[c.index()]
    }
}

/// A value as read from a file or `--set`, before it is stored: one variant
/// per kind of setting.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Count(u64),
    Number(Quantity),
    /// The index of the word in the choice's list.
    Choice(usize),
    Fit(Fit),
    Flag(bool),
    /// One multiplier per quarter of the year.
    Season([f64; 4]),
    /// A per-deal shape, or `None`: the lognormal.
    Shape(Option<ShapeQuantiles>),
}

/// Every setting a strategy simulates with, each with its origin (team-level
/// settings are the same in every strategy's set).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamSet {
    /// By [`Param`].
    pub values: Vec<Setting<Quantity>>,
    /// By [`Choice`]: the index of the word in its value list.
    pub choices: Vec<Setting<usize>>,
    pub fit: Setting<Fit>,
    /// By [`Flag`].
    pub flags: Vec<Setting<bool>>,
    /// By [`Season`]: a multiplier per quarter of the year.
    pub seasons: Vec<Setting<[f64; 4]>>,
    /// By [`Shape`]: the per-deal shape, `None` for the lognormal.
    pub shapes: Vec<Setting<Option<ShapeQuantiles>>>,
}

impl ParamSet {
    pub fn defaults() -> Self {
        ParamSet {
            values: PARAMS.iter().map(|d| Setting::default_value(Quantity::Fixed(d.default))).collect(),
            choices: registry::CHOICES.iter().map(|c| Setting::default_value(c.default)).collect(),
            fit: Setting::default_value(Fit::Beta { a: registry::FIT.default.0, b: registry::FIT.default.1 }),
            flags: registry::FLAGS.iter().map(|f| Setting::default_value(f.default)).collect(),
            seasons: registry::SEASONS.iter().map(|_| Setting::default_value([1.0; 4])).collect(),
            shapes: vec![Setting::default_value(None); SHAPE_COUNT],
        }
    }

    pub fn flag(&self, f: Flag) -> bool {
        self.flags[f.index()].value
    }

    pub fn season(&self, s: Season) -> [f64; 4] {
        self.seasons[s.index()].value
    }

    /// The per-deal shape of `s`, if one replaces the lognormal.
    pub fn shape(&self, s: Shape) -> Option<&ShapeQuantiles> {
        self.shapes[s.index()].value.as_ref()
    }

    /// Store a value of setting `id` (not a count: those belong to the scenario).
    pub(crate) fn store(&mut self, id: SettingId, value: Value, origin: Origin, loc: Option<Loc>) {
        match (id, value) {
            (SettingId::Param(p), Value::Number(q)) => self.values[p.index()] = Setting { value: q, origin, loc },
            (SettingId::Alias, Value::Number(q)) => self.values[Param::Quota.index()] = Setting { value: q, origin, loc },
            (SettingId::Choice(c), Value::Choice(i)) => self.choices[c.index()] = Setting { value: i, origin, loc },
            (SettingId::Fit, Value::Fit(f)) => self.fit = Setting { value: f, origin, loc },
            (SettingId::Flag(f), Value::Flag(b)) => self.flags[f.index()] = Setting { value: b, origin, loc },
            (SettingId::Season(s), Value::Season(m)) => self.seasons[s.index()] = Setting { value: m, origin, loc },
            (SettingId::Shape(s), Value::Shape(q)) => self.shapes[s.index()] = Setting { value: q, origin, loc },
            (id, value) => unreachable!("{value:?} is not a value of {id:?}"),
        }
    }

    pub fn get(&self, p: Param) -> &Quantity {
        &self.values[p.index()].value
    }

    /// Whether these settings sell to a finite list of accounts
    /// (`accounts_per_rep` other than a fixed 0).
    pub fn finite_market(&self) -> bool {
        !matches!(self.get(Param::AccountsPerRep), Quantity::Fixed(x) if *x == 0.0)
    }

    /// The typed value of a choice, e.g. `set.choice::<Priority>()`.
    pub fn choice<C: ChoiceValue>(&self) -> C {
        C::ALL[self.choices[C::CHOICE.index()].value]
    }

    /// The word of a choice as written in scenario files.
    pub fn choice_word(&self, c: Choice) -> &'static str {
        c.def().values[self.choices[c.index()].value]
    }

    /// A setting's value as text (a number, a distribution or a word) and
    /// where it came from. Counts are not per-strategy settings.
    pub fn describe(&self, id: SettingId) -> (String, Origin) {
        match id {
            SettingId::Param(p) => (self.get(p).to_string(), self.values[p.index()].origin),
            SettingId::Choice(c) => (self.choice_word(c).to_string(), self.choices[c.index()].origin),
            SettingId::Fit => (self.fit.value.to_string(), self.fit.origin),
            SettingId::Flag(f) => (self.flag(f).to_string(), self.flags[f.index()].origin),
            SettingId::Season(s) => (season_text(self.season(s)), self.seasons[s.index()].origin),
            SettingId::Shape(s) => (self.shape(s).map_or_else(|| NO_SHAPE.to_string(), ToString::to_string), self.shapes[s.index()].origin),
            SettingId::Alias => (self.get(Param::Quota).to_string(), self.values[Param::Quota.index()].origin),
            SettingId::Count(c) => (c.def().default.to_string(), Origin::Default),
        }
    }

    /// Whether two sets simulate identically (origins aside).
    pub fn same_values(&self, other: &ParamSet) -> bool {
        self.values.iter().zip(&other.values).all(|(x, y)| x.value == y.value)
            && self.choices.iter().zip(&other.choices).all(|(x, y)| x.value == y.value)
            && self.fit.value == other.fit.value
            && self.flags.iter().zip(&other.flags).all(|(x, y)| x.value == y.value)
            && self.seasons.iter().zip(&other.seasons).all(|(x, y)| x.value == y.value)
            && self.shapes.iter().zip(&other.shapes).all(|(x, y)| x.value == y.value)
    }
}

/// The keys one strategy sets itself; everything else is inherited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StrategyOverrides {
    pub values: Vec<Option<Setting<Quantity>>>,
    pub choices: Vec<Option<Setting<usize>>>,
    pub fit: Option<Setting<Fit>>,
    pub shapes: Vec<Option<Setting<Option<ShapeQuantiles>>>>,
}

impl StrategyOverrides {
    pub fn empty() -> Self {
        StrategyOverrides { values: vec![None; PARAM_COUNT], choices: vec![None; CHOICE_COUNT], fit: None, shapes: vec![None; SHAPE_COUNT] }
    }

    /// Store a value of a setting a strategy may set (see [`SettingId::per_strategy`]).
    pub(crate) fn store(&mut self, id: SettingId, value: Value, origin: Origin, loc: Option<Loc>) {
        match (id, value) {
            (SettingId::Param(p), Value::Number(q)) => self.values[p.index()] = Some(Setting { value: q, origin, loc }),
            (SettingId::Choice(c), Value::Choice(i)) => self.choices[c.index()] = Some(Setting { value: i, origin, loc }),
            (SettingId::Fit, Value::Fit(f)) => self.fit = Some(Setting { value: f, origin, loc }),
            (SettingId::Shape(s), Value::Shape(q)) => self.shapes[s.index()] = Some(Setting { value: q, origin, loc }),
            (id, value) => unreachable!("a strategy cannot set {id:?} to {value:?}"),
        }
    }
}

/// Seasonal multipliers as written: one number when all quarters agree.
fn season_text(m: [f64; 4]) -> String {
    if m.iter().all(|x| *x == m[0]) { fmt_num(m[0]) } else { format!("[{}]", m.iter().map(|x| fmt_num(*x)).collect::<Vec<_>>().join(", ")) }
}

/// A hiring plan entry: `reps` new seats filled by new hires at the first
/// week of counted quarter `quarter` (1-based).
#[derive(Clone, Debug, PartialEq)]
pub struct Hire {
    pub quarter: u32,
    pub reps: u32,
    pub loc: Option<Loc>,
}
