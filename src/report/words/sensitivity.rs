//! `sensitivity` in words: which uncertain input the spread of a metric
//! comes from (Sobol), or which setting moves it most (Morris); the text
//! table and the sentences of verdict.txt, the terminal and the charts.

use crate::report::format::{pct0, pct1};
use crate::report::words::plain::{label_of, short_value};
use crate::study::sensitivity::morris::MorrisResult;
use crate::study::sensitivity::sobol::Index;
use crate::study::sensitivity::{Factor, SobolResult, StrategySobol};

/// The luck factor's name.
pub const LUCK: &str = "Luck (the reps' own randomness within a year)";

/// A factor's name in words: its label, and where it is uncertain when a
/// strategy's own value.
pub fn factor_label(f: &Factor) -> String {
    label_of(&f.paths[0])
}

/// The name of factor `i` of a result (the last is luck).
pub fn index_label(r: &SobolResult, i: usize) -> String {
    r.factors.get(i).map_or_else(|| LUCK.to_string(), factor_label)
}

/// The factors of one strategy by total index, largest first.
pub fn ranked(s: &StrategySobol) -> Vec<usize> {
    let mut order: Vec<usize> = (0..s.indices.len()).collect();
    order.sort_by(|&a, &b| s.indices[b].total.total_cmp(&s.indices[a].total).then(a.cmp(&b)));
    order
}

fn share(i: &Index) -> String {
    format!("{} [{}, {}]", pct0(i.first.max(0.0)), pct0(i.first_ci.0.max(0.0)), pct0(i.first_ci.1.max(0.0)))
}

/// The Sobol finding for one strategy in a sentence or two.
pub fn sobol_sentence(r: &SobolResult, s: &StrategySobol) -> String {
    let metric = r.metric.label();
    let order = ranked(s);
    let luck = s.indices.len() - 1;
    let inputs: Vec<usize> = order.iter().copied().filter(|&i| i != luck).collect();
    let big: Vec<usize> = inputs.iter().copied().filter(|&i| s.indices[i].first >= 0.05).collect();
    let small_sum: f64 = inputs.iter().filter(|i| !big.contains(i)).map(|&i| s.indices[i].first.max(0.0)).sum();
    let mut parts: Vec<String> =
        big.iter().map(|&i| format!("{} from {}", share(&s.indices[i]), index_label(r, i).to_lowercase())).collect();
    if inputs.len() > big.len() {
        parts.push(format!("{} from the other inputs together", pct0(small_sum)));
    }
    let first_sum: f64 = s.indices.iter().map(|i| i.first.max(0.0)).sum();
    let interactions = (1.0 - first_sum).max(0.0);
    let lead = if parts.is_empty() { "none of the uncertain inputs moves it measurably".to_string() } else { parts.join(", ") };
    format!(
        "{}: of how the {metric} varies from one simulated year to the next, {lead}; luck {} ; inputs acting together about {}.",
        s.strategy,
        share(&s.indices[luck]),
        pct0(interactions)
    )
    .replace(" ;", ";")
}

/// A chart title: the input that matters most, and luck.
pub fn sobol_title(r: &SobolResult, s: &StrategySobol) -> String {
    let luck = s.indices.len() - 1;
    let top = ranked(s).into_iter().find(|&i| i != luck);
    let luck_part = format!("luck {}", pct0(s.indices[luck].first.max(0.0)));
    match top {
        Some(i) if s.indices[i].first >= 0.05 => format!(
            "{}: {} explains {} of how the {} varies from year to year; {luck_part}",
            s.strategy,
            index_label(r, i).to_lowercase(),
            pct0(s.indices[i].first),
            r.metric.def().short
        ),
        _ => format!("{}: no uncertain input explains much of how the {} varies; {luck_part}", s.strategy, r.metric.def().short),
    }
}

/// The text table of one strategy's indices.
pub fn sobol_table(r: &SobolResult, s: &StrategySobol) -> String {
    let mut out = format!("  {:<52} {:>20} {:>20}\n", "factor", "first-order [95%]", "total [95%]");
    for i in ranked(s) {
        let x = &s.indices[i];
        let cell = |v: f64, ci: (f64, f64)| format!("{} [{}, {}]", pct1(v), pct1(ci.0), pct1(ci.1));
        out.push_str(&format!("  {:<52} {:>20} {:>20}\n", index_label(r, i), cell(x.first, x.first_ci), cell(x.total, x.total_ci)));
    }
    out
}

/// verdict.txt and the terminal for a Sobol analysis.
pub fn sobol_text(r: &SobolResult) -> String {
    let mut out = format!(
        "sensitivity (Sobol): {} over {} uncertain input(s) and luck; {} design rows ({} trials per variant)\n",
        r.metric.label(),
        r.factors.len(),
        r.rows,
        2 * r.rows
    );
    if r.correlated {
        out.push_str(
            "note: the scenario correlates some inputs; indices are of the independent draws beneath the correlation, so correlated inputs share their effect\n",
        );
    }
    for s in &r.strategies {
        out.push('\n');
        out.push_str(&sobol_sentence(r, s));
        out.push('\n');
        out.push_str(&sobol_table(r, s));
        if s.undefined > 0 {
            out.push_str(&format!("  ({} design rows left out: the metric is undefined in them)\n", s.undefined));
        }
    }
    out.push_str(
        "\nFirst-order: the share of the metric's year-to-year variance due to the input alone; total: with its interactions. \
         Intervals are 95% bootstrap intervals of the estimates (Monte Carlo precision).\n",
    );
    out
}

/// The Morris finding for one strategy.
pub fn morris_sentence(r: &MorrisResult, i: usize) -> String {
    let s = &r.strategies[i];
    let top: Vec<String> =
        s.effects.iter().take(3).map(|e| format!("{} ({} per swing)", label_of(&e.path).to_lowercase(), points(r, e.mu_star))).collect();
    if top.is_empty() {
        return format!("{}: no setting could be swung.", s.strategy);
    }
    format!("{}: the settings that move the {} most over their swings are {}.", s.strategy, r.metric.label(), top.join(", "))
}

fn points(r: &MorrisResult, v: f64) -> String {
    let _ = r;
    format!("{:.1} pts", 100.0 * v)
}

/// verdict.txt and the terminal for a Morris screen.
pub fn morris_text(r: &MorrisResult) -> String {
    let mut out = format!(
        "sensitivity (Morris screen): {}; every numeric setting over {}% either side of its value (uncertain ones over P10-P90); {} trajectories, {} trials per point on the same trials\n",
        r.metric.label(),
        (r.swing * 100.0).round(),
        r.trajectories,
        r.trials
    );
    for (k, s) in r.strategies.iter().enumerate() {
        out.push('\n');
        out.push_str(&morris_sentence(r, k));
        out.push('\n');
        out.push_str(&format!("  {:<48} {:>22} {:>10} {:>10}   {}\n", "setting", "mu* [95%] (pts)", "mu (pts)", "sigma", "box"));
        for e in &s.effects {
            out.push_str(&format!(
                "  {:<48} {:>22} {:>10} {:>10}   {} to {}\n",
                e.path,
                format!("{:.2} [{:.2}, {:.2}]", 100.0 * e.mu_star, 100.0 * e.mu_star_ci.0, 100.0 * e.mu_star_ci.1),
                format!("{:+.2}", 100.0 * e.mu),
                format!("{:.2}", 100.0 * e.sigma),
                short_value(e.unit, e.low),
                short_value(e.unit, e.high)
            ));
        }
    }
    out.push_str(
        "\nmu*: mean absolute change of the metric when the setting moves from its low to its high value (elementary effects, in \
         percentage points); mu: the same with its sign; sigma: how much that change depends on the other settings (interactions, \
         curvature). Intervals: 95% bootstrap over trajectories.\n",
    );
    out
}
