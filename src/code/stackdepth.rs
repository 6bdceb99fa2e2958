//! Stack depth: the maximum value-stack depth of a code object under the compiler's
//! model, which is what CPython stores as `co_stacksize`.
//!
//! An abstract interpretation over the final instructions, as CPython's compiler does
//! over its control-flow graph (`Python/compile.c: stackdepth` up to 3.11,
//! `Python/flowgraph.c: stackdepth` from 3.12):
//!
//! - every instruction changes the depth by its table effect ([`OpInfo::effect`]); a
//!   jump's taken edge uses [`OpInfo::effect_jump`] (up to 3.10 this is also how a
//!   `SETUP_*` block reaches its handler);
//! - 3.11+: an instruction covered by an exception-table entry also reaches the
//!   entry's handler, at depth `depth + lasti + 1` (pyc-formats §7.2, §11); so does
//!   the table itself for a handler nothing reaches (CPython's compiler reached it
//!   from a `SETUP_*` pseudo-instruction whose protected range became empty);
//! - `RETURN_*`, `RAISE_VARARGS`, `RERAISE`, `BREAK_LOOP` and unconditional jumps end
//!   a path; 3.14's `END_ASYNC_FOR` never jumps (its "target" is for monitoring);
//! - a worklist visits each instruction with the deepest depth that reaches it (a
//!   bounded number of times);
//! - code objects of generators and coroutines start at depth 1 in 3.10-3.12 (the
//!   value sent in by the first `send`), and 3.13+ stores at least 1.
//!
//! The result is the maximum over every depth reached, and the problems found:
//! an effect that takes the depth below zero, two edges that reach an instruction
//! with different depths, a path that runs off the end of the code. From 3.10 the
//! maximum equals `co_stacksize` for every code object CPython writes; up to 3.9
//! CPython computed it before the peephole optimizer, on code we never see.

use crate::code::exctable::ExceptionEntry;
use crate::code::Instruction;
use crate::opcode::{JumpKind, OpInfo};
use crate::version::Version;

/// `CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR`.
const GENERATOR_FLAGS: u32 = 0x20 | 0x80 | 0x200;

/// A problem found while computing the stack depth. `index` is an instruction index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackError {
    /// The code has no instructions.
    Empty,
    /// An opcode number the version's table does not have.
    UnknownOpcode {
        /// The instruction.
        index: usize,
    },
    /// The depth would go below zero.
    Underflow {
        /// The instruction.
        index: usize,
        /// The depth before it.
        depth: u32,
        /// Its effect on the path taken.
        effect: i32,
    },
    /// Two paths reach an instruction with different depths.
    Inconsistent {
        /// The instruction reached.
        index: usize,
        /// The depth it was first reached with.
        first: u32,
        /// The other depth.
        other: u32,
        /// The instruction the other edge comes from.
        from: usize,
    },
    /// Execution can continue past the last instruction.
    FallsOffEnd {
        /// The last instruction on that path.
        index: usize,
    },
    /// A jump whose target is not the start of an instruction.
    BadTarget {
        /// The jump.
        index: usize,
    },
    /// An exception-table entry whose handler is not the start of an instruction.
    BadHandler {
        /// The entry's index in the table.
        entry: usize,
    },
}

/// The outcome of [`analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The maximum depth: the `co_stacksize` CPython would store.
    pub max: u32,
    /// The depth on entry to each instruction; `None` for unreachable ones.
    pub depths: Vec<Option<u32>>,
    /// Every problem found, in the order found.
    pub errors: Vec<StackError>,
}

/// Whether the instruction ends the path it is on (no fall-through).
fn ends_path(name: &str) -> bool {
    matches!(
        name,
        "RETURN_VALUE"
            | "RETURN_CONST"
            | "RAISE_VARARGS"
            | "RERAISE"
            | "BREAK_LOOP"
            | "JUMP_FORWARD"
            | "JUMP_ABSOLUTE"
            | "JUMP_BACKWARD"
            | "JUMP_BACKWARD_NO_INTERRUPT"
    )
}

/// Whether the instruction's taken edge is followed.
fn follows_target(version: Version, info: &OpInfo) -> bool {
    match info.jump {
        None | Some(JumpKind::Pseudo) => false,
        Some(_) => !(version >= Version::V3_14 && info.name == "END_ASYNC_FOR"),
    }
}

/// The depth a code object starts at.
pub fn start_depth(version: Version, flags: u32) -> u32 {
    let gen = flags & GENERATOR_FLAGS != 0;
    u32::from(gen && (Version::V3_10..=Version::V3_12).contains(&version))
}

struct Walk<'a> {
    instrs: &'a [Instruction],
    depths: Vec<Option<u32>>,
    work: Vec<usize>,
    errors: Vec<StackError>,
    max: u32,
    raises: Vec<u8>,
    reported: std::collections::HashSet<usize>,
}

/// How often an instruction's depth may be raised by a later, deeper edge.
const MAX_RAISES: u8 = 8;

impl Walk<'_> {
    /// Reach `index` with `depth` from instruction `from`. A higher depth than before
    /// is propagated again (a bounded number of times, since up to 3.9 the model is
    /// not neutral around every loop), so the maximum stays an upper bound.
    fn reach(&mut self, index: usize, depth: u32, from: usize) {
        self.max = self.max.max(depth);
        match self.depths.get(index).copied() {
            None => self.errors.push(StackError::BadTarget { index: from }),
            Some(None) => {
                self.depths[index] = Some(depth);
                self.work.push(index);
            }
            Some(Some(first)) if first != depth => {
                self.inconsistent(index, first, depth, from);
                if depth > first && self.raise(index) {
                    self.depths[index] = Some(depth);
                    self.work.push(index);
                }
            }
            Some(Some(_)) => {}
        }
    }

    fn inconsistent(&mut self, index: usize, first: u32, other: u32, from: usize) {
        if self.reported.insert(index) {
            self.errors.push(StackError::Inconsistent {
                index,
                first,
                other,
                from,
            });
        }
    }

    /// Count one more raise of `index`'s depth; false once the budget is spent.
    fn raise(&mut self, index: usize) -> bool {
        let r = &mut self.raises[index];
        *r += 1;
        *r <= MAX_RAISES
    }
}

/// For each instruction, the exception-table entry that covers it (the first one
/// containing its first code unit, as `Python/ceval.c: get_exception_handler` finds it).
fn handlers(instrs: &[Instruction], table: &[ExceptionEntry]) -> Vec<Option<usize>> {
    let mut out = vec![None; instrs.len()];
    for (e, entry) in table.iter().enumerate() {
        let lo = instrs.partition_point(|i| i.offset / 2 < entry.start);
        let hi = instrs.partition_point(|i| i.offset / 2 < entry.end);
        for slot in out.iter_mut().take(hi).skip(lo) {
            slot.get_or_insert(e);
        }
    }
    out
}

/// Compute the stack depth of `instrs` (decoded, with jump targets resolved; offsets
/// in bytes). `exceptions` is the 3.11+ exception table (code units), `flags` is
/// `co_flags`.
pub fn analyze(
    version: Version,
    instrs: &[Instruction],
    exceptions: &[ExceptionEntry],
    flags: u32,
) -> Analysis {
    let table = version.opcodes();
    let n = instrs.len();
    let mut w = Walk {
        instrs,
        depths: vec![None; n],
        work: Vec::new(),
        errors: Vec::new(),
        max: 0,
        raises: vec![0; n],
        reported: Default::default(),
    };
    if n == 0 {
        w.errors.push(StackError::Empty);
        return Analysis {
            max: 0,
            depths: w.depths,
            errors: w.errors,
        };
    }
    let handler_of = handlers(instrs, exceptions);
    let handler_index: Vec<Option<usize>> = exceptions
        .iter()
        .map(|e| {
            instrs
                .binary_search_by_key(&e.target, |i| i.offset / 2)
                .ok()
        })
        .collect();
    for (e, h) in handler_index.iter().enumerate() {
        if h.is_none() {
            w.errors.push(StackError::BadHandler { entry: e });
        }
    }
    w.reach(0, start_depth(version, flags), 0);
    // Handlers are entered at the depth their entry records, reached or not: 3.11
    // keeps handlers whose protected range became empty, and counts them.
    let mut seeds = exceptions.iter().zip(&handler_index).rev();
    loop {
        let Some(start) = w.work.pop() else {
            match seeds.next() {
                Some((e, &Some(h))) if w.depths[h].is_none() => {
                    w.reach(h, e.depth.saturating_add(u32::from(e.lasti) + 1), h);
                }
                Some(_) => {}
                None => break,
            }
            continue;
        };
        let mut i = start;
        let Some(mut depth) = w.depths[i] else {
            continue;
        };
        loop {
            let ins = &w.instrs[i];
            let Some(info) = table.by_code(ins.opcode) else {
                w.errors.push(StackError::UnknownOpcode { index: i });
                break;
            };
            if let Some(e) = handler_of[i] {
                if let (Some(h), Some(entry)) = (handler_index[e], exceptions.get(e)) {
                    let d = entry.depth.saturating_add(u32::from(entry.lasti) + 1);
                    w.reach(h, d, i);
                }
            }
            if follows_target(version, info) {
                let effect = info.effect_jump.unwrap_or(info.effect).eval(ins.arg);
                match apply(depth, effect) {
                    None => w.errors.push(StackError::Underflow {
                        index: i,
                        depth,
                        effect,
                    }),
                    Some(d) => match ins.target {
                        Some(t) => w.reach(t as usize, d, i),
                        None => w.errors.push(StackError::BadTarget { index: i }),
                    },
                }
            }
            if ends_path(info.name) {
                break;
            }
            let effect = info.effect.eval(ins.arg);
            let Some(next) = apply(depth, effect) else {
                w.errors.push(StackError::Underflow {
                    index: i,
                    depth,
                    effect,
                });
                break;
            };
            w.max = w.max.max(next);
            if i + 1 >= n {
                w.errors.push(StackError::FallsOffEnd { index: i });
                break;
            }
            match w.depths[i + 1] {
                Some(first) if first >= next => {
                    if first != next {
                        w.inconsistent(i + 1, first, next, i);
                    }
                    break;
                }
                Some(first) => {
                    w.inconsistent(i + 1, first, next, i);
                    if !w.raise(i + 1) {
                        break;
                    }
                }
                None => {}
            }
            w.depths[i + 1] = Some(next);
            depth = next;
            i += 1;
        }
    }
    let mut max = w.max;
    if version >= Version::V3_13 {
        max = max.max(1);
    }
    Analysis {
        max,
        depths: w.depths,
        errors: w.errors,
    }
}

fn apply(depth: u32, effect: i32) -> Option<u32> {
    let d = i64::from(depth) + i64::from(effect);
    u32::try_from(d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::instr;

    fn code(version: Version, ops: &[(&str, u32)]) -> Vec<Instruction> {
        let t = version.opcodes();
        let mut bytes = Vec::new();
        for &(name, arg) in ops {
            let info = t.by_name(name).expect("opcode");
            bytes.push(info.code as u8);
            bytes.push(arg as u8);
            for _ in 0..info.cache_entries {
                bytes.extend([0, 0]);
            }
        }
        instr::decode(&bytes, version).expect("decodes")
    }

    #[test]
    fn straight_line_and_underflow() {
        let v = Version::V3_12;
        let c = code(
            v,
            &[
                ("RESUME", 0),
                ("LOAD_CONST", 0),
                ("LOAD_CONST", 0),
                ("BUILD_TUPLE", 2),
                ("RETURN_VALUE", 0),
            ],
        );
        let a = analyze(v, &c, &[], 0);
        assert_eq!(a.max, 2);
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        let c = code(v, &[("POP_TOP", 0), ("RETURN_CONST", 0)]);
        let a = analyze(v, &c, &[], 0);
        assert!(matches!(
            a.errors[0],
            StackError::Underflow { index: 0, .. }
        ));
    }

    #[test]
    fn falls_off_end() {
        let v = Version::V3_11;
        let c = code(v, &[("RESUME", 0), ("NOP", 0)]);
        let a = analyze(v, &c, &[], 0);
        assert_eq!(a.errors, vec![StackError::FallsOffEnd { index: 1 }]);
    }
}
