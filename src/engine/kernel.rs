//! The rep-quarter kernel: one rep living through the warm-up and counted
//! quarters, week by week, in exactly the order of the model contract.
//!
//! Per week: quarter-start coverage record, committed meetings, coverage
//! policy, priority between prospecting and deals, attention, binomial
//! prospecting funnel, new opportunities, closes. Pipeline sums and attention
//! are kept incrementally, and opportunities wait in per-week close lists, so
//! a week costs O(1) plus O(1) per opportunity event. Nothing allocates once the
//! scratch space has grown to the scenario's needs.

use super::math::exp;
use super::rng::{Purpose, Stream};
use super::sampling::{DiscreteTable, FitMultipliers, SmallBinomial, binomial_any, binomial_any_u64, binomial_small};
pub use crate::stats::record::RepQuarter;

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

/// An opportunity waiting in its close-week bucket.
#[derive(Clone, Copy, Debug)]
struct Opp {
    value: f64,
    /// Win odds before attention (base x fit x skill); zero for a phantom.
    odds: f64,
    /// The uniform that decides the close, drawn with the opportunity so an
    /// opportunity keeps its fate when other opportunities change (common
    /// random numbers across strategies and sweep points).
    fate: f64,
    /// First week it is qualified (attention counts from here), with
    /// [`PHANTOM`] set for a phantom: keeps the struct at 32 bytes.
    qualified_from: u32,
    /// Next opportunity closing in the same week (index into the pool).
    next: u32,
}

/// Flag bit of [`Opp::qualified_from`]: no second meeting.
const PHANTOM: u32 = 1 << 31;

/// End of a close-week list.
const NONE: u32 = u32::MAX;

/// Reusable per-worker memory for the kernel.
#[derive(Default)]
pub struct Scratch {
    booked_for: Vec<u32>,
    second_due: Vec<u32>,
    qualify_value: Vec<f64>,
    qualify_count: Vec<u32>,
    cum_attention: Vec<f64>,
    /// Every opportunity of the current rep, linked into per-week close lists.
    pool: Vec<Opp>,
    /// First opportunity closing in each week (index into `pool`).
    close_head: Vec<u32>,
    meetings: SmallBinomial,
}

impl Scratch {
    fn reset(&mut self, weeks: usize) {
        fn zeroed<T: Copy>(v: &mut Vec<T>, len: usize, zero: T) {
            if v.len() == len {
                v.fill(zero);
            } else {
                v.clear();
                v.resize(len, zero);
            }
        }
        zeroed(&mut self.booked_for, weeks + 3, 0);
        zeroed(&mut self.second_due, weeks + 3, 0);
        zeroed(&mut self.qualify_count, weeks + 3, 0);
        zeroed(&mut self.qualify_value, weeks + 3, 0.0);
        zeroed(&mut self.cum_attention, weeks + 1, 0.0);
        zeroed(&mut self.close_head, weeks, NONE);
        self.pool.clear();
    }
}

/// Per strategy and trial: tables shared by all reps of the trial.
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

/// Simulate one rep under one strategy; writes one [`RepQuarter`] per counted quarter.
#[allow(clippy::too_many_arguments)]
pub fn simulate_rep(
    p: &TrialParams,
    rep: RepDraw,
    skill_effect: f64,
    cal: Calendar,
    seed: u64,
    trial: u64,
    rep_index: u64,
    tables: &mut TrialTables<'_>,
    scratch: &mut Scratch,
    out: &mut [RepQuarter],
) {
    let weeks = cal.total_weeks();
    let wpq = cal.weeks_per_quarter;
    scratch.reset(weeks as usize);
    out.iter_mut().for_each(|o| *o = RepQuarter::default());

    let mut funnel = Stream::new(seed, trial, rep_index, Purpose::Funnel);
    let mut opps = Stream::new(seed, trial, rep_index, Purpose::Opportunity);

    let skill_odds = exp(skill_effect * rep.ln_skill);
    // Each touch independently ends as a first meeting (c * p_meeting), a
    // connect without a meeting, or nothing: a multinomial. So meetings are
    // Bin(touches, c * p_meeting), and the connects without a meeting are
    // Bin(touches - meetings, c (1 - p_meeting) / (1 - c * p_meeting)). They feed
    // only the funnel report, so at a fixed rate their weekly draws add up to
    // one draw per counted quarter (a sum of binomials with one p is binomial).
    let c = p.connect_rate;
    let full_meeting_odds = p.meeting_odds * skill_odds;
    let p_meeting = full_meeting_odds / (1.0 + full_meeting_odds);
    let meetings = &mut scratch.meetings;
    meetings.reset(c * p_meeting);
    let q_connect_only = c * (1.0 - p_meeting) / (1.0 - c * p_meeting);
    let mut connect_only_trials = 0u64; // touches without a meeting, this quarter
    let ramp = rep.new_hire && p.ramp_weeks > 0.0;
    let mut pipe_first = 0.0f64; // every opportunity open in the CRM
    let mut pipe_second = 0.0f64; // qualified opportunities only
    let mut open_first = 0u32;
    let mut open_qualified = 0u32;
    // Loop invariants, hoisted so the week loop multiplies instead of divides.
    let target_pipeline = p.coverage_target * p.quota;
    let inv_quota = 1.0 / p.quota;
    let touches_per_hour = if p.hours_per_touch > 0.0 { 1.0 / p.hours_per_touch } else { 0.0 };
    // Quarter bookkeeping by counters rather than a division per week.
    let (mut q_abs, mut week_in_quarter) = (0u32, 0u32);

    for w in 0..weeks {
        let wi = w as usize;
        if week_in_quarter == wpq {
            week_in_quarter = 0;
            q_abs += 1;
        }
        let quarter_start = week_in_quarter == 0;
        week_in_quarter += 1;
        let counted = q_abs >= cal.warmup_quarters;
        let qi = (q_abs.saturating_sub(cal.warmup_quarters)) as usize;
        let productivity = if ramp { (f64::from(w + 1) / p.ramp_weeks).min(1.0) } else { 1.0 };

        // Opportunities whose second meeting was last week are qualified from now on.
        if scratch.qualify_count[wi] > 0 {
            pipe_second += scratch.qualify_value[wi];
            open_qualified += scratch.qualify_count[wi];
        }

        // 1. Quarter start: record coverage both ways before anything else.
        if counted && quarter_start {
            out[qi].coverage_first = pipe_first * inv_quota;
            out[qi].coverage_second = pipe_second * inv_quota;
        }

        // 2. Committed meetings.
        let first_held = scratch.booked_for[wi];
        let second_held = scratch.second_due[wi];
        let meeting_hours = f64::from(first_held) * p.hours_per_first_meeting + f64::from(second_held) * p.hours_per_second_meeting;
        let hours_left = (p.hours_per_week - meeting_hours).max(0.0);

        // 3. Coverage policy.
        let pipeline = if p.count_first_meeting { pipe_first } else { pipe_second };
        // coverage = pipeline / quota < target, without the division.
        let cadence = if pipeline < target_pipeline { p.touches_per_week } else { p.maintenance_share * p.touches_per_week };
        let planned_hours = cadence * productivity * p.hours_per_touch;

        // 4. Priority.
        let deal_needed = f64::from(open_qualified) * p.deal_hours_per_week;
        let (prospect_hours, deal_given) = if p.mandate {
            let pr = planned_hours.min(hours_left);
            (pr, deal_needed.min(hours_left - pr))
        } else {
            let d = deal_needed.min(hours_left);
            (planned_hours.min(hours_left - d), d)
        };
        // A tiny tolerance keeps 87.5 planned touches from becoming 87.49999 -> 86.
        // Truncation is floor for these non-negative values (and avoids a libm call).
        // Touches = floor(prospecting hours / hours per touch), never more than
        // planned (which bounds it even for absurdly short touches).
        let touches = (prospect_hours * touches_per_hour + 1e-9).min(cadence * productivity + 1e-9) as u32;

        // 5. Attention.
        // Full attention is the common case; skip the division for it.
        let attention = if deal_given >= deal_needed { 1.0 } else { deal_given / deal_needed };
        scratch.cum_attention[wi + 1] = scratch.cum_attention[wi] + attention;

        // 6. Prospecting funnel, as counts.
        let (booked, connects_now) = if ramp && productivity < 1.0 {
            // A ramping rep's meeting rate changes weekly: draw this week's connects now.
            let odds = p.meeting_odds * skill_odds * productivity;
            let pm = odds / (1.0 + odds);
            let booked = binomial_small(touches, c * pm, &mut funnel);
            let others = if counted { binomial_any(touches - booked, c * (1.0 - pm) / (1.0 - c * pm), &mut funnel) } else { 0 };
            (booked, booked + others)
        } else {
            let booked = meetings.sample(touches, &mut funnel);
            if counted {
                connect_only_trials += u64::from(touches - booked);
            }
            (booked, booked)
        };
        scratch.booked_for[wi + 1] += booked;

        // 7. New opportunities from the first meetings held this week.
        let conversion = skill_odds * productivity;
        let second_base = p.second_meeting_odds * conversion;
        let win_base = p.win_odds * skill_odds;
        for _ in 0..first_held {
            let (fit_odds, size_mult) = tables.fit.draw(&mut opps);
            let value = exp(p.ln_deal_size_median + p.deal_size_sigma * opps.normal()) * size_mult;
            let close = w + 1 + tables.cycle.sample(&mut opps);
            let odds2 = second_base * fit_odds;
            let second = opps.uniform() * (1.0 + odds2) < odds2;
            let fate = opps.uniform();
            pipe_first += value;
            open_first += 1;
            // Branch-free: the outcome is a coin flip the CPU cannot predict.
            let s = u32::from(second);
            scratch.second_due[wi + 1] += s;
            scratch.qualify_value[wi + 2] += if second { value } else { 0.0 };
            scratch.qualify_count[wi + 2] += s;
            if close < weeks {
                let head = &mut scratch.close_head[close as usize];
                let next = *head;
                *head = scratch.pool.len() as u32;
                // A phantom cannot be won: zero odds.
                let odds = if second { win_base * fit_odds } else { 0.0 };
                scratch.pool.push(Opp { value, odds, fate, qualified_from: (w + 2) | if second { 0 } else { PHANTOM }, next });
            }
        }

        // 8. Close.
        let mut won_value = 0.0;
        let (mut won, mut lost, mut phantoms) = (0u32, 0u32, 0u32);
        let mut next = scratch.close_head[wi];
        while next != NONE {
            let o = scratch.pool[next as usize];
            next = o.next;
            pipe_first -= o.value;
            open_first -= 1;
            // Phantom or qualified, won or lost: coin flips the CPU cannot
            // predict, so they are counted without branches.
            let phantom = o.qualified_from & PHANTOM != 0;
            let qualified_from = o.qualified_from & !PHANTOM;
            let qualified = !phantom;
            phantoms += u32::from(phantom);
            pipe_second -= if qualified { o.value } else { 0.0 };
            open_qualified -= u32::from(qualified);
            let start = qualified_from as usize;
            let attention_sum = scratch.cum_attention[wi + 1] - scratch.cum_attention[start];
            let open_weeks = f64::from(w + 1 - qualified_from);
            let mut odds = o.odds * productivity;
            // Every week at full attention (the common case) leaves the odds alone.
            if qualified && attention_sum < open_weeks && p.attention_effect > 0.0 {
                let mean_attention = attention_sum / open_weeks;
                odds *= if mean_attention > 0.0 { exp(p.attention_effect * mean_attention.ln()) } else { 0.0 };
            }
            // A phantom's odds are zero: never won.
            let win = o.fate * (1.0 + odds) < odds;
            won += u32::from(win);
            won_value += if win { o.value } else { 0.0 };
            lost += u32::from(qualified & !win);
        }
        // Float sums drift by rounding; an empty pipeline is exactly empty.
        if open_first == 0 {
            pipe_first = 0.0;
        }
        if open_qualified == 0 {
            pipe_second = 0.0;
        }

        if counted {
            let o = &mut out[qi];
            o.won_value += won_value;
            o.won += f64::from(won);
            o.lost += f64::from(lost);
            o.phantoms_closed += f64::from(phantoms);
            o.touches += f64::from(touches);
            o.connects += f64::from(connects_now);
            o.first_meetings += f64::from(first_held);
            o.qualified += f64::from(second_held);
            o.prospecting_hours += f64::from(touches) * p.hours_per_touch;
            o.meeting_hours += meeting_hours;
            o.deal_hours += deal_given;
            o.attention += attention;
            if week_in_quarter == wpq && connect_only_trials > 0 {
                o.connects += binomial_any_u64(connect_only_trials, q_connect_only, &mut funnel) as f64;
                connect_only_trials = 0;
            }
        }
    }
    let wpq_f = f64::from(wpq);
    for o in out.iter_mut() {
        o.attainment = o.won_value / p.quota;
        o.attention /= wpq_f;
    }
}
