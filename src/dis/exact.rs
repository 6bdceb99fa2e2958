//! The exactness decisions: what the assembler would rebuild from the text `dis` is
//! about to print, compared with what the file holds. Each function here answers one
//! question of `docs/language.md` ("default" rules):
//!
//! - [`first_indices`]: which table entries an operand may name symbolically (the
//!   assembler resolves a value or name to its first occurrence);
//! - [`positions`]: which position prefixes to print, and whether CPython's encoder
//!   (`encode_canonical`, checked by `is_canonical`) given those positions writes the same line table;
//! - [`exception_entries`]: whether `.except` entries with labels can express the
//!   exception table;
//! - [`localsplus_is_derived`]: whether the 3.11+ localsplus kinds are the ones the
//!   assembler derives.

use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::code::exctable::{ExceptionEntry, ExceptionTable};
use crate::code::linetable::{
    canonical_entry, is_canonical, InstrPosition, LineTable, LocationEntry, LocationForm,
    LocationWriter, Locations, Position,
};
use crate::code::{
    Code, Const, Instruction, LocalPlus, PyStr, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL,
};
use crate::version::{LineTableFormat, Version};

use super::line::CHUNK;

/// For each item, the index of the first item equal to it. An operand naming item
/// `i` is written symbolically only when `first[i] == i`.
pub fn first_indices<T: Hash + Eq>(items: &[T]) -> Vec<usize> {
    first_equal(items, |x| {
        let mut h = FxHasher::default();
        x.hash(&mut h);
        h.finish()
    })
}

/// Tables up to this size are searched pairwise; up to [`PAIRWISE`] comparing hashes
/// first; larger ones through an open-addressing table.
const DIRECT: usize = 6;
const PAIRWISE: usize = 32;

/// [`first_indices`] with the items' hashes from `hash` (equal items, equal hashes).
/// Items are compared only when their hashes are equal.
fn first_equal<T: PartialEq>(items: &[T], hash: impl Fn(&T) -> u64) -> Vec<usize> {
    let n = items.len();
    let mut first = Vec::with_capacity(n);
    if n <= DIRECT {
        // Most tables are this small: comparing the items costs less than hashing them.
        for (i, x) in items.iter().enumerate() {
            first.push((0..i).find(|&j| items[j] == *x).unwrap_or(i));
        }
        return first;
    }
    if n <= PAIRWISE {
        let mut hashes = [0u64; PAIRWISE];
        for (slot, x) in hashes.iter_mut().zip(items) {
            *slot = hash(x);
        }
        for (i, (x, h)) in items.iter().zip(&hashes).enumerate() {
            let j = (0..i)
                .find(|&j| hashes[j] == *h && items[j] == *x)
                .unwrap_or(i);
            first.push(j);
        }
        return first;
    }
    // Linear probing over a table of twice the size or more, indexed by the hash's high
    // bits (the Fx multiply mixes upwards); it holds the first item of each value.
    let bits = (2 * n).next_power_of_two().trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut table = vec![usize::MAX; mask + 1];
    let hashes: Vec<u64> = items.iter().map(&hash).collect();
    for (i, (x, &h)) in items.iter().zip(&hashes).enumerate() {
        let mut slot = (h >> (64 - bits)) as usize;
        loop {
            let k = table[slot];
            if k == usize::MAX {
                table[slot] = i;
                first.push(i);
                break;
            }
            if hashes[k] == h && items[k] == *x {
                first.push(k);
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    first
}

/// A fast hasher for the first-use tables (the multiply-rotate scheme of Firefox's
/// and rustc's "Fx" hash). It starts from a per-process random seed, so a file
/// cannot be made of names that all collide (which would make a lookup linear).
pub struct FxHasher(u64);

impl Default for FxHasher {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)
        });
        FxHasher(seed)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        // The last 1 to 7 bytes as one word without a variable-length copy: the first
        // and last four (overlapping), or the first, middle and last one. The length
        // is hashed before the bytes (slices do), so this stays one-to-one.
        let rest = chunks.remainder();
        let n = rest.len();
        let word = match (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
            (Some(a), Some(b)) => {
                u64::from(u32::from_le_bytes(*a)) | u64::from(u32::from_le_bytes(*b)) << 32
            }
            _ => match (rest.first(), rest.get(n / 2), rest.last()) {
                (Some(&a), Some(&b), Some(&c)) => {
                    u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16
                }
                _ => return,
            },
        };
        self.add(word);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }

    fn write_u32(&mut self, i: u32) {
        self.add(i.into());
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash maps and sets keyed by [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// [`first_indices`] for constants, compared by type and value as the language says
/// (`1`, `1.0`, `True` differ; `0.0` and `-0.0` differ; NaNs by their bits).
pub fn first_const_indices(consts: &[Const]) -> Vec<usize> {
    first_equal(consts, |c| {
        let mut h = FxHasher::default();
        hash_const(c, &mut h);
        h.finish()
    })
}

/// A hash consistent with `Const`'s equality (cheap for code objects: equal code
/// objects have equal names, first lines and bytecode).
fn hash_const(c: &Const, h: &mut impl Hasher) {
    std::mem::discriminant(c).hash(h);
    match c {
        Const::Bool(b) => b.hash(h),
        Const::Int(i) | Const::Long(i) => i.hash(h),
        Const::Float(f) => f.to_bits().hash(h),
        Const::Complex(a, b) => (a.to_bits(), b.to_bits()).hash(h),
        Const::Bytes(b) => b.hash(h),
        Const::Str(s) => s.hash(h),
        Const::Tuple(v) | Const::List(v) | Const::Set(v) | Const::FrozenSet(v) => {
            v.len().hash(h);
            v.iter().for_each(|x| hash_const(x, h));
        }
        Const::Dict(pairs) => pairs.iter().for_each(|(a, b)| {
            hash_const(a, h);
            hash_const(b, h);
        }),
        Const::Slice(parts) => parts.iter().for_each(|x| hash_const(x, h)),
        // Equal code objects agree in every field; these few tell nearly all apart.
        Const::Code(code) => {
            code.name.hash(h);
            code.firstlineno.hash(h);
            code.code.len().hash(h);
        }
        Const::None | Const::Ellipsis | Const::StopIteration => {}
    }
}

/// The position prefixes of a block.
pub struct Positions {
    /// The texts of all prefixes, each followed by a chunk of spaces (see
    /// [`super::line`]).
    text: Vec<u8>,
    /// Per instruction, where its prefix starts in `text` and its length (0: none).
    spans: Vec<(u32, u32)>,
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
    /// length (0 when it has none).
    #[inline]
    pub fn span(&self, k: usize) -> (usize, usize) {
        self.spans
            .get(k)
            .map_or((0, 0), |&(at, len)| (at as usize, len as usize))
    }

    /// The widest prefix.
    pub fn widest(&self) -> usize {
        self.spans.iter().map(|s| s.1 as usize).max().unwrap_or(0)
    }
}

/// [`Positions`] as they are built.
struct Prefixes {
    text: Vec<u8>,
    spans: Vec<(u32, u32)>,
}

impl Prefixes {
    fn new(instructions: usize) -> Prefixes {
        Prefixes {
            text: Vec::with_capacity((16 + CHUNK) * instructions),
            spans: Vec::with_capacity(instructions),
        }
    }

    /// Write the text of `p`, then a chunk of spaces; its span.
    #[inline]
    fn write(&mut self, p: Position) -> (u32, u32) {
        const ROOM: [u8; 48 + CHUNK] = [b' '; 48 + CHUNK];
        let at = self.text.len();
        // The text is written over spaces, which then pad it.
        self.text.extend_from_slice(&ROOM);
        let len = match self
            .text
            .get_mut(at..at + 48)
            .map(<&mut [u8; 48]>::try_from)
        {
            Some(Ok(slot)) => write_text(slot, p),
            _ => 0,
        };
        self.text.truncate(at + len + CHUNK);
        (at as u32, len as u32)
    }

    fn finish(self, exact: bool) -> Positions {
        Positions {
            text: self.text,
            spans: self.spans,
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

/// Write the text of a position [`printable`] returned: `-`, `12`, `12-14`,
/// `12:4-20`, `12-14:?-8` (four numbers of at most 11 characters and three
/// separators); its length.
fn write_text(buf: &mut [u8; 48], p: Position) -> usize {
    let Some(line) = p.line else {
        buf[0] = b'-';
        return 1;
    };
    let mut n = put_dec(buf, 0, line.into());
    if let Some(end) = p.end_line.filter(|e| *e != line) {
        buf[n] = b'-';
        n = put_dec(buf, n + 1, end.into());
    }
    if p.col.is_some() || p.end_col.is_some() {
        let col = |buf: &mut [u8; 48], at: usize, c: Option<u32>| match c {
            Some(c) => put_dec(buf, at, c.into()),
            None => {
                buf[at] = b'?';
                at + 1
            }
        };
        buf[n] = b':';
        n = col(buf, n + 1, p.col);
        buf[n] = b'-';
        n = col(buf, n + 1, p.end_col);
    }
    n
}

/// The two-digit texts `00` to `99`, one after the other.
const PAIRS: [u8; 200] = {
    let mut b = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        b[2 * i] = b'0' + (i / 10) as u8;
        b[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    b
};

/// Write the decimal digits of `v` (at most 11 characters with the sign) at `at`,
/// two at a time from the end; the end.
#[inline(always)]
fn put_dec(buf: &mut [u8; 48], mut at: usize, v: i64) -> usize {
    // Columns and lines: up to four digits, two at a time.
    if let Ok(d @ 0..10000) = u16::try_from(v) {
        let (hi, lo) = (2 * usize::from(d / 100), 2 * usize::from(d % 100));
        return match d {
            0..10 => {
                buf[at] = b'0' + d as u8;
                at + 1
            }
            10..100 => {
                buf[at..at + 2].copy_from_slice(&PAIRS[lo..lo + 2]);
                at + 2
            }
            100..1000 => {
                buf[at] = PAIRS[hi + 1];
                buf[at + 1..at + 3].copy_from_slice(&PAIRS[lo..lo + 2]);
                at + 3
            }
            _ => {
                buf[at..at + 2].copy_from_slice(&PAIRS[hi..hi + 2]);
                buf[at + 2..at + 4].copy_from_slice(&PAIRS[lo..lo + 2]);
                at + 4
            }
        };
    }
    if v < 0 {
        buf[at] = b'-';
        at += 1;
    }
    let mut rest = v.unsigned_abs();
    let len = match rest {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => rest.ilog10() as usize + 1,
    };
    let end = (at + len).min(buf.len());
    let mut i = end;
    while rest >= 10 && i >= at + 2 {
        let d = 2 * (rest % 100) as usize;
        rest /= 100;
        buf[i - 2..i].copy_from_slice(&PAIRS[d..d + 2]);
        i -= 2;
    }
    if i > at {
        buf[i - 1] = b'0' + (rest % 10) as u8;
    }
    end
}

/// The prefixes to print: up to 3.9 where the table starts a line (`starts_line`,
/// which the language marks with a prefix even when the line does not change) and on
/// the first instruction; from 3.10 at the first instruction and wherever the position changes.
pub fn positions(code: &Code, instrs: &[Instruction]) -> Positions {
    let v = code.version;
    if v.line_table_format() == LineTableFormat::Locations {
        return location_positions(code, instrs);
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
    let mut out = Prefixes::new(view.len());
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
        let mut span = (0, 0);
        if print {
            current = Some(meaning);
            span = out.write(meaning);
        }
        out.spans.push(span);
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
fn location_positions(code: &Code, instrs: &[Instruction]) -> Positions {
    if let Some(p) = merged_positions(code, instrs) {
        return p;
    }
    let v = code.version;
    let table = Locations::decode(&code.linetable, code.firstlineno);
    let empty = Locations {
        firstlineno: code.firstlineno,
        entries: Vec::new(),
    };
    let decoded = table.as_ref().unwrap_or(&empty);
    let mut out = Prefixes::new(instrs.len());
    let mut expected = decoded.entries.iter();
    let mut same = table.is_ok();
    let mut writer = LocationWriter::new(v, code.firstlineno, |e| {
        same &= expected.next() == Some(&e);
    });
    let mut walk = decoded.walk(code.code.len());
    let mut current: Option<Position> = None;
    for ins in instrs {
        let position = walk.position_at(ins.offset);
        let meaning = printable(v, position);
        let mut span = (0, 0);
        if current != Some(meaning) {
            current = Some(meaning);
            span = out.write(meaning);
        }
        out.spans.push(span);
        writer.push(meaning, ins.size(v));
    }
    let written = writer.finish().is_ok();
    let exact = written && same && expected.next().is_none();
    out.finish(exact)
}

/// Whether two entries hold the same line and column fields.
fn same_fields(a: &LocationEntry, b: &LocationEntry) -> bool {
    // Columns first: neighbours differ in them most often.
    a.col == b.col && a.end_col == b.end_col && a.line == b.line && a.end_line == b.end_line
}

/// [`location_positions`] from 3.12 (where the writer merges instructions sharing a
/// position), walking the entries as they are decoded instead of the instructions,
/// for the usual table: it decodes, no line is negative (so every position is
/// printable as it is), a position changes only where an instruction starts, and
/// the entries cover the code exactly. Then the instructions sharing a position are
/// exactly the runs of entries sharing it, each printed once, and the writer's
/// entries for a run are chunks of 8 units and a last one of 1 to 8, each in the
/// form [`canonical_form`] checks. `None` for other tables (the general walk decides
/// them).
fn merged_positions(code: &Code, instrs: &[Instruction]) -> Option<Positions> {
    if code.version < Version::V3_12 {
        return None;
    }
    let mut entries = Locations::entries(&code.linetable, code.firstlineno);
    let mut out = Prefixes::new(instrs.len());
    let mut state = code.firstlineno;
    let mut exact = true;
    // The next instruction without a prefix, and where the next entry starts (in
    // code units).
    let (mut k, mut unit) = (0usize, 0usize);
    let mut pending = entries.next_entry();
    while let Some(first) = pending.take() {
        if first.line.is_some_and(|l| l < 0) || first.end_line.is_some_and(|l| l < 0) {
            return None;
        }
        if instrs.get(k).map(|ins| ins.offset as usize) != Some(2 * unit) {
            return None;
        }
        exact &= canonical_form(&first, &mut state);
        let mut prev_units = first.units;
        unit += usize::from(first.units);
        pending = entries.next_entry();
        while let Some(e) = &pending {
            if !same_fields(e, &first) {
                break;
            }
            exact &= prev_units == 8 && canonical_form(e, &mut state);
            prev_units = e.units;
            unit += usize::from(e.units);
            pending = entries.next_entry();
        }
        // The run's first instruction starts the entry (checked above).
        let mut span = out.write(first.position());
        while instrs
            .get(k)
            .is_some_and(|ins| (ins.offset as usize) < 2 * unit)
        {
            out.spans.push(span);
            span = (0, 0);
            k += 1;
        }
    }
    if entries.failed() || k < instrs.len() || 2 * unit != code.code.len() {
        return None;
    }
    Some(out.finish(exact))
}

/// Whether CPython's writer, at line state `state` (updated as it would be), writes
/// the position of decoded entry `e` (no negative line) in `e`'s form; then its
/// bytes are `e`'s. Short, no-column and no-position entries always are (a short
/// entry keeps the state's line and its columns fit); a one-line entry is unless the
/// short form could hold it; long entries ask the writer.
fn canonical_form(e: &LocationEntry, state: &mut i32) -> bool {
    let line = e.line.unwrap_or(0);
    let (col, end_col) = (e.col.unwrap_or(0), e.end_col.unwrap_or(0));
    match e.form {
        LocationForm::Short | LocationForm::None => true,
        LocationForm::NoColumn => {
            *state = line;
            true
        }
        LocationForm::OneLine => {
            let short = line == *state && col < 80 && end_col >= col && end_col - col < 16;
            *state = line;
            !short
        }
        LocationForm::Long => {
            canonical_entry(e.position(), e.units, state) == Some(LocationForm::Long)
        }
    }
}

/// The 3.11+ exception table as entries whose boundaries (byte offsets `2 * unit`)
/// all fall on instructions or the end of the code, so labels can name them; `None`
/// when it does not decode or a boundary falls elsewhere (then `.exceptiontable`).
/// Decoding rejects non-minimal varints, so the entries encode back to the same bytes.
pub fn exception_entries(
    code: &Code,
    is_boundary: impl Fn(u64) -> bool,
) -> Option<Vec<ExceptionEntry>> {
    if code.exceptiontable.is_empty() {
        return Some(Vec::new());
    }
    let table = ExceptionTable::decode(&code.exceptiontable).ok()?;
    let ok = table.entries.iter().all(|e| {
        [e.start, e.end, e.target]
            .iter()
            .all(|&u| is_boundary(2 * u64::from(u)))
    });
    ok.then_some(table.entries)
}

/// The names of the localsplus slots with any of the `kind` bits.
pub fn slots_with(slots: &[LocalPlus], kind: u8) -> Vec<&PyStr> {
    slots
        .iter()
        .filter(|l| l.kind & kind != 0)
        .map(|l| &l.name)
        .collect()
}

/// Whether `co_localsplusnames`/kinds are what the assembler derives from
/// `.varnames`, `.cellvars` and `.freevars`: varnames (`0x20`, `0x60` if also a
/// cell), cells not in varnames (`0x40`), freevars (`0x80`); 3.14 marks the
/// arguments (`CO_FAST_ARG_POS 0x02`, `CO_FAST_ARG_KW 0x04`, `CO_FAST_ARG_VAR 0x08`).
pub fn localsplus_is_derived(code: &Code, slots: &[LocalPlus]) -> bool {
    let vars = slots_with(slots, CO_FAST_LOCAL);
    let cells = slots_with(slots, CO_FAST_CELL);
    let frees = slots_with(slots, CO_FAST_FREE);
    let positional = code.argcount as usize;
    let keyword = positional + code.kwonlyargcount as usize;
    let star = keyword + usize::from(code.flags & 0x4 != 0);
    let star_star = star + usize::from(code.flags & 0x8 != 0);
    let arg_bits = |i: usize| -> u8 {
        if code.version < Version::V3_14 {
            0
        } else if i < code.posonlyargcount as usize {
            0x02
        } else if i < positional {
            0x06
        } else if i < keyword {
            0x04
        } else if i < star {
            0x0a
        } else if i < star_star {
            0x0c
        } else {
            0
        }
    };
    let derived = vars
        .iter()
        .enumerate()
        .map(|(i, &name)| {
            let cell = if cells.contains(&name) {
                CO_FAST_CELL
            } else {
                0
            };
            (name, CO_FAST_LOCAL | cell | arg_bits(i))
        })
        .chain(
            cells
                .iter()
                .filter(|c| !vars.contains(c))
                .map(|&c| (c, CO_FAST_CELL)),
        )
        .chain(frees.iter().map(|&f| (f, CO_FAST_FREE)));
    let mut n = 0;
    for (slot, (name, kind)) in slots.iter().zip(derived) {
        if slot.name != *name || slot.kind != kind {
            return false;
        }
        n += 1;
    }
    n == slots.len()
        && vars.len() + cells.iter().filter(|c| !vars.contains(c)).count() + frees.len() == n
}
