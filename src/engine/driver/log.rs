//! One trial's opportunities, seat by seat: the trial simulated again for
//! one strategy with the kernel's log on. Every random stream is keyed by
//! (seed, trial, seat, purpose), so it is the very trial the run counted.

use super::Lockstep;
use super::chunk::Chunk;
use crate::engine::kernel::{self, Calendar, LoggedOpportunity, RepJob, RepKey, TrialTables};
use crate::engine::prepare::{RepUniforms, TrialValues};
use crate::scenario::Param;

/// One seat's opportunities.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatOpportunities {
    /// How many reps held the seat in turn (tenures index them, 0 first).
    pub tenures: usize,
    pub opportunities: Vec<LoggedOpportunity>,
}

/// Every seat's opportunities in one trial of one strategy.
#[derive(Clone, Debug)]
pub struct TrialOpportunities {
    pub trial: u64,
    pub strategy: String,
    pub calendar: Calendar,
    pub seats: Vec<SeatOpportunities>,
}

impl Lockstep {
    /// Trial `trial` of strategy `strategy` (an index) of the first variant,
    /// with every opportunity it opens and how it ends.
    pub fn opportunities(&self, trial: u64, strategy: usize) -> TrialOpportunities {
        let mut chunk = Chunk::new(self);
        let values: Vec<Vec<TrialValues>> = self.variants.iter().map(|v| v.trial_values(trial, None)).collect();
        chunk.start_trial(self, &values);
        let tables = self.simulated.iter().position(|&vs| vs == (0, strategy)).map(|i| &chunk.tables[i]);
        let tables = tables.expect("the first variant simulates every strategy");
        let params = self.variants[0].strategies[strategy].trial_params(&values[0][strategy], self.calendar);
        let team = self.team_years(&values)[0].0;
        let scenario = self.scenario();
        let (seed, starting) = (scenario.seed(), u64::from(scenario.reps()));
        let mut history = Default::default();
        let mut scratch = kernel::Scratch::default();
        let seats = (0..u64::from(scenario.seats()))
            .map(|seat| {
                let kind = RepUniforms::draw(seed, trial, seat).seat(seat, starting, &self.openings);
                team.draw(seed, trial, seat, kind, &mut history);
                let job = RepJob {
                    key: RepKey { seed, trial, rep: seat },
                    params: &params,
                    history: &history,
                    skill_effect: values[0][0][Param::SkillEffect.index()],
                    tables: TrialTables { cycles: &tables.cycles, fit: &tables.fit },
                };
                let log = kernel::simulate_logged(job, self.calendar, &mut scratch);
                SeatOpportunities { tenures: history.tenures.len(), opportunities: log.opportunities }
            })
            .collect();
        TrialOpportunities { trial, strategy: scenario.strategies[strategy].name.clone(), calendar: self.calendar, seats }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::engine::{Engine, RunControl};
    use crate::scenario::{Scenario, apply_override};

    /// Per (seat, counted quarter): first meetings, second meetings, won,
    /// won value, lost (phantoms included).
    type Tally = BTreeMap<(u64, u32), [f64; 5]>;

    /// The trial's rep-quarters, summed per seat and quarter, from records.csv rows.
    fn from_records(engine: &Engine, strategy: &str) -> Tally {
        let mut bytes = Vec::new();
        engine.run(0..1, &mut RunControl { records: Some(&mut bytes), ..Default::default() }).unwrap();
        let text = String::from_utf8(crate::stats::metrics::records_header().into_bytes()).unwrap() + &String::from_utf8(bytes).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let header = rows.headers().unwrap().clone();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let mut tally = Tally::new();
        for r in rows.records().map(Result::unwrap).filter(|r| &r[at("strategy")] == strategy) {
            let n = |c: &str| r[at(c)].parse::<f64>().unwrap();
            let key = (n("rep") as u64, n("quarter") as u32 - 1);
            let t = tally.entry(key).or_default();
            let add = [n("first_meetings"), n("qualified"), n("won"), n("won_value"), n("lost") + n("phantoms_closed")];
            t.iter_mut().zip(add).for_each(|(a, b)| *a += b);
        }
        tally
    }

    /// The same from the trial's log: each event in the counted quarter of its week.
    fn from_log(engine: &Engine, strategy: usize) -> Tally {
        let t = engine.opportunities(0, strategy);
        let cal = t.calendar;
        let counted = |w: u32| (w >= cal.year_start() && w < cal.total_weeks()).then(|| (w - cal.year_start()) / cal.weeks_per_quarter);
        let mut tally = Tally::new();
        for (seat, s) in t.seats.iter().enumerate() {
            let mut add = |w: Option<u32>, k: usize, x: f64| {
                if let Some(q) = w.and_then(counted) {
                    tally.entry((seat as u64, q)).or_default()[k] += x;
                }
            };
            for o in &s.opportunities {
                add(Some(o.created), 0, 1.0);
                add(o.qualified, 1, 1.0);
                if o.won {
                    add(Some(o.close), 2, 1.0);
                    add(Some(o.close), 3, o.value);
                } else {
                    add(Some(o.close), 4, 1.0);
                }
            }
        }
        tally
    }

    fn assert_same(records: &Tally, log: &Tally) {
        let nonzero = |t: &Tally| -> Vec<(u64, u32)> { t.iter().filter(|(_, v)| v.iter().any(|x| *x != 0.0)).map(|(k, _)| *k).collect() };
        assert_eq!(nonzero(records), nonzero(log));
        for (k, r) in records {
            let l = log.get(k).copied().unwrap_or_default();
            assert_eq!([r[0], r[1], r[2], r[4]], [l[0], l[1], l[2], l[4]], "seat {} quarter {}", k.0, k.1 + 1);
            assert!((r[3] - l[3]).abs() <= 1e-9 * r[3].max(1.0), "won value of seat {} quarter {}: {} vs {}", k.0, k.1 + 1, r[3], l[3]);
        }
    }

    #[test]
    fn the_log_tells_what_the_rep_quarters_count() {
        // Steady seats, and seats with new hires, leavers whose open deals
        // are lost, backfills and a planned hire (every path of the log),
        // with unlimited accounts and with a finite list.
        let mut year = Scenario::builtin();
        for (p, v) in [
            ("team.reps", "12"),
            ("team.new_hire_share", "0.3"),
            ("team.attrition_rate", "0.5"),
            ("team.orphaned_deals", "\"lost\""),
            ("team.backfill_weeks", "3"),
        ] {
            apply_override(&mut year, p, v).unwrap();
        }
        year.hires.push(crate::scenario::Hire { quarter: 2, reps: 1, loc: None });
        let mut steady = Scenario::builtin();
        apply_override(&mut steady, "team.reps", "6").unwrap();
        // A finite list, small enough to run dry, with leavers whose accounts return to it.
        let mut listed = year.clone();
        for (p, v) in [("market.accounts_per_rep", "300"), ("market.cooldown_weeks", "4"), ("market.rest_weeks", "8")] {
            apply_override(&mut listed, p, v).unwrap();
        }
        for sc in [steady, year, listed] {
            let engine = Engine::new(&sc);
            for (i, s) in sc.strategies.iter().enumerate() {
                let log = engine.opportunities(0, i);
                assert_eq!(log.seats.len(), sc.seats() as usize);
                assert_same(&from_records(&engine, &s.name), &from_log(&engine, i));
            }
        }
    }
}
