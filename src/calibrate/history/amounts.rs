//! Amounts as CRMs and spreadsheets write them: currency symbols and codes
//! (`$12,500.00`, `EUR 12.500,00`, `12 500 €`), thousands separators
//! (comma, dot, space, apostrophe), negative numbers with a sign or in
//! parentheses. Whether the file writes decimals with a point or a comma is
//! decided once from the data.

use std::collections::BTreeMap;

/// The decimal mark of a file's amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decimal {
    Point,
    Comma,
}

/// An amount cell read.
#[derive(Clone, Debug, PartialEq)]
pub enum Amount {
    Empty,
    Value(f64),
    Unreadable,
}

/// A cell split into its number text, its sign and the currency written with it.
struct Parts {
    number: String,
    negative: bool,
    currency: Option<String>,
}

/// Currency symbols and the code each is reported as ($ is the US dollar
/// unless the file says otherwise with a code).
const SYMBOLS: [(char, &str); 8] =
    [('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY"), ('₹', "INR"), ('₩', "KRW"), ('₽', "RUB"), ('₺', "TRY")];

fn split(cell: &str) -> Option<Parts> {
    let mut s = cell.trim().to_string();
    if s.is_empty() {
        return None;
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    let mut currency = None;
    let mut number = String::new();
    let mut letters = String::new();
    for c in s.chars() {
        if let Some((_, code)) = SYMBOLS.iter().find(|(sym, _)| *sym == c) {
            currency.get_or_insert_with(|| code.to_string());
        } else if c.is_ascii_digit() || c == '.' || c == ',' {
            number.push(c);
        } else if c == '-' || c == '−' {
            negative = true;
        } else if c.is_alphabetic() {
            letters.push(c.to_ascii_uppercase());
        } else if !(c.is_whitespace() || c == '\'' || c == '’' || c == '+' || c == '\u{a0}' || c == '\u{202f}') {
            return Some(Parts { number: String::new(), negative, currency });
        }
    }
    // Letters are a currency: an ISO code (USD, EUR, CHF), the `US` of `US$`,
    // or a short local sign (kr, zł, Fr). Anything longer is not an amount.
    match letters.chars().count() {
        0 => {}
        3 if letters.chars().all(|c| c.is_ascii_uppercase()) => currency = Some(letters),
        _ if letters == "US" => currency = Some("USD".to_string()),
        1..=3 => {}
        _ => return Some(Parts { number: String::new(), negative, currency }),
    }
    Some(Parts { number, negative, currency })
}

/// The evidence a number text gives about the decimal mark: the last mark
/// followed by other than exactly three digits is a decimal mark; a text
/// with both marks has its decimal mark last.
fn evidence(number: &str) -> Option<Decimal> {
    let last = number.rfind([',', '.'])?;
    let mark = if number.as_bytes()[last] == b',' { Decimal::Comma } else { Decimal::Point };
    let other = if mark == Decimal::Comma { '.' } else { ',' };
    let after = number.len() - last - 1;
    if number[..last].contains(other) || after != 3 { Some(mark) } else { None }
}

/// The decimal mark of a file from its amount cells: the mark most cells
/// show; on no evidence, a comma when fields are separated by semicolons
/// (as European spreadsheets write them), a point otherwise.
pub fn decimal_mark<'a>(cells: impl Iterator<Item = &'a str>, delimiter: u8) -> Decimal {
    let (mut point, mut comma) = (0usize, 0usize);
    for c in cells {
        match split(c).and_then(|p| evidence(&p.number)) {
            Some(Decimal::Point) => point += 1,
            Some(Decimal::Comma) => comma += 1,
            None => {}
        }
    }
    if point == comma {
        if delimiter == b';' { Decimal::Comma } else { Decimal::Point }
    } else if comma > point {
        Decimal::Comma
    } else {
        Decimal::Point
    }
}

/// Read one amount cell.
pub fn parse(cell: &str, decimal: Decimal) -> Amount {
    let Some(p) = split(cell) else { return Amount::Empty };
    if p.number.is_empty() || !p.number.bytes().any(|b| b.is_ascii_digit()) {
        return Amount::Unreadable;
    }
    let (thousands, mark) = if decimal == Decimal::Comma { (b'.', b',') } else { (b',', b'.') };
    let mut text = String::with_capacity(p.number.len());
    let mut marks = 0;
    for b in p.number.bytes() {
        if b == thousands {
            continue;
        }
        if b == mark {
            marks += 1;
            text.push('.');
        } else {
            text.push(char::from(b));
        }
    }
    if marks > 1 {
        return Amount::Unreadable;
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Amount::Value(if p.negative { -v } else { v }),
        _ => Amount::Unreadable,
    }
}

/// The currency written with an amount, if any.
pub fn currency(cell: &str) -> Option<String> {
    split(cell).filter(|p| p.number.bytes().any(|b| b.is_ascii_digit())).and_then(|p| p.currency)
}

/// Count currencies over cells: (code, cells).
pub fn tally_currencies<'a>(cells: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for c in cells {
        if let Some(code) = currency(c) {
            *m.entry(code).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_separators_and_signs() {
        let p = Decimal::Point;
        assert_eq!(parse("$12,500.00", p), Amount::Value(12_500.0));
        assert_eq!(parse(" 12500 ", p), Amount::Value(12_500.0));
        assert_eq!(parse("USD 1,234,567.5", p), Amount::Value(1_234_567.5));
        assert_eq!(parse("(1,200.00)", p), Amount::Value(-1_200.0));
        assert_eq!(parse("-300", p), Amount::Value(-300.0));
        assert_eq!(parse("1'234.50 CHF", p), Amount::Value(1_234.5));
        assert_eq!(parse("", p), Amount::Empty);
        assert_eq!(parse("n/a", p), Amount::Unreadable);
        assert_eq!(parse("TBD", p), Amount::Unreadable);
        assert_eq!(parse("1.2.3", p), Amount::Unreadable);
        let c = Decimal::Comma;
        assert_eq!(parse("12.500,00 €", c), Amount::Value(12_500.0));
        assert_eq!(parse("€ 1 234,5", c), Amount::Value(1_234.5));
        assert_eq!(currency("12.500,00 €").as_deref(), Some("EUR"));
        assert_eq!(currency("US$ 10").as_deref(), Some("USD"));
        assert_eq!(currency("EUR 10").as_deref(), Some("EUR"));
        assert_eq!(currency("10"), None);
    }

    #[test]
    fn the_decimal_mark_is_read_from_the_data() {
        assert_eq!(decimal_mark(["1,234.50", "300", "2,000"].into_iter(), b','), Decimal::Point);
        assert_eq!(decimal_mark(["1.234,50", "300", "2.000"].into_iter(), b','), Decimal::Comma);
        assert_eq!(decimal_mark(["12,5", "3,75"].into_iter(), b','), Decimal::Comma);
        // "2.000" alone could be either: the semicolon tips it.
        assert_eq!(decimal_mark(["2.000"].into_iter(), b';'), Decimal::Comma);
        assert_eq!(decimal_mark(["2.000"].into_iter(), b','), Decimal::Point);
        assert_eq!(tally_currencies(["$1", "$2", "EUR 3", "4"].into_iter()), vec![("USD".to_string(), 2), ("EUR".to_string(), 1)]);
    }
}
