//! Words of a tornado chart: which parameter moves the metric most, how to
//! read the rows, and the labels beside the bars.

use super::metric_short;
use super::plain::{label_of, short_value};
use crate::report::facts::sweep::measurable;
use crate::report::format::{pct0, pct1, plain};
use crate::scenario::units::Display;
use crate::study::tornado::{Bar, StrategyTornado, Tornado};

pub const LOW_KEY: &str = "setting at its low value";
pub const HIGH_KEY: &str = "setting at its high value";
/// Beside a row whose low and high value leave the metric as it stands.
pub const NO_CHANGE: &str = "no change";

/// The finding: the parameter that moves the metric most and by how much,
/// then the next ones that move it measurably.
pub fn title(t: &Tornado, s: &StrategyTornado) -> String {
    let m = metric_short(t.metric);
    let b = &s.bars[0];
    if !measurable(&b.swing) {
        return format!("{}: no parameter moves the {m} measurably within the swings tried", s.strategy);
    }
    let unit = b.unit;
    let next: Vec<String> = s.bars[1..].iter().take(2).filter(|x| measurable(&x.swing)).map(|x| lower_first(&row_label(x))).collect();
    let then = match next.as_slice() {
        [] => String::new(),
        [a] => format!("; then {a}"),
        [a, b] => format!("; then {a} and {b}"),
        _ => String::new(),
    };
    format!(
        "{}: {} moves the {m} most, from {} to {} as it goes from {} to {}{then}",
        s.strategy,
        lower_first(&row_label(b)),
        pct0(b.metric_low),
        pct0(b.metric_high),
        short_value(unit, b.low),
        short_value(unit, b.high)
    )
}

/// How to read the rows; `base` is the metric as the scenario stands,
/// `any_pale` whether some bars are drawn pale.
pub fn subtitle(t: &Tornado, base: f64, any_pale: bool) -> String {
    format!(
        "Each row: one setting moved to a low and a high value (fixed values ±{}%, uncertain ones to their P10 and P90), \
         all else as in the scenario. Centre line: the scenario as it stands ({}). Whiskers: paired 95% intervals.{}",
        plain(100.0 * t.swing),
        pct1(base),
        if any_pale { " Pale bars: high and low not distinguishable." } else { "" }
    )
}

/// A row's low and high value, three figures at most: "18.8%–23.8%", "8–12 weeks".
pub fn bar_range(b: &Bar) -> String {
    let suffix = if b.unit.display() == Display::Plain && b.unit.is_short() { format!(" {}", b.unit.text()) } else { String::new() };
    format!("{}–{}{suffix}", short_value(b.unit, b.low), short_value(b.unit, b.high))
}

/// A row's name: the setting's label ("Win rate of qualified deals").
pub fn row_label(b: &Bar) -> String {
    label_of(&b.path)
}

/// A label inside a sentence: "win rate of qualified deals".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().collect::<String>() + c.as_str())
}

/// The label of the centre line.
pub fn base_label(base: f64) -> String {
    format!("as it stands: {}", pct1(base))
}
