//! Writing a [`Cfg`] back as bytecode: blocks in layout order, jumps resolved by the
//! emitter (direction, arguments, `EXTENDED_ARG`), then the line table and (3.11+) the
//! exception table regenerated the way CPython's compiler writes them.

use super::{BlockId, Cfg, Handler};
use crate::code::emit::{self, EmitError, SymInst};
use crate::code::exctable::{ExceptionEntry, ExceptionTable};
use crate::code::linetable::{encode_canonical, InstrPosition};
use crate::code::Code;

/// A graph that cannot be written as bytecode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinearizeError {
    /// Jumps could not be encoded.
    #[error("{0}")]
    Emit(#[from] EmitError),
    /// The line table could not be written.
    #[error("line table: {0}")]
    Lines(String),
    /// A jump or handler names a block that is not in the layout.
    #[error("a jump or handler names a block that is not laid out")]
    MissingBlock,
}

impl Cfg {
    /// `code` with its bytecode, line table and exception table replaced by this
    /// graph's; every other field is kept.
    pub fn linearize(&self, code: &Code) -> Result<Code, LinearizeError> {
        let mut start: std::collections::HashMap<BlockId, usize> = Default::default();
        let mut n = 0;
        for &b in &self.layout {
            start.insert(b, n);
            n += self.graph[b].insts.len();
        }
        let block_start = |b: BlockId| start.get(&b).copied().ok_or(LinearizeError::MissingBlock);
        let mut syms = Vec::with_capacity(n);
        let mut meta = Vec::with_capacity(n);
        for &b in &self.layout {
            for inst in &self.graph[b].insts {
                syms.push(SymInst {
                    opcode: inst.opcode,
                    arg: inst.arg,
                    target: inst.target.map(block_start).transpose()?,
                    ext: None,
                    cache: None,
                });
                meta.push(inst);
            }
        }
        let (bytes, emitted) = emit::emit(self.version, &mut syms)?;
        let positions: Vec<InstrPosition> = emitted
            .iter()
            .zip(&meta)
            .map(|(e, inst)| InstrPosition {
                offset: e.offset,
                size: e.size(self.version),
                position: inst.position,
                starts_line: inst.starts_line,
            })
            .collect();
        let lines = encode_canonical(self.version, code.firstlineno, &positions)
            .map_err(|e| LinearizeError::Lines(e.to_string()))?;
        let mut out = code.clone();
        out.code = bytes;
        out.linetable = lines.encode();
        if self.version.has_exception_table() {
            let mut entries: Vec<ExceptionEntry> = Vec::new();
            let mut open: Option<(Handler, u32)> = None;
            let mut close =
                |open: &mut Option<(Handler, u32)>, end: u32| -> Result<(), LinearizeError> {
                    if let Some((h, from)) = open.take() {
                        let target = emitted
                            .get(block_start(h.block)?)
                            .map_or(bytes_len(&emitted, self.version), |e| e.offset);
                        entries.push(ExceptionEntry {
                            start: from / 2,
                            end: end / 2,
                            target: target / 2,
                            depth: h.depth,
                            lasti: h.lasti,
                        });
                    }
                    Ok(())
                };
            for (e, inst) in emitted.iter().zip(&meta) {
                if open.map(|(h, _)| h) != inst.handler {
                    close(&mut open, e.offset)?;
                    open = inst.handler.map(|h| (h, e.offset));
                }
            }
            close(&mut open, bytes_len(&emitted, self.version))?;
            out.exceptiontable = ExceptionTable { entries }.encode();
        }
        Ok(out)
    }
}

fn bytes_len(emitted: &[crate::code::Instruction], version: crate::version::Version) -> u32 {
    emitted.last().map_or(0, |e| e.offset + e.size(version))
}
