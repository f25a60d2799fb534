//! `[[hire]]` tables: the hiring plan, `quarter = k, reps = n` adding n seats
//! with new hires at the first week of counted quarter k.

use toml::de::DeTable;

use super::context::Ctx;
use super::values::count;
use crate::scenario::registry::{Count, CountDef, Meta, Section};
use crate::scenario::units::Unit;
use crate::scenario::{Counts, Hire};

/// Keys of a `[[hire]]` table.
const HIRE_KEYS: [&str; 2] = ["quarter", "reps"];

/// Most seats a plan may add, with the starting seats.
const MAX_SEATS: u64 = 1_000_000;

fn rule(key: &'static str, min: u64, max: u64, doc: &'static str) -> CountDef {
    CountDef { count: Count::Reps, meta: Meta { key, section: Section::Team, label: key, doc }, default: min, min, max, unit: Unit::None }
}

/// One `[[hire]]` table (its quarter is checked against the calendar later).
pub(super) fn hire_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, start: usize, index: usize) -> Option<Hire> {
    let path = |k: &str| format!("hire.{}.{k}", index + 1);
    let before = ctx.errors.len();
    let mut quarter = None;
    let mut reps = None;
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let read = match key {
            "quarter" => {
                count(v, &rule("quarter", 1, 400, "counted quarter of the hire (1-based)")).map(|x| quarter = Some((x, v.span().start)))
            }
            "reps" => count(v, &rule("reps", 1, MAX_SEATS, "seats added")).map(|x| reps = Some(x)),
            _ => {
                ctx.unknown_key(k.span().start, &path(key), key, HIRE_KEYS.to_vec(), None);
                Ok(())
            }
        };
        if let Err(e) = read {
            ctx.value_err(&path(key), e);
        }
    }
    for (key, missing) in [("quarter", quarter.is_none()), ("reps", reps.is_none())] {
        if missing && ctx.errors.len() == before {
            ctx.err_help(
                start,
                &path(key),
                format!("this [[hire]] has no `{key}`"),
                Some("write e.g. `[[hire]]` then `quarter = 2` and `reps = 3`".into()),
            );
        }
    }
    let (quarter, offset) = quarter?;
    Some(Hire { quarter: quarter as u32, reps: reps? as u32, loc: Some(ctx.loc(offset)) })
}

/// Hires must fall in a counted quarter, and the team stay within the seat limit.
pub(super) fn check_hires(ctx: &mut Ctx<'_>, hires: &[Hire], counts: &Counts) {
    let quarters = counts[Count::Quarters];
    for (i, h) in hires.iter().enumerate() {
        if u64::from(h.quarter) > quarters {
            let loc = h.loc.expect("read from the file");
            let e = crate::scenario::ScenarioError::located(
                ctx.label,
                loc,
                format!("hire.{}.quarter", i + 1),
                format!("quarter {} is past the last counted quarter ({quarters})", h.quarter),
            );
            ctx.errors.push(e);
        }
    }
    let seats = counts[Count::Reps] + hires.iter().map(|h| u64::from(h.reps)).sum::<u64>();
    if seats > MAX_SEATS {
        ctx.err(0, "hire", format!("the team would have {seats} seats; at most {MAX_SEATS}"));
    }
}
