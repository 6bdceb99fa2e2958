//! Errors of the line-table and exception-table decoders.

use std::fmt;

/// Which table an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// `co_lnotab` (2.7-3.9).
    Lnotab,
    /// The 3.10 `co_linetable`.
    Linetable310,
    /// The 3.11+ location table.
    Locations,
    /// The 3.11+ exception table.
    ExceptionTable,
    /// The per-instruction positions given to a canonical encoder (the offset is an
    /// instruction index, not a byte offset).
    Positions,
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TableKind::Lnotab => "co_lnotab",
            TableKind::Linetable310 => "3.10 co_linetable",
            TableKind::Locations => "location table",
            TableKind::ExceptionTable => "exception table",
            TableKind::Positions => "positions",
        })
    }
}

/// What was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableErrorKind {
    /// A pair table with an odd number of bytes.
    #[error("odd table length: the table is a sequence of byte pairs")]
    OddLength,
    /// The table ends inside an entry.
    #[error("truncated {0}")]
    Truncated(&'static str),
    /// An entry does not start with a byte that has bit 7 set.
    #[error("expected an entry start (bit 7 set), found 0x{0:02x}")]
    MissingEntryStart(u8),
    /// A byte with bit 7 set inside an entry.
    #[error("byte 0x{0:02x} has bit 7 set (an entry start) inside an entry")]
    UnexpectedEntryStart(u8),
    /// A varint wider than 32 bits.
    #[error("varint does not fit in 32 bits")]
    VarintOverflow,
    /// A varint with a superfluous zero group (CPython's writers never emit one;
    /// rejected so that decode/encode stays a bijection).
    #[error("non-minimal varint encoding")]
    NonMinimalVarint,
    /// A computed line, offset or column left the 32-bit range.
    #[error("{0} overflows")]
    Overflow(&'static str),
    /// A value no writer can produce, or entries that cannot be encoded.
    #[error("{0}")]
    Invalid(String),
}

/// A malformed table: where (byte offset within the table, or entry index for
/// [`TableKind::Positions`]) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{table} byte {offset}: {kind}")]
pub struct TableError {
    /// The table.
    pub table: TableKind,
    /// Byte offset within the table (entry index for encoder inputs).
    pub offset: usize,
    /// The problem.
    pub kind: TableErrorKind,
}

impl TableError {
    pub(crate) fn new(table: TableKind, offset: usize, kind: TableErrorKind) -> TableError {
        TableError {
            table,
            offset,
            kind,
        }
    }
}
