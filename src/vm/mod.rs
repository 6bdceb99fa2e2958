//! The reference VM: runs CPython bytecode (`pycasm run`).
//!
//! Layers (see `docs/vm.md`):
//! - [`value`]: the [`Value`](value::Value) enum, numbers, strings, hashing;
//! - [`objects`]: dicts, sets, classes, instances, functions, generators;
//! - [`load`]: code objects to the version-neutral [`Op`](load::Op) set;
//! - [`interp`]: frames, the dispatch loop, calls, attributes, exceptions;
//! - [`builtins`]: built-in functions, types and methods, formatting;
//! - [`traceback`]: CPython-style reports of uncaught exceptions.

pub mod builtins;
mod carets;
pub mod interp;
pub mod load;
pub mod objects;
pub mod sweep;
pub mod traceback;
pub mod value;

#[cfg(test)]
mod tests;

use std::io::Write;

use crate::code::Code;
use crate::version::Version;

pub use interp::Vm;

/// A failure of the VM itself (not a Python exception).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VmError {
    /// The code object cannot be loaded.
    #[error("cannot load code object {code} ({version}): {what}")]
    Load {
        /// Its version.
        version: Version,
        /// `co_name`.
        code: String,
        /// The problem.
        what: String,
    },
    /// An opcode the VM does not implement.
    #[error("opcode {opcode} is not supported by the VM for CPython {version} (in {code}, offset {offset})")]
    Unsupported {
        /// The opcode's name.
        opcode: String,
        /// The version.
        version: Version,
        /// `co_name`.
        code: String,
        /// Byte offset.
        offset: u32,
    },
    /// Malformed bytecode detected while running.
    #[error("bad bytecode in {code} at offset {offset} ({opcode}): {what}")]
    BadCode {
        /// `co_name`.
        code: String,
        /// Byte offset.
        offset: u32,
        /// The opcode's name.
        opcode: String,
        /// The problem.
        what: String,
    },
    /// `exec`/`eval` of source text: the VM has no compiler.
    #[error("{0}() of source text is not supported: the VM has no compiler (pass a code object)")]
    NoCompiler(&'static str),
    /// The instruction budget ran out.
    #[error("instruction budget of {0} exhausted")]
    Budget(u64),
}

/// Options of one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `sys.argv`
    pub argv: Vec<String>,
    /// Print every executed instruction to stderr.
    pub trace: bool,
    /// Stop with [`VmError::Budget`] after this many instructions.
    pub max_instructions: Option<u64>,
    /// Directories searched by `import` for `NAME.pyc`,
    /// `__pycache__/NAME.cpython-XY.pyc` and `NAME.pyasm` (the main file's
    /// directory, like `sys.path[0]`).
    pub path: Vec<std::path::PathBuf>,
    /// Raise `MemoryError` once the process holds more than this many bytes, as
    /// measured by [`RunOptions::heap_in_use`] (checked every 16,384 instructions).
    pub max_memory: Option<usize>,
    /// How many bytes the process holds (the CLI reads its resident memory); without
    /// it `max_memory` has no effect.
    pub heap_in_use: Option<fn() -> usize>,
}

/// Run a module code object; program output goes to `out`, tracebacks to `err`.
/// Returns the exit status (0, 1 for an uncaught exception, or `sys.exit`'s).
pub fn run_module(
    code: &Code,
    opts: &RunOptions,
    out: Box<dyn Write>,
    err: &mut dyn Write,
) -> Result<i32, VmError> {
    // str/bytes hashes (and so set order) depend on the version; set it before any
    // dict or set exists.
    value::use_siphash24(code.version <= Version::V3_10);
    value::use_old_tuple_hash(code.version <= Version::V3_7);
    value::use_py27(code.version == Version::V2_7);
    let loaded = load::load(code)?;
    let mut vm = Vm::new(opts, out);
    let result = vm.run_main(loaded);
    vm.flush();
    let status = match result {
        Ok(()) => 0,
        Err(interp::Error::Fatal(e)) => return Err(*e),
        Err(interp::Error::Py(exc)) => traceback::report_uncaught(&mut vm, &exc, err),
    };
    vm.shutdown();
    vm.flush();
    Ok(status)
}
