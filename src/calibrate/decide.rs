//! Deciding each key of the calibrated scenario from the fits: the value
//! written (fixed or uncertain), the estimate it is centred on, and a note
//! saying where it comes from.

use super::build::CalibrateOptions;
use super::fit::dispersion::{log_sd, logit_sd};
use super::fit::stats::Ratio;
use super::fit::stats::{bisect, logit};
use super::fit::{self, Fits};
use super::history::{History, Role};
use super::model::{self, Conversion, Motion, SPREAD_MAX};
use super::report::{Figure, Figures, Kind};
use super::shape::{self, Shaped};
use super::solve::EngineSolve;
use super::uncertain::{self, probabilities};
use super::writer::{self, Decided};
use crate::numeric::special::standard_normal_quantile;
use crate::report::format::{count, pct1};
use crate::scenario::registry::SettingId;
use crate::scenario::{Count, Param, ParamSet, Quantity, Range, Season, Shape};

/// What the keys are decided from.
pub(super) struct Plan<'a> {
    pub(super) h: &'a History,
    pub(super) fits: &'a Fits,
    pub(super) figures: &'a Figures,
    pub(super) set: &'a ParamSet,
    pub(super) conv: &'a Conversion,
    pub(super) deal_hours: f64,
    pub(super) load: f64,
    pub(super) warmup: u64,
    pub(super) reps: u64,
    /// The shape of deal sizes, where the lognormal fits them badly.
    pub(super) size_shape: Option<Shaped>,
    pub(super) sizes: (f64, f64),
}

impl Plan<'_> {
    /// The value of every key the calibration decides (the others come from the template).
    pub(super) fn decide(
        &self,
        opts: &CalibrateOptions,
        meeting: f64,
        solve: Option<&EngineSolve>,
        point: bool,
    ) -> Vec<(SettingId, Decided)> {
        let mut out = Vec::new();
        self.team(&mut out, opts);
        self.skill_spread(&mut out, point);
        self.activity_spread(&mut out);
        self.conversion(&mut out, solve, point);
        self.deal_sizes(&mut out, point);
        self.cycle(&mut out, point);
        put(
            &mut out,
            SettingId::Param(Param::DealHoursPerWeek),
            uncertain::fixed(self.deal_hours, &range(Param::DealHoursPerWeek)),
            self.deal_hours,
            Kind::Solved,
            format!("solved: the history's {:.1} open qualified deals per rep fit the week", self.load),
        );
        self.meeting_rate(&mut out, meeting, solve, point);
        out.extend(self.win_odds_seasons());
        out
    }

    /// The team's counts: warm-up, reps, first quarter, and a quota given with --quota.
    fn team(&self, out: &mut Decisions, opts: &CalibrateOptions) {
        let f = self.fits;
        put(out, SettingId::Count(Count::WarmupQuarters), Quantity::Fixed(self.warmup as f64), self.warmup as f64, Kind::Solved, {
            format!("solved: warm-up covers 95% of fitted cycles (the template's {} or more)", opts.template.warmup_quarters())
        });
        put(
            out,
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
            put(out, SettingId::Count(Count::FirstQuarter), Quantity::Fixed(q), q, Kind::Fitted, {
                format!("fitted: the history's first counted quarter, {}", first.quarter)
            });
        }
        if let Some(q) = opts.quota {
            put(out, SettingId::Param(Param::Quota), Quantity::Fixed(q), q, Kind::Set, "set with --quota".into());
        }
    }

    /// Skill spread: 0 when none is detectable, but drawn over its whole interval.
    fn skill_spread(&self, out: &mut Decisions, point: bool) {
        let (f, fig, conv) = (self.fits, self.figures, self.conv);
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
        put(out, SettingId::Param(Param::SkillSpread), spread, conv.skill_spread, Kind::Solved, spread_note);
    }

    /// Reps' volume spread beyond skill's, when the build simulates it.
    fn activity_spread(&self, out: &mut Decisions) {
        let (f, fig, conv) = (self.fits, self.figures, self.conv);
        // Reps' volume spread beyond what skill explains, when this build
        // simulates it (the planning year's `team.activity_spread`).
        if let Some(SettingId::Param(p)) = crate::scenario::registry::lookup(crate::scenario::Section::Team, "activity_spread") {
            let total = if f.volume_spread.detectable() { log_sd(f.volume_spread.theta) } else { 0.0 };
            let activity = model::activity_spread(total, conv.realised.volume_log_sd);
            put(
                out,
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
    }

    /// Second-meeting and win rates.
    fn conversion(&self, out: &mut Decisions, solve: Option<&EngineSolve>, point: bool) {
        let (f, fig, conv) = (self.fits, self.figures, self.conv);
        // Second-meeting and win rates as corrected on the engine (busy reps
        // neglect deals; reps who reach coverage prospect less, so the
        // skilled open fewer), their uncertainty moved with them.
        let (win_shift, second_shift) = solve.map_or((0.0, 0.0), EngineSolve::shifts);
        let (win_point, second_point) = (moved(conv.win_rate, win_shift), moved(conv.second_meeting_rate, second_shift));
        let rate = |param: Param, point_value: f64, ratio: &Ratio, measure: &dyn Fn(&Motion, f64) -> f64, fallback: f64, shift: f64| {
            if point { uncertain::fixed(point_value, &range(param)) } else { self.solved_rate(param, ratio, measure, fallback, shift) }
        };
        let win_measure = |m: &Motion, p: f64| m.realised(conv.skill_spread, conv.second_meeting_rate, p).win_of_qualified;
        match (&fig.qualified_share, &fig.win_rate_of_qualified, &f.qualified_share, &f.win_of_qualified) {
            (Some(qf), Some(wf), Some(q), Some(w)) if !conv.qualified_by_assumption => {
                let second_measure = |m: &Motion, p: f64| m.realised(conv.skill_spread, p, conv.win_rate).qualified_share;
                let p2 = rate(Param::SecondMeetingRate, second_point, q, &second_measure, conv.second_meeting_rate, second_shift);
                let note = format!("solved on the engine from {}", describe(qf, "qualified share of closed", true));
                put(out, SettingId::Param(Param::SecondMeetingRate), p2, second_point, Kind::Solved, note);
                let pw = rate(Param::WinRate, win_point, w, &win_measure, conv.win_rate, win_shift);
                let note = format!("solved on the engine from {}", describe(wf, "win rate of qualified", true));
                put(out, SettingId::Param(Param::WinRate), pw, win_point, Kind::Solved, note);
            }
            _ => {
                let note = if conv.qualified_by_assumption {
                    "assumption: the history's opportunities are qualified ones (see the notes)"
                } else {
                    "assumption, from the template: the history has no qualification column"
                };
                let p2 = uncertain::fixed(conv.second_meeting_rate, &range(Param::SecondMeetingRate));
                put(out, SettingId::Param(Param::SecondMeetingRate), p2, conv.second_meeting_rate, Kind::Assumption, note.into());
                let closed_measure = |m: &Motion, p: f64| m.realised(conv.skill_spread, conv.second_meeting_rate, p).closed_win;
                let pw = rate(Param::WinRate, win_point, &f.win, &closed_measure, conv.win_rate, win_shift);
                let note = format!("solved on the engine from {}", describe(&fig.closed_win_rate, "closed win rate", true));
                put(out, SettingId::Param(Param::WinRate), pw, win_point, Kind::Solved, note);
            }
        }
    }

    /// A rate the history measures through `measure`, uncertain: at each
    /// written quantile of the measured `ratio`, the rate that reproduces it
    /// on the model (`fallback` where none does), moved by `shift` on the
    /// logit scale as the engine's solve moved the point.
    fn solved_rate(&self, param: Param, ratio: &Ratio, measure: &dyn Fn(&Motion, f64) -> f64, fallback: f64, shift: f64) -> Quantity {
        let m = self.motion();
        let v = sampled(ratio.value, ratio.se, (0.0, 1.0))
            .map(|x| m.solve_rate(x, |p| measure(&m, p), model::RATE_LO, model::RATE_HI))
            .map(|r| moved(r.unwrap_or(fallback), shift))
            .collect();
        uncertain::quantiles(v, &range(param))
    }

    /// Deal size median and spread, and the shape that replaces the
    /// spread where the lognormal fits won amounts badly.
    fn deal_sizes(&self, out: &mut Decisions, point: bool) {
        let s = &self.fits.size;
        let (median, sigma) = self.sizes;
        let med = if point {
            uncertain::fixed(median, &range(Param::DealSizeMedian))
        } else {
            uncertain::lognormal(median, s.se_mu, &range(Param::DealSizeMedian))
        };
        let size_note = match &self.size_shape {
            Some(_) => format!(
                "solved from the median of won amounts {} (not lognormal), n = {} won · {}",
                count(s.quantiles(3)[1].round() as u64),
                count(s.n as u64),
                self.h.header(Role::Amount)
            ),
            None => format!(
                "solved from won amounts (lognormal): median {} [{}, {}], n = {} won · {}",
                count(s.median().round() as u64),
                count(s.median_ci.0.round() as u64),
                count(s.median_ci.1.round() as u64),
                count(s.n as u64),
                self.h.header(Role::Amount)
            ),
        };
        put(out, SettingId::Param(Param::DealSizeMedian), med, median, Kind::Solved, size_note);
        let sig_se = s.se_sigma * s.sigma / sigma.max(1e-9);
        let sig = if point {
            uncertain::fixed(sigma, &range(Param::DealSizeSigma))
        } else {
            uncertain::normal(sigma, sig_se, &range(Param::DealSizeSigma))
        };
        let unused = if self.size_shape.is_some() { "not drawn (deal_size_shape replaces it); " } else { "" };
        let note =
            format!("{unused}solved from the log-sd of won amounts {} [{}, {}]", fmt2(s.sigma), fmt2(s.sigma_ci.0), fmt2(s.sigma_ci.1));
        put(out, SettingId::Param(Param::DealSizeSigma), sig, sigma, Kind::Solved, note);
        if let Some(shape) = &self.size_shape {
            let note = format!(
                "fitted: the lognormal fits won amounts badly ({}), so each deal's size is the history's own: {} quantiles of won \
                 amounts / their median · {}",
                shape::why(&s.gof),
                shape::SHAPE_POINTS,
                self.h.header(Role::Amount)
            );
            out.push(shaped(Shape::DealSize, shape, note));
        }
    }

    /// Sales cycle median and spread, when the history has closes to fit
    /// them; where the lognormal fits badly, the shape of the cycles and
    /// their own median.
    fn cycle(&self, out: &mut Decisions, point: bool) {
        let (f, fig) = (self.fits, self.figures);
        let (Some(c), Some(cf)) = (&f.cycle, &fig.cycle_weeks) else { return };
        let shape = shape::cycles(c);
        let median = shape.as_ref().map_or(c.median(), |s| s.median);
        let med = if point {
            uncertain::fixed(median, &range(Param::CycleWeeksMedian))
        } else {
            uncertain::lognormal(median, c.se_mu, &range(Param::CycleWeeksMedian))
        };
        let note = match &shape {
            Some(_) => format!("fitted: the Kaplan-Meier median cycle; {}", describe(&cf.median, "lognormal median (weeks)", false)),
            None => format!("fitted: {}", describe(&cf.median, "median cycle (weeks)", false)),
        };
        put(out, SettingId::Param(Param::CycleWeeksMedian), med, median, Kind::Fitted, note);
        let sg = if point {
            uncertain::fixed(c.sigma, &range(Param::CycleWeeksSigma))
        } else {
            uncertain::lognormal(c.sigma, c.se_ln_sigma, &range(Param::CycleWeeksSigma))
        };
        let unused = if shape.is_some() { "not drawn (cycle_weeks_shape replaces it); " } else { "" };
        let note = format!("{unused}fitted: {}", describe(&cf.sigma, "cycle log-sd", false));
        put(out, SettingId::Param(Param::CycleWeeksSigma), sg, c.sigma, Kind::Fitted, note);
        if let Some(shape) = &shape {
            let note = format!(
                "fitted: the lognormal fits the cycles badly ({}), so each opportunity's cycle is the history's own: {} \
                 Kaplan-Meier quantiles / their median · {}",
                shape::why(&c.gof),
                shape::SHAPE_POINTS,
                cf.median.columns.join(", ")
            );
            out.push(shaped(Shape::Cycle, shape, note));
        }
    }

    /// The meeting rate solved on the engine.
    fn meeting_rate(&self, out: &mut Decisions, meeting: f64, solve: Option<&EngineSolve>, point: bool) {
        let (f, fig) = (self.fits, self.figures);
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
            out,
            SettingId::Param(Param::MeetingRate),
            mr,
            meeting,
            Kind::Solved,
            format!("solved on the engine: opens {}", describe(&fig.opportunities_per_rep_week, "opportunities per rep-week", false)),
        );
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

    pub(super) fn motion(&self) -> Motion {
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
pub(super) fn p_text(p: f64) -> String {
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

/// The keys decided so far, in order.
type Decisions = Vec<(SettingId, Decided)>;

/// Decide `id`: its value, the estimate it is centred on, where it comes from and why.
fn put(out: &mut Decisions, id: SettingId, value: Quantity, estimate: f64, kind: Kind, note: String) {
    out.push((id, Decided { value, text: None, estimate, kind, note }));
}

/// The decision to write a per-deal shape.
fn shaped(s: Shape, shape: &Shaped, note: String) -> (SettingId, Decided) {
    let decided = Decided { value: Quantity::Fixed(1.0), text: Some(shape.toml()), estimate: f64::NAN, kind: Kind::Fitted, note };
    (SettingId::Shape(s), decided)
}

/// A rate moved by `by` on the logit scale.
fn moved(x: f64, by: f64) -> f64 {
    super::fit::stats::logistic(logit(x) + by)
}

/// A parameter's valid range.
fn range(p: Param) -> Range {
    p.def().range
}
