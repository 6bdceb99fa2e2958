//! Laying out instructions whose jumps name other instructions: offsets, jump
//! arguments and `EXTENDED_ARG` prefix counts, then `co_code` bytes.
//!
//! A jump's argument depends on the offsets, and an offset on the sizes of the
//! instructions before it, which depend on their arguments' prefix counts. As in
//! CPython (`Python/compile.c: assemble_jump_offsets` up to 3.11,
//! `Python/flowgraph.c: resolve_jump_offsets` / `Python/assemble.c` after), the
//! prefix counts start at their minimum and only grow: compute offsets, compute the
//! arguments, grow every instruction whose argument no longer fits, repeat until
//! nothing grows. Counts are bounded (3 prefixes in wordcode, 1 in 2.7), so this ends.
//!
//! Jump arguments per version (pyc-formats §4.3): 2.7-3.9 count bytes, 3.10 code
//! units; relative jumps count from the end of the instruction (3.12+: after its inline
//! caches); 3.11+ encode the direction in the opcode, so a target on the wrong side is
//! an error.

use crate::code::instr::{self, EncodeError};
use crate::code::Instruction;
use crate::opcode::JumpKind;
use crate::version::Version;

/// An instruction's argument before layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// A known value.
    Value(u32),
    /// A jump to the instruction with this index (the number of instructions = the end
    /// of the code).
    Label(usize),
}

/// One instruction to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The opcode number.
    pub opcode: u8,
    /// How it jumps, if it does.
    pub jump: Option<JumpKind>,
    /// Its argument.
    pub arg: Arg,
    /// An exact `EXTENDED_ARG` prefix count (`[ext=N]`); `None` for as few as needed.
    pub ext: Option<u8>,
    /// Inline cache units that follow it.
    pub caches: u8,
    /// Non-zero cache bytes (`[cache="HEX"]`), `2 * caches` long.
    pub cache_data: Option<Box<[u8]>>,
}

/// A problem laying out one instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// The target is on the wrong side for this opcode.
    WrongDirection {
        /// The instruction.
        index: usize,
        /// Its jump kind.
        kind: JumpKind,
    },
    /// The argument needs more prefixes than `[ext=N]` gives.
    ExtTooSmall {
        /// The instruction.
        index: usize,
        /// The argument.
        arg: u32,
        /// The prefixes it needs.
        needed: u8,
    },
    /// A jump to an offset not representable in the argument (odd byte offsets in
    /// 3.10, jumps whose kind has no encoding).
    Unencodable {
        /// The instruction.
        index: usize,
    },
    /// The encoder refused an instruction.
    Encode(EncodeError),
}

/// The laid-out code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The instructions, offsets, arguments and targets final.
    pub instrs: Vec<Instruction>,
    /// Byte offset of each instruction, and the code length last.
    pub offsets: Vec<u32>,
    /// `co_code`.
    pub code: Vec<u8>,
}

/// The fewest prefixes an argument needs.
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

fn size(version: Version, item: &Item, ext: u8) -> u32 {
    if version.is_wordcode() {
        2 * (u32::from(ext) + 1 + u32::from(item.caches))
    } else {
        let has_arg = item.opcode >= version.opcodes().have_argument;
        (if has_arg { 3 } else { 1 }) + 3 * u32::from(ext)
    }
}

/// The argument of a jump from the instruction at `start` (first prefix) with `ext`
/// prefixes, to byte offset `target`; `None` if the target is on the wrong side.
fn jump_arg(
    version: Version,
    kind: JumpKind,
    item: &Item,
    start: u32,
    ext: u8,
    target: u32,
) -> Option<i64> {
    let unit: i64 = if version.is_wordcode() { 2 } else { 3 };
    let op = i64::from(start) + unit * i64::from(ext);
    let target = i64::from(target);
    let end = op + if version.is_wordcode() { 2 } else { 3 };
    let after_caches = end + 2 * i64::from(item.caches);
    let scale = if version >= Version::V3_10 { 2 } else { 1 };
    let arg = match kind {
        JumpKind::Absolute => target,
        JumpKind::Relative => target - end,
        JumpKind::Forward => target - after_caches,
        JumpKind::Backward => after_caches - target,
        JumpKind::Pseudo => return None,
    };
    if arg < 0 {
        return None;
    }
    // An odd distance cannot be expressed in code units; caught by the caller.
    Some(if arg % scale == 0 { arg / scale } else { -1 })
}

/// Lay out and encode. All errors are reported, each with its instruction index.
pub fn layout(items: &[Item], version: Version) -> Result<Layout, Vec<LayoutError>> {
    let n = items.len();
    let mut ext: Vec<u8> = items
        .iter()
        .map(|it| match (it.ext, it.arg) {
            (Some(e), _) => e,
            (None, Arg::Value(v)) => min_ext(version, v),
            (None, Arg::Label(_)) => 0,
        })
        .collect();
    let mut offsets = vec![0u32; n + 1];
    let mut args: Vec<u32> = vec![0; n];
    let mut errors = Vec::new();
    loop {
        let mut at = 0u32;
        for i in 0..n {
            offsets[i] = at;
            at = at.saturating_add(size(version, &items[i], ext[i]));
        }
        offsets[n] = at;
        errors.clear();
        let mut grew = false;
        for (i, item) in items.iter().enumerate() {
            let arg = match item.arg {
                Arg::Value(v) => v,
                Arg::Label(t) => {
                    let target = offsets[t.min(n)];
                    let Some(kind) = item.jump else {
                        errors.push(LayoutError::Unencodable { index: i });
                        continue;
                    };
                    match jump_arg(version, kind, item, offsets[i], ext[i], target) {
                        None => {
                            errors.push(LayoutError::WrongDirection { index: i, kind });
                            0
                        }
                        Some(a) => match u32::try_from(a) {
                            Ok(a) => a,
                            Err(_) => {
                                errors.push(LayoutError::Unencodable { index: i });
                                0
                            }
                        },
                    }
                }
            };
            args[i] = arg;
            let needed = min_ext(version, arg);
            if needed > ext[i] {
                if item.ext.is_some() {
                    errors.push(LayoutError::ExtTooSmall {
                        index: i,
                        arg,
                        needed,
                    });
                } else {
                    ext[i] = needed;
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut instrs: Vec<Instruction> = items
        .iter()
        .enumerate()
        .map(|(i, item)| Instruction {
            offset: offsets[i],
            opcode: item.opcode,
            arg: args[i],
            ext: ext[i],
            caches: item.caches,
            cache_data: item.cache_data.clone(),
            target: None,
        })
        .collect();
    for ins in instrs.iter_mut() {
        let Some(kind) = version.opcodes().by_code(ins.opcode).and_then(|i| i.jump) else {
            continue;
        };
        ins.target = ins
            .jump_offset(version, kind)
            .and_then(|t| u32::try_from(t).ok())
            .and_then(|t| offsets[..n].binary_search(&t).ok())
            .map(|i| i as u32);
    }
    let code = instr::encode(&instrs, version).map_err(|e| vec![LayoutError::Encode(e)])?;
    Ok(Layout {
        instrs,
        offsets,
        code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(version: Version, name: &str, arg: Arg) -> Item {
        let info = version.opcodes().by_name(name).expect("opcode");
        Item {
            opcode: info.code as u8,
            jump: info.jump,
            arg,
            ext: None,
            caches: if version.has_exception_table() {
                info.cache_entries
            } else {
                0
            },
            cache_data: None,
        }
    }

    #[test]
    fn long_forward_jump_grows_to_a_fixed_point() {
        let v = Version::V3_9;
        let mut items = vec![item(v, "JUMP_FORWARD", Arg::Label(200))];
        items.extend((0..199).map(|_| item(v, "NOP", Arg::Value(0))));
        items.push(item(v, "RETURN_VALUE", Arg::Value(0)));
        let l = layout(&items, v).expect("lays out");
        // One prefix: the jump is 4 bytes, the target at 4 + 199*2 = 402, arg 402 - 4.
        assert_eq!(l.instrs[0].ext, 1);
        assert_eq!(l.instrs[0].arg, 398);
        assert_eq!(l.instrs[0].target, Some(200));
        assert_eq!(&l.code[..4], &[144, 1, 110, 142]);
    }

    #[test]
    fn backward_and_wrong_direction() {
        let v = Version::V3_12;
        let items = vec![
            item(v, "NOP", Arg::Value(0)),
            item(v, "JUMP_BACKWARD", Arg::Label(0)),
        ];
        let l = layout(&items, v).expect("lays out");
        assert_eq!(l.instrs[1].arg, 2);
        let items = vec![
            item(v, "NOP", Arg::Value(0)),
            item(v, "JUMP_FORWARD", Arg::Label(0)),
        ];
        assert_eq!(
            layout(&items, v),
            Err(vec![LayoutError::WrongDirection {
                index: 1,
                kind: JumpKind::Forward
            }])
        );
    }
}
