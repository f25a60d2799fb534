//! The parameter registry: every scenario key, its section, default, unit,
//! valid range and meaning, in one table.
//!
//! The parser, the validator, `--set` paths, sweeps, `validate`'s listing and the
//! README's key table all read this table, so a key is declared exactly once.

use std::fmt;

/// A numeric model parameter that may differ per strategy or per trial.
///
/// The discriminant is the index into per-strategy parameter arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    // [team]
    Quota,
    HoursPerWeek,
    SkillSpread,
    SkillEffect,
    NewHireShare,
    RampQuarters,
    // [policy]
    CoverageTarget,
    MaintenanceShare,
    // [selling]
    HoursPerFirstMeeting,
    HoursPerSecondMeeting,
    DealHoursPerWeek,
    SecondMeetingRate,
    WinRate,
    FitEffect,
    SizeFitEffect,
    AttentionEffect,
    DealSizeMedian,
    DealSizeSigma,
    CycleWeeksMedian,
    CycleWeeksSigma,
    TouchesPerWeek,
    MinutesPerTouch,
    ConnectRate,
    MeetingRate,
}

/// Number of numeric model parameters.
pub const PARAM_COUNT: usize = 24;

/// Where a key lives in the scenario file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Simulation,
    Team,
    Policy,
    Selling,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Section::Simulation => "simulation",
            Section::Team => "team",
            Section::Policy => "policy",
            Section::Selling => "selling",
        }
    }

    /// Policy and selling keys may be overridden by a `[[strategy]]`.
    pub fn strategy_overridable(self) -> bool {
        matches!(self, Section::Policy | Section::Selling)
    }
}

/// A closed, open or half-open interval of valid values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub lo_open: bool,
    pub hi: f64,
    pub hi_open: bool,
}

impl Range {
    pub const fn closed(lo: f64, hi: f64) -> Range {
        Range { lo, lo_open: false, hi, hi_open: false }
    }
    pub const fn open(lo: f64, hi: f64) -> Range {
        Range { lo, lo_open: true, hi, hi_open: true }
    }
    pub const fn at_least(lo: f64) -> Range {
        Range { lo, lo_open: false, hi: f64::INFINITY, hi_open: true }
    }
    pub const fn above(lo: f64) -> Range {
        Range { lo, lo_open: true, hi: f64::INFINITY, hi_open: true }
    }
    pub const fn any() -> Range {
        Range { lo: f64::NEG_INFINITY, lo_open: true, hi: f64::INFINITY, hi_open: true }
    }

    pub fn contains(&self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        let lo_ok = if self.lo_open { x > self.lo } else { x >= self.lo };
        let hi_ok = if self.hi_open { x < self.hi } else { x <= self.hi };
        lo_ok && hi_ok
    }

    /// Pull a value into the range; open ends are approached by one part in 1e9
    /// of the scale, so a clamped rate stays strictly inside (0, 1).
    pub fn clamp(&self, x: f64) -> f64 {
        let eps = |b: f64| 1e-9 * b.abs().max(1.0);
        let mut y = x;
        if self.lo.is_finite() {
            let lo = if self.lo_open { self.lo + eps(self.lo) } else { self.lo };
            if y < lo {
                y = lo;
            }
        }
        if self.hi.is_finite() {
            let hi = if self.hi_open { self.hi - eps(self.hi) } else { self.hi };
            if y > hi {
                y = hi;
            }
        }
        y
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lo = if self.lo.is_finite() { fmt_num(self.lo) } else { "-inf".into() };
        let hi = if self.hi.is_finite() { fmt_num(self.hi) } else { "inf".into() };
        let l = if self.lo_open { '(' } else { '[' };
        let r = if self.hi_open { ')' } else { ']' };
        write!(f, "{l}{lo}, {hi}{r}")
    }
}

/// Shortest readable rendering of a number for messages and docs.
pub fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Like [`fmt_num`], but also renders NaN and infinities.
pub fn fmt_num_any(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        fmt_num(x)
    }
}

/// Declaration of one numeric model parameter.
#[derive(Clone, Copy, Debug)]
pub struct ParamDef {
    pub param: Param,
    pub key: &'static str,
    pub section: Section,
    pub default: f64,
    pub unit: &'static str,
    pub range: Range,
    pub doc: &'static str,
}

impl ParamDef {
    /// The shared path of this parameter, e.g. `selling.win_rate`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.section.name(), self.key)
    }
}

const fn def(
    param: Param,
    key: &'static str,
    section: Section,
    default: f64,
    unit: &'static str,
    range: Range,
    doc: &'static str,
) -> ParamDef {
    ParamDef { param, key, section, default, unit, range, doc }
}

use Section::{Policy, Selling, Team};

/// Every numeric model parameter, in `Param` order.
pub static PARAMS: [ParamDef; PARAM_COUNT] = [
    def(
        Param::Quota,
        "quota",
        Team,
        70_000.0,
        "currency per rep per quarter",
        Range::above(0.0),
        "Quota each rep carries per quarter; attainment = won value / quota.",
    ),
    def(
        Param::HoursPerWeek,
        "hours_per_week",
        Team,
        24.0,
        "hours/week",
        Range { lo: 0.0, lo_open: true, hi: 168.0, hi_open: false },
        "Weekly hours for selling work: prospecting, meetings and deal work (admin is outside it).",
    ),
    def(
        Param::SkillSpread,
        "skill_spread",
        Team,
        0.35,
        "log-sd",
        Range::closed(0.0, 3.0),
        "Log-sd of rep skill; skill = exp(sigma*Z - sigma^2/2) has mean 1. 0 = identical reps.",
    ),
    def(
        Param::SkillEffect,
        "skill_effect",
        Team,
        1.0,
        "exponent",
        Range::closed(0.0, 10.0),
        "Conversion odds (meeting, second meeting, win) are multiplied by skill^skill_effect.",
    ),
    def(
        Param::NewHireShare,
        "new_hire_share",
        Team,
        0.0,
        "share of reps",
        Range::closed(0.0, 1.0),
        "Share of reps who start the trial as new hires and ramp up (drawn per rep and trial).",
    ),
    def(
        Param::RampQuarters,
        "ramp_quarters",
        Team,
        2.0,
        "quarters",
        Range::above(0.0),
        "New hires' touch capacity and conversion odds ramp linearly to full over this many quarters from the first simulated week.",
    ),
    def(
        Param::CoverageTarget,
        "coverage_target",
        Policy,
        3.0,
        "x quota",
        Range::at_least(0.0),
        "Below this pipeline coverage the rep plans the full cadence; at or above it, maintenance_share of it.",
    ),
    def(
        Param::MaintenanceShare,
        "maintenance_share",
        Policy,
        0.25,
        "share of cadence",
        Range::closed(0.0, 1.0),
        "Share of the full touch cadence planned once coverage is at or above target.",
    ),
    def(
        Param::HoursPerFirstMeeting,
        "hours_per_first_meeting",
        Selling,
        1.5,
        "hours",
        Range::at_least(0.0),
        "Hours one first meeting takes (including preparation).",
    ),
    def(
        Param::HoursPerSecondMeeting,
        "hours_per_second_meeting",
        Selling,
        2.0,
        "hours",
        Range::at_least(0.0),
        "Hours one second meeting takes (including preparation).",
    ),
    def(
        Param::DealHoursPerWeek,
        "deal_hours_per_week",
        Selling,
        1.0,
        "hours/week per opportunity",
        Range::at_least(0.0),
        "Hours each open qualified opportunity needs every week for full attention.",
    ),
    def(
        Param::SecondMeetingRate,
        "second_meeting_rate",
        Selling,
        0.5,
        "probability",
        Range::open(0.0, 1.0),
        "Chance a first meeting leads to a second one (qualifying it) at average fit and skill.",
    ),
    def(
        Param::WinRate,
        "win_rate",
        Selling,
        0.215,
        "probability",
        Range::open(0.0, 1.0),
        "Chance a qualified opportunity is won at average fit, skill and full attention.",
    ),
    def(
        Param::FitEffect,
        "fit_effect",
        Selling,
        2.5,
        "logit per unit fit",
        Range::closed(-20.0, 20.0),
        "Shift of the second-meeting and win logits per unit of fit, centred at fit 0.5.",
    ),
    def(
        Param::SizeFitEffect,
        "size_fit_effect",
        Selling,
        1.5,
        "log-size per unit fit",
        Range::closed(-20.0, 20.0),
        "Deal size median is multiplied by exp(size_fit_effect*(fit-0.5)).",
    ),
    def(
        Param::AttentionEffect,
        "attention_effect",
        Selling,
        1.5,
        "logit per log-attention",
        Range::closed(0.0, 20.0),
        "Win odds are multiplied by (mean attention)^attention_effect; 0 = neglect costs nothing.",
    ),
    def(Param::DealSizeMedian, "deal_size_median", Selling, 25_000.0, "currency", Range::above(0.0), "Median deal value at fit 0.5."),
    def(Param::DealSizeSigma, "deal_size_sigma", Selling, 0.7, "log-sd", Range::open(0.0, 5.0), "Log-sd of deal value around its median."),
    def(
        Param::CycleWeeksMedian,
        "cycle_weeks_median",
        Selling,
        10.0,
        "weeks",
        Range::above(0.0),
        "Median sales cycle from second meeting to close; close week = w + 1 + max(1, round(cycle)).",
    ),
    def(Param::CycleWeeksSigma, "cycle_weeks_sigma", Selling, 0.5, "log-sd", Range::open(0.0, 5.0), "Log-sd of the sales cycle."),
    def(
        Param::TouchesPerWeek,
        "touches_per_week",
        Selling,
        100.0,
        "touches/week",
        Range::closed(0.0, 100_000.0),
        "Full prospecting cadence (calls, emails, messages) planned per week below the coverage target.",
    ),
    def(
        Param::MinutesPerTouch,
        "minutes_per_touch",
        Selling,
        5.0,
        "minutes",
        Range::closed(0.01, 600.0),
        "Minutes one touch takes, research included.",
    ),
    def(
        Param::ConnectRate,
        "connect_rate",
        Selling,
        0.08,
        "probability",
        Range::open(0.0, 1.0),
        "Chance a touch reaches a live prospect (no skill effect: reachability, not persuasion).",
    ),
    def(
        Param::MeetingRate,
        "meeting_rate",
        Selling,
        0.15,
        "probability",
        Range::open(0.0, 1.0),
        "Chance a connect books a first meeting at average skill.",
    ),
];

impl Param {
    pub fn def(self) -> &'static ParamDef {
        &PARAMS[self as usize]
    }
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn all() -> impl Iterator<Item = Param> {
        PARAMS.iter().map(|d| d.param)
    }
    /// Find a numeric parameter by section and key.
    pub fn lookup(section: Section, key: &str) -> Option<Param> {
        PARAMS.iter().find(|d| d.section == section && d.key == key).map(|d| d.param)
    }
    /// Find a strategy-overridable numeric parameter by key alone.
    pub fn lookup_overridable(key: &str) -> Option<Param> {
        PARAMS.iter().find(|d| d.section.strategy_overridable() && d.key == key).map(|d| d.param)
    }
}

/// Integer settings of `[simulation]` and `[team]` that shape the run itself;
/// they cannot be uncertain and cannot differ per strategy.
#[derive(Clone, Copy, Debug)]
pub struct CountDef {
    pub key: &'static str,
    pub section: Section,
    pub default: u64,
    pub min: u64,
    pub max: u64,
    pub unit: &'static str,
    pub doc: &'static str,
}

pub static COUNTS: [CountDef; 6] = [
    CountDef {
        key: "trials",
        section: Section::Simulation,
        default: 1000,
        min: 1,
        max: 1_000_000_000,
        unit: "trials",
        doc: "Independent simulated years of the whole team (each with its own draws of uncertain inputs).",
    },
    CountDef {
        key: "quarters",
        section: Section::Simulation,
        default: 4,
        min: 1,
        max: 400,
        unit: "quarters",
        doc: "Counted quarters per trial.",
    },
    CountDef {
        key: "warmup_quarters",
        section: Section::Simulation,
        default: 1,
        min: 0,
        max: 100,
        unit: "quarters",
        doc: "Quarters simulated before counting starts, so counted quarters open with a realistic pipeline.",
    },
    CountDef {
        key: "weeks_per_quarter",
        section: Section::Simulation,
        default: 13,
        min: 1,
        max: 52,
        unit: "weeks",
        doc: "Weeks in a quarter.",
    },
    CountDef {
        key: "seed",
        section: Section::Simulation,
        default: 20261127,
        min: 0,
        max: u64::MAX,
        unit: "",
        doc: "Master seed; same scenario and seed give byte-identical results at any thread count.",
    },
    CountDef {
        key: "reps",
        section: Section::Team,
        default: 40,
        min: 1,
        max: 1_000_000,
        unit: "reps",
        doc: "Reps in the team; team plan = reps x quota.",
    },
];

/// Settings that take one of a few words.
#[derive(Clone, Copy, Debug)]
pub struct ChoiceDef {
    pub key: &'static str,
    pub section: Section,
    pub choices: &'static [&'static str],
    pub default: &'static str,
    pub doc: &'static str,
}

pub static CHOICES: [ChoiceDef; 2] = [
    ChoiceDef {
        key: "count_pipeline_at",
        section: Section::Policy,
        choices: &["second_meeting", "first_meeting"],
        default: "second_meeting",
        doc: "What counts as pipeline for coverage: qualified opportunities only (second_meeting) or everything open in the CRM, phantoms included (first_meeting).",
    },
    ChoiceDef {
        key: "prospecting_priority",
        section: Section::Policy,
        choices: &["deals", "mandate"],
        default: "deals",
        doc: "Who gets the hours first: open deals (deals) or the planned prospecting cadence (mandate).",
    },
];

/// The fit distribution key: `fit = { beta = [a, b] }` or a fixed number in [0, 1].
pub const FIT_KEY: &str = "fit";
pub const FIT_DEFAULT: (f64, f64) = (2.0, 2.0);
pub const FIT_DOC: &str = "Distribution of account fit in [0, 1] for new opportunities: { beta = [a, b] } (a, b > 0) or a fixed number.";

/// Top-level keys.
pub const TOP_KEYS: [&str; 2] = ["name", "currency"];

/// Every key valid in a section (for unknown-key suggestions).
pub fn keys_of(section: Section) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = COUNTS.iter().filter(|c| c.section == section).map(|c| c.key).collect();
    keys.extend(PARAMS.iter().filter(|d| d.section == section).map(|d| d.key));
    keys.extend(CHOICES.iter().filter(|c| c.section == section).map(|c| c.key));
    if section == Section::Selling {
        keys.push(FIT_KEY);
    }
    keys
}

/// Every key valid inside a `[[strategy]]` table.
pub fn strategy_keys() -> Vec<&'static str> {
    let mut keys = vec!["name"];
    keys.extend(keys_of(Section::Policy));
    keys.extend(keys_of(Section::Selling));
    keys
}

/// The closest candidate to a misspelt key, if any is close enough to suggest.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2)).map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The README's table of scenario keys, generated from the registry (a test
/// keeps the README in step with it).
pub fn markdown_key_table() -> String {
    let mut out = String::from("| key | default | unit | valid range | meaning |\n| --- | --- | --- | --- | --- |\n");
    for c in COUNTS.iter() {
        out.push_str(&format!(
            "| `{}.{}` | {} | {} | [{}, {}] | {} |\n",
            c.section.name(),
            c.key,
            c.default,
            c.unit,
            c.min,
            if c.max == u64::MAX { "2^64-1".to_string() } else { c.max.to_string() },
            c.doc
        ));
    }
    for d in PARAMS.iter() {
        let scope = if d.section.strategy_overridable() { format!("{}.{} *", d.section.name(), d.key) } else { d.path() };
        out.push_str(&format!("| `{scope}` | {} | {} | {} | {} |\n", fmt_num(d.default), d.unit, d.range, d.doc));
    }
    for c in CHOICES.iter() {
        let options = c.choices.iter().map(|x| format!("`\"{x}\"`")).collect::<Vec<_>>().join(" or ");
        out.push_str(&format!("| `{}.{} *` | `\"{}\"` | | {options} | {} |\n", c.section.name(), c.key, c.default, c.doc));
    }
    out.push_str(&format!(
        "| `selling.{FIT_KEY} *` | `{{ beta = [{}, {}] }}` | fit in [0, 1] | a, b > 0 | {FIT_DOC} |\n",
        fmt_num(FIT_DEFAULT.0),
        fmt_num(FIT_DEFAULT.1)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_param_order() {
        for (i, d) in PARAMS.iter().enumerate() {
            assert_eq!(d.param.index(), i, "{}", d.key);
            assert!(d.range.contains(d.default), "default of {} outside its range", d.key);
        }
    }

    #[test]
    fn suggests_near_keys() {
        assert_eq!(nearest("win_rat", strategy_keys()), Some("win_rate"));
        assert_eq!(nearest("coverage_targt", strategy_keys()), Some("coverage_target"));
        assert_eq!(nearest("zzzzzzzzzzzz", strategy_keys()), None);
    }
}
