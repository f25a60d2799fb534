//! Every sweep chart renders for a 1-D and a 2-D sweep, decodes, and
//! carries its title.

use super::*;
use crate::report::charts::Chart;
use crate::report::charts::tests::check_chart;
use crate::report::fixtures;
use crate::report::words::sweep::{NOT_REACHED, share_key};

#[test]
fn a_1d_sweep_draws_a_fan_and_a_share_chart() {
    let r = fixtures::sweep_1d();
    let fan = fan::Fan { r: &r };
    let texts = check_chart(&fan);
    // One panel per strategy; the one the path does not reach says so.
    for name in r.strategies() {
        assert!(texts.contains(&name), "no fan panel for {name}");
    }
    assert!(texts.iter().any(|t| t.contains(NOT_REACHED)), "the unreached strategy is not marked");
    let share = share::ShareCurve { r: &r };
    let texts = check_chart(&share);
    for (k, name) in r.strategies().iter().enumerate() {
        let key = share_key(name, crate::report::facts::sweep::reaches(&r, k));
        assert!(texts.contains(&key), "no legend entry {key:?}");
    }
    let files = sweep_charts(&r).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["fan.png", "fan.svg", "share_at_quota.png", "share_at_quota.svg"]);
}

#[test]
fn a_2d_sweep_draws_a_heatmap_per_strategy() {
    let r = fixtures::sweep_2d();
    assert!(r.grid.is_2d());
    for strategy in 0..r.strategies().len() {
        let heatmap = heatmap::Heatmap { r: &r, strategy };
        assert_eq!(heatmap.name(), format!("heatmap-{}", crate::scenario::slug(&r.strategies()[strategy])));
        let texts = check_chart(&heatmap);
        // A label per cell: its share at quota.
        for p in &r.points {
            let label = crate::report::format::pct0(p.summary.strategies[strategy].at_quota.share);
            assert!(texts.contains(&label), "no cell label {label:?} at point {}", p.index);
        }
    }
    assert_eq!(sweep_charts(&r).unwrap().len(), 2 * r.strategies().len());
}
