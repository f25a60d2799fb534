//! The README against the program: its tables of keys and of undefined
//! figures, and its sample outputs, are what the program says. The samples
//! are written here once: `QUOTASIM_UPDATE_README=1` makes the test write
//! them into the README instead of comparing (`scripts/update-readme-samples`).

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

fn readme() -> String {
    fs::read_to_string(README).unwrap()
}

#[test]
fn readme_documents_every_undefined_figure() {
    let readme = readme();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `strategies[]")).collect();
    for (path, why) in quotasim::stats::summary::UNDEFINED {
        // A row names the figure whole, with `*` for the counting rule, or as
        // its parent's path followed by `.last_key`.
        let ruled = path.replace("first_meeting", "*").replace("second_meeting", "*");
        let (parent, last) = path.rsplit_once('.').unwrap();
        let documented = table.iter().any(|row| {
            row.ends_with(&format!("| {why} |"))
                && (row.contains(&format!("`{path}`"))
                    || row.contains(&format!("`{ruled}`"))
                    || (row.contains(&format!("`{parent}.")) && row.contains(&format!("`.{last}`")))
                    || row.contains(&format!("`{parent}.{last}`")))
        });
        assert!(documented, "README's undefined figures table lacks {path} ({why})");
    }
}

#[test]
fn readme_documents_every_key() {
    let readme = readme();
    let table = quotasim::scenario::docs::markdown_key_table();
    assert!(readme.contains(&table), "README key table is out of date; regenerate it from markdown_key_table():\n{table}");
}

/// A worked example of the README: files of the repository copied into a
/// fresh folder, then commands run there in turn, some shown as samples.
struct Example {
    /// (path in the repository, path in the example's folder).
    files: &'static [(&'static str, &'static str)],
    steps: &'static [Step],
}

enum Step {
    /// `quotasim ARGS`; with a sample, what it printed, cut into `pieces`,
    /// after the command line itself when `prompt`.
    Run { args: &'static [&'static str], sample: Option<(&'static str, bool, &'static [Piece])> },
    /// The lines of a file written by the steps before that set `keys`, in
    /// the file's order, each key's first; lists of quantiles shortened.
    File { path: &'static str, sample: &'static str, keys: &'static [&'static str] },
}

/// Part of a sample.
enum Piece {
    /// The lines from the first that starts with `from` (from the first line
    /// without), `count` of them, or up to the list of files written.
    Lines { from: Option<&'static str>, count: Option<usize> },
    /// Everything, the files written included.
    All,
    /// A line that stands for what is left out.
    Elided(&'static str),
}

const EXAMPLES: &[Example] = &[
    Example {
        files: &[("scenarios/annual-plan.toml", "scenarios/annual-plan.toml")],
        steps: &[
            Step::Run { args: &["run"], sample: Some(("default", false, &[Piece::All])) },
            Step::Run {
                args: &["run", "scenarios/annual-plan.toml", "--no-charts"],
                sample: Some(("annual-plan", false, &[Piece::Lines { from: Some("The year, quarter by quarter"), count: None }])),
            },
        ],
    },
    Example {
        files: &[("tests/fixtures/crm/hubspot.csv", "crm-deals.csv")],
        steps: &[
            Step::Run {
                args: &["calibrate", "crm-deals.csv", "-o", "calibrated.toml", "--template-strategy", "targeted", "--quota", "90000"],
                sample: Some(("calibrate", true, &[Piece::Lines { from: None, count: Some(16) }, Piece::Elided("  ...")])),
            },
            Step::File {
                path: "calibrated.toml",
                sample: "calibrated",
                keys: &["reps", "quota", "hours_per_week", "win_rate", "cycle_weeks_median", "win_odds"],
            },
            Step::Run {
                args: &["backtest", "crm-deals.csv", "calibrated.toml"],
                sample: Some((
                    "backtest",
                    true,
                    &[
                        Piece::Lines { from: None, count: Some(12) },
                        Piece::Elided("..."),
                        Piece::Lines { from: Some("Verdict"), count: None },
                    ],
                )),
            },
        ],
    },
];

/// Every sample of `example`, as (name, text), from running it.
fn samples(example: &Example) -> Vec<(&'static str, String)> {
    let dir = TempDir::new().unwrap();
    for (from, to) in example.files {
        let to = dir.path().join(to);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), to).unwrap();
    }
    let mut shown = Vec::new();
    for step in example.steps {
        match step {
            Step::Run { args, sample } => {
                let out = Command::cargo_bin("quotasim").unwrap().current_dir(dir.path()).args(*args).output().unwrap();
                assert!(out.status.success(), "quotasim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
                if let Some((name, prompt, pieces)) = sample {
                    let printed = String::from_utf8(out.stdout).unwrap();
                    let mut text = if *prompt { format!("$ quotasim {}\n", args.join(" ")) } else { String::new() };
                    text += &excerpt(&printed, pieces);
                    shown.push((*name, text));
                }
            }
            Step::File { path, sample, keys } => {
                let written = fs::read_to_string(dir.path().join(path)).unwrap();
                shown.push((*sample, lines_setting(&written, keys)));
            }
        }
    }
    shown
}

fn excerpt(printed: &str, pieces: &[Piece]) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let mut text = String::new();
    for piece in pieces {
        let taken: &[&str] = match piece {
            Piece::All => &lines,
            Piece::Elided(line) => &[line],
            Piece::Lines { from, count } => {
                let start =
                    from.map_or(0, |f| lines.iter().position(|l| l.starts_with(f)).unwrap_or_else(|| panic!("no line starts with `{f}`")));
                let rest = &lines[start..];
                let end = count.unwrap_or_else(|| rest.iter().position(|l| l.starts_with("wrote ")).unwrap_or(rest.len()));
                &rest[..end]
            }
        };
        for line in taken {
            text += line;
            text += "\n";
        }
    }
    format!("{}\n", text.trim_end())
}

/// The first line setting each of `keys`, in the file's order, with lists
/// of quantiles shortened to their first two and their last.
fn lines_setting(toml: &str, keys: &[&str]) -> String {
    let mut left: Vec<&str> = keys.to_vec();
    let mut text = String::new();
    for line in toml.lines() {
        let key = line.split([' ', '=']).next().unwrap();
        if let Some(i) = left.iter().position(|k| *k == key) {
            left.remove(i);
            text += &shorten_quantiles(line);
            text += "\n";
        }
    }
    assert!(left.is_empty(), "no line sets {left:?}");
    text
}

fn shorten_quantiles(line: &str) -> String {
    let Some(start) = line.find("quantiles = [") else { return line.to_string() };
    let start = start + "quantiles = [".len();
    let end = start + line[start..].find(']').unwrap();
    let values: Vec<&str> = line[start..end].split(", ").collect();
    if values.len() <= 3 {
        return line.to_string();
    }
    format!("{}{}, {}, ..., {}{}", &line[..start], values[0], values[1], values[values.len() - 1], &line[end..])
}

/// Where sample `name`'s text sits in the README: the byte range between its
/// marker's fence and the closing fence.
fn sample_range(readme: &str, name: &str) -> std::ops::Range<usize> {
    let marker = format!("<!-- sample:{name} -->\n```");
    let at = readme.find(&marker).unwrap_or_else(|| panic!("README has no sample `{name}`"));
    let start = at + readme[at..].find('\n').unwrap() + 1;
    let start = start + readme[start..].find('\n').unwrap() + 1;
    let end = start + readme[start..].find("```\n<!-- /sample -->").unwrap_or_else(|| panic!("sample `{name}` is not closed"));
    start..end
}

/// The README's samples are what the commands print today (run
/// `scripts/update-readme-samples` to write them).
#[test]
fn readme_samples_are_what_the_commands_print() {
    let update = std::env::var_os("QUOTASIM_UPDATE_README").is_some();
    let mut readme = readme();
    let mut stale = Vec::new();
    for example in EXAMPLES {
        for (name, text) in samples(example) {
            let range = sample_range(&readme, name);
            if readme[range.clone()] != text {
                stale.push(name);
                readme.replace_range(range, &text);
            }
        }
    }
    if update {
        fs::write(README, readme).unwrap();
    } else {
        assert!(stale.is_empty(), "README samples {stale:?} are out of date: run scripts/update-readme-samples");
    }
}
