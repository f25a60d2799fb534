//! Charts of sweeps, tornadoes and coverage plans, as PNG and SVG bytes.
//!
//! Each chart is drawn once against a generic plotters backend and rendered
//! twice (SVG string, RGB buffer encoded as PNG); nothing here touches files.
//! Every chart states in its title what it shows and in its subtitle how
//! precise it is, for a reader who has not seen the command line.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::style::{FONT, ensure_fonts, strategy_color};
use crate::scenario::params::fmt_num;
use crate::sweep::plan::{CoveragePlan, RULES, StrategyPlan, rule_short};
use crate::sweep::points::SweepResult;
use crate::sweep::tornado::{StrategyTornado, Tornado};

type Files = Vec<(String, Vec<u8>)>;

const W: u32 = 1100;
const H: u32 = 640;
const INK: RGBColor = RGBColor(33, 37, 41);
const MUTED: RGBColor = RGBColor(100, 106, 114);
const GRID: RGBColor = RGBColor(228, 231, 235);
/// Tornado bar colours (Okabe-Ito sky blue and orange, distinct from a
/// strategy's own colour role).
const LOW: RGBColor = RGBColor(86, 180, 233);
const HIGH: RGBColor = RGBColor(230, 159, 0);

/// A chart that can draw itself on any backend.
trait Chart {
    fn size(&self) -> (u32, u32) {
        (W, H)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Render `chart` as `name.png` and `name.svg`.
fn render<C: Chart>(name: &str, chart: &C) -> Result<Files, String> {
    ensure_fonts();
    let (w, h) = chart.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(err)?;
    }
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(vec![(format!("{name}.png"), encode_png(&rgb, w, h)?), (format!("{name}.svg"), svg.into_bytes())])
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn text(size: i32, color: RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color)
}

/// A legend entry drawn in the header: a filled swatch or a line.
struct Key {
    label: String,
    color: RGBColor,
    line: bool,
}

fn key(label: impl Into<String>, color: RGBColor, line: bool) -> Key {
    Key { label: label.into(), color, line }
}

/// Title, two subtitle lines and a legend row at the top (never over the
/// data); returns the area below them.
fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    sub: [&str; 2],
    keys: &[Key],
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(err)?;
    root.draw(&Text::new(title.to_string(), (20, 12), text(22, INK))).map_err(err)?;
    root.draw(&Text::new(sub[0].to_string(), (20, 42), text(14, MUTED))).map_err(err)?;
    root.draw(&Text::new(sub[1].to_string(), (20, 61), text(13, MUTED))).map_err(err)?;
    let mut x = 20;
    for k in keys {
        let y = 92;
        if k.line {
            root.draw(&PathElement::new(vec![(x, y), (x + 24, y)], k.color.stroke_width(3))).map_err(err)?;
        } else {
            root.draw(&Rectangle::new([(x, y - 7), (x + 24, y + 7)], k.color.filled())).map_err(err)?;
        }
        root.draw(&Text::new(k.label.clone(), (x + 32, y - 8), text(14, INK))).map_err(err)?;
        x += 32 + 8 * k.label.chars().count() as i32 + 28;
    }
    Ok(root.split_vertically(if keys.is_empty() { 80 } else { 108 }).1)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn pct1(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// A padded value range that always has some width.
fn span(values: impl IntoIterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values.into_iter().filter(|x| x.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let w = (hi - lo).max(1e-9);
    (lo - pad * w, hi + pad * w)
}

fn last_key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
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

fn sweep_subtitle(r: &SweepResult) -> String {
    let s = &r.points[0].summary;
    format!(
        "{}: {} trials x {} reps x {} quarters per point, seed {}; every point sees the same reps and draws",
        s.scenario.name, r.trials, s.reps, s.quarters, s.seed
    )
}

/// The scenario's current value, when it is a plain number, for a "now" marker.
fn current_x(r: &SweepResult) -> Option<f64> {
    r.current.first().and_then(|c| c.parse::<f64>().ok())
}

fn draw_now<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>,
    x: Option<f64>,
    y: (f64, f64),
) -> Result<(), String> {
    let Some(x) = x else { return Ok(()) };
    let (x0, x1) = (chart.x_range().start, chart.x_range().end);
    if x < x0 || x > x1 {
        return Ok(());
    }
    chart.draw_series(DashedLineSeries::new([(x, y.0), (x, y.1)], 6, 4, MUTED.stroke_width(1))).map_err(err)?;
    chart
        .draw_series(std::iter::once(Text::new(
            format!("now: {}", fmt_num(x)),
            (x, y.1),
            text(13, MUTED).pos(Pos::new(HPos::Left, VPos::Top)),
        )))
        .map_err(err)?;
    Ok(())
}

struct Fan<'a> {
    r: &'a SweepResult,
}

impl Chart for Fan<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let r = self.r;
        let axis = &r.grid.axes[0];
        let names = r.strategies();
        let keys: Vec<Key> = names.iter().enumerate().map(|(k, n)| key(n.as_str(), strategy_color(k), true)).collect();
        let area = frame(
            root,
            &format!("Attainment per rep-quarter as {} changes", axis.path.text),
            ["Line: median (P50); band: P10 to P90, where the middle 80% of rep-quarters land; dashed: 100% of quota.", &sweep_subtitle(r)],
            &keys,
        )?;
        let ys = r.points.iter().flat_map(|p| p.summary.strategies.iter().map(|s| s.attainment.p90));
        let (_, ymax) = span(ys.chain([1.0]), 0.06);
        let (x0, x1) = span(axis.values.iter().copied(), 0.03);
        let panels = area.split_evenly((1, names.len().max(1)));
        for (k, (panel, name)) in panels.iter().zip(&names).enumerate() {
            let c = strategy_color(k);
            let mut chart = ChartBuilder::on(panel)
                .caption(name.as_str(), text(16, INK))
                .margin(12)
                .x_label_area_size(50)
                .y_label_area_size(if k == 0 { 70 } else { 40 })
                .build_cartesian_2d(x0..x1, 0.0..ymax)
                .map_err(err)?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .bold_line_style(GRID)
                .x_desc(axis.path.text.as_str())
                .y_desc(if k == 0 { "attainment (% of quota)" } else { "" })
                .y_label_formatter(&|v| pct(*v))
                .x_label_formatter(&|v| fmt_num(*v))
                .label_style(text(13, INK))
                .axis_desc_style(text(14, INK))
                .draw()
                .map_err(err)?;
            let at = |f: &dyn Fn(&crate::stats::summary::Attainment) -> f64| -> Vec<(f64, f64)> {
                r.points.iter().map(|p| (p.values[0], f(&p.summary.strategies[k].attainment))).collect()
            };
            let (p10, p50, p90) = (at(&|a| a.p10), at(&|a| a.p50), at(&|a| a.p90));
            let band: Vec<(f64, f64)> = p10.iter().copied().chain(p90.iter().rev().copied()).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.2).filled()))).map_err(err)?;
            for edge in [p10, p90] {
                chart.draw_series(LineSeries::new(edge, c.mix(0.6).stroke_width(1))).map_err(err)?;
            }
            chart.draw_series(DashedLineSeries::new([(x0, 1.0), (x1, 1.0)], 8, 4, INK.stroke_width(1))).map_err(err)?;
            chart.draw_series(LineSeries::new(p50, c.stroke_width(3)).point_size(3)).map_err(err)?;
            draw_now(&mut chart, current_x(r), (0.0, ymax))?;
        }
        Ok(())
    }
}

struct ShareCurve<'a> {
    r: &'a SweepResult,
}

impl Chart for ShareCurve<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let r = self.r;
        let axis = &r.grid.axes[0];
        let keys: Vec<Key> = r.strategies().iter().enumerate().map(|(k, n)| key(n.as_str(), strategy_color(k), true)).collect();
        let area = frame(
            root,
            &format!("Share of rep-quarters at quota as {} changes", axis.path.text),
            ["Line: share of rep-quarters at or above 100% of quota; band: its 95% confidence interval.", &sweep_subtitle(r)],
            &keys,
        )?;
        let ys = r.points.iter().flat_map(|p| p.summary.strategies.iter().flat_map(|s| [s.at_quota.ci_low, s.at_quota.ci_high]));
        let (ylo, yhi) = span(ys, 0.1);
        let (ylo, yhi) = (ylo.max(0.0), yhi.min(1.0).max(ylo.max(0.0) + 0.01));
        let (x0, x1) = span(axis.values.iter().copied(), 0.02);
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, ylo..yhi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .x_desc(axis.path.text.as_str())
            .y_desc("rep-quarters at or above quota")
            .y_label_formatter(&|v| pct(*v))
            .x_label_formatter(&|v| fmt_num(*v))
            .label_style(text(14, INK))
            .axis_desc_style(text(15, INK))
            .draw()
            .map_err(err)?;
        for k in 0..r.strategies().len() {
            let c = strategy_color(k);
            let lo: Vec<(f64, f64)> = r.points.iter().map(|p| (p.values[0], p.summary.strategies[k].at_quota.ci_low)).collect();
            let hi: Vec<(f64, f64)> = r.points.iter().map(|p| (p.values[0], p.summary.strategies[k].at_quota.ci_high)).collect();
            let band: Vec<(f64, f64)> = lo.iter().copied().chain(hi.iter().rev().copied()).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.22).filled()))).map_err(err)?;
            let line: Vec<(f64, f64)> = r.points.iter().map(|p| (p.values[0], p.summary.strategies[k].at_quota.share)).collect();
            chart.draw_series(LineSeries::new(line, c.stroke_width(3)).point_size(4)).map_err(err)?;
        }
        draw_now(&mut chart, current_x(r), (ylo, yhi))?;
        Ok(())
    }
}

struct Heatmap<'a> {
    r: &'a SweepResult,
    strategy: usize,
}

/// White to the strategy's colour.
fn shade(c: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |v: u8| (255.0 + (f64::from(v) - 255.0) * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

impl Chart for Heatmap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let r = self.r;
        let k = self.strategy;
        let (ay, ax) = (&r.grid.axes[0], &r.grid.axes[1]);
        let name = &r.points[0].summary.strategies[k].name;
        let area = frame(
            root,
            &format!("{name}: share of rep-quarters at quota by {} and {}", last_key(&ay.path.text), last_key(&ax.path.text)),
            ["Each cell: share of rep-quarters at or above 100% of quota; darker = higher.", &sweep_subtitle(r)],
            &[],
        )?;
        let (nx, ny) = (ax.values.len(), ay.values.len());
        let shares: Vec<f64> = r.points.iter().map(|p| p.summary.strategies[k].at_quota.share).collect();
        let (lo, hi) = span(shares.iter().copied(), 0.0);
        let c = strategy_color(k);
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(55)
            .y_label_area_size(90)
            .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)
            .map_err(err)?;
        let xv = ax.values.clone();
        let yv = ay.values.clone();
        let label = move |vals: &[f64], v: f64| {
            let i = v.round();
            if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < vals.len() { fmt_num(vals[i as usize]) } else { String::new() }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nx.min(30) * 2 + 1)
            .y_labels(ny.min(30) * 2 + 1)
            .x_label_formatter(&|v| label(&xv, *v))
            .y_label_formatter(&|v| label(&yv, *v))
            .x_desc(ax.path.text.as_str())
            .y_desc(ay.path.text.as_str())
            .label_style(text(13, INK))
            .axis_desc_style(text(15, INK))
            .draw()
            .map_err(err)?;
        let cells = (0..r.points.len()).map(|i| {
            let (y, x) = ((i / nx) as f64, (i % nx) as f64);
            let t = 0.1 + 0.9 * (shares[i] - lo) / (hi - lo).max(1e-9);
            Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], shade(c, t).filled())
        });
        chart.draw_series(cells).map_err(err)?;
        if nx * ny <= 400 {
            let size = if nx <= 10 { 15 } else { 11 };
            let labels = (0..r.points.len()).map(|i| {
                let (y, x) = ((i / nx) as f64, (i % nx) as f64);
                let t = 0.1 + 0.9 * (shares[i] - lo) / (hi - lo).max(1e-9);
                let ink = if t > 0.6 { WHITE } else { INK };
                Text::new(pct(shares[i]), (x, y), text(size, ink).pos(Pos::new(HPos::Center, VPos::Center)))
            });
            chart.draw_series(labels).map_err(err)?;
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

impl Chart for TornadoChart<'_> {
    fn size(&self) -> (u32, u32) {
        (W, (150 + 34 * self.s.bars.len() as u32).max(360))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (t, s) = (self.t, self.s);
        let base = s.bars[0].metric_base;
        let area = frame(
            root,
            &format!("{}: what moves the {} most", s.strategy, t.metric.label()),
            [
                &format!(
                    "Each bar: one parameter moved to a low / high value (fixed values -/+{}%, uncertain ones to their P10 / P90), all else unchanged.",
                    fmt_num(100.0 * t.swing)
                ),
                &format!(
                    "Centre line: the scenario as it stands ({}). Whiskers: paired 95% intervals (same reps, same draws); {} trials, seed {}.",
                    pct1(base),
                    t.trials,
                    t.base.seed
                ),
            ],
            &[key("parameter at its low value", LOW, false), key("parameter at its high value", HIGH, false)],
        )?;
        let n = s.bars.len();
        let ends = s
            .bars
            .iter()
            .flat_map(|b| [base + b.low_diff.ci_low, base + b.low_diff.ci_high, base + b.high_diff.ci_low, base + b.high_diff.ci_high]);
        let (x0, x1) = span(ends.chain([base]), 0.08);
        let labels: Vec<String> = s.bars.iter().map(|b| format!("{} ({} .. {})", b.key, fmt_num(b.low), fmt_num(b.high))).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(45)
            .y_label_area_size(300)
            .build_cartesian_2d(x0..x1, -0.5..n as f64 - 0.5)
            .map_err(err)?;
        let ylab = labels.clone();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .y_labels(2 * n + 1)
            .y_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n { ylab[n - 1 - i as usize].clone() } else { String::new() }
            })
            .x_label_formatter(&|v| pct(*v))
            .x_desc(t.metric.label())
            .label_style(text(13, INK))
            .axis_desc_style(text(15, INK))
            .draw()
            .map_err(err)?;
        for (i, b) in s.bars.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            for (d, c) in [(&b.low_diff, LOW), (&b.high_diff, HIGH)] {
                let end = base + d.value;
                chart.draw_series(std::iter::once(Rectangle::new([(base, y - 0.32), (end, y + 0.32)], c.filled()))).map_err(err)?;
                let (wl, wh) = (base + d.ci_low, base + d.ci_high);
                chart.draw_series(std::iter::once(PathElement::new(vec![(wl, y), (wh, y)], INK.stroke_width(1)))).map_err(err)?;
                for w in [wl, wh] {
                    chart
                        .draw_series(std::iter::once(PathElement::new(vec![(w, y - 0.12), (w, y + 0.12)], INK.stroke_width(1))))
                        .map_err(err)?;
                }
            }
        }
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(base, -0.5), (base, n as f64 - 0.5)], INK.stroke_width(2))))
            .map_err(err)?;
        Ok(())
    }
}

// ---------------------------------------------------------------- plan

/// One plan chart per planned strategy.
pub fn plan_charts(p: &CoveragePlan) -> Result<Files, String> {
    let mut files = Vec::new();
    for s in &p.strategies {
        files.extend(render(&format!("plan-{}", crate::scenario::slug(&s.strategy)), &PlanChart { p, s })?);
    }
    Ok(files)
}

struct PlanChart<'a> {
    p: &'a CoveragePlan,
    s: &'a StrategyPlan,
}

impl Chart for PlanChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (p, s) = (self.p, self.s);
        let best = &s.points[s.best];
        let area = frame(
            root,
            &format!(
                "{}: best coverage target {}x ({}), {} {}",
                s.strategy,
                fmt_num(best.target),
                rule_short(best.rule),
                pct1(best.value),
                p.metric.label()
            ),
            [
                "Bands: 95% intervals. Filled dots: not distinguishable from the best (paired 95% interval reaches zero); hollow: worse.",
                &format!(
                    "Grey dashed: the current policy ({}x, counting at the {}). {} trials, seed {}; every point sees the same reps and draws.",
                    s.current_target,
                    rule_short(s.current_rule),
                    p.trials,
                    p.base.seed
                ),
            ],
            &[
                key(format!("counting at the {}", rule_short(RULES[0])), strategy_color(s.index), true),
                key(format!("counting at the {} (dashed)", rule_short(RULES[1])), shade(strategy_color(s.index), 0.55), true),
                key(format!("current policy: {}", pct1(s.current_value)), MUTED, true),
            ],
        )?;
        let n = p.targets.len();
        let ys = s.points.iter().flat_map(|x| [x.ci.0, x.ci.1]).chain([s.current_value]);
        let (ylo, yhi) = span(ys, 0.1);
        let (x0, x1) = span(p.targets.iter().copied(), 0.03);
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, ylo.max(0.0)..yhi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .x_desc("coverage target (x quota)")
            .y_desc(p.metric.label())
            .x_label_formatter(&|v| format!("{}x", fmt_num(*v)))
            .y_label_formatter(&|v| pct(*v))
            .label_style(text(14, INK))
            .axis_desc_style(text(15, INK))
            .draw()
            .map_err(err)?;
        let c = strategy_color(s.index);
        for r in 0..RULES.len() {
            let pts = &s.points[r * n..(r + 1) * n];
            let color = if r == 0 { c } else { shade(c, 0.55) };
            let band: Vec<(f64, f64)> =
                pts.iter().map(|x| (x.target, x.ci.0)).chain(pts.iter().rev().map(|x| (x.target, x.ci.1))).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, color.mix(0.18).filled()))).map_err(err)?;
            let line: Vec<(f64, f64)> = pts.iter().map(|x| (x.target, x.value)).collect();
            let style = color.stroke_width(3);
            if r == 0 {
                chart.draw_series(LineSeries::new(line, style)).map_err(err)?;
            } else {
                chart.draw_series(DashedLineSeries::new(line, 10, 5, style)).map_err(err)?;
            }
            chart
                .draw_series(pts.iter().map(|x| {
                    let st = if x.within_noise { color.filled() } else { WHITE.filled() };
                    Circle::new((x.target, x.value), 5, st)
                }))
                .map_err(err)?;
            chart.draw_series(pts.iter().map(|x| Circle::new((x.target, x.value), 5, color.stroke_width(2)))).map_err(err)?;
        }
        chart
            .draw_series(DashedLineSeries::new([(x0, s.current_value), (x1, s.current_value)], 6, 4, MUTED.stroke_width(2)))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("best: {}x", fmt_num(best.target)),
                (best.target, best.value),
                text(14, INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )))
            .map_err(err)?;
        Ok(())
    }
}
