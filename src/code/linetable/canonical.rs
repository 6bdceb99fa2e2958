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
    Ok(match version.line_table_format() {
        LineTableFormat::LnotabUnsigned | LineTableFormat::LnotabSigned => {
            LineTable::Lnotab(lnotab(version, firstlineno, instrs)?)
        }
        LineTableFormat::Linetable310 => LineTable::Lines310(lines310(firstlineno, instrs, at)),
        LineTableFormat::Locations => {
            LineTable::Locations(locations(version, firstlineno, instrs)?)
        }
    })
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

/// `assemble_location_info` + `write_location_info_entry` (3.11+).
fn locations(
    version: Version,
    firstlineno: i32,
    instrs: &[InstrPosition],
) -> Result<Locations, TableError> {
    let mut runs: Vec<(usize, Position, u32)> = Vec::new();
    for (i, ins) in instrs.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if version >= Version::V3_12 && run.1 == ins.position => run.2 += ins.size,
            _ => runs.push((i, ins.position, ins.size)),
        }
    }
    let mut entries = Vec::new();
    let mut state = firstlineno;
    for (i, pos, size) in runs {
        let mut units = size / 2;
        while units > 0 {
            let n = units.min(8);
            entries.push(entry(pos, n as u8, &mut state).map_err(|e| bad(i, e))?);
            units -= n;
        }
    }
    Ok(Locations {
        firstlineno,
        entries,
    })
}

/// The form `write_location_info_entry` picks for one entry.
fn entry(pos: Position, units: u8, state: &mut i32) -> Result<LocationEntry, String> {
    let mut e = LocationEntry {
        units,
        form: LocationForm::None,
        line: None,
        end_line: None,
        col: None,
        end_col: None,
    };
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
