//! One seat's week, as the model contract's weekly loop: each numbered step
//! of the contract is one method below, called in the contract's order by
//! [`RepRun::week`]. Around the steps, the seat's history decides who works
//! the week: a rep (ramping or not), nobody (a vacancy: deals wait, closes
//! still happen), or a change of rep at its start or end (`seat`: arrivals,
//! leavers and the seat's quarters).
//!
//! A new opportunity draws its whole fate at once (fit, value, cycle, second
//! meeting, and the uniform that decides its close; by its number, see
//! `draws`) and books what it does to
//! later weeks in the per-week books; only those that would win at full
//! attention are revisited in their close week. So a week costs O(1) plus
//! O(1) per new opportunity, nothing allocates once the scratch space has
//! grown, and the coin flips of the model are counted without branches,
//! which the CPU could not predict.

use super::books::{Candidate, NONE, Scratch, WeekBook};
use super::draws::{OpportunityDraws, Sizes};
use super::log::LoggedOpportunity;
use super::territory::List;
use super::{Calendar, Market, RepJob, TrialParams};
use crate::numeric::binomial::binomial_any_u64;
use crate::numeric::math::{exp, max, min, select, select_u32};
use crate::numeric::rng::{Purpose, Stream, stream_key};
use crate::stats::{Metric, RepQuarter};

mod seat;

use seat::{NEVER, opener_skill, tally_seat};

/// Where a week falls in the calendar (the same for every simulation).
#[derive(Clone, Copy)]
pub(super) struct Week {
    pub(super) index: u32,
    pub(super) quarter_start: bool,
    pub(super) quarter_end: bool,
    /// In a counted quarter (not the warm-up).
    pub(super) counted: bool,
    /// Quarter index from the first simulated quarter.
    pub(super) quarter: u32,
    /// Quarter of the year (0-3).
    pub(super) season: usize,
}

/// The running state of one seat simulation between weeks. In the order
/// written (`repr(C)`), so that the two pipelines are not neighbours (a
/// compile-time check below): the compiler would subtract the week's closes
/// from both with one 16-byte load just after the opportunities' step stored
/// one of them with an 8-byte store, a load the CPU cannot forward from the
/// store and stalls on (measured: a tenth of the week loop's samples on that
/// instruction).
#[repr(C)]
pub(super) struct RepRun {
    funnel: Stream,
    /// The next opportunities' draws.
    opportunities: OpportunityDraws,
    /// Index of the current or next tenure in the seat's history.
    tenure: usize,
    /// Whether a rep sits in the seat this week.
    present: bool,
    /// The week the next tenure starts, and the last week of the current one
    /// when its rep leaves or hands over ([`NEVER`] when there is none).
    next_arrival: u32,
    next_leave: u32,
    skill_odds: f64,
    /// Multiplier of a candidate's odds bounding every later closer's skill
    /// and season (1 when one rep keeps the seat all along and seasons are flat).
    ceiling: f64,
    hired: Option<u32>,
    /// The season the funnel's rates were set for.
    season: usize,
    /// Chance a touch that is not a first meeting is a connect.
    q_connect_only: f64,
    /// Touches without a meeting so far in the current rep-quarter.
    connect_only_trials: u64,
    /// The same for re-touches of a finite list, whose connect odds differ.
    q_retouch_connect_only: f64,
    retouch_only_trials: u64,
    /// The seat's list of accounts (a finite market only).
    list: List,
    /// Every opportunity open in the CRM (phantoms included), and its value.
    open_first: u32,
    pipe_first: f64,
    /// Qualified opportunities only, and their value.
    open_qualified: u32,
    pipe_second: f64,
    /// The rep-quarter being counted (index into the scratch's `out`).
    slot: Option<usize>,
    // Loop invariants, hoisted so a week multiplies instead of divides.
    target_pipeline: f64,
    inv_quota: f64,
    touches_per_hour: f64,
}

// The pipelines apart, whatever the order the fields are written in later.
const _: () = {
    let (first, second) = (std::mem::offset_of!(RepRun, pipe_first), std::mem::offset_of!(RepRun, pipe_second));
    assert!(first.abs_diff(second) > 8, "RepRun's two pipelines must not be neighbours");
};

/// The result of step 2: the meetings held this week and the hours they leave.
struct Meetings {
    first_held: u32,
    second_held: u32,
    hours: f64,
    hours_left: f64,
}

/// The result of step 4: hours for prospecting and for deals.
struct Split {
    prospecting: f64,
    deal_given: f64,
    deal_needed: f64,
}

/// The result of step 8: what closed this week.
struct Closes {
    won: u32,
    won_value: f64,
    lost: u32,
    phantoms: u32,
}

impl RepRun {
    pub(super) fn start(job: &RepJob<'_>, cal: Calendar, scratch: &mut Scratch) -> RepRun {
        let p = job.params;
        let key = job.key;
        scratch.reset(cal);
        tally_seat(job, cal, &mut scratch.seat);
        let mut run = RepRun {
            funnel: Stream::new(key.seed, key.trial, key.rep, Purpose::Funnel),
            opportunities: OpportunityDraws::new(stream_key(key.seed, key.trial, key.rep, Purpose::Opportunity)),
            tenure: 0,
            present: false,
            next_arrival: job.history.tenures.first().map_or(NEVER, |t| t.from),
            next_leave: NEVER,
            skill_odds: 1.0,
            ceiling: 1.0,
            hired: None,
            season: cal.season(0),
            q_connect_only: 0.0,
            connect_only_trials: 0,
            q_retouch_connect_only: 0.0,
            retouch_only_trials: 0,
            list: List::default(),
            open_first: 0,
            pipe_first: 0.0,
            open_qualified: 0,
            pipe_second: 0.0,
            slot: None,
            target_pipeline: p.coverage_target * p.quota,
            inv_quota: 1.0 / p.quota,
            touches_per_hour: if p.hours_per_touch > 0.0 { 1.0 / p.hours_per_touch } else { 0.0 },
        };
        if let Some(m) = &p.market {
            run.list = List::new(m.accounts);
            scratch.reset_returns(cal);
        }
        if job.history.tenures.first().is_some_and(|t| t.from == 0) {
            run.arrive(job, 0, scratch);
        }
        run
    }

    /// Week `week.index`, in the order of the model contract. `STEADY` says
    /// the seat is [steady](RepJob::is_steady): the checks for arrivals,
    /// leavers, vacancies and ramps then compile away; without `RARE` (the
    /// seat has no finite market and no per-deal size shape) so do the list
    /// and the shape. `LOG` records every opportunity in the scratch's log
    /// (off, it compiles away too).
    #[inline(always)]
    pub(super) fn week<const STEADY: bool, const RARE: bool, const LOG: bool>(
        &mut self,
        week: Week,
        job: &RepJob<'_>,
        cal: Calendar,
        scratch: &mut Scratch,
    ) {
        let w = week.index;
        if week.quarter_start {
            self.new_quarter(week.season, job, scratch);
        }
        if !STEADY && w == self.next_arrival {
            if job.history.tenures[self.tenure].clears_book {
                self.clear_book(w, job, scratch);
                if LOG {
                    scratch.log.cleared(w, None);
                }
            }
            self.arrive(job, self.tenure, scratch);
        }
        if let (true, Some(m)) = (RARE, &job.params.market) {
            self.list_week(week, m, cal, scratch);
        }
        let book = scratch.weeks[w as usize];
        self.qualify(&book);
        if STEADY || self.present {
            self.working_week::<STEADY, RARE, LOG>(week, &book, job, cal, scratch);
        } else {
            self.vacant_week::<LOG>(week, &book, job, cal, scratch);
        }
        if let (true, Some(m)) = (RARE, &job.params.market) {
            // The list's accounting, every week (checked in tests, free in release).
            debug_assert_eq!(self.list.total(), m.accounts, "week {w}: {:?}", self.list);
            debug_assert_eq!(self.list.out, self.open_first + scratch.weeks[w as usize + 1].first_meetings, "week {w}");
        }
    }

    /// The list at the start of a week: returns and the accounts of this
    /// week's closes (see [`List::start_week`]); what is available at the
    /// start of a counted quarter is reported.
    #[inline(always)]
    fn list_week(&mut self, week: Week, m: &Market, cal: Calendar, scratch: &mut Scratch) {
        let w = week.index;
        self.list.start_week(w, scratch.weeks[w as usize].closing, m, &mut scratch.returns);
        if week.counted && week.quarter_start {
            let seat = &mut scratch.seat[(week.quarter - cal.warmup_quarters) as usize];
            if seat.open_weeks > 0 {
                seat.list.listed = true;
                seat.list.available = self.list.available();
                seat.list.fresh = self.list.fresh;
            }
        }
    }

    /// A week with a rep in the seat: the contract's steps 1 to 8.
    #[inline(always)]
    fn working_week<const STEADY: bool, const RARE: bool, const LOG: bool>(
        &mut self,
        week: Week,
        book: &WeekBook,
        job: &RepJob<'_>,
        cal: Calendar,
        scratch: &mut Scratch,
    ) {
        let p = job.params;
        let w = week.index as usize;
        let productivity = if STEADY { 1.0 } else { self.productivity(week.index, p) };
        let leaving = !STEADY && week.index == self.next_leave;
        if week.counted && self.slot.is_none() {
            self.open_slot(week.quarter - cal.warmup_quarters, scratch);
        }
        let meetings = committed_meetings(book, p, week.season);
        let (cadence, at_target) = self.plan_cadence(p);
        let split = self.prioritise(p, cadence * productivity * p.hours_per_touch, meetings.hours_left);
        // A tiny tolerance keeps 87.5 planned touches from becoming 87.49999 -> 86.
        // Truncation is floor for these non-negative values (and avoids a libm call).
        // Touches = floor(prospecting hours / hours per touch), never more than
        // planned (which bounds it even for absurdly short touches).
        let planned = min(split.prospecting * self.touches_per_hour + 1e-9, cadence * productivity + 1e-9) as u32;
        let attention = attention(&split);
        let attention_through = book.attention_before + attention;
        scratch.weeks[w + 1].attention_before = attention_through;
        let (touches, booked) = match (RARE, &p.market) {
            (true, Some(m)) => self.prospect_list(planned, week, m, cal, scratch),
            _ => (planned, self.prospect(planned, week.counted, scratch)),
        };
        // A leaver's meetings booked for next week are cancelled.
        scratch.weeks[w + 1].first_meetings += if leaving { 0 } else { booked };
        if let (true, true, Some(m)) = (RARE, leaving, &p.market) {
            self.list.cancel(booked, week.index, m, &mut scratch.returns);
        }
        self.open_opportunities::<RARE, LOG>(meetings.first_held, week, !leaving, job, cal, scratch);
        let closes = self.close::<STEADY, LOG>(week, attention_through, productivity, job, scratch);
        if let (true, Some(slot)) = (week.counted, self.slot) {
            let out = &mut scratch.out[slot];
            out.weeks += 1;
            out.productivity += productivity;
            out.rq[Metric::AtTarget] += f64::from(u8::from(at_target));
            record(&mut out.rq, p, touches, booked, &meetings, &split, attention, &closes);
        }
        if week.counted && week.quarter_end {
            self.flush_connects(scratch);
        }
        if leaving {
            self.leave(week, job, scratch);
            if LOG && p.orphans_lost {
                scratch.log.cleared(week.index + 1, Some(week.index));
            }
        }
    }

    /// A week with nobody in the seat: no meetings, no prospecting, no deal
    /// hours; inherited deals still close, with no rep's skill.
    #[inline(always)]
    fn vacant_week<const LOG: bool>(&mut self, week: Week, book: &WeekBook, job: &RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
        let w = week.index as usize;
        let needed = f64::from(self.open_qualified) * job.params.deal_hours_per_week;
        let attention = select(needed > 0.0, 0.0, 1.0);
        let attention_through = book.attention_before + attention;
        scratch.weeks[w + 1].attention_before = attention_through;
        let closes = self.close::<false, LOG>(week, attention_through, 1.0, job, scratch);
        if week.counted {
            scratch.seat[(week.quarter - cal.warmup_quarters) as usize].vacant_won += closes.won_value;
        }
    }

    /// Opportunities whose second meeting was last week are qualified from now
    /// on (added unconditionally: a branch here would be a coin flip).
    #[inline(always)]
    fn qualify(&mut self, book: &WeekBook) {
        self.pipe_second += book.qualifying_value;
        self.open_qualified += book.qualifying;
    }

    /// Step 1: Quarter start: record coverage both ways before anything else.
    #[inline(always)]
    fn record_coverage(&self, out: &mut RepQuarter) {
        out[Metric::CoverageFirst] = self.pipe_first * self.inv_quota;
        out[Metric::CoverageSecond] = self.pipe_second * self.inv_quota;
    }

    /// Step 3: Coverage policy: the full cadence below the target, maintenance
    /// at or above it (also returned: whether the target is reached).
    #[inline(always)]
    fn plan_cadence(&self, p: &TrialParams) -> (f64, bool) {
        let pipeline = if p.count_first_meeting { self.pipe_first } else { self.pipe_second };
        // coverage = pipeline / quota < target, without the division.
        let below = pipeline < self.target_pipeline;
        (select(below, p.touches_per_week, p.maintenance_share * p.touches_per_week), !below)
    }

    /// Step 4: Priority: who gets the hours left after meetings first.
    #[inline(always)]
    fn prioritise(&self, p: &TrialParams, planned_hours: f64, hours_left: f64) -> Split {
        let deal_needed = f64::from(self.open_qualified) * p.deal_hours_per_week;
        let (prospecting, deal_given) = if p.mandate {
            let pr = min(planned_hours, hours_left);
            (pr, min(deal_needed, hours_left - pr))
        } else {
            let d = min(deal_needed, hours_left);
            (min(planned_hours, hours_left - d), d)
        };
        Split { prospecting, deal_given, deal_needed }
    }

    /// Step 6: Prospecting funnel, as counts: first meetings booked for next
    /// week (the connects without a meeting are drawn once per rep-quarter).
    #[inline(always)]
    fn prospect(&mut self, touches: u32, counted: bool, scratch: &mut Scratch) -> u32 {
        let booked = scratch.meetings.sample(touches, &mut self.funnel);
        if counted {
            self.connect_only_trials += u64::from(touches - booked);
        }
        booked
    }

    /// Step 6 on a finite list: the planned touches that the available
    /// accounts can take, fresh ones first; first meetings of fresh touches
    /// and of re-touches (whose connect odds differ), each at most one per
    /// account worked. Returns the touches made and the meetings booked.
    #[inline(always)]
    fn prospect_list(&mut self, planned: u32, week: Week, m: &Market, cal: Calendar, scratch: &mut Scratch) -> (u32, u32) {
        let worked = self.list.work(planned, m);
        let fresh = scratch.meetings.sample(worked.fresh_touches, &mut self.funnel).min(worked.fresh_accounts);
        let again = if worked.retouches > 0 {
            scratch.retouch_meetings.sample(worked.retouches, &mut self.funnel).min(worked.retouched_accounts)
        } else {
            0
        };
        if week.counted {
            self.connect_only_trials += u64::from(worked.fresh_touches - fresh);
            self.retouch_only_trials += u64::from(worked.retouches - again);
            let list = &mut scratch.seat[(week.quarter - cal.warmup_quarters) as usize].list;
            list.fresh_touches += worked.fresh_touches;
            list.retouches += worked.retouches;
            list.unmade += planned - worked.touches;
        }
        self.list.worked(&worked, fresh + again, week.index, m, &mut scratch.returns);
        (worked.touches, fresh + again)
    }

    /// Step 7: New opportunities from the first meetings held this week. Their
    /// fate is drawn now; what each does to later weeks is booked ahead. A
    /// leaver's second meetings are cancelled (`seconds` false): theirs stay
    /// unqualified.
    #[inline(always)]
    fn open_opportunities<const RARE: bool, const LOG: bool>(
        &mut self,
        first_held: u32,
        week: Week,
        seconds: bool,
        job: &RepJob<'_>,
        cal: Calendar,
        scratch: &mut Scratch,
    ) {
        if first_held == 0 {
            return;
        }
        let p = job.params;
        let tables = &job.tables;
        let cycle = &tables.cycles[p.seasons.cycle[week.season]];
        let weeks = cal.total_weeks();
        let w = week.index;
        let wi = w as usize;
        let second_base = p.second_meeting_odds * self.skill_odds;
        let win_base = p.win_odds * self.skill_odds;
        let sizes = Sizes {
            ln_median: p.ln_deal_size_median,
            sigma: p.deal_size_sigma,
            median: p.deal_size_median,
            shape: if RARE { p.deal_size_shape.as_deref() } else { None },
        };
        // The pipeline in a local: a register for the loop, not memory.
        let mut pipe_first = self.pipe_first;
        scratch.pool.reserve(first_held);
        for _ in 0..first_held {
            let drawn = self.opportunities.next(tables.fit, &sizes, cycle);
            let (fit_odds, value, fate) = (drawn.fit_odds, drawn.value, drawn.fate);
            let close = w + 1 + drawn.cycle;
            let odds2 = second_base * fit_odds;
            let second = (drawn.second * (1.0 + odds2) < odds2) & seconds;
            pipe_first += value;
            if LOG {
                let qualified = second.then_some(w + 1);
                scratch.log.opened(LoggedOpportunity { tenure: self.tenure as u32, created: w, qualified, close, value, won: false });
            }
            // Qualified or phantom is a coin flip the CPU cannot predict: book
            // both without branching.
            let s = u32::from(second);
            let qualified_value = select(second, value, 0.0);
            scratch.weeks[wi + 1].second_meetings += s;
            let q = &mut scratch.weeks[wi + 2];
            q.qualifying += s;
            q.qualifying_value += qualified_value;
            // Closes past the horizon go to a sink entry that is never read.
            let at = close.min(weeks) as usize;
            let c = &mut scratch.weeks[at];
            c.closing += 1;
            c.closing_value += value;
            c.closing_qualified += s;
            c.closing_qualified_value += qualified_value;
            // Attention, a ramp and a less skilled closer can only lower the
            // win odds below the ceiling, so an opportunity that loses there is
            // lost now; one that would win waits for its close week to check.
            let odds = win_base * fit_odds;
            let full = odds * self.ceiling;
            let wins_at_full_odds = fate * (1.0 + full) < full;
            c.closing_lost += u32::from(second & !wins_at_full_odds);
            // A possible win heads its close week's list; written either way.
            let keep = second & wins_at_full_odds;
            let next = c.candidates;
            let candidate = Candidate { value, odds, opener: self.tenure as u32, fate, qualified_from: w + 2, next };
            let index = scratch.pool.push_if(keep, candidate);
            c.candidates = select_u32(keep, index, next);
            if LOG && keep {
                scratch.log.candidate(index);
            }
        }
        self.pipe_first = pipe_first;
        self.open_first += first_held;
    }

    /// Step 8: Close: every opportunity closing this week leaves the pipeline;
    /// phantoms and known losses are counts, candidates are checked at the
    /// mean attention of their qualified weeks, by whoever sits in the seat
    /// (nobody: no skill shift).
    #[inline(always)]
    fn close<const STEADY: bool, const LOG: bool>(
        &mut self,
        week: Week,
        attention_through: f64,
        productivity: f64,
        job: &RepJob<'_>,
        scratch: &mut Scratch,
    ) -> Closes {
        let p = job.params;
        let w = week.index;
        let closing = &scratch.weeks[w as usize];
        self.pipe_first -= closing.closing_value;
        self.open_first -= closing.closing;
        self.pipe_second -= closing.closing_qualified_value;
        self.open_qualified -= closing.closing_qualified;
        let mut closes =
            Closes { won: 0, won_value: 0.0, lost: closing.closing_lost, phantoms: closing.closing - closing.closing_qualified };
        let season_win = p.seasons.win[week.season];
        let mut next = closing.candidates;
        while next != NONE {
            let o = scratch.pool.get(next);
            let index = next;
            next = o.next;
            let attention_sum = attention_through - scratch.weeks[o.qualified_from as usize].attention_before;
            let open_weeks = f64::from(w + 1 - o.qualified_from);
            let mut odds = o.odds;
            if !STEADY && (o.opener as usize != self.tenure || !self.present) {
                let closer_skill = if self.present { self.skill_odds } else { 1.0 };
                odds = odds / opener_skill(job, o.opener) * closer_skill;
            }
            odds *= productivity * season_win;
            // Every week at full attention (the common case) leaves the odds alone.
            if attention_sum < open_weeks && p.attention_effect > 0.0 {
                let mean_attention = attention_sum / open_weeks;
                odds *= if mean_attention > 0.0 { exp(p.attention_effect * mean_attention.ln()) } else { 0.0 };
            }
            if o.fate * (1.0 + odds) < odds {
                closes.won += 1;
                closes.won_value += o.value;
                if LOG {
                    scratch.log.won(index);
                }
            } else {
                closes.lost += 1;
            }
        }
        // Float sums drift by rounding; an empty pipeline is exactly empty.
        if self.open_first == 0 {
            self.pipe_first = 0.0;
        }
        if self.open_qualified == 0 {
            self.pipe_second = 0.0;
        }
        closes
    }

    /// The rep-quarter's connects without a meeting, one binomial draw (see
    /// [`RepRun::set_funnel`]), and one more for re-touches of a finite list.
    #[inline(always)]
    fn flush_connects(&mut self, scratch: &mut Scratch) {
        if self.connect_only_trials > 0 {
            let connects = binomial_any_u64(self.connect_only_trials, self.q_connect_only, &mut self.funnel) as f64;
            if let Some(slot) = self.slot {
                scratch.out[slot].rq[Metric::Connects] += connects;
            }
            self.connect_only_trials = 0;
        }
        if self.retouch_only_trials > 0 {
            let connects = binomial_any_u64(self.retouch_only_trials, self.q_retouch_connect_only, &mut self.funnel) as f64;
            if let Some(slot) = self.slot {
                scratch.out[slot].rq[Metric::Connects] += connects;
            }
            self.retouch_only_trials = 0;
        }
    }
}

/// Step 2: Committed meetings: first meetings booked last week and second meetings
/// due this week take place; what is left of the week is the budget.
#[inline(always)]
fn committed_meetings(book: &WeekBook, p: &TrialParams, season: usize) -> Meetings {
    let first_held = book.first_meetings;
    let second_held = book.second_meetings;
    let hours = f64::from(first_held) * p.hours_per_first_meeting + f64::from(second_held) * p.hours_per_second_meeting;
    Meetings { first_held, second_held, hours, hours_left: max(p.seasons.hours[season] - hours, 0.0) }
}

/// Step 5: Attention: deal hours given / needed, 1 when every deal got its hours
/// (also when none needed any).
#[inline(always)]
fn attention(split: &Split) -> f64 {
    select(split.deal_given >= split.deal_needed, 1.0, split.deal_given / split.deal_needed)
}

/// The week's tallies into the rep-quarter.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn record(
    o: &mut RepQuarter,
    p: &TrialParams,
    touches: u32,
    booked: u32,
    meetings: &Meetings,
    split: &Split,
    attention: f64,
    closes: &Closes,
) {
    o[Metric::WonValue] += closes.won_value;
    o[Metric::Won] += f64::from(closes.won);
    o[Metric::Lost] += f64::from(closes.lost);
    o[Metric::PhantomsClosed] += f64::from(closes.phantoms);
    o[Metric::Touches] += f64::from(touches);
    o[Metric::Connects] += f64::from(booked);
    o[Metric::FirstMeetings] += f64::from(meetings.first_held);
    o[Metric::Qualified] += f64::from(meetings.second_held);
    o[Metric::ProspectingHours] += f64::from(touches) * p.hours_per_touch;
    o[Metric::MeetingHours] += meetings.hours;
    o[Metric::DealHours] += split.deal_given;
    o[Metric::Attention] += attention;
}
