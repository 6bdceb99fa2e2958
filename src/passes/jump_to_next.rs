//! Removing unconditional jumps to the block that follows anyway; the jump becomes a
//! `NOP` so that its line event survives until [`super::nop::RemoveNops`] decides.

use super::{name, nop_like, Pass};
use crate::cfg::Cfg;
use crate::code::Code;

/// The pass.
pub struct JumpToNext;

/// Unconditional jumps that only transfer control.
pub(crate) fn is_plain_jump(op: &str) -> bool {
    matches!(op, "JUMP_FORWARD" | "JUMP_ABSOLUTE" | "JUMP_BACKWARD")
}

impl Pass for JumpToNext {
    fn name(&self) -> &'static str {
        "jump-to-next"
    }

    fn run(&self, cfg: &mut Cfg, _code: &Code) -> bool {
        let mut changed = false;
        for pos in 0..cfg.layout.len() {
            let b = cfg.layout[pos];
            let Some(last) = cfg.graph[b].insts.last() else {
                continue;
            };
            let Some(target) = last.target else { continue };
            if !is_plain_jump(name(cfg, last)) {
                continue;
            }
            // The target is reached by falling through: it is the next block holding
            // an instruction, or an empty block before it.
            let mut lands_next = false;
            for &n in &cfg.layout[pos + 1..] {
                if n == target {
                    lands_next = true;
                    break;
                }
                if !cfg.graph[n].insts.is_empty() {
                    break;
                }
            }
            if lands_next {
                let nop = nop_like(cfg, last);
                if let Some(slot) = cfg.graph[b].insts.last_mut() {
                    *slot = nop;
                }
                changed = true;
            }
        }
        changed
    }
}
