//! A seat's finite list of accounts (`[market]`), counted by state, never
//! account by account, so a week costs O(1) whatever the list's size.
//!
//! Every account is in exactly one state: fresh (never worked), ready
//! (worked before, back from a cooldown or a rest), cooling (worked without a
//! first meeting, back in week w + 1 + cooldown), out (its first meeting is
//! booked or its opportunity is open), resting (its opportunity closed, back
//! after the rest) or gone (closed, and `rest_weeks = -1`). Returns are
//! booked per week ahead, like the opportunities' events. The list belongs
//! to the seat: a new hire inherits it as it is.

use super::Market;

/// Accounts coming back in one week: from a cooldown and from a rest.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Returns {
    pub(super) cooled: u32,
    pub(super) rested: u32,
}

/// The week's touches on the list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Worked {
    /// Touches made: the planned ones, at most the available accounts x touches per account.
    pub(super) touches: u32,
    pub(super) fresh_touches: u32,
    pub(super) retouches: u32,
    /// Accounts worked: ceil(touches / touches per account), fresh ones first.
    pub(super) fresh_accounts: u32,
    pub(super) retouched_accounts: u32,
}

/// A seat's list, by state.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct List {
    pub(super) fresh: u32,
    pub(super) ready: u32,
    pub(super) cooling: u32,
    pub(super) out: u32,
    pub(super) resting: u32,
    pub(super) gone: u32,
}

impl List {
    pub(super) fn new(accounts: u32) -> List {
        List { fresh: accounts, ..List::default() }
    }

    /// Accounts that can be worked now.
    pub(super) fn available(&self) -> u32 {
        self.fresh + self.ready
    }

    /// Every account, whatever its state: always the list's size.
    pub(super) fn total(&self) -> u32 {
        self.fresh + self.ready + self.cooling + self.out + self.resting + self.gone
    }

    /// The start of week `w`: accounts whose cooldown or rest is over come
    /// back as re-touches, and the accounts of the `closing` opportunities
    /// (closing this week) start to rest.
    pub(super) fn start_week(&mut self, w: u32, closing: u32, m: &Market, returns: &mut [Returns]) {
        let back = returns[w as usize];
        self.cooling -= back.cooled;
        self.resting -= back.rested;
        self.ready += back.cooled + back.rested;
        self.release(closing, w + 1, m, returns);
    }

    /// `n` accounts whose opportunities left the book before week `from`
    /// (closed, lost with a leaver, or discarded with a warm-up history) rest
    /// from then on, or leave the list for good.
    pub(super) fn release(&mut self, n: u32, from: u32, m: &Market, returns: &mut [Returns]) {
        self.out -= n;
        match m.rest_weeks {
            Some(rest) => {
                self.resting += n;
                returns[slot(from.saturating_add(rest), returns)].rested += n;
            }
            None => self.gone += n,
        }
    }

    /// The week's touches: at most `available x touches per account` of the
    /// `planned` ones; ceil(touches / touches per account) accounts, fresh
    /// ones first. The last account worked may get fewer touches.
    /// Products and quotients that are whole numbers in decimals (45 x 1.4
    /// = 63, 21 / 1.4 = 15) are taken as such, not as 62.99999 or 15.000001.
    pub(super) fn work(&self, planned: u32, m: &Market) -> Worked {
        let available = self.available();
        let touches_on = |accounts: u32| (f64::from(accounts) * m.touches_per_account + WHOLE) as u32;
        let touches = planned.min(touches_on(available));
        let accounts = ((f64::from(touches) / m.touches_per_account - WHOLE).ceil() as u32).min(available);
        let fresh_accounts = accounts.min(self.fresh);
        let retouched_accounts = accounts - fresh_accounts;
        let fresh_touches = if retouched_accounts == 0 { touches } else { touches_on(fresh_accounts).min(touches) };
        Worked { touches, fresh_touches, retouches: touches - fresh_touches, fresh_accounts, retouched_accounts }
    }

    /// After the funnel of week `w`: the accounts that booked a first
    /// meeting are out, the other worked ones cool down.
    pub(super) fn worked(&mut self, worked: &Worked, meetings: u32, w: u32, m: &Market, returns: &mut [Returns]) {
        self.fresh -= worked.fresh_accounts;
        self.ready -= worked.retouched_accounts;
        self.out += meetings;
        self.cool(worked.fresh_accounts + worked.retouched_accounts - meetings, w, m, returns);
    }

    /// First meetings booked in week `w` and cancelled (the rep leaves):
    /// their accounts cool down as if worked without one.
    pub(super) fn cancel(&mut self, n: u32, w: u32, m: &Market, returns: &mut [Returns]) {
        self.out -= n;
        self.cool(n, w, m, returns);
    }

    fn cool(&mut self, n: u32, w: u32, m: &Market, returns: &mut [Returns]) {
        self.cooling += n;
        returns[slot(w.saturating_add(1).saturating_add(m.cooldown_weeks), returns)].cooled += n;
    }
}

/// Rounding room for touches and accounts computed from a decimal
/// `touches_per_account`.
const WHOLE: f64 = 1e-9;

/// The entry of week `w`, or the last one (a sink past the horizon, never read).
fn slot(w: u32, returns: &[Returns]) -> usize {
    (w as usize).min(returns.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};

    fn market(touches_per_account: f64, cooldown_weeks: u32, rest_weeks: Option<u32>) -> Market {
        Market { accounts: 100, touches_per_account, cooldown_weeks, retouch_response: 1.0, rest_weeks }
    }

    #[test]
    fn touches_beyond_the_list_are_not_made_and_fresh_accounts_come_first() {
        let m = market(3.0, 13, Some(4));
        let list = List { fresh: 10, ready: 5, ..List::default() };
        assert_eq!(list.work(20, &m), Worked { touches: 20, fresh_touches: 20, retouches: 0, fresh_accounts: 7, retouched_accounts: 0 });
        assert_eq!(list.work(40, &m), Worked { touches: 40, fresh_touches: 30, retouches: 10, fresh_accounts: 10, retouched_accounts: 4 });
        // 15 accounts take at most 45 touches.
        assert_eq!(list.work(90, &m).touches, 45);
        assert_eq!(list.work(90, &m).retouched_accounts, 5);
        let half = market(2.5, 0, None);
        assert_eq!(List { fresh: 3, ..List::default() }.work(100, &half).touches, 7);
        assert_eq!(List::default().work(100, &half).touches, 0);
        // 45 accounts x 1.4 = 63 touches on 45 accounts, 21 touches on 15
        // (in floating point 62.99999 and 15.000001).
        let decimal = market(1.4, 0, None);
        assert_eq!(List { fresh: 45, ..List::default() }.work(100, &decimal).touches, 63);
        assert_eq!(List { fresh: 45, ..List::default() }.work(100, &decimal).fresh_accounts, 45);
        assert_eq!(List { fresh: 45, ..List::default() }.work(21, &decimal).fresh_accounts, 15);
        let mixed = List { fresh: 45, ready: 10, ..List::default() }.work(70, &decimal);
        assert_eq!((mixed.fresh_touches, mixed.retouches, mixed.retouched_accounts), (63, 7, 5));
    }

    #[test]
    fn accounts_move_between_states_and_never_get_lost() {
        // Random weeks of work, meetings and closes: the states always add
        // up to the list, and exactly the accounts of open opportunities are out.
        for (m, seed) in [(market(3.0, 2, Some(3)), 1), (market(1.0, 0, None), 2), (market(7.5, 40, Some(0)), 3)] {
            let horizon = 60;
            let mut returns = vec![Returns::default(); horizon + 1];
            let mut list = List::new(m.accounts);
            let mut rng = Stream::new(seed, 0, 0, Purpose::Funnel);
            // Accounts out, by the week their opportunity closes.
            let mut closing = vec![0u32; horizon + 10];
            for w in 0..horizon as u32 {
                list.start_week(w, closing[w as usize], &m, &mut returns);
                let worked = list.work((rng.uniform() * 80.0) as u32, &m);
                let meetings = ((rng.uniform() * 3.0) as u32).min(worked.fresh_accounts + worked.retouched_accounts);
                list.worked(&worked, meetings, w, &m, &mut returns);
                closing[w as usize + 1 + (rng.uniform() * 8.0) as usize] += meetings;
                assert_eq!(list.total(), m.accounts, "week {w}");
                assert_eq!(list.out, closing[w as usize + 1..].iter().sum::<u32>(), "week {w}");
            }
        }
    }

    #[test]
    fn a_cooldown_returns_accounts_after_its_weeks_and_cancels_cool_down() {
        let m = market(1.0, 0, Some(2));
        let mut returns = vec![Returns::default(); 20];
        let mut list = List::new(100);
        let worked = list.work(10, &m);
        list.worked(&worked, 2, 5, &m, &mut returns);
        assert_eq!((list.fresh, list.cooling, list.out), (90, 8, 2));
        // Cooldown 0: back the next week.
        list.start_week(6, 0, &m, &mut returns);
        assert_eq!((list.ready, list.cooling), (8, 0));
        list.cancel(1, 6, &m, &mut returns);
        // The opportunity closes in week 9: resting through weeks 10 and 11, back in 12.
        list.start_week(9, 1, &m, &mut returns);
        assert_eq!((list.out, list.resting), (0, 1));
        assert_eq!(returns[7].cooled, 1);
        assert_eq!(returns[12].rested, 1);
        assert_eq!(list.total(), 100);
    }
}
