//! An optional record of every opportunity a seat opens and how it ends:
//! what `quotasim run --history` exports. The week loop takes a `LOG`
//! constant: every simulation that counts compiles with it off, so its code
//! is the same as without a log; [`Logged`] keeps the record of one seat,
//! in its scratch space, when it is on.

/// One opportunity of a seat, in simulated weeks (warm-up included).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoggedOpportunity {
    /// Which of the seat's tenures (index in its history) opened it.
    pub tenure: u32,
    /// The week of its first meeting.
    pub created: u32,
    /// The week of its second meeting, when one was booked (it is held only
    /// if that week is simulated).
    pub qualified: Option<u32>,
    /// Its close week; at or past the horizon it is still open at the end.
    pub close: u32,
    pub value: f64,
    /// Won in its close week (false for lost and still-open ones).
    pub won: bool,
}

/// The record of one seat.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logged {
    /// In order of opening.
    pub opportunities: Vec<LoggedOpportunity>,
    /// Per pool index, the candidate's place in `opportunities`.
    candidates: Vec<usize>,
}

/// What the week loop tells the log. Pool indices are the candidates'
/// places in the seat's pool (see `books::Candidate`), which a cleared book
/// empties.
impl Logged {
    pub(super) fn clear(&mut self) {
        self.opportunities.clear();
        self.candidates.clear();
    }

    /// A new opportunity, not won unless [`Logged::won`] says so later.
    pub(super) fn opened(&mut self, o: LoggedOpportunity) {
        self.opportunities.push(o);
    }

    /// The opportunity just opened waits as candidate `pool_index`.
    pub(super) fn candidate(&mut self, pool_index: u32) {
        // Pool indices start at 1 (0 ends the close-week lists).
        debug_assert_eq!(pool_index as usize, self.candidates.len() + 1, "candidates are pooled in order");
        self.candidates.push(self.opportunities.len() - 1);
    }

    /// Candidate `pool_index` was won in its close week.
    pub(super) fn won(&mut self, pool_index: u32) {
        self.opportunities[self.candidates[pool_index as usize - 1]].won = true;
    }

    /// The seat's book was cleared from week `from` on: the opportunities
    /// still open are closed lost in week `lost_at`, or, with `None`, never
    /// were (a warm-up history handed to a new hire with an empty book).
    pub(super) fn cleared(&mut self, from: u32, lost_at: Option<u32>) {
        self.candidates.clear();
        match lost_at {
            Some(week) => {
                for o in self.opportunities.iter_mut().filter(|o| o.close >= from) {
                    o.close = week;
                    // A second meeting after the leaver's last week is cancelled.
                    o.qualified = o.qualified.filter(|&q| q <= week);
                }
            }
            None => self.opportunities.retain(|o| o.close < from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opp(created: u32, close: u32) -> LoggedOpportunity {
        LoggedOpportunity { tenure: 0, created, qualified: Some(created + 1), close, value: 1.0, won: false }
    }

    #[test]
    fn candidates_are_decided_and_cleared_books_close_or_vanish() {
        let mut log = Logged::default();
        log.opened(opp(0, 3));
        log.opened(opp(1, 9));
        log.candidate(1);
        log.opened(opp(2, 12));
        log.candidate(2);
        log.won(1);
        assert!(log.opportunities[1].won && !log.opportunities[2].won);
        // A leaver in week 2: what closes from week 3 on is lost in week 2,
        // and the second meeting booked for week 3 never happens.
        let mut leaver = log.clone();
        leaver.cleared(3, Some(2));
        let closes: Vec<(u32, Option<u32>)> = leaver.opportunities.iter().map(|o| (o.close, o.qualified)).collect();
        assert_eq!(closes, vec![(2, Some(1)), (2, Some(2)), (2, None)]);
        // A handover with an empty book in week 4: the open ones never were.
        log.cleared(4, None);
        assert_eq!(log.opportunities.len(), 1);
        assert!(log.candidates.is_empty());
    }
}
