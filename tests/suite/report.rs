//! Charts and report.html as a reader gets them: every chart file exists and
//! decodes (PNG) or parses (SVG), rendering needs no system fonts, the report
//! carries the headline numbers of summary.json and fetches nothing, and
//! `quotasim report` reproduces what `run` wrote byte for byte.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// Chart file stems, in the report's order.
const CHARTS: [&str; 7] = [
    "attainment_distribution",
    "attainment_exceedance",
    "funnel",
    "hours",
    "coverage_vs_attainment",
    "top20_vs_rest",
    "attainment_by_quarter",
];

/// The only URL allowed in an SVG file: its namespace, which names and fetches nothing.
const SVG_NAMESPACE: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

fn qs() -> Command {
    Command::cargo_bin("quotasim").expect("binary built")
}

/// Run the built-in scenario (or `scenario`) quickly into `dir/name`.
fn run_into(dir: &Path, name: &str, scenario: Option<&Path>) -> PathBuf {
    let out = dir.join(name);
    let mut cmd = qs();
    cmd.arg("run");
    if let Some(s) = scenario {
        cmd.arg(s);
    }
    cmd.args(["--trials", "50", "--quiet", "--out"]).arg(&out).assert().success();
    out
}

/// (width, height, RGB(A) pixels) of a PNG.
fn decode_png(path: &Path) -> (u32, u32, Vec<u8>, usize) {
    let decoder = png::Decoder::new(fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf, info.color_type.samples())
}

/// A chart is drawn, not blank: many distinct colours (anti-aliased text and
/// lines), and dark text pixels in the title band at the top left.
fn assert_png_drawn(path: &Path) {
    let (w, h, px, channels) = decode_png(path);
    assert!(w >= 800 && h >= 500, "{}: {w}x{h}", path.display());
    let colours: HashSet<&[u8]> = px.chunks(channels).collect();
    assert!(colours.len() > 200, "{}: only {} distinct colours", path.display(), colours.len());
    let dark_in_title = (10..60)
        .flat_map(|y| (20..600).map(move |x| (y * w as usize + x) * channels))
        .filter(|&i| px[i..i + 3].iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 100)
        .count();
    assert!(dark_in_title > 500, "{}: no title text drawn ({dark_in_title} dark pixels)", path.display());
}

fn assert_svg_parses(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(doc.descendants().filter(|n| n.has_tag_name("text")).count() > 10, "{}: too little text", path.display());
    let without_ns = text.replace(SVG_NAMESPACE, "");
    assert!(!without_ns.contains("http:") && !without_ns.contains("https:"), "{} names a URL", path.display());
}

fn assert_all_charts(dir: &Path) {
    for stem in CHARTS {
        assert_png_drawn(&dir.join(format!("{stem}.png")));
        assert_svg_parses(&dir.join(format!("{stem}.svg")));
    }
}

fn summary(dir: &Path) -> Value {
    serde_json::from_slice(&fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

#[test]
fn every_chart_exists_and_decodes_for_every_shipped_scenario() {
    let tmp = TempDir::new().unwrap();
    let out = run_into(tmp.path(), "builtin", None);
    assert_all_charts(&out);
    assert!(out.join("report.html").is_file());
    let mut scenarios: Vec<PathBuf> =
        fs::read_dir("scenarios").unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    scenarios.sort();
    for (k, s) in scenarios.iter().enumerate() {
        let out = run_into(tmp.path(), &format!("s{k}"), Some(s));
        assert_all_charts(&out);
    }
}

#[test]
fn charts_render_without_any_system_font() {
    let tmp = TempDir::new().unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let conf = tmp.path().join("fonts.conf");
    fs::write(&conf, "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n").unwrap();
    let out = tmp.path().join("o");
    qs().args(["run", "--trials", "30", "--quiet", "--out"])
        .arg(&out)
        .env("FONTCONFIG_FILE", &conf)
        .env("FONTCONFIG_PATH", &empty)
        .env("HOME", &empty)
        .env("XDG_DATA_HOME", &empty)
        .env("XDG_DATA_DIRS", &empty)
        .env("XDG_CONFIG_HOME", &empty)
        .env("XDG_CACHE_HOME", &empty)
        .assert()
        .success();
    assert_all_charts(&out);
}

#[test]
fn report_carries_the_headline_numbers_and_fetches_nothing() {
    let tmp = TempDir::new().unwrap();
    let out = run_into(tmp.path(), "o", None);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let s = summary(&out);
    for st in s["strategies"].as_array().unwrap() {
        let name = st["name"].as_str().unwrap();
        assert!(html.contains(name), "{name} missing");
        let q = &st["at_quota"];
        let share = format!("{:.1}%", 100.0 * f(&q["share"]));
        let interval = format!("{:.1}–{:.1}%", 100.0 * f(&q["ci_low"]), 100.0 * f(&q["ci_high"]));
        assert!(html.contains(&share), "share at quota {share} of {name} missing");
        assert!(html.contains(&interval), "interval {interval} of {name} missing");
        if let Some(p) = st.get("paired") {
            let d = &p["at_quota_diff"];
            let diff = format!("{:+.1} pts", 100.0 * f(&d["value"]));
            let range = format!("{:+.1} to {:+.1}", 100.0 * f(&d["ci_low"]), 100.0 * f(&d["ci_high"]));
            assert!(html.contains(&diff) && html.contains(&range), "paired difference {diff} ({range}) of {name} missing");
        }
        let coverage = format!("{:.2}×", f(&st["coverage_start"]["second_meeting"]));
        assert!(html.contains(&coverage), "coverage {coverage} of {name} missing");
    }
    assert!(html.contains(s["scenario"]["sha256"].as_str().unwrap()), "scenario hash missing");
    assert!(html.contains(&format!("<dt>Seed</dt><dd>{}</dd>", s["seed"])), "seed missing");
    for stem in CHARTS {
        assert!(html.contains(&format!("<figure id=\"{stem}\">")), "chart {stem} not inlined");
    }
    assert!(!html.contains("http://") && !html.contains("https://"), "report names a URL");
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"), "report loads something");
}

#[test]
fn report_command_reproduces_run_byte_for_byte() {
    let tmp = TempDir::new().unwrap();
    let out = run_into(tmp.path(), "o", None);
    let mut rendered: Vec<String> = CHARTS.iter().flat_map(|s| [format!("{s}.png"), format!("{s}.svg")]).collect();
    rendered.push("report.html".into());
    let before: Vec<Vec<u8>> = rendered.iter().map(|n| fs::read(out.join(n)).unwrap()).collect();
    let summary_before = fs::read(out.join("summary.json")).unwrap();
    for n in &rendered {
        fs::remove_file(out.join(n)).unwrap();
    }
    qs().arg("report").arg(&out).assert().success().stdout(predicate::str::contains("report.html"));
    for (n, bytes) in rendered.iter().zip(&before) {
        assert!(fs::read(out.join(n)).unwrap() == *bytes, "{n} differs after `quotasim report`");
    }
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), summary_before, "report must not touch summary.json");
}

#[test]
fn report_command_explains_a_missing_or_broken_summary() {
    let tmp = TempDir::new().unwrap();
    let missing = tmp.path().join("nowhere");
    qs().arg("report").arg(&missing).assert().code(2).stderr(predicate::str::contains("nowhere"));
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    qs().arg("report").arg(&empty).assert().code(2).stderr(predicate::str::contains("summary.json"));
    fs::write(empty.join("summary.json"), "{ not json").unwrap();
    qs().arg("report").arg(&empty).assert().code(2).stderr(predicate::str::contains("summary.json"));
}
