//! The 3.11+ exception table (`InternalDocs/exception_handling.md`; written by
//! `Python/assemble.c: assemble_exception_table`, read by `Python/ceval.c:
//! get_exception_handler`).
//!
//! Each entry is four varints `start, size, target, depth << 1 | lasti`, all in code
//! units. Varints here are 6-bit groups, **most** significant first, 0x40 = more
//! follows; the first byte of every entry also has bit 7 set. Non-minimal varints
//! (a leading zero group) are rejected, so decode/encode is a bijection.

use crate::code::linetable::{TableError, TableErrorKind, TableKind};

/// A decoded exception table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionTable {
    /// The entries, in table order.
    pub entries: Vec<ExceptionEntry>,
}

/// A handler for the code units `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExceptionEntry {
    /// First covered code unit.
    pub start: u32,
    /// End of the covered range (exclusive), in code units.
    pub end: u32,
    /// Handler code unit.
    pub target: u32,
    /// Value-stack depth to unwind to.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed before the exception.
    pub lasti: bool,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn err(&self, at: usize, kind: TableErrorKind) -> TableError {
        TableError::new(TableKind::ExceptionTable, at, kind)
    }

    /// `parse_varint`; `first` = this is the entry's first varint (bit 7 expected).
    fn varint(&mut self, what: &'static str, first: bool) -> Result<u32, TableError> {
        let start = self.pos;
        let mut val = 0u64;
        loop {
            let at = self.pos;
            let b = *self
                .bytes
                .get(at)
                .ok_or_else(|| self.err(at, TableErrorKind::Truncated(what)))?;
            let marker = b & 0x80 != 0;
            if first && at == start && !marker {
                return Err(self.err(at, TableErrorKind::MissingEntryStart(b)));
            }
            if marker && !(first && at == start) {
                return Err(self.err(at, TableErrorKind::UnexpectedEntryStart(b)));
            }
            self.pos += 1;
            if at == start && b & 0x7f == 0x40 {
                return Err(self.err(at, TableErrorKind::NonMinimalVarint));
            }
            val = (val << 6) | u64::from(b & 63);
            if val > u64::from(u32::MAX) {
                return Err(self.err(start, TableErrorKind::VarintOverflow));
            }
            if b & 0x40 == 0 {
                return Ok(val as u32);
            }
        }
    }
}

/// `assemble_emit_exception_table_item`.
fn write_varint(out: &mut Vec<u8>, v: u32, marker: u8) {
    let mut shift = 30;
    while shift > 0 && v >> shift == 0 {
        shift -= 6;
    }
    let mut msb = marker;
    while shift > 0 {
        out.push((((v >> shift) & 63) as u8) | 0x40 | msb);
        msb = 0;
        shift -= 6;
    }
    out.push(((v & 63) as u8) | msb);
}

impl ExceptionTable {
    /// Decode `co_exceptiontable`. Errors carry the byte offset: a missing or
    /// misplaced entry marker, truncation, non-minimal or over-wide varints, or an
    /// end past `u32::MAX`.
    pub fn decode(bytes: &[u8]) -> Result<ExceptionTable, TableError> {
        let mut r = Reader { bytes, pos: 0 };
        let mut entries = Vec::new();
        while r.pos < bytes.len() {
            let at = r.pos;
            let start = r.varint("entry start", true)?;
            let size = r.varint("entry size", false)?;
            let target = r.varint("entry target", false)?;
            let dl = r.varint("entry depth", false)?;
            let end = start
                .checked_add(size)
                .ok_or_else(|| r.err(at, TableErrorKind::Overflow("entry end")))?;
            entries.push(ExceptionEntry {
                start,
                end,
                target,
                depth: dl >> 1,
                lasti: dl & 1 == 1,
            });
        }
        Ok(ExceptionTable { entries })
    }

    /// The table bytes (identical to the decoded ones). Entries failing
    /// [`validate`](Self::validate) are written with the size clamped at 0 and the
    /// depth's top bit lost.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 4);
        for e in &self.entries {
            write_varint(&mut out, e.start, 0x80);
            write_varint(&mut out, e.end.saturating_sub(e.start), 0);
            write_varint(&mut out, e.target, 0);
            write_varint(&mut out, (e.depth << 1) | u32::from(e.lasti), 0);
        }
        out
    }

    /// Check every entry is encodable (`end >= start`, `depth < 2^31`); the error
    /// offset is the entry index.
    pub fn validate(&self) -> Result<(), TableError> {
        for (i, e) in self.entries.iter().enumerate() {
            if e.end < e.start || e.depth >= 1 << 31 {
                return Err(TableError::new(
                    TableKind::Positions,
                    i,
                    TableErrorKind::Invalid(format!("entry {e:?} is not encodable")),
                ));
            }
        }
        Ok(())
    }

    /// The handler covering code unit `unit` (`get_exception_handler`: the first
    /// entry whose range contains it).
    pub fn handler(&self, unit: u32) -> Option<&ExceptionEntry> {
        self.entries
            .iter()
            .find(|e| e.start <= unit && unit < e.end)
    }
}
