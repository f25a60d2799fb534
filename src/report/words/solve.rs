//! `solve`'s answer in words: the sentence, what it costs, how it was found,
//! and the values evaluated (answer.txt and the terminal).

use crate::report::format::{grouped, money_in, pct1, text_plain};
use crate::report::words::plain::{label_of, short_value};
use crate::scenario::units::Display;
use crate::study::solve::eval::Eval;
use crate::study::solve::param::ParamKind;
use crate::study::solve::{Answer, Goal, SolveResult, StrategySolve};

/// A value of the parameter as a reader writes it: "$84,000", "18.5", "43".
pub fn param_value(r: &SolveResult, x: f64) -> String {
    let p = &r.request.param;
    if p.integer() {
        return grouped(x.round());
    }
    match p.unit.display() {
        Display::Money => money_in(x.round(), &r.currency),
        _ => short_value(p.unit, x),
    }
}

/// A value of the metric: "60.2%", or a summary number as it is.
pub fn metric_value(r: &SolveResult, v: f64) -> String {
    if r.request.metric.is_share() {
        pct1(v)
    } else if v.abs() >= 1_000.0 {
        grouped(v)
    } else {
        text_plain(v)
    }
}

/// The parameter in words: "Quota per rep per quarter", "Seats in the team".
pub fn param_label(r: &SolveResult) -> String {
    match r.request.param.kind {
        ParamKind::Hire(i) => format!("Reps of planned hire {}", i + 1),
        _ => label_of(&r.request.param.path),
    }
}

fn with_ci(r: &SolveResult, e: &Eval) -> String {
    format!("{} [{}, {}]", metric_value(r, e.value), metric_value(r, e.ci.0), metric_value(r, e.ci.1))
}

/// The answer for one strategy in one or two sentences.
pub fn answer_sentence(r: &SolveResult, s: &StrategySolve) -> String {
    let label = param_label(r).to_lowercase();
    let metric = r.request.metric.label();
    let space = &r.request.space;
    match (&s.found.answer, r.request.goal) {
        (Answer::Root { x, interval, .. }, Goal::Target(t)) => format!(
            "{}: {label} at {} brings the {metric} to {} (95% Monte Carlo interval of the answer: {} to {}); there it measures {}.",
            s.strategy,
            param_value(r, *x),
            metric_value(r, t),
            param_value(r, interval.0),
            param_value(r, interval.1),
            with_ci(r, &s.at_answer)
        ),
        (Answer::Unreachable { closest }, Goal::Target(t)) => {
            let c = &s.found.evals[*closest];
            let (lo, hi) = (param_value(r, space.lo), param_value(r, space.hi));
            if c.value > t {
                format!(
                    "{}: the {metric} is above {} everywhere with the {label} between {lo} and {hi}; the nearest to the target is {} at {}.",
                    s.strategy,
                    metric_value(r, t),
                    with_ci(r, c),
                    param_value(r, c.x)
                )
            } else {
                format!(
                    "{}: a {metric} of {} is out of reach with the {label} between {lo} and {hi}; the closest is {} at {}.",
                    s.strategy,
                    metric_value(r, t),
                    with_ci(r, c),
                    param_value(r, c.x)
                )
            }
        }
        (Answer::Optimum { best, interval }, goal) => {
            let b = &s.found.evals[*best];
            let verb = if goal == Goal::Minimize { "minimises" } else { "maximises" };
            let ties = if interval.0 < interval.1 {
                format!("; values from {} to {} are within Monte Carlo error of it", param_value(r, interval.0), param_value(r, interval.1))
            } else {
                String::new()
            };
            format!("{}: {label} at {} {verb} the {metric}: {}{ties}.", s.strategy, param_value(r, b.x), with_ci(r, b))
        }
        _ => String::new(),
    }
}

/// What moving from the scenario's value to the answer costs: seats, hires,
/// plan, and the reps' prospecting hours.
pub fn cost_sentence(r: &SolveResult, s: &StrategySolve) -> Option<String> {
    let (cur, now) = (r.current?, s.at_current.as_ref()?);
    let x = s.at_answer.x;
    let mut parts = Vec::new();
    match r.request.param.kind {
        ParamKind::Seats => parts.push(format!("{:+} seats ({} instead of {})", (x - cur).round(), grouped(x), grouped(cur))),
        ParamKind::Hire(_) => parts.push(format!("{:+} reps hired ({} instead of {})", (x - cur).round(), grouped(x), grouped(cur))),
        ParamKind::Number(_) => {}
    }
    let hours = |e: &Eval| e.summary.as_ref().map(|sm| sm.strategies[s.index].hours_per_week.prospecting);
    if let (Some(h0), Some(h1)) = (hours(now), hours(&s.at_answer))
        && (h1 - h0).abs() >= 0.05
    {
        parts.push(format!("prospecting {:.1} instead of {:.1} hours per rep-week", h1, h0));
    }
    let plan = |e: &Eval| e.summary.as_ref().and_then(|sm| sm.strategies[s.index].year.as_ref().map(|y| y.plan));
    if let (Some(p0), Some(p1)) = (plan(now), plan(&s.at_answer))
        && (p1 - p0).abs() > 0.5
    {
        parts.push(format!("an annual plan of {} instead of {}", money_in(p1, &r.currency), money_in(p0, &r.currency)));
    }
    let was = if r.current_uncertain { "its median" } else { "the scenario's value" };
    (!parts.is_empty()).then(|| format!("Against {was} ({}): {}.", param_value(r, cur), parts.join("; ")))
}

/// answer.txt: every strategy's answer, its cost, notes and evaluations.
pub fn answer_text(r: &SolveResult) -> String {
    let (full, screen) = r.evaluations();
    let q = &r.request;
    let mut out = format!(
        "solve: {} ({}) between {} and {}; {} evaluations on {} trials each after a screen of {} on {} trials, all on the same trials (common random numbers)\n",
        param_label(r),
        q.param.path,
        param_value(r, q.space.lo),
        param_value(r, q.space.hi),
        full,
        grouped(q.trials as f64),
        screen,
        grouped(q.screen_trials as f64)
    );
    for s in &r.strategies {
        out.push('\n');
        out.push_str(&answer_sentence(r, s));
        out.push('\n');
        if let Some(c) = cost_sentence(r, s) {
            out.push_str(&c);
            out.push('\n');
        }
        for n in &s.found.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        out.push_str(&format!("  {:>14}  {}\n", "value", "metric [95% Monte Carlo interval]"));
        let mut evals: Vec<&Eval> = s.found.evals.iter().filter(|e| !e.screen).collect();
        evals.sort_by(|a, b| a.x.total_cmp(&b.x));
        for e in evals {
            out.push_str(&format!("  {:>14}  {}\n", param_value(r, e.x), with_ci(r, e)));
        }
    }
    out.push_str("\nIntervals are 95% Monte Carlo intervals (simulation precision), not the spread of outcomes between years.\n");
    out
}

/// The chart's title: the first strategy's answer, short.
pub fn solve_title(r: &SolveResult) -> String {
    // Lead with a strategy that has an answer, when one has.
    let found = r.strategies.iter().find(|s| !matches!(s.found.answer, Answer::Unreachable { .. }));
    let Some(s) = found.or(r.strategies.first()) else { return "Solve".into() };
    let label = param_label(r);
    let metric = r.request.metric.label();
    let more = others_in_title(r, s);
    match (&s.found.answer, r.request.goal) {
        (Answer::Root { x, .. }, Goal::Target(t)) => {
            format!("{label} {} gives {} {metric} for {}{more}", param_value(r, *x), metric_value(r, t), s.strategy)
        }
        (Answer::Unreachable { closest }, Goal::Target(t)) if s.found.evals[*closest].value > t => {
            format!("The {metric} stays above {} for {} across the range searched{more}", metric_value(r, t), s.strategy)
        }
        (Answer::Unreachable { .. }, Goal::Target(t)) => {
            format!("A {metric} of {} is out of reach for {} in the range searched{more}", metric_value(r, t), s.strategy)
        }
        (Answer::Optimum { best, .. }, goal) => {
            let verb = if goal == Goal::Minimize { "lowest" } else { "highest" };
            format!("{} {label} {} gives the {verb} {metric}{more}", s.strategy, param_value(r, s.found.evals[*best].x))
        }
        _ => "Solve".into(),
    }
}

/// What the title says of the strategies it does not lead with: the one
/// other's answer in a few words, or how many more there are.
fn others_in_title(r: &SolveResult, lead: &StrategySolve) -> String {
    let others: Vec<&StrategySolve> = r.strategies.iter().filter(|s| !std::ptr::eq(*s, lead)).collect();
    match others.as_slice() {
        [] => String::new(),
        [other] => match &other.found.answer {
            Answer::Root { x, .. } => format!("; {} at {}", other.strategy, param_value(r, *x)),
            Answer::Unreachable { closest } => {
                let e = &other.found.evals[*closest];
                format!("; out of reach for {} (closest: {} at {})", other.strategy, metric_value(r, e.value), param_value(r, e.x))
            }
            Answer::Optimum { best, .. } => format!("; {} at {}", other.strategy, param_value(r, other.found.evals[*best].x)),
        },
        more => format!(" (and {} more strategies)", more.len()),
    }
}

pub fn solve_subtitle(r: &SolveResult) -> String {
    format!(
        "{} against {}; every value on the same {} trials (common random numbers); bars and bands: 95% Monte Carlo intervals",
        r.request.metric.label(),
        param_label(r).to_lowercase(),
        grouped(r.request.trials as f64)
    )
}

pub fn solve_caption(r: &SolveResult) -> String {
    let _ = r;
    "Large dots are evaluations on every trial with their 95% Monte Carlo intervals; small dots the coarse screen that \
     located the answer; the shaded band is the answer's own 95% interval (the metric's interval divided by the curve's \
     slope), the line through it the answer. The dashed line is the target."
        .into()
}
