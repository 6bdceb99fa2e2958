//! Removing `NOP`s without losing line-number events.
//!
//! 3.10+: CPython's rule (`Python/flowgraph.c: remove_redundant_nops`): a `NOP` goes if
//! it has no line, if the instruction before it in the block has the same line, or if
//! the next instruction (in the block, or the first of the next non-empty block) has
//! the same line; a next instruction without a line takes the `NOP`'s position.
//! Up to 3.9 line events are `co_lnotab` entries: a `NOP` that starts a line goes only
//! when the next instruction of its block continues that line, which then starts it.

use super::{name, Pass};
use crate::cfg::Cfg;
use crate::code::Code;
use crate::version::Version;

/// The pass.
pub struct RemoveNops;

impl Pass for RemoveNops {
    fn name(&self) -> &'static str {
        "nop"
    }

    fn run(&self, cfg: &mut Cfg, _code: &Code) -> bool {
        let mut changed = false;
        let layout = cfg.layout.clone();
        for (pos, &b) in layout.iter().enumerate() {
            let next_line = layout[pos + 1..]
                .iter()
                .find_map(|&n| cfg.graph[n].insts.first())
                .map(|i| i.position.line);
            let nop_code = cfg.version.opcodes().by_name("NOP").map(|o| o.code as u8);
            let mut insts = std::mem::take(&mut cfg.graph[b].insts);
            let mut kept: Vec<crate::cfg::Inst> = Vec::with_capacity(insts.len());
            let n = insts.len();
            for i in 0..n {
                let inst = insts[i].clone();
                if Some(inst.opcode) != nop_code {
                    kept.push(inst);
                    continue;
                }
                let line = inst.position.line;
                let remove = if cfg.version >= Version::V3_10 {
                    let prev = kept.last().map(|k| k.position.line);
                    match insts.get(i + 1) {
                        _ if line.is_none() => true,
                        _ if prev == Some(line) => true,
                        Some(next) if next.position.line == line => true,
                        Some(next) if next.position.line.is_none() => {
                            insts[i + 1].position = inst.position;
                            true
                        }
                        Some(_) => false,
                        None => next_line == Some(line),
                    }
                } else if !inst.starts_line {
                    true
                } else {
                    match insts.get(i + 1) {
                        Some(next) if !next.starts_line && next.position.line == line => {
                            insts[i + 1].starts_line = true;
                            true
                        }
                        _ => false,
                    }
                };
                if remove {
                    changed = true;
                } else {
                    kept.push(inst);
                }
            }
            cfg.graph[b].insts = kept;
        }
        let _ = name;
        changed
    }
}
