//! What a rep simulation keeps between weeks besides its running totals:
//! per-week books filled ahead as opportunities open, and the candidates that
//! might still win, linked into their close week's list.

use super::Calendar;
use super::log::Logged;
use super::territory::Returns;
use crate::numeric::small_binomial::SmallBinomial;
use crate::stats::RepQuarter;
use crate::stats::territory::ListTally;

/// An opportunity that would be won at full attention and productivity,
/// waiting in its close-week list to learn whether it still is.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Candidate {
    pub(super) value: f64,
    /// Win odds at full attention and productivity (base x fit x the skill
    /// of the rep who opened it).
    pub(super) odds: f64,
    /// The tenure (index in the seat's history) that opened it.
    pub(super) opener: u32,
    /// The uniform that decides the close, drawn with the opportunity.
    pub(super) fate: f64,
    /// First week it is qualified (attention counts from here).
    pub(super) qualified_from: u32,
    /// Next candidate closing in the same week (index into the pool).
    pub(super) next: u32,
}

/// Memory of one candidate in a seat's pool (for the size guard).
pub const CANDIDATE_BYTES: usize = std::mem::size_of::<Candidate>();

/// End of a close-week list: the pool's first entry, never a candidate, so
/// that an empty week is all zeros and clearing the books is a memset.
pub(super) const NONE: u32 = 0;

/// A seat's candidates, in the order they opened, from index 1 on (0 is
/// [`NONE`]). Whether a new opportunity becomes one is a coin flip the CPU
/// cannot predict, so every opportunity is written at the end and the end
/// moves past it only when it is kept.
pub(super) struct Pool {
    /// [`NONE`]'s placeholder, the candidates, then room for the next ones
    /// (written, never read).
    items: Vec<Candidate>,
    len: usize,
}

impl Default for Pool {
    fn default() -> Pool {
        Pool { items: vec![Candidate::default()], len: 1 }
    }
}

impl Pool {
    pub(super) fn clear(&mut self) {
        self.len = 1;
    }

    /// Room for `n` more writes: once per week, not once per opportunity.
    #[inline(always)]
    pub(super) fn reserve(&mut self, n: u32) {
        let needed = self.len + n as usize;
        if self.items.len() < needed {
            self.items.resize(needed.next_power_of_two(), Candidate::default());
        }
    }

    /// Write `c` at the end and keep it when `keep`; returns its index
    /// either way. Needs room ([`Pool::reserve`]).
    #[inline(always)]
    pub(super) fn push_if(&mut self, keep: bool, c: Candidate) -> u32 {
        let index = self.len;
        self.items[index] = c;
        self.len += usize::from(keep);
        index as u32
    }

    #[inline(always)]
    pub(super) fn get(&self, index: u32) -> Candidate {
        self.items[index as usize]
    }
}

/// What is known ahead about one week, filled in as opportunities open:
/// one cache line per week.
#[derive(Clone, Copy, Debug)]
#[repr(align(64))]
pub(super) struct WeekBook {
    /// First meetings held this week (booked the week before).
    pub(super) first_meetings: u32,
    /// Second meetings held this week.
    pub(super) second_meetings: u32,
    /// Opportunities qualified from this week on, and their value.
    pub(super) qualifying: u32,
    pub(super) qualifying_value: f64,
    /// Opportunities closing this week (phantoms included), and their value.
    pub(super) closing: u32,
    pub(super) closing_value: f64,
    /// Of those, the qualified ones, and their value.
    pub(super) closing_qualified: u32,
    pub(super) closing_qualified_value: f64,
    /// Qualified ones already known lost: they lose even at full attention.
    pub(super) closing_lost: u32,
    /// First candidate closing this week (index into the pool).
    pub(super) candidates: u32,
    /// Sum of attention over the weeks before this one.
    pub(super) attention_before: f64,
}

pub(super) const EMPTY_WEEK: WeekBook = WeekBook {
    first_meetings: 0,
    second_meetings: 0,
    qualifying: 0,
    qualifying_value: 0.0,
    closing: 0,
    closing_value: 0.0,
    closing_qualified: 0,
    closing_qualified_value: 0.0,
    closing_lost: 0,
    candidates: NONE,
    attention_before: 0.0,
};

/// One rep's counted quarter in one seat: the rep-quarter and what its quota
/// and the year's tallies need.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RepQuarterOut {
    /// Counted quarter (0-based).
    pub quarter: u32,
    /// Which of the seat's tenures (index in its history).
    pub tenure: u32,
    /// Weeks of the quarter the rep was in the seat.
    pub weeks: u32,
    /// Sum of the rep's productivity over those weeks.
    pub productivity: f64,
    pub rq: RepQuarter,
}

/// One seat's counted quarter, whoever sat in it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SeatQuarter {
    /// Weeks the seat existed (planned hires open later).
    pub open_weeks: u32,
    /// Weeks a rep sat in it.
    pub filled_weeks: u32,
    /// Weeks its rep was still ramping (productivity below 1).
    pub ramping_weeks: u32,
    /// Won value of inherited deals that closed while it was vacant: the
    /// team's bookings, no rep's.
    pub vacant_won: f64,
    /// Its list of accounts (with a finite market).
    pub list: ListTally,
}

/// Reusable per-worker memory for one seat simulation at a time.
#[derive(Default)]
pub struct Scratch {
    /// One entry per simulated week, then sinks for events past the horizon
    /// (written, never read: cheaper than a branch per opportunity).
    pub(super) weeks: Vec<WeekBook>,
    /// The seat's candidates, linked into per-week close lists.
    pub(super) pool: Pool,
    pub(super) meetings: SmallBinomial,
    /// First meetings of re-touches (a finite market).
    pub(super) retouch_meetings: SmallBinomial,
    /// Accounts coming back per week, then a sink (a finite market).
    pub(super) returns: Vec<Returns>,
    /// The result: every rep-quarter of the seat, in order of time.
    pub out: Vec<RepQuarterOut>,
    /// The seat per counted quarter.
    pub seat: Vec<SeatQuarter>,
    /// Every opportunity of the seat, when the simulation records them.
    pub(super) log: Logged,
}

impl Scratch {
    pub(super) fn reset(&mut self, cal: Calendar) {
        self.weeks.clear();
        self.weeks.resize(cal.total_weeks() as usize + 3, EMPTY_WEEK);
        self.pool.clear();
        self.out.clear();
        self.seat.clear();
        self.seat.resize(cal.quarters as usize, SeatQuarter::default());
    }

    /// Empty weekly returns of a list (only a finite market has one).
    pub(super) fn reset_returns(&mut self, cal: Calendar) {
        self.returns.clear();
        self.returns.resize(cal.total_weeks() as usize + 1, Returns::default());
    }

    /// Forget every opportunity and booked meeting from week `w` on (a
    /// leaver's lost deals, a warm-up history handed to a new hire). The
    /// attention summed before `w` stays: it is history, not book.
    pub(super) fn clear_book_from(&mut self, w: usize) {
        for book in &mut self.weeks[w..] {
            *book = WeekBook { attention_before: book.attention_before, ..EMPTY_WEEK };
        }
        self.pool.clear();
    }
}
