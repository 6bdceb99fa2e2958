//! Errors of the marshal reader and writer.

use std::fmt;

/// A marshal error: what went wrong and at which byte offset of the input.
///
/// The details are boxed so that `Result<T, Error>` stays one word wide.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.0)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    offset: usize,
    kind: ErrorKind,
}

impl fmt::Display for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.kind)
    }
}

/// What was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The input ended inside a value.
    #[error("unexpected end of data: {what} needs {needed} more byte(s), {left} left")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed.
        needed: usize,
        /// Bytes left.
        left: usize,
    },
    /// A type byte that this marshal version does not know.
    #[error("unknown type code 0x{code:02x}{}", printable(*code))]
    UnknownType {
        /// The byte, FLAG_REF removed.
        code: u8,
    },
    /// A negative or impossible length.
    #[error("bad {what} length {len}: only {left} byte(s) of input left")]
    BadLength {
        /// What the length was for.
        what: &'static str,
        /// The length as read.
        len: i64,
        /// Bytes left.
        left: usize,
    },
    /// Nesting beyond CPython's limit.
    #[error("objects nested deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A reference to a slot that does not exist (yet).
    #[error("reference {index} is out of range ({count} referenceable object(s) so far)")]
    BadRef {
        /// The index as read.
        index: i64,
        /// Slots allocated so far.
        count: usize,
    },
    /// A reference to an object that is still being read (a cycle).
    #[error("reference {index} names an object that is still being read")]
    RefToIncomplete {
        /// The index.
        index: u32,
    },
    /// A long digit outside 0..2^15.
    #[error("bad long digit {digit} (must be below 32768)")]
    BadLongDigit {
        /// The digit.
        digit: u16,
    },
    /// A long whose most significant digit is zero.
    #[error("unnormalized long data (most significant digit is 0)")]
    UnnormalizedLong,
    /// NULL where an object is required.
    #[error("NULL object where a value is required")]
    Null,
    /// Text float or complex that is not a number.
    #[error("bad float text {0:?}")]
    BadFloatText(String),
    /// Bytes after the single top-level object.
    #[error("{0} trailing byte(s) after the object")]
    Trailing(usize),
    /// Input of 4 GiB or more (offsets are 32-bit).
    #[error("marshal data of {0} bytes is too large (the limit is 4 GiB)")]
    TooLarge(usize),
    /// The writer was asked to write something the format cannot hold.
    #[error("cannot write: {0}")]
    Unwritable(String),
}

fn printable(code: u8) -> String {
    if code.is_ascii_graphic() {
        format!(" ('{}')", code as char)
    } else {
        String::new()
    }
}

impl Error {
    /// An error at a byte offset.
    #[cold]
    pub fn new(offset: usize, kind: ErrorKind) -> Error {
        Error(Box::new(Inner { offset, kind }))
    }

    /// The byte offset (of the marshal data) where the problem was found.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// What was wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The same error with its offset moved by `delta` (for data embedded in a file).
    pub fn shifted(mut self, delta: usize) -> Error {
        self.0.offset += delta;
        self
    }
}
