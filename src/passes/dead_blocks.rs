//! Removing blocks no path reaches (from the entry, along fall-through, jump, block
//! setup and exception edges).

use super::Pass;
use crate::cfg::Cfg;
use crate::code::Code;

/// The pass.
pub struct DeadBlocks;

impl Pass for DeadBlocks {
    fn name(&self) -> &'static str {
        "dead-blocks"
    }

    fn run(&self, cfg: &mut Cfg, _code: &Code) -> bool {
        let Some(&entry) = cfg.layout.first() else {
            return false;
        };
        cfg.recompute_edges();
        let mut live = std::collections::HashSet::new();
        let mut dfs = petgraph::visit::Dfs::new(&cfg.graph, entry);
        while let Some(b) = dfs.next(&cfg.graph) {
            live.insert(b);
        }
        let dead: Vec<_> = cfg
            .layout
            .iter()
            .copied()
            .filter(|b| !live.contains(b))
            .collect();
        for &b in &dead {
            cfg.graph.remove_node(b);
        }
        cfg.layout.retain(|b| live.contains(b));
        !dead.is_empty()
    }
}
