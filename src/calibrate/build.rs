//! The calibration, step by step: fit the history, solve the base rates,
//! size the week, solve the meeting rate on the engine, and write every key
//! of the registry with where its value comes from.

use super::decide::Plan;
use super::error::CalibrateError;
use super::fit::dispersion::logit_sd;
use super::fit::{self, Fits};
use super::history::History;
use super::model::{self, Conversion, ConversionTargets, Motion, Realised, SPREAD_MAX};
use super::report::{Report, Source};
use super::shape::{self, Shaped};
use super::solve::{self, WinTarget};
use super::uncertain;
use super::writer;
use crate::engine::RunControl;
use crate::report::format::{count, pct1};
use crate::scenario::{Param, ParamSet, Scenario, fmt_num};

/// How to calibrate.
#[derive(Clone, Debug)]
pub struct CalibrateOptions {
    /// Where what history cannot tell comes from.
    pub template: Scenario,
    /// The template's strategy whose motion the baseline takes (default: the first).
    pub template_strategy: Option<String>,
    /// Quota per rep per quarter (default: the template's).
    pub quota: Option<f64>,
    /// Write estimates only, no uncertain inputs.
    pub point_estimates: bool,
    /// The calibrated scenario's name.
    pub name: Option<String>,
}

/// The result: the scenario's text, the scenario, and calibration.json's content.
#[derive(Clone, Debug)]
pub struct Calibration {
    pub toml: String,
    pub scenario: Scenario,
    pub report: Report,
}

/// Calibrate a scenario to `h`.
pub fn calibrate(h: &History, opts: &CalibrateOptions, control: &mut RunControl<'_>) -> Result<Calibration, CalibrateError> {
    let fits = fit::fit(h)?;
    let t = &opts.template;
    let si = template_strategy(opts)?;
    let set = t.resolved(si);
    let motion = Motion::from_template(&set);
    let figures = super::report::figures(h, &fits);
    let mut notes: Vec<String> = Vec::new();

    let (conv, qualified) = conversion(&fits, &motion, &set, &mut notes)?;

    let r = &conv.realised;
    let ((median, sigma), size_shape) = deal_sizes(&fits, r, &mut notes);

    let g = |p: Param| set.get(p).central();
    let volume = fits.volume.value;
    let (deal_hours, load) = deal_hours(&fits, r, &set, &mut notes);
    let template_deal = g(Param::DealHoursPerWeek);

    let warmup = warmup_quarters(&fits, t, &mut notes);

    let reps = fits.panel.active_reps().max(1) as u64;
    let name = opts.name.clone().unwrap_or_else(|| format!("Calibrated from {}", file_name(&h.label)));
    let currency = h.currency().map_or_else(|| t.currency.clone(), str::to_string);

    // Every key, decided; first with point values, to solve the meeting rate.
    let guess = volume / (g(Param::TouchesPerWeek) * g(Param::ConnectRate)).max(1e-9);
    let plan = Plan {
        h,
        fits: &fits,
        figures: &figures,
        set: &set,
        conv: &conv,
        deal_hours,
        load,
        warmup,
        reps,
        size_shape,
        sizes: (median, sigma),
    };
    let preamble = writer::preamble(h, &fits, &t.source_label, &t.strategies[si].name, opts.point_estimates);
    // The rates are solved with the other fitted inputs as the run will draw
    // them (a volume averaged over uncertain skill spreads is not the volume
    // at the average spread).
    let first = plan.decide(opts, guess.clamp(1e-4, 0.9), None, opts.point_estimates);
    let (_, base, _) = writer::scenario(&name, &currency, t, &set, &first, &preamble)?;
    let win_target = match (&fits.win_of_qualified, conv.qualified_by_assumption) {
        (Some(w), false) if qualified.is_some() => WinTarget::Qualified(w.value),
        _ => WinTarget::Closed(fits.win.value),
    };
    let second_target = match (&fits.qualified_share, win_target) {
        (Some(q), WinTarget::Qualified(_)) => Some(q.value),
        _ => None,
    };
    // The probes' seed comes from the history's bytes: the same history
    // calibrates to the same bytes, and no two share a Monte Carlo error.
    let seed = u64::from_str_radix(h.sha256.get(..16).unwrap_or("0"), 16).unwrap_or(0);
    let history_reps = fits.panel.reps.iter().filter(|r| r.weeks > 0.0).count() as u64;
    let targets = solve::Targets { volume, win: win_target, second: second_target, reps: history_reps, seed };
    let solved = solve::rates(&base, targets, guess.clamp(1e-4, 0.9), control)?;
    let decided = plan.decide(opts, solved.meeting.meeting_rate, Some(&solved), opts.point_estimates);
    let (toml, scenario, settings) = writer::scenario(&name, &currency, t, &set, &decided, &preamble)?;
    let (_, dropped) = writer::correlations(t, &set, &decided);
    if !dropped.is_empty() {
        let pairs: Vec<String> = dropped.iter().map(|c| c.between.join(" and ")).collect();
        notes.push(format!(
            "The template's correlations of {} are left out: the history decides one of each pair, whose uncertainty is now the \
             fit's own, independent of the template's assumptions.",
            pairs.join("; ")
        ));
    }
    if deal_hours < template_deal {
        notes.push(format!(
            "deal_hours_per_week is lowered from the template's {} to {} so that the history's open-deal load ({:.1} qualified \
             opportunities per rep) fits the week next to meetings and the template's cadence.",
            fmt_num(template_deal),
            fmt_num(uncertain::round(deal_hours)),
            load
        ));
    }
    let report = Report {
        version: env!("CARGO_PKG_VERSION").to_string(),
        confidence: 0.95,
        source: Source::of(h, fits.panel.start.to_string()),
        template: t.source_label.clone(),
        template_strategy: t.strategies[si].name.clone(),
        figures,
        settings,
        engine_solve: solved,
        point_estimates: opts.point_estimates,
        seasonality: fits.season.clone(),
        segments: fits.segments.clone(),
        quarters: fits.panel.quarters.clone(),
        reps: Report::reps_of(h, &fits),
        rep_quarters: fits.panel.rep_quarters.clone(),
        notes,
        currency,
        scenario_name: name,
    };
    Ok(Calibration { toml, scenario, report })
}

/// The template's strategy whose motion the baseline takes.
fn template_strategy(opts: &CalibrateOptions) -> Result<usize, CalibrateError> {
    let t = &opts.template;
    match &opts.template_strategy {
        None => Ok(0),
        Some(name) => t.strategy_index(name).ok_or_else(|| {
            let names: Vec<String> = t.strategies.iter().map(|s| format!("\"{}\"", s.name)).collect();
            CalibrateError::Input(format!("--template-strategy {name}: the template has no such strategy; it has {}", names.join(", ")))
        }),
    }
}

/// Conversion: skill spread, second-meeting rate and win rate solved on the
/// model, and the history's qualified share and win rate of qualified (when
/// it knows qualification).
fn conversion(
    fits: &Fits,
    motion: &Motion,
    set: &ParamSet,
    notes: &mut Vec<String>,
) -> Result<(Conversion, Option<(f64, f64)>), CalibrateError> {
    let qualified = match (&fits.qualified_share, &fits.win_of_qualified) {
        (Some(q), Some(w)) if q.value > 0.0 && w.value.is_finite() => Some((q.value, w.value)),
        _ => None,
    };
    let rep_sd = if fits.win_spread.detectable() { logit_sd(fits.win_spread.mean, fits.win_spread.theta) } else { 0.0 };
    let targets = ConversionTargets {
        closed_win: fits.win.value,
        qualified,
        rep_logit_sd: rep_sd,
        template_second: set.get(Param::SecondMeetingRate).central(),
    };
    let conv = model::solve_conversion(motion, &targets)
        .ok_or_else(|| CalibrateError::Input("the win and second-meeting rates cannot be solved for this history and template".into()))?;
    if conv.qualified_by_assumption {
        notes.push(format!(
            "The closed win rate ({}) is above what the template's second-meeting rate ({}) allows, so the history's opportunities are \
             read as qualified ones (second_meeting_rate {}): a CRM that opens opportunities at qualification.",
            pct1(fits.win.value),
            fmt_num(targets.template_second),
            fmt_num(model::ALL_QUALIFIED)
        ));
    }
    if conv.spread_capped {
        notes.push(format!("Reps' win rates spread more than skill_spread {SPREAD_MAX} can produce; it is capped there."));
    }
    Ok((conv, qualified))
}

/// Deal size median and log-sd for the engine (from the logs of won
/// amounts), and where the lognormal fits them badly the shape each deal
/// is drawn from instead (its median replaces the lognormal's).
fn deal_sizes(fits: &Fits, r: &Realised, notes: &mut Vec<String>) -> ((f64, f64), Option<Shaped>) {
    let s = &fits.size;
    let ((median, sigma), floored) = model::size_from_logs(r, s.mu, s.sigma * s.sigma);
    let shape = shape::deal_sizes(s, r);
    if let Some(sh) = &shape {
        notes.push(format!(
            "Won deal sizes are not lognormal ({}): each deal's size is drawn from the history's own {} quantiles of won \
             amounts (deal_size_shape, as multiples of deal_size_median {}), so a price list's steps and a second product's \
             large deals are simulated as they happened; deal_size_sigma is written but not drawn.",
            shape::why(&s.gof),
            shape::SHAPE_POINTS,
            count(sh.median.round() as u64)
        ));
    }
    if floored {
        notes.push(format!(
            "The template's size_fit_effect spreads won deal sizes more than the history shows; deal_size_sigma is floored at {}.",
            model::MIN_SIGMA
        ));
    }
    let median = shape.as_ref().map_or(median, |sh| sh.median);
    ((median, sigma), shape)
}

/// Deal work sized to the history's open-deal load: the hours per open deal
/// (never above the template's) and the load.
fn deal_hours(fits: &Fits, r: &Realised, set: &ParamSet, notes: &mut Vec<String>) -> (f64, f64) {
    let g = |p: Param| set.get(p).central();
    let hours = g(Param::HoursPerWeek);
    let volume = fits.volume.value;
    let meetings = volume * (g(Param::HoursPerFirstMeeting) + r.qualified_share * g(Param::HoursPerSecondMeeting));
    let prospecting = g(Param::TouchesPerWeek) * g(Param::MinutesPerTouch) / 60.0;
    let load = fits.panel.open_load_qualified.unwrap_or(fits.panel.open_load * r.qualified_share);
    let free = (hours - meetings - prospecting).max(0.1 * (hours - meetings).max(0.0));
    let template_deal = g(Param::DealHoursPerWeek);
    let deal_hours = if load > 0.0 { (free / load).min(template_deal) } else { template_deal };
    let deal_hours = deal_hours.max(0.01);
    if meetings > 0.5 * hours {
        notes.push(format!(
            "At the history's volume, first and second meetings take {meetings:.1} of the template's {} selling hours a week, so deal \
             work gets what is left ({} h per open deal). If your reps' meetings are shorter, set hours_per_first_meeting and \
             hours_per_second_meeting in the template.",
            fmt_num(hours),
            fmt_num(uncertain::round(deal_hours))
        ));
    }
    (deal_hours, load)
}

/// Warm-up quarters: enough for 95% of fitted cycles, at least the template's.
fn warmup_quarters(fits: &Fits, t: &Scenario, notes: &mut Vec<String>) -> u64 {
    let wpq = f64::from(t.weeks_per_quarter());
    let warmup = match &fits.cycle {
        Some(c) => {
            let p95 = (c.mu + 1.645 * c.sigma).exp() + 2.0;
            ((p95 / wpq).ceil() as u64).clamp(u64::from(t.warmup_quarters()), 8)
        }
        None => u64::from(t.warmup_quarters()),
    };
    if fits.cycle.is_none() {
        notes.push("Too few closed opportunities to fit the cycle: the template's cycle is kept.".into());
    }
    warmup
}

fn file_name(label: &str) -> String {
    std::path::Path::new(label).file_name().map_or_else(|| label.to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::stats::logit;
    use crate::calibrate::history::{ReadOptions, read_bytes};
    use crate::calibrate::report::Kind;
    use crate::calibrate::synthetic::{Truth, generate};
    use crate::scenario::registry::{SettingId, all_settings};

    #[test]
    fn correlations_of_assumptions_are_kept_and_of_fitted_inputs_dropped() {
        let text = include_str!("../../scenarios/default.toml")
            .replace("hours_per_first_meeting = 1.5 ", "hours_per_first_meeting = { pert = [1, 1.5, 2] } ")
            .replace("hours_per_second_meeting = 2.0 ", "hours_per_second_meeting = { pert = [1.5, 2, 3] } ")
            .replace("win_rate = 0.215 ", "win_rate = { pert = [0.15, 0.215, 0.3] } ")
            .replacen(
                "\n[[strategy]]",
                "\n[[correlation]]\nbetween = [\"selling.hours_per_first_meeting\", \"selling.hours_per_second_meeting\"]\nrank = 0.6\n\n\
                 [[correlation]]\nbetween = [\"selling.win_rate\", \"selling.hours_per_first_meeting\"]\nrank = -0.3\n\n[[strategy]]",
                1,
            );
        let template = Scenario::from_toml(&text, "t.toml").unwrap();
        assert_eq!(template.correlations.len(), 2);
        let h = read_bytes(generate(&Truth::default()).as_bytes(), "synthetic.csv", &ReadOptions::default()).unwrap();
        let opts =
            CalibrateOptions { template, template_strategy: Some("targeted".into()), quota: None, point_estimates: true, name: None };
        let pool = crate::engine::thread_pool(Some(2)).unwrap();
        let c = calibrate(&h, &opts, &mut RunControl { pool: Some(&pool), ..Default::default() }).unwrap();
        assert_eq!(c.scenario.correlations.len(), 1, "{}", c.toml);
        assert_eq!(c.scenario.correlations[0].params, [Param::HoursPerFirstMeeting, Param::HoursPerSecondMeeting]);
        assert_eq!(c.scenario.correlations[0].rank, 0.6);
        assert!(c.report.notes.iter().any(|n| n.contains("selling.win_rate and selling.hours_per_first_meeting are left out")));
    }

    #[test]
    fn the_scenario_states_every_key_once_and_its_solves_hit_their_targets() {
        let text = generate(&Truth::default());
        let h = read_bytes(text.as_bytes(), "synthetic.csv", &ReadOptions::default()).unwrap();
        let opts = CalibrateOptions {
            template: Scenario::builtin(),
            template_strategy: Some("targeted".into()),
            quota: None,
            point_estimates: false,
            name: None,
        };
        let pool = crate::engine::thread_pool(Some(2)).unwrap();
        let c = calibrate(&h, &opts, &mut RunControl { pool: Some(&pool), ..Default::default() }).unwrap();
        // Every registry setting once, in the scenario and the report (a
        // per-deal shape only where the lognormal fits badly: not here).
        let mut paths: Vec<String> = all_settings().filter(|s| !matches!(s, SettingId::Shape(_))).map(|s| s.meta().path()).collect();
        let mut written: Vec<String> = c.report.settings.iter().map(|s| s.path.clone()).collect();
        paths.sort();
        written.sort();
        assert_eq!(written, paths);
        assert_eq!(c.scenario.strategies.len(), 1);
        assert_eq!(c.scenario.strategies[0].name, "baseline");
        assert_eq!(c.scenario.reps(), 30);
        // The engine solves reproduce their targets.
        let s = &c.report.engine_solve;
        assert!((s.meeting.achieved / s.meeting.target - 1.0).abs() < 0.002, "{s:?}");
        let target = match s.win_target {
            WinTarget::Qualified(x) | WinTarget::Closed(x) => x,
        };
        assert!(matches!(s.win_target, WinTarget::Qualified(_)));
        assert!((logit(s.win_achieved) - logit(target)).abs() < 0.05, "{s:?}");
        let second = s.second.expect("the history knows qualification");
        assert!((logit(second.achieved) - logit(second.target)).abs() < 0.05, "{s:?}");
        // Uncertain keys are centred on their estimates; assumptions are the template's.
        let set = c.scenario.resolved(0);
        for st in &c.report.settings {
            let id = crate::scenario::registry::lookup(
                crate::scenario::Section::parse(st.path.split('.').next().unwrap()).unwrap(),
                st.path.split('.').nth(1).unwrap(),
            )
            .unwrap();
            if let SettingId::Param(p) = id {
                let q = set.get(p);
                // (The skill spread's draws follow its profile likelihood, skewed
                // right of the estimate; the others are centred on theirs.)
                if q.is_uncertain() && st.kind != Kind::Assumption && p != Param::SkillSpread {
                    let rel = (q.central() - st.estimate).abs() / st.estimate.abs().max(1e-9);
                    assert!(rel < 0.02, "{}: central {} vs estimate {}", st.path, q.central(), st.estimate);
                }
                if st.kind == Kind::Assumption {
                    assert_eq!(q, opts.template.resolved(1).get(p), "{}", st.path);
                }
            }
        }
        assert!(c.toml.contains("# assumption, from the template") && c.toml.contains("# fitted: "));
    }
}
