//! A scenario made ready to simulate: per strategy its resolved settings and
//! fit table, and per trial the drawn values of uncertain inputs turned into
//! the kernel's [`TrialParams`]; per rep the draws every strategy shares.

use super::kernel::{Calendar, RepDraw, TrialParams};
use super::tables::FitTable;
use crate::numeric::rng::{Purpose, Stream};
use crate::scenario::{Fit, PARAM_COUNT, PARAMS, Param, ParamSet, PipelineCount, Priority, Scenario};

/// Drawn values of every numeric parameter of one strategy in one trial, by [`Param`].
pub type TrialValues = [f64; PARAM_COUNT];

/// One strategy, ready to simulate.
pub(crate) struct PreparedStrategy {
    pub(crate) set: ParamSet,
    pub(crate) fit: FitTable,
}

/// One scenario (a variant of a lockstep run), ready to simulate.
pub(crate) struct Variant {
    pub(crate) scenario: Scenario,
    pub(crate) strategies: Vec<PreparedStrategy>,
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
        Variant { scenario: scenario.clone(), strategies }
    }

    /// Concrete parameters of every strategy for one trial. One uniform per
    /// (trial, parameter) drives every strategy's draw of that parameter.
    pub(crate) fn trial_values(&self, trial: u64) -> Vec<TrialValues> {
        let mut u = [0.0; PARAM_COUNT];
        let mut stream = Stream::new(self.scenario.seed(), trial, 0, Purpose::Uncertain);
        for x in u.iter_mut() {
            *x = stream.open01();
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
            hours_per_week: g(Param::HoursPerWeek),
            new_hire_share: g(Param::NewHireShare),
            ramp_weeks: g(Param::RampQuarters) * f64::from(cal.weeks_per_quarter),
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
            touches_per_week: g(Param::TouchesPerWeek),
            hours_per_touch: g(Param::MinutesPerTouch) / 60.0,
            connect_rate: g(Param::ConnectRate),
            meeting_odds: odds(g(Param::MeetingRate)),
        }
    }
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

    /// The rep under team settings of skill spread `spread` and new-hire share `new_hire_share`.
    pub(crate) fn rep(self, spread: f64, new_hire_share: f64) -> RepDraw {
        RepDraw { ln_skill: spread * self.z - 0.5 * spread * spread, new_hire: self.hire < new_hire_share }
    }
}
