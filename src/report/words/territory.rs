//! Words of the finite territory: the terminal's headings and cells, the
//! title, subtitle and axes of the territory-by-quarter chart, and the
//! sentences of report.html's territory section. Plain text: the caller
//! escapes it.

use crate::report::facts::territory::{course, steepest_fall};
use crate::report::format::{grouped, pct0};
use crate::stats::Summary;
use crate::stats::summary::StrategySummary;

/// What a strategy without a list shows where others show their list.
pub const UNLIMITED: &str = "unlimited";

// ---------------------------------------------------------------- terminal

pub const TERMINAL_HEADING: &str = "The territory: each seat's list of accounts";
pub const AVAILABLE_ROW: &str = "Accounts available at quarter start";
pub const FRESH_ROW: &str = "  of them never worked";
pub const RETOUCHED_ROW: &str = "Touches on accounts worked before";
pub const TOUCHES_ROW: &str = "Touches fresh | again | not made";

/// The heading of the terminal's territory rows by quarter (every quarter,
/// with intervals, is in quarters.csv).
pub fn quarters_heading(shown: usize, total: usize) -> String {
    let head = "By quarter: accounts (never worked) | re-touched | not made";
    if shown < total { format!("{head} (first {shown} of {total})") } else { head.to_string() }
}

// ---------------------------------------------------------------- chart

pub const CHART_NAME: &str = "territory_by_quarter";
pub const ATTAINMENT_AXIS: &str = "mean attainment";
pub const ACCOUNTS_AXIS: &str = "accounts per seat";
pub const AVAILABLE_KEY: &str = "accounts available at quarter start";
pub const FRESH_KEY: &str = "of them never worked";
pub const NO_LIST: &str = "unlimited market: no list to run out";

/// The finding of the territory chart: the strategy whose mean attainment
/// falls the most, with its accounts never worked at both ends, or a plain title.
pub fn chart_title(s: &Summary) -> String {
    match steepest_fall(s) {
        Some((i, c)) => format!(
            "{}: mean attainment {} in Q{}, {} in Q{}; accounts never worked {} per seat at the start of Q{}, {} at the start of Q{}",
            s.strategies[i].name,
            pct0(c.first_attainment),
            c.first_quarter,
            pct0(c.last_attainment),
            c.last_quarter,
            grouped(c.first_fresh),
            c.first_quarter,
            grouped(c.last_fresh),
            c.last_quarter
        ),
        None => "Mean attainment and accounts available, by counted quarter".into(),
    }
}

pub const CHART_SUBTITLE: &str = "Per strategy, top: mean attainment per rep-quarter, its 95% interval shaded (Monte Carlo \
    precision); bottom: accounts a seat could work at each quarter's start (never worked, or back from a cooldown or a rest)";

// ---------------------------------------------------------------- report.html

/// One sentence per strategy with a list: its accounts at the first and
/// last quarter's start, the share of its touches on accounts worked before
/// and the touches that found no account.
pub fn paragraphs(s: &Summary) -> Vec<String> {
    s.strategies.iter().filter_map(strategy_sentence).collect()
}

fn strategy_sentence(st: &StrategySummary) -> Option<String> {
    let t = st.territory?;
    let accounts = match course(st) {
        Some(c) => format!(
            "{} accounts available per seat at the start of Q{} ({} never worked), {} at the start of Q{} ({} never worked)",
            grouped(c.first_accounts),
            c.first_quarter,
            grouped(c.first_fresh),
            grouped(c.last_accounts),
            c.last_quarter,
            grouped(c.last_fresh)
        ),
        None => format!(
            "{} accounts available per seat at a quarter's start ({} never worked)",
            grouped(t.accounts_available.value),
            grouped(t.accounts_fresh.value)
        ),
    };
    let unmade = if t.touches_unmade.value > 0.0 {
        format!("; {} planned touches per rep-quarter found no account", grouped(t.touches_unmade.value))
    } else {
        String::new()
    };
    Some(format!("{}: {accounts}; {} of its touches went to accounts worked before{unmade}.", st.name, pct0(t.retouched_share.value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn the_title_states_the_steepest_fall_and_sentences_skip_unlimited_strategies() {
        let s = fixtures::territory();
        let title = chart_title(&s);
        assert!(title.starts_with("spray-and-pray: mean attainment") && title.contains("at the start of Q8"), "{title}");
        let p = paragraphs(&s);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("spray-and-pray: ") && p[0].contains("worked before"), "{}", p[0]);
        assert_eq!(chart_title(&fixtures::summary(2)), "Mean attainment and accounts available, by counted quarter");
        assert!(paragraphs(&fixtures::summary(2)).is_empty());
    }
}
