//! `sensitivity`'s data files as bytes: sensitivity.json and sensitivity.csv
//! (one row per strategy and factor or setting).

use serde_json::{Value, json};

use super::table::{Cell, Kind, Table};
use super::words::sensitivity::{index_label, morris_sentence, sobol_sentence};
use crate::study::sensitivity::SobolResult;
use crate::study::sensitivity::morris::MorrisResult;

fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn pretty(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).expect("JSON of plain values");
    bytes.push(b'\n');
    bytes
}

/// A factor's key in data files: its first path, or `luck`.
fn factor_key(r: &SobolResult, i: usize) -> String {
    r.factors.get(i).map_or_else(|| "luck".to_string(), |f| f.paths.join(" "))
}

pub fn sobol_json(r: &SobolResult) -> Vec<u8> {
    let strategies: Vec<Value> = r
        .strategies
        .iter()
        .map(|s| {
            // What the inputs explain alone: the sum of their first-order indices.
            let luck = s.indices.len() - 1;
            let explained: f64 = s.indices[..luck].iter().map(|x| x.first.max(0.0)).sum();
            let factors: Vec<Value> = s
                .indices
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    let of_inputs = if i < luck && explained > 0.0 { num(x.first / explained) } else { Value::Null };
                    json!({ "factor": factor_key(r, i), "label": index_label(r, i),
                            "first_order": num(x.first), "first_order_ci": [num(x.first_ci.0), num(x.first_ci.1)],
                            "total": num(x.total), "total_ci": [num(x.total_ci.0), num(x.total_ci.1)],
                            "first_order_of_inputs": of_inputs })
                })
                .collect();
            json!({ "strategy": s.strategy, "sentence": sobol_sentence(r, s), "mean": num(s.mean), "variance": num(s.variance),
                    "rows_left_out": s.undefined, "factors": factors })
        })
        .collect();
    pretty(&json!({
        "method": "sobol",
        "metric": r.metric.as_str(),
        "design_rows": r.rows,
        "trials_per_variant": 2 * r.rows,
        "estimators": "first-order: Saltelli (2010); total: Jansen (1999); both averaged over the A/B and B/A cross matrices; luck is the trial's own randomness as a factor",
        "intervals": "95% bootstrap percentile intervals over design rows",
        "first_order_of_inputs": "an input's first-order index as a share of the sum of the inputs' first-order indices (luck left out)",
        "correlated_inputs": r.correlated,
        "strategies": strategies,
    }))
}

pub fn sobol_csv(r: &SobolResult, meta: &super::table::RunMeta) -> Vec<u8> {
    let mut t = Table::new("Sobol");
    for (name, kind) in [
        ("strategy", Kind::Text),
        ("factor", Kind::Text),
        ("first_order", Kind::Share),
        ("first_order_ci_low", Kind::Share),
        ("first_order_ci_high", Kind::Share),
        ("total", Kind::Share),
        ("total_ci_low", Kind::Share),
        ("total_ci_high", Kind::Share),
    ] {
        t.column(name, kind);
    }
    for s in &r.strategies {
        for (i, x) in s.indices.iter().enumerate() {
            t.rows.push(vec![
                Cell::text(&s.strategy),
                Cell::text(factor_key(r, i)),
                Cell::Num(x.first),
                Cell::Num(x.first_ci.0),
                Cell::Num(x.first_ci.1),
                Cell::Num(x.total),
                Cell::Num(x.total_ci.0),
                Cell::Num(x.total_ci.1),
            ]);
        }
    }
    t.csv(meta)
}

pub fn morris_json(r: &MorrisResult) -> Vec<u8> {
    let strategies: Vec<Value> = r
        .strategies
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let effects: Vec<Value> = s
                .effects
                .iter()
                .map(|e| {
                    json!({ "path": e.path, "low": num(e.low), "high": num(e.high), "mu_star": num(e.mu_star),
                            "mu_star_ci": [num(e.mu_star_ci.0), num(e.mu_star_ci.1)], "mu": num(e.mu), "sigma": num(e.sigma) })
                })
                .collect();
            json!({ "strategy": s.strategy, "sentence": morris_sentence(r, k), "effects": effects,
                    "skipped": s.skipped.iter().map(|x| json!({ "path": x.path, "reason": x.reason })).collect::<Vec<_>>() })
        })
        .collect();
    pretty(&json!({
        "method": "morris",
        "metric": r.metric.as_str(),
        "swing": r.swing,
        "trajectories": r.trajectories,
        "trials_per_point": r.trials,
        "effects_in": "change of the metric from each setting's low to its high value (elementary effects on common random numbers)",
        "intervals": "95% bootstrap percentile intervals over trajectories",
        "strategies": strategies,
    }))
}

pub fn morris_csv(r: &MorrisResult, meta: &super::table::RunMeta) -> Vec<u8> {
    let mut t = Table::new("Morris");
    for (name, kind) in [
        ("strategy", Kind::Text),
        ("path", Kind::Text),
        ("low", Kind::Number),
        ("high", Kind::Number),
        ("mu_star", Kind::Share),
        ("mu_star_ci_low", Kind::Share),
        ("mu_star_ci_high", Kind::Share),
        ("mu", Kind::Share),
        ("sigma", Kind::Share),
    ] {
        t.column(name, kind);
    }
    for s in &r.strategies {
        for e in &s.effects {
            t.rows.push(vec![
                Cell::text(&s.strategy),
                Cell::text(&e.path),
                Cell::Num(e.low),
                Cell::Num(e.high),
                Cell::Num(e.mu_star),
                Cell::Num(e.mu_star_ci.0),
                Cell::Num(e.mu_star_ci.1),
                Cell::Num(e.mu),
                Cell::Num(e.sigma),
            ]);
        }
    }
    t.csv(meta)
}
