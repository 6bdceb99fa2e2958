//! From instructions whose jumps name other instructions to bytecode: jump arguments
//! per version, jump direction (3.11+), and `EXTENDED_ARG` prefixes iterated to a
//! fixed point (`Python/compile.c: assemble_jump_offsets`, `Python/assemble.c:
//! resolve_jump_offsets`). Sizes only grow from the minimal ones, so the result is
//! the least fixed point, as CPython's.

use super::instr::{self, Instruction};
use crate::opcode::{JumpKind, OpcodeTable};
use crate::version::Version;

/// An instruction to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymInst {
    /// Opcode number.
    pub opcode: u8,
    /// The argument (ignored for jumps with a target).
    pub arg: u32,
    /// The index of the instruction a jump goes to (`len` for the end of the code).
    pub target: Option<usize>,
    /// A prefix count to keep instead of the minimal one.
    pub ext: Option<u8>,
    /// Non-zero inline cache bytes to keep.
    pub cache: Option<Box<[u8]>>,
}

/// Instructions that cannot be emitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmitError {
    /// A jump to an index outside the code.
    #[error("instruction {0}: jump target out of range")]
    TargetOutOfRange(usize),
    /// A jump whose direction its opcode cannot express.
    #[error("instruction {index}: {name} cannot jump {direction}")]
    Direction {
        /// Instruction index.
        index: usize,
        /// Opcode name.
        name: &'static str,
        /// "backward" or "forward".
        direction: &'static str,
    },
    /// An argument that does not fit the forced prefix count.
    #[error("{0}")]
    Encode(#[from] instr::EncodeError),
    /// The sizes did not settle (cannot happen for valid input; guards the loop).
    #[error("jump offsets did not reach a fixed point")]
    NoFixedPoint,
}

/// Emit bytecode. Jump opcodes whose direction is part of the opcode are switched to
/// the variant that matches the target (`JUMP_FORWARD`/`JUMP_BACKWARD`, 3.11's
/// `POP_JUMP_FORWARD_IF_*`/`POP_JUMP_BACKWARD_IF_*`; up to 3.10 a backward
/// `JUMP_FORWARD` becomes `JUMP_ABSOLUTE`).
pub fn emit(
    version: Version,
    insts: &mut [SymInst],
) -> Result<(Vec<u8>, Vec<Instruction>), EmitError> {
    let table = version.opcodes();
    let n = insts.len();
    if let Some(i) = insts.iter().position(|s| s.target.is_some_and(|t| t > n)) {
        return Err(EmitError::TargetOutOfRange(i));
    }
    let unit: u32 = if version.is_wordcode() { 2 } else { 3 };
    let mut ext: Vec<u8> = insts
        .iter()
        .map(|s| {
            s.ext
                .unwrap_or_else(|| min_ext(version, if s.target.is_some() { 0 } else { s.arg }))
        })
        .collect();
    let mut offsets = vec![0u32; n + 1];
    // Each round can only grow a prefix count; 4 per instruction bounds the rounds.
    for _ in 0..=4 * n + 1 {
        for (i, s) in insts.iter_mut().enumerate() {
            fix_direction(table, s, i)?;
        }
        let mut at = 0u32;
        for (i, s) in insts.iter().enumerate() {
            offsets[i] = at;
            at += size(version, table, s.opcode, ext[i]);
        }
        offsets[n] = at;
        let mut changed = false;
        for i in 0..n {
            let Some(t) = insts[i].target else { continue };
            let arg = jump_arg(
                version,
                table,
                &insts[i],
                offsets[i] + unit * u32::from(ext[i]),
                offsets[t],
            )
            .ok_or(EmitError::Direction {
                index: i,
                name: table.by_code(insts[i].opcode).map_or("?", |o| o.name),
                direction: if offsets[t] <= offsets[i] {
                    "backward"
                } else {
                    "forward"
                },
            })?;
            insts[i].arg = arg;
            let need = insts[i].ext.unwrap_or_else(|| min_ext(version, arg));
            if need > ext[i] {
                ext[i] = need;
                changed = true;
            }
        }
        if !changed {
            let out: Vec<Instruction> = insts
                .iter()
                .enumerate()
                .map(|(i, s)| Instruction {
                    offset: offsets[i],
                    opcode: s.opcode,
                    arg: s.arg,
                    ext: ext[i],
                    caches: table.by_code(s.opcode).map_or(0, |o| o.cache_entries),
                    cache_data: s.cache.clone(),
                    target: s.target.map(|t| t as u32),
                })
                .collect();
            let bytes = instr::encode(&out, version)?;
            return Ok((bytes, out));
        }
    }
    Err(EmitError::NoFixedPoint)
}

/// The fewest `EXTENDED_ARG` prefixes an argument needs.
pub fn min_ext(version: Version, arg: u32) -> u8 {
    if version.is_wordcode() {
        match arg {
            0..=0xff => 0,
            0x100..=0xffff => 1,
            0x1_0000..=0xff_ffff => 2,
            _ => 3,
        }
    } else {
        u8::from(arg > 0xffff)
    }
}

fn size(version: Version, table: &OpcodeTable, opcode: u8, ext: u8) -> u32 {
    if version.is_wordcode() {
        let caches = table
            .by_code(opcode)
            .map_or(0, |o| u32::from(o.cache_entries));
        2 * (u32::from(ext) + 1 + caches)
    } else {
        let op = if opcode >= table.have_argument { 3 } else { 1 };
        op + 3 * u32::from(ext)
    }
}

/// The argument that makes the jump at `op_offset` (after its prefixes) reach
/// `target`; `None` if the opcode cannot go that way (pyc-formats §4.3).
fn jump_arg(
    version: Version,
    table: &OpcodeTable,
    s: &SymInst,
    op_offset: u32,
    target: u32,
) -> Option<u32> {
    let info = table.by_code(s.opcode)?;
    let caches = 2 * u32::from(info.cache_entries);
    match (version, info.jump?) {
        (Version::V2_7, JumpKind::Relative) => target.checked_sub(op_offset + 3),
        (Version::V3_10, JumpKind::Relative) => target.checked_sub(op_offset + 2).map(|d| d / 2),
        (Version::V3_10, JumpKind::Absolute) => Some(target / 2),
        (_, JumpKind::Relative) => target.checked_sub(op_offset + 2),
        (_, JumpKind::Absolute) => Some(target),
        (_, JumpKind::Forward) => target.checked_sub(op_offset + 2 + caches).map(|d| d / 2),
        (_, JumpKind::Backward) => (op_offset + 2 + caches).checked_sub(target).map(|d| d / 2),
        (_, JumpKind::Pseudo) => None,
    }
}

/// Switch a 3.11+ jump to the opcode of its direction, when the version has one.
fn fix_direction(table: &OpcodeTable, s: &mut SymInst, index: usize) -> Result<(), EmitError> {
    let Some(t) = s.target else { return Ok(()) };
    let Some(info) = table.by_code(s.opcode) else {
        return Ok(());
    };
    let backward = t <= index;
    let want = match (info.jump, backward) {
        // Up to 3.10 only JUMP_ABSOLUTE goes backward unconditionally.
        (Some(JumpKind::Relative), true) if info.name == "JUMP_FORWARD" => {
            "JUMP_ABSOLUTE".to_string()
        }
        (Some(JumpKind::Forward), true) => info.name.replace("FORWARD", "BACKWARD"),
        (Some(JumpKind::Backward), false) if info.name != "END_ASYNC_FOR" => {
            if info.name == "JUMP_BACKWARD_NO_INTERRUPT" {
                "JUMP_FORWARD".to_string()
            } else {
                info.name.replace("BACKWARD", "FORWARD")
            }
        }
        _ => return Ok(()),
    };
    match table.by_name(&want).filter(|o| o.code < 256) {
        Some(o) => {
            s.opcode = o.code as u8;
            Ok(())
        }
        None => Err(EmitError::Direction {
            index,
            name: info.name,
            direction: if backward { "backward" } else { "forward" },
        }),
    }
}
