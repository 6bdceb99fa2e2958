//! Instruction lines as bytes. Most pieces of a line (position, opcode name, cached
//! operand texts) sit in buffers where every text is followed by at least [`CHUNK`]
//! spaces, so a piece and its padding are copied as one fixed-size chunk and cut to
//! length: a copy of a known size needs no call, and the padding comes free.

use std::sync::OnceLock;

use super::operand::OpClass;
use crate::opcode::OpcodeTable;
use crate::version::Version;

/// The padding after each text: as many spaces as are copied at once.
pub const SPACE_TEXT: &str = "                                ";

/// Bytes copied at once.
pub const CHUNK: usize = SPACE_TEXT.len();

/// [`SPACE_TEXT`] as an array.
pub const SPACES: [u8; CHUNK] = [b' '; CHUNK];

/// `push_str` for the byte buffer the disassembler writes into.
pub trait PushStr {
    /// Append a text.
    fn push_str(&mut self, s: &str);
}

impl PushStr for Vec<u8> {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// Where the instruction lines are written: the output vector is lengthened ahead
/// with spaces and pieces are copied into it at an index kept in a register, with
/// no capacity check and length update per piece; the vector is cut back once at the
/// end ([`Cursor::finish`]). A piece copies up to [`CHUNK`] bytes at the cursor (a
/// text and its padding) but moves the cursor only by its length. Each line first
/// makes [`LINE_ROOM`] bytes of room ([`Cursor::line_room`]), more than the
/// fixed-size pieces of a line take; longer pieces make their own room.
///
/// Every byte past the cursor is a space (the buffer grows with spaces and every
/// copy is a text followed by spaces), so padding is written by moving the cursor
/// ([`Cursor::skip`]).
pub struct Cursor<'a> {
    buf: &'a mut Vec<u8>,
    /// Where the next piece goes.
    pub at: usize,
}

/// Room made ahead for lines, at least: below the size from which `memset` fills
/// with `rep stosb`, which costs a step per byte.
const BATCH: usize = 1536;

/// Room a line's fixed-size pieces take at most (a label line, the position, the
/// opcode name, two operand texts, a suffix and the end of the line).
const LINE_ROOM: usize = 256;

impl<'a> Cursor<'a> {
    /// A cursor at the end of `buf`.
    #[inline]
    pub fn new(buf: &'a mut Vec<u8>) -> Cursor<'a> {
        let at = buf.len();
        Cursor { buf, at }
    }

    /// Cut the buffer back to what was written (or lengthen it with the spaces
    /// skipped at the end).
    pub fn finish(self) {
        self.buf.resize(self.at, b' ');
    }

    /// Make room for a line's fixed-size pieces.
    #[inline(always)]
    pub fn line_room(&mut self) {
        self.room(0);
    }

    /// Make room for `n` bytes and a line's fixed-size pieces after them.
    #[inline(always)]
    fn room(&mut self, n: usize) {
        if self.at + n + LINE_ROOM > self.buf.len() {
            lengthen(self.buf, self.at + n);
        }
    }

    /// Copy `chunk`, a text of `len` bytes followed by spaces, and move on by `len`
    /// (`len <= N <= CHUNK`).
    #[inline(always)]
    pub fn put<const N: usize>(&mut self, chunk: &[u8; N], len: usize) {
        if let Some(dst) = self.buf.get_mut(self.at..self.at + N) {
            dst.copy_from_slice(chunk);
        }
        self.at += len;
    }

    /// Copy bytes of any length.
    #[inline]
    pub fn put_slice(&mut self, s: &[u8]) {
        self.room(s.len());
        if let Some(dst) = self.buf.get_mut(self.at..self.at + s.len()) {
            dst.copy_from_slice(s);
        }
        self.at += s.len();
    }

    /// Write one byte.
    #[inline(always)]
    pub fn put_byte(&mut self, b: u8) {
        if let Some(dst) = self.buf.get_mut(self.at) {
            *dst = b;
        }
        self.at += 1;
    }

    /// Write `n` spaces (a line's fixed-size pieces, within its room).
    #[inline(always)]
    pub fn skip(&mut self, n: usize) {
        self.at += n;
    }

    /// Write `n` spaces.
    #[inline]
    pub fn put_spaces(&mut self, n: usize) {
        self.room(n);
        self.skip(n);
    }

    /// Write the `len` bytes of text at `src[at..]` followed by spaces up to
    /// `width` bytes in all (`width >= len`). `src` holds spaces after the text up
    /// to at least `N` bytes from its start (or ends before; then the copy is
    /// exact).
    #[inline(always)]
    pub fn put_padded<const N: usize>(&mut self, src: &[u8], at: usize, len: usize, width: usize) {
        if width <= N {
            if let Some(chunk) = src.get(at..at + N) {
                if let Ok(chunk) = <&[u8; N]>::try_from(chunk) {
                    self.put(chunk, width);
                    return;
                }
            }
        }
        self.put_slice(src.get(at..at + len).unwrap_or_default());
        self.put_spaces(width.saturating_sub(len));
    }

    /// Write a number in decimal: below 1000 as one 4-byte copy from a table.
    #[inline(always)]
    pub fn put_int(&mut self, n: u32) {
        match crate::decimal::SMALL_WORDS.get(n as usize) {
            Some(w) => {
                let [a, b, c, d, .., len] = *w;
                self.put(&[a, b, c, d], usize::from(len));
            }
            None => self.out_of_line(|w| put_long_int(w, n)),
        }
    }

    /// Run an out-of-line writer on a copy of the cursor: a cursor whose address
    /// is taken lives in memory, this one can stay in registers.
    #[inline(always)]
    pub fn out_of_line(&mut self, write: impl FnOnce(&mut Cursor<'_>)) {
        let mut copy = Cursor {
            buf: &mut *self.buf,
            at: self.at,
        };
        write(&mut copy);
        self.at = copy.at;
    }
}

/// [`Cursor::put_int`] from 1000 on.
#[inline(never)]
fn put_long_int(w: &mut Cursor<'_>, n: u32) {
    crate::decimal::push_int(w, n.into());
}

impl crate::decimal::Sink for Cursor<'_> {
    #[inline]
    fn push_ascii(&mut self, b: u8) {
        self.put_byte(b);
    }
    #[inline]
    fn push_text(&mut self, s: &str) {
        self.put_slice(s.as_bytes());
    }
}

/// Bytes per opcode in [`OpNames`].
const SLOT: usize = 64;

/// Every opcode name the text can use of a version, each in a [`SLOT`]-byte slot
/// padded with spaces (empty for the opcodes written `#N`), and how each opcode's
/// operand is read.
pub struct OpNames {
    /// A fixed size, so a slot's chunk needs no bounds check.
    bytes: Box<[u8; 256 * SLOT]>,
    lens: [u8; 256],
    /// The width of the opcode column the name needs (`#N` included).
    widths: [u8; 256],
    classes: [OpClass; 256],
}

impl OpNames {
    /// The table of `version`, built on first use.
    pub fn of(version: Version) -> &'static OpNames {
        static TABLES: [OnceLock<OpNames>; Version::ALL.len()] =
            [const { OnceLock::new() }; Version::ALL.len()];
        let i = Version::ALL
            .iter()
            .position(|v| *v == version)
            .unwrap_or_default();
        TABLES[i].get_or_init(|| OpNames::build(version.opcodes()))
    }

    fn build(table: &OpcodeTable) -> OpNames {
        let mut bytes = Box::new([b' '; 256 * SLOT]);
        let mut lens = [0u8; 256];
        let raw = OpClass::of(None);
        let mut classes = [raw; 256];
        let mut widths = [0u8; 256];
        for op in 0..=255u8 {
            let i = usize::from(op);
            let info = table.by_code(op);
            if let Some(name) = super::operand::nameable(info, table) {
                let name = name.as_bytes();
                // Names fit with room for a chunk of padding; a longer one would be
                // copied exactly.
                let n = name.len().min(SLOT);
                let at = i * SLOT;
                bytes[at..at + n].copy_from_slice(&name[..n]);
                lens[i] = n as u8;
                classes[i] = OpClass::of(info);
                widths[i] = n as u8;
            } else {
                widths[i] = 1 + op.to_string().len() as u8;
            }
        }
        OpNames {
            bytes,
            lens,
            widths,
            classes,
        }
    }

    /// How the operand of `op` is read.
    #[inline]
    pub fn class(&self, op: u8) -> OpClass {
        self.classes[usize::from(op)]
    }

    /// The width of the name of `op` in the opcode column (`#N` included).
    #[inline]
    pub fn width(&self, op: u8) -> usize {
        usize::from(self.widths[usize::from(op)])
    }

    /// The length of the name of `op`; 0 when it is written `#N`.
    #[inline]
    pub fn name_len(&self, op: u8) -> usize {
        usize::from(self.lens[usize::from(op)])
    }

    /// Write the name of `op` (`#N` when it has none), then spaces up to `width`
    /// and at least one when `spaced`; the length of the name.
    #[inline(always)]
    pub fn put(&self, w: &mut Cursor<'_>, op: u8, width: usize, spaced: bool) -> usize {
        let len = self.name_len(op);
        if len == 0 {
            let mut len = 0;
            w.out_of_line(|w| len = put_raw(w, op, width, spaced));
            return len;
        }
        let padded = if spaced { len.max(width) + 1 } else { len };
        w.put_padded::<CHUNK>(&self.bytes[..], usize::from(op) * SLOT, len, padded);
        len
    }
}

/// [`OpNames::put`] for an opcode written `#N`.
#[cold]
fn put_raw(w: &mut Cursor<'_>, op: u8, width: usize, spaced: bool) -> usize {
    let at = w.at;
    w.put_byte(b'#');
    w.put_int(op.into());
    let len = w.at - at;
    if spaced {
        w.put_spaces(len.max(width) + 1 - len);
    }
    len
}

/// Make room in `text` for [`BATCH`] bytes after `end` and a line.
#[inline(never)]
fn lengthen(text: &mut Vec<u8>, end: usize) {
    text.resize(end + LINE_ROOM + BATCH, b' ');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers through the table and beyond, as Rust's formatter writes them.
    #[test]
    fn numbers() {
        let mut out = b"x".to_vec();
        let mut w = Cursor::new(&mut out);
        let numbers: Vec<u32> = (0..2000)
            .chain([9999, 10_000, 123_456_789, u32::MAX])
            .collect();
        for &n in &numbers {
            w.line_room();
            w.put_int(n);
            w.put_byte(b',');
        }
        w.finish();
        let want: String = numbers.iter().map(|n| format!("{n},")).collect();
        assert_eq!(out, format!("x{want}").into_bytes());
    }

    /// Pieces longer than a line's room, padding past the end, and chunks cut to
    /// length leave exactly the text.
    #[test]
    fn long_pieces_and_padding() {
        let long = vec![b'a'; 5000];
        let mut src = b"abc".to_vec();
        src.extend_from_slice(&SPACES);
        let mut out = Vec::new();
        let mut w = Cursor::new(&mut out);
        w.line_room();
        w.put_padded::<CHUNK>(&src, 0, 3, 5);
        w.put_slice(&long);
        w.put_padded::<CHUNK>(&src, 0, 3, 3);
        w.put_spaces(3000);
        w.put_byte(b'|');
        w.put_spaces(7);
        w.finish();
        let mut want = b"abc  ".to_vec();
        want.extend_from_slice(&long);
        want.extend_from_slice(b"abc");
        want.extend(std::iter::repeat_n(b' ', 3000));
        want.extend_from_slice(b"|       ");
        assert_eq!(out, want);
    }
}
