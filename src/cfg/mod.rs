//! The control-flow graph of a code object.
//!
//! Basic blocks of instructions in a petgraph `StableGraph` (passes remove blocks, and
//! `StableGraph` keeps the other indices valid), with an explicit layout: the order the
//! blocks are written in, which decides fall-through. The instructions are the truth;
//! edges are derived from them by [`Cfg::recompute_edges`].
//!
//! ```text
//!  B0: LOAD_NAME x; POP_JUMP_IF_FALSE B2   --fall--> B1, --jump--> B2
//!  B1: ...; RETURN_VALUE                   (no successor)
//!  B2: ...                                 (handler edges: --exception--> H)
//! ```
//!
//! Exception handling: up to 3.10 the `SETUP_*` instructions jump to their handler
//! (a jump edge of kind [`EdgeKind::Setup`]); from 3.11 each instruction carries the
//! exception-table handler that covers it, and the table is rebuilt from those.

mod build;
mod dot;
mod linearize;

pub use build::BuildError;
pub use linearize::LinearizeError;

use petgraph::stable_graph::{NodeIndex, StableGraph};

use crate::code::linetable::Position;
use crate::opcode::{JumpKind, OpInfo};
use crate::version::Version;

/// A block's index in the graph.
pub type BlockId = NodeIndex<u32>;

/// A 3.11+ exception handler covering an instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    /// Where the exception goes.
    pub block: BlockId,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed.
    pub lasti: bool,
}

/// One instruction, with its jump target as a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Inst {
    /// Opcode number in the code object's version.
    pub opcode: u8,
    /// The argument, for instructions that are not jumps (jumps: recomputed).
    pub arg: u32,
    /// The block a jump goes to.
    pub target: Option<BlockId>,
    /// Source position.
    pub position: Position,
    /// 2.7-3.8: the compiler recorded a line event here.
    pub starts_line: bool,
    /// 3.11+: the exception handler covering it.
    pub handler: Option<Handler>,
}

/// A basic block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    /// Its instructions; only the last may jump or end the block.
    pub insts: Vec<Inst>,
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// To the next block in the layout.
    Fall,
    /// A jump's target.
    Jump,
    /// A `SETUP_*` instruction's handler (up to 3.10).
    Setup,
    /// A 3.11+ exception-table handler.
    Exception,
}

/// The graph of one code object.
#[derive(Debug, Clone)]
pub struct Cfg {
    /// The version whose opcodes the instructions use.
    pub version: Version,
    /// Blocks and edges.
    pub graph: StableGraph<Block, EdgeKind, petgraph::Directed, u32>,
    /// Blocks in the order they are written; the first is the entry.
    pub layout: Vec<BlockId>,
}

impl Cfg {
    /// The table entry of an instruction's opcode.
    pub fn info(&self, inst: &Inst) -> Option<&'static OpInfo> {
        self.version.opcodes().by_code(inst.opcode)
    }

    /// Whether control can continue to the next instruction after `inst`.
    pub fn falls_through(&self, inst: &Inst) -> bool {
        !self
            .info(inst)
            .is_some_and(|i| is_terminator(self.version, i))
    }

    /// Rebuild every edge from the instructions and the layout.
    pub fn recompute_edges(&mut self) {
        let edges: Vec<_> = self.graph.edge_indices().collect();
        for e in edges {
            self.graph.remove_edge(e);
        }
        for (pos, &b) in self.layout.iter().enumerate() {
            let mut out = Vec::new();
            let block = &self.graph[b];
            let mut handlers: Vec<BlockId> = Vec::new();
            for inst in &block.insts {
                if let Some(h) = inst.handler {
                    if !handlers.contains(&h.block) {
                        handlers.push(h.block);
                    }
                }
            }
            if let Some(last) = block.insts.last() {
                if let Some(t) = last.target {
                    let kind = if self.info(last).is_some_and(is_setup) {
                        EdgeKind::Setup
                    } else {
                        EdgeKind::Jump
                    };
                    out.push((t, kind));
                }
            }
            let falls = block.insts.last().is_none_or(|i| self.falls_through(i));
            if falls {
                if let Some(&next) = self.layout.get(pos + 1) {
                    out.push((next, EdgeKind::Fall));
                }
            }
            out.extend(handlers.into_iter().map(|h| (h, EdgeKind::Exception)));
            for (to, kind) in out {
                self.graph.add_edge(b, to, kind);
            }
        }
    }

    /// Number of instructions in all blocks.
    pub fn instruction_count(&self) -> usize {
        self.layout.iter().map(|&b| self.graph[b].insts.len()).sum()
    }
}

/// Whether an opcode ends every path through it: returns, raises and unconditional
/// jumps (`Python/flowgraph.c: IS_SCOPE_EXIT_OPCODE`, `IS_UNCONDITIONAL_JUMP_OPCODE`).
pub fn is_terminator(version: Version, info: &OpInfo) -> bool {
    matches!(
        info.name,
        "RETURN_VALUE"
            | "RETURN_CONST"
            | "RAISE_VARARGS"
            | "RERAISE"
            | "JUMP_FORWARD"
            | "JUMP_ABSOLUTE"
            | "JUMP_BACKWARD"
            | "JUMP_BACKWARD_NO_INTERRUPT"
            | "BREAK_LOOP"
            | "CONTINUE_LOOP"
    ) && !(version == Version::V2_7 && info.name == "JUMP_BACKWARD")
}

/// Whether an opcode is a conditional or unconditional jump that ends a block.
pub fn is_branch(info: &OpInfo) -> bool {
    info.jump.is_some_and(|k| k != JumpKind::Pseudo) && info.name != "END_ASYNC_FOR"
}

/// Whether an opcode pushes a block-stack handler (up to 3.10).
pub fn is_setup(info: &OpInfo) -> bool {
    info.name.starts_with("SETUP_") && info.jump.is_some()
}
