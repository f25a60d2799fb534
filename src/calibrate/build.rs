//! The calibration, step by step: fit the history, solve the base rates,
//! size the week, solve the meeting rate on the engine, and write every key
//! of the registry with where its value comes from.

use super::error::CalibrateError;
use super::fit::dispersion::{log_sd, logit_sd};
use super::fit::stats::{bisect, logit};
use super::fit::{self, Fits};
use super::history::{History, Role};
use super::model::{self, Conversion, ConversionTargets, Motion, SPREAD_MAX};
use super::report::{Figure, Figures, Kind, Report, Source};
use super::solve::{self, EngineSolve, WinTarget};
use super::uncertain::{self, probabilities};
use super::writer::{self, Decided};
use crate::engine::RunControl;
use crate::numeric::special::standard_normal_quantile;
use crate::report::format::{count, pct1};
use crate::scenario::registry::SettingId;
use crate::scenario::{Count, Param, ParamSet, Quantity, Scenario, Season, fmt_num};

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
    let si = match &opts.template_strategy {
        None => 0,
        Some(name) => t.strategy_index(name).ok_or_else(|| {
            let names: Vec<String> = t.strategies.iter().map(|s| format!("\"{}\"", s.name)).collect();
            CalibrateError::Input(format!("--template-strategy {name}: the template has no such strategy; it has {}", names.join(", ")))
        })?,
    };
    let set = t.resolved(si);
    let motion = Motion::from_template(&set);
    let figures = super::report::figures(h, &fits);
    let mut notes: Vec<String> = Vec::new();

    // Conversion: skill spread, second-meeting rate, win rate.
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
    let conv = model::solve_conversion(&motion, &targets)
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

    // Deal sizes.
    let s = &fits.size;
    let r = &conv.realised;
    let (((median, sigma), floored), by_moments) = if s.gof.fits {
        (model::size_from_logs(r, s.mu, s.sigma * s.sigma), false)
    } else {
        (model::size_from_moments(r, s.mean, s.sd), true)
    };
    if by_moments {
        notes.push(format!(
            "Won deal sizes are not lognormal (Anderson-Darling p {}, largest gap {}): the engine draws lognormal sizes, so their \
             median and log-sd are set to give won deals the history's mean ({}) and spread ({}), which is what a quarter's won \
             value adds up; the history's own quantiles are in calibration.json.",
            p_text(s.gof.p_value),
            pct1(s.gof.max_gap),
            count(s.mean.round() as u64),
            count(s.sd.round() as u64)
        ));
    }
    if floored {
        notes.push(format!(
            "The template's size_fit_effect spreads won deal sizes more than the history shows; deal_size_sigma is floored at {}.",
            model::MIN_SIGMA
        ));
    }

    // Hours: deal work sized to the history's open-deal load.
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

    // Cycle and warm-up.
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
        by_moments,
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

/// What the keys are decided from.
struct Plan<'a> {
    h: &'a History,
    fits: &'a Fits,
    figures: &'a Figures,
    set: &'a ParamSet,
    conv: &'a Conversion,
    deal_hours: f64,
    load: f64,
    warmup: u64,
    reps: u64,
    by_moments: bool,
    sizes: (f64, f64),
}

impl Plan<'_> {
    /// The value of every key the calibration decides (the others come from the template).
    fn decide(&self, opts: &CalibrateOptions, meeting: f64, solve: Option<&EngineSolve>, point: bool) -> Vec<(SettingId, Decided)> {
        let (f, fig, conv) = (self.fits, self.figures, self.conv);
        let range = |p: Param| p.def().range;
        let mut out: Vec<(SettingId, Decided)> = Vec::new();
        let mut put = |id: SettingId, value: Quantity, estimate: f64, kind: Kind, note: String| {
            out.push((id, Decided { value, text: None, estimate, kind, note }));
        };
        put(SettingId::Count(Count::WarmupQuarters), Quantity::Fixed(self.warmup as f64), self.warmup as f64, Kind::Solved, {
            format!("solved: warm-up covers 95% of fitted cycles (the template's {} or more)", opts.template.warmup_quarters())
        });
        put(
            SettingId::Count(Count::Reps),
            Quantity::Fixed(self.reps as f64),
            self.reps as f64,
            Kind::Fitted,
            format!(
                "fitted: reps active through the last counted quarter ({} owners in all) · {}",
                self.h.owners.len(),
                self.h.header(Role::Owner)
            ),
        );
        // Seasons are indexed by quarter of the year: the counted year starts
        // where the history's counted quarters do.
        if let Some(first) = f.panel.counted_quarters().next() {
            let q = f64::from(first.q.q);
            put(SettingId::Count(Count::FirstQuarter), Quantity::Fixed(q), q, Kind::Fitted, {
                format!("fitted: the history's first counted quarter, {}", first.quarter)
            });
        }
        if let Some(q) = opts.quota {
            put(SettingId::Param(Param::Quota), Quantity::Fixed(q), q, Kind::Set, "set with --quota".into());
        }

        // Skill spread: 0 when none is detectable, but drawn over its whole
        // interval all the same (undetectable is not known to be absent).
        let spread_note = format!("solved from {}", describe(&fig.win_rate_spread, "logit-sd of reps' win rates beyond chance", false));
        let spread = if point {
            uncertain::fixed(conv.skill_spread, &range(Param::SkillSpread))
        } else {
            let m = self.motion();
            let q: Vec<f64> = f
                .win_spread
                .quantiles
                .iter()
                .map(|&theta| {
                    let tau = logit_sd(f.win_spread.mean, theta);
                    bisect(|s| m.realised(s, conv.second_meeting_rate, conv.win_rate).rep_logit_sd - tau, 0.0, SPREAD_MAX, 1e-7)
                        .unwrap_or(if tau > 0.0 { SPREAD_MAX } else { 0.0 })
                })
                .collect();
            uncertain::quantiles(q, &range(Param::SkillSpread))
        };
        put(SettingId::Param(Param::SkillSpread), spread, conv.skill_spread, Kind::Solved, spread_note);

        // Reps' volume spread beyond what skill explains, when this build
        // simulates it (the planning year's `team.activity_spread`).
        if let Some(SettingId::Param(p)) = crate::scenario::registry::lookup(crate::scenario::Section::Team, "activity_spread") {
            let total = if f.volume_spread.detectable() { log_sd(f.volume_spread.theta) } else { 0.0 };
            let activity = model::activity_spread(total, conv.realised.volume_log_sd);
            put(
                SettingId::Param(p),
                uncertain::fixed(activity, &p.def().range),
                activity,
                Kind::Solved,
                format!(
                    "solved: reps' volume spread beyond skill's, from {}",
                    describe(&fig.volume_spread, "log-sd of reps' opportunity rates", false)
                ),
            );
        }

        // Second-meeting and win rates as corrected on the engine (busy reps
        // neglect deals; reps who reach coverage prospect less, so the
        // skilled open fewer), their uncertainty moved with them.
        let m = self.motion();
        let (win_shift, second_shift) = solve.map_or((0.0, 0.0), EngineSolve::shifts);
        let moved = |x: f64, by: f64| crate::calibrate::fit::stats::logistic(logit(x) + by);
        let (win_point, second_point) = (moved(conv.win_rate, win_shift), moved(conv.second_meeting_rate, second_shift));
        let shifted = |v: Vec<f64>| -> Vec<f64> { v.into_iter().map(|w| moved(w, win_shift)).collect() };
        match (&fig.qualified_share, &fig.win_rate_of_qualified, &f.qualified_share, &f.win_of_qualified) {
            (Some(qf), Some(wf), Some(q), Some(w)) if !conv.qualified_by_assumption => {
                let p2 = if point {
                    uncertain::fixed(second_point, &range(Param::SecondMeetingRate))
                } else {
                    let v = sampled(q.value, q.se, (0.0, 1.0))
                        .map(|x| {
                            m.solve_rate(
                                x,
                                |p| m.realised(conv.skill_spread, p, conv.win_rate).qualified_share,
                                model::RATE_LO,
                                model::RATE_HI,
                            )
                        })
                        .map(|r| moved(r.unwrap_or(conv.second_meeting_rate), second_shift))
                        .collect();
                    uncertain::quantiles(v, &range(Param::SecondMeetingRate))
                };
                put(
                    SettingId::Param(Param::SecondMeetingRate),
                    p2,
                    second_point,
                    Kind::Solved,
                    format!("solved on the engine from {}", describe(qf, "qualified share of closed", true)),
                );
                let pw = if point {
                    uncertain::fixed(win_point, &range(Param::WinRate))
                } else {
                    let v = sampled(w.value, w.se, (0.0, 1.0))
                        .map(|x| {
                            m.solve_rate(
                                x,
                                |p| m.realised(conv.skill_spread, conv.second_meeting_rate, p).win_of_qualified,
                                model::RATE_LO,
                                model::RATE_HI,
                            )
                        })
                        .map(|r| r.unwrap_or(conv.win_rate))
                        .collect();
                    uncertain::quantiles(shifted(v), &range(Param::WinRate))
                };
                put(
                    SettingId::Param(Param::WinRate),
                    pw,
                    win_point,
                    Kind::Solved,
                    format!("solved on the engine from {}", describe(wf, "win rate of qualified", true)),
                );
            }
            _ => {
                let (kind, note) = if conv.qualified_by_assumption {
                    (Kind::Assumption, "assumption: the history's opportunities are qualified ones (see the notes)".to_string())
                } else {
                    (Kind::Assumption, "assumption, from the template: the history has no qualification column".to_string())
                };
                put(
                    SettingId::Param(Param::SecondMeetingRate),
                    uncertain::fixed(conv.second_meeting_rate, &range(Param::SecondMeetingRate)),
                    conv.second_meeting_rate,
                    kind,
                    note,
                );
                let w = &f.win;
                let pw = if point {
                    uncertain::fixed(win_point, &range(Param::WinRate))
                } else {
                    let v = sampled(w.value, w.se, (0.0, 1.0))
                        .map(|x| {
                            m.solve_rate(
                                x,
                                |p| m.realised(conv.skill_spread, conv.second_meeting_rate, p).closed_win,
                                model::RATE_LO,
                                model::RATE_HI,
                            )
                        })
                        .map(|r| r.unwrap_or(conv.win_rate))
                        .collect();
                    uncertain::quantiles(shifted(v), &range(Param::WinRate))
                };
                put(
                    SettingId::Param(Param::WinRate),
                    pw,
                    win_point,
                    Kind::Solved,
                    format!("solved on the engine from {}", describe(&fig.closed_win_rate, "closed win rate", true)),
                );
            }
        }

        // Deal sizes.
        let s = &f.size;
        let (median, sigma) = self.sizes;
        let (median_se, basis) = if self.by_moments {
            (s.sd / (s.n as f64).sqrt() / s.mean, "mean and sd of won amounts (not lognormal)")
        } else {
            (s.se_mu, "won amounts (lognormal)")
        };
        let med = if point {
            uncertain::fixed(median, &range(Param::DealSizeMedian))
        } else {
            uncertain::lognormal(median, median_se, &range(Param::DealSizeMedian))
        };
        let size_note = format!(
            "solved from {}: median {} [{}, {}], n = {} won · {}",
            basis,
            count(s.median().round() as u64),
            count(s.median_ci.0.round() as u64),
            count(s.median_ci.1.round() as u64),
            count(s.n as u64),
            self.h.header(Role::Amount)
        );
        put(SettingId::Param(Param::DealSizeMedian), med, median, Kind::Solved, size_note);
        let sig_se = s.se_sigma * s.sigma / sigma.max(1e-9);
        let sig = if point {
            uncertain::fixed(sigma, &range(Param::DealSizeSigma))
        } else {
            uncertain::normal(sigma, sig_se, &range(Param::DealSizeSigma))
        };
        put(
            SettingId::Param(Param::DealSizeSigma),
            sig,
            sigma,
            Kind::Solved,
            format!("solved from the log-sd of won amounts {} [{}, {}]", fmt2(s.sigma), fmt2(s.sigma_ci.0), fmt2(s.sigma_ci.1)),
        );

        // Cycle.
        if let (Some(c), Some(cf)) = (&f.cycle, &fig.cycle_weeks) {
            let med = if point {
                uncertain::fixed(c.median(), &range(Param::CycleWeeksMedian))
            } else {
                uncertain::lognormal(c.median(), c.se_mu, &range(Param::CycleWeeksMedian))
            };
            put(
                SettingId::Param(Param::CycleWeeksMedian),
                med,
                c.median(),
                Kind::Fitted,
                format!("fitted: {}", describe(&cf.median, "median cycle (weeks)", false)),
            );
            let sg = if point {
                uncertain::fixed(c.sigma, &range(Param::CycleWeeksSigma))
            } else {
                uncertain::lognormal(c.sigma, c.se_ln_sigma, &range(Param::CycleWeeksSigma))
            };
            put(
                SettingId::Param(Param::CycleWeeksSigma),
                sg,
                c.sigma,
                Kind::Fitted,
                format!("fitted: {}", describe(&cf.sigma, "cycle log-sd", false)),
            );
        }

        put(
            SettingId::Param(Param::DealHoursPerWeek),
            uncertain::fixed(self.deal_hours, &range(Param::DealHoursPerWeek)),
            self.deal_hours,
            Kind::Solved,
            format!("solved: the history's {:.1} open qualified deals per rep fit the week", self.load),
        );

        // Meeting rate: the volume's uncertainty, and the other inputs' pull
        // on it, through the solve's slope.
        let mr = match solve.map(|s| &s.meeting) {
            Some(sv) if !point && f.volume.se > 0.0 && sv.slope > 0.0 => {
                let x0 = logit(sv.meeting_rate);
                let sd = ((f.volume.se / f.volume.value).powi(2) + sv.input_variance()).sqrt();
                let v = sampled(f.volume.value.ln(), sd, (f64::NEG_INFINITY, f64::INFINITY))
                    .map(|x| crate::calibrate::fit::stats::logistic(x0 + (x - sv.target.ln()) / sv.slope))
                    .collect();
                uncertain::quantiles(v, &range(Param::MeetingRate))
            }
            _ => uncertain::fixed(meeting, &range(Param::MeetingRate)),
        };
        put(
            SettingId::Param(Param::MeetingRate),
            mr,
            meeting,
            Kind::Solved,
            format!("solved on the engine: opens {}", describe(&fig.opportunities_per_rep_week, "opportunities per rep-week", false)),
        );
        out.extend(self.win_odds_seasons());
        out
    }

    /// Win odds by quarter of the year, when the history covers all four:
    /// the fitted multipliers where they differ beyond chance, else 1.
    /// (Volume by quarter is reported: the engine's seasons move buyers'
    /// response and hours, which the history does not separate.)
    fn win_odds_seasons(&self) -> Option<(SettingId, Decided)> {
        let rows = self.fits.season.as_ref()?;
        let p = fit::season::win_odds_p_value(rows)?;
        let range = Season::WinOdds.def().range;
        let m: [f64; 4] = std::array::from_fn(|i| rows.iter().find(|r| r.quarter_of_year as usize == i + 1).map_or(1.0, |r| r.win_odds));
        let listed: Vec<String> = rows
            .iter()
            .map(|r| format!("Q{} {} [{}, {}]", r.quarter_of_year, fmt2(r.win_odds), fmt2(r.win_odds_ci[0]), fmt2(r.win_odds_ci[1])))
            .collect();
        let columns = format!("{}, {}", self.h.header(Role::Closed), self.h.header(Role::Stage));
        let detected = p < 0.05;
        let written = if detected { m.map(|x| range.clamp(uncertain::round(x))) } else { [1.0; 4] };
        let verdict = if detected { "fitted" } else { "fitted: no difference beyond chance, so 1; the history's" };
        Some((
            SettingId::Season(Season::WinOdds),
            Decided {
                value: Quantity::Fixed(written[0]),
                text: Some(writer::season(written)),
                estimate: f64::NAN,
                kind: Kind::Fitted,
                note: format!("{verdict} win odds of closes by quarter of the year {}, p {} · {columns}", listed.join(", "), p_text(p)),
            },
        ))
    }

    fn motion(&self) -> Motion {
        Motion::from_template(self.set)
    }
}

/// The quantiles of Normal(value, se) at the written probabilities, kept in `bounds`.
fn sampled(value: f64, se: f64, bounds: (f64, f64)) -> impl Iterator<Item = f64> {
    let se = if se.is_finite() { se } else { 0.0 };
    probabilities().into_iter().map(move |u| (value + se * standard_normal_quantile(u)).clamp(bounds.0 + 1e-9, bounds.1 - 1e-9))
}

fn fmt2(x: f64) -> String {
    format!("{x:.2}")
}

/// "< 0.001" or "= 0.042".
fn p_text(p: f64) -> String {
    if p < 0.001 { "< 0.001".into() } else { format!("= {p:.3}") }
}

/// "closed win rate 63.1% [61.2%, 65.0%], n = 6,711 closed opportunities · Stage, Close Date".
pub fn describe(f: &Figure, what: &str, percent: bool) -> String {
    let v = |x: f64| {
        if percent {
            pct1(x)
        } else if x.abs() >= 100.0 {
            count(x.round() as u64)
        } else {
            format!("{x:.2}")
        }
    };
    let p = f.p_value.map_or(String::new(), |p| format!(", p {}", p_text(p)));
    format!("{what} {} [{}, {}]{p}, n = {} {} · {}", v(f.value), v(f.ci[0]), v(f.ci[1]), count(f.n), f.n_of, f.columns.join(", "))
}

fn file_name(label: &str) -> String {
    std::path::Path::new(label).file_name().map_or_else(|| label.to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::history::{ReadOptions, read_bytes};
    use crate::calibrate::synthetic::{Truth, generate};
    use crate::scenario::registry::all_settings;

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
        // Every registry setting once, in the scenario and the report.
        let mut paths: Vec<String> = all_settings().map(|s| s.meta().path()).collect();
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
