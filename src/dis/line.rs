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

/// Append the `len` bytes of text at `src[at..]` followed by spaces up to `width`
/// bytes in all (`width >= len`). `src` holds at least [`CHUNK`] spaces after the
/// text (or ends at it; then the copy is exact).
#[inline(always)]
pub fn push_padded(out: &mut Vec<u8>, src: &[u8], at: usize, len: usize, width: usize) {
    let start = out.len();
    if width <= CHUNK {
        if let Some(chunk) = src.get(at..at + CHUNK) {
            if let Ok(chunk) = <&[u8; CHUNK]>::try_from(chunk) {
                out.extend_from_slice(chunk);
                out.truncate(start + width);
                return;
            }
        }
    }
    out.extend_from_slice(src.get(at..at + len).unwrap_or_default());
    push_spaces(out, width.saturating_sub(len));
}

/// Append `n` spaces.
#[inline]
pub fn push_spaces(out: &mut Vec<u8>, mut n: usize) {
    while n > 0 {
        let k = n.min(CHUNK);
        let at = out.len();
        out.extend_from_slice(&SPACES);
        out.truncate(at + k);
        n -= k;
    }
}

/// Bytes per opcode in [`OpNames`].
const SLOT: usize = 64;

/// Every opcode name the text can use of a version, each in a [`SLOT`]-byte slot
/// padded with spaces (empty for the opcodes written `#N`), and how each opcode's
/// operand is read.
pub struct OpNames {
    bytes: Vec<u8>,
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
        let mut bytes = vec![b' '; 256 * SLOT];
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

    /// Append the name of `op` (`#N` when it has none), then spaces up to `width`
    /// and at least one when `spaced`; the length of the name.
    #[inline(always)]
    pub fn push(&self, out: &mut Vec<u8>, op: u8, width: usize, spaced: bool) -> usize {
        let len = self.name_len(op);
        if len == 0 {
            return push_raw(out, op, width, spaced);
        }
        let padded = if spaced { len.max(width) + 1 } else { len };
        push_padded(out, &self.bytes, usize::from(op) * SLOT, len, padded);
        len
    }
}

/// [`OpNames::push`] for an opcode written `#N`.
#[cold]
fn push_raw(out: &mut Vec<u8>, op: u8, width: usize, spaced: bool) -> usize {
    let at = out.len();
    out.push(b'#');
    crate::decimal::push_int(out, op.into());
    let len = out.len() - at;
    if spaced {
        push_spaces(out, len.max(width) + 1 - len);
    }
    len
}
