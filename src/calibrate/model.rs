//! From what the history shows to the model's settings.
//!
//! The history shows *realised* figures: won of closed opportunities, the
//! sizes of won deals, how reps' win rates spread. The model's settings are
//! the *base* values at average fit, average skill and full attention, which
//! the template's fit distribution, fit effects and skill effect then shift.
//! So each base value is solved so that the model, averaged over the fit
//! distribution and the reps' skills (by quadrature), realises what the
//! history shows:
//!
//! - `win_rate` (and `second_meeting_rate` when the history knows
//!   qualification) so that the realised rates match; without
//!   qualification the template's second-meeting rate is kept (an
//!   assumption) unless the closed win rate leaves it no room, in which case
//!   the history's opportunities are read as qualified ones;
//! - `skill_spread` so that reps' realised win rates spread as much on the
//!   logit scale as the beta-binomial fit says they do beyond chance;
//! - `deal_size_median` and `deal_size_sigma` so that won deals (which lean
//!   to better-fit accounts, and so to larger sizes) have the history's log
//!   mean and log variance, or, where the lognormal fits the history badly,
//!   its arithmetic mean and variance (what a quarter's won value adds up);
//! - the cycle maps one to one.
//!
//! Attention is taken as full: the calibrated deal hours fit the history's
//! open-deal load into the week.

use crate::calibrate::fit::stats::{bisect, logistic, logit};
use crate::numeric::special::{beta_quantile, standard_normal_quantile};
use crate::scenario::{Fit, Param, ParamSet};

/// Quadrature nodes over fit and over skill (equal probability each).
const FIT_NODES: usize = 32;
const SKILL_NODES: usize = 32;

/// The template's settings that shape how realised figures map to base ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Motion {
    /// Fit at equally likely nodes of the fit distribution.
    fit: Vec<f64>,
    fit_effect: f64,
    size_fit_effect: f64,
    skill_effect: f64,
    /// The meeting odds the reps' volume is weighted by (skill shifts them).
    meeting_odds: f64,
    /// Standard normal at equally likely nodes.
    z: Vec<f64>,
}

/// What the model realises at given base values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Realised {
    /// Qualified of all opportunities (every opportunity closes, phantoms lost).
    pub qualified_share: f64,
    pub win_of_qualified: f64,
    /// Won of all closed opportunities.
    pub closed_win: f64,
    /// Standard deviation across reps of logit(rep's closed win rate).
    pub rep_logit_sd: f64,
    /// Standard deviation across reps of ln(rep's opportunity volume) from skill.
    pub volume_log_sd: f64,
    /// Of won deals, the size multiplier exp(size_fit_effect (fit - 0.5)):
    /// mean and variance of its log, mean and mean square of itself.
    pub size_log_mean: f64,
    pub size_log_var: f64,
    pub size_mult_mean: f64,
    pub size_mult_m2: f64,
}

impl Motion {
    /// From the resolved settings of the template's strategy.
    pub fn from_template(set: &ParamSet) -> Motion {
        let fit = match set.fit.value {
            Fit::Fixed(f) => vec![f],
            Fit::Beta { a, b } => (0..FIT_NODES).map(|j| beta_quantile(a, b, (j as f64 + 0.5) / FIT_NODES as f64)).collect(),
        };
        let m = set.get(Param::MeetingRate).central();
        Motion {
            fit,
            fit_effect: set.get(Param::FitEffect).central(),
            size_fit_effect: set.get(Param::SizeFitEffect).central(),
            skill_effect: set.get(Param::SkillEffect).central(),
            meeting_odds: m / (1.0 - m),
            z: (0..SKILL_NODES).map(|k| standard_normal_quantile((k as f64 + 0.5) / SKILL_NODES as f64)).collect(),
        }
    }

    /// The realised figures at skill spread `spread` and base rates `p2`, `pw`.
    pub fn realised(&self, spread: f64, p2: f64, pw: f64) -> Realised {
        let (l2, lw) = (logit(p2), logit(pw));
        let (mut v_sum, mut q_sum, mut w_sum) = (0.0, 0.0, 0.0);
        let (mut l1, mut l2m, mut m1, mut m2) = (0.0, 0.0, 0.0, 0.0);
        let mut rep_logits = Vec::with_capacity(self.z.len());
        let mut rep_volumes = Vec::with_capacity(self.z.len());
        for &z in &self.z {
            let shift = self.skill_effect * (spread * z - 0.5 * spread * spread);
            let odds = self.meeting_odds * shift.exp();
            let v = odds / (1.0 + odds);
            let (mut rq, mut rw) = (0.0, 0.0);
            for &f in &self.fit {
                let fs = self.fit_effect * (f - 0.5);
                let q = logistic(l2 + fs + shift);
                let w = q * logistic(lw + fs + shift);
                rq += q;
                rw += w;
                let ls = self.size_fit_effect * (f - 0.5);
                let weight = v * w;
                l1 += weight * ls;
                l2m += weight * ls * ls;
                m1 += weight * ls.exp();
                m2 += weight * (2.0 * ls).exp();
            }
            let nf = self.fit.len() as f64;
            v_sum += v;
            q_sum += v * rq / nf;
            w_sum += v * rw / nf;
            rep_logits.push(logit((rw / nf).clamp(1e-12, 1.0 - 1e-12)));
            rep_volumes.push(v.ln());
        }
        let wsum = w_sum * self.fit.len() as f64;
        let size_log_mean = l1 / wsum;
        Realised {
            qualified_share: q_sum / v_sum,
            win_of_qualified: w_sum / q_sum,
            closed_win: w_sum / v_sum,
            rep_logit_sd: sd(&rep_logits),
            volume_log_sd: sd(&rep_volumes),
            size_log_mean,
            size_log_var: (l2m / wsum - size_log_mean * size_log_mean).max(0.0),
            size_mult_mean: m1 / wsum,
            size_mult_m2: m2 / wsum,
        }
    }

    /// The base rate x in (lo, hi) at which `measure(x)` equals `target`
    /// (measure increasing in x); `None` when the target is out of reach.
    pub fn solve_rate(&self, target: f64, measure: impl Fn(f64) -> f64, lo: f64, hi: f64) -> Option<f64> {
        bisect(|x| measure(logistic(x)) - target, logit(lo), logit(hi), 1e-10).map(logistic)
    }
}

fn sd(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n).sqrt()
}

/// Bounds the base probabilities are solved within (their valid range is open).
pub const RATE_LO: f64 = 1e-4;
pub const RATE_HI: f64 = 0.995;
/// The largest skill spread the registry allows.
pub const SPREAD_MAX: f64 = 1.5;

/// The conversion settings solved from the history.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conversion {
    pub skill_spread: f64,
    pub second_meeting_rate: f64,
    pub win_rate: f64,
    /// The second-meeting rate was raised from the template's because the
    /// closed win rate left it no room.
    pub qualified_by_assumption: bool,
    /// The spread needed was above what the registry allows.
    pub spread_capped: bool,
    pub realised: Realised,
}

/// What the conversion solve is given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConversionTargets {
    pub closed_win: f64,
    /// Qualified of closed and won of qualified, when known.
    pub qualified: Option<(f64, f64)>,
    /// Reps' logit spread of win rates beyond chance.
    pub rep_logit_sd: f64,
    /// The template's second-meeting rate (kept when qualification is unknown).
    pub template_second: f64,
}

/// Second-meeting rate assumed when the history's opportunities must all
/// have been qualified (a CRM that opens opportunities at qualification).
pub const ALL_QUALIFIED: f64 = 0.97;

/// Solve skill spread, second-meeting rate and win rate together (a few
/// rounds: the rates depend on the spread and the spread on the rates).
pub fn solve_conversion(m: &Motion, t: &ConversionTargets) -> Option<Conversion> {
    let mut spread = 0.0;
    let mut p2 = t.template_second;
    let mut pw = 0.3;
    let mut raised = false;
    let mut capped = false;
    for _ in 0..6 {
        match t.qualified {
            Some((q, w)) => {
                p2 = m.solve_rate(q, |x| m.realised(spread, x, pw).qualified_share, RATE_LO, RATE_HI)?;
                pw = m.solve_rate(w, |x| m.realised(spread, p2, x).win_of_qualified, RATE_LO, RATE_HI)?;
            }
            None => {
                p2 = if raised { ALL_QUALIFIED } else { t.template_second };
                let reach = m.realised(spread, p2, RATE_HI).closed_win;
                if reach < t.closed_win && !raised {
                    raised = true;
                    p2 = ALL_QUALIFIED;
                }
                pw = m.solve_rate(t.closed_win, |x| m.realised(spread, p2, x).closed_win, RATE_LO, RATE_HI).unwrap_or(RATE_HI);
            }
        }
        let target = t.rep_logit_sd;
        spread = if target <= 0.0 {
            0.0
        } else if m.realised(SPREAD_MAX, p2, pw).rep_logit_sd < target {
            capped = true;
            SPREAD_MAX
        } else {
            capped = false;
            bisect(|s| m.realised(s, p2, pw).rep_logit_sd - target, 0.0, SPREAD_MAX, 1e-9).unwrap_or(0.0)
        };
    }
    Some(Conversion {
        skill_spread: spread,
        second_meeting_rate: p2,
        win_rate: pw,
        qualified_by_assumption: raised,
        spread_capped: capped,
        realised: m.realised(spread, p2, pw),
    })
}

/// The base deal size (median at fit 0.5, log-sd) whose won deals have log
/// mean `mu` and log variance `var`; the second value says whether the
/// log-sd had to be floored (the fit effect alone spreads sizes more than
/// the history does).
pub fn size_from_logs(r: &Realised, mu: f64, var: f64) -> ((f64, f64), bool) {
    let base_var = var - r.size_log_var;
    let floored = base_var < MIN_SIGMA * MIN_SIGMA;
    (((mu - r.size_log_mean).exp(), base_var.max(MIN_SIGMA * MIN_SIGMA).sqrt()), floored)
}

/// The base deal size whose won deals have arithmetic mean `mean` and
/// standard deviation `sd`.
pub fn size_from_moments(r: &Realised, mean: f64, sd: f64) -> ((f64, f64), bool) {
    let ratio = (sd * sd + mean * mean) / (mean * mean);
    let var = ratio.ln() - (r.size_mult_m2 / (r.size_mult_mean * r.size_mult_mean)).ln();
    let floored = var < MIN_SIGMA * MIN_SIGMA;
    let var = var.max(MIN_SIGMA * MIN_SIGMA);
    ((mean / ((var / 2.0).exp() * r.size_mult_mean), var.sqrt()), floored)
}

/// The log-sd of reps' activity (a multiplier on their cadence) that, with
/// the volume spread skill already gives (`skill_part`), makes reps'
/// opportunity rates spread by `total`: independent spreads add in variance.
pub fn activity_spread(total: f64, skill_part: f64) -> f64 {
    (total * total - skill_part * skill_part).max(0.0).sqrt()
}

/// The smallest deal-size log-sd written (a spread of about 5%).
pub const MIN_SIGMA: f64 = 0.05;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn motion(sets: &[(&str, &str)]) -> Motion {
        let mut s = Scenario::builtin();
        for (p, v) in sets {
            crate::scenario::apply_override(&mut s, p, v).unwrap();
        }
        Motion::from_template(&s.resolved(1))
    }

    #[test]
    fn without_fit_or_skill_effects_realised_equals_base() {
        let m = motion(&[("strategy.targeted.fit", "0.5"), ("team.skill_effect", "0")]);
        let r = m.realised(0.4, 0.5, 0.3);
        assert!((r.qualified_share - 0.5).abs() < 1e-12);
        assert!((r.win_of_qualified - 0.3).abs() < 1e-12);
        assert!((r.closed_win - 0.15).abs() < 1e-12);
        assert!(r.rep_logit_sd < 1e-12 && r.volume_log_sd < 1e-12);
        assert!((r.size_mult_mean - 1.0).abs() < 1e-12 && r.size_log_var == 0.0);
    }

    #[test]
    fn won_deals_lean_to_better_fit() {
        // Targeted: fit Beta(3, 2), fit effect 2.5, size effect 1.5. Won
        // deals are better-fit than the average deal, so larger.
        let m = motion(&[]);
        let r = m.realised(0.35, 0.5, 0.215);
        assert!(r.size_log_mean > 1.5 * (0.6 - 0.5), "{}", r.size_log_mean);
        // Realised rates at average skill and Beta(3, 2) fit exceed the base.
        assert!(r.win_of_qualified > 0.215 && r.qualified_share > 0.5);
        // Skill spread 0.35 with effect 1 shifts both the second-meeting and
        // the win logit by 0.35 sd: reps' closed-win logits spread by more
        // than 0.35 and less than twice it (the averages over fit and the
        // saturating second-meeting rate damp it).
        assert!(r.rep_logit_sd > 0.35 && r.rep_logit_sd < 0.7, "{}", r.rep_logit_sd);
    }

    #[test]
    fn the_solve_reproduces_its_targets() {
        let m = motion(&[]);
        let t = ConversionTargets { closed_win: 0.12, qualified: Some((0.55, 0.22)), rep_logit_sd: 0.4, template_second: 0.5 };
        let c = solve_conversion(&m, &t).unwrap();
        let r = c.realised;
        assert!((r.qualified_share - 0.55).abs() < 1e-6 && (r.win_of_qualified - 0.22).abs() < 1e-6, "{r:?}");
        assert!((r.rep_logit_sd - 0.4).abs() < 1e-6);
        // Without qualification: the template's 0.5 is kept.
        let t = ConversionTargets { closed_win: 0.12, qualified: None, rep_logit_sd: 0.0, template_second: 0.5 };
        let c = solve_conversion(&m, &t).unwrap();
        assert!((c.realised.closed_win - 0.12).abs() < 1e-6);
        assert_eq!((c.second_meeting_rate, c.skill_spread, c.qualified_by_assumption), (0.5, 0.0, false));
        // A 63% closed win rate leaves a 50% second-meeting rate no room.
        let t = ConversionTargets { closed_win: 0.63, qualified: None, rep_logit_sd: 0.1, template_second: 0.5 };
        let c = solve_conversion(&m, &t).unwrap();
        assert!(c.qualified_by_assumption && c.second_meeting_rate == ALL_QUALIFIED);
        assert!((c.realised.closed_win - 0.63).abs() < 1e-6);
    }

    #[test]
    fn activity_takes_the_volume_spread_skill_leaves() {
        assert!((activity_spread(0.5, 0.3) - 0.4).abs() < 1e-12);
        assert_eq!(activity_spread(0.2, 0.3), 0.0);
        // Skill's share of the volume spread grows with the skill spread.
        let m = motion(&[]);
        assert!(m.realised(0.6, 0.5, 0.2).volume_log_sd > m.realised(0.3, 0.5, 0.2).volume_log_sd);
    }

    #[test]
    fn sizes_map_back_exactly() {
        let m = motion(&[]);
        let r = m.realised(0.3, 0.5, 0.25);
        // Log matching: won log mean = ln(median) + E[shift], var = sigma² + Var[shift].
        let ((median, sigma), floored) = size_from_logs(&r, 10.0, 0.49 + r.size_log_var);
        assert!(!floored);
        assert!((median.ln() + r.size_log_mean - 10.0).abs() < 1e-12 && (sigma - 0.7).abs() < 1e-12);
        // Moment matching: mean of won = median e^{sigma²/2} E[M].
        let ((median, sigma), _) = size_from_moments(&r, 30_000.0, 24_000.0);
        let mean = median * (sigma * sigma / 2.0).exp() * r.size_mult_mean;
        assert!((mean - 30_000.0).abs() < 1e-6);
        let m2 = median * median * (2.0 * sigma * sigma).exp() * r.size_mult_m2;
        assert!((m2 - (24_000f64.powi(2) + 30_000f64.powi(2))).abs() / m2 < 1e-9);
    }
}
