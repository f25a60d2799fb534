//! `quotasim solve`: the value of one parameter that brings a metric to a
//! target (or maximises or minimises it), with the answer's interval, the
//! points evaluated, a chart, and what the answer costs.

use super::CommandError;
use super::session::{Session, SimOptions};
use crate::report::{self, charts};
use crate::scenario::written::{Written, read_written};
use crate::scenario::{Scenario, Unit};
use crate::study::solve::{Goal, SolveMetric, SolveParam, SolveRequest, Space, max_runs, run_solve, screen_trials};

/// The goal as written, resolved once the scenario is loaded.
#[derive(Clone, Debug)]
pub enum GoalText {
    Target { metric: String, value: String },
    Maximize(String),
    Minimize(String),
}

#[derive(Clone, Debug)]
pub struct SolveOptions {
    pub sim: SimOptions,
    pub param: String,
    pub goal: GoalText,
    pub strategy: Option<String>,
    pub within: Option<String>,
}

pub fn solve(opts: &SolveOptions) -> Result<(), CommandError> {
    opts.sim.refuse_shard(
        "solve",
        "its search picks each value to simulate from the ones before, so its work is not known in advance; run solves for different targets or strategies as separate jobs instead",
    )?;
    let session = Session::open(&opts.sim)?;
    let scenario = &session.scenario;
    let req = request(scenario, opts)?;
    session.guard(req.trials, max_runs(&req), false)?;
    let options = [
        ("param", req.param.path.clone()),
        ("goal", goal_key(&req)),
        ("strategy", opts.strategy.clone().unwrap_or_else(|| "all".into())),
        ("within", format!("{}:{}", req.space.lo, req.space.hi)),
    ];
    let out = session.output("solve", session.home("solve"), req.trials, &options)?;
    let result = session.simulate("solving", None, |control| run_solve(scenario, &req, control))?;
    let mut files = vec![
        ("solve.json".to_string(), report::solve_export::solve_json(&result)),
        ("solve.csv".to_string(), report::solve_export::solve_csv(&result)),
        ("answer.txt".to_string(), report::words::solve::answer_text(&result).into_bytes()),
    ];
    if session.charts() {
        files.extend(charts::solve_charts(&result).map_err(CommandError::Charts)?);
        if let Some(html) = report::html::solve_report(&result, &files) {
            files.push(("report.html".to_string(), html));
        }
    }
    let n = out.publish(req.trials, files, Vec::new(), &[])?.len();
    print!("{}", report::words::solve::answer_text(&result));
    println!("\nwrote {n} files to {}", out.dir.display());
    Ok(())
}

fn goal_key(req: &SolveRequest) -> String {
    match req.goal {
        Goal::Target(v) => format!("{}={v}", req.metric.key()),
        Goal::Maximize => format!("max {}", req.metric.key()),
        Goal::Minimize => format!("min {}", req.metric.key()),
    }
}

/// The checked request: parameter, metric, goal, interval and strategies.
fn request(scenario: &Scenario, opts: &SolveOptions) -> Result<SolveRequest, CommandError> {
    let param = SolveParam::parse(scenario, &opts.param)?;
    let (metric_text, goal_value) = match &opts.goal {
        GoalText::Target { metric, value } => (metric, Some(value)),
        GoalText::Maximize(m) | GoalText::Minimize(m) => (m, None),
    };
    let metric = SolveMetric::parse(metric_text);
    if let SolveMetric::Objective(o) = &metric {
        crate::study::check_metric(*o, scenario.quarters())?;
    }
    let goal = match (&opts.goal, goal_value) {
        (GoalText::Maximize(_), _) => Goal::Maximize,
        (GoalText::Minimize(_), _) => Goal::Minimize,
        (_, Some(v)) => Goal::Target(target_value(&metric, v)?),
        (_, None) => unreachable!("a target has a value"),
    };
    let strategies = strategies(scenario, &param, opts.strategy.as_deref())?;
    let space = space(scenario, &param, opts.within.as_deref())?;
    let trials = scenario.trials();
    let req = SolveRequest { param, metric, goal, space, strategies, trials, screen_trials: screen_trials(trials) };
    check_metric_path(scenario, &req)?;
    Ok(req)
}

fn target_value(metric: &SolveMetric, text: &str) -> Result<f64, CommandError> {
    let kind = if metric.is_share() { Written::Percent } else { Written::Any };
    let v = read_written(text, kind).map_err(|e| {
        CommandError::usage(format!(
            "--target {}={text}: {}{}",
            metric.key(),
            e.message,
            e.help.map(|h| format!(" ({h})")).unwrap_or_default()
        ))
    })?;
    // Shares lie in 0..1; bookings are a multiple of the plan.
    let max = if metric == &SolveMetric::Objective(crate::study::Objective::Bookings) { 10.0 } else { 1.0 };
    if metric.is_share() && !(0.0..=max).contains(&v) {
        return Err(CommandError::usage(format!(
            "--target {}={text}: {} is a share; write it as a fraction such as 0.6 or a percentage such as 60%",
            metric.key(),
            metric.label()
        )));
    }
    Ok(v)
}

fn strategies(scenario: &Scenario, param: &SolveParam, name: Option<&str>) -> Result<Vec<usize>, CommandError> {
    if let Some(name) = name {
        return match scenario.strategy_index(name) {
            Some(i) => Ok(vec![i]),
            None => {
                let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
                Err(CommandError::usage(format!("--strategy `{name}`: no such strategy (strategies: {})", names.join(", "))))
            }
        };
    }
    Ok(match param.strategy() {
        Some(i) => vec![i],
        None => (0..scenario.strategies.len()).collect(),
    })
}

/// `--within LO:HI`, or the default, checked against the parameter's range.
fn space(scenario: &Scenario, param: &SolveParam, within: Option<&str>) -> Result<Space, CommandError> {
    let (lo, hi) = match within {
        None => param.default_within(scenario),
        Some(text) => {
            let kind = if param.integer() { Written::Count } else { Written::of(param.unit) };
            let bad = |m: String| CommandError::usage(format!("--within {text}: {m}"));
            let (a, b) = text.split_once(':').ok_or_else(|| bad("expected LO:HI, e.g. `40000:120000`".into()))?;
            let read = |t: &str| read_written(t, kind).map_err(|e| bad(e.message));
            let (lo, hi) = (read(a)?, read(b)?);
            if lo >= hi {
                return Err(bad("LO must be below HI".into()));
            }
            for x in [lo, hi] {
                if !param.range.contains(x) {
                    return Err(bad(format!("{x} is outside {}'s valid range {}", param.path, param.range)));
                }
            }
            if param.integer() && (lo.fract() != 0.0 || hi.fract() != 0.0) {
                return Err(bad(format!("{} takes whole numbers", param.path)));
            }
            (lo, hi)
        }
    };
    let geometric = !param.integer() && lo > 0.0 && hi / lo >= 4.0 && param.unit != Unit::Probability;
    Ok(Space { lo, hi, integer: param.integer(), geometric })
}

/// A summary path must name a number of the summary (checked on a tiny run).
fn check_metric_path(scenario: &Scenario, req: &SolveRequest) -> Result<(), CommandError> {
    if !matches!(req.metric, SolveMetric::Path(_)) {
        return Ok(());
    }
    let mut probe = scenario.clone();
    crate::scenario::apply_override(&mut probe, "simulation.trials", "1")?;
    let acc = crate::engine::Engine::new(&probe).run(0..1, &mut Default::default())?;
    let summary = crate::stats::Summary::build(&probe, &acc);
    req.metric
        .check(&summary.strategies[req.strategies[0]])
        .map_err(|m| CommandError::usage(format!("--target/--maximize/--minimize: {m}")))
}
