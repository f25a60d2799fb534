//! The calibration in words: what was read, what the history says (each
//! figure with its interval and n), which settings it became, and the chart
//! titles of the fits.

use crate::calibrate::fit::lognormal::GoodnessOfFit;
use crate::calibrate::history::How;
use crate::calibrate::report::{Figure, Kind, Report};
use crate::report::format::{Row, TEXT_MISSING, TableStyle, align, count, grouped, text_pct};

fn p_text(p: f64) -> String {
    if !p.is_finite() {
        TEXT_MISSING.into()
    } else if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// A figure's value and interval: "63.1% [61.2, 65.0]" or "4.52 [4.31, 4.73]".
fn with_ci(f: &Figure, percent: bool) -> String {
    let v = |x: f64| {
        if !x.is_finite() {
            TEXT_MISSING.to_string()
        } else if percent {
            format!("{:.1}", 100.0 * x)
        } else if x.abs() >= 100.0 {
            grouped(x)
        } else {
            format!("{x:.2}")
        }
    };
    let unit = if percent { "%" } else { "" };
    format!("{}{unit} [{}, {}]", v(f.value), v(f.ci[0]), v(f.ci[1]))
}

/// How well a distribution fits, in a few words.
pub fn gof_words(g: &GoodnessOfFit) -> String {
    let test = if g.test == "anderson_darling" { "Anderson-Darling" } else { "chi-squared" };
    let verdict = if g.fits { "lognormal fits" } else { "lognormal fits badly" };
    format!("{verdict} ({test} p {}, largest gap {})", p_text_eq(g.p_value), text_pct(g.max_gap))
}

fn p_text_eq(p: f64) -> String {
    let t = p_text(p);
    if t.starts_with('<') { t } else { format!("= {t}") }
}

/// The terminal view of a calibration.
pub fn summary(r: &Report) -> String {
    let s = &r.source;
    let mut out = format!(
        "Read {}: {} rows, {} opportunities used, {} skipped{}\n",
        s.file,
        count(s.rows as u64),
        count(s.usable as u64),
        count(s.skipped.iter().map(|k| k.count as u64).sum()),
        if s.blank_rows > 0 { format!(", {} blank", count(s.blank_rows as u64)) } else { String::new() }
    );
    let cols: Vec<String> =
        s.columns.iter().map(|c| format!("{} \"{}\"{}", c.role, c.header, if c.how == How::Given { " (given)" } else { "" })).collect();
    out.push_str(&format!("  columns  {}\n", cols.join(" | ")));
    let dates = match &s.date_format.order {
        Some(o) => format!(
            "{}{}",
            o.words(),
            match (s.date_format.how, s.date_format.evidence_line) {
                (How::Given, _) => " (given)".to_string(),
                (_, Some(l)) => format!(" (from line {l})"),
                _ => String::new(),
            }
        ),
        None => "year first (ISO) or month names".into(),
    };
    let currency = s.currencies.first().map_or_else(|| r.currency.clone(), |(c, _)| c.clone());
    out.push_str(&format!(
        "  formats  dates {dates}; decimal {}; currency {currency}{}\n",
        if s.decimal_mark == crate::calibrate::history::amounts::Decimal::Comma { "comma" } else { "point" },
        s.encoding.as_ref().map_or(String::new(), |e| format!("; read as {e}"))
    ));
    let stages: Vec<String> = s
        .stages
        .iter()
        .take(8)
        .map(|v| format!("\"{}\" {} {}", v.value, v.stage.map_or("unknown", |st| st.word()), count(v.rows as u64)))
        .collect();
    out.push_str(&format!("  stages   {}{}\n", stages.join(" | "), if s.stages.len() > 8 { " | ..." } else { "" }));
    for k in &s.skipped {
        out.push_str(&format!("  skipped  {}\n", k.describe()));
    }
    for w in &s.warnings {
        out.push_str(&format!("  warning  {w}\n"));
    }
    let counted: Vec<&str> = r.quarters.iter().filter(|q| q.counted).map(|q| q.quarter.as_str()).collect();
    out.push_str(&format!(
        "History: {} owners, {} active at the end; {} to {}; counted quarters {} ({} rep-quarters)\n",
        count(s.owners as u64),
        r.figures.active_reps.value,
        s.first_date,
        s.as_of,
        match counted.as_slice() {
            [] => "none".to_string(),
            [one] => one.to_string(),
            [a, .., b] => format!("{a} to {b}"),
        },
        count(r.rep_quarters.len() as u64)
    ));

    let f = &r.figures;
    let mut rows = vec![Row::Heading(
        "What the history says (95% intervals: rates clustered by rep, t; spreads by profile likelihood; sizes t and chi-squared; \
         the cycle Wald, censoring included)"
            .into(),
    )];
    let mut fig = |label: &str, x: &Figure, percent: bool, extra: String| {
        rows.push(Row::Cells(vec![label.to_string(), with_ci(x, percent), format!("n = {} {}", count(x.n), x.n_of), extra]));
    };
    fig("Opportunities per rep-week", &f.opportunities_per_rep_week, false, String::new());
    fig("Reps' volume spread (log-sd)", &f.volume_spread, false, format!("p {}", p_text_eq(f.volume_spread.p_value.unwrap_or(f64::NAN))));
    fig("Closed win rate", &f.closed_win_rate, true, String::new());
    if let Some(q) = &f.qualified_share {
        fig("Qualified share of closed", q, true, String::new());
    }
    if let Some(w) = &f.win_rate_of_qualified {
        fig("Win rate of qualified", w, true, String::new());
    }
    fig(
        "Reps' win-rate spread (logit-sd)",
        &f.win_rate_spread,
        false,
        format!("p {}", p_text_eq(f.win_rate_spread.p_value.unwrap_or(f64::NAN))),
    );
    fig("Won deal size: median", &f.deal_size.median, false, gof_words(&f.deal_size.gof));
    fig("Won deal size: mean", &f.deal_size_mean, false, String::new());
    if let Some(c) = &f.cycle_weeks {
        fig("Cycle in weeks (model's): median", &c.median, false, gof_words(&c.gof));
    }
    out.push_str(&align(&rows, TableStyle { text_columns: 4, trim_end: true, text_gap: "  " }));
    out.push_str(&format!(
        "  Created to close: median {} days; open opportunities per rep: {:.1}{}\n",
        grouped(f.created_to_close_median_days),
        f.open_load,
        f.open_load_qualified.map_or(String::new(), |q| format!(" ({q:.1} qualified)"))
    ));
    if let Some(season) = &r.seasonality {
        let v: Vec<String> = season.iter().map(|q| format!("Q{} {:.2}x", q.quarter_of_year, q.volume)).collect();
        let w: Vec<String> = season.iter().map(|q| format!("Q{} {:.2}x", q.quarter_of_year, q.win_odds)).collect();
        out.push_str(&format!("  Seasons: opportunities {}; win odds {}\n", v.join(", "), w.join(", ")));
    }

    let mut rows = vec![Row::Heading("Scenario settings from the history (the rest: the template's, marked assumption)".into())];
    for st in r.settings.iter().filter(|s| s.kind != Kind::Assumption) {
        let kind = match st.kind {
            Kind::Fitted => "fitted",
            Kind::Solved => "solved",
            Kind::Set => "set",
            Kind::Assumption => "assumption",
        };
        let shown = if st.value.len() > 40 { format!("{} (uncertain)", short_number(st.estimate)) } else { st.value.clone() };
        rows.push(Row::Cells(vec![st.path.clone(), shown, kind.into()]));
    }
    out.push_str(&align(&rows, TableStyle { text_columns: 3, trim_end: true, text_gap: "  " }));
    if !r.notes.is_empty() {
        out.push_str("\nNotes\n");
        for n in &r.notes {
            out.push_str(&format!("  - {n}\n"));
        }
    }
    out
}

fn short_number(x: f64) -> String {
    if x.abs() >= 100.0 { grouped(x) } else { format!("{}", crate::calibrate::uncertain::round(x)) }
}

/// The small print under a calibration's charts.
pub fn footer(r: &Report) -> String {
    let s = &r.source;
    format!(
        "{} · sha256 {} · {} opportunities of {} owners, {} to {} · template {} ({}) · quotasim {}",
        s.file,
        s.sha256.chars().take(12).collect::<String>(),
        count(s.usable as u64),
        count(s.owners as u64),
        s.first_date,
        s.as_of,
        r.template,
        r.template_strategy,
        r.version
    )
}

/// Title of the deal-size chart: the finding.
pub fn size_title(r: &Report) -> String {
    let g = &r.figures.deal_size.gof;
    if g.fits {
        format!("Won deal sizes follow a lognormal (median {} {})", r.currency, grouped(r.figures.deal_size.median.value))
    } else {
        "Won deal sizes are not lognormal: the scenario keeps their mean and spread".into()
    }
}

pub const SIZE_SUBTITLE: &str =
    "Share of won deals at or below each size: the history (dark line) and the fitted lognormal; the size axis is logarithmic.";

pub const SIZE_CAPTION: &str = "Cumulative distribution of won deal sizes: the history's own against the lognormal fitted to \
    them, with the Anderson-Darling test and the largest gap between the two.";

pub fn cycle_title(r: &Report) -> String {
    match &r.figures.cycle_weeks {
        Some(c) if c.gof.fits => {
            format!("Sales cycles follow a lognormal (median {:.1} weeks after the first meeting's week)", c.median.value)
        }
        Some(_) => "Sales cycles are not quite lognormal: the scenario keeps the lognormal's median and spread".into(),
        None => "Too few closed opportunities to fit the cycle".into(),
    }
}

pub const CYCLE_SUBTITLE: &str = "Share of opportunities closed within k weeks of the week after opening: the history (Kaplan-Meier, \
    counting the still-open ones) and the fitted lognormal.";

pub const CYCLE_CAPTION: &str = "Cumulative distribution of the sales cycle in weeks, the model's reading (close week = opening \
    week + 1 + cycle). Open opportunities count as cycles of at least their age, so long cycles are not lost.";

pub fn funnel_title(outside: usize, reps: usize, win: f64) -> String {
    if outside == 0 {
        format!("Every rep's win rate lies within what chance gives around the team's {}", text_pct(win))
    } else {
        format!("{outside} of {reps} reps' win rates lie outside what chance gives around the team's {}", text_pct(win))
    }
}

pub const FUNNEL_SUBTITLE: &str =
    "Each dot: a rep's win rate of closed opportunities against how many closed; the lines are the binomial 95% and 99.8% limits.";

pub const FUNNEL_CAPTION: &str = "Funnel plot of reps' win rates. With few closed deals a rate swings widely by chance; reps \
    outside the limits differ in more than luck, which the skill spread takes up.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_with_their_intervals() {
        let f = Figure {
            value: 0.631,
            ci: [0.612, 0.65],
            n: 6711,
            n_of: "closed".into(),
            interval: String::new(),
            columns: vec![],
            p_value: None,
        };
        assert_eq!(with_ci(&f, true), "63.1% [61.2, 65.0]");
        let f = Figure { value: 1117.4, ci: [1050.0, 1190.2], ..f };
        assert_eq!(with_ci(&f, false), "1,117 [1,050, 1,190]");
        let g = GoodnessOfFit { test: "anderson_darling", statistic: 1.0, df: None, p_value: 0.0001, max_gap: 0.12, fits: false };
        assert_eq!(gof_words(&g), "lognormal fits badly (Anderson-Darling p < 0.001, largest gap 12.0%)");
        assert_eq!(funnel_title(3, 35, 0.631), "3 of 35 reps' win rates lie outside what chance gives around the team's 63.1%");
    }
}
