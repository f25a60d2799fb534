//! Facts of the finite territory read off a run summary: which strategies
//! sell to a finite list, and how their attainment and accounts travel
//! from the first counted quarter to the last.

use crate::stats::Summary;
use crate::stats::summary::StrategySummary;

/// Whether any strategy sells to a finite list of accounts.
pub fn has_territory(s: &Summary) -> bool {
    s.strategies.iter().any(|st| st.territory.is_some())
}

/// A strategy's first and last counted quarter with figures: mean
/// attainment and accounts available per seat at the quarter's start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Course {
    /// Counted quarters (from 1) of the two ends.
    pub first_quarter: u32,
    pub last_quarter: u32,
    pub first_attainment: f64,
    pub last_attainment: f64,
    pub first_accounts: f64,
    pub last_accounts: f64,
    /// Accounts never worked per seat at the two quarters' start.
    pub first_fresh: f64,
    pub last_fresh: f64,
}

impl Course {
    /// Points of quota lost from the first quarter to the last (negative: gained).
    pub fn fall(&self) -> f64 {
        self.first_attainment - self.last_attainment
    }
}

/// The course of a strategy with a list through its quarters with figures,
/// if it has two.
pub fn course(st: &StrategySummary) -> Option<Course> {
    let known: Vec<_> = st
        .quarters
        .iter()
        .filter_map(|q| {
            let t = q.territory?;
            (q.mean_attainment.value.is_finite() && t.accounts_available.value.is_finite()).then_some((q, t))
        })
        .collect();
    let (&(a, ta), &(z, tz)) = (known.first()?, known.last()?);
    (a.quarter != z.quarter).then_some(Course {
        first_quarter: a.quarter,
        last_quarter: z.quarter,
        first_attainment: a.mean_attainment.value,
        last_attainment: z.mean_attainment.value,
        first_accounts: ta.accounts_available.value,
        last_accounts: tz.accounts_available.value,
        first_fresh: ta.accounts_fresh.value,
        last_fresh: tz.accounts_fresh.value,
    })
}

/// The strategy with a list whose mean attainment falls the most from its
/// first counted quarter to its last (the first of equals), if any falls.
pub fn steepest_fall(s: &Summary) -> Option<(usize, Course)> {
    s.strategies.iter().enumerate().filter_map(|(i, st)| course(st).map(|c| (i, c))).filter(|(_, c)| c.fall() > 0.0).fold(
        None,
        |best: Option<(usize, Course)>, (i, c)| match best {
            Some((_, b)) if b.fall() >= c.fall() => best,
            _ => Some((i, c)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn the_steepest_fall_is_found_among_strategies_with_a_list() {
        let s = fixtures::territory();
        assert!(has_territory(&s));
        assert!(!has_territory(&fixtures::summary(2)));
        let (i, c) = steepest_fall(&s).expect("a list that burns");
        assert_eq!(s.strategies[i].name, "spray-and-pray");
        assert_eq!((c.first_quarter, c.last_quarter), (1, 8));
        assert!(c.fall() > 0.0 && c.last_fresh < c.first_fresh && c.last_accounts <= c.first_accounts);
        // The unlimited strategy has no course.
        assert!(course(&s.strategies[2]).is_none());
    }
}
