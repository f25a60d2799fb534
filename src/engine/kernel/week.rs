//! One rep's week, as the model contract's weekly loop: each numbered step of
//! the contract is one method below, called in the contract's order by
//! [`RepRun::week`].
//!
//! A new opportunity draws its whole fate at once (fit, value, cycle, second
//! meeting, and the uniform that decides its close) and books what it does to
//! later weeks in the per-week books; only those that would win at full
//! attention are revisited in their close week. So a week costs O(1) plus O(1)
//! per new opportunity, nothing allocates once the scratch space has grown,
//! and the coin flips of the model are counted without branches, which the CPU
//! could not predict.

use super::books::{Candidate, NONE, Scratch, WeekBook};
use super::{Calendar, RepJob, TrialParams};
use crate::numeric::binomial::{binomial_any, binomial_any_u64};
use crate::numeric::math::{exp, max, min, select};
use crate::numeric::rng::{Purpose, Stream};
use crate::stats::{Metric, RepQuarter};

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
}

/// The running state of one rep simulation between weeks.
pub(super) struct RepRun {
    funnel: Stream,
    opps: Stream,
    skill_odds: f64,
    connect_rate: f64,
    /// Chance a touch that is not a first meeting is a connect.
    q_connect_only: f64,
    /// Touches without a meeting so far this quarter.
    connect_only_trials: u64,
    ramp: bool,
    /// Every opportunity open in the CRM (phantoms included), and its value.
    open_first: u32,
    pipe_first: f64,
    /// Qualified opportunities only, and their value.
    open_qualified: u32,
    pipe_second: f64,
    // Loop invariants, hoisted so a week multiplies instead of divides.
    target_pipeline: f64,
    inv_quota: f64,
    touches_per_hour: f64,
}

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
        let skill_odds = exp(job.skill_effect * job.rep.ln_skill);
        // Each touch independently ends as a first meeting (c * p_meeting), a
        // connect without a meeting, or nothing: a multinomial. So meetings are
        // Bin(touches, c * p_meeting), and the connects without a meeting are
        // Bin(touches - meetings, c (1 - p_meeting) / (1 - c * p_meeting)). They feed
        // only the funnel report, so at a fixed rate their weekly draws add up to
        // one draw per counted quarter (a sum of binomials with one p is binomial).
        let c = p.connect_rate;
        let full_meeting_odds = p.meeting_odds * skill_odds;
        let p_meeting = full_meeting_odds / (1.0 + full_meeting_odds);
        scratch.meetings.reset(c * p_meeting);
        RepRun {
            funnel: Stream::new(key.seed, key.trial, key.rep, Purpose::Funnel),
            opps: Stream::new(key.seed, key.trial, key.rep, Purpose::Opportunity),
            skill_odds,
            connect_rate: c,
            q_connect_only: c * (1.0 - p_meeting) / (1.0 - c * p_meeting),
            connect_only_trials: 0,
            ramp: job.rep.new_hire && p.ramp_weeks > 0.0,
            open_first: 0,
            pipe_first: 0.0,
            open_qualified: 0,
            pipe_second: 0.0,
            target_pipeline: p.coverage_target * p.quota,
            inv_quota: 1.0 / p.quota,
            touches_per_hour: if p.hours_per_touch > 0.0 { 1.0 / p.hours_per_touch } else { 0.0 },
        }
    }

    /// Week `week.index`, in the order of the model contract.
    #[inline(always)]
    pub(super) fn week(&mut self, week: Week, job: &RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
        let p = job.params;
        let w = week.index as usize;
        let qi = week.quarter.saturating_sub(cal.warmup_quarters) as usize;
        let productivity = if self.ramp { (f64::from(week.index + 1) / p.ramp_weeks).min(1.0) } else { 1.0 };
        let book = scratch.weeks[w];
        self.qualify(&book);

        if week.counted && week.quarter_start {
            self.record_coverage(&mut scratch.out[qi]);
        }
        let meetings = committed_meetings(&book, p);
        let cadence = self.plan_cadence(p);
        let split = self.prioritise(p, cadence * productivity * p.hours_per_touch, meetings.hours_left);
        // A tiny tolerance keeps 87.5 planned touches from becoming 87.49999 -> 86.
        // Truncation is floor for these non-negative values (and avoids a libm call).
        // Touches = floor(prospecting hours / hours per touch), never more than
        // planned (which bounds it even for absurdly short touches).
        let touches = min(split.prospecting * self.touches_per_hour + 1e-9, cadence * productivity + 1e-9) as u32;
        let attention = attention(&split);
        let attention_through = book.attention_before + attention;
        scratch.weeks[w + 1].attention_before = attention_through;
        let (booked, connects) = self.prospect(touches, productivity, week.counted, p, scratch);
        scratch.weeks[w + 1].first_meetings += booked;
        self.open_opportunities(meetings.first_held, week.index, productivity, job, cal, scratch);
        let closes = self.close(week.index, attention_through, productivity, p, scratch);

        if week.counted {
            let o = &mut scratch.out[qi];
            o[Metric::WonValue] += closes.won_value;
            o[Metric::Won] += f64::from(closes.won);
            o[Metric::Lost] += f64::from(closes.lost);
            o[Metric::PhantomsClosed] += f64::from(closes.phantoms);
            o[Metric::Touches] += f64::from(touches);
            o[Metric::Connects] += f64::from(connects);
            o[Metric::FirstMeetings] += f64::from(meetings.first_held);
            o[Metric::Qualified] += f64::from(meetings.second_held);
            o[Metric::ProspectingHours] += f64::from(touches) * p.hours_per_touch;
            o[Metric::MeetingHours] += meetings.hours;
            o[Metric::DealHours] += split.deal_given;
            o[Metric::Attention] += attention;
            if week.quarter_end {
                self.draw_quarter_connects(o);
            }
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

    /// Step 3: Coverage policy: the full cadence below the target, maintenance at or above it.
    #[inline(always)]
    fn plan_cadence(&self, p: &TrialParams) -> f64 {
        let pipeline = if p.count_first_meeting { self.pipe_first } else { self.pipe_second };
        // coverage = pipeline / quota < target, without the division.
        select(pipeline < self.target_pipeline, p.touches_per_week, p.maintenance_share * p.touches_per_week)
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

    /// Step 6: Prospecting funnel, as counts: first meetings booked for next week,
    /// and the connects to report now (the rest are drawn once per quarter).
    #[inline(always)]
    fn prospect(&mut self, touches: u32, productivity: f64, counted: bool, p: &TrialParams, scratch: &mut Scratch) -> (u32, u32) {
        let c = self.connect_rate;
        if self.ramp && productivity < 1.0 {
            // A ramping rep's meeting rate changes weekly: draw this week's connects now.
            let odds = p.meeting_odds * self.skill_odds * productivity;
            let pm = odds / (1.0 + odds);
            let booked = binomial_any(touches, c * pm, &mut self.funnel);
            let others = if counted { binomial_any(touches - booked, c * (1.0 - pm) / (1.0 - c * pm), &mut self.funnel) } else { 0 };
            (booked, booked + others)
        } else {
            let booked = scratch.meetings.sample(touches, &mut self.funnel);
            if counted {
                self.connect_only_trials += u64::from(touches - booked);
            }
            (booked, booked)
        }
    }

    /// Step 7: New opportunities from the first meetings held this week. Their
    /// fate is drawn now; what each does to later weeks is booked ahead.
    #[inline(always)]
    fn open_opportunities(&mut self, first_held: u32, w: u32, productivity: f64, job: &RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
        let p = job.params;
        let tables = &job.tables;
        let weeks = cal.total_weeks();
        let wi = w as usize;
        let second_base = p.second_meeting_odds * self.skill_odds * productivity;
        let win_base = p.win_odds * self.skill_odds;
        for _ in 0..first_held {
            let opps = &mut self.opps;
            let (fit_odds, size_mult) = tables.fit.draw(opps);
            let value = exp(p.ln_deal_size_median + p.deal_size_sigma * opps.normal()) * size_mult;
            let close = w + 1 + tables.cycle.sample(opps);
            let odds2 = second_base * fit_odds;
            let second = opps.uniform() * (1.0 + odds2) < odds2;
            let fate = opps.uniform();
            self.pipe_first += value;
            self.open_first += 1;
            // Qualified or phantom is a coin flip the CPU cannot predict: book
            // both without branching.
            let s = u32::from(second);
            let qualified_value = if second { value } else { 0.0 };
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
            // Attention and a ramp can only lower the win odds below these, so
            // an opportunity that loses at full odds is lost now; one that
            // would win waits for its close week to check.
            let odds = win_base * fit_odds;
            let wins_at_full_odds = fate * (1.0 + odds) < odds;
            c.closing_lost += u32::from(second & !wins_at_full_odds);
            if second & wins_at_full_odds {
                let next = c.candidates;
                c.candidates = scratch.pool.len() as u32;
                scratch.pool.push(Candidate { value, odds, fate, qualified_from: w + 2, next });
            }
        }
    }

    /// Step 8: Close: every opportunity closing this week leaves the pipeline;
    /// phantoms and known losses are counts, candidates are checked at the
    /// mean attention of their qualified weeks.
    #[inline(always)]
    fn close(&mut self, w: u32, attention_through: f64, productivity: f64, p: &TrialParams, scratch: &Scratch) -> Closes {
        let closing = &scratch.weeks[w as usize];
        self.pipe_first -= closing.closing_value;
        self.open_first -= closing.closing;
        self.pipe_second -= closing.closing_qualified_value;
        self.open_qualified -= closing.closing_qualified;
        let mut closes =
            Closes { won: 0, won_value: 0.0, lost: closing.closing_lost, phantoms: closing.closing - closing.closing_qualified };
        let mut next = closing.candidates;
        while next != NONE {
            let o = scratch.pool[next as usize];
            next = o.next;
            let attention_sum = attention_through - scratch.weeks[o.qualified_from as usize].attention_before;
            let open_weeks = f64::from(w + 1 - o.qualified_from);
            let mut odds = o.odds * productivity;
            // Every week at full attention (the common case) leaves the odds alone.
            if attention_sum < open_weeks && p.attention_effect > 0.0 {
                let mean_attention = attention_sum / open_weeks;
                odds *= if mean_attention > 0.0 { exp(p.attention_effect * mean_attention.ln()) } else { 0.0 };
            }
            if o.fate * (1.0 + odds) < odds {
                closes.won += 1;
                closes.won_value += o.value;
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

    /// The quarter's connects without a meeting, one binomial draw (see [`RepRun::start`]).
    #[inline(always)]
    fn draw_quarter_connects(&mut self, out: &mut RepQuarter) {
        if self.connect_only_trials > 0 {
            out[Metric::Connects] += binomial_any_u64(self.connect_only_trials, self.q_connect_only, &mut self.funnel) as f64;
            self.connect_only_trials = 0;
        }
    }
}

/// Step 2: Committed meetings: first meetings booked last week and second meetings
/// due this week take place; what is left of the week is the budget.
#[inline(always)]
fn committed_meetings(book: &WeekBook, p: &TrialParams) -> Meetings {
    let first_held = book.first_meetings;
    let second_held = book.second_meetings;
    let hours = f64::from(first_held) * p.hours_per_first_meeting + f64::from(second_held) * p.hours_per_second_meeting;
    Meetings { first_held, second_held, hours, hours_left: max(p.hours_per_week - hours, 0.0) }
}

/// Step 5: Attention: deal hours given / needed, 1 when every deal got its hours
/// (also when none needed any).
#[inline(always)]
fn attention(split: &Split) -> f64 {
    select(split.deal_given >= split.deal_needed, 1.0, split.deal_given / split.deal_needed)
}
