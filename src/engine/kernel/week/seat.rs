//! The seat's history within the weekly loop: a rep arrives (skill, ramp,
//! funnel rates) or leaves (deals lost or handed on), a new quarter of the
//! year resets the funnel, and the seat's quarters are tallied from the
//! history up front.

use super::{RepRun, Week};
use crate::engine::kernel::books::{RepQuarterOut, Scratch, SeatQuarter};
use crate::engine::kernel::{Calendar, RepJob, TrialParams};
use crate::engine::year::Tenure;
use crate::numeric::math::exp;
use crate::stats::{Metric, RepQuarter};

impl RepRun {
    /// The funnel's rates for a new quarter of the year.
    #[inline(always)]
    pub(super) fn new_quarter(&mut self, season: usize, job: &RepJob<'_>, scratch: &mut Scratch) {
        self.slot = None;
        if season != self.season {
            self.season = season;
            if self.present {
                self.set_funnel(job, scratch);
            }
        }
    }

    /// A rep takes the seat: their skill, ramp and funnel rates.
    pub(super) fn arrive(&mut self, job: &RepJob<'_>, index: usize, scratch: &mut Scratch) {
        let t = &job.history.tenures[index];
        self.tenure = index;
        self.present = true;
        self.next_arrival = NEVER;
        self.next_leave = if t.leaves || job.history.tenures.len() > index + 1 { t.until } else { NEVER };
        self.slot = None;
        self.hired = t.hired.filter(|_| job.params.ramp_weeks > 0.0);
        self.skill_odds = exp(job.skill_effect * t.ln_skill);
        self.ceiling = ceiling(job, index, self.skill_odds);
        self.set_funnel(job, scratch);
    }

    /// Each touch independently ends as a first meeting (c * p_meeting), a
    /// connect without a meeting, or nothing: a multinomial. So meetings are
    /// Bin(touches, c * p_meeting), and the connects without a meeting are
    /// Bin(touches - meetings, c (1 - p_meeting) / (1 - c * p_meeting)). They
    /// feed only the funnel report, so at a fixed rate their weekly draws add up
    /// to one draw per rep-quarter (a sum of binomials with one p is binomial).
    pub(super) fn set_funnel(&mut self, job: &RepJob<'_>, scratch: &mut Scratch) {
        let s = &job.params.seasons;
        let c = s.connect_rate[self.season];
        let full_meeting_odds = s.meeting_odds[self.season] * self.skill_odds;
        let p_meeting = full_meeting_odds / (1.0 + full_meeting_odds);
        if self.connect_only_trials > 0 || self.retouch_only_trials > 0 {
            self.flush_connects(scratch);
        }
        scratch.meetings.reset(c * p_meeting);
        self.q_connect_only = c * (1.0 - p_meeting) / (1.0 - c * p_meeting);
        if let Some(m) = &job.params.market {
            // Re-touches: the connect odds times the re-touch response.
            let odds = c / (1.0 - c) * m.retouch_response;
            let c = odds / (1.0 + odds);
            scratch.retouch_meetings.reset(c * p_meeting);
            self.q_retouch_connect_only = c * (1.0 - p_meeting) / (1.0 - c * p_meeting);
        }
    }

    /// Productivity by tenure: (tenure + 1) / ramp weeks, at most 1.
    #[inline(always)]
    pub(super) fn productivity(&self, w: u32, p: &TrialParams) -> f64 {
        match self.hired {
            Some(h) => (f64::from(w - h + 1) / p.ramp_weeks).min(1.0),
            None => 1.0,
        }
    }

    /// A new rep-quarter of the current rep; coverage is recorded at its first
    /// week (the quarter's start, unless the rep arrived later).
    pub(super) fn open_slot(&mut self, quarter: u32, scratch: &mut Scratch) {
        let mut rq = RepQuarter::default();
        self.record_coverage(&mut rq);
        scratch.out.push(RepQuarterOut { quarter, tenure: self.tenure as u32, weeks: 0, productivity: 0.0, rq });
        self.slot = Some(scratch.out.len() - 1);
    }

    /// The rep leaves after this week's closes. Lost deals are closed lost at
    /// once (counted in the leaver's quarter); inherited ones stay for the next.
    pub(super) fn leave(&mut self, week: Week, job: &RepJob<'_>, scratch: &mut Scratch) {
        let p = job.params;
        self.flush_connects(scratch);
        let w = week.index as usize;
        if p.orphans_lost {
            // Opportunities whose second meeting was this week qualify next week: they count as qualified.
            let qualified = self.open_qualified + scratch.weeks[w + 1].qualifying;
            if let (true, Some(slot)) = (week.counted, self.slot) {
                let rq = &mut scratch.out[slot].rq;
                rq[Metric::Lost] += f64::from(qualified);
                rq[Metric::PhantomsClosed] += f64::from(self.open_first - qualified);
            }
            self.clear_book(week.index + 1, job, scratch);
        }
        self.present = false;
        self.slot = None;
        self.tenure += 1;
        self.next_leave = NEVER;
        self.next_arrival = job.history.tenures.get(self.tenure).map_or(NEVER, |t| t.from);
    }

    /// Forget the seat's open opportunities and booked meetings from week `w`
    /// on; their accounts rest as if the opportunities closed the week before.
    pub(super) fn clear_book(&mut self, w: u32, job: &RepJob<'_>, scratch: &mut Scratch) {
        if let Some(m) = &job.params.market {
            self.list.release(self.open_first, w, m, &mut scratch.returns);
        }
        scratch.clear_book_from(w as usize);
        self.open_first = 0;
        self.pipe_first = 0.0;
        self.open_qualified = 0;
        self.pipe_second = 0.0;
    }
}

/// No such week: the seat has no next tenure, or its rep stays to the end.
pub(super) const NEVER: u32 = u32::MAX;

/// The seat per counted quarter, from its history: weeks open, filled and
/// ramping (productivity below 1, the same test as the week's), as overlaps
/// of week ranges.
pub(super) fn tally_seat(job: &RepJob<'_>, cal: Calendar, seat: &mut [SeatQuarter]) {
    let ramp_weeks = job.params.ramp_weeks;
    let overlap = |a: (u32, u32), b: (u32, u32)| a.1.min(b.1).saturating_sub(a.0.max(b.0));
    for (qi, s) in seat.iter_mut().enumerate() {
        let start = cal.year_start() + qi as u32 * cal.weeks_per_quarter;
        let quarter = (start.max(job.history.opens), start + cal.weeks_per_quarter);
        s.open_weeks = overlap(quarter, quarter);
        for t in &job.history.tenures {
            let present = (t.from, t.until + 1);
            s.filled_weeks += overlap(quarter, present);
            if let Some(h) = t.hired.filter(|_| ramp_weeks > 0.0) {
                s.ramping_weeks += overlap(overlap_range(quarter, present), (h, h + ramp_length(ramp_weeks)));
            }
        }
    }
}

/// The weeks two half-open ranges share, as a range (empty when none).
fn overlap_range(a: (u32, u32), b: (u32, u32)) -> (u32, u32) {
    let from = a.0.max(b.0);
    (from, a.1.min(b.1).max(from))
}

/// How many weeks from hiring a rep is still ramping: the weeks with
/// (tenure + 1) / ramp weeks below 1, tested in floating point as the week does.
fn ramp_length(ramp_weeks: f64) -> u32 {
    let ramping = |weeks_in: u32| f64::from(weeks_in + 1) / ramp_weeks < 1.0;
    let mut n = ramp_weeks.ceil().max(1.0) as u32;
    while n > 0 && !ramping(n - 1) {
        n -= 1;
    }
    while ramping(n) {
        n += 1;
    }
    n
}

/// The skill odds of the rep who opened a candidate (needed only after a change of rep).
#[cold]
pub(super) fn opener_skill(job: &RepJob<'_>, opener: u32) -> f64 {
    exp(job.skill_effect * job.history.tenures[opener as usize].ln_skill)
}

/// The bound on how much a candidate's odds can grow after it opens: the
/// most skilled of the seat's later reps (or no rep at all, skill 1, when the
/// seat can fall vacant) against its opener, times the best season.
fn ceiling(job: &RepJob<'_>, from: usize, skill_odds: f64) -> f64 {
    let tenures: &[Tenure] = &job.history.tenures[from..];
    let mut best = skill_odds;
    for t in &tenures[1..] {
        best = best.max(exp(job.skill_effect * t.ln_skill));
    }
    if tenures.len() > 1 || tenures[0].leaves {
        best = best.max(1.0);
    }
    (best / skill_odds) * job.params.seasons.win_ceiling
}
