//! Long numeric lists (a histogram's bins) in a binary format as their
//! length and two byte strings: the indexes of the non-zero entries and
//! their values (or no indexes and every value, when most are non-zero);
//! in a readable format (JSON) as the usual list. A shard partial's CBOR
//! then reads a histogram's 15,000 bins as a few blocks of bytes instead of
//! number by number, which had made merging slower than simulating. Values
//! keep their exact bits, stored byte plane by byte plane (every value's
//! lowest byte, then every value's next one...), which deflates to about the
//! size CBOR's number by number encoding did.
//!
//! Use on a `Vec<u64>` or `Vec<f64>` field: `#[serde(with = "packed")]`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeTuple, Serializer};

/// A value packed as 8 little-endian bytes; zero is the all-zero bits.
pub trait Packable: Copy + Default + Serialize + for<'de> Deserialize<'de> {
    fn to_le(self) -> [u8; 8];
    fn from_le(bytes: [u8; 8]) -> Self;
}

impl Packable for u64 {
    fn to_le(self) -> [u8; 8] {
        self.to_le_bytes()
    }
    fn from_le(bytes: [u8; 8]) -> Self {
        u64::from_le_bytes(bytes)
    }
}

impl Packable for f64 {
    fn to_le(self) -> [u8; 8] {
        self.to_le_bytes()
    }
    fn from_le(bytes: [u8; 8]) -> Self {
        f64::from_le_bytes(bytes)
    }
}

/// The longest list read back: far more than any histogram has, and a bound
/// on what a damaged file can make this program allocate.
const MAX_LEN: u64 = 1 << 24;

pub fn serialize<T: Packable, S: Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        return values.serialize(s);
    }
    let nonzero: Vec<usize> = (0..values.len()).filter(|&i| values[i].to_le() != [0; 8]).collect();
    // An index costs 4 bytes: with more than two thirds non-zero, send them all.
    let dense = nonzero.len() * 12 > values.len() * 8;
    let (indexes, entries): (Vec<u8>, Vec<[u8; 8]>) = if dense {
        (Vec::new(), values.iter().map(|v| v.to_le()).collect())
    } else {
        (nonzero.iter().flat_map(|&i| (i as u32).to_le_bytes()).collect(), nonzero.iter().map(|&i| values[i].to_le()).collect())
    };
    let entries: Vec<u8> = (0..8).flat_map(|plane| entries.iter().map(move |e| e[plane])).collect();
    let mut t = s.serialize_tuple(3)?;
    t.serialize_element(&(values.len() as u64))?;
    t.serialize_element(&Bytes(&indexes))?;
    t.serialize_element(&Bytes(&entries))?;
    t.end()
}

pub fn deserialize<'de, T: Packable, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    if d.is_human_readable() {
        return Vec::<T>::deserialize(d);
    }
    d.deserialize_tuple(3, Packed(PhantomData))
}

/// Bytes serialised as one byte string (serde's default is a list of numbers).
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// A byte string read back.
struct ByteBuf(Vec<u8>);

impl<'de> Deserialize<'de> for ByteBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl Visitor<'_> for Visit {
            type Value = ByteBuf;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(bytes.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<ByteBuf, E> {
                Ok(ByteBuf(bytes))
            }
        }
        d.deserialize_byte_buf(Visit)
    }
}

struct Packed<T>(PhantomData<T>);

impl<'de, T: Packable> Visitor<'de> for Packed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a packed list: its length, then its non-zero entries' 4-byte indexes and 8-byte values by byte plane")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let invalid = || de::Error::invalid_value(de::Unexpected::Other("a damaged packed list"), &self);
        let len: u64 = seq.next_element()?.ok_or_else(invalid)?;
        let ByteBuf(indexes) = seq.next_element()?.ok_or_else(invalid)?;
        let ByteBuf(entries) = seq.next_element()?.ok_or_else(invalid)?;
        let count = entries.len() / 8;
        let dense = indexes.is_empty() && count > 0;
        let expected_count = if dense { len } else { indexes.len() as u64 / 4 };
        if len > MAX_LEN || entries.len() % 8 != 0 || indexes.len() % 4 != 0 || count as u64 != expected_count {
            return Err(invalid());
        }
        let entry = |j: usize| T::from_le(std::array::from_fn(|plane| entries[plane * count + j]));
        if dense {
            return Ok((0..count).map(entry).collect());
        }
        let mut values = vec![T::default(); len as usize];
        for (j, i) in indexes.chunks_exact(4).enumerate() {
            let i = u32::from_le_bytes(i.try_into().expect("4 bytes")) as usize;
            *values.get_mut(i).ok_or_else(invalid)? = entry(j);
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Bins {
        #[serde(with = "super")]
        counts: Vec<u64>,
        #[serde(with = "super")]
        sums: Vec<f64>,
    }

    fn bins() -> Bins {
        Bins { counts: vec![0, 1, 0, 0, u64::MAX, 7], sums: vec![0.0, -0.0, 1e-300, 0.0, f64::MAX, 0.1 + 0.2] }
    }

    fn cbor(value: &impl Serialize) -> Vec<u8> {
        let mut bytes = Vec::new();
        ciborium::into_writer(value, &mut bytes).unwrap();
        bytes
    }

    #[test]
    fn cbor_carries_the_non_zero_entries_with_their_exact_bits() {
        let back: Bins = ciborium::from_reader(cbor(&bins()).as_slice()).unwrap();
        assert_eq!(back, bins());
        assert_eq!(back.sums[1].to_bits(), (-0.0f64).to_bits(), "-0.0 is not zero bits: kept");
        // counts: length 6 and the entries at 1, 4 and 5, as byte strings.
        let value: ciborium::Value = ciborium::from_reader(cbor(&bins()).as_slice()).unwrap();
        let counts = value.as_map().unwrap()[0].1.as_array().unwrap();
        assert_eq!(counts[0].as_integer(), Some(6.into()));
        assert_eq!(counts[1].as_bytes(), Some(&[1, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0].to_vec()));
        assert_eq!(counts[2].as_bytes().map(Vec::len), Some(3 * 8));
    }

    #[test]
    fn a_mostly_non_zero_list_is_sent_whole_by_byte_plane() {
        let dense = Bins { counts: vec![1, 2, 0, 258], sums: vec![] };
        let value: ciborium::Value = ciborium::from_reader(cbor(&dense).as_slice()).unwrap();
        let counts = value.as_map().unwrap()[0].1.as_array().unwrap();
        assert_eq!(counts[1].as_bytes(), Some(&vec![]), "no indexes");
        // The lowest bytes of 1, 2, 0 and 258, then their second bytes, ...
        assert_eq!(counts[2].as_bytes().map(|b| b[..8].to_vec()), Some(vec![1, 2, 0, 2, 0, 0, 0, 1]));
        assert_eq!(ciborium::from_reader::<Bins, _>(cbor(&dense).as_slice()).unwrap(), dense);
    }

    #[test]
    fn json_keeps_plain_lists() {
        let json = serde_json::to_string(&bins()).unwrap();
        assert!(json.starts_with(r#"{"counts":[0,1,0,0,18446744073709551615,7],"sums":[0.0,-0.0,"#), "{json}");
        assert_eq!(serde_json::from_str::<Bins>(&json).unwrap(), bins());
    }

    #[test]
    fn damaged_packed_lists_are_refused() {
        use ciborium::Value::{Array, Bytes, Integer, Map, Text};
        let list = |len: u64, indexes: Vec<u8>, entries: Vec<u8>| Array(vec![Integer(len.into()), Bytes(indexes), Bytes(entries)]);
        let ok = list(2, vec![], vec![]);
        for bad in [
            list(2, vec![5, 0, 0, 0], vec![1; 8]), // an index past the length
            list(2, vec![0, 0, 0], vec![]),        // an index cut short
            list(2, vec![0, 0, 0, 0], vec![1; 7]), // a value cut short
            list(3, vec![], vec![1; 16]),          // whole, but not every value
            list(MAX_LEN + 1, vec![], vec![]),     // longer than any list written
            Array(vec![Integer(2.into())]),        // parts missing
        ] {
            let map = Map(vec![(Text("counts".into()), bad), (Text("sums".into()), ok.clone())]);
            let err = ciborium::from_reader::<Bins, _>(cbor(&map).as_slice()).unwrap_err();
            assert!(err.to_string().contains("packed list"), "{err}");
        }
    }
}
