//! The rep-quarter kernel: one rep living through the warm-up and counted
//! quarters, week by week, in exactly the order of the model contract.
//!
//! Per week: quarter-start coverage record, committed meetings, coverage
//! policy, priority between prospecting and deals, attention, binomial
//! prospecting funnel, new opportunities, closes. Pipeline sums and attention
//! are kept incrementally. A new opportunity draws its whole fate at once
//! (fit, value, cycle, second meeting, and the uniform that decides its close)
//! and books what it does to later weeks in per-week books; only those that
//! would win at full attention are revisited in their close week. So a week
//! costs O(1) plus O(1) per new opportunity, nothing allocates once the
//! scratch space has grown, and the coin flips of the model are counted
//! without branches, which the CPU could not predict. Two simulations advance
//! side by side (see [`simulate_reps`]).

use super::math::{exp, max, min, select};
use super::rng::{Purpose, Stream};
use super::sampling::{DiscreteTable, FitMultipliers, SmallBinomial, binomial_any, binomial_any_u64};
use crate::stats::Metric;
pub use crate::stats::RepQuarter;

/// Concrete parameters of one strategy in one trial (uncertain inputs drawn).
#[derive(Clone, Debug)]
pub struct TrialParams {
    pub quota: f64,
    pub hours_per_week: f64,
    pub new_hire_share: f64,
    pub ramp_weeks: f64,
    pub coverage_target: f64,
    pub maintenance_share: f64,
    pub count_first_meeting: bool,
    pub mandate: bool,
    pub hours_per_first_meeting: f64,
    pub hours_per_second_meeting: f64,
    pub deal_hours_per_week: f64,
    pub second_meeting_odds: f64,
    pub win_odds: f64,
    pub attention_effect: f64,
    pub ln_deal_size_median: f64,
    pub deal_size_sigma: f64,
    pub touches_per_week: f64,
    pub hours_per_touch: f64,
    pub connect_rate: f64,
    pub meeting_odds: f64,
}

/// Per-rep inputs shared by every strategy (common random numbers).
#[derive(Clone, Copy, Debug)]
pub struct RepDraw {
    /// ln(skill) = sigma*Z - sigma^2/2, before skill_effect.
    pub ln_skill: f64,
    pub new_hire: bool,
}

/// An opportunity that would be won at full attention and productivity,
/// waiting in its close-week list to learn whether it still is.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    value: f64,
    /// Win odds at full attention and productivity (base x fit x skill).
    odds: f64,
    /// The uniform that decides the close, drawn with the opportunity.
    fate: f64,
    /// First week it is qualified (attention counts from here).
    qualified_from: u32,
    /// Next candidate closing in the same week (index into the pool).
    next: u32,
}

/// End of a close-week list.
const NONE: u32 = u32::MAX;

/// What is known ahead about one week, filled in as opportunities open:
/// one cache line per week.
#[derive(Clone, Copy, Debug)]
#[repr(align(64))]
struct WeekBook {
    /// First meetings held this week (booked the week before).
    first_meetings: u32,
    /// Second meetings held this week.
    second_meetings: u32,
    /// Opportunities qualified from this week on, and their value.
    qualifying: u32,
    qualifying_value: f64,
    /// Opportunities closing this week (phantoms included), and their value.
    closing: u32,
    closing_value: f64,
    /// Of those, the qualified ones, and their value.
    closing_qualified: u32,
    closing_qualified_value: f64,
    /// Qualified ones already known lost: they lose even at full attention.
    closing_lost: u32,
    /// First candidate closing this week (index into the pool).
    candidates: u32,
    /// Sum of attention over the weeks before this one.
    attention_before: f64,
}

const EMPTY_WEEK: WeekBook = WeekBook {
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

/// Reusable per-worker memory for one rep simulation at a time.
#[derive(Default)]
pub struct Scratch {
    /// One entry per simulated week, then sinks for events past the horizon
    /// (written, never read: cheaper than a branch per opportunity).
    weeks: Vec<WeekBook>,
    /// The current rep's candidates, linked into per-week close lists.
    pool: Vec<Candidate>,
    meetings: SmallBinomial,
    /// The result: one entry per counted quarter.
    pub out: Vec<RepQuarter>,
}

impl Scratch {
    fn reset(&mut self, cal: Calendar) {
        self.weeks.clear();
        self.weeks.resize(cal.total_weeks() as usize + 3, EMPTY_WEEK);
        self.pool.clear();
        self.out.clear();
        self.out.resize(cal.quarters as usize, RepQuarter::default());
    }
}

/// Per strategy and trial: tables shared by all reps of the trial.
#[derive(Clone, Copy)]
pub struct TrialTables<'a> {
    pub cycle: &'a DiscreteTable,
    pub fit: &'a FitMultipliers,
}

/// Shape of the simulated time.
#[derive(Clone, Copy, Debug)]
pub struct Calendar {
    pub warmup_quarters: u32,
    pub quarters: u32,
    pub weeks_per_quarter: u32,
}

impl Calendar {
    pub fn total_weeks(&self) -> u32 {
        (self.warmup_quarters + self.quarters) * self.weeks_per_quarter
    }
}

/// One rep under one strategy: what the kernel needs besides scratch space.
#[derive(Clone, Copy)]
pub struct RepJob<'a> {
    pub key: RepKey,
    pub params: &'a TrialParams,
    pub rep: RepDraw,
    pub skill_effect: f64,
    pub tables: TrialTables<'a>,
}

/// Which rep a simulation is: keys its random streams. The same for every
/// strategy and sweep point (common random numbers).
#[derive(Clone, Copy, Debug)]
pub struct RepKey {
    pub seed: u64,
    pub trial: u64,
    pub rep: u64,
}

/// Simulate `N` independent rep simulations (in practice one rep under one or
/// two strategies), writing each one's counted quarters to its scratch's `out`.
///
/// They advance together, week by week. Each week of one simulation is a
/// chain of dependent steps (pipeline, cadence, touches, meetings, new
/// opportunities, pipeline again), so one alone leaves the CPU waiting; two
/// side by side give it independent work to overlap. Results do not depend
/// on how simulations are grouped.
pub fn simulate_reps<const N: usize>(jobs: [RepJob<'_>; N], cal: Calendar, scratch: &mut [Scratch; N]) {
    let mut runs: [RepRun; N] = std::array::from_fn(|i| RepRun::start(&jobs[i], cal, &mut scratch[i]));
    let mut week =
        Week { index: 0, quarter_start: true, quarter_end: cal.weeks_per_quarter == 1, counted: cal.warmup_quarters == 0, quarter: 0 };
    let mut week_in_quarter = 0;
    for w in 0..cal.total_weeks() {
        week.index = w;
        for i in 0..N {
            runs[i].week(week, &jobs[i], cal, &mut scratch[i]);
        }
        // The calendar, by counters rather than a division per week.
        week_in_quarter += 1;
        if week_in_quarter == cal.weeks_per_quarter {
            week_in_quarter = 0;
            week.quarter += 1;
        }
        week.quarter_start = week_in_quarter == 0;
        week.quarter_end = week_in_quarter + 1 == cal.weeks_per_quarter;
        week.counted = week.quarter >= cal.warmup_quarters;
    }
    for (job, s) in jobs.iter().zip(scratch.iter_mut()) {
        for o in s.out.iter_mut() {
            o.finish(job.params.quota, f64::from(cal.weeks_per_quarter));
        }
    }
}

/// Simulate every job, up to [`LANES`] side by side (see [`simulate_reps`]);
/// `result(i, quarters)` receives job `i`'s counted quarters.
pub fn simulate_jobs(jobs: &[RepJob<'_>], cal: Calendar, scratch: &mut [Scratch; LANES], mut result: impl FnMut(usize, &[RepQuarter])) {
    let mut i = 0;
    while i < jobs.len() {
        let left = jobs.len() - i;
        let n = if left >= 2 {
            simulate_reps([jobs[i], jobs[i + 1]], cal, first_lanes(scratch));
            2
        } else {
            simulate_reps([jobs[i]], cal, first_lanes(scratch));
            1
        };
        for (k, lane) in scratch.iter().take(n).enumerate() {
            result(i + k, &lane.out);
        }
        i += n;
    }
}

/// Most simulations advanced side by side.
pub const LANES: usize = 2;

fn first_lanes<const N: usize>(scratch: &mut [Scratch; LANES]) -> &mut [Scratch; N] {
    scratch.first_chunk_mut().expect("fewer lanes than LANES")
}

/// Where a week falls in the calendar (the same for every simulation).
#[derive(Clone, Copy)]
struct Week {
    index: u32,
    quarter_start: bool,
    quarter_end: bool,
    /// In a counted quarter (not the warm-up).
    counted: bool,
    /// Quarter index from the first simulated quarter.
    quarter: u32,
}

/// The running state of one rep simulation between weeks.
struct RepRun {
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

impl RepRun {
    fn start(job: &RepJob<'_>, cal: Calendar, scratch: &mut Scratch) -> RepRun {
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

    /// Week `w`, in the order of the model contract.
    #[inline(always)]
    fn week(&mut self, week: Week, job: &RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
        let p = job.params;
        let tables = &job.tables;
        let weeks = cal.total_weeks();
        let w = week.index;
        let wi = w as usize;
        let Week { quarter_start, quarter_end, counted, .. } = week;
        let qi = week.quarter.saturating_sub(cal.warmup_quarters) as usize;
        let productivity = if self.ramp { (f64::from(w + 1) / p.ramp_weeks).min(1.0) } else { 1.0 };

        let book = scratch.weeks[wi];
        // Opportunities whose second meeting was last week are qualified from
        // now on (added unconditionally: a branch here would be a coin flip).
        self.pipe_second += book.qualifying_value;
        self.open_qualified += book.qualifying;

        // 1. Quarter start: record coverage both ways before anything else.
        if counted && quarter_start {
            scratch.out[qi][Metric::CoverageFirst] = self.pipe_first * self.inv_quota;
            scratch.out[qi][Metric::CoverageSecond] = self.pipe_second * self.inv_quota;
        }

        // 2. Committed meetings.
        let first_held = book.first_meetings;
        let second_held = book.second_meetings;
        let meeting_hours = f64::from(first_held) * p.hours_per_first_meeting + f64::from(second_held) * p.hours_per_second_meeting;
        let hours_left = max(p.hours_per_week - meeting_hours, 0.0);

        // 3. Coverage policy.
        let pipeline = if p.count_first_meeting { self.pipe_first } else { self.pipe_second };
        // coverage = pipeline / quota < target, without the division.
        let cadence = select(pipeline < self.target_pipeline, p.touches_per_week, p.maintenance_share * p.touches_per_week);
        let planned_hours = cadence * productivity * p.hours_per_touch;

        // 4. Priority.
        let deal_needed = f64::from(self.open_qualified) * p.deal_hours_per_week;
        let (prospect_hours, deal_given) = if p.mandate {
            let pr = min(planned_hours, hours_left);
            (pr, min(deal_needed, hours_left - pr))
        } else {
            let d = min(deal_needed, hours_left);
            (min(planned_hours, hours_left - d), d)
        };
        // A tiny tolerance keeps 87.5 planned touches from becoming 87.49999 -> 86.
        // Truncation is floor for these non-negative values (and avoids a libm call).
        // Touches = floor(prospecting hours / hours per touch), never more than
        // planned (which bounds it even for absurdly short touches).
        let touches = min(prospect_hours * self.touches_per_hour + 1e-9, cadence * productivity + 1e-9) as u32;

        // 5. Attention.
        // 1 when every deal got its hours (also when none needed any).
        let attention = select(deal_given >= deal_needed, 1.0, deal_given / deal_needed);
        let attention_through = book.attention_before + attention;
        scratch.weeks[wi + 1].attention_before = attention_through;

        // 6. Prospecting funnel, as counts.
        let c = self.connect_rate;
        let (booked, connects_now) = if self.ramp && productivity < 1.0 {
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
        };
        scratch.weeks[wi + 1].first_meetings += booked;

        // 7. New opportunities from the first meetings held this week. Their
        // fate is drawn now; what each does to later weeks is booked ahead.
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

        // 8. Close: every opportunity closing this week leaves the pipeline;
        // phantoms and known losses are counts, candidates are checked.
        let closing = &scratch.weeks[wi];
        self.pipe_first -= closing.closing_value;
        self.open_first -= closing.closing;
        self.pipe_second -= closing.closing_qualified_value;
        self.open_qualified -= closing.closing_qualified;
        let phantoms = closing.closing - closing.closing_qualified;
        let mut lost = closing.closing_lost;
        let mut won = 0u32;
        let mut won_value = 0.0;
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
                won += 1;
                won_value += o.value;
            } else {
                lost += 1;
            }
        }
        // Float sums drift by rounding; an empty pipeline is exactly empty.
        if self.open_first == 0 {
            self.pipe_first = 0.0;
        }
        if self.open_qualified == 0 {
            self.pipe_second = 0.0;
        }

        if counted {
            let o = &mut scratch.out[qi];
            o[Metric::WonValue] += won_value;
            o[Metric::Won] += f64::from(won);
            o[Metric::Lost] += f64::from(lost);
            o[Metric::PhantomsClosed] += f64::from(phantoms);
            o[Metric::Touches] += f64::from(touches);
            o[Metric::Connects] += f64::from(connects_now);
            o[Metric::FirstMeetings] += f64::from(first_held);
            o[Metric::Qualified] += f64::from(second_held);
            o[Metric::ProspectingHours] += f64::from(touches) * p.hours_per_touch;
            o[Metric::MeetingHours] += meeting_hours;
            o[Metric::DealHours] += deal_given;
            o[Metric::Attention] += attention;
            if quarter_end && self.connect_only_trials > 0 {
                o[Metric::Connects] += binomial_any_u64(self.connect_only_trials, self.q_connect_only, &mut self.funnel) as f64;
                self.connect_only_trials = 0;
            }
        }
    }
}
