//! Every command writes one leadership report.html: the headline first (led
//! by the range of outcomes where the command has one), then charts, a
//! table, the assumptions and the method; readable on a phone.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

/// Four strategies, uncertain inputs, a planning year: small enough to run
/// every command in a test.
const FOUR: &str = r#"
name = "Four ways to sell"
currency = "EUR"
[simulation]
trials = 24
quarters = 4
warmup_quarters = 1
seed = 3
[team]
reps = 6
[selling]
win_rate = { pert = [0.16, 0.215, 0.26] }
second_meeting_rate = { pert = [0.35, 0.5, 0.6] }
[[strategy]]
name = "spray"
touches_per_week = 300
minutes_per_touch = 2.0
coverage_target = 6
count_pipeline_at = "first_meeting"
[[strategy]]
name = "targeted"
touches_per_week = 100
minutes_per_touch = 7.0
[[strategy]]
name = "balanced"
touches_per_week = 180
minutes_per_touch = 4.0
[[strategy]]
name = "account-based"
touches_per_week = 50
minutes_per_touch = 12.0
"#;

/// Run `args` on the scenario into a fresh folder; the report's text.
fn report_of(args: &[&str]) -> String {
    let dir = TempDir::new().unwrap();
    let scenario = dir.path().join("four.toml");
    fs::write(&scenario, FOUR).unwrap();
    let out = dir.path().join("out");
    qs().arg(args[0]).arg(&scenario).args(&args[1..]).args(["-q", "--out"]).arg(&out).assert().success();
    read_report(&out)
}

fn read_report(out: &Path) -> String {
    fs::read_to_string(out.join("report.html")).unwrap_or_else(|e| panic!("no report.html in {}: {e}", out.display()))
}

/// Position of `needle` in the report, or a failure naming it.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("report has no {needle:?}"))
}

/// The shared shape: headline, then charts, then the command's table, then
/// assumptions, method and manifest; self-contained, no undefined numbers.
fn assert_report(html: &str, table_id: &str, lead_starts: &str) {
    let lead = at(html, "<p class=\"lead\">");
    assert!(html[lead..].starts_with(&format!("<p class=\"lead\">{lead_starts}")), "lead: {}", &html[lead..lead + 200]);
    let mut order =
        vec!["<h2 id=\"headline\">", "<p class=\"lead\">", "<h2 id=\"charts\">", table_id, "<h2 id=\"assumptions\">", "<h2 id=\"method\">"];
    order.retain(|x| !x.is_empty());
    for w in order.windows(2) {
        assert!(at(html, w[0]) < at(html, w[1]), "{} before {}", w[0], w[1]);
    }
    assert!(html.contains("<svg role=\"img\""), "charts are inlined");
    assert!(html.contains("between 16% and 26%, most likely 21.5%"), "uncertain inputs in plain words");
    assert!(html.contains("Win rate of qualified deals"), "settings by their labels");
    let body = &html[at(html, "</style>")..];
    assert!(!body.contains("NaN") && !body.contains("http://") && !body.contains("https://") && !body.contains("<script"));
}

#[test]
fn run_leads_with_the_range_of_outcomes() {
    let html = report_of(&["run"]);
    // A run's tables come with its headline and its year, before the charts.
    assert_report(&html, "", "");
    assert!(at(&html, "<table class=\"headline pin\">") < at(&html, "<h2 id=\"charts\">"));
    let lead = &html[at(&html, "<p class=\"lead\">")..];
    assert!(lead.contains("in a typical year") && lead.contains("of its rep-quarters reach quota"), "{}", &lead[..200]);
    assert!(html.contains("Range of outcomes<br>in a typical year (P10–P90)") && html.contains("95% Monte Carlo interval"));
}

#[test]
fn sweep_writes_a_report_with_every_point() {
    let html = report_of(&["sweep", "--param", "strategy.targeted.coverage_target", "--values", "2,3,5"]);
    assert_report(&html, "<h2 id=\"points\">", "targeted: share at quota ");
    assert!(html.contains("targeted: today&#39;s 3× is already the best") || html.contains("targeted: the best value tried is "));
    assert_eq!(html.matches("<td class=\"name\">").count(), 3, "a row per point for the one strategy the path reaches");
    assert!(html.contains("swept: 2× to 5×"));
}

#[test]
fn tornado_writes_a_report_with_every_setting() {
    let html = report_of(&["tornado", "--trials", "8"]);
    assert_report(&html, "<h2 id=\"settings\">", "spray: ");
    assert!(html.contains("As the scenario stands, targeted has a share at quota of "));
    assert!(!html.contains("win_rate moves"), "the finding names labels, not keys");
}

#[test]
fn plan_coverage_writes_a_report_led_by_its_verdict() {
    let html = report_of(&["plan-coverage", "--targets", "2,4", "--strategy", "targeted", "--trials", "10"]);
    assert_report(&html, "<h2 id=\"targets\">", "targeted: ");
    assert!(html.contains("at the best target (") && html.contains("with today&#39;s policy") && html.contains("<tr class=\"best\">"));
}

#[test]
fn without_charts_no_report_is_written() {
    let dir = TempDir::new().unwrap();
    let scenario = dir.path().join("four.toml");
    fs::write(&scenario, FOUR).unwrap();
    let out = dir.path().join("out");
    qs().arg("tornado").arg(&scenario).args(["--trials", "4", "--no-charts", "-q", "--out"]).arg(&out).assert().success();
    assert!(out.join("tornado.csv").is_file() && !out.join("report.html").exists());
}

#[test]
fn every_report_reads_on_a_phone() {
    let html = report_of(&["run"]);
    let css = &html[at(&html, "<style>")..at(&html, "</style>")];
    assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    // A 390 px screen falls under both breakpoints.
    for query in ["@media (max-width: 820px)", "@media (max-width: 640px)"] {
        assert!(css.contains(query), "no {query}");
    }
    let phone = &css[at(css, "@media (max-width: 640px)")..];
    assert!(phone.contains(".scroll.wide::before { display:block; }"), "wide tables say they scroll");
    assert!(phone.contains("position:sticky"), "the first column stays in view");
    assert!(css.contains("content:\"Swipe sideways for every column"), "the cue's words");
    // Charts: at least 780 px wide (chart text at 9 px or more), scrolled sideways, their finding in text above.
    let charts = &css[at(css, "@media (max-width: 820px)")..];
    assert!(charts.contains(".chart svg { min-width:780px; }") && charts.contains(".fig-title { display:block; }"));
    assert!(css.contains(".scroll { overflow-x:auto;") && css.contains("no-repeat local"), "scroll shadows");
    // Every wide table sits in a scroll box with the cue; every chart in a scroll box with its title.
    assert_eq!(html.matches("<table").count(), html.matches("<div class=\"scroll wide\"><table").count());
    assert_eq!(html.matches("<div class=\"chart\">").count(), html.matches("<p class=\"fig-title\">").count());
    assert!(html.matches("<div class=\"chart\">").count() >= 6);
}
