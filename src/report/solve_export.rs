//! `solve`'s data files as bytes: solve.json (the answer, its interval, how
//! it was found, every evaluation) and solve.csv (one row per evaluation).

use serde_json::{Value, json};

use super::table::{Cell, Kind, RunMeta, Table};
use crate::study::solve::eval::Eval;
use crate::study::solve::{Answer, Goal, SolveResult, StrategySolve};

fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn eval_json(e: &Eval) -> Value {
    json!({ "value": num(e.x), "metric": num(e.value), "ci_low": num(e.ci.0), "ci_high": num(e.ci.1),
            "trials": e.trials, "stage": if e.screen { "screen" } else { "refine" } })
}

fn answer_json(s: &StrategySolve) -> Value {
    match &s.found.answer {
        Answer::Root { x, interval, .. } => {
            json!({ "kind": "target_met", "value": num(*x), "ci_low": num(interval.0), "ci_high": num(interval.1) })
        }
        Answer::Unreachable { closest } => json!({ "kind": "unreachable", "closest": num(s.found.evals[*closest].x) }),
        Answer::Optimum { best, interval } => {
            json!({ "kind": "optimum", "value": num(s.found.evals[*best].x), "ties_low": num(interval.0), "ties_high": num(interval.1) })
        }
    }
}

/// solve.json.
pub fn solve_json(r: &SolveResult) -> Vec<u8> {
    let q = &r.request;
    let goal = match q.goal {
        Goal::Target(t) => json!({ "target": num(t) }),
        Goal::Maximize => json!("maximize"),
        Goal::Minimize => json!("minimize"),
    };
    let strategies: Vec<Value> = r
        .strategies
        .iter()
        .map(|s| {
            json!({
                "strategy": s.strategy,
                "answer": answer_json(s),
                "at_answer": eval_json(&s.at_answer),
                "at_current": s.at_current.as_ref().map(eval_json),
                "sentence": super::words::solve::answer_sentence(r, s),
                "cost": super::words::solve::cost_sentence(r, s),
                "notes": s.found.notes,
                "evaluations": s.found.evals.iter().map(eval_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "param": q.param.path,
        "metric": q.metric.key(),
        "goal": goal,
        "within": [num(q.space.lo), num(q.space.hi)],
        "whole_numbers": q.param.integer(),
        "current": r.current.map(num),
        "trials": q.trials,
        "screen_trials": q.screen_trials,
        "intervals": "95% Monte Carlo intervals (simulation precision); the answer's from the metric's interval over the curve's slope",
        "strategies": strategies,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("JSON of plain values");
    bytes.push(b'\n');
    bytes
}

/// solve.csv: every evaluation of every strategy.
pub fn solve_csv(r: &SolveResult) -> Vec<u8> {
    let mut t = Table::new("Solve");
    let value_kind = if r.request.param.integer() { Kind::Count } else { Kind::Number };
    let metric_kind = if r.request.metric.is_share() { Kind::Share } else { Kind::Number };
    for (name, kind) in [
        ("strategy", Kind::Text),
        ("stage", Kind::Text),
        ("value", value_kind),
        ("trials", Kind::Count),
        ("metric", metric_kind),
        ("metric_ci_low", metric_kind),
        ("metric_ci_high", metric_kind),
    ] {
        t.column(name, kind);
    }
    for s in &r.strategies {
        for e in s.found.evals.iter().chain(std::iter::once(&s.at_answer)) {
            let stage = if std::ptr::eq(e, &s.at_answer) {
                "answer"
            } else if e.screen {
                "screen"
            } else {
                "refine"
            };
            t.rows.push(vec![
                Cell::text(&s.strategy),
                Cell::text(stage),
                Cell::Num(e.x),
                Cell::Num(e.trials as f64),
                Cell::Num(e.value),
                Cell::Num(e.ci.0),
                Cell::Num(e.ci.1),
            ]);
        }
    }
    let summary = r.strategies.first().and_then(|s| s.at_current.as_ref().or(Some(&s.at_answer))).and_then(|e| e.summary.as_ref());
    let meta = match summary {
        Some(sm) => RunMeta { trials: r.request.trials, ..RunMeta::of(sm) },
        None => return Vec::new(),
    };
    t.csv(&meta)
}
