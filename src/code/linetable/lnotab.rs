//! `co_lnotab`, 2.7 to 3.9: pairs `(address increment: u8, line increment)`, the line
//! increment unsigned in 2.7 and signed from 3.6 (`Objects/lnotab_notes.txt`).
//!
//! One [`LnotabEntry`] is one call of CPython's writer (`Python/compile.c:
//! assemble_lnotab`), which splits a large address increment into `(255, 0)` pairs and
//! a large line increment into `(addr, k), (0, k)..., (0, rest)` pairs (`k` = 255 in
//! 2.7, 127 or -128 from 3.6). The decoder merges consecutive pairs into one entry
//! exactly when that writer, given the merged increments, would write those same pairs
//! (longest such run first); every other pair is an entry of its own. So
//! `encode(decode(bytes)) == bytes` for every table.
//!
//! Hand-built entries round-trip (`decode(encode(t)) == t`) unless one could fuse
//! with the next: an address increment of exactly 255 with no line change, or a line
//! increment of exactly the continuation value (255 in 2.7, 127 or -128 later),
//! followed by what the writer would have continued with. Bytes always round-trip.

use super::error::{TableError, TableErrorKind, TableKind};
use super::pairs::{read_pairs, Pair, Pairs, Shape};
use super::Position;

/// A decoded `co_lnotab`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lnotab {
    /// True from 3.6 (signed line increments).
    pub signed: bool,
    /// `co_firstlineno`: the line at offset 0 before any entry.
    pub firstlineno: i32,
    /// The line events, in table order.
    pub entries: Vec<LnotabEntry>,
}

/// One line event: from byte `offset` on, the line is `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LnotabEntry {
    /// Byte offset into `co_code` (non-decreasing along the table).
    pub offset: u32,
    /// The line from this offset on.
    pub line: i32,
}

/// The pairs CPython's `assemble_lnotab` writes for one increment.
fn shape(addr: u64, line: i64, signed: bool) -> Shape {
    let mut s = Shape::default();
    let mut a = addr;
    if a > 255 {
        s.push([255, 0], a / 255);
        a %= 255;
    }
    let mut l = line;
    let out_of_range = if signed {
        !(-128..=127).contains(&l)
    } else {
        l > 255
    };
    if out_of_range {
        let (k, n) = if l < 0 {
            (-128i64, (-l) / 128)
        } else if signed {
            (127, l / 127)
        } else {
            (255, l / 255)
        };
        l -= k * n;
        s.push([a as u8, k as u8], 1);
        s.push([0, k as u8], (n - 1) as u64);
        a = 0;
    }
    // Unencodable values (a negative 2.7 increment) wrap; `validate` reports them.
    s.push([a as u8, l as u8], 1);
    s
}

/// The line increment a stored byte means.
fn line_incr(b: u8, signed: bool) -> i64 {
    if signed {
        i64::from(b as i8)
    } else {
        i64::from(b)
    }
}

/// The longest group of pairs starting at `i` that one writer call produces:
/// `(pair count, address increment, line increment)`.
fn group(p: &Pairs, i: u64, signed: bool) -> Option<(u64, u64, i64)> {
    let run = p.run_of(i, [255, 0]);
    let j = i + run;
    if let Some(t) = p.get(j) {
        let addr = 255 * run + u64::from(t[0]);
        let l0 = line_incr(t[1], signed);
        let mut head = Shape::default();
        head.push([255, 0], run);
        head.push(t, 1);
        let is_k = if signed {
            l0 == 127 || l0 == -128
        } else {
            l0 == 255
        };
        if is_k {
            let cont: Pair = [0, t[1]];
            let m = p.run_of(j + 1, cont);
            if let Some(last) = p.get(j + 1 + m).filter(|f| f[0] == 0) {
                let mut s = head.clone();
                s.push(cont, m);
                s.push(last, 1);
                let line = l0 * (1 + m as i64) + line_incr(last[1], signed);
                if shape(addr, line, signed) == s {
                    return Some((run + m + 2, addr, line));
                }
            }
        }
        if shape(addr, l0, signed) == head {
            return Some((run + 1, addr, l0));
        }
    }
    // Any single pair is what the writer emits for its own increments.
    p.get(i)
        .map(|t| (1, u64::from(t[0]), line_incr(t[1], signed)))
}

impl Lnotab {
    /// Decode a `co_lnotab`. Fails only on an odd length or a line/offset that leaves
    /// the 32-bit range.
    pub fn decode(bytes: &[u8], signed: bool, firstlineno: i32) -> Result<Lnotab, TableError> {
        let p = Pairs::new(read_pairs(bytes, TableKind::Lnotab)?);
        let overflow = |i: u64, what| {
            TableError::new(
                TableKind::Lnotab,
                (2 * i) as usize,
                TableErrorKind::Overflow(what),
            )
        };
        let mut entries = Vec::new();
        let (mut offset, mut line) = (0u32, firstlineno);
        let mut i = 0u64;
        while let Some((n, addr, dline)) = group(&p, i, signed) {
            offset = u32::try_from(u64::from(offset) + addr).map_err(|_| overflow(i, "offset"))?;
            line = i32::try_from(i64::from(line) + dline).map_err(|_| overflow(i, "line"))?;
            entries.push(LnotabEntry { offset, line });
            i += n;
        }
        Ok(Lnotab {
            signed,
            firstlineno,
            entries,
        })
    }

    /// The table bytes (identical to the decoded ones). Entries that fail
    /// [`validate`](Self::validate) are written as CPython would wrap them.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 2);
        let (mut offset, mut line) = (0u32, self.firstlineno);
        for e in &self.entries {
            let addr = u64::from(e.offset.saturating_sub(offset));
            shape(addr, i64::from(e.line) - i64::from(line), self.signed).write(&mut out);
            offset = offset.max(e.offset);
            line = e.line;
        }
        out
    }

    /// Check the entries can be encoded: offsets never decrease, and (2.7) lines never
    /// decrease. The offset in an error is the entry index.
    pub fn validate(&self) -> Result<(), TableError> {
        let (mut offset, mut line) = (0u32, self.firstlineno);
        for (i, e) in self.entries.iter().enumerate() {
            let bad = |what: String| {
                Err(TableError::new(
                    TableKind::Positions,
                    i,
                    TableErrorKind::Invalid(what),
                ))
            };
            if e.offset < offset {
                return bad(format!("offset {} goes back from {offset}", e.offset));
            }
            if !self.signed && e.line < line {
                return bad(format!(
                    "line {} goes back from {line} (2.7 increments are unsigned)",
                    e.line
                ));
            }
            offset = e.offset;
            line = e.line;
        }
        Ok(())
    }

    /// The line of the instruction at byte `offset`, as `PyCode_Addr2Line` computes
    /// it (`Objects/codeobject.c`, up to 3.9).
    pub fn line_at(&self, offset: u32) -> i32 {
        self.entries
            .iter()
            .take_while(|e| e.offset <= offset)
            .last()
            .map_or(self.firstlineno, |e| e.line)
    }

    /// `dis.findlinestarts` (`Lib/dis.py`, 2.7-3.9): `(offset, line)` where the line
    /// changes. 3.8 and 3.9 additionally drop every start at or beyond `len(co_code)`.
    pub fn line_starts(&self) -> Vec<(u32, i32)> {
        let mut out = Vec::new();
        let mut last = None;
        let (mut addr, mut line) = (0u32, self.firstlineno);
        for e in &self.entries {
            if e.offset > addr {
                if last != Some(line) {
                    out.push((addr, line));
                    last = Some(line);
                }
                addr = e.offset;
            }
            line = e.line;
        }
        if last != Some(line) {
            out.push((addr, line));
        }
        out
    }

    /// One position per code unit (a byte in 2.7, two bytes from 3.6) of a `code_len`
    /// byte `co_code`: the line only.
    pub fn positions(&self, code_len: usize) -> Vec<Position> {
        let unit = if self.signed { 2 } else { 1 };
        let mut out = Vec::with_capacity(code_len / unit);
        let mut next = self.entries.iter().peekable();
        let mut line = self.firstlineno;
        for u in 0..code_len / unit {
            let off = (u * unit) as u64;
            while let Some(e) = next.next_if(|e| u64::from(e.offset) <= off) {
                line = e.line;
            }
            out.push(Position::line(Some(line)));
        }
        out
    }
}
