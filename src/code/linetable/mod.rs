//! Line-number tables of every version: typed views, byte-exact codecs, per-unit
//! positions, and the canonical writers CPython's compilers use.
//!
//! | format | versions | module |
//! | --- | --- | --- |
//! | [`LineTableFormat::LnotabUnsigned`], [`LineTableFormat::LnotabSigned`] | 2.7, 3.6-3.9 | [`lnotab`] |
//! | [`LineTableFormat::Linetable310`] | 3.10 | [`lines310`] |
//! | [`LineTableFormat::Locations`] | 3.11+ | [`locations`] |
//!
//! For every table [`LineTable::decode`] accepts, [`LineTable::encode`] gives back the
//! identical bytes. [`encode_canonical`] builds the table CPython would write from
//! per-instruction positions.
//!
//! ```
//! use pycasm::code::linetable::LineTable;
//! use pycasm::version::LineTableFormat;
//! let bytes = [0x80, 0x00, 0xd8, 0x04, 0x08];
//! let t = LineTable::decode(LineTableFormat::Locations, &bytes, 1).unwrap();
//! assert_eq!(t.encode(), bytes);
//! ```

mod canonical;
mod error;
pub mod lines310;
pub mod lnotab;
pub mod locations;
mod pairs;

pub use canonical::{
    canonical_entry, encode_canonical, is_canonical, InstrPosition, LocationWriter,
};
pub use error::{TableError, TableErrorKind, TableKind};
pub use lines310::{Lines310, Lines310Entry};
pub use lnotab::{Lnotab, LnotabEntry};
pub use locations::{Entries, EntryWalk, LocationEntry, LocationForm, Locations, PlainEntry};

use crate::version::LineTableFormat;

/// A source position. Before 3.11 only `line` is ever set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Position {
    /// Start line.
    pub line: Option<i32>,
    /// End line (3.11+).
    pub end_line: Option<i32>,
    /// Start column, a 0-based UTF-8 byte offset (3.11+).
    pub col: Option<u32>,
    /// End column (3.11+).
    pub end_col: Option<u32>,
}

impl Position {
    /// No position at all.
    pub const NONE: Position = Position {
        line: None,
        end_line: None,
        col: None,
        end_col: None,
    };

    /// A position with only a line.
    pub const fn line(line: Option<i32>) -> Position {
        Position {
            line,
            end_line: None,
            col: None,
            end_col: None,
        }
    }
}

/// A byte range `[start, end)` of `co_code` and its line, as `co_lines()` yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRange {
    /// First byte offset.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
    /// The line, `None` for none.
    pub line: Option<i32>,
}

/// A decoded line table of any format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineTable {
    /// 2.7-3.9 `co_lnotab`.
    Lnotab(Lnotab),
    /// 3.10 `co_linetable`.
    Lines310(Lines310),
    /// 3.11+ location table.
    Locations(Locations),
}

impl LineTable {
    /// Decode a table of the given format; `firstlineno` is `co_firstlineno`.
    pub fn decode(
        format: LineTableFormat,
        bytes: &[u8],
        firstlineno: i32,
    ) -> Result<LineTable, TableError> {
        Ok(match format {
            LineTableFormat::LnotabUnsigned => {
                LineTable::Lnotab(Lnotab::decode(bytes, false, firstlineno)?)
            }
            LineTableFormat::LnotabSigned => {
                LineTable::Lnotab(Lnotab::decode(bytes, true, firstlineno)?)
            }
            LineTableFormat::Linetable310 => {
                LineTable::Lines310(Lines310::decode(bytes, firstlineno)?)
            }
            LineTableFormat::Locations => {
                LineTable::Locations(Locations::decode(bytes, firstlineno)?)
            }
        })
    }

    /// The format.
    pub fn format(&self) -> LineTableFormat {
        match self {
            LineTable::Lnotab(t) if t.signed => LineTableFormat::LnotabSigned,
            LineTable::Lnotab(_) => LineTableFormat::LnotabUnsigned,
            LineTable::Lines310(_) => LineTableFormat::Linetable310,
            LineTable::Locations(_) => LineTableFormat::Locations,
        }
    }

    /// `co_firstlineno`.
    pub fn firstlineno(&self) -> i32 {
        match self {
            LineTable::Lnotab(t) => t.firstlineno,
            LineTable::Lines310(t) => t.firstlineno,
            LineTable::Locations(t) => t.firstlineno,
        }
    }

    /// The table bytes; identical to the input of [`decode`](Self::decode).
    pub fn encode(&self) -> Vec<u8> {
        match self {
            LineTable::Lnotab(t) => t.encode(),
            LineTable::Lines310(t) => t.encode(),
            LineTable::Locations(t) => t.encode(),
        }
    }

    /// Check that hand-built entries are encodable as they stand (decoded tables
    /// always are).
    pub fn validate(&self) -> Result<(), TableError> {
        match self {
            LineTable::Lnotab(t) => t.validate(),
            LineTable::Lines310(t) => t.validate(),
            LineTable::Locations(t) => t.validate(),
        }
    }

    /// Bytes per code unit: 1 in 2.7, 2 from 3.6.
    pub fn unit_size(&self) -> usize {
        match self {
            LineTable::Lnotab(t) if !t.signed => 1,
            _ => 2,
        }
    }

    /// One position per code unit of a `code_len`-byte `co_code`, as the interpreter
    /// computes them (`PyCode_Addr2Line` up to 3.10, `co_positions()` from 3.11).
    pub fn positions(&self, code_len: usize) -> Vec<Position> {
        match self {
            LineTable::Lnotab(t) => t.positions(code_len),
            LineTable::Lines310(t) => t.positions(code_len),
            LineTable::Locations(t) => t.positions(code_len),
        }
    }

    /// `co_lines()` of 3.10 and 3.12+ (3.11 yields one range per entry, see
    /// [`Locations::entry_ranges`]); for `co_lnotab`, the equivalent ranges between line
    /// changes, the last one ending at `code_len`.
    pub fn line_ranges(&self, code_len: usize) -> Vec<LineRange> {
        match self {
            LineTable::Lnotab(t) => {
                let starts = t.line_starts();
                let end = u32::try_from(code_len).unwrap_or(u32::MAX);
                starts
                    .iter()
                    .enumerate()
                    .map(|(i, &(start, line))| LineRange {
                        start,
                        end: starts.get(i + 1).map_or(end.max(start), |s| s.0),
                        line: Some(line),
                    })
                    .collect()
            }
            LineTable::Lines310(t) => t.line_ranges(),
            LineTable::Locations(t) => t.line_ranges(),
        }
    }

    /// `dis.findlinestarts` of 2.7-3.12: `(byte offset, line)` where a new line
    /// starts, lines without a number skipped. (3.8/3.9 `dis` also drops offsets at or
    /// past `len(co_code)`; 3.13 `dis` yields the start of every `co_lines()` range,
    /// `None` lines included.)
    pub fn line_starts(&self) -> Vec<(u32, i32)> {
        match self {
            LineTable::Lnotab(t) => t.line_starts(),
            _ => {
                let mut out: Vec<(u32, i32)> = Vec::new();
                for r in self.line_ranges(0) {
                    if let Some(l) = r.line {
                        if out.last().is_none_or(|s| s.1 != l) {
                            out.push((r.start, l));
                        }
                    }
                }
                out
            }
        }
    }

    /// The input [`encode_canonical`] needs to rebuild this table, for instructions
    /// given as `(byte offset, size in bytes)` (EXTENDED_ARG prefixes and caches
    /// included): each instruction gets the position of its first code unit, and
    /// (`co_lnotab`) `starts_line` where a table entry lands on its offset.
    pub fn instruction_positions(&self, instrs: &[(u32, u32)]) -> Vec<InstrPosition> {
        let code_len = instrs.last().map_or(0, |&(o, s)| o as usize + s as usize);
        if let LineTable::Locations(t) = self {
            return t.instruction_positions(instrs, code_len);
        }
        let unit = self.unit_size();
        let per_unit = self.positions(code_len);
        let starts: std::collections::HashSet<u32> = match self {
            LineTable::Lnotab(t) => t.entries.iter().map(|e| e.offset).collect(),
            _ => Default::default(),
        };
        instrs
            .iter()
            .map(|&(offset, size)| InstrPosition {
                offset,
                size,
                position: per_unit
                    .get(offset as usize / unit)
                    .copied()
                    .unwrap_or(Position::NONE),
                starts_line: starts.contains(&offset),
            })
            .collect()
    }
}
