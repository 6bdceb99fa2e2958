//! Verification of code objects: the stack-depth analysis over the instructions
//! (`code::stackdepth`), and `co_stacksize` against the depth it computes.
//!
//! Invariants checked, each reported with the instruction where it breaks:
//! - the depth never goes below zero;
//! - every edge into an instruction brings the same depth (a warning up to 3.9, whose
//!   compilers' own models disagree at some joins);
//! - no path runs past the last instruction;
//! - `co_stacksize` is at least the computed maximum (a warning up to 3.9, whose
//!   compilers counted differently; from 3.10, where CPython computes it on the final
//!   code, `--exact` also requires equality).

use crate::code::exctable::ExceptionTable;
use crate::code::stackdepth::{self, StackError};
use crate::code::{instr, Code};
use crate::version::Version;

/// One problem in one code object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Qualified name of the code object.
    pub code: String,
    /// Byte offset of the instruction, when there is one.
    pub offset: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// Whether it fails verification (otherwise a warning).
    pub error: bool,
}

/// Verify one code object (not those nested in it). `exact`: from 3.10, a stack size
/// other than the computed one is an error too.
pub fn verify_code(code: &Code, exact: bool) -> Vec<Finding> {
    let name = code
        .qualname
        .as_ref()
        .unwrap_or(&code.name)
        .to_string_lossy()
        .into_owned();
    let finding = |offset, message: String, error| Finding {
        code: name.clone(),
        offset,
        message,
        error,
    };
    let instrs = match instr::decode(&code.code, code.version) {
        Ok(i) => i,
        Err(e) => {
            return vec![finding(
                None,
                format!("bytecode does not decode: {e}"),
                true,
            )]
        }
    };
    let entries = if code.version.has_exception_table() {
        match ExceptionTable::decode(&code.exceptiontable) {
            Ok(t) => t.entries,
            Err(e) => return vec![finding(None, format!("exception table: {e}"), true)],
        }
    } else {
        Vec::new()
    };
    let table = code.version.opcodes();
    let describe = |i: usize| {
        instrs.get(i).map_or_else(
            || (None, String::from("?")),
            |ins| {
                let op = ins.info(table).map_or("?", |o| o.name);
                (
                    Some(ins.op_offset(code.version)),
                    format!("{op} (instruction {i})"),
                )
            },
        )
    };
    let analysis = stackdepth::analyze(code.version, &instrs, &entries, code.flags);
    let mut out = Vec::new();
    for e in &analysis.errors {
        let (index, message, error) = match e {
            StackError::Empty => (None, "no instructions".to_string(), true),
            StackError::UnknownOpcode { index } => (Some(*index), "unknown opcode".into(), true),
            StackError::Underflow {
                index,
                depth,
                effect,
            } => (
                Some(*index),
                format!("stack underflow: depth {depth}, effect {effect}"),
                true,
            ),
            StackError::Inconsistent {
                index,
                first,
                other,
                from,
            } => (
                Some(*index),
                format!(
                    "inconsistent stack depth at a join: {first} on one path, {other} from {}",
                    describe(*from).1
                ),
                code.version >= Version::V3_10,
            ),
            StackError::FallsOffEnd { index } => (
                Some(*index),
                "execution can run off the end of the code".into(),
                true,
            ),
            StackError::BadTarget { index } => (
                Some(*index),
                "jump into the middle of an instruction".into(),
                true,
            ),
            StackError::BadHandler { entry } => (
                None,
                format!("exception table entry {entry} has no handler instruction"),
                true,
            ),
        };
        match index {
            Some(i) => {
                let (offset, what) = describe(i);
                out.push(finding(offset, format!("{what}: {message}"), error));
            }
            None => out.push(finding(None, message, error)),
        }
    }
    let stored = code.stacksize;
    if stored < analysis.max {
        // Up to 3.9 the model's effects over-approximate what CPython's walk counted
        // (pyc-formats section 11), so a smaller stored size is not proof of a bug.
        out.push(finding(
            None,
            format!(
                "co_stacksize {stored} is below the computed maximum depth {}",
                analysis.max
            ),
            code.version >= Version::V3_10,
        ));
    } else if exact && code.version >= Version::V3_10 && stored != analysis.max {
        out.push(finding(
            None,
            format!(
                "co_stacksize {stored} differs from the computed {}",
                analysis.max
            ),
            true,
        ));
    }
    out
}

/// Verify a code object and every one nested in it.
pub fn verify_tree(root: &Code, exact: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    root.walk(&mut |c, _| out.extend(verify_code(c, exact)));
    out
}
