//! `str` values.
//!
//! Text is held as Rust UTF-8 behind an `Rc`; lone surrogates (which CPython strings
//! may hold) are replaced by U+FFFD when a constant is loaded. The representation is
//! private so that it can grow a surrogate-preserving form without touching callers.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use crate::code::PyStr;

/// A Python `str`.
#[derive(Clone)]
pub struct Str {
    inner: Rc<Inner>,
    /// Kept with the reference (a `Value` has room for it), not in the shared
    /// object, so that plain strings stay as small as before.
    kind: Kind,
}

/// The text, its Python hash and its length in code points, both computed on
/// first use (names are looked up in dicts over and over; CPython keeps both in
/// the object too, and `len`/indexing of an ASCII string are O(1) with the count).
struct Inner {
    hash: Cell<i64>,
    chars: Cell<usize>,
    /// A `String` rather than a `Box<str>` so that `s += t` on a string nothing
    /// else holds can grow it with amortised doubling; only such strings carry
    /// spare capacity.
    text: String,
}

/// A `Str`'s marks: a 2.7 `unicode`, or text holding lone surrogates (which
/// Rust strings cannot): each surrogate U+D800+k is stored as the private-use
/// character [`SURROGATE_BASE`]+k, and only a string so marked reads them back.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Kind(u8);

impl Kind {
    /// A plain string.
    pub const PLAIN: Kind = Kind(0);
    /// A 2.7 `unicode`.
    pub const UNICODE: Kind = Kind(1);
    /// Text with lone surrogates.
    pub const SURROGATES: Kind = Kind(2);

    /// Whether every mark of `other` is set.
    pub fn has(self, other: Kind) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Kind {
    type Output = Kind;
    fn bitor(self, other: Kind) -> Kind {
        Kind(self.0 | other.0)
    }
}

/// Where lone surrogates are kept (U+10F800..U+10FFFF, the top of plane 16's
/// private use area).
pub const SURROGATE_BASE: u32 = 0x10_f800;

/// `hash` not computed yet (-1 is never a Python hash).
const NO_HASH: i64 = -1;

/// `chars` not counted yet.
const NO_COUNT: usize = usize::MAX;

thread_local! {
    static INTERNED: std::cell::RefCell<std::collections::HashMap<Box<str>, Str>> =
        std::cell::RefCell::default();
    /// The one-character ASCII strings, shared as CPython shares its latin-1
    /// singletons.
    static ASCII_CHARS: Vec<Str> = (0..128u8)
        .map(|b| Str::with_count(char::from(b).to_string(), Kind::PLAIN, 1))
        .collect();
}

impl Str {
    /// The one shared `Str` for a name (CPython interns names and identifier-like
    /// constants): dict probes with it then usually succeed on the pointer.
    pub fn intern(s: &str) -> Str {
        INTERNED.with(|t| {
            let mut t = t.borrow_mut();
            if let Some(x) = t.get(s) {
                return x.clone();
            }
            let x = Str::from(s);
            t.insert(s.into(), x.clone());
            x
        })
    }

    /// [`Str::intern`] for a name from a code object.
    pub fn intern_py(s: &PyStr) -> Str {
        Str::intern(s.to_string_lossy().as_ref())
    }

    /// Whether CPython would intern this constant (an identifier-like string).
    pub fn is_identifier_like(s: &str) -> bool {
        s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.inner.text
    }

    /// `hash(s)`, computed once per string object.
    pub fn hash(&self) -> i64 {
        let h = self.inner.hash.get();
        if h != NO_HASH {
            return h;
        }
        let h = if self.has_surrogates() {
            super::hash::hash_code_points(self.as_str().chars().map(|c| self.code_point(c)))
        } else {
            super::hash_str(&self.inner.text)
        };
        self.inner.hash.set(h);
        h
    }

    /// A one-character string (shared for ASCII).
    pub fn from_char(c: char) -> Str {
        match u8::try_from(c) {
            Ok(b) if b.is_ascii() => ASCII_CHARS.with(|t| t[usize::from(b)].clone()),
            _ => Str::from(c.to_string()),
        }
    }

    /// The decimal text of an int (single digits shared).
    pub fn from_i64(i: i64) -> Str {
        if (0..10).contains(&i) {
            return Str::from_char(char::from(b'0' + i as u8));
        }
        let mut buf = [0u8; 21];
        let mut at = buf.len();
        let mut n = i.unsigned_abs();
        while n > 0 {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        if i < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        let text = std::str::from_utf8(&buf[at..]).unwrap_or("0");
        Str::with_count(text, Kind::PLAIN, text.len())
    }

    /// `self + other` with the marks of both; the code-point count carries over
    /// when both counts are known (`len` of a built-up string stays O(1)).
    pub fn concat(&self, other: &Str) -> Str {
        let (x, y) = (self.as_str(), other.as_str());
        let mut s = String::with_capacity(x.len() + y.len());
        s.push_str(x);
        s.push_str(y);
        let r = Str::with_kind(s, self.kind | other.kind);
        r.inner.chars.set(self.known_len_plus(other));
        r
    }

    /// Appends `other` in place when this reference is the only one (CPython
    /// does the same for `s += t` when the refcount allows); `false`, untouched,
    /// when the text is shared.
    pub fn append_if_unique(&mut self, other: &Str) -> bool {
        let chars = self.known_len_plus(other);
        let Some(inner) = Rc::get_mut(&mut self.inner) else {
            return false;
        };
        inner.text.push_str(other.as_str());
        inner.hash.set(NO_HASH);
        inner.chars.set(chars);
        self.kind = self.kind | other.kind;
        true
    }

    /// The code-point count of `self + other` if both counts are known.
    fn known_len_plus(&self, other: &Str) -> usize {
        match (self.inner.chars.get(), other.inner.chars.get()) {
            (NO_COUNT, _) | (_, NO_COUNT) => NO_COUNT,
            (a, b) => a + b,
        }
    }

    /// A string whose code-point count is already known.
    pub fn with_count(text: impl Into<Box<str>>, kind: Kind, chars: usize) -> Str {
        let s = Str::with_kind(text, kind);
        s.inner.chars.set(chars);
        s
    }

    /// Number of code points (counted once per string object).
    pub fn len(&self) -> usize {
        let n = self.inner.chars.get();
        if n != NO_COUNT {
            return n;
        }
        let t = &self.inner.text;
        let n = if t.is_ascii() {
            t.len()
        } else {
            t.chars().count()
        };
        self.inner.chars.set(n);
        n
    }

    /// Whether every character is ASCII (one byte per code point).
    pub fn is_ascii(&self) -> bool {
        self.len() == self.inner.text.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.inner.text.is_empty()
    }

    /// Whether two values share storage.
    pub fn ptr_eq(&self, other: &Str) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// An address for `id()`.
    pub fn addr(&self) -> usize {
        self.inner.text.as_ptr() as usize
    }

    /// A string with one character per byte (CPython 2.7's byte strings).
    pub fn from_latin1(b: &[u8]) -> Str {
        Str::from(b.iter().map(|&x| char::from(x)).collect::<String>())
    }

    /// A 2.7 `unicode` string.
    pub fn unicode(text: impl Into<Box<str>>) -> Str {
        Str::with_kind(text, Kind::UNICODE)
    }

    /// A string with the marks `kind` (those of the strings it was made from).
    pub fn with_kind(text: impl Into<Box<str>>, kind: Kind) -> Str {
        Str {
            inner: Rc::new(Inner {
                hash: Cell::new(NO_HASH),
                chars: Cell::new(NO_COUNT),
                text: String::from(text.into()),
            }),
            kind,
        }
    }

    /// A string from code points, lone surrogates included.
    pub fn from_code_points(points: impl Iterator<Item = u32>) -> Str {
        let mut kind = Kind::PLAIN;
        let text: String = points
            .map(|p| match p {
                0xd800..=0xdfff => {
                    kind = Kind::SURROGATES;
                    char::from_u32(SURROGATE_BASE + (p - 0xd800)).unwrap_or('\u{fffd}')
                }
                p => char::from_u32(p).unwrap_or('\u{fffd}'),
            })
            .collect();
        Str::with_kind(text, kind)
    }

    /// The marks of this string.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether this is a 2.7 `unicode` string.
    pub fn is_unicode(&self) -> bool {
        self.kind.has(Kind::UNICODE)
    }

    /// Whether the text may hold lone surrogates.
    pub fn has_surrogates(&self) -> bool {
        self.kind.has(Kind::SURROGATES)
    }

    /// The code point a character of this string stands for.
    pub fn code_point(&self, c: char) -> u32 {
        let n = u32::from(c);
        if self.has_surrogates() && n >= SURROGATE_BASE {
            0xd800 + (n - SURROGATE_BASE)
        } else {
            n
        }
    }

    /// The same text as a 2.7 `unicode` (itself when it is one).
    pub fn to_unicode(&self) -> Str {
        if self.is_unicode() {
            self.clone()
        } else {
            Str::with_kind(self.as_str(), self.kind() | Kind::UNICODE)
        }
    }

    /// The same string with the marks `kind` added (shared storage).
    pub fn marked(mut self, kind: Kind) -> Str {
        self.kind = self.kind | kind;
        self
    }

    /// The code point at index `i` (already normalized to `0..len`).
    pub fn char_at(&self, i: usize) -> Option<char> {
        let t = &self.inner.text;
        if self.is_ascii() {
            t.as_bytes().get(i).map(|&b| char::from(b))
        } else {
            t.chars().nth(i)
        }
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner) || self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Str {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl From<Box<str>> for Str {
    fn from(text: Box<str>) -> Str {
        Str::with_kind(text, Kind::PLAIN)
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str::from(Box::<str>::from(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::from(s.into_boxed_str())
    }
}

impl From<&PyStr> for Str {
    fn from(s: &PyStr) -> Str {
        Str::from(s.to_string_lossy().as_ref())
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}
