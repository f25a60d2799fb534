//! Charts of sweeps, tornadoes and coverage plans, as PNG and SVG bytes.
//!
//! They share the run charts' look and machinery (`report::charts`): the
//! bundled DejaVu font, the Okabe-Ito strategy palette, the frame (a title
//! that states the finding computed from the data, a subtitle on how to read
//! the marks, a legend above the plot, small print with the run manifest),
//! and PNGs drawn at twice their size and averaged down, because plotters'
//! bitmap backend does not anti-alias. Each chart is drawn by one generic
//! routine on both backends; nothing here touches files, reads the clock or
//! iterates a hash map, so the bytes depend on the results alone.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::axes::{DESC_SIZE, Plot, TICK_SIZE, base_mesh, dashed};
use super::charts::frame::{self, Frame, Key, Swatch};
use super::charts::layout::{clean, ellipsize, spread, width};
use super::charts::style::{HEIGHT, INK, MUTED, PALETTE, QUOTA, Theme, WIDTH, ensure_fonts, lighten, strategy_color};
use super::charts::{ChartError, SUPERSAMPLE, downsample, encode_png, svg_fonts};
use super::findings;
use super::format::{count, grouped, pct0, pct1, pts1};
use crate::scenario::fmt_num;
use crate::scenario::overrides::PathTarget;
use crate::scenario::{ParamPath, PathScope};
use crate::stats::Summary;
use crate::sweep::Metric;
use crate::sweep::plan::{CoveragePlan, RULES, StrategyPlan, rule_short};
use crate::sweep::points::SweepResult;
use crate::sweep::tornado::{StrategyTornado, Tornado};

type Files = Vec<(String, Vec<u8>)>;

/// Tornado bar colours: Okabe-Ito sky blue (low) and orange (high), roles
/// distinct from a strategy's own colour.
const LOW: RGBColor = PALETTE[5];
const HIGH: RGBColor = PALETTE[4];

/// A chart that can draw itself on any backend at any scale.
trait SweepChart {
    fn height(&self) -> u32 {
        HEIGHT
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError>;
}

/// Render `chart` as `name.png` (supersampled) and `name.svg`.
fn render<C: SweepChart>(name: &str, chart: &C) -> Result<Files, String> {
    ensure_fonts();
    let png = render_png(chart).map_err(|e| e.0)?;
    let svg = render_svg(chart).map_err(|e| e.0)?;
    Ok(vec![(format!("{name}.png"), png), (format!("{name}.svg"), svg.into_bytes())])
}

fn render_png<C: SweepChart>(chart: &C) -> Result<Vec<u8>, ChartError> {
    let h = chart.height();
    let (w2, h2) = (WIDTH * SUPERSAMPLE, h * SUPERSAMPLE);
    let mut buf = vec![255u8; (w2 as usize) * (h2 as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w2, h2)).into_drawing_area();
        chart.draw(&root, Theme { scale: f64::from(SUPERSAMPLE) })?;
        root.present()?;
    }
    encode_png(&downsample(&buf, w2 as usize, h2 as usize, SUPERSAMPLE as usize), WIDTH, h)
}

fn render_svg<C: SweepChart>(chart: &C) -> Result<String, ChartError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, chart.height())).into_drawing_area();
        chart.draw(&root, Theme { scale: 1.0 })?;
        root.present()?;
    }
    Ok(svg_fonts(&text))
}

// ---------------------------------------------------------------- shared pieces

/// How the values of a parameter read on an axis or in a title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    /// A probability or a share: shown in percent.
    Share,
    /// A multiple of quota: "3×".
    Times,
    /// Money: "70,000".
    Money,
    Plain,
}

fn unit_of(unit: &str) -> Unit {
    if unit == "probability" || unit.starts_with("share") {
        Unit::Share
    } else if unit == "x quota" {
        Unit::Times
    } else if unit.starts_with("currency") {
        Unit::Money
    } else {
        Unit::Plain
    }
}

fn fmt_value(u: Unit, v: f64) -> String {
    if !v.is_finite() {
        return pct0(v);
    }
    match u {
        Unit::Share => format!("{}%", fmt_num((100.0 * v * 1e6).round() / 1e6)),
        Unit::Times => format!("{}×", fmt_num(v)),
        Unit::Money => grouped(v),
        Unit::Plain => fmt_num(v),
    }
}

/// Words for a unit in an axis description: "percent", "× quota", "USD per rep per quarter".
fn unit_words(unit: &str, currency: &str) -> String {
    match unit_of(unit) {
        Unit::Share if unit == "probability" => "percent".into(),
        Unit::Share => unit.replacen("share", "percent", 1),
        Unit::Times => "× quota".into(),
        Unit::Money => unit.replacen("currency", currency, 1),
        Unit::Plain => unit.into(),
    }
}

/// The unit text of a swept path.
fn path_unit(p: &ParamPath) -> &'static str {
    match p.target {
        PathTarget::Param(param) => param.def().unit.text(),
        PathTarget::Count(c) => c.def().unit.text(),
        _ => "",
    }
}

/// "path (unit)" for an axis description.
fn axis_desc(path: &str, unit: &str, currency: &str) -> String {
    let words = unit_words(unit, currency);
    if words.is_empty() { path.to_string() } else { format!("{path} ({words})") }
}

/// Units short and plain enough to print after a value ("8–12 weeks").
fn short_unit(unit: &str) -> bool {
    matches!(unit, "weeks" | "hours" | "minutes" | "quarters" | "hours/week" | "touches/week" | "reps")
}

/// "a" or "an" before a number as it is read aloud (an 8×, an 11×, a 3×).
fn article(number: &str) -> &'static str {
    if number.starts_with('8') || number.starts_with("11") || number.starts_with("18") { "an" } else { "a" }
}

fn last_key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Short name of a metric in a sentence ("share at quota").
fn metric_short(m: Metric) -> &'static str {
    match m {
        Metric::ShareAtQuota => "share at quota",
        Metric::Mean => "mean attainment",
        Metric::P50 => "median attainment",
    }
}

/// A metric's axis description, with its unit.
fn metric_axis(m: Metric) -> &'static str {
    match m {
        Metric::ShareAtQuota => "share of rep-quarters at or above quota (percent)",
        Metric::Mean => "mean attainment per rep-quarter (percent of quota)",
        Metric::P50 => "median attainment per rep-quarter (percent of quota)",
    }
}

/// Percent tick with a decimal only when the axis spans less than 6 points.
fn pct_axis_tick(v: f64, span: f64) -> String {
    if span < 0.06 { pct1(v) } else { pct0(v) }
}

/// A value range over the finite `values`, padded by `pad` of its width on
/// both sides, and never empty.
fn span(values: impl IntoIterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values.into_iter().filter(|x| x.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let w = (hi - lo).max(1e-9);
    let w = if hi - lo < 1e-9 { lo.abs().max(1.0) * 0.1 } else { w };
    (lo - pad * w, hi + pad * w)
}

/// A share axis from a little below the lowest to a little above the highest
/// value, on whole steps of 5 or 10 points, within 0..100% when the values are.
fn share_range(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = span(values, 0.0);
    let step = if hi - lo > 0.3 { 0.1 } else { 0.05 };
    let mut a = ((lo - 0.02) / step).floor() * step;
    let mut b = ((hi + 0.02) / step).ceil() * step;
    if lo >= 0.0 {
        a = a.max(0.0);
    }
    if hi <= 1.0 {
        b = b.min(1.0);
    }
    if b - a < step {
        b = a + step;
    }
    (a, b)
}

/// Small print of a sweep, tornado or plan: scenario, trials per variant,
/// seed, scenario hash, version, and the user's own overrides (not the
/// values the command itself set).
fn footer(s: &Summary, trials: u64, per: &str, own_paths: &[&str]) -> String {
    let mut text = format!(
        "{} · {} trials × {} reps × {} quarters {per} · seed {} · scenario sha256 {} · quotasim {}",
        s.scenario.name,
        count(trials),
        count(u64::from(s.reps)),
        s.quarters,
        s.seed,
        s.scenario.sha256.chars().take(12).collect::<String>(),
        s.version
    );
    let user: Vec<&str> =
        s.scenario.overrides.iter().map(String::as_str).filter(|o| !own_paths.iter().any(|p| o.split('=').next() == Some(*p))).collect();
    if !user.is_empty() {
        text.push_str(&format!(" · overrides: {}", user.join(", ")));
    }
    text
}

/// Items of a title joined with "; ".
fn join(items: &[String]) -> String {
    items.join("; ")
}

/// How a curve moves across the swept values, in words: "rises from 36% at
/// 1× to 66% at 8×", "peaks at 43% at 4× (30% at 1×, 31% at 8×)", "stays at 30%".
fn trend(values: &[f64], xs: &[String]) -> String {
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

/// A light card behind a label so it reads over lines and bands.
fn card<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, x0: i32, y0: i32, x1: i32, y1: i32) -> Result<(), ChartError> {
    root.draw(&Rectangle::new([(x0 - t.px(4.0), y0 - t.px(2.0)), (x1 + t.px(4.0), y1 + t.px(2.0))], WHITE.mix(0.9).filled()))?;
    Ok(())
}

/// The scenario's current value on a 1-D x axis: a dotted vertical line and a
/// "now" label inside the plot's top edge (on the side with room), on a card.
fn now_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    t: Theme,
    x: f64,
    label: &str,
) -> Result<(), ChartError> {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    if !(x.is_finite() && x >= xr.start && x <= xr.end) {
        return Ok(());
    }
    let (px, top) = chart.backend_coord(&(x, yr.end));
    let (_, bottom) = chart.backend_coord(&(x, yr.start));
    dashed(root, (px, top), (px, bottom), t.stroke(MUTED, 1.5), t.scale * 2.5, t.scale * 3.5)?;
    let style = t.text(TICK_SIZE - 1.0, MUTED);
    let w = width(root, label, &style) as i32;
    let right_edge = chart.plotting_area().get_pixel_range().0.end;
    let lx = if px + t.px(6.0) + w + t.px(4.0) <= right_edge { px + t.px(6.0) } else { px - t.px(6.0) - w };
    let ly = top + t.px(5.0);
    card(root, t, lx, ly, lx + w, ly + t.px(TICK_SIZE))?;
    root.draw_text(label, &style.pos(Pos::new(HPos::Left, VPos::Top)), (lx, ly))?;
    Ok(())
}

/// The 100%-of-quota line across a plot, labelled at its right end.
fn quota_line<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Plot<'_, DB>, t: Theme) -> Result<(), ChartError> {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    if !(1.0 > yr.start && 1.0 < yr.end) {
        return Ok(());
    }
    let (x0, y) = chart.backend_coord(&(xr.start, 1.0));
    let (x1, _) = chart.backend_coord(&(xr.end, 1.0));
    dashed(root, (x0, y), (x1, y), t.stroke(QUOTA, 1.5), t.scale * 7.0, t.scale * 5.0)?;
    let style = t.bold(TICK_SIZE - 1.0, QUOTA).pos(Pos::new(HPos::Right, VPos::Bottom));
    root.draw_text("quota", &style, (x1 - t.px(4.0), y - t.px(3.0)))?;
    Ok(())
}

// ---------------------------------------------------------------- sweeps

/// Every chart of a sweep: fan and share-at-quota charts for 1-D sweeps, one
/// heatmap per strategy for 2-D ones.
pub fn sweep_charts(r: &SweepResult) -> Result<Files, String> {
    if r.points.is_empty() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    if r.grid.is_2d() {
        for (k, name) in r.strategies().iter().enumerate() {
            files.extend(render(&format!("heatmap-{}", crate::scenario::slug(name)), &Heatmap { r, strategy: k })?);
        }
    } else {
        files.extend(render("fan", &Fan { r })?);
        files.extend(render("share_at_quota", &ShareCurve { r })?);
    }
    Ok(files)
}

fn sweep_footer(r: &SweepResult) -> String {
    let paths: Vec<&str> = r.grid.axes.iter().map(|a| a.path.text.as_str()).collect();
    footer(&r.points[0].summary, r.trials, "per point (the same reps and draws at every point)", &paths)
}

/// The unit of sweep axis `a`.
fn axis_unit(r: &SweepResult, a: usize) -> Unit {
    unit_of(path_unit(&r.grid.axes[a].path))
}

/// "path (unit)" of sweep axis `a`.
fn sweep_axis_desc(r: &SweepResult, a: usize) -> String {
    let axis = &r.grid.axes[a];
    axis_desc(&axis.path.text, path_unit(&axis.path), &r.points[0].summary.currency)
}

/// The scenario's current value of sweep axis `a`, when it is a plain number.
fn current_value(r: &SweepResult, a: usize) -> Option<f64> {
    r.current.get(a).and_then(|c| c.trim().parse::<f64>().ok()).filter(|v| v.is_finite())
}

/// Whether a 1-D sweep's path changes anything for strategy `k`: a strategy
/// path reaches only its strategy, and a shared path only the strategies that
/// inherit it (read from the resolved parameters of every point).
fn reaches(r: &SweepResult, k: usize) -> bool {
    let axis = &r.grid.axes[0];
    if let PathScope::Strategy(j) = axis.path.scope {
        return j == k;
    }
    let Some(param) = axis.path.param() else { return true };
    let path = param.def().meta.path();
    let vals: Vec<Option<&str>> = r.points.iter().map(|p| findings::param(&p.summary, &path, k)).collect();
    vals.iter().any(Option::is_none) || vals.iter().any(|v| *v != vals[0])
}

/// Title of a 1-D sweep: how `value` of each reached strategy moves; which
/// strategies the path does not reach.
fn sweep_title(r: &SweepResult, what: &str, value: impl Fn(&crate::stats::summary::StrategySummary) -> f64) -> String {
    let names = r.strategies();
    let unit = axis_unit(r, 0);
    let xs: Vec<String> = r.points.iter().map(|p| fmt_value(unit, p.values[0])).collect();
    let (reached, unreached): (Vec<usize>, Vec<usize>) = (0..names.len()).partition(|&k| reaches(r, k));
    let curve = |k: usize| -> Vec<f64> { r.points.iter().map(|p| value(&p.summary.strategies[k])).collect() };
    let mut order = reached.clone();
    let change = |k: usize| {
        let c = curve(k);
        let d = (c[c.len() - 1] - c[0]).abs();
        if d.is_finite() { d } else { 0.0 }
    };
    order.sort_by(|&a, &b| change(b).total_cmp(&change(a)));
    let mut items: Vec<String> = Vec::new();
    if order.len() <= 2 {
        for (n, &k) in order.iter().enumerate() {
            let lead = if n == 0 { format!("{}: {what} ", names[k]) } else { format!("{} ", names[k]) };
            items.push(format!("{lead}{}", trend(&curve(k), &xs)));
        }
    } else {
        // Three or more: the direction they share, and the most and least moved.
        let ends = |k: usize| {
            let c = curve(k);
            (c[0], c[c.len() - 1])
        };
        let moves = |k: usize| {
            let (a, b) = ends(k);
            if pct0(a) == pct0(b) {
                0
            } else if b > a {
                1
            } else {
                -1
            }
        };
        let (most, least) = (order[0], order[order.len() - 1]);
        let span_of = |k: usize| format!("{} to {}", pct0(ends(k).0), pct0(ends(k).1));
        let key = last_key(&r.grid.axes[0].path.text);
        let head = match order.iter().map(|&k| moves(k)).collect::<Vec<_>>() {
            m if m.iter().all(|&d| d == 1) => format!("{} rises with {key} for all {} strategies", capitalise(what), order.len()),
            m if m.iter().all(|&d| d == -1) => format!("{} falls with {key} for all {} strategies", capitalise(what), order.len()),
            _ => format!("{} moves with {key} by up to {}", capitalise(what), pts1(change(most))),
        };
        items.push(format!(
            "{head} from {} to {}: most for {} ({}), least for {} ({})",
            xs[0],
            xs[xs.len() - 1],
            names[most],
            span_of(most),
            names[least],
            span_of(least)
        ));
    }
    if !unreached.is_empty() {
        let who: Vec<&str> = unreached.iter().map(|&k| names[k].as_str()).collect();
        let it = if who.len() == 1 { "it" } else { "them" };
        items.push(format!("{} unaffected (path does not reach {it})", who.join(", ")));
    }
    if reached.is_empty() {
        return format!("{} does not reach any strategy: nothing changes", r.grid.axes[0].path.text);
    }
    join(&items)
}

/// The "now" label of a 1-D sweep.
fn now_label(r: &SweepResult) -> Option<(f64, String)> {
    current_value(r, 0).map(|x| (x, format!("now: {}", fmt_value(axis_unit(r, 0), x))))
}

struct Fan<'a> {
    r: &'a SweepResult,
}

impl Fan<'_> {
    fn layout(&self) -> (usize, usize) {
        let n = self.r.strategies().len().max(1);
        let cols = if n == 4 { 2 } else { n.min(3) };
        (n.div_ceil(cols), cols)
    }
}

impl SweepChart for Fan<'_> {
    fn height(&self) -> u32 {
        HEIGHT + 330 * (self.layout().0 as u32 - 1)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let r = self.r;
        let names = r.strategies();
        let f = Frame {
            title: sweep_title(r, "median attainment", |s| s.attainment.p50),
            subtitle: format!(
                "Attainment per rep-quarter at each value of {}. Line: median (P50); band: P10 to P90, where the middle 80% of \
                 rep-quarters land. Dashed: quota.{}",
                r.grid.axes[0].path.text,
                if now_label(r).is_some() { " Dotted: the scenario's current value." } else { "" }
            ),
            keys: Vec::new(),
            footer: sweep_footer(r),
        };
        let area = frame::draw(root, t, &f)?;
        let p90 = r.points.iter().flat_map(|p| p.summary.strategies.iter().map(|s| s.attainment.p90)).filter(|v| v.is_finite());
        let y_max = ((p90.fold(1.0, f64::max) * 1.08 * 2.0).ceil() / 2.0).max(1.5);
        let y_step = if y_max > 3.0 { 1.0 } else { 0.5 };
        let (x0, x1) = span(r.grid.axes[0].values.iter().copied(), 0.03);
        let (rows, cols) = self.layout();
        let panels = area.split_evenly((rows, cols));
        let unit = axis_unit(r, 0);
        let full_desc = sweep_axis_desc(r, 0);
        for (k, (panel, name)) in panels.iter().zip(&names).enumerate() {
            let c = strategy_color(k);
            let (head, body) = panel.split_vertically(t.px(30.0));
            // Caption: a swatch in the strategy's colour, its name, and why a
            // flat panel is flat.
            let (pw, _) = head.dim_in_pixel();
            let name_style = t.bold(16.0, INK);
            let note = if reaches(r, k) { String::new() } else { "  · not reached by this path".to_string() };
            let note_style = t.text(14.0, MUTED);
            let note_w = width(root, &note, &note_style);
            let avail = f64::from(pw) - t.scale * 100.0 - note_w;
            let label = ellipsize(root, &clean(name), &name_style, avail.max(t.scale * 60.0));
            let lx = t.px(70.0);
            head.draw(&PathElement::new(vec![(lx, t.px(14.0)), (lx + t.px(16.0), t.px(14.0))], t.stroke(c, 3.0)))?;
            let text_x = lx + t.px(23.0);
            head.draw_text(&label, &name_style.pos(Pos::new(HPos::Left, VPos::Center)), (text_x, t.px(14.0)))?;
            if !note.is_empty() {
                let nx = text_x + width(root, &label, &name_style) as i32;
                head.draw_text(&note, &note_style.pos(Pos::new(HPos::Left, VPos::Center)), (nx, t.px(14.0)))?;
            }
            let mut chart = ChartBuilder::on(&body)
                .x_label_area_size(t.px(46.0))
                .y_label_area_size(t.px(64.0))
                .margin_right(t.px(14.0))
                .margin_top(t.px(4.0))
                .build_cartesian_2d(x0..x1, 0.0..y_max)?;
            let (bw, _) = body.dim_in_pixel();
            let desc_style = t.text(DESC_SIZE, MUTED);
            let desc = if width(root, &full_desc, &desc_style) < f64::from(bw) - t.scale * 90.0 {
                full_desc.clone()
            } else {
                axis_desc(last_key(&r.grid.axes[0].path.text), path_unit(&r.grid.axes[0].path), &r.points[0].summary.currency)
            };
            let mut mesh = chart.configure_mesh();
            base_mesh(&mut mesh, t);
            mesh.x_labels(r.grid.axes[0].values.len().clamp(2, if cols > 2 { 6 } else { 10 }))
                .y_labels((y_max / y_step).round() as usize + 1)
                .x_label_formatter(&|v| fmt_value(unit, *v))
                .y_label_formatter(&|v| pct0(*v))
                .x_desc(desc)
                .y_desc(if k % cols == 0 { "attainment (percent of quota)" } else { "" })
                .draw()?;
            let at = |f: &dyn Fn(&crate::stats::summary::Attainment) -> f64| -> Vec<(f64, f64)> {
                r.points.iter().map(|p| (p.values[0], f(&p.summary.strategies[k].attainment))).filter(|q| q.1.is_finite()).collect()
            };
            let (p10, p50, p90) = (at(&|a| a.p10), at(&|a| a.p50), at(&|a| a.p90.min(y_max)));
            let band: Vec<(f64, f64)> = p10.iter().copied().chain(p90.iter().rev().copied()).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, lighten(c, 0.8).filled())))?;
            for edge in [&p10, &p90] {
                chart.draw_series(std::iter::once(PathElement::new(edge.clone(), t.stroke(lighten(c, 0.4), 1.0))))?;
            }
            quota_line(root, &chart, t)?;
            chart.draw_series(std::iter::once(PathElement::new(p50.clone(), t.stroke(c, 2.5))))?;
            chart.draw_series(p50.iter().map(|&q| Circle::new(q, t.upx(3.0), c.filled())))?;
            if let Some((x, label)) = now_label(r) {
                now_marker(root, &chart, t, x, &label)?;
            }
        }
        Ok(())
    }
}

struct ShareCurve<'a> {
    r: &'a SweepResult,
}

impl SweepChart for ShareCurve<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let r = self.r;
        let names = r.strategies();
        let keys: Vec<Key> = names
            .iter()
            .enumerate()
            .map(|(k, n)| Key {
                color: strategy_color(k),
                label: if reaches(r, k) { n.clone() } else { format!("{n} (not reached by this path)") },
                swatch: Swatch::Line,
            })
            .collect();
        let f = Frame {
            title: sweep_title(r, "share at quota", |s| s.at_quota.share),
            subtitle: format!(
                "Share of rep-quarters at or above quota at each value of {}, with its 95% interval (band, hidden behind the \
                 line where narrower). Labels: the share at the last value.{}",
                r.grid.axes[0].path.text,
                if now_label(r).is_some() { " Dotted: the scenario's current value." } else { "" }
            ),
            keys,
            footer: sweep_footer(r),
        };
        let area = frame::draw(root, t, &f)?;
        let ys = r.points.iter().flat_map(|p| p.summary.strategies.iter().flat_map(|s| [s.at_quota.ci_low, s.at_quota.ci_high]));
        let (ylo, yhi) = share_range(ys);
        let (x0, x1) = span(r.grid.axes[0].values.iter().copied(), 0.02);
        let unit = axis_unit(r, 0);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(46.0))
            .y_label_area_size(t.px(64.0))
            .margin_top(t.px(6.0))
            .margin_right(t.px(58.0))
            .build_cartesian_2d(x0..x1, ylo..yhi)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(r.grid.axes[0].values.len().clamp(2, 12))
            .y_labels(8)
            .x_label_formatter(&|v| fmt_value(unit, *v))
            .y_label_formatter(&|v| pct_axis_tick(*v, yhi - ylo))
            .x_desc(sweep_axis_desc(r, 0))
            .y_desc("rep-quarters at or above quota (percent)")
            .draw()?;
        for k in 0..names.len() {
            let c = strategy_color(k);
            let pick = |f: &dyn Fn(&crate::stats::summary::Share) -> f64| -> Vec<(f64, f64)> {
                r.points.iter().map(|p| (p.values[0], f(&p.summary.strategies[k].at_quota))).filter(|q| q.1.is_finite()).collect()
            };
            let (lo, hi) = (pick(&|s| s.ci_low), pick(&|s| s.ci_high));
            let band: Vec<(f64, f64)> = lo.iter().copied().chain(hi.iter().rev().copied()).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.22).filled())))?;
        }
        if let Some((x, label)) = now_label(r) {
            now_marker(root, &chart, t, x, &label)?;
        }
        let mut ends: Vec<(usize, (i32, i32), f64)> = Vec::new();
        for k in 0..names.len() {
            let c = strategy_color(k);
            let line: Vec<(f64, f64)> =
                r.points.iter().map(|p| (p.values[0], p.summary.strategies[k].at_quota.share)).filter(|q| q.1.is_finite()).collect();
            chart.draw_series(std::iter::once(PathElement::new(line.clone(), t.stroke(c, 2.5))))?;
            chart.draw_series(line.iter().map(|&q| Circle::new(q, t.upx(3.5), c.filled())))?;
            if let Some(&last) = line.last() {
                ends.push((k, chart.backend_coord(&last), last.1));
            }
        }
        // End labels, spread so they never overlap.
        let style = t.text(TICK_SIZE, INK).pos(Pos::new(HPos::Left, VPos::Center));
        let line_h = t.scale * TICK_SIZE * 1.3;
        let (_, y_px) = chart.plotting_area().get_pixel_range();
        let centers: Vec<f64> = ends.iter().map(|e| f64::from(e.1.1)).collect();
        let placed = spread(&centers, &vec![line_h; ends.len()], f64::from(y_px.start), f64::from(y_px.end), t.scale * 2.0);
        for ((k, (x, _), v), y) in ends.iter().zip(placed) {
            let c = strategy_color(*k);
            let ink = if luminance(c) > 0.6 { INK } else { c };
            root.draw_text(&pct0(*v), &style.color(&ink), (x + t.px(9.0), y.round() as i32))?;
        }
        Ok(())
    }
}

struct Heatmap<'a> {
    r: &'a SweepResult,
    strategy: usize,
}

/// Relative luminance (0..1) of a colour, to pick dark or light text on it.
fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

impl Heatmap<'_> {
    /// Title: the range over the grid and how far each axis moves it on average.
    fn title(&self) -> String {
        let (r, k) = (self.r, self.strategy);
        let (ay, ax) = (&r.grid.axes[0], &r.grid.axes[1]);
        let (ny, nx) = (ay.values.len(), ax.values.len());
        let share = |i: usize| r.points[i].summary.strategies[k].at_quota.share;
        let name = &r.points[0].summary.strategies[k].name;
        let all: Vec<f64> = (0..r.points.len()).map(share).collect();
        if all.iter().any(|v| !v.is_finite()) || nx < 2 && ny < 2 {
            return format!("{name}: share of rep-quarters at quota by {} and {}", last_key(&ay.path.text), last_key(&ax.path.text));
        }
        let (lo, hi) = all.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        // Mean change from the first to the last value of each axis, the other held.
        let along_x = (0..ny).map(|y| share(y * nx + nx - 1) - share(y * nx)).sum::<f64>() / ny as f64;
        let along_y = (0..nx).map(|x| share((ny - 1) * nx + x) - share(x)).sum::<f64>() / nx as f64;
        let (ux, uy) = (axis_unit(r, 1), axis_unit(r, 0));
        let effect = |key: &str, d: f64, a: String, b: String| format!("{key} {} ({a} to {b})", pts1(d));
        let ex = effect(last_key(&ax.path.text), along_x, fmt_value(ux, ax.values[0]), fmt_value(ux, ax.values[nx - 1]));
        let ey = effect(last_key(&ay.path.text), along_y, fmt_value(uy, ay.values[0]), fmt_value(uy, ay.values[ny - 1]));
        let effects = if along_x.abs() >= along_y.abs() { format!("{ex}, {ey}") } else { format!("{ey}, {ex}") };
        format!("{name}: share at quota ranges from {} to {} across the grid; on average {effects}", pct0(lo), pct0(hi))
    }
}

impl SweepChart for Heatmap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let (r, k) = (self.r, self.strategy);
        let (ay, ax) = (&r.grid.axes[0], &r.grid.axes[1]);
        let (nx, ny) = (ax.values.len(), ay.values.len());
        let (ux, uy) = (axis_unit(r, 1), axis_unit(r, 0));
        // One colour scale for every strategy's heatmap, so files compare.
        let every = r.points.iter().flat_map(|p| p.summary.strategies.iter().map(|s| s.at_quota.share));
        let (lo, hi) = span(every, 0.0);
        let now = (current_value(r, 0), current_value(r, 1));
        let now_cell = match now {
            (Some(y), Some(x)) => {
                let (iy, ix) = (ay.values.iter().position(|v| (v - y).abs() < 1e-9), ax.values.iter().position(|v| (v - x).abs() < 1e-9));
                iy.zip(ix)
            }
            _ => None,
        };
        let now_text = match now {
            (Some(y), Some(x)) => format!(
                " The scenario today: {} {}, {} {}{}.",
                last_key(&ay.path.text),
                fmt_value(uy, y),
                last_key(&ax.path.text),
                fmt_value(ux, x),
                if now_cell.is_some() { " (outlined)" } else { ", between the cells shown" }
            ),
            _ => String::new(),
        };
        let f = Frame {
            title: self.title(),
            subtitle: format!(
                "Each cell: share of rep-quarters at or above quota. Darker = higher ({} to {}{}).{now_text}",
                pct0(lo),
                pct0(hi),
                if r.strategies().len() > 1 { ", one scale for every strategy's heatmap" } else { "" }
            ),
            keys: Vec::new(),
            footer: sweep_footer(r),
        };
        let area = frame::draw(root, t, &f)?;
        let tick = t.text(TICK_SIZE, INK);
        let ylabels: Vec<String> = ay.values.iter().map(|v| fmt_value(uy, *v)).collect();
        let xlabels: Vec<String> = ax.values.iter().map(|v| fmt_value(ux, *v)).collect();
        let ylab_w = ylabels.iter().map(|l| width(root, l, &tick)).fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(50.0))
            .y_label_area_size((ylab_w + t.scale * 44.0) as i32)
            .margin_top(t.px(4.0))
            .margin_right(t.px(8.0))
            .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_axes()
            .x_labels(0)
            .y_labels(0)
            .x_desc(sweep_axis_desc(r, 1))
            .y_desc(sweep_axis_desc(r, 0))
            .axis_desc_style(t.text(DESC_SIZE, MUTED))
            .draw()?;
        let c = strategy_color(k);
        let fill = |v: f64| {
            let x = if v.is_finite() { ((v - lo) / (hi - lo).max(1e-9)).clamp(0.0, 1.0) } else { 0.0 };
            lighten(c, 0.9 * (1.0 - x))
        };
        let share = |i: usize| r.points[i].summary.strategies[k].at_quota.share;
        let pos = |i: usize| ((i % nx) as f64, (i / nx) as f64);
        chart.draw_series((0..r.points.len()).map(|i| {
            let (x, y) = pos(i);
            Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], fill(share(i)).filled())
        }))?;
        chart.draw_series((0..r.points.len()).map(|i| {
            let (x, y) = pos(i);
            Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], t.stroke(WHITE, 1.5))
        }))?;
        // Cell labels at the largest size that fits every cell, or none.
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let cell_w = f64::from(x_px.end - x_px.start) / nx.max(1) as f64;
        let cell_h = f64::from(y_px.end - y_px.start) / ny.max(1) as f64;
        let texts: Vec<String> = (0..r.points.len()).map(|i| pct0(share(i))).collect();
        for size in [16.0, 14.0, 12.0, 10.5] {
            let style = t.text(size, INK);
            if cell_h >= t.scale * size * 1.3 && texts.iter().all(|s| width(root, s, &style) <= cell_w * 0.85) {
                for (i, s) in texts.iter().enumerate() {
                    let ink = if luminance(fill(share(i))) < 0.55 { WHITE } else { INK };
                    let p = chart.backend_coord(&pos(i));
                    root.draw_text(s, &t.text(size, ink).pos(Pos::new(HPos::Center, VPos::Center)), p)?;
                }
                break;
            }
        }
        if let Some((iy, ix)) = now_cell {
            let (x, y) = (ix as f64, iy as f64);
            let a = chart.backend_coord(&(x - 0.5, y + 0.5));
            let b = chart.backend_coord(&(x + 0.5, y - 0.5));
            let inset = t.px(2.0);
            root.draw(&Rectangle::new([(a.0 + inset, a.1 + inset), (b.0 - inset, b.1 - inset)], t.stroke(INK, 3.0)))?;
        }
        // Tick labels under and beside the cells, thinned to every k-th when crowded.
        let every_k = |labels: &[String], room: f64| -> usize {
            let widest = labels.iter().map(|l| width(root, l, &tick)).fold(0.0, f64::max) + t.scale * 10.0;
            ((widest / room.max(1.0)).ceil() as usize).max(1)
        };
        let kx = every_k(&xlabels, cell_w);
        for (i, l) in xlabels.iter().enumerate().filter(|(i, _)| i % kx == 0) {
            let (px, _) = chart.backend_coord(&(i as f64, -0.5));
            root.draw_text(l, &tick.pos(Pos::new(HPos::Center, VPos::Top)), (px, y_px.end + t.px(6.0)))?;
        }
        let ky = ((t.scale * TICK_SIZE * 1.4 / cell_h.max(1.0)).ceil() as usize).max(1);
        for (i, l) in ylabels.iter().enumerate().filter(|(i, _)| i % ky == 0) {
            let (_, py) = chart.backend_coord(&(-0.5, i as f64));
            root.draw_text(l, &tick.pos(Pos::new(HPos::Right, VPos::Center)), (x_px.start - t.px(8.0), py))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- tornado

/// One tornado chart per strategy.
pub fn tornado_charts(t: &Tornado) -> Result<Files, String> {
    let mut files = Vec::new();
    for s in &t.strategies {
        if !s.bars.is_empty() {
            files.extend(render(&format!("tornado-{}", crate::scenario::slug(&s.strategy)), &TornadoChart { t, s })?);
        }
    }
    Ok(files)
}

struct TornadoChart<'a> {
    t: &'a Tornado,
    s: &'a StrategyTornado,
}

/// Row height of a tornado bar at 1x.
const BAR_ROW: f64 = 30.0;

impl TornadoChart<'_> {
    fn title(&self) -> String {
        let (t, s) = (self.t, self.s);
        let m = metric_short(t.metric);
        let b = &s.bars[0];
        if !(b.swing.ci_low > 0.0 || b.swing.ci_high < 0.0) {
            return format!("{}: no parameter moves the {m} measurably within the swings tried", s.strategy);
        }
        let unit = unit_of(&b.unit);
        let next: Vec<&str> =
            s.bars[1..].iter().take(2).filter(|x| x.swing.ci_low > 0.0 || x.swing.ci_high < 0.0).map(|x| x.key.as_str()).collect();
        let then = match next.as_slice() {
            [] => String::new(),
            [a] => format!("; then {a}"),
            [a, b] => format!("; then {a} and {b}"),
            _ => String::new(),
        };
        format!(
            "{}: {} moves the {m} most, from {} to {} as it goes from {} to {}{then}",
            s.strategy,
            b.key,
            pct0(b.metric_low),
            pct0(b.metric_high),
            fmt_value(unit, b.low),
            fmt_value(unit, b.high)
        )
    }
}

/// Whether a paired interval excludes zero.
fn measurable(e: &crate::stats::interval::Estimate) -> bool {
    e.ci_low > 0.0 || e.ci_high < 0.0
}

impl SweepChart for TornadoChart<'_> {
    fn height(&self) -> u32 {
        (300.0 + BAR_ROW * self.s.bars.len() as f64).max(460.0) as u32
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let (tor, s) = (self.t, self.s);
        let th = t;
        let base = s.bars[0].metric_base;
        let any_pale = s.bars.iter().any(|b| !measurable(&b.swing));
        let f = Frame {
            title: self.title(),
            subtitle: format!(
                "Each row: one parameter moved to a low and a high value (fixed values ±{}%, uncertain ones to their P10 and P90), \
                 all else as in the scenario. Centre line: the scenario as it stands ({}). Whiskers: paired 95% intervals.{}",
                fmt_num(100.0 * tor.swing),
                pct1(base),
                if any_pale { " Pale bars: high and low not distinguishable." } else { "" }
            ),
            keys: vec![
                Key { color: LOW, label: "parameter at its low value".into(), swatch: Swatch::Fill },
                Key { color: HIGH, label: "parameter at its high value".into(), swatch: Swatch::Fill },
            ],
            footer: footer(&tor.base, tor.trials, "per variant (the same reps and draws in every variant)", &[]),
        };
        let area = frame::draw(root, th, &f)?;
        let n = s.bars.len();
        // Row labels: the parameter, then its low and high values in muted text.
        let key_style = th.text(TICK_SIZE, INK);
        let range_style = th.text(TICK_SIZE - 1.0, MUTED);
        let ranges: Vec<String> = s
            .bars
            .iter()
            .map(|b| {
                let u = unit_of(&b.unit);
                let suffix = if u == Unit::Plain && short_unit(&b.unit) { format!(" {}", b.unit) } else { String::new() };
                format!("{}–{}{suffix}", fmt_value(u, b.low), fmt_value(u, b.high))
            })
            .collect();
        let gap = th.scale * 8.0;
        let range_w = ranges.iter().map(|l| width(root, l, &range_style)).fold(0.0, f64::max);
        let key_max = th.scale * 260.0;
        let key_w = s.bars.iter().map(|b| width(root, &clean(&b.key), &key_style)).fold(0.0, f64::max).min(key_max);
        let label_area = key_w + gap + range_w + th.scale * 22.0;
        // Room beside the outermost bars for their value labels.
        let (aw, _) = area.dim_in_pixel();
        let plot_w = f64::from(aw) - label_area - th.scale * 14.0;
        let label_room = th.scale * 58.0;
        let ends = s.bars.iter().flat_map(|b| {
            [
                b.metric_low,
                b.metric_high,
                base + b.low_diff.ci_low,
                base + b.low_diff.ci_high,
                base + b.high_diff.ci_low,
                base + b.high_diff.ci_high,
            ]
        });
        let (lo, hi) = span(ends.chain([base]), 0.0);
        let pad = (hi - lo) * label_room / (plot_w - 2.0 * label_room).max(th.scale * 100.0);
        let (x0, x1) = (lo - pad, hi + pad);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(th.px(46.0))
            .y_label_area_size(label_area as i32)
            .margin_right(th.px(14.0))
            .margin_top(th.px(24.0))
            .build_cartesian_2d(x0..x1, -0.5..n as f64 - 0.5)?;
        let row_y = |i: usize| (n - 1 - i) as f64;
        // Zebra rows help the eye from label to bar on tall charts; drawn
        // first so the grid stays on top.
        for i in (0..n).filter(|i| i % 2 == 1) {
            let y = row_y(i);
            chart.draw_series(std::iter::once(Rectangle::new([(x0, y - 0.5), (x1, y + 0.5)], RGBColor(246, 247, 249).filled())))?;
        }
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, th);
        mesh.disable_y_mesh()
            .y_labels(0)
            .x_labels(10)
            .x_label_formatter(&|v| pct_axis_tick(*v, x1 - x0))
            .x_desc(metric_axis(tor.metric))
            .draw()?;
        let (x_px, _) = chart.plotting_area().get_pixel_range();
        let value_style = th.text(TICK_SIZE - 1.0, INK);
        for (i, b) in s.bars.iter().enumerate() {
            let y = row_y(i);
            let pale = !measurable(&b.swing);
            let sides = [(&b.low_diff, b.metric_low, LOW), (&b.high_diff, b.metric_high, HIGH)];
            // Longer bar first, so a shorter one on the same side stays visible.
            let mut order = [0usize, 1];
            if (sides[1].1 - base).abs() > (sides[0].1 - base).abs() {
                order = [1, 0];
            }
            for &j in &order {
                let (_, v, c) = sides[j];
                let c = if pale { lighten(c, 0.55) } else { c };
                chart.draw_series(std::iter::once(Rectangle::new([(base, y - 0.34), (v, y + 0.34)], c.filled())))?;
            }
            for (d, _, _) in sides {
                let (wl, wh) = (base + d.ci_low, base + d.ci_high);
                let ws = th.stroke(INK, 1.0);
                chart.draw_series(std::iter::once(PathElement::new(vec![(wl, y), (wh, y)], ws)))?;
                for w in [wl, wh] {
                    chart.draw_series(std::iter::once(PathElement::new(vec![(w, y - 0.13), (w, y + 0.13)], ws)))?;
                }
            }
            // Value labels outside the outermost end on each side of the centre line.
            let (_, py) = chart.backend_coord(&(base, y));
            let no_change = pct1(b.metric_low) == pct1(base) && pct1(b.metric_high) == pct1(base);
            if no_change {
                let (px, _) = chart.backend_coord(&(base, y));
                root.draw_text("no change", &value_style.color(&MUTED).pos(Pos::new(HPos::Left, VPos::Center)), (px + th.px(8.0), py))?;
            } else {
                for left in [true, false] {
                    let on_side: Vec<usize> = (0..2).filter(|&j| (sides[j].1 < base) == left && sides[j].1 != base).collect();
                    let Some(&j) = on_side.iter().max_by(|&&a, &&b| (sides[a].1 - base).abs().total_cmp(&(sides[b].1 - base).abs())) else {
                        continue;
                    };
                    let (d, v, _) = sides[j];
                    let reach = if left { v.min(base + d.ci_low) } else { v.max(base + d.ci_high) };
                    let (px, _) = chart.backend_coord(&(reach, y));
                    let (hpos, dx) = if left { (HPos::Right, -th.px(5.0)) } else { (HPos::Left, th.px(5.0)) };
                    root.draw_text(&pct1(v), &value_style.pos(Pos::new(hpos, VPos::Center)), (px + dx, py))?;
                }
            }
            // Row label, right-aligned against the plot.
            let right = x_px.start - th.px(10.0);
            root.draw_text(&ranges[i], &range_style.pos(Pos::new(HPos::Right, VPos::Center)), (right, py))?;
            let rw = width(root, &ranges[i], &range_style);
            let key = ellipsize(root, &clean(&b.key), &key_style, key_max);
            root.draw_text(&key, &key_style.pos(Pos::new(HPos::Right, VPos::Center)), (right - (rw + gap) as i32, py))?;
        }
        let (bx, top) = chart.backend_coord(&(base, n as f64 - 0.5));
        let (_, bottom) = chart.backend_coord(&(base, -0.5));
        root.draw(&PathElement::new(vec![(bx, top), (bx, bottom)], th.stroke(INK, 2.0)))?;
        let base_style = th.bold(TICK_SIZE - 1.0, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        root.draw_text(&format!("as it stands: {}", pct1(base)), &base_style, (bx, top - th.px(5.0)))?;
        Ok(())
    }
}

// ---------------------------------------------------------------- plan

/// One plan chart per planned strategy.
pub fn plan_charts(p: &CoveragePlan) -> Result<Files, String> {
    let mut files = Vec::new();
    for s in &p.strategies {
        if !s.points.is_empty() && !p.targets.is_empty() {
            files.extend(render(&format!("plan-{}", crate::scenario::slug(&s.strategy)), &PlanChart { p, s })?);
        }
    }
    Ok(files)
}

struct PlanChart<'a> {
    p: &'a CoveragePlan,
    s: &'a StrategyPlan,
}

/// "3×" for a coverage target given as text (the scenario's own value).
fn times_text(text: &str) -> String {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => fmt_value(Unit::Times, v),
        _ => text.to_string(),
    }
}

impl PlanChart<'_> {
    fn title(&self) -> String {
        let (p, s) = (self.p, self.s);
        let best = &s.points[s.best];
        let m = metric_short(p.metric);
        let today = format!("today's {} at the {}", times_text(&s.current_target), rule_short(s.current_rule));
        if measurable(&best.vs_current) && best.vs_current.value > 0.0 {
            format!(
                "{}: {} {} target counted at the {} gives {} {m}, {} over {today} ({})",
                s.strategy,
                article(&fmt_num(best.target)),
                fmt_value(Unit::Times, best.target),
                rule_short(best.rule),
                pct0(best.value),
                pts1(best.vs_current.value),
                pct0(s.current_value)
            )
        } else {
            format!("{}: {today} is as good as any target tried ({} {m})", s.strategy, pct0(s.current_value))
        }
    }
}

impl SweepChart for PlanChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let (p, s) = (self.p, self.s);
        let best = &s.points[s.best];
        let c = strategy_color(s.index);
        let colors = [c, lighten(c, 0.4)];
        let current_target = s.current_target.trim().parse::<f64>().ok();
        let current_on_grid = s.points.iter().any(|x| x.rule == s.current_rule && Some(x.target) == current_target);
        let f = Frame {
            title: self.title(),
            subtitle: format!(
                "{} by coverage target, pipeline counted at the second meeting (solid) or first meeting (dashed); bands: 95% \
                 intervals. Filled dots: not distinguishable from the best (paired 95% interval reaches zero); hollow: worse.{}",
                capitalise(p.metric.label()),
                if current_on_grid { " Ringed: today's policy." } else { "" }
            ),
            keys: vec![
                Key { color: colors[0], label: format!("counted at the {}", rule_short(RULES[0])), swatch: Swatch::Line },
                Key { color: colors[1], label: format!("counted at the {}", rule_short(RULES[1])), swatch: Swatch::Dashed },
                Key {
                    color: MUTED,
                    label: format!(
                        "today's policy ({}, {}): {}",
                        times_text(&s.current_target),
                        rule_short(s.current_rule),
                        pct1(s.current_value)
                    ),
                    swatch: Swatch::Dashed,
                },
            ],
            footer: footer(&p.base, p.trials, "per variant (the same reps and draws in every variant)", &[]),
        };
        let area = frame::draw(root, t, &f)?;
        let n = p.targets.len();
        let ys = s.points.iter().flat_map(|x| [x.ci.0, x.ci.1]).chain([s.current_value]);
        let (ylo, yhi) = if p.metric == Metric::ShareAtQuota { share_range(ys) } else { span(ys, 0.1) };
        let (x0, x1) = span(p.targets.iter().copied(), 0.04);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(46.0))
            .y_label_area_size(t.px(64.0))
            .margin_top(t.px(6.0))
            .margin_right(t.px(14.0))
            .build_cartesian_2d(x0..x1, ylo..yhi)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(n.clamp(2, 16))
            .y_labels(8)
            .x_label_formatter(&|v| fmt_value(Unit::Times, *v))
            .y_label_formatter(&|v| pct_axis_tick(*v, yhi - ylo))
            .x_desc("coverage target (× quota)")
            .y_desc(metric_axis(p.metric))
            .draw()?;
        // Today's level across the plot.
        let (ax0, cy) = chart.backend_coord(&(x0, s.current_value));
        let (ax1, _) = chart.backend_coord(&(x1, s.current_value));
        if s.current_value.is_finite() && s.current_value >= ylo && s.current_value <= yhi {
            dashed(root, (ax0, cy), (ax1, cy), t.stroke(MUTED, 2.0), t.scale * 6.0, t.scale * 4.0)?;
        }
        for (r, &color) in colors.iter().enumerate().take(RULES.len()) {
            let Some(pts) = s.points.get(r * n..(r + 1) * n) else { continue };
            let band: Vec<(f64, f64)> =
                pts.iter().map(|x| (x.target, x.ci.0)).chain(pts.iter().rev().map(|x| (x.target, x.ci.1))).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, color.mix(0.18).filled())))?;
            let line: Vec<(f64, f64)> = pts.iter().map(|x| (x.target, x.value)).collect();
            let style = t.stroke(color, 2.5);
            if r == 0 {
                chart.draw_series(std::iter::once(PathElement::new(line, style)))?;
            } else {
                chart.draw_series(DashedLineSeries::new(line, t.upx(9.0), t.upx(6.0), style))?;
            }
            chart.draw_series(pts.iter().map(|x| {
                let st = if x.within_noise { color.filled() } else { WHITE.filled() };
                Circle::new((x.target, x.value), t.upx(5.0), st)
            }))?;
            chart.draw_series(pts.iter().map(|x| Circle::new((x.target, x.value), t.upx(5.0), t.stroke(color, 2.0))))?;
        }
        if let Some(x) = s.points.iter().find(|x| x.rule == s.current_rule && Some(x.target) == current_target) {
            chart.draw_series(std::iter::once(Circle::new((x.target, x.value), t.upx(9.5), t.stroke(INK, 1.5))))?;
        }
        // "best" label above the best point (below it if there is no room), on a card.
        let label = format!("best: {}, {}", fmt_value(Unit::Times, best.target), pct1(best.value));
        let style = t.bold(TICK_SIZE, INK);
        let w = width(root, &label, &style) as i32;
        let (bx, by) = chart.backend_coord(&(best.target, best.value));
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let h = t.px(TICK_SIZE);
        let above = by - t.px(14.0) - h > yr.start;
        let ly = if above { by - t.px(14.0) - h } else { by + t.px(14.0) };
        let lx = (bx - w / 2).clamp(xr.start + t.px(4.0), xr.end - w - t.px(4.0));
        card(root, t, lx, ly, lx + w, ly + h)?;
        root.draw_text(&label, &style.pos(Pos::new(HPos::Left, VPos::Top)), (lx, ly))?;
        Ok(())
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
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
    }

    #[test]
    fn values_read_in_their_units() {
        assert_eq!(fmt_value(unit_of("probability"), 0.215), "21.5%");
        assert_eq!(fmt_value(unit_of("x quota"), 3.0), "3×");
        assert_eq!(fmt_value(unit_of("currency per rep per quarter"), 56000.0), "56,000");
        assert_eq!(fmt_value(unit_of("weeks"), 8.0), "8");
        assert_eq!(unit_words("share of cadence", "USD"), "percent of cadence");
    }

    #[test]
    fn share_ranges_are_rounded_and_bounded() {
        let (a, b) = share_range([0.298, 0.64]);
        assert!((a - 0.2).abs() < 1e-9 && (b - 0.7).abs() < 1e-9, "{a} {b}");
        let (a, b) = share_range([0.995, 0.999]);
        assert!(b <= 1.0 && a < 0.99);
    }
}
