//! Branches on a constant: `LOAD_CONST c` (3.13+: and `TO_BOOL`) followed by
//! `POP_JUMP_IF_FALSE/TRUE/NONE/NOT_NONE` always goes the same way, so the pair becomes
//! an unconditional jump or nothing (`NOP`s that keep the line events).
//!
//! Only constants whose truth CPython decides without running Python code qualify
//! (None, bool, int, float, complex, str, bytes, tuple, frozenset, Ellipsis, code).

use super::{name, nop_like, Pass};
use crate::cfg::{Cfg, Inst};
use crate::code::{Code, Const};
use crate::version::Version;

/// The pass.
pub struct ConstBranch;

/// `bool(c)`, when evaluating it runs no Python code.
pub fn truth(c: &Const) -> Option<bool> {
    use num_traits::Zero;
    Some(match c {
        Const::None => false,
        Const::Bool(b) => *b,
        Const::Int(i) | Const::Long(i) => !i.is_zero(),
        Const::Float(f) => *f != 0.0,
        Const::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Const::Str(s) => !s.is_empty(),
        Const::Bytes(b) => !b.is_empty(),
        Const::Tuple(v) | Const::FrozenSet(v) => !v.is_empty(),
        Const::Ellipsis | Const::Code(_) | Const::StopIteration => true,
        _ => return None,
    })
}

impl Pass for ConstBranch {
    fn name(&self) -> &'static str {
        "const-branch"
    }

    fn run(&self, cfg: &mut Cfg, code: &Code) -> bool {
        let mut changed = false;
        let jump_op = ["JUMP_FORWARD", "JUMP_ABSOLUTE"]
            .iter()
            .find_map(|n| cfg.version.opcodes().by_name(n))
            .map(|o| o.code as u8);
        for &b in &cfg.layout.clone() {
            let insts = &cfg.graph[b].insts;
            let Some(last) = insts.last() else { continue };
            let op = name(cfg, last);
            if !matches!(
                op,
                "POP_JUMP_IF_FALSE"
                    | "POP_JUMP_IF_TRUE"
                    | "POP_JUMP_IF_NONE"
                    | "POP_JUMP_IF_NOT_NONE"
                    | "POP_JUMP_FORWARD_IF_FALSE"
                    | "POP_JUMP_FORWARD_IF_TRUE"
                    | "POP_JUMP_FORWARD_IF_NONE"
                    | "POP_JUMP_FORWARD_IF_NOT_NONE"
                    | "POP_JUMP_BACKWARD_IF_FALSE"
                    | "POP_JUMP_BACKWARD_IF_TRUE"
                    | "POP_JUMP_BACKWARD_IF_NONE"
                    | "POP_JUMP_BACKWARD_IF_NOT_NONE"
            ) {
                continue;
            }
            let n = insts.len();
            // The producer: LOAD_CONST right before, or before a TO_BOOL (3.13+).
            let mut k = n - 1;
            let mut via_to_bool = false;
            if k >= 1 && name(cfg, &insts[k - 1]) == "TO_BOOL" {
                via_to_bool = true;
                k -= 1;
            }
            if k == 0 || name(cfg, &insts[k - 1]) != "LOAD_CONST" {
                continue;
            }
            let Some(c) = code.consts.get(insts[k - 1].arg as usize) else {
                continue;
            };
            let taken = if op.ends_with("IF_NONE") {
                Some(matches!(c, Const::None))
            } else if op.ends_with("IF_NOT_NONE") {
                Some(!matches!(c, Const::None))
            } else {
                truth(c).map(|t| t == op.ends_with("IF_TRUE"))
            };
            let (Some(taken), Some(jump_op)) = (taken, jump_op) else {
                continue;
            };
            if via_to_bool && cfg.version < Version::V3_13 {
                continue;
            }
            let start = k - 1;
            let replaced: Vec<Inst> = insts[start..].iter().map(|i| nop_like(cfg, i)).collect();
            let last = insts[n - 1].clone();
            let block = &mut cfg.graph[b].insts;
            block.truncate(start);
            block.extend(replaced);
            if taken {
                let n = block.len();
                block[n - 1] = Inst {
                    opcode: jump_op,
                    arg: 0,
                    ..last
                };
            }
            changed = true;
        }
        changed
    }
}
