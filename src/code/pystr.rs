//! Python text strings, which may hold lone surrogates.

use std::borrow::Cow;
use std::fmt;

/// A Python `str` (2.7: `unicode`, or an identifier), stored as UTF-8 that may encode
/// surrogate code points individually (CPython's `surrogatepass`, which marshal uses).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PyStr(Box<[u8]>);

impl PyStr {
    /// From surrogatepass UTF-8 bytes (marshal `u`/`t`), as long as they decode.
    pub fn from_utf8_surrogatepass(bytes: &[u8]) -> Option<PyStr> {
        decode_points(bytes)
            .all(|c| c.is_some())
            .then(|| PyStr(bytes.into()))
    }

    /// From Latin-1 bytes (marshal's ASCII forms are read as Latin-1).
    pub fn from_latin1(bytes: &[u8]) -> PyStr {
        if bytes.is_ascii() {
            return PyStr(bytes.into());
        }
        let s: String = bytes.iter().map(|&b| char::from(b)).collect();
        PyStr(s.into_bytes().into())
    }

    /// The surrogatepass UTF-8 bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, when it holds no surrogates.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The text, surrogates replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        match self.as_str() {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(
                self.code_points()
                    .map(|c| char::from_u32(c).unwrap_or('\u{fffd}'))
                    .collect(),
            ),
        }
    }

    /// The code points.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        decode_points(&self.0).map(|c| c.unwrap_or(0xfffd))
    }

    /// Whether every code point is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// Number of code points (`len()` in Python).
    pub fn len(&self) -> usize {
        self.code_points().count()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Code points if every one is below 256, as Latin-1 bytes.
    pub fn to_latin1(&self) -> Option<Vec<u8>> {
        self.code_points().map(|c| u8::try_from(c).ok()).collect()
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr(s.as_bytes().into())
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string_lossy())
    }
}

impl fmt::Display for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

/// Decode generalized UTF-8 (surrogates allowed as 3-byte sequences); `None` marks an
/// invalid sequence and ends the iteration.
fn decode_points(b: &[u8]) -> impl Iterator<Item = Option<u32>> + '_ {
    let mut i = 0;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed || i >= b.len() {
            return None;
        }
        let c0 = u32::from(b[i]);
        let (len, init, min) = match c0 {
            0x00..=0x7f => (1, c0, 0),
            0xc2..=0xdf => (2, c0 & 0x1f, 0x80),
            0xe0..=0xef => (3, c0 & 0x0f, 0x800),
            0xf0..=0xf4 => (4, c0 & 0x07, 0x10000),
            _ => (0, 0, 0),
        };
        let cont = b.get(i + 1..i + len.max(1));
        let point = match cont {
            Some(rest) if len > 0 && rest.iter().all(|&x| x & 0xc0 == 0x80) => {
                let v = rest
                    .iter()
                    .fold(init, |acc, &x| (acc << 6) | u32::from(x & 0x3f));
                (v >= min && v <= 0x10ffff).then_some(v)
            }
            _ => None,
        };
        if point.is_none() {
            failed = true;
        }
        i += len.max(1);
        Some(point)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates_are_kept() {
        // "\udc80" as CPython's surrogatepass writes it.
        let s = PyStr::from_utf8_surrogatepass(b"a\xed\xb2\x80").unwrap();
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0x61, 0xdc80]);
        assert_eq!(s.as_str(), None);
        assert!(PyStr::from_utf8_surrogatepass(b"\xff").is_none());
        assert!(PyStr::from_utf8_surrogatepass(b"\xc0\x80").is_none());
        assert_eq!(PyStr::from_latin1(b"\xe9").as_str(), Some("\u{e9}"));
    }
}
