//! Words of a sweep's charts: how each strategy's curve moves across the
//! swept values (1-D), how far each axis moves the share at quota (2-D),
//! subtitles, axis descriptions and the "now" label.

use super::capitalise;
use super::plain::{label_of, label_with_unit, setting_of};
use crate::report::facts::sweep::{axis_unit, current_value, reaches, reaches_axis};
use crate::report::format::{axis_desc, pct0, pts1, value_in};
use crate::scenario::Unit;
use crate::stats::summary::StrategySummary;
use crate::study::points::SweepResult;

/// After a strategy's name where the swept path does not reach it.
pub const NOT_REACHED: &str = "not reached by this path";

/// "Label (unit)" of sweep axis `a`: "Coverage target (× quarterly quota)".
pub fn axis_label(r: &SweepResult, a: usize) -> String {
    let axis = &r.grid.axes[a];
    match setting_of(&axis.path.text) {
        Some(_) => label_with_unit(&axis.path.text, &r.points[0].summary.currency),
        None => axis_desc(&axis.path.text, axis.path.target.unit(), &r.points[0].summary.currency),
    }
}

/// The same for narrow panels (labels are already short).
pub fn axis_label_short(r: &SweepResult, a: usize) -> String {
    axis_label(r, a)
}

/// The swept setting of axis `a` inside a sentence: "coverage target".
fn setting_words(r: &SweepResult, a: usize) -> String {
    let label = label_of(&r.grid.axes[a].path.text);
    let mut c = label.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().collect::<String>() + c.as_str())
}

/// The label of the scenario's current value `x` on an axis of unit `u`.
pub fn now_label(u: Unit, x: f64) -> String {
    format!("now: {}", value_in(u, x))
}

/// The subtitle's note on the dotted line of the current value, if it is drawn.
fn now_note(r: &SweepResult) -> &'static str {
    if current_value(r, 0).is_some() { " Dotted: the scenario's current value." } else { "" }
}

/// How a curve moves across the swept values, in words: "rises from 36% at
/// 1× to 66% at 8×", "peaks at 43% at 4× (30% at 1×, 31% at 8×)", "stays at 30%".
pub fn trend(values: &[f64], xs: &[String]) -> String {
    let n = values.len().min(xs.len());
    if n == 0 || values[..n].iter().any(|v| !v.is_finite()) {
        return "cannot be computed".into();
    }
    let (first, last) = (values[0], values[n - 1]);
    let imax = (0..n).fold(0, |m, i| if values[i] > values[m] { i } else { m });
    let imin = (0..n).fold(0, |m, i| if values[i] < values[m] { i } else { m });
    let ends = format!("{} at {}, {} at {}", pct0(first), xs[0], pct0(last), xs[n - 1]);
    if imax != 0 && imax != n - 1 && pct0(values[imax]) != pct0(first.max(last)) {
        return format!("peaks at {} at {} ({ends})", pct0(values[imax]), xs[imax]);
    }
    if imin != 0 && imin != n - 1 && pct0(values[imin]) != pct0(first.min(last)) {
        return format!("dips to {} at {} ({ends})", pct0(values[imin]), xs[imin]);
    }
    if pct0(first) == pct0(last) {
        format!("stays at {} from {} to {}", pct0(first), xs[0], xs[n - 1])
    } else {
        let verb = if last > first { "rises" } else { "falls" };
        format!("{verb} from {} at {} to {} at {}", pct0(first), xs[0], pct0(last), xs[n - 1])
    }
}

/// One metric of every strategy along a 1-D sweep.
struct Curves<'a> {
    r: &'a SweepResult,
    names: Vec<String>,
    /// The swept values as they read.
    xs: Vec<String>,
    value: &'a dyn Fn(&StrategySummary) -> f64,
}

impl Curves<'_> {
    fn curve(&self, k: usize) -> Vec<f64> {
        self.r.points.iter().map(|p| (self.value)(&p.summary.strategies[k])).collect()
    }

    fn ends(&self, k: usize) -> (f64, f64) {
        let c = self.curve(k);
        (c[0], c[c.len() - 1])
    }

    /// How far the curve moves from the first to the last value (0 if unknown).
    fn change(&self, k: usize) -> f64 {
        let (a, b) = self.ends(k);
        let d = (b - a).abs();
        if d.is_finite() { d } else { 0.0 }
    }

    /// Direction from the first to the last value, as whole percents read: -1, 0, 1.
    fn direction(&self, k: usize) -> i8 {
        let (a, b) = self.ends(k);
        if pct0(a) == pct0(b) {
            0
        } else if b > a {
            1
        } else {
            -1
        }
    }

    /// One or two strategies: each one's trend, the first with the metric's name.
    fn each(&self, what: &str, order: &[usize]) -> Vec<String> {
        let lead = |n: usize, k: usize| if n == 0 { format!("{}: {what} ", self.names[k]) } else { format!("{} ", self.names[k]) };
        order.iter().enumerate().map(|(n, &k)| format!("{}{}", lead(n, k), trend(&self.curve(k), &self.xs))).collect()
    }

    /// Three or more: the direction they share, and the most and least moved.
    fn summary(&self, what: &str, order: &[usize]) -> String {
        let (most, least) = (order[0], order[order.len() - 1]);
        let span_of = |k: usize| format!("{} to {}", pct0(self.ends(k).0), pct0(self.ends(k).1));
        let key = setting_words(self.r, 0);
        let what = capitalise(what);
        let head = match order.iter().map(|&k| self.direction(k)).collect::<Vec<_>>() {
            d if d.iter().all(|&x| x == 1) => format!("{what} rises with {key} for all {} strategies", order.len()),
            d if d.iter().all(|&x| x == -1) => format!("{what} falls with {key} for all {} strategies", order.len()),
            _ => format!("{what} moves with {key} by up to {}", pts1(self.change(most))),
        };
        format!(
            "{head} from {} to {}: most for {} ({}), least for {} ({})",
            self.xs[0],
            self.xs[self.xs.len() - 1],
            self.names[most],
            span_of(most),
            self.names[least],
            span_of(least)
        )
    }
}

/// Title of a 1-D sweep: how `value` of each reached strategy moves; which
/// strategies the path does not reach.
fn title_1d(r: &SweepResult, what: &str, value: &dyn Fn(&StrategySummary) -> f64) -> String {
    let unit = axis_unit(r, 0);
    let c = Curves { r, names: r.strategies(), xs: r.points.iter().map(|p| value_in(unit, p.values[0])).collect(), value };
    let (reached, unreached): (Vec<usize>, Vec<usize>) = (0..c.names.len()).partition(|&k| reaches(r, k));
    let mut order = reached.clone();
    order.sort_by(|&a, &b| c.change(b).total_cmp(&c.change(a)));
    let mut items = if order.len() <= 2 { c.each(what, &order) } else { vec![c.summary(what, &order)] };
    if !unreached.is_empty() {
        let who: Vec<&str> = unreached.iter().map(|&k| c.names[k].as_str()).collect();
        let it = if who.len() == 1 { "it" } else { "them" };
        items.push(format!("{} unaffected (path does not reach {it})", who.join(", ")));
    }
    if reached.is_empty() {
        return format!("{} does not reach any strategy: nothing changes", label_of(&r.grid.axes[0].path.text));
    }
    items.join("; ")
}

/// Title of the fan chart: how the median moves.
pub fn fan_title(r: &SweepResult) -> String {
    title_1d(r, "median attainment", &|s| s.attainment.p50)
}

pub fn fan_subtitle(r: &SweepResult) -> String {
    format!(
        "Attainment per rep-quarter at each value of {}. Line: median (P50); band: P10 to P90, where the middle 80% of \
         rep-quarters land. Dashed: quota.{}",
        setting_words(r, 0),
        now_note(r)
    )
}

/// The note after a fan panel's strategy name when the path does not reach it.
pub fn fan_panel_note(reached: bool) -> String {
    if reached { String::new() } else { format!("  · {NOT_REACHED}") }
}

/// Title of the share-at-quota chart: how the share moves.
pub fn share_title(r: &SweepResult) -> String {
    title_1d(r, "share at quota", &|s| s.at_quota.share)
}

pub fn share_subtitle(r: &SweepResult) -> String {
    format!(
        "Share of rep-quarters at or above quota at each value of {}: line and 95% Monte Carlo band (hidden behind the \
         line where narrower); pale band: the range of outcomes, P10–P90 of simulated years.{}",
        setting_words(r, 0),
        now_note(r)
    )
}

/// A strategy's legend entry on the share-at-quota chart.
pub fn share_key(name: &str, reached: bool) -> String {
    if reached { name.to_string() } else { format!("{name} ({NOT_REACHED})") }
}

/// Title of strategy `k`'s heatmap: the range over the grid and how far each
/// axis moves it on average.
pub fn heatmap_title(r: &SweepResult, k: usize) -> String {
    let (ay, ax) = (&r.grid.axes[0], &r.grid.axes[1]);
    let (ny, nx) = (ay.values.len(), ax.values.len());
    let share = |i: usize| r.points[i].summary.strategies[k].at_quota.share;
    let name = &r.points[0].summary.strategies[k].name;
    let all: Vec<f64> = (0..r.points.len()).map(share).collect();
    let (by_y, by_x) = (setting_words(r, 0), setting_words(r, 1));
    if !reaches_axis(r, 0, k) && !reaches_axis(r, 1, k) {
        return format!("{name}: {by_y} and {by_x} as swept do not reach it; its share at quota stays at {}", pct0(all[0]));
    }
    if all.iter().any(|v| !v.is_finite()) || nx < 2 && ny < 2 {
        return format!("{name}: share of rep-quarters at quota by {by_y} and {by_x}");
    }
    let (lo, hi) = all.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    // Mean change from the first to the last value of each axis, the other held.
    let along_x = (0..ny).map(|y| share(y * nx + nx - 1) - share(y * nx)).sum::<f64>() / ny as f64;
    let along_y = (0..nx).map(|x| share((ny - 1) * nx + x) - share(x)).sum::<f64>() / nx as f64;
    let (ux, uy) = (axis_unit(r, 1), axis_unit(r, 0));
    let effect = |key: &str, d: f64, a: String, b: String| format!("{key} {} ({a} to {b})", pts1(d));
    let ex = effect(&by_x, along_x, value_in(ux, ax.values[0]), value_in(ux, ax.values[nx - 1]));
    let ey = effect(&by_y, along_y, value_in(uy, ay.values[0]), value_in(uy, ay.values[ny - 1]));
    // A path that does not reach this strategy moves nothing: say so rather than "+0.0 pts".
    let (ex, ey) = (
        if reaches_axis(r, 1, k) { ex } else { format!("{by_x} does not reach it") },
        if reaches_axis(r, 0, k) { ey } else { format!("{by_y} does not reach it") },
    );
    let effects = if along_x.abs() >= along_y.abs() { format!("{ex}, {ey}") } else { format!("{ey}, {ex}") };
    format!("{name}: share at quota ranges from {} to {} across the grid; on average {effects}", pct0(lo), pct0(hi))
}

/// The heatmap subtitle: how to read a cell, the colour scale [`lo`, `hi`],
/// and where the scenario stands today (`now`: its values on the y and x
/// axes; `outlined`: whether a cell shows them).
pub fn heatmap_subtitle(r: &SweepResult, (lo, hi): (f64, f64), now: Option<(f64, f64)>, outlined: bool) -> String {
    let now_text = match now {
        Some((y, x)) => format!(
            " The scenario today: {} {}, {} {}{}.",
            setting_words(r, 0),
            value_in(axis_unit(r, 0), y),
            setting_words(r, 1),
            value_in(axis_unit(r, 1), x),
            if outlined { " (outlined)" } else { ", between the cells shown" }
        ),
        None => String::new(),
    };
    format!(
        "Each cell: share of rep-quarters at or above quota. Darker = higher ({} to {}{}).{now_text}",
        pct0(lo),
        pct0(hi),
        if r.strategies().len() > 1 { ", one scale for every strategy's heatmap" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_read_as_words() {
        let xs: Vec<String> = ["1×", "2×", "3×"].iter().map(|s| s.to_string()).collect();
        assert_eq!(trend(&[0.36, 0.5, 0.66], &xs), "rises from 36% at 1× to 66% at 3×");
        assert_eq!(trend(&[0.3, 0.3, 0.3], &xs), "stays at 30% from 1× to 3×");
        assert_eq!(trend(&[0.3, 0.43, 0.31], &xs), "peaks at 43% at 2× (30% at 1×, 31% at 3×)");
        assert_eq!(trend(&[0.5, 0.4, 0.3], &xs), "falls from 50% at 1× to 30% at 3×");
        assert_eq!(trend(&[0.5, 0.2, 0.49], &xs), "dips to 20% at 2× (50% at 1×, 49% at 3×)");
        assert_eq!(trend(&[0.5, f64::NAN, 0.4], &xs), "cannot be computed");
    }

    #[test]
    fn unreached_strategies_are_named_as_such() {
        assert_eq!(share_key("a", true), "a");
        assert_eq!(share_key("a", false), "a (not reached by this path)");
        assert_eq!(fan_panel_note(false), "  · not reached by this path");
        assert_eq!(fan_panel_note(true), "");
    }
}
