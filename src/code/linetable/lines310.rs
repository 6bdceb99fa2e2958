//! The 3.10 `co_linetable` (PEP 626): pairs `(byte delta: u8, line delta: i8)`, a
//! line delta of -128 meaning "no line" (`Objects/lnotab_notes.txt`, 3.10).
//!
//! One [`Lines310Entry`] is one range written by CPython's writer (`Python/compile.c:
//! assemble_line_range`), which emits `(0, ±127)` pairs for a large line delta and
//! splits a range longer than 254 bytes into `(254, delta), (254, 0)..., (rest, 0)`
//! (`-128` instead of `0` for "no line"). As for `co_lnotab`, the decoder merges pairs
//! exactly when that writer would produce them from the merged entry, longest first.
//! A `(0, delta)` pair that is not such a prefix is a zero-length entry.
//!
//! Hand-built entries round-trip (`decode(encode(t)) == t`) unless one could fuse
//! with the next: a range of a multiple of 254 bytes, or a zero-length entry with a
//! line delta of exactly ±127, followed by what the writer would have continued with.

use super::error::{TableError, TableErrorKind, TableKind};
use super::pairs::{read_pairs, Pairs, Shape};
use super::{LineRange, Position};

/// The "no line" line delta.
const NO_LINE: u8 = 0x80;

/// A decoded 3.10 `co_linetable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines310 {
    /// `co_firstlineno`: the line state before the first entry.
    pub firstlineno: i32,
    /// The ranges, in table order; each starts where the previous ended.
    pub entries: Vec<Lines310Entry>,
}

/// One range `[start, end)` of byte offsets and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines310Entry {
    /// First byte offset.
    pub start: u32,
    /// End byte offset (exclusive); equal to `start` for a line-only entry.
    pub end: u32,
    /// The line (the running line state), `None` for a "no line" (-128) range.
    pub line: Option<i32>,
}

/// The pairs CPython's `assemble_line_range` writes for one range.
fn shape(bytes: u64, line: Option<i64>) -> Shape {
    let mut s = Shape::default();
    let (first, rest) = match line {
        Some(mut l) => {
            if l > 127 {
                let q = (l - 127 + 126) / 127;
                s.push([0, 127], q as u64);
                l -= 127 * q;
            } else if l < -127 {
                let q = (-127 - l + 126) / 127;
                s.push([0, (-127i8) as u8], q as u64);
                l += 127 * q;
            }
            (l as u8, 0u8)
        }
        None => (NO_LINE, NO_LINE),
    };
    if bytes > 254 {
        let t = (bytes - 1) / 254;
        s.push([254, first], 1);
        s.push([254, rest], t - 1);
        s.push([(bytes - 254 * t) as u8, rest], 1);
    } else {
        s.push([bytes as u8, first], 1);
    }
    s
}

fn delta(b: u8) -> Option<i64> {
    (b != NO_LINE).then_some(i64::from(b as i8))
}

/// The longest group of pairs starting at `i` that one writer call produces:
/// `(pair count, byte delta, line delta)`.
fn group(p: &Pairs, i: u64) -> Option<(u64, u64, Option<i64>)> {
    let first = p.get(i)?;
    let prefix = match first {
        [0, 127] | [0, 0x81] => p.run_of(i, first),
        _ => 0,
    };
    let k = i64::from(first[1] as i8);
    let mut best: Option<(u64, u64, Option<i64>)> = None;
    let mut consider = |len: u64, bytes: u64, line: Option<i64>, s: &Shape| {
        if best.is_none_or(|b| len > b.0) && shape(bytes, line) == *s {
            best = Some((len, bytes, line));
        }
    };
    for q in [prefix, prefix.saturating_sub(1)] {
        let j = i + q;
        let Some(t) = p.get(j) else { continue };
        let line = match (q, delta(t[1])) {
            (0, d) => d,
            (_, Some(d)) => Some(k * q as i64 + d),
            (_, None) => continue,
        };
        let mut head = Shape::default();
        head.push(first, q);
        head.push(t, 1);
        consider(q + 1, u64::from(t[0]), line, &head);
        if t[0] == 254 {
            let z = if line.is_some() { 0 } else { NO_LINE };
            let m = p.run_of(j + 1, [254, z]);
            let mut s = head.clone();
            s.push([254, z], m);
            consider(q + 1 + m, 254 * (1 + m), line, &s);
            if let Some(f) = p
                .get(j + 1 + m)
                .filter(|f| f[1] == z && (1..254).contains(&f[0]))
            {
                s.push(f, 1);
                consider(q + 2 + m, 254 * (1 + m) + u64::from(f[0]), line, &s);
            }
        }
    }
    best
}

impl Lines310 {
    /// Decode a 3.10 `co_linetable`. Fails on an odd length, a byte delta of 255 (no
    /// writer emits one: CPython caps ranges at 254 bytes, and a single pair
    /// `(255, d)` could not be re-encoded as it stands), or a line/offset overflow.
    pub fn decode(bytes: &[u8], firstlineno: i32) -> Result<Lines310, TableError> {
        let p = Pairs::new(read_pairs(bytes, TableKind::Linetable310)?);
        let err = |i: u64, kind| TableError::new(TableKind::Linetable310, (2 * i) as usize, kind);
        let mut entries = Vec::new();
        let (mut end, mut line) = (0u32, firstlineno);
        let mut i = 0u64;
        while i < p.pairs.len() as u64 {
            let Some((n, bytes, dline)) = group(&p, i) else {
                return Err(err(
                    i,
                    TableErrorKind::Invalid(
                        "byte delta 255: CPython 3.10 splits ranges at 254 bytes".into(),
                    ),
                ));
            };
            let start = end;
            end = u32::try_from(u64::from(start) + bytes)
                .map_err(|_| err(i, TableErrorKind::Overflow("offset")))?;
            if let Some(d) = dline {
                line = i32::try_from(i64::from(line) + d)
                    .map_err(|_| err(i, TableErrorKind::Overflow("line")))?;
            }
            entries.push(Lines310Entry {
                start,
                end,
                line: dline.map(|_| line),
            });
            i += n;
        }
        Ok(Lines310 {
            firstlineno,
            entries,
        })
    }

    /// The table bytes (identical to the decoded ones). Entries that fail
    /// [`validate`](Self::validate) are written with their lengths clamped at 0.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 2);
        let mut line = self.firstlineno;
        for e in &self.entries {
            let bytes = u64::from(e.end.saturating_sub(e.start));
            let d = e.line.map(|l| i64::from(l) - i64::from(line));
            shape(bytes, d).write(&mut out);
            if let Some(l) = e.line {
                line = l;
            }
        }
        out
    }

    /// Check the entries can be encoded: each starts where the previous ended (the
    /// first at 0) and does not end before it starts. The error offset is the entry
    /// index.
    pub fn validate(&self) -> Result<(), TableError> {
        let mut at = 0u32;
        for (i, e) in self.entries.iter().enumerate() {
            if e.start != at || e.end < e.start {
                return Err(TableError::new(
                    TableKind::Positions,
                    i,
                    TableErrorKind::Invalid(format!(
                        "range {}..{} does not continue at {at}",
                        e.start, e.end
                    )),
                ));
            }
            at = e.end;
        }
        Ok(())
    }

    /// `code.co_lines()` (`Objects/codeobject.c: lineiter_next`, 3.10): the non-empty
    /// ranges, unmerged; a negative line is reported as `None`.
    pub fn line_ranges(&self) -> Vec<LineRange> {
        self.entries
            .iter()
            .filter(|e| e.end > e.start)
            .map(|e| LineRange {
                start: e.start,
                end: e.end,
                line: e.line.filter(|l| *l >= 0),
            })
            .collect()
    }

    /// One position per two-byte code unit of a `code_len`-byte `co_code` (the line
    /// only; `None` where no range covers the unit, as `PyCode_Addr2Line` says -1).
    pub fn positions(&self, code_len: usize) -> Vec<Position> {
        let mut out = vec![Position::NONE; code_len / 2];
        for r in self.line_ranges() {
            let a = (r.start as usize / 2).min(out.len());
            let b = (r.end as usize).div_ceil(2).min(out.len());
            out[a..b.max(a)].fill(Position::line(r.line));
        }
        out
    }
}
