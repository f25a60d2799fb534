//! Simulated opportunities as a CRM export: what `quotasim run --history`
//! writes, in the one format `calibrate` reads with no flags and
//! [`super::synthetic`] draws for tests:
//!
//! ```text
//! id,owner,created,qualified,closed,stage,amount
//! 1,rep-001,2025-10-06,2025-10-13,2025-12-29,won,31842
//! ```
//!
//! One row per opportunity created from one quarter before the first
//! counted quarter on (an export starts somewhere: as a CRM export of the
//! last five quarters, it lacks what was opened before; with a warm-up of
//! two quarters or more, that first quarter is already a steady one), in
//! order of creation. Dates are ISO, each the Monday of its simulated week;
//! week 0 of the first counted quarter is the first Monday of that quarter
//! of the year in 2026 (2026-01-05 for the first quarter), the quarter
//! before it falls in 2025. `qualified` is the second
//! meeting's week (empty without one), `closed` the close week (empty for
//! `open` ones: those closing after the last simulated week). `amount` is
//! the deal's value in whole currency, for every stage. Owners are
//! `rep-001`, ... by seat; a rep who takes a seat later (a backfill, or a
//! new hire handed the seat at the start of the year) gets the next number
//! after the last seat's. An opportunity keeps the owner who opened it.

use std::fmt::Write;

use super::calendar::{Day, Quarter};
use super::history::Stage;
use crate::engine::TrialOpportunities;

/// The header of the format.
pub const HEADER: &str = "id,owner,created,qualified,closed,stage,amount\n";

/// One row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub id: u64,
    /// 1-based rep number: `rep-001`.
    pub owner: u32,
    pub created: Day,
    pub qualified: Option<Day>,
    pub closed: Option<Day>,
    pub stage: Stage,
    /// Written in whole currency; `None` writes an empty cell.
    pub amount: Option<f64>,
}

/// Append one row.
pub fn write_row(out: &mut String, r: &Row) {
    let day = |d: Option<Day>| d.map_or(String::new(), |d| d.to_string());
    let amount = r.amount.map_or(String::new(), |a| format!("{a:.0}"));
    let _ = writeln!(out, "{},rep-{:03},{},{},{},{},{amount}", r.id, r.owner, r.created, day(r.qualified), day(r.closed), r.stage.word());
}

/// The first day of week 0: the first Monday of quarter `first_quarter`
/// (1-4) of 2026.
pub fn week_zero(first_quarter: u32) -> Day {
    let start = Quarter { year: 2026, q: first_quarter.clamp(1, 4) }.start();
    start.plus((7 - start.weekday()) % 7)
}

/// The CSV of one simulated trial's opportunities.
pub fn trial_csv(t: &TrialOpportunities) -> Vec<u8> {
    let cal = t.calendar;
    let horizon = cal.total_weeks();
    let zero = week_zero(cal.first_season + 1);
    let day = |w: u32| zero.plus(7 * (i64::from(w) - i64::from(cal.year_start())) as i32);
    // Rep numbers: seats first, then successors in seat order.
    let mut next = t.seats.len() as u32;
    let owners: Vec<Vec<u32>> = t
        .seats
        .iter()
        .enumerate()
        .map(|(seat, s)| {
            (0..s.tenures.max(1))
                .map(|k| {
                    if k == 0 {
                        seat as u32 + 1
                    } else {
                        next += 1;
                        next
                    }
                })
                .collect()
        })
        .collect();
    let from = cal.year_start().saturating_sub(cal.weeks_per_quarter);
    let mut rows: Vec<(u32, u32, &crate::engine::kernel::LoggedOpportunity)> = t
        .seats
        .iter()
        .zip(&owners)
        .flat_map(|(s, o)| s.opportunities.iter().filter(|x| x.created >= from).map(move |x| (x.created, o[x.tenure as usize], x)))
        .collect();
    // In order of creation, then by owner; a seat's own order is kept.
    rows.sort_by_key(|r| (r.0, r.1));
    let mut out = String::with_capacity(HEADER.len() + 56 * rows.len());
    out.push_str(HEADER);
    for (i, (_, owner, o)) in rows.into_iter().enumerate() {
        let open = o.close >= horizon;
        write_row(
            &mut out,
            &Row {
                id: i as u64 + 1,
                owner,
                created: day(o.created),
                qualified: o.qualified.filter(|&q| q < horizon).map(day),
                closed: (!open).then(|| day(o.close)),
                stage: if open {
                    Stage::Open
                } else if o.won {
                    Stage::Won
                } else {
                    Stage::Lost
                },
                amount: Some(o.value),
            },
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_zero_is_the_first_monday_of_the_quarter() {
        assert_eq!(week_zero(1).to_string(), "2026-01-05");
        assert_eq!(week_zero(2).to_string(), "2026-04-06");
        assert_eq!(week_zero(3).to_string(), "2026-07-06");
        assert_eq!(week_zero(4).to_string(), "2026-10-05");
        assert!((1..=4).all(|q| week_zero(q).weekday() == 0));
    }

    #[test]
    fn rows_read_as_the_format_says() {
        let mut s = String::new();
        let d = week_zero(1);
        write_row(
            &mut s,
            &Row { id: 7, owner: 12, created: d, qualified: Some(d.plus(7)), closed: None, stage: Stage::Open, amount: Some(24_999.5) },
        );
        write_row(
            &mut s,
            &Row { id: 8, owner: 3, created: d, qualified: None, closed: Some(d.plus(70)), stage: Stage::Lost, amount: None },
        );
        assert_eq!(s, "7,rep-012,2026-01-05,2026-01-12,,open,25000\n8,rep-003,2026-01-05,,2026-03-16,lost,\n");
    }
}
