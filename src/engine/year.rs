//! The planning year's people: who sits in each seat, week by week. Drawn
//! per (trial, seat) before any strategy is simulated, from streams of its
//! own, so every strategy (and every sweep point with the same team
//! settings) sees the same hires, leavers and backfills: common random
//! numbers.
//!
//! The year starts at the first counted week. Seats of the starting team are
//! held through the warm-up by a tenured rep; a seat that starts the year with
//! a new hire hands over to them at the first counted week with an empty book
//! (its warm-up history is discarded). From then on each week, after its
//! closes, a rep leaves with the hazard of the yearly attrition rate; with
//! backfill, a new hire takes the seat `backfill_weeks` whole weeks later.
//! Planned hires open new seats at the first week of their counted quarter.

use crate::numeric::rng::{Purpose, Stream};

/// One rep's time in a seat.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tenure {
    /// First week in the seat.
    pub from: u32,
    /// Last week worked (inclusive).
    pub until: u32,
    /// Leaves the seat after `until`'s closes (attrition), rather than
    /// staying to the end or handing over at the start of the year.
    pub leaves: bool,
    /// ln(skill) = sigma*Z - sigma^2/2, before skill_effect.
    pub ln_skill: f64,
    /// The week the rep was hired (tenure 0): ramps from there; `None` for a
    /// fully ramped rep.
    pub hired: Option<u32>,
    /// Starts with an empty book: the seat's earlier history is discarded.
    pub clears_book: bool,
}

/// Who sits in one seat, in order; gaps between tenures are vacancies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeatHistory {
    pub tenures: Vec<Tenure>,
    /// First week the seat exists (counts in the plan from its quarter on).
    pub opens: u32,
}

/// The team settings that shape seat histories, for one variant and trial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TeamYear {
    pub skill_spread: f64,
    pub new_hire_share: f64,
    /// Yearly probability of leaving.
    pub attrition: f64,
    pub backfill: bool,
    /// Whole weeks a seat stays vacant before its backfill starts.
    pub backfill_weeks: u32,
    /// First counted week.
    pub year_start: u32,
    pub weeks_per_year: u32,
    pub horizon: u32,
}

/// How a seat comes to exist.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SeatKind {
    /// One of the starting seats: `z` and `hire` are the rep's own draws.
    Starting { z: f64, hire: f64 },
    /// A planned hire opening at week `opens`.
    Planned { opens: u32 },
}

impl TeamYear {
    /// The weekly hazard of leaving: 1 - (1 - a)^(1 / weeks per year).
    pub fn hazard(&self) -> f64 {
        1.0 - (1.0 - self.attrition).powf(1.0 / f64::from(self.weeks_per_year))
    }

    fn ln_skill(&self, z: f64) -> f64 {
        self.skill_spread * z - 0.5 * self.skill_spread * self.skill_spread
    }

    /// Draw the history of seat `seat` into `out` (reused between seats).
    pub fn draw(&self, seed: u64, trial: u64, seat: u64, kind: SeatKind, out: &mut SeatHistory) {
        out.tenures.clear();
        let mut successors = Successors { stream: None, seed, trial, seat };
        match kind {
            SeatKind::Starting { z, hire } => {
                out.opens = 0;
                let first =
                    Tenure { from: 0, until: self.horizon - 1, leaves: false, ln_skill: self.ln_skill(z), hired: None, clears_book: false };
                if hire < self.new_hire_share && self.year_start == 0 {
                    // No warm-up: the new hire starts the simulation.
                    out.tenures.push(Tenure { hired: Some(0), ..first });
                } else if hire < self.new_hire_share {
                    out.tenures.push(Tenure { until: self.year_start - 1, ..first });
                    out.tenures.push(self.new_hire(self.year_start, successors.next(self), true));
                } else {
                    out.tenures.push(first);
                }
            }
            SeatKind::Planned { opens } => {
                out.opens = opens;
                out.tenures.push(self.new_hire(opens, successors.next(self), false));
            }
        }
        if self.attrition > 0.0 {
            self.leavers(seed, trial, seat, out, &mut successors);
        }
    }

    fn new_hire(&self, from: u32, ln_skill: f64, clears_book: bool) -> Tenure {
        Tenure { from, until: self.horizon - 1, leaves: false, ln_skill, hired: Some(from), clears_book }
    }

    /// Weekly departures from the first counted week on, and backfills. One
    /// uniform per week whoever sits (or nobody), so histories under other
    /// attrition rates stay coupled.
    fn leavers(&self, seed: u64, trial: u64, seat: u64, out: &mut SeatHistory, successors: &mut Successors) {
        let hazard = self.hazard();
        let mut weekly = Stream::new(seed, trial, seat, Purpose::Attrition);
        let mut current = out.tenures.len() - 1;
        for w in self.year_start..self.horizon {
            let u = weekly.uniform();
            let t = out.tenures[current];
            if w < t.from || w > t.until || u >= hazard {
                continue;
            }
            out.tenures[current].until = w;
            out.tenures[current].leaves = true;
            let start = w + 1 + self.backfill_weeks;
            if self.backfill && start < self.horizon {
                out.tenures.push(self.new_hire(start, successors.next(self), false));
                current += 1;
            }
        }
    }
}

/// Skills of a seat's successive new hires, drawn in order of arrival.
struct Successors {
    stream: Option<Stream>,
    seed: u64,
    trial: u64,
    seat: u64,
}

impl Successors {
    fn next(&mut self, team: &TeamYear) -> f64 {
        let (seed, trial, seat) = (self.seed, self.trial, self.seat);
        let z = self.stream.get_or_insert_with(|| Stream::new(seed, trial, seat, Purpose::Successor)).normal();
        team.ln_skill(z)
    }
}

impl SeatHistory {
    /// The tenure at week `w`, if the seat is filled.
    pub fn at(&self, w: u32) -> Option<&Tenure> {
        self.tenures.iter().find(|t| t.from <= w && w <= t.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(attrition: f64, backfill: bool) -> TeamYear {
        TeamYear {
            skill_spread: 0.3,
            new_hire_share: 0.0,
            attrition,
            backfill,
            backfill_weeks: 8,
            year_start: 13,
            weeks_per_year: 52,
            horizon: 13 + 52,
        }
    }

    #[test]
    fn leavers_follow_the_yearly_rate() {
        // Without backfill a seat loses its rep within the year with
        // probability exactly a: 1 - (1 - h)^52 = a.
        let t = team(0.15, false);
        let n = 20_000u64;
        let mut h = SeatHistory::default();
        let left = (0..n)
            .filter(|&seat| {
                t.draw(7, 1, seat, SeatKind::Starting { z: 0.0, hire: 1.0 }, &mut h);
                h.tenures[0].leaves
            })
            .count() as f64;
        let sd = (n as f64 * 0.15 * 0.85).sqrt();
        assert!((left - n as f64 * 0.15).abs() < 4.0 * sd, "{left} leavers of {n}");
    }

    #[test]
    fn backfills_start_after_the_lag_with_fresh_skills() {
        let t = team(0.9, true);
        let mut h = SeatHistory::default();
        let mut checked = 0;
        for seat in 0..500 {
            t.draw(3, 2, seat, SeatKind::Starting { z: 0.5, hire: 1.0 }, &mut h);
            for pair in h.tenures.windows(2) {
                assert!(pair[0].leaves && pair[0].until >= t.year_start);
                assert_eq!(pair[1].from, pair[0].until + 1 + t.backfill_weeks);
                assert_eq!(pair[1].hired, Some(pair[1].from));
                assert_ne!(pair[1].ln_skill, pair[0].ln_skill);
                checked += 1;
            }
        }
        assert!(checked > 300, "{checked} backfills");
    }

    #[test]
    fn a_starting_new_hire_takes_over_at_the_first_counted_week() {
        let t = TeamYear { new_hire_share: 1.0, ..team(0.0, true) };
        let mut h = SeatHistory::default();
        t.draw(1, 1, 0, SeatKind::Starting { z: 0.0, hire: 0.5 }, &mut h);
        assert_eq!(h.tenures.len(), 2);
        assert_eq!((h.tenures[0].from, h.tenures[0].until, h.tenures[0].hired), (0, 12, None));
        assert_eq!((h.tenures[1].from, h.tenures[1].hired, h.tenures[1].clears_book), (13, Some(13), true));
        assert!(h.at(12).is_some() && h.at(13).is_some_and(|x| x.hired == Some(13)));
    }

    #[test]
    fn planned_hires_open_their_seat_with_a_new_hire() {
        let t = team(0.0, true);
        let mut h = SeatHistory::default();
        t.draw(1, 1, 40, SeatKind::Planned { opens: 26 }, &mut h);
        assert_eq!(h.opens, 26);
        assert_eq!(h.tenures.len(), 1);
        assert!(h.at(25).is_none() && h.at(26).is_some());
    }

    #[test]
    fn histories_under_a_higher_rate_lose_reps_no_later() {
        // One uniform per week for every rate: the same seat leaves at the
        // same week or earlier when attrition is higher (common random numbers).
        let (lo, hi) = (team(0.1, false), team(0.3, false));
        let (mut a, mut b) = (SeatHistory::default(), SeatHistory::default());
        for seat in 0..2000 {
            lo.draw(5, 0, seat, SeatKind::Starting { z: 0.0, hire: 1.0 }, &mut a);
            hi.draw(5, 0, seat, SeatKind::Starting { z: 0.0, hire: 1.0 }, &mut b);
            if a.tenures[0].leaves {
                assert!(b.tenures[0].leaves && b.tenures[0].until <= a.tenures[0].until);
            }
        }
    }
}
