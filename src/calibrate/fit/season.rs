//! Seasonality by quarter of the year, when the counted quarters cover all
//! four: how many opportunities a rep opens per week in each (relative to
//! the year), and the odds of winning what closes in each (relative to the
//! year), each with a rep-clustered 95% interval. Only counted quarters
//! count: the warm-up's are not representative (see [`super::panel`]).

use super::panel::Panel;
use super::stats::{Ratio, ratio};
use crate::calibrate::calendar::{Day, Quarter};
use crate::calibrate::history::{History, Stage};

/// One quarter of the year.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SeasonRow {
    /// 1..=4.
    pub quarter_of_year: u32,
    /// Opportunities per rep-week in this quarter / over the year.
    pub volume: f64,
    pub volume_ci: [f64; 2],
    /// Win odds of deals closing in this quarter / over the year.
    pub win_odds: f64,
    pub win_odds_ci: [f64; 2],
    /// Active rep-weeks and closed deals it rests on.
    pub rep_weeks: f64,
    pub closed: u64,
}

/// Least active rep-weeks a quarter of the year needs to be estimated.
const MIN_REP_WEEKS: f64 = 8.0;

/// Days of the rep's window inside quarter `q`.
fn overlap(begin: Day, end: Day, q: Quarter) -> f64 {
    f64::from((end.0.min(q.end().0) - begin.0.max(q.start().0) + 1).max(0))
}

/// The four quarters of the year, or `None` when the counted quarters do not cover each.
pub fn fit(h: &History, p: &Panel) -> Option<Vec<SeasonRow>> {
    let counted: Vec<Quarter> = p.counted_quarters().map(|q| q.q).collect();
    let is_counted = |q: Quarter| counted.contains(&q);
    let n_reps = p.reps.len();
    let mut slots: Vec<Option<usize>> = vec![None; h.owners.len()];
    for (i, r) in p.reps.iter().enumerate() {
        slots[r.owner as usize] = Some(i);
    }
    let slot = |owner: u32| slots.get(owner as usize).copied().flatten();
    // Per quarter of the year and rep: (created, weeks) and (won, closed).
    let mut volume = vec![vec![(0.0, 0.0); n_reps]; 4];
    let mut wins = vec![vec![(0.0, 0.0); n_reps]; 4];
    for (i, r) in p.reps.iter().enumerate() {
        let mut q = r.begin.quarter();
        while q <= r.end.quarter() {
            if is_counted(q) {
                volume[(q.q - 1) as usize][i].1 += overlap(r.begin, r.end, q) / 7.0;
            }
            q = q.next();
        }
    }
    for o in &h.opportunities {
        let Some(i) = slot(o.owner) else { continue };
        if is_counted(o.created.quarter()) {
            volume[(o.created.quarter().q - 1) as usize][i].0 += 1.0;
        }
        if let Some(c) = o.closed.filter(|c| is_counted(c.quarter())) {
            let w = &mut wins[(c.quarter().q - 1) as usize][i];
            w.1 += 1.0;
            w.0 += f64::from(u8::from(o.stage == Stage::Won));
        }
    }
    let weeks: Vec<f64> = volume.iter().map(|v| v.iter().map(|x| x.1).sum()).collect();
    if weeks.iter().any(|w| *w < MIN_REP_WEEKS) {
        return None;
    }
    let year_volume: Vec<(f64, f64)> =
        (0..n_reps).map(|i| (0..4).fold((0.0, 0.0), |a, q| (a.0 + volume[q][i].0, a.1 + volume[q][i].1))).collect();
    let year_wins: Vec<(f64, f64)> =
        (0..n_reps).map(|i| (0..4).fold((0.0, 0.0), |a, q| (a.0 + wins[q][i].0, a.1 + wins[q][i].1))).collect();
    let all_v = ratio(&year_volume, (0.0, f64::INFINITY));
    let all_w = ratio(&year_wins, (0.0, 1.0));
    let odds = |p: f64| p / (1.0 - p);
    let rows = (0..4)
        .map(|q| {
            let v: Ratio = ratio(&volume[q], (0.0, f64::INFINITY));
            let w: Ratio = ratio(&wins[q], (0.0, 1.0));
            let base = odds(all_w.value);
            SeasonRow {
                quarter_of_year: q as u32 + 1,
                volume: v.value / all_v.value,
                volume_ci: [v.lo / all_v.value, v.hi / all_v.value],
                win_odds: odds(w.value) / base,
                win_odds_ci: [odds(w.lo) / base, odds(w.hi) / base],
                rep_weeks: weeks[q],
                closed: wins[q].iter().map(|x| x.1).sum::<f64>() as u64,
            }
        })
        .collect();
    Some(rows)
}

/// Whether the win odds differ by quarter of the year beyond chance: a Wald
/// test of the four log multipliers against 1 (each one's standard error
/// from its 95% interval), on 3 degrees of freedom since the four are
/// relative to their own year. None when an interval is undefined.
pub fn win_odds_p_value(rows: &[SeasonRow]) -> Option<f64> {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    let z95 = 1.959_963_985;
    let mut chi2 = 0.0;
    for r in rows {
        let se = (r.win_odds_ci[1].ln() - r.win_odds_ci[0].ln()) / (2.0 * z95);
        let x = r.win_odds.ln() / se;
        if !(x.is_finite() && se > 0.0) {
            return None;
        }
        chi2 += x * x;
    }
    Some(ChiSquared::new(3.0).ok()?.sf(chi2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(q: u32, log_m: f64, se: f64) -> SeasonRow {
        let z = 1.959_963_985;
        SeasonRow {
            quarter_of_year: q,
            volume: 1.0,
            volume_ci: [0.9, 1.1],
            win_odds: log_m.exp(),
            win_odds_ci: [(log_m - z * se).exp(), (log_m + z * se).exp()],
            rep_weeks: 100.0,
            closed: 100,
        }
    }

    #[test]
    fn the_win_odds_test_is_chi_squared_on_three_degrees_of_freedom() {
        // Four quarters two standard errors from 1: chi-squared 16, whose
        // tail on 3 degrees of freedom is erfc(sqrt(8)) + sqrt(32 / pi) e^-8.
        let rows: Vec<SeasonRow> = [0.2, -0.2, 0.2, -0.2].iter().zip(1..).map(|(&m, q)| row(q, m, 0.1)).collect();
        let exact = statrs::function::erf::erfc(8f64.sqrt()) + (32.0 / std::f64::consts::PI).sqrt() * (-8f64).exp();
        assert!((win_odds_p_value(&rows).unwrap() - exact).abs() < 1e-9, "{exact}");
        let flat: Vec<SeasonRow> = (1..=4).map(|q| row(q, 0.0, 0.1)).collect();
        assert!((win_odds_p_value(&flat).unwrap() - 1.0).abs() < 1e-12);
        let undefined = [row(1, 0.0, 0.0), row(2, 0.0, 0.1), row(3, 0.0, 0.1), row(4, 0.0, 0.1)];
        assert_eq!(win_odds_p_value(&undefined), None);
    }
}
