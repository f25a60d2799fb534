//! The history as a panel of reps and calendar quarters: when each rep was
//! active, what each did over that time, and the rep-quarters that are
//! complete enough to compare with a simulation.
//!
//! Readings (where the issue is silent, what a sales-ops analyst expects):
//! - a rep is active from the start of the quarter of their first
//!   opportunity (never before the history's first date) to the end of the
//!   quarter of their last activity (never after the as-of date);
//! - the history's quarters are calendar quarters; one is *counted* when it
//!   lies wholly between the first date plus a warm-up and the as-of date,
//!   and starts no earlier than the first recorded close. The warm-up is the
//!   median time from created to closed: an export that starts at a date
//!   lacks the opportunities opened before it, so its first weeks close too
//!   little (the simulation's warm-up quarters play the same role);
//! - a rep-quarter is counted when the quarter is and the rep was active
//!   all of it;
//! - the rates (opportunities per rep-week, win rates) are fitted on the
//!   *steady* part of each rep's window: from the first counted quarter's
//!   start on (the warm-up's closes are too few and too quick, and a
//!   simulated warm-up starts with an empty pipeline), the same time the
//!   counted rep-quarters and the backtest cover (in a weekly export, from
//!   the first whole week in it).

use std::collections::BTreeMap;

use crate::calibrate::calendar::{Day, Quarter, WEEK};
use crate::calibrate::history::{History, Qualified, Stage};

/// One rep over the history: the active window, and what the rep did in its
/// steady part (see the module's readings).
#[derive(Clone, Debug, PartialEq)]
pub struct RepRow {
    pub owner: u32,
    pub begin: Day,
    pub end: Day,
    /// Active weeks after the warm-up (0 for a rep gone before it ended).
    pub weeks: f64,
    /// Created after the warm-up; won, lost and qualified closed by their
    /// close dates after it.
    pub created: u64,
    pub won: u64,
    pub lost: u64,
    /// Closed opportunities that had their second meeting.
    pub qualified_closed: u64,
    pub won_value: f64,
}

impl RepRow {
    pub fn closed(&self) -> u64 {
        self.won + self.lost
    }
}

/// A calendar quarter of the history.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QuarterRow {
    pub quarter: String,
    #[serde(skip)]
    pub q: Quarter,
    pub counted: bool,
    /// Why it is not counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
    /// Reps active the whole quarter.
    pub reps: usize,
    pub created: u64,
    pub won: u64,
    pub won_value: f64,
}

/// One counted rep-quarter.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RepQuarterRow {
    pub owner: String,
    pub quarter: String,
    #[serde(skip)]
    pub rep: u32,
    #[serde(skip)]
    pub q: Quarter,
    pub won_value: f64,
    pub won: u64,
    pub lost: u64,
    pub created: u64,
}

impl RepQuarterRow {
    /// Won of closed; NaN when nothing closed.
    pub fn win_rate(&self) -> f64 {
        let closed = self.won + self.lost;
        if closed == 0 { f64::NAN } else { self.won as f64 / closed as f64 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The first created date.
    pub start: Day,
    /// The last day covered (see [`History::covered_until`]).
    pub as_of: Day,
    /// The Monday on or before `start`: week 0 of the history's weeks.
    pub origin: Day,
    pub warmup_days: i32,
    pub reps: Vec<RepRow>,
    pub quarters: Vec<QuarterRow>,
    pub rep_quarters: Vec<RepQuarterRow>,
    /// Mean open opportunities per active rep: all, and qualified only.
    pub open_load: f64,
    pub open_load_qualified: Option<f64>,
}

impl Panel {
    pub fn counted_quarters(&self) -> impl Iterator<Item = &QuarterRow> {
        self.quarters.iter().filter(|q| q.counted)
    }

    /// Reps active through the last counted quarter (or, without one, at the
    /// as-of date): the team today.
    pub fn active_reps(&self) -> usize {
        match self.counted_quarters().last() {
            Some(q) => q.reps,
            None => self.reps.iter().filter(|r| r.end >= self.as_of).count(),
        }
    }
}

/// Median days from created to closed, over closed opportunities (0 without any).
fn median_cycle_days(h: &History) -> i32 {
    let mut d: Vec<i32> = h.opportunities.iter().filter_map(|o| o.closed.map(|c| c.0 - o.created.0)).collect();
    if d.is_empty() {
        return 0;
    }
    d.sort_unstable();
    d[d.len() / 2]
}

pub fn build(h: &History) -> Panel {
    let start = h.opportunities.iter().map(|o| o.created).min().unwrap_or(h.as_of);
    let as_of = h.covered_until();
    let warmup_days = median_cycle_days(h);
    let mut first: BTreeMap<u32, Day> = BTreeMap::new();
    let mut last: BTreeMap<u32, Day> = BTreeMap::new();
    for o in &h.opportunities {
        let f = first.entry(o.owner).or_insert(o.created);
        *f = (*f).min(o.created);
        let latest = o.closed.unwrap_or(o.created).max(o.created).min(as_of);
        let l = last.entry(o.owner).or_insert(latest);
        *l = (*l).max(latest);
    }
    let mut reps: Vec<RepRow> = first
        .iter()
        .map(|(&owner, &f)| {
            let begin = f.quarter().start().max(start);
            let end = last[&owner].quarter().end().min(as_of).max(begin);
            RepRow { owner, begin, end, weeks: 0.0, created: 0, won: 0, lost: 0, qualified_closed: 0, won_value: 0.0 }
        })
        .collect();

    // Quarters from the first date's to the as-of date's.
    let mut quarters = Vec::new();
    let first_close = h.opportunities.iter().filter_map(|o| o.closed).min().unwrap_or(as_of);
    let mut q = start.quarter();
    while q <= as_of.quarter() {
        let note = if q.start() < start {
            Some("starts before the history's first date")
        } else if q.start().0 < start.0 + warmup_days {
            Some("within the warm-up after the history's first date (the median cycle)")
        } else if q.start() < first_close {
            Some("starts before the history's first close")
        } else if q.end() > as_of {
            Some("ends after the as-of date")
        } else {
            None
        };
        let covering = reps.iter().filter(|r| r.begin <= q.start() && r.end >= q.end()).count();
        quarters.push(QuarterRow {
            quarter: q.to_string(),
            q,
            counted: note.is_none(),
            note,
            reps: covering,
            created: 0,
            won: 0,
            won_value: 0.0,
        });
        q = q.next();
    }

    // What each rep did after the warm-up (in a weekly export, from the
    // first week that starts in it: a date stands for its whole week).
    let steady = quarters.iter().find(|q| q.counted).map_or(start.plus(warmup_days), |q| q.q.start());
    let steady = h.weekday().map_or(steady, |d| steady.plus((d - steady.weekday()).rem_euclid(WEEK)));
    let slot: BTreeMap<u32, usize> = reps.iter().enumerate().map(|(i, r)| (r.owner, i)).collect();
    for r in &mut reps {
        r.weeks = f64::from((r.end.0 - r.begin.0.max(steady.0) + 1).max(0)) / f64::from(WEEK);
    }
    for o in &h.opportunities {
        let r = &mut reps[slot[&o.owner]];
        r.created += u64::from(o.created >= steady);
        if o.closed.is_none_or(|c| c < steady) {
            continue;
        }
        match o.stage {
            Stage::Won => {
                r.won += 1;
                r.won_value += o.amount.unwrap_or(0.0);
            }
            Stage::Lost => r.lost += 1,
            Stage::Open => {}
        }
        if o.stage != Stage::Open && o.qualified == Qualified::Yes {
            r.qualified_closed += 1;
        }
    }
    let mut cells: BTreeMap<(u32, Quarter), RepQuarterRow> = BTreeMap::new();
    for qr in quarters.iter().filter(|q| q.counted) {
        for r in reps.iter().filter(|r| r.begin <= qr.q.start() && r.end >= qr.q.end()) {
            cells.insert(
                (r.owner, qr.q),
                RepQuarterRow {
                    owner: h.owners[r.owner as usize].clone(),
                    quarter: qr.quarter.clone(),
                    rep: r.owner,
                    q: qr.q,
                    won_value: 0.0,
                    won: 0,
                    lost: 0,
                    created: 0,
                },
            );
        }
    }
    let qindex: BTreeMap<Quarter, usize> = quarters.iter().enumerate().map(|(i, q)| (q.q, i)).collect();
    for o in &h.opportunities {
        if let Some(&i) = qindex.get(&o.created.quarter()) {
            quarters[i].created += 1;
        }
        if let Some(c) = cells.get_mut(&(o.owner, o.created.quarter())) {
            c.created += 1;
        }
        if let Some(closed) = o.closed {
            if o.stage == Stage::Won
                && let Some(&i) = qindex.get(&closed.quarter())
            {
                quarters[i].won += 1;
                quarters[i].won_value += o.amount.unwrap_or(0.0);
            }
            if let Some(c) = cells.get_mut(&(o.owner, closed.quarter())) {
                match o.stage {
                    Stage::Won => {
                        c.won += 1;
                        c.won_value += o.amount.unwrap_or(0.0);
                    }
                    Stage::Lost => c.lost += 1,
                    Stage::Open => {}
                }
            }
        }
    }
    let exposure_days: f64 = reps.iter().map(|r| f64::from(r.end.0 - r.begin.0 + 1)).sum();
    let open_days = |from: &dyn Fn(&crate::calibrate::history::Opportunity) -> Option<Day>| -> f64 {
        h.opportunities
            .iter()
            .filter_map(|o| from(o).map(|f| (f, o.closed.unwrap_or(as_of).min(as_of))))
            .map(|(f, to)| f64::from((to.0 - f.0).max(0)))
            .sum()
    };
    let open_load = open_days(&|o| Some(o.created)) / exposure_days.max(1.0);
    let open_load_qualified = (h.qualification != crate::calibrate::history::QualificationSource::None).then(|| {
        open_days(&|o| (o.qualified == Qualified::Yes).then(|| o.qualified_on.unwrap_or(o.created.plus(WEEK)))) / exposure_days.max(1.0)
    });
    Panel {
        start,
        as_of,
        origin: start.monday(),
        warmup_days,
        reps,
        quarters,
        rep_quarters: cells.into_values().collect(),
        open_load,
        open_load_qualified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::history::{ReadOptions, read_bytes};

    #[test]
    fn quarters_rep_windows_and_counted_rep_quarters() {
        // Ana is active from 2024 Q1 to Q3 (her last activity); Bo joins in Q2.
        // The median cycle is 30 days: Q1 starts on the first date, within the
        // warm-up, so Q2 and Q3 are counted (Q3 ends on the as-of date).
        let csv = "Owner,Created,Stage,Closed,Amount\n\
                   Ana,2024-01-01,Won,2024-01-31,100\n\
                   Ana,2024-02-01,Lost,2024-03-02,\n\
                   Ana,2024-04-10,Won,2024-05-10,300\n\
                   Bo,2024-05-01,Won,2024-05-31,50\n\
                   Ana,2024-08-01,Open,,\n\
                   Bo,2024-09-30,Lost,2024-09-30,\n";
        let h = read_bytes(csv.as_bytes(), "t.csv", &ReadOptions::default()).unwrap();
        let p = build(&h);
        assert_eq!(p.warmup_days, 30);
        assert_eq!(p.as_of.to_string(), "2024-09-30");
        let counted: Vec<&str> = p.counted_quarters().map(|q| q.quarter.as_str()).collect();
        assert_eq!(counted, vec!["2024 Q2", "2024 Q3"]);
        assert_eq!(p.quarters[0].note, Some("within the warm-up after the history's first date (the median cycle)"));
        let ana = &p.reps[0];
        assert_eq!((ana.begin.to_string(), ana.end.to_string()), ("2024-01-01".into(), "2024-09-30".into()));
        // Her steady part starts with the first counted quarter, Q2.
        assert_eq!((ana.created, ana.won, ana.lost, ana.won_value), (2, 1, 0, 300.0));
        assert!((ana.weeks - 183.0 / 7.0).abs() < 1e-12);
        let bo = &p.reps[1];
        assert_eq!(bo.begin.to_string(), "2024-04-01");
        assert_eq!((bo.created, bo.won, bo.lost), (2, 1, 1));
        // Rep-quarters: Ana Q2, Ana Q3, Bo Q2, Bo Q3.
        let rq: Vec<(String, String, f64, u64)> =
            p.rep_quarters.iter().map(|r| (r.owner.clone(), r.quarter.clone(), r.won_value, r.created)).collect();
        assert_eq!(
            rq,
            vec![
                ("Ana".into(), "2024 Q2".into(), 300.0, 1),
                ("Ana".into(), "2024 Q3".into(), 0.0, 1),
                ("Bo".into(), "2024 Q2".into(), 50.0, 1),
                ("Bo".into(), "2024 Q3".into(), 0.0, 1)
            ]
        );
        assert!(p.rep_quarters[3].win_rate() == 0.0 && p.rep_quarters[1].win_rate().is_nan());
        assert_eq!(p.active_reps(), 2);
        // Open days: 30 + 30 + 30 + 30 + 60 (open to the as-of date) + 0, over
        // 274 + 183 active days.
        assert!((p.open_load - 180.0 / 457.0).abs() < 1e-12, "{}", p.open_load);
        assert_eq!(p.open_load_qualified, None);
    }
}
