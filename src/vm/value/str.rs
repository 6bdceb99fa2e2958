//! `str` values.
//!
//! Text is held as Rust UTF-8 behind an `Rc`; lone surrogates (which CPython strings
//! may hold) are replaced by U+FFFD when a constant is loaded. The representation is
//! private so that it can grow a surrogate-preserving form without touching callers.

use std::fmt;
use std::rc::Rc;

use crate::code::PyStr;

/// A Python `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(Rc<str>);

impl Str {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        if self.0.is_ascii() {
            self.0.len()
        } else {
            self.0.chars().count()
        }
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether two values share storage.
    pub fn ptr_eq(&self, other: &Str) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// An address for `id()`.
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }

    /// A string with one character per byte (CPython 2.7's byte strings).
    pub fn from_latin1(b: &[u8]) -> Str {
        Str(b.iter().map(|&x| char::from(x)).collect::<String>().into())
    }

    /// The code point at index `i` (already normalized to `0..len`).
    pub fn char_at(&self, i: usize) -> Option<char> {
        if self.0.is_ascii() {
            self.0.as_bytes().get(i).map(|&b| char::from(b))
        } else {
            self.0.chars().nth(i)
        }
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(s.into())
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(s.into())
    }
}

impl From<&PyStr> for Str {
    fn from(s: &PyStr) -> Str {
        Str(s.to_string_lossy().as_ref().into())
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}
