//! Building a [`Cfg`] from a code object (`Python/flowgraph.c` works the other way
//! round, from the compiler's blocks; here blocks are recovered from bytecode).

use super::{is_branch, is_setup, is_terminator, Block, BlockId, Cfg, Handler, Inst};
use crate::code::exctable::ExceptionTable;
use crate::code::linetable::LineTable;
use crate::code::{instr, Code};

/// Bytecode that has no control-flow graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The bytecode does not decode.
    #[error("bytecode: {0}")]
    Decode(#[from] instr::DecodeError),
    /// A line or exception table does not decode.
    #[error("{0}")]
    Table(String),
    /// A jump whose target is not the start of an instruction.
    #[error("instruction {index} (byte {offset}) jumps to a byte that starts no instruction")]
    BadJump {
        /// Instruction index.
        index: usize,
        /// Its byte offset.
        offset: u32,
    },
    /// An exception-table boundary inside an instruction.
    #[error("exception table entry {0} does not start or end on an instruction")]
    BadHandler(usize),
}

impl Cfg {
    /// The graph of one code object (not of the ones nested in its constants).
    pub fn build(code: &Code) -> Result<Cfg, BuildError> {
        let version = code.version;
        let table = version.opcodes();
        let instrs = instr::decode(&code.code, version)?;
        let lines = LineTable::decode(
            version.line_table_format(),
            &code.linetable,
            code.firstlineno,
        )
        .map_err(|e| BuildError::Table(e.to_string()))?;
        let spans: Vec<(u32, u32)> = instrs.iter().map(|i| (i.offset, i.size(version))).collect();
        let positions = lines.instruction_positions(&spans);
        let index_at =
            |unit_offset: u32| instrs.binary_search_by_key(&unit_offset, |i| i.offset).ok();

        // Exception-table handlers per instruction (3.11+).
        let mut handler_of: Vec<Option<(usize, u32, bool)>> = vec![None; instrs.len()];
        if version.has_exception_table() {
            let et = ExceptionTable::decode(&code.exceptiontable)
                .map_err(|e| BuildError::Table(e.to_string()))?;
            for (n, e) in et.entries.iter().enumerate() {
                let start = index_at(2 * e.start).ok_or(BuildError::BadHandler(n))?;
                let end = if 2 * e.end as usize == code.code.len() {
                    instrs.len()
                } else {
                    index_at(2 * e.end).ok_or(BuildError::BadHandler(n))?
                };
                let target = index_at(2 * e.target).ok_or(BuildError::BadHandler(n))?;
                for h in handler_of.iter_mut().take(end).skip(start) {
                    *h = Some((target, e.depth, e.lasti));
                }
            }
        }

        // Block boundaries: jump targets, handler targets, and after branches.
        let mut starts = vec![false; instrs.len() + 1];
        starts[0] = true;
        for (i, ins) in instrs.iter().enumerate() {
            let info = ins.info(table);
            if info.is_some_and(is_branch) {
                let t = ins.target.ok_or(BuildError::BadJump {
                    index: i,
                    offset: ins.offset,
                })?;
                starts[t as usize] = true;
                starts[i + 1] = true;
            } else if info.is_some_and(|i| is_terminator(version, i) || is_setup(i)) {
                starts[i + 1] = true;
            }
            if let Some((t, ..)) = handler_of[i] {
                starts[t] = true;
            }
        }

        let mut graph = petgraph::stable_graph::StableGraph::default();
        let mut layout: Vec<BlockId> = Vec::new();
        let mut block_of = vec![BlockId::new(0); instrs.len()];
        for (i, block) in block_of.iter_mut().enumerate() {
            if starts[i] {
                layout.push(graph.add_node(Block::default()));
            }
            if let Some(&b) = layout.last() {
                *block = b;
            }
        }
        for (i, ins) in instrs.iter().enumerate() {
            let jumps = ins.info(table).is_some_and(is_branch);
            let inst = Inst {
                opcode: ins.opcode,
                arg: ins.arg,
                target: if jumps {
                    ins.target.map(|t| block_of[t as usize])
                } else {
                    None
                },
                position: positions[i].position,
                starts_line: positions[i].starts_line,
                handler: handler_of[i].map(|(t, depth, lasti)| Handler {
                    block: block_of[t],
                    depth,
                    lasti,
                }),
            };
            graph[block_of[i]].insts.push(inst);
        }
        let mut cfg = Cfg {
            version,
            graph,
            layout,
        };
        cfg.recompute_edges();
        Ok(cfg)
    }
}
