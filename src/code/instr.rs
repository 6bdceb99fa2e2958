//! The instruction codec: `co_code` bytes to [`Instruction`]s and back.
//!
//! - 2.7: one byte, or three (`op, arg lo, arg hi`) for `op >= HAVE_ARGUMENT`;
//!   `EXTENDED_ARG` supplies the next 16 bits.
//! - 3.6+: wordcode, `op, arg` pairs; each `EXTENDED_ARG` prefix shifts in 8 bits.
//! - 3.11+: `cache_entries(op)` CACHE units follow each instruction.
//!
//! `EXTENDED_ARG` prefixes are folded into the instruction they extend, keeping their
//! count so that redundant prefixes are written back. Decoding then encoding gives the
//! same bytes for any code that decodes (`Python/ceval.c` dispatch,
//! `Lib/dis.py: _unpack_opargs`).

use std::sync::OnceLock;

use crate::opcode::{JumpKind, OpInfo, OpcodeTable};
use crate::version::Version;

/// One decoded instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Byte offset of its first byte (its first `EXTENDED_ARG` prefix, if any).
    pub offset: u32,
    /// The opcode number.
    pub opcode: u8,
    /// The full argument, prefixes included. For opcodes without an argument this is
    /// the (ignored) argument byte of wordcode, kept so it is written back.
    pub arg: u32,
    /// Number of `EXTENDED_ARG` prefixes.
    pub ext: u8,
    /// Number of inline CACHE units after it (3.11+).
    pub caches: u8,
    /// The cache units' bytes when any is non-zero (CPython writes zeros).
    pub cache_data: Option<Box<[u8]>>,
    /// For a jump: index of the instruction it targets, when the target is an
    /// instruction boundary.
    pub target: Option<u32>,
}

/// A problem decoding `co_code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The code ends inside an instruction or its caches.
    #[error("code ends inside the instruction at byte {offset} ({what})")]
    Truncated {
        /// Offset of the instruction.
        offset: u32,
        /// What is missing.
        what: &'static str,
    },
    /// More `EXTENDED_ARG` prefixes than an argument can hold.
    #[error("EXTENDED_ARG prefixes at byte {offset} overflow a 32-bit argument")]
    ArgOverflow {
        /// Offset of the first prefix.
        offset: u32,
    },
    /// Code longer than offsets can express.
    #[error("code of {0} bytes is too long")]
    TooLong(usize),
}

impl Instruction {
    /// The opcode's table entry, if the number is known in `table`.
    pub fn info(&self, table: &OpcodeTable) -> Option<&'static OpInfo> {
        table.by_code(self.opcode)
    }

    /// Its fields without the cache bytes and the target.
    fn head(&self) -> Decoded {
        Decoded {
            offset: self.offset,
            arg: self.arg,
            opcode: self.opcode,
            ext: self.ext,
            caches: self.caches,
            cache_set: self.cache_data.is_some(),
        }
    }

    /// Size in bytes: prefixes, the instruction and its caches.
    pub fn size(&self, version: Version) -> u32 {
        self.head().size(version)
    }

    /// Byte offset of the opcode itself (after its prefixes).
    pub fn op_offset(&self, version: Version) -> u32 {
        self.head().op_offset(version)
    }

    /// The byte offset a jump with this argument goes to (pyc-formats §4.3).
    pub fn jump_offset(&self, version: Version, kind: JumpKind) -> Option<u64> {
        self.head().jump_offset(version, kind)
    }
}

/// An instruction as decoded, its inline caches left in the code: a compact record
/// (12 bytes, nothing to drop) for readers that keep the code at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// Byte offset of its first byte (its first `EXTENDED_ARG` prefix, if any).
    pub offset: u32,
    /// The full argument, prefixes included (see [`Instruction::arg`]).
    pub arg: u32,
    /// The opcode number.
    pub opcode: u8,
    /// Number of `EXTENDED_ARG` prefixes.
    pub ext: u8,
    /// Number of inline CACHE units after it (3.11+).
    pub caches: u8,
    /// Whether any byte of its caches is non-zero (CPython writes zeros).
    pub cache_set: bool,
}

impl Decoded {
    /// Size in bytes: prefixes, the instruction and its caches.
    pub fn size(&self, version: Version) -> u32 {
        if version.is_wordcode() {
            2 * (u32::from(self.ext) + 1 + u32::from(self.caches))
        } else {
            let op = if self.opcode >= version.opcodes().have_argument {
                3
            } else {
                1
            };
            op + 3 * u32::from(self.ext)
        }
    }

    /// Byte offset of the opcode itself (after its prefixes).
    pub fn op_offset(&self, version: Version) -> u32 {
        let unit = if version.is_wordcode() { 2 } else { 3 };
        self.offset + unit * u32::from(self.ext)
    }

    /// The byte offset a jump with this argument goes to (pyc-formats §4.3).
    pub fn jump_offset(&self, version: Version, kind: JumpKind) -> Option<u64> {
        let op = u64::from(self.op_offset(version));
        let arg = u64::from(self.arg);
        let caches = 2 * u64::from(self.caches);
        match (version, kind) {
            (Version::V2_7, JumpKind::Relative) => Some(op + 3 + arg),
            (Version::V2_7, JumpKind::Absolute) => Some(arg),
            (Version::V3_10, JumpKind::Relative) => Some(op + 2 + 2 * arg),
            (Version::V3_10, JumpKind::Absolute) => Some(2 * arg),
            (_, JumpKind::Relative) => Some(op + 2 + arg),
            (_, JumpKind::Absolute) => Some(arg),
            (_, JumpKind::Forward) => Some(op + 2 + caches + 2 * arg),
            (_, JumpKind::Backward) => (op + 2 + caches).checked_sub(2 * arg),
            (_, JumpKind::Pseudo) => None,
        }
    }

    /// The bytes of its inline caches in `code` (the code it was decoded from; caches
    /// exist only in wordcode, right after the opcode unit).
    pub fn cache_bytes<'c>(&self, code: &'c [u8]) -> &'c [u8] {
        if self.caches == 0 {
            return &[];
        }
        let start = self.offset as usize + 2 * usize::from(self.ext) + 2;
        code.get(start..start + 2 * usize::from(self.caches))
            .unwrap_or_default()
    }

    /// The full [`Instruction`]: the caches' bytes kept when any is non-zero (CPython
    /// writes zeros), no target.
    pub fn instruction(self, code: &[u8]) -> Instruction {
        let cache_data = self.cache_set.then(|| self.cache_bytes(code).into());
        Instruction {
            offset: self.offset,
            opcode: self.opcode,
            arg: self.arg,
            ext: self.ext,
            caches: self.caches,
            cache_data,
            target: None,
        }
    }
}

/// Decode `co_code`.
pub fn decode(code: &[u8], version: Version) -> Result<Vec<Instruction>, DecodeError> {
    let mut out = decode_offsets(code, version)?;
    resolve_targets(&mut out, version, version.opcodes());
    Ok(out)
}

/// Decode `co_code` without resolving jump targets (every `target` is `None`), for
/// callers that work with byte offsets.
pub fn decode_offsets(code: &[u8], version: Version) -> Result<Vec<Instruction>, DecodeError> {
    let mut out = Vec::new();
    decode_each(code, version, &mut out, |d| d.instruction(code))?;
    Ok(out)
}

/// Decode `co_code` into `out` (cleared first), one `make(instruction)` per
/// instruction: [`decode_offsets`] for any record, in a vector that can be reused.
pub fn decode_each<T>(
    code: &[u8],
    version: Version,
    out: &mut Vec<T>,
    make: impl FnMut(Decoded) -> T,
) -> Result<(), DecodeError> {
    out.clear();
    if u32::try_from(code.len()).is_err() {
        return Err(DecodeError::TooLong(code.len()));
    }
    let (wordcode, table) = (version.is_wordcode(), version.opcodes());
    if wordcode && code.len() % 2 == 0 {
        return decode_words(code, table, out, make);
    }
    decode_general(code, wordcode, table, out, make)
}

/// One opcode unit at `pos`: its opcode, argument bits, the bits a unit adds to the
/// argument, and its length in bytes.
fn read_unit(
    code: &[u8],
    pos: usize,
    wordcode: bool,
    have_argument: u8,
) -> Result<(u8, u32, u32, usize), DecodeError> {
    if wordcode {
        return match code.get(pos..pos + 2) {
            Some(&[op, a]) => Ok((op, u32::from(a), 8, 2)),
            _ => Err(DecodeError::Truncated {
                offset: pos as u32,
                what: "odd number of bytes",
            }),
        };
    }
    let op = code[pos];
    if op < have_argument {
        return Ok((op, 0, 16, 1));
    }
    match code.get(pos + 1..pos + 3) {
        Some(b) => Ok((op, u32::from(u16::from_le_bytes([b[0], b[1]])), 16, 3)),
        None => Err(DecodeError::Truncated {
            offset: pos as u32,
            what: "argument bytes",
        }),
    }
}

/// Inline CACHE units per opcode number of `table` (a flat table, built once per
/// version, so decoding reads one byte per instruction).
fn cache_counts(table: &OpcodeTable) -> &'static [u8; 256] {
    static COUNTS: [OnceLock<[u8; 256]>; Version::ALL.len()] =
        [const { OnceLock::new() }; Version::ALL.len()];
    COUNTS[table.version.index()].get_or_init(|| {
        std::array::from_fn(|op| table.by_code(op as u8).map_or(0, |i| i.cache_entries))
    })
}

/// [`decode_each`] one unit at a time, for every form.
fn decode_general<T>(
    code: &[u8],
    wordcode: bool,
    table: &OpcodeTable,
    out: &mut Vec<T>,
    mut make: impl FnMut(Decoded) -> T,
) -> Result<(), DecodeError> {
    let ext_op = table.extended_arg;
    let caches = cache_counts(table);
    out.reserve(code.len() / 2);
    let mut pos = 0usize;
    while pos < code.len() {
        let start = pos as u32;
        let mut arg: u32 = 0;
        let mut ext: u8 = 0;
        loop {
            let (op, bits, width, len) = read_unit(code, pos, wordcode, table.have_argument)?;
            pos += len;
            if arg >> (32 - width) != 0 {
                return Err(DecodeError::ArgOverflow { offset: start });
            }
            arg = (arg << width) | bits;
            // A prefix run that reaches the end stays a plain EXTENDED_ARG.
            if op == ext_op && pos < code.len() && ext < u8::MAX {
                ext += 1;
                continue;
            }
            out.push(make(finish(code, caches, &mut pos, start, op, arg, ext)?));
            break;
        }
    }
    Ok(())
}

/// [`decode_each`] for wordcode of even length (every unit whole): the same
/// instructions and errors, without the per-unit reader.
fn decode_words<T>(
    code: &[u8],
    table: &OpcodeTable,
    out: &mut Vec<T>,
    mut make: impl FnMut(Decoded) -> T,
) -> Result<(), DecodeError> {
    let ext_op = table.extended_arg;
    let caches = cache_counts(table);
    out.reserve(code.len() / 2);
    let mut pos = 0usize;
    while let Some(&[op, arg]) = code.get(pos..pos + 2) {
        let start = pos as u32;
        pos += 2;
        let (op, arg, ext) = if op == ext_op {
            prefixed(code, ext_op, &mut pos, start, arg)?
        } else {
            (op, u32::from(arg), 0)
        };
        out.push(make(finish(code, caches, &mut pos, start, op, arg, ext)?));
    }
    Ok(())
}

/// The instruction at `start` that begins with an `EXTENDED_ARG` unit of argument
/// `arg` (`pos` after it): its opcode, full argument and prefix count, `pos` moved
/// past its last unit. Out of the loop of [`decode_words`] (few instructions have
/// prefixes).
#[inline(never)]
fn prefixed(
    code: &[u8],
    ext_op: u8,
    pos: &mut usize,
    start: u32,
    arg: u8,
) -> Result<(u8, u32, u8), DecodeError> {
    let (mut op, mut arg, mut ext) = (ext_op, u32::from(arg), 0u8);
    // A prefix run that reaches the end stays a plain EXTENDED_ARG.
    while op == ext_op && *pos < code.len() && ext < u8::MAX {
        if arg >> 24 != 0 {
            return Err(DecodeError::ArgOverflow { offset: start });
        }
        ext += 1;
        let Some(&[next_op, bits]) = code.get(*pos..*pos + 2) else {
            break;
        };
        op = next_op;
        arg = (arg << 8) | u32::from(bits);
        *pos += 2;
    }
    Ok((op, arg, ext))
}

/// The instruction at `start` whose last unit (`op`, the full `arg`, `ext` prefixes)
/// ends at `pos`, with its inline caches; `pos` moves past them.
#[inline]
fn finish(
    code: &[u8],
    cache_counts: &[u8; 256],
    pos: &mut usize,
    start: u32,
    op: u8,
    arg: u32,
    ext: u8,
) -> Result<Decoded, DecodeError> {
    let caches = cache_counts[usize::from(op)];
    let mut cache_set = false;
    if caches > 0 {
        let end = *pos + 2 * usize::from(caches);
        let Some(cache_bytes) = code.get(*pos..end) else {
            return Err(DecodeError::Truncated {
                offset: start,
                what: "inline caches",
            });
        };
        *pos = end;
        cache_set = any_set(cache_bytes);
    }
    Ok(Decoded {
        offset: start,
        arg,
        opcode: op,
        ext,
        caches,
        cache_set,
    })
}

/// Whether any byte is non-zero: an OR of eight bytes at a time, no early exit
/// (caches are 2 to 20 bytes).
#[inline]
fn any_set(bytes: &[u8]) -> bool {
    let words = bytes.chunks_exact(8);
    let rest = words.remainder().iter().fold(0, |a, &b| a | u64::from(b));
    let word = |w: &[u8]| u64::from_ne_bytes(w.try_into().unwrap_or([0; 8]));
    words.fold(rest, |a, w| a | word(w)) != 0
}

fn resolve_targets(instrs: &mut [Instruction], version: Version, table: &OpcodeTable) {
    for k in 0..instrs.len() {
        let ins = &instrs[k];
        let Some(kind) = table.by_code(ins.opcode).and_then(|i| i.jump) else {
            continue;
        };
        let target = ins
            .jump_offset(version, kind)
            .and_then(|t| u32::try_from(t).ok())
            .and_then(|t| instrs.binary_search_by_key(&t, |i| i.offset).ok())
            .map(|i| i as u32);
        instrs[k].target = target;
    }
}

/// A problem encoding instructions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The argument does not fit in the instruction's prefixes.
    #[error("instruction {index}: argument {arg} does not fit in {ext} EXTENDED_ARG prefix(es)")]
    ArgTooWide {
        /// Index of the instruction.
        index: usize,
        /// The argument.
        arg: u32,
        /// Its prefix count.
        ext: u8,
    },
    /// Cache data of the wrong length.
    #[error("instruction {index}: cache data is not {caches} units long")]
    BadCache {
        /// Index of the instruction.
        index: usize,
        /// Expected units.
        caches: u8,
    },
}

/// Encode instructions to `co_code`, exactly as their fields say.
pub fn encode(instrs: &[Instruction], version: Version) -> Result<Vec<u8>, EncodeError> {
    let table = version.opcodes();
    let mut out = Vec::with_capacity(instrs.len() * 2);
    for (index, ins) in instrs.iter().enumerate() {
        if version.is_wordcode() {
            let bits = 8 * (u32::from(ins.ext) + 1);
            if bits < 32 && ins.arg >> bits != 0 {
                return Err(EncodeError::ArgTooWide {
                    index,
                    arg: ins.arg,
                    ext: ins.ext,
                });
            }
            for k in (1..=u32::from(ins.ext)).rev() {
                out.push(table.extended_arg);
                out.push(shifted(ins.arg, 8 * k) as u8);
            }
            out.push(ins.opcode);
            out.push(ins.arg as u8);
            let cache_len = 2 * usize::from(ins.caches);
            match &ins.cache_data {
                None => out.resize(out.len() + cache_len, 0),
                Some(d) if d.len() == cache_len => out.extend_from_slice(d),
                Some(_) => {
                    return Err(EncodeError::BadCache {
                        index,
                        caches: ins.caches,
                    })
                }
            }
        } else {
            let has_arg = ins.opcode >= table.have_argument;
            let bits = 16 * (u32::from(ins.ext) + 1);
            // A prefix may precede an argument-less opcode; its own 16 bits are absent.
            if (bits < 32 && ins.arg >> bits != 0) || (!has_arg && ins.arg & 0xffff != 0) {
                return Err(EncodeError::ArgTooWide {
                    index,
                    arg: ins.arg,
                    ext: ins.ext,
                });
            }
            for k in (1..=u32::from(ins.ext)).rev() {
                out.push(table.extended_arg);
                out.extend_from_slice(&(shifted(ins.arg, 16 * k) as u16).to_le_bytes());
            }
            out.push(ins.opcode);
            if has_arg {
                out.extend_from_slice(&(ins.arg as u16).to_le_bytes());
            }
        }
    }
    Ok(out)
}

fn shifted(v: u32, by: u32) -> u32 {
    v.checked_shr(by).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-wise check agrees with a byte-wise one for every length up to 24 and
    /// every position of a single set byte.
    #[test]
    fn any_set_matches_bytes() {
        for len in 0..24 {
            assert!(!any_set(&vec![0; len]));
            for at in 0..len {
                let mut b = vec![0; len];
                b[at] = 0x80;
                assert!(any_set(&b), "{len} {at}");
            }
        }
    }

    /// The wordcode loop gives what the general one gives: instructions, caches and
    /// errors, on pseudo-random code rich in `EXTENDED_ARG` and cache-bearing opcodes.
    #[test]
    fn word_loop_matches_general_loop() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for v in Version::ALL.into_iter().filter(|v| v.is_wordcode()) {
            let table = v.opcodes();
            for _ in 0..2000 {
                let len = 2 * (next() % 24) as usize;
                let code: Vec<u8> = (0..len)
                    .map(|_| match next() % 4 {
                        0 => table.extended_arg,
                        1 => 0,
                        _ => next() as u8,
                    })
                    .collect();
                let (mut words, mut general) = (Vec::new(), Vec::new());
                let make = |d: Decoded| d.instruction(&code);
                assert_eq!(
                    decode_words(&code, table, &mut words, make).map(|()| words),
                    decode_general(&code, true, table, &mut general, make).map(|()| general),
                    "{v} {code:?}"
                );
            }
        }
    }
}
