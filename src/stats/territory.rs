//! The finite territory as leaders read it: accounts left to prospect at
//! each quarter's start, how many touches went to accounts worked before,
//! and how many planned touches found no account. Tallied per seat and
//! counted quarter by the kernel, summed per trial, accumulated over trials
//! (so every figure's error comes from the spread of trial means).

use super::merge::accumulator;
use super::moments::{Moments, RatioMoments};

/// One seat's list in one counted quarter (all zero without a finite market).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ListTally {
    /// The seat has a list this quarter (a finite market, the seat open at its start).
    pub listed: bool,
    /// Accounts available at the quarter's first week: never worked, or
    /// back from a cooldown or a rest.
    pub available: u32,
    /// Of those, accounts never worked.
    pub fresh: u32,
    /// Touches on accounts never worked before, and on accounts worked before.
    pub fresh_touches: u32,
    pub retouches: u32,
    /// Touches the time allowed but no available account could take.
    pub unmade: u32,
}

/// One trial's tallies of one counted quarter (or of all of them) of one strategy.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ListSums {
    /// Seats with a list at the quarter's start.
    pub seats: u64,
    pub available: u64,
    pub fresh: u64,
    pub fresh_touches: u64,
    pub retouches: u64,
    pub unmade: u64,
}

impl ListSums {
    /// Another quarter's sums (for a trial's sums over all its quarters).
    pub fn absorb(&mut self, o: &ListSums) {
        self.seats += o.seats;
        self.available += o.available;
        self.fresh += o.fresh;
        self.fresh_touches += o.fresh_touches;
        self.retouches += o.retouches;
        self.unmade += o.unmade;
    }

    pub fn add(&mut self, t: &ListTally) {
        if !t.listed {
            return;
        }
        self.seats += 1;
        self.available += u64::from(t.available);
        self.fresh += u64::from(t.fresh);
        self.fresh_touches += u64::from(t.fresh_touches);
        self.retouches += u64::from(t.retouches);
        self.unmade += u64::from(t.unmade);
    }
}

accumulator! {
    /// A strategy's list over trials, for one counted quarter or all of them.
    pub struct ListAccum {
        /// Per trial: mean accounts available per seat at quarter start.
        pub available: Moments = Moments::default(),
        /// Per trial: mean accounts never worked per seat at quarter start.
        pub fresh: Moments = Moments::default(),
        /// Per trial: re-touches over touches made.
        pub retouched: RatioMoments = RatioMoments::default(),
        /// Per trial: touches on fresh accounts, re-touches and touches not
        /// made, each per rep-quarter.
        pub fresh_touches: Moments = Moments::default(),
        pub retouches: Moments = Moments::default(),
        pub unmade: Moments = Moments::default(),
    }
}

impl ListAccum {
    /// Close a trial whose quarter (or quarters) had `rep_quarters` rep-quarters.
    pub fn finish_trial(&mut self, s: &ListSums, rep_quarters: u64) {
        if s.seats == 0 {
            return;
        }
        self.available.push(s.available as f64 / s.seats as f64);
        self.fresh.push(s.fresh as f64 / s.seats as f64);
        let touches = (s.fresh_touches + s.retouches) as f64;
        self.retouched.push(touches, s.retouches as f64);
        if rep_quarters > 0 {
            let n = rep_quarters as f64;
            self.fresh_touches.push(s.fresh_touches as f64 / n);
            self.retouches.push(s.retouches as f64 / n);
            self.unmade.push(s.unmade as f64 / n);
        }
    }

    /// Whether any trial had a list.
    pub fn is_empty(&self) -> bool {
        self.available.n == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trials_average_per_seat_and_per_rep_quarter() {
        let mut acc = ListAccum::default();
        let mut s = ListSums::default();
        s.add(&ListTally { listed: true, available: 300, fresh: 200, fresh_touches: 90, retouches: 30, unmade: 0 });
        s.add(&ListTally { listed: true, available: 100, fresh: 0, fresh_touches: 10, retouches: 30, unmade: 40 });
        s.add(&ListTally { listed: false, available: 999, fresh: 999, fresh_touches: 999, retouches: 999, unmade: 999 });
        acc.finish_trial(&s, 2);
        acc.finish_trial(&ListSums::default(), 2);
        assert_eq!(acc.available.n, 1);
        assert_eq!((acc.available.mean, acc.fresh.mean), (200.0, 100.0));
        assert_eq!(acc.retouched.ratio(), 60.0 / 160.0);
        assert_eq!((acc.fresh_touches.mean, acc.retouches.mean, acc.unmade.mean), (50.0, 30.0, 20.0));
    }
}
