//! A partial's bytes. A line that names the format, the header as one line
//! of JSON (readable with `head -2`), the body (the scenario's text and the
//! shard's blocks as CBOR, deflated), and a last line with the SHA-256 of
//! everything before it, so a file cut short or changed anywhere is refused.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Header, Partial};
use crate::engine::share::Piece;

/// The first line of every partial.
pub const MAGIC: &str = "quotasim partial";
/// The version of this layout; a partial of another is refused.
pub const FORMAT: u32 = 2;
const TRAILER: &str = "\nend sha256=";
/// The trailer's length: its words, 64 hex digits and a newline.
const TRAILER_LEN: usize = TRAILER.len() + 64 + 1;

/// What the body holds.
#[derive(Serialize, Deserialize)]
struct Body {
    /// The scenario file's text (None: the built-in scenario).
    scenario_text: Option<String>,
    pieces: Vec<Piece>,
}

/// Why bytes are not a partial this program can read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CorruptPartial {
    #[error("not a quotasim partial (it does not start with \"{MAGIC}\")")]
    NotAPartial,
    #[error("cut short or changed since it was written (its checksum does not match)")]
    Checksum,
    #[error("written in partial format {found}; this quotasim reads format {FORMAT}")]
    Format { found: u32 },
    #[error("its contents cannot be read: {0}")]
    Unreadable(String),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of `partial`.
pub fn encode(partial: &Partial) -> Vec<u8> {
    let body = Body { scenario_text: partial.scenario_text.clone(), pieces: partial.pieces.clone() };
    let mut cbor = Vec::new();
    ciborium::into_writer(&body, &mut cbor).expect("statistics serialise to memory");
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    deflate.write_all(&cbor).expect("deflating to memory cannot fail");
    let body = deflate.finish().expect("deflating to memory cannot fail");

    let mut out = format!("{MAGIC}\n").into_bytes();
    out.extend(serde_json::to_vec(&partial.header).expect("the header serialises"));
    out.push(b'\n');
    out.extend(body);
    let sum = hex(&Sha256::digest(&out));
    out.extend(format!("{TRAILER}{sum}\n").into_bytes());
    out
}

/// Read a partial's bytes, checking its checksum and format.
pub fn decode(bytes: &[u8]) -> Result<Partial, CorruptPartial> {
    let magic = format!("{MAGIC}\n");
    if !bytes.starts_with(magic.as_bytes()) {
        return Err(CorruptPartial::NotAPartial);
    }
    if bytes.len() < magic.len() + TRAILER_LEN {
        return Err(CorruptPartial::Checksum);
    }
    let (content, trailer) = bytes.split_at(bytes.len() - TRAILER_LEN);
    let expected = format!("{TRAILER}{}\n", hex(&Sha256::digest(content)));
    if trailer != expected.as_bytes() {
        return Err(CorruptPartial::Checksum);
    }
    let rest = &content[magic.len()..];
    let line_end = rest.iter().position(|&b| b == b'\n').ok_or(CorruptPartial::Checksum)?;
    let unreadable = |e: &dyn std::fmt::Display| CorruptPartial::Unreadable(e.to_string());
    // The format is read first, so a newer header is reported as such.
    let probe: serde_json::Value = serde_json::from_slice(&rest[..line_end]).map_err(|e| unreadable(&e))?;
    let found = probe.get("format").and_then(|f| f.as_u64()).unwrap_or(0) as u32;
    if found != FORMAT {
        return Err(CorruptPartial::Format { found });
    }
    let header: Header = serde_json::from_value(probe).map_err(|e| unreadable(&e))?;
    let mut cbor = Vec::new();
    flate2::read::DeflateDecoder::new(&rest[line_end + 1..]).read_to_end(&mut cbor).map_err(|e| unreadable(&e))?;
    let body: Body = ciborium::from_reader(cbor.as_slice()).map_err(|e| unreadable(&e))?;
    Ok(Partial { header, scenario_text: body.scenario_text, pieces: body.pieces })
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
