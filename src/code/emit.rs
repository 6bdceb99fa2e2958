//! From instructions whose jumps name other instructions to bytecode, for the
//! optimizer: jump opcodes follow their target's direction, then
//! [`layout`](super::layout) computes arguments and `EXTENDED_ARG` prefixes.

use super::instr::{self, Instruction};
use super::layout::{self, Arg, Item, LayoutError};
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
    /// A jump the version cannot encode (an odd distance in code units, a prefix
    /// count too small for its argument).
    #[error("instruction {0}: jump cannot be encoded")]
    Unencodable(usize),
}

/// Emit bytecode. Jump opcodes whose direction is part of the opcode are switched to
/// the variant that matches the target (`JUMP_FORWARD`/`JUMP_BACKWARD`, 3.11's
/// `POP_JUMP_FORWARD_IF_*`/`POP_JUMP_BACKWARD_IF_*`; up to 3.10 a backward
/// `JUMP_FORWARD` becomes `JUMP_ABSOLUTE`); the layout itself is
/// [`layout::layout`](super::layout::layout)'s.
pub fn emit(
    version: Version,
    insts: &mut [SymInst],
) -> Result<(Vec<u8>, Vec<Instruction>), EmitError> {
    let table = version.opcodes();
    let n = insts.len();
    if let Some(i) = insts.iter().position(|s| s.target.is_some_and(|t| t > n)) {
        return Err(EmitError::TargetOutOfRange(i));
    }
    for (i, s) in insts.iter_mut().enumerate() {
        fix_direction(table, s, i)?;
    }
    let items: Vec<Item> = insts
        .iter()
        .map(|s| {
            let info = table.by_code(s.opcode);
            Item {
                opcode: s.opcode,
                jump: info.and_then(|o| o.jump),
                arg: match s.target {
                    Some(t) => Arg::Label(t),
                    None => Arg::Value(s.arg),
                },
                ext: s.ext,
                caches: info.map_or(0, |o| o.cache_entries),
                cache_data: s.cache.clone(),
            }
        })
        .collect();
    let laid = layout::layout(&items, version).map_err(|errors| match errors.first() {
        Some(LayoutError::Encode(e)) => EmitError::Encode(e.clone()),
        Some(LayoutError::WrongDirection { index, .. }) => EmitError::Direction {
            index: *index,
            name: table.by_code(insts[*index].opcode).map_or("?", |o| o.name),
            direction: if insts[*index].target.is_some_and(|t| t <= *index) {
                "backward"
            } else {
                "forward"
            },
        },
        Some(LayoutError::Unencodable { index } | LayoutError::ExtTooSmall { index, .. }) => {
            EmitError::Unencodable(*index)
        }
        None => EmitError::Unencodable(0),
    })?;
    for (s, i) in insts.iter_mut().zip(&laid.instrs) {
        s.arg = i.arg;
    }
    let mut instrs = laid.instrs;
    for (ins, s) in instrs.iter_mut().zip(insts.iter()) {
        ins.target = s.target.map(|t| t as u32);
    }
    Ok((laid.code, instrs))
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
