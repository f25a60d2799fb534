//! Numbers as people write them: `35%`, `$250k`, `1.2M`, `250,000`.
//!
//! A scenario file may give any number as a string in these forms
//! (`win_rate = "35%"`, `quota = "$250,000"`), and `--set` takes them bare
//! (`--set selling.win_rate=35%`). What a setting accepts follows from its
//! unit: a percent sign only where a rate, share or multiplier is meant,
//! currency signs and `k`/`M`/`B` only for money (and `k`/`M` for counts).
//!
//! The value is exactly the number written: `35%` is read as `35e-2`, so it
//! is the same `f64` as `0.35` and a run gives the same bytes either way.

use super::units::{Display, Unit};

/// What kind of number a setting expects, which decides the forms it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// A rate, share or multiplier: `0.35` or `35%`.
    Percent,
    /// Money: `250000`, `250,000`, `$250k`, `1.2M`, `USD 2.5B`.
    Money,
    /// A whole number: `10000`, `10,000`, `10k`.
    Count,
    /// Anything else (hours, weeks, log-sds): `1,500.5`.
    Plain,
    /// Unknown unit (sweep values before their path is known): every form.
    Any,
}

impl Written {
    pub fn of(unit: Unit) -> Written {
        match unit.display() {
            Display::Percent => Written::Percent,
            Display::Money => Written::Money,
            Display::Multiple | Display::Plain => Written::Plain,
        }
    }

    fn allows_percent(self) -> bool {
        matches!(self, Written::Percent | Written::Any)
    }

    fn allows_currency(self) -> bool {
        matches!(self, Written::Money | Written::Any)
    }

    fn allows_scale(self) -> bool {
        matches!(self, Written::Money | Written::Count | Written::Any)
    }

    /// An example of the accepted forms, for help messages.
    fn examples(self) -> &'static str {
        match self {
            Written::Percent => "write a fraction such as `0.35` or a percentage such as `35%`",
            Written::Money => "write money as `250000`, `250,000`, `$250k` or `1.2M`",
            Written::Count => "write a whole number such as `10000`, `10,000` or `10k`",
            Written::Plain => "write a number such as `1500` or `1,500.5`",
            Written::Any => "write a number such as `0.35`, `35%`, `250k` or `1.2M`",
        }
    }
}

/// Why a written number cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenError {
    pub message: String,
    pub help: Option<String>,
}

/// Currency signs accepted before money (the scenario's `currency` code is
/// accepted too, written before or after the number).
const SIGNS: [&str; 5] = ["$", "€", "£", "¥", "₹"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scale {
    Thousand,
    Million,
    Billion,
}

impl Scale {
    fn exponent(self) -> i32 {
        match self {
            Scale::Thousand => 3,
            Scale::Million => 6,
            Scale::Billion => 9,
        }
    }
}

/// Suffixes, longest first so `mm` wins over `m`.
const SUFFIXES: [(&str, Suffix); 9] = [
    ("bn", Suffix::Scale(Scale::Billion)),
    ("mm", Suffix::Scale(Scale::Million)),
    ("MM", Suffix::Scale(Scale::Million)),
    ("%", Suffix::Percent),
    ("k", Suffix::Scale(Scale::Thousand)),
    ("K", Suffix::Scale(Scale::Thousand)),
    ("m", Suffix::Scale(Scale::Million)),
    ("M", Suffix::Scale(Scale::Million)),
    ("B", Suffix::Scale(Scale::Billion)),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suffix {
    Percent,
    Scale(Scale),
}

/// Read `text` as a number of the kind `kind` expects.
pub fn read_written(text: &str, kind: Written) -> Result<f64, WrittenError> {
    let fail = |message: String| WrittenError { message, help: Some(kind.examples().to_string()) };
    let t = text.trim();
    if t.is_empty() {
        return Err(fail("an empty value".into()));
    }
    let (negative, t) = sign(t);
    let (currency, t) = strip_currency(t);
    let (negative, t) = match sign(t) {
        (true, rest) if !negative => (true, rest),
        (false, rest) => (negative, rest),
        (true, _) => return Err(fail(format!("`{text}` has two signs"))),
    };
    let (suffix, body) = strip_suffix(t.trim());
    if currency && !kind.allows_currency() {
        return Err(fail(format!("`{text}` is an amount of money; this setting is not")));
    }
    let exponent = match suffix {
        None => 0,
        Some(Suffix::Percent) if kind.allows_percent() => -2,
        Some(Suffix::Percent) => return Err(fail(format!("`{text}` is a percentage; this setting is not a rate or a share"))),
        Some(Suffix::Scale(s)) if kind.allows_scale() => s.exponent(),
        Some(Suffix::Scale(_)) => return Err(fail(format!("`{text}`: `k`, `M` and `B` are for amounts of money and counts"))),
    };
    if currency && suffix == Some(Suffix::Percent) {
        return Err(fail(format!("`{text}` is both money and a percentage")));
    }
    let digits = plain_digits(body.trim_end()).map_err(|m| match m {
        Some(m) => fail(format!("`{text}`: {m}")),
        None => fail(format!("expected a number, found a string `{text}`")),
    })?;
    let signed = if negative { format!("-{digits}e{exponent}") } else { format!("{digits}e{exponent}") };
    // A decimal with a power of ten: Rust rounds it once, correctly.
    match signed.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(fail(format!("expected a number, found a string `{text}`"))),
    }
}

fn sign(t: &str) -> (bool, &str) {
    match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    }
}

/// A leading currency sign or three-letter code, or a trailing code.
fn strip_currency(t: &str) -> (bool, &str) {
    for s in SIGNS {
        if let Some(rest) = t.strip_prefix(s) {
            return (true, rest.trim_start());
        }
    }
    let is_code = |c: &str| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase());
    if let Some((code, rest)) = t.split_once(' ')
        && is_code(code)
    {
        return (true, rest.trim_start());
    }
    if let Some((rest, code)) = t.rsplit_once(' ')
        && is_code(code)
    {
        return (true, rest.trim_end());
    }
    (false, t)
}

fn strip_suffix(t: &str) -> (Option<Suffix>, &str) {
    for (s, suffix) in SUFFIXES {
        if let Some(rest) = t.strip_suffix(s) {
            return (Some(suffix), rest);
        }
    }
    (None, t)
}

/// The digits of `1,250,000.5` as `1250000.5`: commas only between groups of
/// three digits before the decimal point (so `2,5` is not read as 25).
/// `Err(None)`: not a number at all.
fn plain_digits(body: &str) -> Result<String, Option<String>> {
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if whole.is_empty() && fraction.is_none_or(str::is_empty) {
        return Err(Some("no digits".into()));
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let digit_run = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    if !groups.iter().all(|g| digit_run(g)) || !fraction.is_none_or(digit_run) {
        return Err(None);
    }
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            let hint = body.replacen(',', ".", 1);
            return Err(Some(format!("a comma separates thousands in groups of three digits (for a decimal, write `{hint}`)")));
        }
    }
    let mut out: String = groups.concat();
    if out.is_empty() {
        out.push('0');
    }
    if let Some(f) = fraction.filter(|f| !f.is_empty()) {
        out.push('.');
        out.push_str(f);
    }
    Ok(out)
}

/// For a rate or share given as a whole percentage (35 where 0.35 is
/// meant): the hint "did you mean 0.35 (35%)?".
pub fn percent_hint(x: f64) -> Option<String> {
    (x > 1.0 && x <= 100.0).then(|| {
        let fraction = format!("{x}e-2").parse::<f64>().unwrap_or(x / 100.0);
        format!("did you mean {fraction} (\"{x}%\")? a rate or share is a fraction of 1 or a percentage")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(text: &str, kind: Written) -> f64 {
        read_written(text, kind).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    fn err(text: &str, kind: Written) -> String {
        read_written(text, kind).expect_err(text).message
    }

    #[test]
    fn the_forms_people_write() {
        assert_eq!(ok("35%", Written::Percent), 0.35);
        assert_eq!(ok(" 12.5 % ", Written::Percent), 0.125);
        assert_eq!(ok("0.35", Written::Percent), 0.35);
        assert_eq!(ok("$250k", Written::Money), 250_000.0);
        assert_eq!(ok("$250,000", Written::Money), 250_000.0);
        assert_eq!(ok("1.2M", Written::Money), 1_200_000.0);
        assert_eq!(ok("€1.5mm", Written::Money), 1_500_000.0);
        assert_eq!(ok("USD 2.5B", Written::Money), 2.5e9);
        assert_eq!(ok("70000 EUR", Written::Money), 70_000.0);
        assert_eq!(ok("1,250,000.50", Written::Money), 1_250_000.5);
        assert_eq!(ok("-$5k", Written::Money), -5000.0);
        assert_eq!(ok("10k", Written::Count), 10_000.0);
        assert_eq!(ok("1,000", Written::Count), 1000.0);
        assert_eq!(ok("-2.5", Written::Plain), -2.5);
        assert_eq!(ok(".5", Written::Plain), 0.5);
    }

    #[test]
    fn forms_that_do_not_fit_the_setting_are_refused_with_why() {
        assert!(err("35%", Written::Money).contains("percentage"));
        assert!(err("$250k", Written::Percent).contains("money"));
        assert!(err("5k", Written::Plain).contains("`k`, `M` and `B`"));
        assert!(err("1%", Written::Count).contains("percentage"));
        assert!(err("2,5", Written::Money).contains("write `2.5`"));
        assert!(err("25,00", Written::Money).contains("groups of three"));
        assert!(err("1,0000", Written::Money).contains("groups of three"));
        assert!(err("abc", Written::Plain).contains("expected a number, found a string `abc`"));
        assert!(err("", Written::Plain).contains("empty"));
        assert!(err("%", Written::Percent).contains("no digits"));
        assert!(err("--5", Written::Plain).contains("two signs"));
        assert!(err("1e5", Written::Plain).contains("found a string"));
        assert!(err("$5%", Written::Any).contains("both"));
        assert!(read_written("nan", Written::Plain).is_err() && read_written("inf", Written::Plain).is_err());
        let e = read_written("x", Written::Money).unwrap_err();
        assert!(e.help.unwrap().contains("$250k"));
    }

    #[test]
    fn whole_percentages_get_the_fraction_as_a_hint() {
        assert!(percent_hint(35.0).unwrap().starts_with("did you mean 0.35 (\"35%\")?"));
        assert!(percent_hint(100.0).unwrap().starts_with("did you mean 1 (\"100%\")?"));
        assert_eq!(percent_hint(1.0), None);
        assert_eq!(percent_hint(250.0), None);
    }

    /// `n` with a comma between groups of three digits.
    fn grouped(n: u64) -> String {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    proptest! {
        #[test]
        fn a_percentage_is_exactly_the_fraction_written(whole in 0u32..1000, frac in 0u32..1000) {
            let pct = format!("{whole}.{frac:03}");
            let fraction: f64 = format!("{pct}e-2").parse().unwrap();
            prop_assert_eq!(ok(&format!("{pct}%"), Written::Percent), fraction);
            // The same digits with the point moved two places: the same f64.
            let digits = format!("{:06}", whole * 1000 + frac);
            let moved = format!("{}.{}", &digits[..1], &digits[1..]);
            prop_assert_eq!(ok(&format!("{pct}%"), Written::Percent), moved.parse::<f64>().unwrap());
        }

        #[test]
        fn grouped_and_scaled_money_reads_back_exactly(n in 0u64..10_000_000_000_000) {
            prop_assert_eq!(ok(&grouped(n), Written::Money), n as f64);
            prop_assert_eq!(ok(&format!("${}", grouped(n)), Written::Money), n as f64);
            let thousands = format!("{}.{:03}k", n / 1000, n % 1000);
            prop_assert_eq!(ok(&thousands, Written::Money), n as f64);
            prop_assert_eq!(ok(&format!("{}", n), Written::Count), n as f64);
        }

        #[test]
        fn any_text_is_read_or_refused_never_a_panic(text in "\\PC{0,12}") {
            for kind in [Written::Percent, Written::Money, Written::Count, Written::Plain, Written::Any] {
                if let Ok(x) = read_written(&text, kind) {
                    prop_assert!(x.is_finite(), "{text} -> {x}");
                }
            }
        }

        #[test]
        fn misplaced_commas_are_never_read_as_numbers(a in 1u32..1000, b in 0u32..100) {
            // `a,b` with one or two digits after the comma is a decimal comma, not thousands.
            let text = if b < 10 { format!("{a},{b}") } else { format!("{a},{b:02}") };
            prop_assert!(read_written(&text, Written::Money).is_err(), "{text}");
        }
    }
}
