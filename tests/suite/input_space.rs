//! Every accepted input gives a finite, readable answer: random valid
//! scenarios drawn across every setting's declared range (the registry's),
//! endpoints included, uncertain inputs at their extremes, one to four
//! strategies, every choice value. Each is simulated for a few trials; a
//! sample also goes through a sweep and a tornado.
//!
//! Asserted: the scenario is accepted; every number of summary.json is finite
//! and every null is one of the documented undefined figures; charts and
//! report.html render without NaN or infinities; the terminal table keeps a
//! bounded width.
//!
//! The suite runs a bounded number of cases; a long run is
//! `PROPTEST_CASES=10000 cargo test --test suite input_space`; with
//! `INPUT_SPACE_TRACE=1` and `-- --nocapture` it names each case's seed (and
//! the size guard's estimate) as the case starts, and `replay` runs one
//! case again (`INPUT_SPACE_SEED=N ... input_space::replay -- --ignored`).

use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use quotasim::commands::guard;
use quotasim::engine::{Engine, RunControl};
use quotasim::report;
use quotasim::scenario::registry::{CHOICES, COUNTS, Count, FLAGS, PARAMS, SEASONS, Section};
use quotasim::scenario::{Range, Scenario, Unit};
use quotasim::stats::Summary;
use quotasim::stats::summary::undefined_reason;
use quotasim::study::Objective;
use quotasim::study::grid::{Axis, Grid};
use quotasim::study::points::run_sweep;
use quotasim::study::tornado::run_tornado;

type Rng = Xoshiro256PlusPlus;

/// A value inside `r`: an endpoint (nudged inside an open one) or anywhere between.
fn inside(rng: &mut Rng, r: &Range) -> f64 {
    match rng.random_range(0..4) {
        0 => r.clamp(r.lo),
        1 => r.clamp(r.hi),
        _ => {
            let (lo, hi) = (r.clamp(r.lo), r.clamp(r.hi));
            r.clamp(lo + rng.random::<f64>() * (hi - lo))
        }
    }
}

/// A number as TOML: always with a decimal point or exponent, so a float key reads as a float.
fn num(x: f64) -> String {
    format!("{x:e}")
}

/// A fixed value or an uncertain one at the extremes of the range.
fn value(rng: &mut Rng, r: &Range, unit: Unit) -> String {
    let (lo, hi) = (r.clamp(r.lo), r.clamp(r.hi));
    match rng.random_range(0..6) {
        0 => format!("{{ uniform = [{}, {}] }}", num(lo), num(hi)),
        1 => format!("{{ pert = [{}, {}, {}] }}", num(lo), num(inside(rng, r)), num(hi)),
        2 => format!("{{ triangular = [{}, {}, {}] }}", num(lo), num(lo), num(hi)),
        3 if unit == Unit::Probability && r.hi >= 1.0 => format!("{{ beta = [{}, {}] }}", num(0.5 + 20.0 * rng.random::<f64>()), num(0.5)),
        _ => num(inside(rng, r)),
    }
}

/// A whole number of a count, small where the count scales the work.
fn count(rng: &mut Rng, c: Count) -> u64 {
    match c {
        Count::Trials => rng.random_range(1..=3),
        Count::Quarters => rng.random_range(1..=3),
        Count::WarmupQuarters => rng.random_range(0..=2),
        Count::WeeksPerQuarter => [1, 2, 13, 52][rng.random_range(0..4)],
        Count::Reps => rng.random_range(1..=3),
        Count::Seed => rng.random(),
        Count::FirstQuarter => rng.random_range(1..=4),
    }
}

/// Flags and seasonal multipliers of a section, each with probability `p`.
fn year_keys(rng: &mut Rng, section: Section, p: f64) -> String {
    let mut out = String::new();
    for f in FLAGS.iter().filter(|f| f.meta.section == section) {
        if rng.random::<f64>() < p {
            out.push_str(&format!("{} = {}\n", f.meta.key, rng.random::<bool>()));
        }
    }
    for s in SEASONS.iter().filter(|s| s.meta.section == section) {
        if rng.random::<f64>() < p {
            let q: Vec<String> = (0..4).map(|_| num(inside(rng, &s.range))).collect();
            out.push_str(&format!("{} = [{}]\n", s.meta.key, q.join(", ")));
        }
    }
    out
}

/// The key lines of one strategy or shared section: each key with probability `p`.
fn keys(rng: &mut Rng, sections: &[Section], p: f64) -> String {
    let mut out = String::new();
    for d in PARAMS.iter().filter(|d| sections.contains(&d.meta.section)) {
        if rng.random::<f64>() < p {
            out.push_str(&format!("{} = {}\n", d.meta.key, value(rng, &d.range, d.unit)));
        }
    }
    for c in CHOICES.iter().filter(|c| sections.contains(&c.meta.section)) {
        if rng.random::<f64>() < p {
            out.push_str(&format!("{} = \"{}\"\n", c.meta.key, c.values[rng.random_range(0..c.values.len())]));
        }
    }
    if sections.contains(&Section::Selling) && rng.random::<f64>() < p {
        let fit = match rng.random_range(0..3) {
            0 => "0.0".to_string(),
            1 => "1.0".to_string(),
            _ => format!("{{ beta = [{}, {}] }}", num(0.1 + 20.0 * rng.random::<f64>()), num(0.1 + 20.0 * rng.random::<f64>())),
        };
        out.push_str(&format!("fit = {fit}\n"));
    }
    out
}

/// A random valid scenario.
fn scenario_text(seed: u64) -> String {
    let rng = &mut Rng::seed_from_u64(seed);
    let mut text = String::from("name = \"input space\"\ncurrency = \"EUR\"\n");
    for section in Section::ALL {
        text.push_str(&format!("[{}]\n", section.name()));
        for c in COUNTS.iter().filter(|c| c.meta.section == section) {
            text.push_str(&format!("{} = {}\n", c.meta.key, count(rng, c.count)));
        }
        if section != Section::Simulation {
            text.push_str(&keys(rng, &[section], 0.7));
        }
        text.push_str(&year_keys(rng, section, 0.7));
    }
    for _ in 0..rng.random_range(0..=2) {
        // Quarter 1 is always counted; a later one may not be, and is then refused.
        text.push_str(&format!("[[hire]]\nquarter = 1\nreps = {}\n", rng.random_range(1..=2)));
    }
    for i in 0..rng.random_range(1..=4) {
        text.push_str(&format!("[[strategy]]\nname = \"s{i}\"\n"));
        text.push_str(&keys(rng, &[Section::Policy, Section::Selling], 0.3));
    }
    text
}

/// Every number finite; every null one of the documented undefined figures.
fn check_json(v: &serde_json::Value, path: &str, text: &str) {
    match v {
        serde_json::Value::Null => {
            assert!(undefined_reason(path).is_some(), "undocumented null at {path}\n{text}");
        }
        serde_json::Value::Number(n) => {
            let x = n.as_f64().expect("a number");
            assert!(x.is_finite() && (x.abs() < 1e15 || path == "seed"), "{path} = {x}\n{text}");
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| check_json(x, &format!("{path}[]"), text)),
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                check_json(x, &p, text);
            }
        }
        _ => {}
    }
}

/// The text people read: embedded fonts and images (base64) left out.
fn readable(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut rest = s.as_ref();
    while let Some(i) = rest.find("base64,") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        rest = tail.find(['"', '\'', ')']).map_or("", |j| &tail[j..]);
    }
    out.push_str(rest);
    out
}

fn no_absurd_text(what: &str, bytes: &[u8], text: &str) {
    let s = readable(bytes);
    let bad = s.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| ["NaN", "nan", "inf", "Infinity"].contains(w));
    assert!(bad.is_none(), "{what} shows `{}`\n{text}", bad.unwrap_or_default());
    // A number in exponent notation (1.2e+21) is not for people.
    let b = s.as_bytes();
    let exponent = b.windows(4).any(|w| w[0].is_ascii_digit() && w[1] == b'e' && (w[2] == b'+' || w[2] == b'-') && w[3].is_ascii_digit());
    let at = b
        .windows(4)
        .position(|w| w[0].is_ascii_digit() && w[1] == b'e' && (w[2] == b'+' || w[2] == b'-') && w[3].is_ascii_digit())
        .unwrap_or(0);
    assert!(!exponent, "{what} shows a number in exponent notation: {}\n{text}", &s[at.saturating_sub(120)..(at + 120).min(s.len())]);
}

/// The first scenario from `seed` on whose settings agree with each other:
/// each setting is drawn across its own range, and a deal size thousands of
/// times the quota (refused, with a located error) is drawn again.
fn accepted(seed: u64) -> (String, Scenario) {
    for attempt in 0..200 {
        let text = scenario_text(seed.wrapping_add(attempt));
        match Scenario::from_toml(&text, "input.toml") {
            Ok(s) => return (text, s),
            Err(e) if e.0.iter().all(|x| x.message.contains("outside what a sales team plans with")) => continue,
            Err(e) => panic!("a valid scenario was refused: {e}\n{text}"),
        }
    }
    panic!("no consistent scenario near seed {seed}");
}

fn exercise(seed: u64) {
    // The long run names each case as it starts, so a case that dies (out of
    // memory, say) can be replayed: INPUT_SPACE_TRACE=1 ... -- --nocapture.
    if std::env::var_os("INPUT_SPACE_TRACE").is_some() {
        eprintln!("case seed {seed}");
    }
    let (text, scenario) = accepted(seed);
    // A job beyond the size guard is refused before it starts, as the CLI
    // refuses it: a clear error, not an answer (nor a machine out of memory).
    let threads = rayon::current_num_threads();
    let estimate = guard::estimate(&scenario, scenario.trials(), 1, threads, false);
    if std::env::var_os("INPUT_SPACE_TRACE").is_some() {
        eprintln!("case seed {seed}: estimated {:.1} s\n{text}", estimate.seconds);
    }
    if let Err(e) = guard::check(&estimate, false) {
        assert!(e.to_string().contains("too large") && e.to_string().contains("--allow-large"), "{e}\n{text}");
        return;
    }
    let acc = Engine::new(&scenario).run(0..scenario.trials(), &mut RunControl::default()).expect("run");
    let summary = Summary::build(&scenario, &acc);
    let json: serde_json::Value = serde_json::from_slice(&report::json::summary_json(&summary)).expect("summary.json parses");
    check_json(&json, "", &text);
    let table = report::terminal::render(&summary);
    no_absurd_text("the terminal table", table.as_bytes(), &text);
    let limit = 48 + 30 * summary.strategies.len();
    for line in table.lines() {
        assert!(line.chars().count() <= limit, "terminal line of {} characters:\n{line}\n{text}", line.chars().count());
    }
    no_absurd_text("summary.csv", &report::csv::summary_csv(&summary), &text);
    let charts = report::charts::run_charts(&summary).unwrap_or_else(|e| panic!("charts: {e}\n{text}"));
    for (name, bytes) in charts.iter().filter(|(n, _)| n.ends_with(".svg")) {
        no_absurd_text(name, bytes, &text);
    }
    no_absurd_text("report.html", &report::html::report_html(&summary, &charts), &text);
    if seed.is_multiple_of(8) {
        study(&scenario, &text);
    }
}

/// A sweep of one numeric path over two values of its range, and a tornado.
fn study(scenario: &Scenario, text: &str) {
    let rng = &mut Rng::seed_from_u64(scenario.seed());
    let d = &PARAMS[rng.random_range(0..PARAMS.len())];
    let (a, b) = (inside(rng, &d.range), inside(rng, &d.range));
    let spec = quotasim::scenario::ValueSpec::parse_list(&format!("{a},{b}"))
        .or_else(|_| quotasim::scenario::ValueSpec::parse_list(&format!("{a}")));
    let axis = Axis::new(scenario, &d.meta.path(), &spec.expect("values"), "--param").expect("an axis in range");
    let grid = Grid::new("space".into(), vec![axis]).expect("a grid");
    let sweep = run_sweep(scenario, &grid, None, &mut RunControl::default()).expect("sweep");
    no_absurd_text("sweep.csv", &report::sweep_export::sweep_csv(&sweep), text);
    let charts = report::charts::sweep_charts(&sweep).unwrap_or_else(|e| panic!("sweep charts: {e}\n{text}"));
    no_absurd_text("the sweep's report.html", &report::html::sweep_report(&sweep, &charts), text);
    let tornado = run_tornado(scenario, 0.2, Objective::ShareAtQuota, 1, &mut RunControl::default()).expect("tornado");
    no_absurd_text("tornado.csv", &report::sweep_export::tornado_csv(&tornado), text);
    let charts = report::charts::tornado_charts(&tornado).unwrap_or_else(|e| panic!("tornado charts: {e}\n{text}"));
    no_absurd_text("the tornado's report.html", &report::html::tornado_report(&tornado, &charts), text);
}

/// A case of the long run that once hung drawing its charts: attainment of
/// 1e8 times quota asked the by-quarter chart for 1e8 ticks.
#[test]
fn a_huge_attainment_draws_bounded_axes() {
    exercise(6_324_958_420_936_597_649);
}

/// Replays one case of a long run: `INPUT_SPACE_SEED=N cargo test --test
/// suite input_space::replay -- --ignored --nocapture`.
#[test]
#[ignore = "replays the case INPUT_SPACE_SEED names; run with --ignored"]
fn replay() {
    let seed = std::env::var("INPUT_SPACE_SEED").expect("INPUT_SPACE_SEED names the case").parse().expect("a u64 seed");
    exercise(seed);
}

/// `PROPTEST_CASES` when set, for the long run.
fn long_run_cases() -> Option<u32> {
    std::env::var("PROPTEST_CASES").ok()?.parse().ok()
}

proptest! {
    // An explicit count would override PROPTEST_CASES: read it here.
    #![proptest_config(ProptestConfig { cases: long_run_cases().unwrap_or(48), ..ProptestConfig::default() })]

    #[test]
    fn every_accepted_input_gives_a_finite_readable_answer(seed in any::<u64>()) {
        exercise(seed);
    }
}
