//! The backtest in words: the comparison table for the terminal and
//! verdict.txt, and the verdict in plain words ("the baseline reproduces
//! your median rep-quarter within 6%; it under-predicts the top decile").
//! A verdict is data, not a failure: the command exits 0 either way.

use crate::calibrate::backtest::{Backtest, Comparison, Measure, Row5};
use crate::report::format::{Row, TEXT_MISSING, TableStyle, align, count, grouped, text_pct};

/// How a measure reads.
pub fn label(m: Measure) -> &'static str {
    match m {
        Measure::WonValue => "Won value per rep-quarter",
        Measure::DealsWon => "Deals won per rep-quarter",
        Measure::Created => "Opportunities created per rep-quarter",
        Measure::WinRate => "Win rate of deals closed in the rep-quarter",
    }
}

/// Short name in a sentence.
pub fn short(m: Measure) -> &'static str {
    match m {
        Measure::WonValue => "won value",
        Measure::DealsWon => "deals won",
        Measure::Created => "opportunities created",
        Measure::WinRate => "win rate",
    }
}

/// A value of a measure, ASCII (terminal, verdict.txt).
pub fn value(m: Measure, x: f64) -> String {
    if !x.is_finite() {
        return TEXT_MISSING.into();
    }
    match m {
        Measure::WonValue => grouped(x),
        Measure::WinRate => text_pct(x),
        Measure::DealsWon | Measure::Created => {
            if x.abs() >= 100.0 {
                grouped(x)
            } else {
                format!("{x:.1}")
            }
        }
    }
}

fn range(m: Measure, r: [f64; 2]) -> String {
    format!("[{}, {}]", value(m, r[0]), value(m, r[1]))
}

fn level(p: f64) -> String {
    if p.is_nan() { "Mean".into() } else { format!("P{:.0}", 100.0 * p) }
}

/// The comparison table.
pub fn table(b: &Backtest) -> String {
    let mut out = format!(
        "Backtest: {} (strategy \"{}\") against {}\n{} rep-quarters of {} reps in {} | simulated {} trials x {} reps x {} quarters | seed {} | 95% intervals\n",
        b.scenario,
        b.strategy,
        b.history,
        count(b.history_rep_quarters as u64),
        count(b.history_reps as u64),
        quarters_text(&b.history_quarters),
        count(b.trials),
        b.reps,
        b.quarters,
        b.seed
    );
    let mut rows = vec![Row::Cells(vec![
        String::new(),
        "history [95% interval]".into(),
        "simulated".into(),
        "histories of this size".into(),
        String::new(),
    ])];
    for c in &b.comparisons {
        let unit = if c.measure == Measure::WonValue { format!(" ({})", b.currency) } else { String::new() };
        rows.push(Row::Heading(format!(
            "{}{unit}: {} actual, {} simulated",
            label(c.measure),
            count(c.history_n as u64),
            count(c.simulated_n as u64)
        )));
        for r in c.quantiles.iter().chain(std::iter::once(&c.mean)) {
            rows.push(Row::Cells(vec![
                level(r.p),
                format!(
                    "{} {}",
                    value(c.measure, r.history),
                    r.history_ci.map_or_else(|| "[too few]".to_string(), |ci| range(c.measure, ci))
                ),
                value(c.measure, r.simulated),
                range(c.measure, r.expected_range),
                if r.inside { "ok".into() } else { "outside".into() },
            ]));
        }
        rows.push(Row::Cells(vec![
            "KS".into(),
            format!("distance {:.3}", c.ks.distance),
            format!("p = {}", p_text(c.ks.p_value)),
            format!("of {} simulated histories", count(c.ks.simulated_histories as u64)),
            String::new(),
        ]));
    }
    out.push_str(&align(&rows, TableStyle { text_columns: 1, trim_end: true, text_gap: " " }));
    out.push_str(
        "\n  history: 95% interval from order statistics (exact binomial; the mean's a t interval clustered by rep)\n  \
         histories of this size: where 95% of simulated histories with the history's reps and quarters put it\n  \
         KS: Monte Carlo Kolmogorov-Smirnov, p = share of simulated histories at least as far from the baseline\n",
    );
    out
}

fn quarters_text(q: &[String]) -> String {
    match q {
        [] => "no quarter".into(),
        [one] => one.clone(),
        [first, .., last] => format!("{first} to {last}"),
    }
}

fn p_text(p: f64) -> String {
    if p < 0.001 { "< 0.001".into() } else { format!("{p:.3}") }
}

/// "p < 0.001" or "p = 0.042".
fn p_is(p: f64) -> String {
    if p < 0.001 { "p < 0.001".into() } else { format!("p = {p:.3}") }
}

/// "within 6%" of a simulated figure against the actual one, rounded up.
fn percent_apart(sim: f64, actual: f64) -> Option<f64> {
    (actual.abs() > 0.0 && sim.is_finite()).then(|| (100.0 * (sim / actual - 1.0)).abs().ceil().max(1.0))
}

/// Over- or under-predicted: the simulation gives more, or less, than happened.
fn direction(r: &Row5) -> &'static str {
    if r.history > r.expected_range[1] { "under-predicts" } else { "over-predicts" }
}

/// The verdict on won value: median, then the tails.
fn won_value_sentence(c: &Comparison, currency: &str) -> String {
    let m = c.measure;
    let mut parts = Vec::new();
    if let Some(r) = c.at(0.5) {
        let apart = percent_apart(r.simulated, r.history);
        parts.push(match (r.inside, apart) {
            (true, Some(a)) => format!(
                "the baseline reproduces your median rep-quarter within {a:.0}% ({currency} {} actual, {} simulated)",
                value(m, r.history),
                value(m, r.simulated)
            ),
            (true, None) => format!(
                "the baseline reproduces your median rep-quarter ({} actual, {} simulated)",
                value(m, r.history),
                value(m, r.simulated)
            ),
            (false, _) => format!(
                "the baseline {} your median rep-quarter{} ({currency} {} actual; histories of your size put it at {} to {})",
                direction(r),
                apart.map_or(String::new(), |a| format!(" by {a:.0}%")),
                value(m, r.history),
                value(m, r.expected_range[0]),
                value(m, r.expected_range[1])
            ),
        });
    }
    let mut tails = Vec::new();
    if let Some(r) = c.at(0.9).filter(|r| !r.inside) {
        tails.push(format!(
            "it {} the top decile (P90 {} actual vs {} to {} expected)",
            direction(r),
            value(m, r.history),
            value(m, r.expected_range[0]),
            value(m, r.expected_range[1])
        ));
    }
    if let Some(r) = c.at(0.25).filter(|r| !r.inside) {
        tails.push(format!(
            "it {} the bottom quarter (P25 {} actual vs {} to {} expected)",
            direction(r),
            value(m, r.history),
            value(m, r.expected_range[0]),
            value(m, r.expected_range[1])
        ));
    }
    if tails.is_empty() {
        parts.push("its top decile and bottom quarter lie where histories of your size put them".into());
    } else {
        parts.extend(tails);
    }
    let mut s = parts.join("; ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s + "."
}

/// The test's reading.
fn ks_sentence(c: &Comparison) -> String {
    let share = if c.ks.p_value < 0.001 { "under 0.1%".to_string() } else { format!("{:.0}%", 100.0 * c.ks.p_value) };
    let reading = if c.ks.p_value >= 0.05 {
        "no evidence that the baseline misses its shape"
    } else if c.ks.p_value >= 0.01 {
        "some evidence that the baseline misses its shape"
    } else {
        "the baseline does not reproduce its shape"
    };
    format!(
        "Taken whole, the {} of a history like yours would be at least this far from the baseline in {share} of simulated histories \
         (Kolmogorov-Smirnov, {}): {reading}.",
        short(c.measure),
        p_is(c.ks.p_value)
    )
}

/// One line for a measure besides won value.
fn other_sentence(c: &Comparison) -> String {
    let m = c.measure;
    let Some(r) = c.at(0.5) else { return String::new() };
    let state = if r.inside && c.ks.p_value >= 0.05 {
        "reproduced".to_string()
    } else if !r.inside {
        let by = percent_apart(r.simulated, r.history).map_or(String::new(), |a| format!(" by {a:.0}%"));
        format!("the baseline {} it{by}", direction(r))
    } else {
        format!("the median is reproduced, the shape is not (KS {})", p_is(c.ks.p_value))
    };
    format!(
        "{}: median {} actual vs {} simulated (histories of your size: {} to {}): {state}.",
        label(m),
        value(m, r.history),
        value(m, r.simulated),
        value(m, r.expected_range[0]),
        value(m, r.expected_range[1])
    )
}

/// How a measure fares as a whole.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fit {
    /// Every level where histories of this size put it, and the shape too.
    Reproduced,
    /// The median where it should be, a tail or the shape not.
    Spread,
    /// The median outside the range histories of this size give.
    Off,
}

fn fit_of(c: &Comparison) -> Fit {
    match c.at(0.5) {
        Some(r) if !r.inside => Fit::Off,
        _ if c.quantiles.iter().all(|r| r.inside) && c.ks.p_value >= 0.05 => Fit::Reproduced,
        _ => Fit::Spread,
    }
}

/// "a, b and c".
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The verdict in one sentence: does the baseline reproduce the history, and
/// if not, where it misses most plainly.
fn overall(b: &Backtest) -> String {
    let fits: Vec<(&Comparison, Fit)> = b.comparisons.iter().map(|c| (c, fit_of(c))).collect();
    // Misses grouped by direction: "under-predicts the median deals won (by 90%) and win rate (by 77%)".
    let off: Vec<String> = ["under-predicts", "over-predicts"]
        .iter()
        .filter_map(|&way| {
            let items: Vec<String> = fits
                .iter()
                .filter(|(_, f)| *f == Fit::Off)
                .filter_map(|(c, _)| c.at(0.5).filter(|r| direction(r) == way).map(|r| (c.measure, r)))
                .map(|(m, r)| {
                    let by = percent_apart(r.simulated, r.history).map_or(String::new(), |a| format!(" (by {a:.0}%)"));
                    format!("{}{by}", short(m))
                })
                .collect();
            (!items.is_empty()).then(|| format!("{way} the median {}", listed(&items)))
        })
        .collect();
    let spread: Vec<String> = fits.iter().filter(|(_, f)| *f == Fit::Spread).map(|(c, _)| short(c.measure).to_string()).collect();
    if !off.is_empty() {
        format!(
            "In short: the baseline does not reproduce your history: it {}. Fix the calibration (or the template's assumptions) before \
             trusting what-ifs built on it.",
            listed(&off)
        )
    } else if !spread.is_empty() {
        format!(
            "In short: the baseline reproduces your typical rep-quarter, but not all of the spread of {}: read the tails below before \
             trusting what-ifs about them.",
            listed(&spread)
        )
    } else {
        let all: Vec<String> = b.comparisons.iter().map(|c| short(c.measure).to_string()).collect();
        format!(
            "In short: the baseline reproduces your history: {} per rep-quarter lie where histories of your size put them, tails \
             and shape included.",
            listed(&all)
        )
    }
}

/// The verdict, in plain words.
pub fn verdict(b: &Backtest) -> String {
    let mut lines = vec![overall(b)];
    if let Some(c) = b.get(Measure::WonValue) {
        lines.push(won_value_sentence(c, &b.currency));
        lines.push(ks_sentence(c));
    }
    for c in b.comparisons.iter().filter(|c| c.measure != Measure::WonValue) {
        lines.push(other_sentence(c));
    }
    lines.join("\n")
}

/// The small print under a backtest's charts.
pub fn footer(b: &Backtest) -> String {
    format!(
        "{} (sha256 {}, strategy {}) against {} (sha256 {}) · {} trials x {} reps x {} quarters · seed {} · quotasim {}",
        b.scenario,
        b.scenario_sha256.chars().take(12).collect::<String>(),
        b.strategy,
        b.history,
        b.history_sha256.chars().take(12).collect::<String>(),
        count(b.trials),
        b.reps,
        b.quarters,
        b.seed,
        b.version
    )
}

/// The title of the QQ chart: the finding.
pub fn qq_title(c: &Comparison) -> String {
    match (c.at(0.5), c.at(0.9)) {
        (Some(m), Some(t)) if m.inside && t.inside => "Simulated and actual won value per rep-quarter line up, top decile included".into(),
        (Some(m), Some(t)) if m.inside => format!("The baseline matches the median rep-quarter but {} the top decile", direction(t)),
        (Some(m), _) => format!("The baseline {} the median rep-quarter's won value", direction(m)),
        _ => "Won value per rep-quarter: actual against simulated".into(),
    }
}

pub const QQ_SUBTITLE: &str = "Each dot: a quantile of actual won value per rep-quarter against the same quantile simulated; the band is \
    where 95% of simulated histories of your size put it; on the diagonal they agree.";

pub const QQ_CAPTION: &str = "Quantile-quantile chart of won value per rep-quarter: the history's quantiles (up) against the \
    simulated baseline's (across). Dots inside the band are where a history of this size lands under the baseline in 95% of \
    simulated histories.";

pub fn histogram_title(c: &Comparison) -> String {
    if c.ks.p_value >= 0.05 {
        format!("Actual and simulated won value per rep-quarter have the same shape (KS p = {})", p_text(c.ks.p_value))
    } else {
        format!("Actual won value per rep-quarter is shaped differently from the simulation (KS p = {})", p_text(c.ks.p_value))
    }
}

pub const HISTOGRAM_SUBTITLE: &str = "Share of rep-quarters by won value: the history (bars) and the simulated baseline (line).";

pub const HISTOGRAM_CAPTION: &str = "Overlaid histograms of won value per rep-quarter, as shares of rep-quarters, so a history \
    of a hundred rep-quarters and a simulation of a hundred thousand compare directly.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::backtest::{KsTest, compare::Histogram};

    fn row(p: f64, history: f64, simulated: f64, lo: f64, hi: f64) -> Row5 {
        Row5 { p, history, history_ci: None, simulated, expected_range: [lo, hi], inside: history >= lo && history <= hi }
    }

    fn comparison(rows: Vec<Row5>, p: f64) -> Comparison {
        Comparison {
            measure: Measure::WonValue,
            history_n: 100,
            simulated_n: 100_000,
            mean: row(f64::NAN, 1.0, 1.0, 0.0, 2.0),
            quantiles: rows,
            ks: KsTest { distance: 0.1, p_value: p, simulated_histories: 1000 },
            qq: Vec::new(),
            histogram: Histogram { edges: vec![0.0, 1.0], history: vec![1.0], simulated: vec![1.0] },
        }
    }

    #[test]
    fn verdicts_say_what_the_numbers_say() {
        let c = comparison(
            vec![
                row(0.25, 30_000.0, 29_000.0, 25_000.0, 35_000.0),
                row(0.5, 62_300.0, 58_700.0, 55_000.0, 66_000.0),
                row(0.9, 148_000.0, 121_000.0, 112_000.0, 131_000.0),
            ],
            0.03,
        );
        let s = won_value_sentence(&c, "USD");
        assert_eq!(
            s,
            "The baseline reproduces your median rep-quarter within 6% (USD 62,300 actual, 58,700 simulated); it under-predicts the top \
             decile (P90 148,000 actual vs 112,000 to 131,000 expected)."
        );
        assert!(ks_sentence(&c).contains("in 3% of simulated histories") && ks_sentence(&c).contains("some evidence"));
        let c = comparison(
            vec![row(0.25, 1.0, 1.0, 0.0, 2.0), row(0.5, 40_000.0, 58_700.0, 50_000.0, 66_000.0), row(0.9, 1.0, 1.0, 0.0, 2.0)],
            0.4,
        );
        let s = won_value_sentence(&c, "EUR");
        assert!(s.starts_with("The baseline over-predicts your median rep-quarter by 47%"), "{s}");
        assert!(s.contains("its top decile and bottom quarter lie where"), "{s}");
        assert!(ks_sentence(&c).contains("no evidence"));
        assert!(ks_sentence(&comparison(Vec::new(), 0.0001)).contains("(Kolmogorov-Smirnov, p < 0.001)"));
    }

    fn backtest(comparisons: Vec<Comparison>) -> Backtest {
        Backtest {
            version: String::new(),
            history: "h.csv".into(),
            history_sha256: String::new(),
            scenario: "s".into(),
            scenario_source: String::new(),
            scenario_sha256: String::new(),
            overrides: Vec::new(),
            strategy: "baseline".into(),
            currency: "USD".into(),
            trials: 100,
            seed: 1,
            reps: 10,
            quarters: 4,
            history_reps: 10,
            history_rep_quarters: 40,
            history_quarters: Vec::new(),
            comparisons,
        }
    }

    #[test]
    fn the_verdict_opens_with_its_judgement() {
        let good = |m: Measure| Comparison {
            measure: m,
            ..comparison(vec![row(0.5, 10.0, 10.0, 8.0, 12.0), row(0.9, 20.0, 20.0, 15.0, 25.0)], 0.5)
        };
        let all = backtest(Measure::ALL.iter().map(|&m| good(m)).collect());
        assert_eq!(
            verdict(&all).lines().next().unwrap(),
            "In short: the baseline reproduces your history: won value, deals won, opportunities created and win rate per rep-quarter \
             lie where histories of your size put them, tails and shape included."
        );
        // A tail outside: the typical rep-quarter, not the spread.
        let mut tail = all.clone();
        tail.comparisons[0].quantiles[1] = row(0.9, 30.0, 20.0, 15.0, 25.0);
        assert!(
            verdict(&tail)
                .starts_with("In short: the baseline reproduces your typical rep-quarter, but not all of the spread of won value:")
        );
        // Medians outside: named, with their direction and distance.
        let mut off = tail.clone();
        off.comparisons[1].quantiles[0] = row(0.5, 19.0, 2.0, 1.0, 2.0);
        off.comparisons[3].quantiles[0] = row(0.5, 0.1, 0.3, 0.2, 0.4);
        let v = verdict(&off);
        assert!(
            v.starts_with(
                "In short: the baseline does not reproduce your history: it under-predicts the median deals won (by 90%) and \
                 over-predicts the median win rate (by 200%)."
            ),
            "{v}"
        );
        assert!(v.contains("Deals won per rep-quarter: median 19.0 actual vs 2.0 simulated (histories of your size: 1.0 to 2.0): the baseline under-predicts it by 90%."), "{v}");
    }
}
