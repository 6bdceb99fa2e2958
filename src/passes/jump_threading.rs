//! Jump threading: a jump (conditional or not) whose target block starts with an
//! unconditional jump goes straight to that jump's target; an unconditional jump to a
//! block that only returns a constant returns there instead.
//!
//! For an unconditional jump, as CPython does (`Python/flowgraph.c: jump_thread`), the
//! original jump becomes a `NOP` that keeps its line, followed by the new jump with the
//! skipped jump's position. A conditional jump is only retargeted when the skipped jump
//! has no line event of its own, so that neither path gains or loses one.
//! Not threaded: jumps of `SETUP_*` handlers, 3.12+ `FOR_ITER`/`SEND` (whose target
//! must stay their `END_FOR`/`END_SEND`), jumps that would have to go backward with an
//! opcode that only goes forward, and `JUMP_BACKWARD_NO_INTERRUPT` (no interrupt check
//! may be added there).

use super::jump_to_next::is_plain_jump;
use super::{name, nop_like, Pass};
use crate::cfg::{is_setup, BlockId, Cfg, Inst};
use crate::code::Code;
use crate::version::Version;

/// The pass.
pub struct JumpThreading;

fn first_inst(cfg: &Cfg, b: BlockId) -> Option<&Inst> {
    cfg.graph[b].insts.first()
}

/// The block a jump to `b` really goes to: `b` itself, or the target of the plain
/// jump it starts with.
fn final_target(cfg: &Cfg, b: BlockId) -> Option<(BlockId, Inst)> {
    let first = first_inst(cfg, b)?;
    if is_plain_jump(name(cfg, first)) {
        let t = first.target?;
        (t != b).then(|| (t, first.clone()))
    } else {
        None
    }
}

/// `LOAD_CONST c; RETURN_VALUE` or `RETURN_CONST c` as the whole block.
fn const_return(cfg: &Cfg, b: BlockId) -> Option<Vec<Inst>> {
    let insts = &cfg.graph[b].insts;
    let names: Vec<&str> = insts.iter().map(|i| name(cfg, i)).collect();
    match names.as_slice() {
        ["LOAD_CONST", "RETURN_VALUE"] | ["RETURN_CONST"] => Some(insts.clone()),
        _ => None,
    }
}

/// Whether a jump with this opcode (or the variant the emitter switches to) can go
/// backward.
fn can_go_backward(cfg: &Cfg, info: &crate::opcode::OpInfo) -> bool {
    use crate::opcode::JumpKind;
    match info.jump {
        Some(JumpKind::Absolute | JumpKind::Backward) => true,
        Some(JumpKind::Relative) => info.name == "JUMP_FORWARD",
        Some(JumpKind::Forward) => {
            let back = info.name.replace("FORWARD", "BACKWARD");
            back != info.name && cfg.version.opcodes().by_name(&back).is_some()
        }
        _ => false,
    }
}

fn position_in_layout(cfg: &Cfg, b: BlockId) -> usize {
    cfg.layout
        .iter()
        .position(|&x| x == b)
        .unwrap_or(usize::MAX)
}

impl Pass for JumpThreading {
    fn name(&self) -> &'static str {
        "jump-threading"
    }

    fn run(&self, cfg: &mut Cfg, _code: &Code) -> bool {
        let mut changed = false;
        for pos in 0..cfg.layout.len() {
            let b = cfg.layout[pos];
            let Some(last) = cfg.graph[b].insts.last().cloned() else {
                continue;
            };
            let Some(target) = last.target else { continue };
            let Some(info) = cfg.info(&last) else {
                continue;
            };
            let op = info.name;
            if is_setup(info) || op == "JUMP_BACKWARD_NO_INTERRUPT" {
                continue;
            }
            if cfg.version >= Version::V3_12 && matches!(op, "FOR_ITER" | "SEND") {
                continue;
            }
            if is_plain_jump(op) {
                if let Some(ret) = const_return(cfg, target) {
                    // The jump returns where it stands; the handler stays the jump's.
                    let nop = nop_like(cfg, &last);
                    let insts = &mut cfg.graph[b].insts;
                    let n = insts.len();
                    insts[n - 1] = nop;
                    insts.extend(ret.into_iter().map(|i| Inst {
                        handler: last.handler,
                        ..i
                    }));
                    changed = true;
                    continue;
                }
            }
            let Some((new_target, via)) = final_target(cfg, target) else {
                continue;
            };
            if name(cfg, &via) == "JUMP_BACKWARD_NO_INTERRUPT" || new_target == target {
                continue;
            }
            if position_in_layout(cfg, new_target) <= pos && !can_go_backward(cfg, info) {
                continue;
            }
            if is_plain_jump(op) {
                // NOP (the jump's line) then the new jump with the skipped jump's
                // position: the same line events on the one path there is.
                let nop = nop_like(cfg, &last);
                let jump = Inst {
                    target: Some(new_target),
                    position: via.position,
                    starts_line: via.starts_line,
                    ..last
                };
                let insts = &mut cfg.graph[b].insts;
                let n = insts.len();
                insts[n - 1] = nop;
                insts.push(jump);
            } else {
                // A conditional jump keeps its position; the skipped jump must not
                // carry a line event of its own, or the taken path would lose it.
                let silent = if cfg.version >= Version::V3_10 {
                    via.position.line.is_none() || via.position.line == last.position.line
                } else {
                    !via.starts_line
                };
                if !silent {
                    continue;
                }
                let n = cfg.graph[b].insts.len();
                cfg.graph[b].insts[n - 1].target = Some(new_target);
            }
            changed = true;
        }
        changed
    }
}
