//! Peephole passes over a [`Cfg`], each a small module with one job, run to a fixed
//! point by [`optimize`].
//!
//! Every pass keeps the program's behaviour, including its line-number events
//! (`sys.settrace` "line" events and traceback lines): an instruction that is removed
//! but carries a line the program would otherwise lose becomes a `NOP` with that
//! position, and [`nop::RemoveNops`] drops only the `NOP`s CPython itself would drop.

pub mod const_branch;
pub mod const_pop;
pub mod dead_blocks;
pub mod jump_threading;
pub mod jump_to_next;
pub mod nop;

use crate::cfg::{Cfg, Inst};
use crate::code::Code;

/// A transformation of a graph.
pub trait Pass: Sync {
    /// Its name, as `--passes` takes it.
    fn name(&self) -> &'static str;
    /// Transform `cfg` (of the code object `code`, whose constants it may read);
    /// returns whether anything changed.
    fn run(&self, cfg: &mut Cfg, code: &Code) -> bool;
}

/// Every pass, in the order they run within a round.
pub fn all() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(const_branch::ConstBranch),
        Box::new(const_pop::ConstPop),
        Box::new(jump_threading::JumpThreading),
        Box::new(jump_to_next::JumpToNext),
        Box::new(dead_blocks::DeadBlocks),
        Box::new(nop::RemoveNops),
    ]
}

/// The passes named in a comma-separated list (`--passes nop,dead-blocks`).
pub fn by_names(list: &str) -> Result<Vec<Box<dyn Pass>>, String> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let pass = all()
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = all().iter().map(|p| p.name()).collect();
                format!("unknown pass `{name}` (passes: {})", known.join(", "))
            })?;
        out.push(pass);
    }
    Ok(out)
}

/// How much each pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Per pass name: rounds in which it changed something.
    pub changed: Vec<(&'static str, usize)>,
    /// Per pass (same order): instructions it removed (negative: added).
    pub removed: Vec<isize>,
}

/// Run `passes` in order, round after round, until a round changes nothing (at most
/// 16 rounds).
pub fn optimize(cfg: &mut Cfg, code: &Code, passes: &[Box<dyn Pass>]) -> Report {
    let mut report = Report {
        changed: passes.iter().map(|p| (p.name(), 0)).collect(),
        removed: vec![0; passes.len()],
    };
    for _ in 0..16 {
        let mut any = false;
        for (i, p) in passes.iter().enumerate() {
            let before = cfg.instruction_count() as isize;
            if p.run(cfg, code) {
                cfg.recompute_edges();
                report.changed[i].1 += 1;
                report.removed[i] += before - cfg.instruction_count() as isize;
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    report
}

/// The opcode's name.
pub(crate) fn name(cfg: &Cfg, inst: &Inst) -> &'static str {
    cfg.info(inst).map_or("", |i| i.name)
}

/// A `NOP` standing where `inst` was, keeping its position and handler.
pub(crate) fn nop_like(cfg: &Cfg, inst: &Inst) -> Inst {
    let nop = cfg
        .version
        .opcodes()
        .by_name("NOP")
        .map_or(inst.opcode, |o| o.code as u8);
    Inst {
        opcode: nop,
        arg: 0,
        target: None,
        ..inst.clone()
    }
}
