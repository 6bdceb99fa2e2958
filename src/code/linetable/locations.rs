//! The 3.11+ location table (PEP 657; `InternalDocs/code_objects.md`,
//! `Objects/locations.md`): entries of 1 to 8 code units, each starting with a byte
//! `1 CCCC LLL` (form code `C`, length - 1 `L`).
//!
//! | code | form | payload |
//! | --- | --- | --- |
//! | 0-9 | short | one byte: column low 3 bits, width (column = code * 8 + ...) |
//! | 10-12 | one line | line += code - 10; column, end column bytes |
//! | 13 | no column | svarint line delta |
//! | 14 | long | svarint line delta, varint end-line delta, varint column + 1, varint end column + 1 |
//! | 15 | none | no location |
//!
//! Varints here are 6-bit groups, least significant first, 0x40 = more follows.

use super::error::{TableError, TableErrorKind, TableKind};
use super::{InstrPosition, LineRange, Position};

mod plain;

pub use plain::PlainEntry;

/// The form an entry is written in (the form code is derived: short = column / 8,
/// one-line = 10 + line delta).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocationForm {
    /// Codes 0-9: same line as the previous entry, column < 80, width < 16.
    Short,
    /// Codes 10-12: line delta 0-2, columns < 128.
    OneLine,
    /// Code 13: a line, no columns.
    NoColumn,
    /// Code 14: everything explicit.
    Long,
    /// Code 15: no location.
    None,
}

/// A decoded location table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    /// `co_firstlineno`: the line state before the first entry.
    pub firstlineno: i32,
    /// The entries, in table order.
    pub entries: Vec<LocationEntry>,
}

/// One entry: `units` code units sharing a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocationEntry {
    /// Length in code units, 1 to 8 (caches and EXTENDED_ARG included).
    pub units: u8,
    /// The form it is written in.
    pub form: LocationForm,
    /// Start line (`None` only for [`LocationForm::None`]).
    pub line: Option<i32>,
    /// End line.
    pub end_line: Option<i32>,
    /// Start column (0-based UTF-8 byte offset).
    pub col: Option<u32>,
    /// End column.
    pub end_col: Option<u32>,
}

impl LocationEntry {
    /// A short-form entry (codes 0-9) at `line`: `code` and byte `b` hold the columns.
    fn short(units: u8, line: i32, code: u8, b: u8) -> LocationEntry {
        let col = u32::from(code) * 8 + u32::from((b >> 4) & 7);
        LocationEntry {
            units,
            form: LocationForm::Short,
            line: Some(line),
            end_line: Some(line),
            col: Some(col),
            end_col: Some(col + u32::from(b & 15)),
        }
    }

    /// A one-line entry (codes 10-12) at `line`.
    fn one_line(units: u8, line: i32, col: u8, end_col: u8) -> LocationEntry {
        LocationEntry {
            units,
            form: LocationForm::OneLine,
            line: Some(line),
            end_line: Some(line),
            col: Some(col.into()),
            end_col: Some(end_col.into()),
        }
    }

    /// `units` code units without a position (the no-location form).
    pub fn none(units: u8) -> LocationEntry {
        LocationEntry {
            units,
            form: LocationForm::None,
            line: None,
            end_line: None,
            col: None,
            end_col: None,
        }
    }

    /// The form code, 0 to 15.
    pub fn code(&self, prev_line: i32) -> u8 {
        match self.form {
            LocationForm::Short => (self.col.unwrap_or(0) / 8).min(9) as u8,
            LocationForm::OneLine => {
                let d = i64::from(self.line.unwrap_or(prev_line)) - i64::from(prev_line);
                10 + d.clamp(0, 2) as u8
            }
            LocationForm::NoColumn => 13,
            LocationForm::Long => 14,
            LocationForm::None => 15,
        }
    }

    /// Append the entry's bytes to `out`; `line` is the line state before it (the
    /// previous entry's line), updated for the next one. Out-of-range fields are
    /// masked (see [`Locations::encode`]).
    pub fn encode_into(&self, line: &mut i32, out: &mut Vec<u8>) {
        let code = self.code(*line);
        out.push(0x80 | (code << 3) | (self.units.clamp(1, 8) - 1));
        let col = self.col.unwrap_or(0);
        let end_col = self.end_col.unwrap_or(0);
        let new_line = self.line.unwrap_or(*line);
        let dline = i64::from(new_line) - i64::from(*line);
        match self.form {
            LocationForm::Short => {
                out.push((((col & 7) as u8) << 4) | (end_col.wrapping_sub(col) & 15) as u8)
            }
            LocationForm::OneLine => {
                out.push((col & 0x7f) as u8);
                out.push((end_col & 0x7f) as u8);
            }
            LocationForm::NoColumn => write_svarint(out, dline),
            LocationForm::Long => {
                write_svarint(out, dline);
                let end = i64::from(self.end_line.unwrap_or(new_line)) - i64::from(new_line);
                write_varint(out, end.max(0) as u32);
                write_varint(out, self.col.map_or(0, |c| c.wrapping_add(1)));
                write_varint(out, self.end_col.map_or(0, |c| c.wrapping_add(1)));
            }
            LocationForm::None => {}
        }
        if !matches!(self.form, LocationForm::Short | LocationForm::None) {
            *line = new_line;
        }
    }

    /// The position, as CPython's decoder reports it (`co_positions()`): no
    /// conversion besides `-1` meaning `None`.
    pub fn position(&self) -> Position {
        let cvt_line = |v: Option<i32>| v.filter(|v| *v != -1);
        Position {
            line: cvt_line(self.line),
            end_line: cvt_line(self.end_line),
            col: self.col,
            end_col: self.end_col,
        }
    }
}

/// The entries of a table walked alongside ascending instruction offsets
/// ([`Locations::walk`]).
pub struct EntryWalk<'a> {
    entries: std::slice::Iter<'a, LocationEntry>,
    /// The entry covering units up to (not including) `end`, once reached.
    current: Option<&'a LocationEntry>,
    end: usize,
    /// Code units in `co_code`.
    units: usize,
}

impl EntryWalk<'_> {
    /// The position of the code unit at byte `offset`, which must not be below the
    /// previous one asked for; [`Position::NONE`] past the table or the code.
    pub fn position_at(&mut self, offset: u32) -> Position {
        let unit = offset as usize / 2;
        while self.end <= unit {
            self.current = self.entries.next();
            match self.current {
                Some(e) => self.end += usize::from(e.units),
                None => break,
            }
        }
        match self.current {
            Some(e) if unit < self.end && unit < self.units => e.position(),
            _ => Position::NONE,
        }
    }
}

/// Reads entries; every position is a byte offset within the table.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn err(&self, at: usize, kind: TableErrorKind) -> TableError {
        TableError::new(TableKind::Locations, at, kind)
    }

    /// A byte inside an entry (bit 7 clear).
    fn byte(&mut self, what: &'static str) -> Result<u8, TableError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.err(self.pos, TableErrorKind::Truncated(what)))?;
        if b & 0x80 != 0 {
            return Err(self.err(self.pos, TableErrorKind::UnexpectedEntryStart(b)));
        }
        self.pos += 1;
        Ok(b)
    }

    /// `Objects/codeobject.c: read_varint`; non-minimal forms are rejected.
    fn varint(&mut self, what: &'static str) -> Result<u32, TableError> {
        let start = self.pos;
        let (mut val, mut shift) = (0u64, 0u32);
        loop {
            let b = self.byte(what)?;
            val |= u64::from(b & 63) << shift;
            if val > u64::from(u32::MAX) || shift > 30 {
                return Err(self.err(start, TableErrorKind::VarintOverflow));
            }
            if b & 64 == 0 {
                if b == 0 && shift > 0 {
                    return Err(self.err(start, TableErrorKind::NonMinimalVarint));
                }
                return Ok(val as u32);
            }
            shift += 6;
        }
    }

    /// `read_signed_varint`; "minus zero" is rejected as non-minimal.
    fn svarint(&mut self, what: &'static str) -> Result<i64, TableError> {
        let start = self.pos;
        let u = self.varint(what)?;
        match u {
            1 => Err(self.err(start, TableErrorKind::NonMinimalVarint)),
            u if u & 1 == 1 => Ok(-i64::from(u >> 1)),
            u => Ok(i64::from(u >> 1)),
        }
    }
}

/// The entries of a location table one at a time ([`Locations::entries`]).
pub struct Entries<'a> {
    r: Reader<'a>,
    /// The line state.
    line: i32,
    failed: bool,
}

impl Entries<'_> {
    /// Whether reading stopped at an error (or, for
    /// [`next_plain`](Self::next_plain), at a negative line).
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The short and one-line forms (nearly every entry) when they are well formed;
    /// `None` leaves the entry to [`entry`](Self::entry), which also finds the errors.
    #[inline]
    fn common_entry(&mut self, first: u8) -> Option<LocationEntry> {
        let code = (first >> 3) & 15;
        if first & 0x80 == 0 || code > 12 {
            return None;
        }
        let units = (first & 7) + 1;
        let at = self.r.pos;
        if code <= 9 {
            let b = *self.r.bytes.get(at + 1).filter(|b| **b & 0x80 == 0)?;
            self.r.pos = at + 2;
            return Some(LocationEntry::short(units, self.line, code, b));
        }
        let &[col, end_col] = self.r.bytes.get(at + 1..at + 3)? else {
            return None;
        };
        let line = self.line.checked_add(i32::from(code - 10))?;
        if (col | end_col) & 0x80 != 0 {
            return None;
        }
        self.r.pos = at + 3;
        self.line = line;
        Some(LocationEntry::one_line(units, line, col, end_col))
    }

    #[inline]
    fn entry(&mut self, first: u8) -> Result<LocationEntry, TableError> {
        let at = self.r.pos;
        if first & 0x80 == 0 {
            return Err(self.r.err(at, TableErrorKind::MissingEntryStart(first)));
        }
        self.r.pos += 1;
        let code = (first >> 3) & 15;
        let units = (first & 7) + 1;
        let add = |line: i32, d: i64| {
            i32::try_from(i64::from(line) + d).map_err(|_| {
                TableError::new(TableKind::Locations, at, TableErrorKind::Overflow("line"))
            })
        };
        Ok(match code {
            0..=9 => {
                let b = self.r.byte("short-form entry")?;
                LocationEntry::short(units, self.line, code, b)
            }
            10..=12 => {
                self.line = add(self.line, i64::from(code - 10))?;
                let col = self.r.byte("one-line entry")?;
                let end_col = self.r.byte("one-line entry")?;
                LocationEntry::one_line(units, self.line, col, end_col)
            }
            13 => {
                self.line = add(self.line, self.r.svarint("no-column entry")?)?;
                LocationEntry {
                    units,
                    form: LocationForm::NoColumn,
                    line: Some(self.line),
                    end_line: Some(self.line),
                    col: None,
                    end_col: None,
                }
            }
            14 => {
                self.line = add(self.line, self.r.svarint("long-form entry")?)?;
                let end_line = add(self.line, i64::from(self.r.varint("long-form entry")?))?;
                let col = self.r.varint("long-form entry")?.checked_sub(1);
                let end_col = self.r.varint("long-form entry")?.checked_sub(1);
                LocationEntry {
                    units,
                    form: LocationForm::Long,
                    line: Some(self.line),
                    end_line: Some(end_line),
                    col,
                    end_col,
                }
            }
            _ => LocationEntry::none(units),
        })
    }
}

impl Iterator for Entries<'_> {
    type Item = Result<LocationEntry, TableError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let &first = self.r.bytes.get(self.r.pos)?;
        if let Some(e) = self.common_entry(first) {
            return Some(Ok(e));
        }
        let e = self.entry(first);
        self.failed = e.is_err();
        Some(e)
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 64 {
        out.push(0x40 | (v & 63) as u8);
        v >>= 6;
    }
    out.push(v as u8);
}

fn write_svarint(out: &mut Vec<u8>, v: i64) {
    let u = if v < 0 {
        (v.unsigned_abs() << 1) | 1
    } else {
        (v as u64) << 1
    };
    write_varint(out, u as u32);
}

impl Locations {
    /// Decode a location table. Errors: an entry not starting with bit 7 set, a byte
    /// with bit 7 set inside an entry, truncation, non-minimal or over-wide varints,
    /// line overflow.
    pub fn decode(bytes: &[u8], firstlineno: i32) -> Result<Locations, TableError> {
        // Most entries take two bytes.
        let mut entries = Vec::with_capacity(bytes.len() / 2 + 1);
        for e in Locations::entries(bytes, firstlineno) {
            entries.push(e?);
        }
        Ok(Locations {
            firstlineno,
            entries,
        })
    }

    /// The entries of a table one at a time, as [`decode`](Self::decode) reads them;
    /// nothing more after an error.
    pub fn entries(bytes: &[u8], firstlineno: i32) -> Entries<'_> {
        Entries {
            r: Reader { bytes, pos: 0 },
            line: firstlineno,
            failed: false,
        }
    }

    /// The table bytes (identical to the decoded ones). Entries that fail
    /// [`validate`](Self::validate) are written with out-of-range fields masked.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 2);
        let mut line = self.firstlineno;
        for e in &self.entries {
            e.encode_into(&mut line, &mut out);
        }
        out
    }

    /// Check every entry is what its form can express, given the line state; the
    /// error offset is the entry index.
    pub fn validate(&self) -> Result<(), TableError> {
        let mut line = self.firstlineno;
        for (i, e) in self.entries.iter().enumerate() {
            let bad = |what: &str| {
                Err(TableError::new(
                    TableKind::Positions,
                    i,
                    TableErrorKind::Invalid(format!("{:?} entry: {what}", e.form)),
                ))
            };
            if !(1..=8).contains(&e.units) {
                return bad("length must be 1 to 8 code units");
            }
            let one_line = e.line.is_some() && e.end_line == e.line;
            match (e.form, e.line) {
                (LocationForm::None, _) => {
                    if e.line.is_some()
                        || e.end_line.is_some()
                        || e.col.is_some()
                        || e.end_col.is_some()
                    {
                        return bad("must have no position");
                    }
                }
                (_, None) => return bad("needs a line"),
                (LocationForm::Short, Some(l)) => {
                    let (Some(c), Some(ec)) = (e.col, e.end_col) else {
                        return bad("needs columns");
                    };
                    if l != line || !one_line || c >= 80 || ec < c || ec - c >= 16 {
                        return bad("needs the previous line, column < 80, width 0-15");
                    }
                }
                (LocationForm::OneLine, Some(l)) => {
                    let d = i64::from(l) - i64::from(line);
                    let (Some(c), Some(ec)) = (e.col, e.end_col) else {
                        return bad("needs columns");
                    };
                    if !one_line || !(0..3).contains(&d) || c >= 128 || ec >= 128 {
                        return bad("needs line delta 0-2, one line, columns < 128");
                    }
                }
                (LocationForm::NoColumn, _) => {
                    if !one_line || e.col.is_some() || e.end_col.is_some() {
                        return bad("needs one line and no columns");
                    }
                }
                (LocationForm::Long, Some(l)) => {
                    if e.end_line.is_none_or(|el| el < l)
                        || e.col == Some(u32::MAX)
                        || e.end_col == Some(u32::MAX)
                        || i64::from(e.end_line.unwrap_or(l)) - i64::from(l) > i64::from(u32::MAX)
                    {
                        return bad("needs an end line >= line, columns < u32::MAX");
                    }
                }
            }
            if !matches!(e.form, LocationForm::Short | LocationForm::None) {
                line = e.line.unwrap_or(line);
            }
        }
        Ok(())
    }

    /// `code.co_positions()`: one position per code unit the table covers.
    pub fn unit_positions(&self) -> Vec<Position> {
        self.entries
            .iter()
            .flat_map(|e| std::iter::repeat_n(e.position(), usize::from(e.units)))
            .collect()
    }

    /// [`LineTable::instruction_positions`](super::LineTable::instruction_positions)
    /// of a `code_len`-byte `co_code`: the position of each instruction's first unit,
    /// found by walking the entries alongside the (ascending) instructions.
    pub fn instruction_positions(
        &self,
        instrs: &[(u32, u32)],
        code_len: usize,
    ) -> Vec<InstrPosition> {
        let mut walk = self.walk(code_len);
        instrs
            .iter()
            .map(|&(offset, size)| InstrPosition {
                offset,
                size,
                position: walk.position_at(offset),
                starts_line: false,
            })
            .collect()
    }

    /// A walk over the entries for ascending byte offsets of a `code_len`-byte
    /// `co_code`.
    pub fn walk(&self, code_len: usize) -> EntryWalk<'_> {
        EntryWalk {
            entries: self.entries.iter(),
            current: None,
            end: 0,
            units: code_len / 2,
        }
    }

    /// One position per code unit of a `code_len`-byte `co_code`; units the table
    /// does not cover get [`Position::NONE`] (`PyCode_Addr2Location` says -1).
    pub fn positions(&self, code_len: usize) -> Vec<Position> {
        let mut out = self.unit_positions();
        out.resize(code_len / 2, Position::NONE);
        out
    }

    /// 3.11 `code.co_lines()` (`Objects/codeobject.c: lineiter_next`): one byte range
    /// per entry; a line of -1 is `None`.
    pub fn entry_ranges(&self) -> Vec<LineRange> {
        self.ranges(false)
    }

    /// 3.12+ `code.co_lines()` (`Objects/codeobject.c: lineiter_next`): byte ranges,
    /// consecutive entries with the same line merged; a line of -1 is `None`.
    pub fn line_ranges(&self) -> Vec<LineRange> {
        self.ranges(true)
    }

    fn ranges(&self, merge: bool) -> Vec<LineRange> {
        let mut out: Vec<LineRange> = Vec::new();
        let mut at = 0u32;
        let mut state = self.firstlineno;
        for e in &self.entries {
            // The line an address range reports: -1 for no location.
            let line = match e.form {
                LocationForm::None => -1,
                _ => e.line.unwrap_or(state),
            };
            if e.form != LocationForm::None {
                state = line;
            }
            let end = at.saturating_add(2 * u32::from(e.units));
            match out.last_mut() {
                Some(r) if merge && r.line.unwrap_or(-1) == line => r.end = end,
                _ => out.push(LineRange {
                    start: at,
                    end,
                    line: (line != -1).then_some(line),
                }),
            }
            at = end;
        }
        out
    }
}
