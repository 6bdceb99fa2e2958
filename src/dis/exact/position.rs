//! The position prefixes `dis` prints before instructions, and whether CPython's
//! encoder, given the printed positions, writes the file's line table (else
//! `.linetable` keeps its bytes). From 3.12 the usual table is decided by a walk over
//! its entries (`merged_positions`); 3.11, unusual tables and the older line tables
//! by walks over the instructions.

use crate::code::instr::Decoded;
use crate::code::linetable::{
    is_canonical, InstrPosition, LineTable, LocationWriter, Locations, PlainEntry, Position,
};
use crate::code::Code;
use crate::version::{LineTableFormat, Version};

use text::{write_text, Room, ROOM};

mod text;

/// The position prefixes of a block.
pub struct Positions {
    /// The texts of all prefixes, each followed by spaces up to at least
    /// [`STRIDE`] bytes from its start or one byte past its end, and by at least
    /// [`CHUNK`](super::super::line::CHUNK) bytes (see [`super::super::line`]: a copy
    /// of up to `widest + 1` bytes is padded).
    text: Vec<u8>,
    /// Per instruction, where its prefix starts in `text` and its length (0: none).
    spans: Vec<(u32, u32)>,
    /// The longest prefix.
    widest: usize,
    /// Whether CPython's encoder, given the printed positions, writes `co_linetable`
    /// (`co_lnotab`) exactly; if not, `.linetable` carries the bytes.
    pub exact: bool,
}

impl Positions {
    /// The buffer of prefix texts.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// Where the prefix of instruction `k` starts in [`text`](Self::text), and its
    /// length (0 when it has none). The text has spaces after it up to
    /// `widest().min(16) + 1` bytes from its start.
    #[inline]
    pub fn span(&self, k: usize) -> (usize, usize) {
        self.spans
            .get(k)
            .map_or((0, 0), |&(at, len)| (at as usize, len as usize))
    }

    /// The widest prefix.
    pub fn widest(&self) -> usize {
        self.widest
    }

    /// The buffers, for the next block's [`positions`].
    pub fn into_buffers(self) -> PrefixBuffers {
        PrefixBuffers {
            text: self.text,
            spans: self.spans,
        }
    }
}

/// The buffers of [`Positions`], reused from block to block.
#[derive(Default)]
pub struct PrefixBuffers {
    text: Vec<u8>,
    spans: Vec<(u32, u32)>,
}

/// The fields of a printed position: line, end line, column, end column, each
/// [`PlainEntry::NO`] when absent.
type Fields = [u32; 4];

/// [`Fields`] of a position [`printable`] returned (no negative line).
fn fields(p: Position) -> Fields {
    let line = |l: Option<i32>| l.and_then(|l| u32::try_from(l).ok());
    [
        line(p.line).unwrap_or(PlainEntry::NO),
        line(p.end_line).unwrap_or(PlainEntry::NO),
        p.col.unwrap_or(PlainEntry::NO),
        p.end_col.unwrap_or(PlainEntry::NO),
    ]
}

/// The bytes from a prefix's start to the next one's at least: a prefix of up to 16
/// bytes (the widest the block pads to) and a space.
const STRIDE: usize = 17;

/// [`Positions`] as they are built.
struct Prefixes {
    /// At least a [`Room`] from `end` on.
    text: Vec<u8>,
    /// Where the next prefix starts.
    end: usize,
    spans: Vec<(u32, u32)>,
    widest: usize,
}

impl Prefixes {
    fn new(buffers: PrefixBuffers, instructions: usize) -> Prefixes {
        let PrefixBuffers {
            mut text,
            mut spans,
        } = buffers;
        // Room for a prefix of up to 16 bytes per instruction (few are longer). What
        // an earlier block wrote stays: each prefix writes its own spaces.
        let room = STRIDE * instructions + ROOM.len();
        if text.len() < room {
            text.resize(room, b' ');
        }
        spans.clear();
        spans.resize(instructions, (0, 0));
        Prefixes {
            text,
            end: 0,
            spans,
            widest: 0,
        }
    }

    /// Write the text of `f` as the prefix of instruction `k` (after the last one
    /// given a prefix).
    #[inline(always)]
    fn put(&mut self, k: usize, f: Fields) {
        let at = self.end;
        if self.text.len() < at + ROOM.len() {
            self.grow();
        }
        let len = match self
            .text
            .get_mut(at..at + ROOM.len())
            .map(<&mut Room>::try_from)
        {
            Some(Ok(room)) => write_text(room, f),
            _ => 0,
        };
        self.end = at + len.max(STRIDE - 1) + 1;
        self.widest = self.widest.max(len);
        if let Some(span) = self.spans.get_mut(k) {
            *span = (at as u32, len as u32);
        }
    }

    /// More room after `end` (after prefixes longer than 16 bytes).
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let len = self.text.len().max(self.end + ROOM.len());
        self.text.resize(2 * len, b' ');
    }

    /// The positions.
    fn finish(self, exact: bool) -> Positions {
        Positions {
            text: self.text,
            spans: self.spans,
            widest: self.widest,
            exact,
        }
    }
}

/// The position the assembler reads back from the text printed for `p`: `p` itself
/// when the language can spell it, else something near (the line table check then
/// fails and `.linetable` keeps the bytes). Negative lines and an end line before the
/// line cannot be spelled.
fn printable(version: Version, p: Position) -> Position {
    let Some(line) = p.line.filter(|l| *l >= 0) else {
        return Position::NONE;
    };
    if version < Version::V3_11 {
        return Position::line(Some(line));
    }
    Position {
        line: Some(line),
        end_line: Some(p.end_line.filter(|e| *e >= line).unwrap_or(line)),
        col: p.col,
        end_col: p.end_col,
    }
}

/// The prefixes to print: up to 3.9 where the table starts a line (`starts_line`,
/// which the language marks with a prefix even when the line does not change) and on
/// the first instruction; from 3.10 at the first instruction and wherever the position changes.
pub fn positions(code: &Code, instrs: &[Decoded], buffers: PrefixBuffers) -> Positions {
    let v = code.version;
    if v.line_table_format() == LineTableFormat::Locations {
        return location_positions(code, instrs, buffers);
    }
    let spans: Vec<(u32, u32)> = instrs.iter().map(|i| (i.offset, i.size(v))).collect();
    let table = LineTable::decode(v.line_table_format(), &code.linetable, code.firstlineno);
    // The positions in the table, then in place the ones the text gives back.
    let mut view: Vec<InstrPosition> = match &table {
        Ok(t) => t.instruction_positions(&spans),
        Err(_) => spans
            .iter()
            .map(|&(offset, size)| InstrPosition {
                offset,
                size,
                position: Position::NONE,
                starts_line: false,
            })
            .collect(),
    };
    let mut out = Prefixes::new(buffers, view.len());
    let mut current: Option<Position> = None;
    for (k, p) in view.iter_mut().enumerate() {
        let meaning = printable(v, p.position);
        // Up to 3.9 the first instruction's line is co_firstlineno without a table
        // entry; `dis.findlinestarts` reports it, and the encoder writes nothing for
        // it (no offset or line delta), so printing it is exact too.
        let print = if v < Version::V3_10 {
            p.starts_line || k == 0
        } else {
            current != Some(meaning)
        };
        if print {
            current = Some(meaning);
            out.put(k, fields(meaning));
        }
        p.position = current.unwrap_or(Position::NONE);
        p.starts_line = print && v < Version::V3_10;
    }
    let exact = table.is_ok() && is_canonical(v, code.firstlineno, &view, &code.linetable);
    out.finish(exact)
}

/// [`positions`] from 3.11, in one pass: the location entries are walked alongside the
/// instructions, and the entries CPython's writer makes of the printed positions are
/// compared with the decoded ones as they come (the decoder rejects every other
/// spelling of an entry, so equal entries are equal bytes).
fn location_positions(code: &Code, instrs: &[Decoded], buffers: PrefixBuffers) -> Positions {
    let mut out = Prefixes::new(buffers, instrs.len());
    if let Some(exact) = merged_positions(code, instrs, &mut out) {
        return out.finish(exact);
    }
    // Start again (the walk may have written some prefixes).
    let mut out = Prefixes::new(out.finish(false).into_buffers(), instrs.len());
    let v = code.version;
    let table = Locations::decode(&code.linetable, code.firstlineno);
    let empty = Locations {
        firstlineno: code.firstlineno,
        entries: Vec::new(),
    };
    let decoded = table.as_ref().unwrap_or(&empty);
    let mut expected = decoded.entries.iter();
    let mut same = table.is_ok();
    let mut writer = LocationWriter::new(v, code.firstlineno, |e| {
        same &= expected.next() == Some(&e);
    });
    let mut walk = decoded.walk(code.code.len());
    let mut current: Option<Position> = None;
    for (k, ins) in instrs.iter().enumerate() {
        let position = walk.position_at(ins.offset);
        let meaning = printable(v, position);
        if current != Some(meaning) {
            current = Some(meaning);
            out.put(k, fields(meaning));
        }
        writer.push(meaning, ins.size(v));
    }
    let written = writer.finish().is_ok();
    let exact = written && same && expected.next().is_none();
    out.finish(exact)
}

/// [`location_positions`] from 3.12 (where the writer merges instructions sharing a
/// position), walking the entries as they are decoded instead of the instructions,
/// for the usual table: it decodes, no line is negative (so every position is
/// printable as it is), a position changes only where an instruction starts, and
/// the entries cover the code exactly. Then the instructions sharing a position are
/// exactly the runs of entries sharing it, each printed once, and the writer's
/// entries for a run are chunks of 8 units and a last one of 1 to 8, each in the
/// entry's own form ([`PlainEntry::canonical`]). `None` for other tables (the
/// general walk decides them).
fn merged_positions(code: &Code, instrs: &[Decoded], out: &mut Prefixes) -> Option<bool> {
    if code.version < Version::V3_12 {
        return None;
    }
    let mut entries = Locations::entries(&code.linetable, code.firstlineno);
    let mut exact = true;
    // The next instruction without a prefix, and where the next entry starts (in
    // code units).
    let (mut k, mut unit) = (0usize, 0usize);
    // The offset of instruction `k`; past the last `usize::MAX` (odd, so never `2 * unit`).
    let offset = |k: usize| instrs.get(k).map_or(usize::MAX, |ins| ins.offset as usize);
    let mut next = offset(0);
    let mut pending = entries.next_plain();
    while let Some(first) = pending {
        if next != 2 * unit {
            return None;
        }
        exact &= first.canonical;
        let mut prev_units = first.units;
        unit += usize::from(first.units);
        pending = entries.next_plain();
        while let Some(e) = pending {
            if !e.same_place(&first) {
                break;
            }
            exact &= prev_units == 8 && e.canonical;
            prev_units = e.units;
            unit += usize::from(e.units);
            pending = entries.next_plain();
        }
        // The run's first instruction starts the entry (checked above).
        out.put(k, [first.line, first.end_line, first.col, first.end_col]);
        k += 1;
        next = offset(k);
        while next < 2 * unit {
            k += 1;
            next = offset(k);
        }
    }
    if entries.failed() || k < instrs.len() || 2 * unit != code.code.len() {
        return None;
    }
    Some(exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dis::line::CHUNK;

    /// Each prefix is followed by the spaces the line writer copies with it.
    fn assert_padded(t: &Positions, n: usize) {
        for k in 0..n {
            let (at, len) = t.span(k);
            if len > 0 {
                let padded = (len + 1).max(STRIDE);
                assert!(t.text()[at + len..at + padded].iter().all(|b| *b == b' '));
                assert!(t.text().len() >= at + len + CHUNK);
            }
        }
    }

    #[test]
    fn spans_and_widest() {
        const NO: u32 = PlainEntry::NO;
        let mut p = Prefixes::new(PrefixBuffers::default(), 4);
        p.put(0, [12, 12, 4, 20]);
        p.put(2, [1234, 1240, NO, 8]);
        let t = p.finish(true);
        assert_eq!(t.span(0), (0, 7));
        assert_eq!(t.span(1), (0, 0));
        assert_eq!(t.span(2), (STRIDE, 13));
        assert_eq!(t.span(3), (0, 0));
        assert_eq!(t.span(4), (0, 0));
        assert_eq!(&t.text()[..STRIDE], b"12:4-20          ");
        assert_eq!(&t.text()[STRIDE..STRIDE + 13], b"1234-1240:?-8");
        assert_padded(&t, 4);
        assert_eq!(t.widest(), 13);

        // The buffers again, for prefixes longer than their share of room.
        let long = [2_147_483_647, NO, 4_294_967_294, 4_000_000_000];
        let mut p = Prefixes::new(t.into_buffers(), 3);
        for k in 0..3 {
            p.put(k, long);
        }
        let t = p.finish(false);
        for k in 0..3 {
            let (at, len) = t.span(k);
            assert_eq!(len, 32);
            assert_eq!(&t.text()[at..at + len], b"2147483647:4294967294-4000000000");
        }
        assert_padded(&t, 3);
        assert_eq!(t.widest(), 32);

        // Short prefixes over the long ones' texts.
        let mut p = Prefixes::new(t.into_buffers(), 3);
        p.put(1, [3, 3, NO, NO]);
        p.put(2, [NO, NO, NO, NO]);
        let t = p.finish(true);
        assert_eq!(t.span(0), (0, 0));
        assert_eq!(t.span(1), (0, 1));
        assert_eq!(t.span(2), (STRIDE, 1));
        assert_eq!(
            &t.text()[..2 * STRIDE],
            b"3                -                "
        );
        assert_padded(&t, 3);
        assert_eq!(t.widest(), 1);
    }
}
