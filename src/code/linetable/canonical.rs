//! The table CPython's compiler writes, from per-instruction positions.
//!
//! | versions | writer | rule |
//! | --- | --- | --- |
//! | 2.7-3.8 | `Python/compile.c: assemble_lnotab` | an entry at every instruction whose line was set (`starts_line`) unless neither offset nor line moved |
//! | 3.9 | `assemble_lnotab` | an entry wherever the line changes |
//! | 3.10 | `assemble_line_range` | a range wherever the line (or "no line") changes |
//! | 3.11 | `Python/compile.c: write_location_info_entry` | one run per instruction, cut into entries of <= 8 units |
//! | 3.12+ | `Python/assemble.c: write_location_info_entry` | consecutive instructions with equal positions merged into one run first |

use super::error::{TableError, TableErrorKind, TableKind};
use super::{
    LineTable, Lines310, Lines310Entry, Lnotab, LnotabEntry, LocationEntry, LocationForm,
    Locations, Position,
};
use crate::version::{LineTableFormat, Version};

/// One instruction for [`encode_canonical`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstrPosition {
    /// Byte offset of the instruction's first byte (its first EXTENDED_ARG prefix).
    pub offset: u32,
    /// Size in bytes: EXTENDED_ARG prefixes, the instruction, 3.11+ inline caches.
    pub size: u32,
    /// Its position; only the line is used before 3.11. `line: None` is "no line"
    /// (i_lineno 0 up to 3.9, -1 in 3.10+).
    pub position: Position,
    /// 2.7-3.8 only: the compiler set this instruction's line (the first instruction
    /// of a statement, or, 3.8, of a sub-expression on another line), so the writer
    /// records it even when the line did not change.
    pub starts_line: bool,
}

fn bad(index: usize, what: String) -> TableError {
    TableError::new(TableKind::Positions, index, TableErrorKind::Invalid(what))
}

/// The line table CPython `version` writes for these instructions, which must be
/// contiguous from offset 0, in order, and non-empty each.
pub fn encode_canonical(
    version: Version,
    firstlineno: i32,
    instrs: &[InstrPosition],
) -> Result<LineTable, TableError> {
    let code_len = contiguous_len(instrs)?;
    Ok(match version.line_table_format() {
        LineTableFormat::LnotabUnsigned | LineTableFormat::LnotabSigned => {
            LineTable::Lnotab(lnotab(version, firstlineno, instrs)?)
        }
        LineTableFormat::Linetable310 => {
            LineTable::Lines310(lines310(firstlineno, instrs, code_len))
        }
        LineTableFormat::Locations => {
            let mut entries = Vec::new();
            location_entries(version, firstlineno, instrs, |e| entries.push(e))?;
            LineTable::Locations(Locations {
                firstlineno,
                entries,
            })
        }
    })
}

/// Whether [`encode_canonical`] succeeds and its table encodes to `bytes`. 3.11+
/// tables are compared entry by entry as they are written, without building them.
pub fn is_canonical(
    version: Version,
    firstlineno: i32,
    instrs: &[InstrPosition],
    bytes: &[u8],
) -> bool {
    if version.line_table_format() != LineTableFormat::Locations {
        return encode_canonical(version, firstlineno, instrs).is_ok_and(|t| t.encode() == bytes);
    }
    if contiguous_len(instrs).is_err() {
        return false;
    }
    let (mut rest, mut same) = (bytes, true);
    let (mut line, mut buf) = (firstlineno, Vec::with_capacity(32));
    let written = location_entries(version, firstlineno, instrs, |e| {
        if same {
            buf.clear();
            e.encode_into(&mut line, &mut buf);
            // Entries are a few bytes: compared in line rather than by `memcmp`.
            match rest.split_at_checked(buf.len()) {
                Some((head, tail)) if head.iter().zip(&buf).all(|(a, b)| a == b) => rest = tail,
                _ => same = false,
            }
        }
    });
    written.is_ok() && same && rest.is_empty()
}

/// The code length of instructions that must be contiguous from offset 0, in order,
/// and non-empty each.
fn contiguous_len(instrs: &[InstrPosition]) -> Result<u32, TableError> {
    let mut at = 0u32;
    for (i, ins) in instrs.iter().enumerate() {
        if ins.offset != at || ins.size == 0 {
            return Err(bad(
                i,
                format!(
                    "instruction at {} (size {}) should start at {at}",
                    ins.offset, ins.size
                ),
            ));
        }
        at = at
            .checked_add(ins.size)
            .ok_or_else(|| bad(i, "code length overflows".into()))?;
    }
    Ok(at)
}

/// `assemble_lnotab`: 2.7-3.8 write at every instruction whose line was set unless
/// `(d_bytecode, d_lineno) == (0, 0)`; 3.9 only when the line changes.
fn lnotab(
    version: Version,
    firstlineno: i32,
    instrs: &[InstrPosition],
) -> Result<Lnotab, TableError> {
    let signed = version != Version::V2_7;
    let on_change = version >= Version::V3_9;
    let (mut line, mut line_off) = (firstlineno, 0u32);
    let mut entries = Vec::new();
    for (i, ins) in instrs.iter().enumerate() {
        let Some(l) = ins.position.line else { continue };
        let moved = if on_change {
            l != line
        } else {
            ins.starts_line && (l != line || ins.offset != line_off)
        };
        if !moved {
            continue;
        }
        if !signed && l < line {
            return Err(bad(i, format!("2.7 lines cannot go back ({line} to {l})")));
        }
        entries.push(LnotabEntry {
            offset: ins.offset,
            line: l,
        });
        (line, line_off) = (l, ins.offset);
    }
    Ok(Lnotab {
        signed,
        firstlineno,
        entries,
    })
}

/// `assemble_lnotab` / `assemble_line_range` (3.10): a range per change of line,
/// empty ranges skipped.
fn lines310(firstlineno: i32, instrs: &[InstrPosition], code_len: u32) -> Lines310 {
    let mut entries = Vec::new();
    let (mut line, mut start) = (Some(firstlineno), 0u32);
    let mut flush = |start: u32, end: u32, line: Option<i32>| {
        if end > start {
            entries.push(Lines310Entry { start, end, line });
        }
    };
    for ins in instrs {
        if ins.position.line != line {
            flush(start, ins.offset, line);
            (line, start) = (ins.position.line, ins.offset);
        }
    }
    flush(start, code_len, line);
    Lines310 {
        firstlineno,
        entries,
    }
}

/// `assemble_location_info` + `write_location_info_entry` (3.11+): each entry in
/// order, to `emit`.
fn location_entries(
    version: Version,
    firstlineno: i32,
    instrs: &[InstrPosition],
    emit: impl FnMut(LocationEntry),
) -> Result<(), TableError> {
    let mut w = LocationWriter::new(version, firstlineno, emit);
    for ins in instrs {
        w.push(ins.position, ins.size);
    }
    w.finish()
}

/// The 3.11+ location writer fed one instruction at a time (its position and size in
/// bytes, contiguous from offset 0): the entries [`encode_canonical`] builds, in order,
/// to `emit`. Lets a caller check a table against positions it is still computing.
pub struct LocationWriter<F> {
    merge: bool,
    state: i32,
    /// The run of instructions sharing a position: its first index, position and size.
    run: Option<(usize, Position, u32)>,
    index: usize,
    error: Option<TableError>,
    emit: F,
}

impl<F: FnMut(LocationEntry)> LocationWriter<F> {
    /// A writer for `version` (3.11+) with line state `firstlineno`.
    pub fn new(version: Version, firstlineno: i32, emit: F) -> Self {
        LocationWriter {
            merge: version >= Version::V3_12,
            state: firstlineno,
            run: None,
            index: 0,
            error: None,
            emit,
        }
    }

    /// The next instruction.
    pub fn push(&mut self, position: Position, size: u32) {
        let i = self.index;
        self.index += 1;
        match &mut self.run {
            Some(r) if self.merge && r.1 == position => r.2 += size,
            _ => {
                if let Some(done) = self.run.replace((i, position, size)) {
                    self.flush(done);
                }
            }
        }
    }

    fn flush(&mut self, (i, pos, size): (usize, Position, u32)) {
        let mut units = size / 2;
        while units > 0 && self.error.is_none() {
            let n = units.min(8);
            match entry(pos, n as u8, &mut self.state) {
                Ok(e) => (self.emit)(e),
                Err(e) => self.error = Some(bad(i, e)),
            }
            units -= n;
        }
    }

    /// Write the last run; the first error, if any.
    pub fn finish(mut self) -> Result<(), TableError> {
        if let Some(done) = self.run.take() {
            self.flush(done);
        }
        self.error.map_or(Ok(()), Err)
    }
}

/// The form `write_location_info_entry` writes `units` code units at `pos` in,
/// given the line state `state` (updated); `None` where the writer fails. Lets a
/// caller check decoded entries one at a time.
pub fn canonical_entry(pos: Position, units: u8, state: &mut i32) -> Option<LocationForm> {
    entry(pos, units, state).ok().map(|e| e.form)
}

/// The form `write_location_info_entry` picks for one entry.
#[inline(always)]
fn entry(pos: Position, units: u8, state: &mut i32) -> Result<LocationEntry, String> {
    let mut e = LocationEntry::none(units);
    let Some(line) = pos.line else { return Ok(e) };
    let delta = i64::from(line) - i64::from(*state);
    let one_line = pos.end_line == Some(line);
    e.line = Some(line);
    e.end_line = pos.end_line;
    e.col = pos.col;
    e.end_col = pos.end_col;
    match (pos.col, pos.end_col) {
        (Some(c), Some(ec)) if one_line => {
            if delta == 0 && c < 80 && ec >= c && ec - c < 16 {
                e.form = LocationForm::Short;
                return Ok(e);
            }
            if (0..3).contains(&delta) && c < 128 && ec < 128 {
                e.form = LocationForm::OneLine;
                *state = line;
                return Ok(e);
            }
        }
        (Some(_), Some(_)) => {}
        _ if one_line || pos.end_line.is_none() => {
            e.form = LocationForm::NoColumn;
            e.end_line = Some(line);
            e.col = None;
            e.end_col = None;
            *state = line;
            return Ok(e);
        }
        _ => {}
    }
    match pos.end_line {
        Some(end) if end >= line => {}
        _ => return Err(format!("end line {:?} before line {line}", pos.end_line)),
    }
    e.form = LocationForm::Long;
    *state = line;
    Ok(e)
}
