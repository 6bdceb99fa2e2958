//! `LOAD_CONST c; POP_TOP` (3.14 also `LOAD_SMALL_INT n; POP_TOP`) does nothing: both
//! become `NOP`s, which keep the instructions' line events.

use super::{name, nop_like, Pass};
use crate::cfg::Cfg;
use crate::code::Code;

/// The pass.
pub struct ConstPop;

impl Pass for ConstPop {
    fn name(&self) -> &'static str {
        "const-pop"
    }

    fn run(&self, cfg: &mut Cfg, _code: &Code) -> bool {
        let mut changed = false;
        for &b in &cfg.layout.clone() {
            let n = cfg.graph[b].insts.len();
            for i in 1..n {
                let (a, p) = (&cfg.graph[b].insts[i - 1], &cfg.graph[b].insts[i]);
                if matches!(name(cfg, a), "LOAD_CONST" | "LOAD_SMALL_INT")
                    && name(cfg, p) == "POP_TOP"
                {
                    let (na, np) = (nop_like(cfg, a), nop_like(cfg, p));
                    cfg.graph[b].insts[i - 1] = na;
                    cfg.graph[b].insts[i] = np;
                    changed = true;
                }
            }
        }
        changed
    }
}
