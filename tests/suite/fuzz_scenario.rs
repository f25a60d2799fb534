//! Property tests of the scenario reader and validator on hostile input:
//! mutated copies of the shipped scenarios and arbitrary text. The reader must
//! never panic; every rejection must be a located error; every accepted
//! scenario must simulate without panicking.
//!
//! The suite runs a bounded number of cases; a long run is
//! `PROPTEST_CASES=100000 cargo test --test fuzz_scenario`.

use proptest::prelude::*;
use quotasim::engine::{Engine, RunControl};
use quotasim::scenario::{Count, Scenario, apply_override};

const SEEDS: [&str; 3] = [
    include_str!("../../scenarios/default.toml"),
    include_str!("../../scenarios/coverage-mandate.toml"),
    include_str!("../../scenarios/uncertain-inputs.toml"),
];

/// Replacement tokens that probe types, ranges and TOML edge cases.
const TOKENS: &[&str] = &[
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1",
    "1e308",
    "-1e308",
    "1e-320",
    "0.5",
    "99999999999999999999",
    "\"text\"",
    "true",
    "[1, 2]",
    "{ uniform = [0.1, 0.2] }",
    "{ normal = [0.3, 5] }",
    "{ beta = [0, 1] }",
    "{ pert = [3, 2, 1] }",
    "{ lognormal = [1, 0] }",
    "{ triangular = [0.1, 0.1, 0.1] }",
    "{ quantiles = [0.1, 0.2, 0.35] }",
    "{ quantiles = [3, 2] }",
    "{ quantiles = [1] }",
    "{ }",
    "\"first_meeting\"",
    "\"mandate\"",
    "1979-05-27",
    "0x10",
    "1_000",
    "+5",
    "'lit'",
    "\"\"",
    "\"\\u0000\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceValue(usize, usize),
    RenameKey(usize, String),
    InsertBytes(usize, Vec<u8>),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Mutation::ReplaceValue(a, t)),
        (any::<usize>(), "[a-z_]{1,20}").prop_map(|(a, k)| Mutation::RenameKey(a, k)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8)).prop_map(|(a, b)| Mutation::InsertBytes(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Mutation::DuplicateLine(i) => {
            if !lines.is_empty() {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
        }
        Mutation::ReplaceValue(i, t) => {
            if let Some(l) = lines.get_mut(i % n)
                && let Some((k, _)) = l.split_once('=')
            {
                *l = format!("{k}= {}", TOKENS[*t]);
            }
        }
        Mutation::RenameKey(i, key) => {
            if let Some(l) = lines.get_mut(i % n)
                && let Some((_, v)) = l.split_once('=')
            {
                *l = format!("{key} ={v}");
            }
        }
        Mutation::InsertBytes(at, bytes) => {
            let mut b = lines.join("\n").into_bytes();
            let at = at % (b.len() + 1);
            b.splice(at..at, bytes.iter().copied());
            return String::from_utf8_lossy(&b).into_owned();
        }
        Mutation::Truncate(at) => {
            let t = lines.join("\n");
            let mut cut = at % (t.len() + 1);
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            return t[..cut].to_string();
        }
    }
    lines.join("\n")
}

/// Parse, and when valid, simulate a tiny version of it.
fn exercise(text: &str) {
    match Scenario::from_toml(text, "fuzz.toml") {
        Ok(mut s) => {
            s.counts[Count::Trials] = 1;
            s.counts[Count::Reps] = s.counts[Count::Reps].min(2);
            s.counts[Count::Quarters] = s.counts[Count::Quarters].min(2);
            s.counts[Count::WarmupQuarters] = s.counts[Count::WarmupQuarters].min(1);
            // Keep a fuzzed cadence small enough for a quick run.
            let _ = apply_override(&mut s, "selling.touches_per_week", "50");
            let engine = Engine::new(&s);
            let acc = engine.run(0..1, &mut RunControl::default()).expect("run");
            let summary = quotasim::stats::Summary::build(&s, &acc);
            let json = quotasim::report::json::summary_json(&summary);
            assert!(serde_json::from_slice::<serde_json::Value>(&json).is_ok(), "summary must be valid JSON");
        }
        Err(errors) => {
            assert!(!errors.0.is_empty());
            let lines = text.lines().count() + 1;
            for e in &errors.0 {
                assert!(!e.message.is_empty());
                let line = e.line.expect("file errors carry a line");
                assert!(line >= 1 && line <= lines + 1, "line {line} outside the text ({lines} lines): {e}");
                assert!(e.column.is_some());
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic(seed in 0..SEEDS.len(), ms in proptest::collection::vec(mutation(), 1..4)) {
        let mut text = SEEDS[seed].to_string();
        for m in &ms {
            text = apply(&text, m);
        }
        exercise(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        exercise(&text);
    }

    #[test]
    fn arbitrary_overrides_never_panic(path in "[a-z_.]{0,40}", value in "\\PC{0,30}") {
        let mut s = Scenario::builtin();
        let _ = apply_override(&mut s, &path, &value);
        let _ = apply_override(&mut s, "strategy.targeted.win_rate", &value);
    }
}
