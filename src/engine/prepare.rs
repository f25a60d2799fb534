//! A scenario made ready to simulate: per strategy its resolved settings and
//! fit table, and per trial the drawn values of uncertain inputs turned into
//! the kernel's [`TrialParams`]; per rep the draws every strategy shares.

use super::kernel::{Calendar, Market, Seasons, TrialParams};
use super::tables::FitTable;
use super::year::{SeatKind, TeamYear};
use crate::numeric::rng::{Purpose, Stream};
use crate::scenario::{
    Copula, Fit, Flag, Orphaned, PARAM_COUNT, PARAMS, Param, ParamSet, PipelineCount, Priority, RampQuota, Scenario, Season, Shape,
};
use std::sync::Arc;

/// Drawn values of every numeric parameter of one strategy in one trial, by [`Param`].
pub type TrialValues = [f64; PARAM_COUNT];

/// A variant of a Sobol design: trials `0..half` and `half..2 half` are
/// partners, and the inputs in `columns` (indices of [`Param`]) take the
/// partner trial's uniforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Swap {
    pub columns: Vec<usize>,
    pub half: u64,
}

impl Swap {
    fn partner(&self, trial: u64) -> u64 {
        if trial < self.half { trial + self.half } else { trial - self.half }
    }
}

/// One strategy, ready to simulate.
pub(crate) struct PreparedStrategy {
    pub(crate) set: ParamSet,
    pub(crate) fit: FitTable,
}

/// One scenario (a variant of a lockstep run), ready to simulate.
pub(crate) struct Variant {
    pub(crate) scenario: Scenario,
    pub(crate) strategies: Vec<PreparedStrategy>,
    /// The Gaussian copula of `[[correlation]]` tables, if any.
    copula: Option<Copula>,
}

/// Fit quantile tables cost thousands of Beta inversions: variants and
/// strategies with the same fit distribution share one.
#[derive(Default)]
pub(crate) struct FitCache(Vec<(Fit, FitTable)>);

impl FitCache {
    fn table(&mut self, fit: Fit) -> FitTable {
        if let Some((_, t)) = self.0.iter().find(|(f, _)| *f == fit) {
            return t.clone();
        }
        let t = match fit {
            Fit::Beta { a, b } => FitTable::beta(a, b),
            Fit::Fixed(f) => FitTable::fixed(f),
        };
        self.0.push((fit, t.clone()));
        t
    }
}

impl Variant {
    pub(crate) fn new(scenario: &Scenario, fits: &mut FitCache) -> Variant {
        let strategies = (0..scenario.strategies.len())
            .map(|i| {
                let set = scenario.resolved(i);
                let fit = fits.table(set.fit.value);
                PreparedStrategy { set, fit }
            })
            .collect();
        // The correlations were checked when the scenario was read, and
        // neither `--set` nor a sweep can change them.
        let copula = Copula::new(&scenario.correlations).expect("correlations that hold together (checked when read)");
        Variant { scenario: scenario.clone(), strategies, copula }
    }

    /// One trial's independent uniforms of the uncertain inputs, by [`Param`].
    fn uniforms(&self, trial: u64) -> [f64; PARAM_COUNT] {
        let mut u = [0.0; PARAM_COUNT];
        let mut stream = Stream::new(self.scenario.seed(), trial, 0, Purpose::Uncertain);
        for x in u.iter_mut() {
            *x = stream.open01();
        }
        u
    }

    /// Concrete parameters of every strategy for one trial. One uniform per
    /// (trial, parameter) drives every strategy's draw of that parameter;
    /// correlations tie the uniforms before any strategy maps them, so every
    /// strategy and sweep point sees the same correlated draws.
    ///
    /// With a [`Swap`], the swapped inputs take the uniforms of the partner
    /// trial instead (the rest, and all of the trial's other randomness, stay
    /// the trial's own): the cross matrices of a Sobol design.
    pub(crate) fn trial_values(&self, trial: u64, swap: Option<&Swap>) -> Vec<TrialValues> {
        let mut u = self.uniforms(trial);
        if let Some(sw) = swap {
            let partner = self.uniforms(sw.partner(trial));
            for &c in &sw.columns {
                u[c] = partner[c];
            }
        }
        if let Some(c) = &self.copula {
            c.apply(&mut u);
        }
        self.strategies
            .iter()
            .map(|s| {
                let mut v = [0.0; PARAM_COUNT];
                for (i, d) in PARAMS.iter().enumerate() {
                    v[i] = s.set.values[i].value.value(u[i], &d.range);
                }
                v
            })
            .collect()
    }
}

impl PreparedStrategy {
    /// The kernel's parameters of this strategy for one trial's drawn values.
    pub(crate) fn trial_params(&self, v: &TrialValues, cal: Calendar) -> TrialParams {
        let g = |p: Param| v[p.index()];
        let odds = |p: f64| p / (1.0 - p);
        TrialParams {
            quota: g(Param::Quota),
            ramp_weeks: g(Param::RampQuarters) * f64::from(cal.weeks_per_quarter),
            orphans_lost: self.set.choice::<Orphaned>() == Orphaned::Lost,
            prorated_quota: self.set.choice::<RampQuota>() == RampQuota::Prorated,
            seasons: self.seasons(v),
            coverage_target: g(Param::CoverageTarget),
            maintenance_share: g(Param::MaintenanceShare),
            count_first_meeting: self.set.choice::<PipelineCount>() == PipelineCount::FirstMeeting,
            mandate: self.set.choice::<Priority>() == Priority::Mandate,
            hours_per_first_meeting: g(Param::HoursPerFirstMeeting),
            hours_per_second_meeting: g(Param::HoursPerSecondMeeting),
            deal_hours_per_week: g(Param::DealHoursPerWeek),
            second_meeting_odds: odds(g(Param::SecondMeetingRate)),
            win_odds: odds(g(Param::WinRate)),
            attention_effect: g(Param::AttentionEffect),
            ln_deal_size_median: g(Param::DealSizeMedian).ln(),
            deal_size_sigma: g(Param::DealSizeSigma),
            deal_size_shape: self.set.shape(Shape::DealSize).map(|q| Arc::clone(&q.0)),
            deal_size_median: g(Param::DealSizeMedian),
            touches_per_week: g(Param::TouchesPerWeek),
            hours_per_touch: g(Param::MinutesPerTouch) / 60.0,
            market: market(v),
        }
    }

    /// The funnel's seasonal values: hours (at most a week's 168), connect
    /// and meeting odds times the response, win multipliers, cycle tables.
    fn seasons(&self, v: &TrialValues) -> Seasons {
        let g = |p: Param| v[p.index()];
        let odds = |p: f64| p / (1.0 - p);
        let m = |s: Season| self.set.season(s);
        let (hours, response, win) = (m(Season::Hours), m(Season::Response), m(Season::WinOdds));
        let c = g(Param::ConnectRate);
        // A multiplier of 1 leaves a value exactly as it was.
        let connect = |r: f64| if r == 1.0 { c } else { odds(c) * r / (1.0 + odds(c) * r) };
        Seasons {
            hours: hours.map(|h| (g(Param::HoursPerWeek) * h).min(168.0)),
            connect_rate: response.map(connect),
            meeting_odds: response.map(|r| odds(g(Param::MeetingRate)) * r),
            win,
            win_ceiling: win.iter().copied().fold(f64::MIN, f64::max),
            cycle: cycle_slots(&self.set.season(Season::Cycle)),
        }
    }
}

/// The finite market of one trial's values, in whole accounts and weeks
/// (`None`: 0 accounts, an unlimited market).
fn market(v: &TrialValues) -> Option<Market> {
    let g = |p: Param| v[p.index()];
    let accounts = g(Param::AccountsPerRep).round() as u32;
    let rest = g(Param::RestWeeks).round();
    (accounts > 0).then(|| Market {
        accounts,
        touches_per_account: g(Param::TouchesPerAccount),
        cooldown_weeks: g(Param::CooldownWeeks).round() as u32,
        retouch_response: g(Param::RetouchResponse),
        rest_weeks: (rest >= 0.0).then_some(rest as u32),
    })
}

/// For each quarter of the year, the index of its cycle multiplier among the
/// distinct ones (the order of the cycle tables built per trial).
pub(crate) fn cycle_slots(multipliers: &[f64; 4]) -> [usize; 4] {
    let distinct = distinct_cycles(multipliers);
    multipliers.map(|m| distinct.iter().position(|d| *d == m).unwrap_or(0))
}

/// The distinct seasonal cycle multipliers, in order of first appearance.
pub(crate) fn distinct_cycles(multipliers: &[f64; 4]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(4);
    for &m in multipliers {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// The random draws of one rep that every strategy and variant shares
/// (common random numbers); what they mean depends on the team settings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RepUniforms {
    z: f64,
    hire: f64,
}

impl RepUniforms {
    pub(crate) fn draw(seed: u64, trial: u64, rep: u64) -> RepUniforms {
        let mut rs = Stream::new(seed, trial, rep, Purpose::Rep);
        let z = rs.normal();
        let hire = rs.uniform();
        RepUniforms { z, hire }
    }

    /// How seat `seat` comes to exist: one of the `starting` seats (with these
    /// draws) or a planned hire opening at its quarter's first week.
    pub(crate) fn seat(self, seat: u64, starting: u64, opens: &[u32]) -> SeatKind {
        match seat.checked_sub(starting) {
            None => SeatKind::Starting { z: self.z, hire: self.hire },
            Some(k) => SeatKind::Planned { opens: opens[k as usize] },
        }
    }
}

/// The team settings of seat histories for one variant's trial values.
pub(crate) fn team_year(set: &ParamSet, team: &TrialValues, cal: Calendar) -> TeamYear {
    let g = |p: Param| team[p.index()];
    TeamYear {
        skill_spread: g(Param::SkillSpread),
        new_hire_share: g(Param::NewHireShare),
        attrition: g(Param::AttritionRate),
        backfill: set.flag(Flag::Backfill),
        backfill_weeks: g(Param::BackfillWeeks).round() as u32,
        year_start: cal.year_start(),
        weeks_per_year: 4 * cal.weeks_per_quarter,
        horizon: cal.total_weeks(),
    }
}
