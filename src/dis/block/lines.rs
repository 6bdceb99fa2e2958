//! The instruction lines of a block (labels included), written through a
//! [`Cursor`] into the output lengthened ahead.

use std::cell::Cell;

use super::{min_ext, push_hex, Block, Scan, Table, OPNAME_WIDTH, POSITION_WIDTH};
use crate::code::instr::Decoded;
use crate::dis::exact::Positions;
use crate::dis::line::{Cursor, OpNames, CHUNK};
use crate::dis::operand::{Arg, Suffix};
use crate::version::Version;

/// The bytes of a position prefix copied at once: [`Positions`] keeps spaces after
/// each prefix up to 17 bytes from its start, and the column is `min(widest, 16) +
/// 1` wide, so a prefix shorter than 17 bytes and its padding are one copy.
const POSITION_CHUNK: usize = 17;

/// Each line ends with the next one's indent; a label line takes it back.
const INDENT: usize = 4;

/// A literal in a fixed-size array padded with spaces (copied whole, cut to
/// length by the cursor).
const fn padded<const N: usize>(s: &str) -> [u8; N] {
    let mut out = [b' '; N];
    let mut i = 0;
    while i < s.len() {
        out[i] = s.as_bytes()[i];
        i += 1;
    }
    out
}

/// The name suffixes, each with its length.
const SUFFIXES: [([u8; 16], usize); 5] = {
    const fn entry(s: &str) -> ([u8; 16], usize) {
        (padded(s), s.len())
    }
    [
        entry(""),
        entry(" null"),
        entry(" method"),
        entry(" twoarg"),
        entry(" method twoarg"),
    ]
};

/// What the lines of a block share.
struct Layout<'s> {
    pos: &'s Positions,
    /// The position column's width (0 for none).
    pos_width: usize,
    names: &'static OpNames,
    op_width: usize,
    /// The label numbers, by instruction index.
    labels: &'s [u32],
    instrs: &'s [Decoded],
    version: Version,
    /// The code's prefix units, counted when a jump with prefixes first needs them.
    shrink: Cell<Option<u32>>,
}

impl Layout<'_> {
    /// The argument units of all prefixes of the code.
    fn shrink(&self) -> u32 {
        if let Some(n) = self.shrink.get() {
            return n;
        }
        // Jump arguments count bytes up to 3.9 (a prefix is 3 bytes in 2.7, 2
        // after), code units from 3.10.
        let v = self.version;
        let per_prefix = match v {
            Version::V2_7 => 3,
            _ if v < Version::V3_10 => 2,
            _ => 1,
        };
        let n: u32 = self.instrs.iter().map(|i| u32::from(i.ext)).sum();
        let n = n.saturating_mul(per_prefix);
        self.shrink.set(Some(n));
        n
    }
}

impl Block<'_> {
    #[inline(never)]
    pub(super) fn instructions(&mut self, instrs: &[Decoded], scan: &Scan, pos: &Positions) {
        let layout = Layout {
            pos,
            pos_width: pos.widest().min(POSITION_WIDTH),
            names: OpNames::of(self.code.version),
            op_width: scan.op_width.min(OPNAME_WIDTH),
            labels: &scan.labels,
            instrs,
            version: self.code.version,
            shrink: Cell::new(None),
        };
        let mut text = std::mem::take(self.out);
        let mut w = Cursor::new(&mut text);
        w.line_room();
        w.put(b"    ", INDENT);
        let lines = instrs.iter().zip(&scan.args).zip(&scan.labels);
        for (k, ((ins, arg), &label)) in lines.enumerate() {
            w.line_room();
            self.line(&mut w, &layout, k, ins, arg, label);
        }
        w.at -= INDENT;
        if let Some(&label @ 1..) = scan.labels.get(instrs.len()) {
            w.line_room();
            label_line(&mut w, label);
        }
        w.finish();
        *self.out = text;
    }

    /// The line of instruction `k`, `ins`, and its label line if it has one.
    #[inline(always)]
    fn line(
        &mut self,
        w: &mut Cursor<'_>,
        l: &Layout<'_>,
        k: usize,
        ins: &Decoded,
        arg: &Arg,
        label: u32,
    ) {
        if label != 0 {
            w.at -= INDENT;
            label_line(w, label);
            w.skip(INDENT);
        }
        if l.pos_width > 0 {
            let (at, len) = l.pos.span(k);
            let width = len.max(l.pos_width) + 1;
            if len == 0 {
                w.skip(width);
            } else {
                w.put_padded::<POSITION_CHUNK>(l.pos.text(), at, len, width);
            }
        }
        if matches!(arg, Arg::Nothing) {
            l.names.put(w, ins.opcode, 0, false);
        } else {
            let name_end = w.at + l.names.put(w, ins.opcode, l.op_width, true);
            let operand_at = w.at;
            self.operand(w, arg, l.labels);
            // An empty operand leaves no padding at the end of the line.
            if w.at == operand_at {
                w.at = name_end;
            }
        }
        // Without prefixes the argument is one unit's, so none is the count the
        // assembler chooses too.
        if ins.ext > 0 || ins.cache_set {
            let jump = matches!(arg, Arg::Label(_));
            let shrink = if jump && ins.ext > 0 { l.shrink() } else { 0 };
            w.out_of_line(|w| self.options(w, ins, jump, shrink));
        }
        w.put_byte(b'\n');
        w.skip(INDENT);
    }

    #[inline(always)]
    fn operand(&mut self, w: &mut Cursor<'_>, a: &Arg, labels: &[u32]) {
        match *a {
            Arg::Nothing => {}
            Arg::Raw(n) => {
                w.put_byte(b'#');
                w.put_int(n);
            }
            Arg::Number(n) => w.put_int(n),
            Arg::Const(i) => self.put_text(w, Table::Consts, i),
            Arg::Name(i, suffix) => {
                self.put_text(w, Table::Names, i);
                if !matches!(suffix, Suffix::Plain) {
                    let (text, len) = &SUFFIXES[suffix as usize];
                    w.put(text, *len);
                }
            }
            Arg::Local(i) => self.put_text(w, Table::Locals, i),
            Arg::Free(i) => self.put_text(w, Table::Frees, i),
            Arg::Pair(a, b) => {
                self.put_text(w, Table::Locals, a);
                w.put(b", ", 2);
                self.put_text(w, Table::Locals, b);
            }
            Arg::Label(k) => {
                w.put_byte(b'L');
                w.put_int(labels.get(k as usize).copied().unwrap_or_default());
            }
            Arg::Text(s) => w.put_slice(s.as_bytes()),
            Arg::BoolCmp(s) => {
                w.put_slice(b"bool(");
                w.put_slice(s.as_bytes());
                w.put_byte(b')');
            }
        }
    }

    /// Write entry `i` of `table`.
    #[inline(always)]
    fn put_text(&mut self, w: &mut Cursor<'_>, table: Table, i: u32) {
        if let Some((start, end)) = self.span(table, i as usize) {
            let text = &self.reprs(table).text;
            w.put_padded::<CHUNK>(text, start, end - start, end - start);
        }
    }

    /// `[ext=N]` when the assembler would not choose the same prefix count,
    /// `[cache="HEX"]` for non-zero inline caches.
    ///
    /// For arguments the assembler takes as given, its count is the minimum. A jump's
    /// argument is computed from the layout, which its own and the other prefixes
    /// change: CPython grows prefixes until nothing moves, and so does the assembler,
    /// which can then settle below a file's count (an absolute jump to just past a
    /// 256-byte boundary needs one prefix, and without it, two bytes less). A jump's
    /// count is therefore written whenever removing all of the code's `shrink`
    /// argument units of prefixes could let it need fewer (`shrink` is only read for
    /// a jump with prefixes).
    #[inline(never)]
    fn options(&mut self, w: &mut Cursor<'_>, ins: &Decoded, jump: bool, shrink: u32) {
        let v = self.code.version;
        let fewer = jump && ins.ext > 0 && min_ext(ins.arg.saturating_sub(shrink), v) < ins.ext;
        let ext = (fewer || ins.ext != min_ext(ins.arg, v)).then_some(ins.ext);
        if ext.is_none() && !ins.cache_set {
            return;
        }
        w.put_slice(b" [");
        if let Some(n) = ext {
            w.put_slice(b"ext=");
            w.put_int(n.into());
        }
        if ins.cache_set {
            let data = ins.cache_bytes(&self.code.code);
            if ext.is_some() {
                w.put_slice(b", ");
            }
            w.put_slice(b"cache=\"");
            self.tmp.clear();
            push_hex(&mut self.tmp, data);
            w.put_slice(self.tmp.as_bytes());
            w.put_byte(b'"');
        }
        w.put_byte(b']');
    }
}

/// `Ln:` on a line of its own.
#[inline(always)]
fn label_line(w: &mut Cursor<'_>, n: u32) {
    w.put_byte(b'L');
    w.put_int(n);
    w.put(b":\n", 2);
}
