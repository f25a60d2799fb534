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
use crate::scenario::{Count, Param, Quantity, Scenario};
use crate::stats::Summary;

/// Trials and reps of each guess's run: about 5,000 rep-quarters, enough to
/// measure the rate to a few tenths of a percent.
const TRIALS: u64 = 48;
const REPS: u64 = 24;
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

/// Both solves.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EngineSolve {
    pub meeting: MeetingSolve,
    /// The base win rate before (quadrature, full attention) and after the
    /// simulation's correction, and the win rate the baseline then realises.
    pub win_rate_quadrature: f64,
    pub win_rate: f64,
    pub win_target: WinTarget,
    pub win_achieved: f64,
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

/// Opportunities (first meetings held) per rep-week of `sc` at meeting rate
/// `m`, and its realised win rates (of all closed, of qualified closed).
fn measure(sc: &Scenario, m: f64, control: &mut RunControl<'_>) -> Result<(f64, f64, f64), CalibrateError> {
    let s = with(sc, Param::MeetingRate, m);
    let acc = Engine::new(&s).run(0..s.trials(), control)?;
    let st = &Summary::build(&s, &acc).strategies[0];
    Ok((st.funnel.first_meetings / f64::from(s.weeks_per_quarter()), st.win_rate.first_meeting.value, st.win_rate.qualified.value))
}

fn volume(sc: &Scenario, m: f64, control: &mut RunControl<'_>) -> Result<f64, CalibrateError> {
    measure(sc, m, control).map(|v| v.0)
}

/// Rounds of alternating the two solves.
const ROUNDS: usize = 5;
/// Logit miss of the win rate accepted.
const WIN_TOLERANCE: f64 = 0.01;

/// Solve the meeting rate for `volume` opportunities per rep-week and the
/// base win rate (starting from `win_rate`, the full-attention value) for
/// `win`, in turns.
pub fn rates(
    base: &Scenario,
    volume_target: f64,
    guess: f64,
    win: WinTarget,
    control: &mut RunControl<'_>,
) -> Result<EngineSolve, CalibrateError> {
    let w0 = base.shared.get(Param::WinRate).central();
    let mut sc = with(base, Param::WinRate, w0);
    let mut m = meeting_rate(&sc, volume_target, guess, control)?;
    let mut x = logit(w0);
    let mut prev: Option<(f64, f64)> = None;
    let mut achieved = f64::NAN;
    for _ in 0..ROUNDS {
        let mut probe = sc.clone();
        probe.counts[Count::Trials] = TRIALS;
        probe.counts[Count::Reps] = REPS.min(u64::from(base.reps()));
        let (_, closed, qualified) = measure(&probe, m.meeting_rate, control)?;
        achieved = match win {
            WinTarget::Closed(_) => closed,
            WinTarget::Qualified(_) => qualified,
        };
        if !(achieved > 0.0 && achieved < 1.0) {
            break;
        }
        let miss = logit(win.value()) - logit(achieved);
        if miss.abs() < WIN_TOLERANCE {
            break;
        }
        // Secant on logit(base rate) -> logit(realised rate); the first step assumes slope 1.
        let slope = prev.map_or(1.0, |(px, pa)| {
            let d = (logit(achieved) - logit(pa)) / (x - px);
            if d.is_finite() && d > 0.1 { d } else { 1.0 }
        });
        prev = Some((x, achieved));
        x = (x + miss / slope).clamp(logit(1e-4), logit(0.995));
        sc = with(&sc, Param::WinRate, logistic(x));
        m = meeting_rate(&sc, volume_target, m.meeting_rate, control)?;
    }
    m.sensitivities = sensitivities(&sc, m.meeting_rate, control)?;
    Ok(EngineSolve { meeting: m, win_rate_quadrature: w0, win_rate: logistic(x), win_target: win, win_achieved: achieved })
}

/// Solve the meeting rate of `base` (one strategy, point values) for
/// `target` opportunities per rep-week, starting from `guess`: bracket the
/// root on the logit scale, then close in by false position (Illinois).
pub fn meeting_rate(base: &Scenario, target: f64, guess: f64, control: &mut RunControl<'_>) -> Result<MeetingSolve, CalibrateError> {
    let mut sc = base.clone();
    sc.counts[Count::Trials] = TRIALS;
    sc.counts[Count::Reps] = REPS.min(u64::from(base.reps()));
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
    // The local slope d ln(volume) / d logit(rate), measured a step beside
    // the solution (the bracket may be far wider than the slope is local).
    let h = if best + SLOPE_STEP <= top { SLOPE_STEP } else { -SLOPE_STEP };
    let slope = ((f(best + h, control)? - fbest) / h).max(MIN_SLOPE);
    Ok(MeetingSolve { meeting_rate: logistic(best), target, achieved: (fbest + target.ln()).exp(), slope, runs, sensitivities: Vec::new() })
}

/// Probability of the 84th percentile: one standard deviation above the median of a normal.
const ONE_SD: f64 = 0.841_344_746;

/// How ln(opportunities per rep-week) at meeting rate `m` moves with each
/// uncertain input of `base` but the meeting rate: every input at its
/// median, then each in turn at its 84th percentile.
pub fn sensitivities(base: &Scenario, m: f64, control: &mut RunControl<'_>) -> Result<Vec<(String, f64)>, CalibrateError> {
    let mut centre = with(base, Param::MeetingRate, m);
    centre.counts[Count::Trials] = TRIALS;
    centre.counts[Count::Reps] = REPS.min(u64::from(base.reps()));
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
