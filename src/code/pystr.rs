//! Python text strings, which may hold lone surrogates.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Strings up to this many bytes are stored inline (most identifiers are): a code
/// object's names then cost no allocation each.
pub(crate) const INLINE: usize = 22;

/// A Python `str` (2.7: `unicode`, or an identifier), stored as UTF-8 that may encode
/// surrogate code points individually (CPython's `surrogatepass`, which marshal uses).
/// Equality and ordering are those of the bytes (the hash agrees with equality).
#[derive(Clone)]
pub struct PyStr(Repr);

#[derive(Clone)]
enum Repr {
    /// Length and bytes (the rest zero).
    Inline(u8, [u8; INLINE]),
    /// Shared: a clone (one marshalled string used by many code objects, such as
    /// `co_filename`) is a reference count, not a copy.
    Heap(Arc<[u8]>),
}

impl PyStr {
    /// From surrogatepass UTF-8 bytes (marshal `u`/`t`), as long as they decode.
    pub fn from_utf8_surrogatepass(bytes: &[u8]) -> Option<PyStr> {
        // Strict UTF-8 is a subset of surrogatepass UTF-8, and checked much faster.
        (std::str::from_utf8(bytes).is_ok() || decode_points(bytes).all(|c| c.is_some()))
            .then(|| PyStr::from_bytes(bytes))
    }

    /// From Latin-1 bytes (marshal's ASCII forms are read as Latin-1).
    #[inline]
    pub fn from_latin1(bytes: &[u8]) -> PyStr {
        PyStr::inline_ascii(bytes).unwrap_or_else(|| PyStr::from_latin1_outline(bytes))
    }

    /// [`PyStr::from_latin1`] for text too long or not ASCII.
    fn from_latin1_outline(bytes: &[u8]) -> PyStr {
        if bytes.is_ascii() {
            return PyStr::from_bytes(bytes);
        }
        let s: String = bytes.iter().map(|&b| char::from(b)).collect();
        PyStr::from_bytes(s.as_bytes())
    }

    /// Short ASCII bytes, stored inline: copied first, then checked in one pass over
    /// the fixed-size buffer (its zero padding is ASCII).
    #[inline]
    fn inline_ascii(bytes: &[u8]) -> Option<PyStr> {
        let n = u8::try_from(bytes.len()).ok()?;
        let mut buf = [0; INLINE];
        copy_short(&mut buf, bytes)?;
        // Two overlapping words cover the buffer.
        let head = u128::from_le_bytes(*buf.first_chunk::<16>()?);
        let tail = u64::from_le_bytes(*buf.last_chunk::<8>()?);
        let high_bits = (head | u128::from(tail)) & 0x8080_8080_8080_8080_8080_8080_8080_8080;
        (high_bits == 0).then_some(PyStr(Repr::Inline(n, buf)))
    }

    /// From bytes already known to be surrogatepass UTF-8.
    #[inline]
    fn from_bytes(bytes: &[u8]) -> PyStr {
        match u8::try_from(bytes.len()) {
            Ok(n) if bytes.len() <= INLINE => {
                let mut buf = [0; INLINE];
                buf[..bytes.len()].copy_from_slice(bytes);
                PyStr(Repr::Inline(n, buf))
            }
            _ => PyStr(Repr::Heap(bytes.into())),
        }
    }

    /// The surrogatepass UTF-8 bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(n, buf) => buf.get(..usize::from(*n)).unwrap_or_default(),
            Repr::Heap(b) => b,
        }
    }

    /// A short string's length and whole inline buffer (zeros past the length), for
    /// copies of a fixed size; `None` for a longer one.
    #[inline]
    pub fn inline_buf(&self) -> Option<(usize, &[u8; INLINE])> {
        match &self.0 {
            Repr::Inline(n, buf) => Some((usize::from(*n), buf)),
            Repr::Heap(_) => None,
        }
    }

    /// The text, when it holds no surrogates.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()).ok()
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
        decode_points(self.as_bytes()).map(|c| c.unwrap_or(0xfffd))
    }

    /// Whether every code point is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.as_bytes().is_ascii()
    }

    /// Number of code points (`len()` in Python).
    pub fn len(&self) -> usize {
        self.code_points().count()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }

    /// Code points if every one is below 256, as Latin-1 bytes.
    pub fn to_latin1(&self) -> Option<Vec<u8>> {
        self.code_points().map(|c| u8::try_from(c).ok()).collect()
    }
}

/// Copy `src` to the start of `dst` with two (possibly overlapping) fixed-size moves
/// rather than a call to `memcpy`; `None` if it does not fit.
#[inline]
fn copy_short(dst: &mut [u8; INLINE], src: &[u8]) -> Option<()> {
    fn two<const K: usize>(dst: &mut [u8], src: &[u8]) -> Option<()> {
        let n = src.len();
        dst.get_mut(..K)?.copy_from_slice(src.get(..K)?);
        dst.get_mut(n - K..n)?.copy_from_slice(src.get(n - K..)?);
        Some(())
    }
    match src.len() {
        0 => Some(()),
        1..=3 => {
            // First, middle and last byte cover up to three.
            let n = src.len();
            for i in [0, n / 2, n - 1] {
                *dst.get_mut(i)? = *src.get(i)?;
            }
            Some(())
        }
        4..=7 => two::<4>(dst, src),
        8..=15 => two::<8>(dst, src),
        16..=INLINE => two::<16>(dst, src),
        _ => None,
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr::from_bytes(s.as_bytes())
    }
}

impl Default for PyStr {
    fn default() -> PyStr {
        PyStr(Repr::Inline(0, [0; INLINE]))
    }
}

// Strings up to `INLINE` bytes are always inline, zeros past their length: equality
// and hashing then take the whole buffer at once (no `memcmp` call, no tail loop).

impl PartialEq for PyStr {
    fn eq(&self, other: &PyStr) -> bool {
        match (&self.0, &other.0) {
            (Repr::Inline(n, a), Repr::Inline(m, b)) => n == m && a == b,
            _ => self.as_bytes() == other.as_bytes(),
        }
    }
}

impl Eq for PyStr {}

impl PartialOrd for PyStr {
    fn partial_cmp(&self, other: &PyStr) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PyStr {
    fn cmp(&self, other: &PyStr) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl Hash for PyStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0 {
            Repr::Inline(n, buf) => {
                state.write_u8(*n);
                state.write_u128(
                    buf.first_chunk::<16>()
                        .map_or(0, |w| u128::from_le_bytes(*w)),
                );
                state.write_u64(buf.last_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w)));
            }
            Repr::Heap(b) => b.hash(state),
        }
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

    #[test]
    fn inline_and_heap_strings_compare_as_bytes() {
        let texts = [
            "",
            "a",
            "a\0",
            "ab",
            &"a".repeat(22),
            &"a".repeat(23),
            &"b".repeat(40),
        ];
        let strs: Vec<PyStr> = texts.iter().map(|&t| PyStr::from(t)).collect();
        for (s, t) in strs.iter().zip(texts) {
            assert_eq!(s.as_bytes(), t.as_bytes());
            assert_eq!(s.as_str(), Some(t));
            assert_eq!(s.len(), t.len());
        }
        for (a, ta) in strs.iter().zip(texts) {
            for (b, tb) in strs.iter().zip(texts) {
                assert_eq!(a.cmp(b), ta.as_bytes().cmp(tb.as_bytes()));
                assert_eq!(a == b, ta == tb);
            }
        }
        let hash = |x: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            x(&mut h);
            h.finish()
        };
        // Equal strings (built apart) hash alike; these distinct ones all differ.
        for (a, ta) in strs.iter().zip(texts) {
            for (b, tb) in texts.iter().map(|&t| PyStr::from(t)).zip(texts) {
                assert_eq!(hash(&|h| a.hash(h)) == hash(&|h| b.hash(h)), ta == tb);
            }
        }
        assert_eq!(PyStr::default(), PyStr::from(""));
    }
}
