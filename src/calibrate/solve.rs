//! What only a simulation can settle. The one free funnel rate, the meeting
//! rate (of connects that book a first meeting), is set so that the
//! simulated baseline opens as many opportunities per rep-week as the
//! history did: the template's cadence, connect rate, coverage policy and
//! hours decide how many touches a rep makes, and the week's hours are
//! shared with meetings and deal work. And the win rate found by quadrature
//! (at full attention) is corrected so that the simulated baseline wins the
//! history's share: deals a busy rep neglects win less.
//!
//! Each guess is a short run of the engine on common random numbers (the
//! same reps and draws at every guess); the meeting rate is bracketed and
//! closed in on by false position, the win rate by secant steps on its
//! logit, in turns until both match.
//!
//! The volume at a given meeting rate also moves with the other fitted
//! inputs (larger deals or more of them qualified fill the pipeline sooner,
//! and a covered rep prospects less), so how far the meeting rate is known
//! depends on theirs too: [`sensitivities`] measures each one's pull on the
//! volume, again on common random numbers.

use crate::calibrate::error::CalibrateError;
use crate::calibrate::fit::stats::{logistic, logit};
use crate::engine::{Engine, RunControl};
use crate::scenario::{Count, Dist, Param, Quantity, Scenario};
use crate::stats::Summary;

/// Reps per trial of each guess's run, and the fewest rep simulations it
/// makes: the rates' Monte Carlo error then stays near a quarter of a
/// percentage point, and, with four simulated reps per rep of the history,
/// under half the history's own sampling error.
const PROBE_REPS: u64 = 64;
const PROBE_RUNS: u64 = 4096;
/// The sensitivities are differences on common random numbers: a smaller run.
const SENSITIVITY_RUNS: u64 = 1024;

/// `sc` sized for a probe of `runs` rep simulations, on its own seed (a
/// probe's Monte Carlo error is then not the same for every calibration).
fn probe(sc: &Scenario, runs: u64, seed: u64) -> Scenario {
    let mut s = sc.clone();
    s.counts[Count::Reps] = PROBE_REPS;
    s.counts[Count::Trials] = runs.div_ceil(PROBE_REPS);
    s.counts[Count::Seed] = seed;
    s
}
/// Relative miss accepted.
const TOLERANCE: f64 = 0.002;
/// Highest meeting rate tried.
const HIGHEST: f64 = 0.98;
/// The logit step at which the slope is measured, and the least slope
/// taken (a volume bound by hours hardly moves with the rate; its
/// uncertainty is then not spread over absurd rates).
const SLOPE_STEP: f64 = 0.2;
const MIN_SLOPE: f64 = 0.25;

/// The solved rate and how it was reached.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MeetingSolve {
    pub meeting_rate: f64,
    /// Opportunities per rep-week wanted and simulated at the solution.
    pub target: f64,
    pub achieved: f64,
    /// d ln(opportunities) / d logit(meeting rate) near the solution: how a
    /// change in the wanted volume moves the rate (for its uncertainty).
    pub slope: f64,
    pub runs: usize,
    /// Per other uncertain input: the change in ln(opportunities) at the
    /// solved rate when it moves from its median to its 84th percentile
    /// (one standard deviation of a normal).
    pub sensitivities: Vec<(String, f64)>,
}

impl MeetingSolve {
    /// The variance of ln(opportunities) the other inputs' uncertainty adds.
    pub fn input_variance(&self) -> f64 {
        self.sensitivities.iter().map(|(_, d)| d * d).sum()
    }
}

/// Which win rate the simulation must reproduce.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WinTarget {
    /// Won of every closed opportunity (phantoms included).
    Closed(f64),
    /// Won of qualified closed opportunities.
    Qualified(f64),
}

impl WinTarget {
    fn value(self) -> f64 {
        match self {
            WinTarget::Closed(x) | WinTarget::Qualified(x) => x,
        }
    }
}

/// The solves.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EngineSolve {
    pub meeting: MeetingSolve,
    /// The base win rate before (quadrature, full attention) and after the
    /// simulation's correction, and the win rate the baseline then realises.
    pub win_rate_quadrature: f64,
    pub win_rate: f64,
    pub win_target: WinTarget,
    pub win_achieved: f64,
    /// The same for the second-meeting rate, when the history knows
    /// qualification: its target is the qualified share of opportunities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<SecondSolve>,
}

/// The second-meeting rate before and after the simulation's correction.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct SecondSolve {
    pub quadrature: f64,
    pub rate: f64,
    pub target: f64,
    pub achieved: f64,
}

impl EngineSolve {
    /// The logit shifts the simulation's corrections made to the base win
    /// and second-meeting rates (which move their whole distributions).
    pub fn shifts(&self) -> (f64, f64) {
        let second = self.second.map_or(0.0, |s| logit(s.rate) - logit(s.quadrature));
        (logit(self.win_rate) - logit(self.win_rate_quadrature), second)
    }
}

/// `sc` with the shared and every strategy's own value of `p` set to `x`.
fn with(sc: &Scenario, p: Param, x: f64) -> Scenario {
    let mut s = sc.clone();
    let i = p.index();
    s.shared.values[i].value = Quantity::Fixed(x);
    for st in &mut s.strategies {
        if let Some(own) = st.own.values[i].as_mut() {
            own.value = Quantity::Fixed(x);
        }
    }
    s
}

/// `sc` with the shared value of probability `p` moved by `shift` on the
/// logit scale (every quantile of an uncertain one; other forms are fixed
/// at their shifted median).
fn shifted(sc: &Scenario, p: Param, shift: f64) -> Scenario {
    let q = sc.shared.get(p);
    let moved = |x: f64| logistic(logit(x) + shift);
    match q {
        Quantity::Uncertain(Dist::Quantiles(v)) => {
            let mut s = sc.clone();
            if let Ok(d) = Dist::quantiles(v.iter().map(|&x| moved(x)).collect()) {
                s.shared.values[p.index()].value = Quantity::Uncertain(d);
            }
            s
        }
        _ => with(sc, p, moved(q.central())),
    }
}

/// What a run of `sc` at meeting rate `m` realises.
struct Realised {
    /// Opportunities (first meetings held) per rep-week.
    volume: f64,
    /// Won of all closed, and of qualified closed.
    closed_win: f64,
    qualified_win: f64,
    /// Qualified (second meetings held) of opportunities.
    qualified_share: f64,
}

fn measure(sc: &Scenario, m: f64, control: &mut RunControl<'_>) -> Result<Realised, CalibrateError> {
    let s = with(sc, Param::MeetingRate, m);
    let acc = Engine::new(&s).run(0..s.trials(), control)?;
    let st = &Summary::build(&s, &acc).strategies[0];
    Ok(Realised {
        volume: st.funnel.first_meetings / f64::from(s.weeks_per_quarter()),
        closed_win: st.win_rate.first_meeting.value,
        qualified_win: st.win_rate.qualified.value,
        qualified_share: st.funnel.qualified / st.funnel.first_meetings,
    })
}

fn volume(sc: &Scenario, m: f64, control: &mut RunControl<'_>) -> Result<f64, CalibrateError> {
    measure(sc, m, control).map(|v| v.volume)
}

/// Joint steps tried before the meeting rate is bracketed on its own.
const JOINT_STEPS: usize = 8;
/// Logit miss of a realised rate accepted.
const RATE_TOLERANCE: f64 = 0.01;

/// Secant steps on one variable towards a target, on a scale where the
/// measure moves about linearly (logits of rates, logs of volumes).
struct Secant {
    value: f64,
    /// Slope assumed until two points measure one, and the least believed.
    first_slope: f64,
    min_slope: f64,
    max_step: f64,
    bounds: (f64, f64),
    /// The previous value and what it realised.
    previous: Option<(f64, f64)>,
}

impl Secant {
    /// A logit shift of a base rate: the realised logit moves about one for one.
    fn shift() -> Secant {
        Secant { value: 0.0, first_slope: 1.0, min_slope: 0.1, max_step: 2.0, bounds: (-6.0, 6.0), previous: None }
    }

    /// One step from `achieved` towards `target` (both on the working
    /// scale); false when already within `tolerance`.
    fn step(&mut self, target: f64, achieved: f64, tolerance: f64) -> bool {
        let miss = target - achieved;
        if miss.abs() < tolerance {
            return false;
        }
        let slope = self.previous.map_or(self.first_slope, |(px, pa)| {
            let d = (achieved - pa) / (self.value - px);
            if d.is_finite() && d > self.min_slope { d } else { self.first_slope }
        });
        self.previous = Some((self.value, achieved));
        self.value = (self.value + (miss / slope).clamp(-self.max_step, self.max_step)).clamp(self.bounds.0, self.bounds.1);
        true
    }
}

/// What the baseline must reproduce, and how closely to measure it.
#[derive(Clone, Copy, Debug)]
pub struct Targets {
    /// Opportunities per rep-week.
    pub volume: f64,
    pub win: WinTarget,
    /// Qualified share of opportunities, when the history knows qualification.
    pub second: Option<f64>,
    /// Reps in the history, and the probes' seed (from the history's bytes).
    pub reps: u64,
    pub seed: u64,
}

/// Solve the meeting rate for the target volume, and correct the base win
/// rate (and second-meeting rate) found by quadrature so the simulated
/// baseline realises the target rates: secant steps on all of them at once,
/// one run per step; should they not settle, the meeting rate is bracketed
/// on its own (which also says when the volume is out of reach).
pub fn rates(base: &Scenario, t: Targets, guess: f64, control: &mut RunControl<'_>) -> Result<EngineSolve, CalibrateError> {
    let (w0, s0) = (base.shared.get(Param::WinRate).central(), base.shared.get(Param::SecondMeetingRate).central());
    let base = &probe(base, PROBE_RUNS.max(4 * t.reps), t.seed);
    let (mut win, mut second) = (Secant::shift(), Secant::shift());
    let mut meeting = Secant {
        value: logit(guess.clamp(1e-4, HIGHEST)),
        // A covered rep prospects less: the volume moves less than the rate.
        first_slope: 0.5,
        min_slope: 0.05,
        max_step: 1.5,
        bounds: (logit(1e-6), logit(HIGHEST)),
        previous: None,
    };
    let mut sc = base.clone();
    let mut runs = 0;
    let mut settled = None;
    for _ in 0..JOINT_STEPS {
        let r = measure(&sc, logistic(meeting.value), control)?;
        runs += 1;
        let won = match t.win {
            WinTarget::Closed(_) => r.closed_win,
            WinTarget::Qualified(_) => r.qualified_win,
        };
        let valid = |x: f64| x > 0.0 && x < 1.0;
        if !(r.volume > 0.0 && valid(won) && valid(r.qualified_share)) {
            break;
        }
        let moved_meeting = meeting.step(t.volume.ln(), r.volume.ln(), TOLERANCE);
        let moved_win = win.step(logit(t.win.value()), logit(won), RATE_TOLERANCE);
        let moved_second = t.second.is_some_and(|target| second.step(logit(target), logit(r.qualified_share), RATE_TOLERANCE));
        if !(moved_meeting || moved_win || moved_second) {
            settled = Some((r.volume, won, r.qualified_share));
            break;
        }
        sc = shifted(&shifted(base, Param::WinRate, win.value), Param::SecondMeetingRate, second.value);
    }
    let (x, (volume, won, share)) = match settled {
        Some(found) => (meeting.value, found),
        None => {
            let (x, bracket_runs) = bracketed(&sc, t.volume, logistic(meeting.value), control)?;
            let r = measure(&sc, logistic(x), control)?;
            runs += bracket_runs + 1;
            let won = if matches!(t.win, WinTarget::Closed(_)) { r.closed_win } else { r.qualified_win };
            (x, (r.volume, won, r.qualified_share))
        }
    };
    let slope = slope_at(&sc, x, volume, control)?;
    let sensitivities = sensitivities(&probe(&sc, SENSITIVITY_RUNS, t.seed), logistic(x), control)?;
    Ok(EngineSolve {
        meeting: MeetingSolve { meeting_rate: logistic(x), target: t.volume, achieved: volume, slope, runs: runs + 1, sensitivities },
        win_rate_quadrature: w0,
        win_rate: logistic(logit(w0) + win.value),
        win_target: t.win,
        win_achieved: won,
        second: t.second.map(|target| SecondSolve { quadrature: s0, rate: logistic(logit(s0) + second.value), target, achieved: share }),
    })
}

/// The local slope d ln(volume) / d logit(rate) at logit `x` (where the
/// volume is `volume`), measured a step beside it.
fn slope_at(sc: &Scenario, x: f64, volume: f64, control: &mut RunControl<'_>) -> Result<f64, CalibrateError> {
    let h = if x + SLOPE_STEP <= logit(HIGHEST) { SLOPE_STEP } else { -SLOPE_STEP };
    let beside = self::volume(sc, logistic(x + h), control)?;
    Ok(if beside > 0.0 { ((beside.ln() - volume.ln()) / h).max(MIN_SLOPE) } else { MIN_SLOPE })
}

/// Solve the meeting rate of `base` (one strategy, sized as a probe) for
/// `target` opportunities per rep-week, starting from `guess`: bracket the
/// root on the logit scale, then close in by false position (Illinois).
pub fn meeting_rate(base: &Scenario, target: f64, guess: f64, control: &mut RunControl<'_>) -> Result<MeetingSolve, CalibrateError> {
    let (x, runs) = bracketed(base, target, guess, control)?;
    let achieved = volume(base, logistic(x), control)?;
    let slope = slope_at(base, x, achieved, control)?;
    Ok(MeetingSolve { meeting_rate: logistic(x), target, achieved, slope, runs: runs + 2, sensitivities: Vec::new() })
}

/// The logit of the meeting rate at which `base` opens `target`
/// opportunities per rep-week, and the runs it took.
fn bracketed(base: &Scenario, target: f64, guess: f64, control: &mut RunControl<'_>) -> Result<(f64, usize), CalibrateError> {
    let sc = base.clone();
    let mut runs = 0;
    let mut f = |x: f64, control: &mut RunControl<'_>| -> Result<f64, CalibrateError> {
        runs += 1;
        let v = volume(&sc, logistic(x), control)?;
        Ok(if v > 0.0 { v.ln() - target.ln() } else { -50.0 })
    };
    let (top, bottom) = (logit(HIGHEST), logit(1e-6));
    let x = logit(guess.clamp(1e-4, HIGHEST));
    let fx = f(x, control)?;
    // A bracket (a, b) with f(a) < 0 < f(b).
    let (mut a, mut fa, mut b, mut fb) = if fx < 0.0 {
        let ft = f(top, control)?;
        if ft < 0.0 {
            let most = (ft + target.ln()).exp();
            return Err(CalibrateError::Input(format!(
                "the template's cadence cannot open {target:.2} opportunities per rep-week even if {:.0}% of connects book a meeting \
                 (it opens {most:.2}): raise touches_per_week or connect_rate in the template, or lower its meeting and deal hours",
                100.0 * HIGHEST
            )));
        }
        (x, fx, top, ft)
    } else {
        let (mut lo, mut flo) = (x, fx);
        while flo >= 0.0 && lo > bottom {
            lo = (lo - 1.5).max(bottom);
            flo = f(lo, control)?;
        }
        if flo >= 0.0 {
            return Err(CalibrateError::Input(format!(
                "the template's cadence opens more than {target:.3} opportunities per rep-week at any meeting rate"
            )));
        }
        (lo, flo, x, fx)
    };
    let mut side = 0;
    let (mut best, mut fbest) = if fa.abs() < fb.abs() { (a, fa) } else { (b, fb) };
    for _ in 0..30 {
        if fbest.abs() < TOLERANCE {
            break;
        }
        let c = (a * fb - b * fa) / (fb - fa);
        let fc = f(c, control)?;
        if fc.abs() < fbest.abs() {
            best = c;
            fbest = fc;
        }
        if fc < 0.0 {
            a = c;
            fa = fc;
            if side == -1 {
                fb /= 2.0;
            }
            side = -1;
        } else {
            b = c;
            fb = fc;
            if side == 1 {
                fa /= 2.0;
            }
            side = 1;
        }
    }
    if fbest.abs() >= 0.02 {
        return Err(CalibrateError::Input(format!(
            "could not find a meeting rate that opens {target:.2} opportunities per rep-week (closest: {:.2} at {:.3})",
            (fbest + target.ln()).exp(),
            logistic(best)
        )));
    }
    Ok((best, runs))
}

/// Probability of the 84th percentile: one standard deviation above the median of a normal.
const ONE_SD: f64 = 0.841_344_746;

/// How ln(opportunities per rep-week) at meeting rate `m` moves with each
/// uncertain input of `base` but the meeting rate: every input at its
/// median, then each in turn at its 84th percentile.
pub fn sensitivities(base: &Scenario, m: f64, control: &mut RunControl<'_>) -> Result<Vec<(String, f64)>, CalibrateError> {
    let mut centre = with(base, Param::MeetingRate, m);
    let uncertain: Vec<Param> = Param::all().filter(|&p| p != Param::MeetingRate && centre.shared.get(p).is_uncertain()).collect();
    for &p in &uncertain {
        centre = with(&centre, p, centre.shared.get(p).central());
    }
    let v0 = volume(&centre, m, control)?.ln();
    let mut out = Vec::new();
    for p in uncertain {
        let Quantity::Uncertain(d) = base.shared.get(p) else { continue };
        let shifted = with(&centre, p, d.quantile(ONE_SD));
        out.push((p.def().meta.path(), volume(&shifted, m, control)?.ln() - v0));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::apply_override;

    #[test]
    fn the_solved_rate_opens_the_wanted_volume() {
        let mut s = Scenario::builtin();
        apply_override(&mut s, "simulation.quarters", "2").unwrap();
        s.strategies.truncate(1);
        let pool = crate::engine::thread_pool(Some(2)).unwrap();
        let mut control = RunControl { pool: Some(&pool), ..Default::default() };
        let s = probe(&s, PROBE_RUNS, 1);
        let solved = meeting_rate(&s, 1.0, 0.2, &mut control).unwrap();
        assert!((solved.achieved / 1.0 - 1.0).abs() < TOLERANCE, "{solved:?}");
        // An independent check at other seeds: within Monte Carlo error (~1%).
        let mut check = s.clone();
        check.counts[Count::Seed] = 99;
        check.counts[Count::Trials] = 200;
        let v = volume(&check, solved.meeting_rate, &mut control).unwrap();
        assert!((v / 1.0 - 1.0).abs() < 0.02, "{v}");
        // Out of reach: 40 opportunities a week from 350 touches at 6% connects.
        let e = meeting_rate(&s, 40.0, 0.2, &mut control).unwrap_err();
        assert!(e.to_string().contains("cannot open 40.00 opportunities"), "{e}");
    }
}
