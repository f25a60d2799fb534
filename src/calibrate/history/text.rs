//! From bytes to text a CSV reader can take: what is not a CSV at all
//! (workbooks, binary data, an empty file), byte-order marks, UTF-16 (what
//! Excel's "Unicode text" writes), Windows-1252 (older Excel CSVs), and the
//! field delimiter (comma, semicolon, tab or pipe).

/// Why bytes are not a CSV file, in words for the user.
pub fn not_csv(bytes: &[u8]) -> Option<&'static str> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Some("the file is empty");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("it is a ZIP archive, probably an Excel workbook (.xlsx); save or export it as CSV first");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("it is an old Excel workbook (.xls); save or export it as CSV first");
    }
    if bytes.starts_with(b"%PDF") {
        return Some("it is a PDF document; export the report as CSV instead");
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && bytes.iter().take(65_536).any(|&b| b == 0) {
        return Some("it holds binary data, not text");
    }
    None
}

/// The file as text: without a byte-order mark, from UTF-8, UTF-16 or (when
/// it is not valid UTF-8) Windows-1252. The second value names the encoding
/// when it was not UTF-8.
pub fn decode(bytes: &[u8]) -> (String, Option<&'static str>) {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (utf16(rest, u16::from_le_bytes), Some("UTF-16"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (utf16(rest, u16::from_be_bytes), Some("UTF-16"));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), None),
        Err(_) => (body.iter().map(|&b| windows_1252(b)).collect(), Some("Windows-1252")),
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
}

/// One byte of Windows-1252 (the Latin-1 superset older Excel versions write).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Candidate delimiters, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter of the first non-blank line: the candidate that occurs
/// most often outside quotes (comma when none does).
pub fn delimiter(text: &str) -> u8 {
    let Some(line) = first_logical_line(text) else { return b',' };
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            counts[i] += 1;
        }
    }
    let best = (0..DELIMITERS.len()).max_by_key(|&i| (counts[i], usize::MAX - i)).unwrap_or(0);
    if counts[best] == 0 { b',' } else { DELIMITERS[best] }
}

/// The first non-blank line, continued over line breaks inside quotes.
fn first_logical_line(text: &str) -> Option<&str> {
    let start = text.find(|c: char| !c.is_whitespace())?;
    let rest = &text[start..];
    let mut quoted = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => return Some(&rest[..i]),
            _ => {}
        }
    }
    Some(rest)
}

/// How a delimiter is named in messages.
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "comma",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_binary_and_empty_files_are_not_csv() {
        assert!(not_csv(b"PK\x03\x04rest").unwrap().contains("xlsx"));
        assert!(not_csv(&[0xD0, 0xCF, 0x11, 0xE0, 1]).unwrap().contains(".xls"));
        assert!(not_csv(b"  \n\r\n").unwrap().contains("empty"));
        assert!(not_csv(b"a,b\x00c").unwrap().contains("binary"));
        assert_eq!(not_csv(b"Owner,Stage\n"), None);
        assert_eq!(not_csv(&[0xFF, 0xFE, b'a', 0]), None);
    }

    #[test]
    fn encodings_and_marks() {
        assert_eq!(decode(b"\xEF\xBB\xBFOwner").0, "Owner");
        let (s, enc) = decode(b"Caf\xe9 \x80");
        assert_eq!((s.as_str(), enc), ("Café €", Some("Windows-1252")));
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("a;é".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&le), ("a;é".to_string(), Some("UTF-16")));
    }

    #[test]
    fn delimiters_are_counted_outside_quotes() {
        assert_eq!(delimiter("Owner,Stage,Amount\n"), b',');
        assert_eq!(delimiter("\n\n\"a,b\";c;d\n"), b';');
        assert_eq!(delimiter("a\tb\tc"), b'\t');
        assert_eq!(delimiter("\"Owner, Name\",Stage"), b',');
        assert_eq!(delimiter("single"), b',');
    }
}
