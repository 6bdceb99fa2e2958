//! The interpreter: the [`Vm`] state, frames and the dispatch loop.

mod async_gen;
mod attr;
mod attr_cache;
mod blocks;
mod call;
mod call_errors;
mod compare;
mod delegate;
mod exc;
mod exc_group;
mod exec;
mod exec27;
mod exec_async;
mod exec_call;
mod exec_code;
mod exec_data;
mod exec_intrinsic;
mod exec_legacy;
mod exec_v314;
mod fast;
mod fast_call;
mod fast_ops;
mod frame;
mod generator;
mod global_cache;
mod instantiate;
mod iter;
mod keys;
mod meta;
mod names;
mod native_call;
mod object_methods;
mod ops;
mod subscr;
mod type_params;
mod types;
mod wording;

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

pub use async_gen::{aiter, anext, is_async_gen};
pub use attr_cache::AttrCache;
pub use exc::Error;
pub use frame::{Block, BlockKind, Exit, Frame};
pub use generator::GenResult;
pub use global_cache::GlobalCache;
pub use iter::new_iter;
pub use meta::type_namespace;
pub use object_methods::object_method;
pub use ops::{set_copy, MAX_ALLOC};
pub use types::Types;

use super::load::LoadedCode;
use super::objects::{Dict, Instance, Module};
use super::value::{DictRef, Str, Value};
use super::{RunOptions, VmError};

/// A result whose error is a Python exception or a VM failure.
pub type PyResult<T> = Result<T, Error>;

/// CPython's default recursion limit.
pub const RECURSION_LIMIT: usize = 1000;

/// How many instructions run between two looks at the process's memory
/// (`--max-memory`); each look reads `/proc`, so not every instruction.
const HEAP_CHECK_EVERY: u64 = 16384;

/// The interpreter state shared by all frames.
pub struct Vm {
    /// The `builtins` namespace.
    pub builtins: DictRef,
    /// Built-in types and exception classes.
    pub types: Types,
    /// The exception being handled (`sys.exc_info()`), or `None`.
    pub handled: Value,
    /// Loaded modules by name.
    pub modules: Dict,
    /// `sys.argv`
    pub argv: Vec<String>,
    /// Where `import` looks for modules.
    pub path: Vec<std::path::PathBuf>,
    /// Python call depth.
    pub depth: usize,
    /// Depth of native recursion (nested reprs and comparisons).
    pub native_depth: usize,
    /// The version of the main module's bytecode (for the few built-ins whose
    /// behaviour changed between releases).
    pub version: crate::version::Version,
    out: Box<dyn Write>,
    trace: bool,
    budget: Option<u64>,
    executed: u64,
    /// The value of `executed` at which `tick` next checks the budget and heap.
    next_check: u64,
    /// The heap limit and how to read the heap in use.
    memory: Option<(usize, fn() -> usize)>,
    /// Objects whose repr is in progress (for `[...]`).
    pub repr_guard: Vec<usize>,
    /// Special method names with their hashes cached.
    pub names: names::Names,
    /// Value-stack vectors of finished frames, for new ones.
    pub(super) frame_pool: Vec<Vec<Value>>,
    /// Slot vectors of finished frames, for new ones (kept apart from the
    /// stacks: a pool of pairs moved both through memory on every call).
    pub(super) locals_pool: Vec<Vec<Value>>,
    /// Unbound markers of built-in types' methods (see `native_call.rs`).
    method_cache: native_call::MethodCache,
}

impl Vm {
    /// A fresh interpreter.
    pub fn new(opts: &RunOptions, out: Box<dyn Write>) -> Vm {
        let types = Types::new();
        let mut vm = Vm {
            builtins: Rc::new(RefCell::new(Dict::new())),
            types,
            handled: Value::None,
            modules: Dict::new(),
            argv: opts.argv.clone(),
            path: opts.path.clone(),
            depth: 0,
            native_depth: 0,
            frame_pool: Vec::new(),
            locals_pool: Vec::new(),
            version: crate::version::Version::V3_12,
            out,
            trace: opts.trace,
            budget: opts.max_instructions,
            executed: 0,
            next_check: 0,
            memory: opts.max_memory.zip(opts.heap_in_use),
            repr_guard: Vec::new(),
            names: names::Names::new(),
            method_cache: Default::default(),
        };
        super::builtins::install(&mut vm);
        vm
    }

    /// Write program output.
    pub fn write_out(&mut self, s: &str) {
        if self.version == crate::version::Version::V2_7 {
            // A 2.7 `str` holds bytes, one per character.
            let bytes: Vec<u8> = s
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect();
            let _ = self.out.write_all(&bytes);
            return;
        }
        let _ = self.out.write_all(s.as_bytes());
    }

    /// Flush program output.
    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Run the main module.
    pub fn run_main(&mut self, code: Rc<LoadedCode>) -> PyResult<()> {
        self.version = code.version;
        if self.version == crate::version::Version::V2_7 {
            super::builtins::install27(self);
        }
        // Built-in names newer than the program's version.
        let newer: &[&str] = if self.version < crate::version::Version::V3_10 {
            &[
                "ExceptionGroup",
                "BaseExceptionGroup",
                "EncodingWarning",
                "aiter",
                "anext",
            ]
        } else if self.version < crate::version::Version::V3_11 {
            &["ExceptionGroup", "BaseExceptionGroup"]
        } else {
            &[]
        };
        for name in newer {
            let _ = self.builtins.borrow_mut().remove(&Value::str(name));
        }
        let globals = Rc::new(RefCell::new(Dict::new()));
        {
            let mut g = globals.borrow_mut();
            g.set_str("__name__", Value::str("__main__"));
            g.set_str("__builtins__", Value::Dict(self.builtins.clone()));
            g.set_str("__doc__", Value::None);
            g.set_str("__file__", Value::Str(code.filename.clone()));
        }
        let module = Rc::new(Module {
            name: Str::from("__main__"),
            dict: globals.clone(),
        });
        let _ = self
            .modules
            .insert(Value::str("__main__"), Value::Module(module));
        let mut frame = Frame::new(code, globals.clone(), Some(globals));
        self.depth += 1;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        if self.version == crate::version::Version::V2_7 {
            self.end_softspace27();
        }
        r.map(|_| ())
    }

    /// Interpreter shutdown: the main module's globals are released in dict
    /// order (2.7 clears them as `_PyModule_Clear` does: single-underscore names
    /// first), so that generators left suspended in them run their `finally`
    /// blocks, then every generator dropped so far is closed.
    pub fn shutdown(&mut self) {
        let passes: &[bool] = if self.version == crate::version::Version::V2_7 {
            &[true, false]
        } else {
            &[false]
        };
        if let Some(Value::Module(m)) = self.modules.get_str("__main__") {
            for &underscore_pass in passes {
                let keys = m.dict.borrow().keys();
                for k in keys {
                    let Value::Str(name) = &k else { continue };
                    let n = name.as_str();
                    let single = n.starts_with('_') && !n.starts_with("__");
                    if (underscore_pass && !single) || n == "__builtins__" {
                        continue;
                    }
                    let _ = m.dict.borrow_mut().insert(k, Value::None);
                    self.finalize();
                }
            }
        }
        self.finalize();
    }

    /// Count one instruction (or one step of a built-in loop) against the budget.
    #[inline(always)]
    pub fn tick(&mut self) -> PyResult<()> {
        self.executed += 1;
        if self.executed < self.next_check {
            return Ok(());
        }
        self.tick_check()
    }

    /// The budget and heap checks `tick` skips between two check points.
    #[inline(never)]
    fn tick_check(&mut self) -> PyResult<()> {
        self.next_check = self.next_check_after(self.executed);
        if let Some(b) = self.budget.filter(|&b| self.executed > b) {
            return Err(VmError::Budget(b).into());
        }
        match self.memory {
            Some((limit, in_use)) if self.executed % HEAP_CHECK_EVERY == 0 && in_use() > limit => {
                Err(self.exc_args("MemoryError", vec![]))
            }
            _ => Ok(()),
        }
    }

    /// The next instruction count at which `tick` must look at the budget (the
    /// first one past it) or the heap (every [`HEAP_CHECK_EVERY`]th).
    fn next_check_after(&self, n: u64) -> u64 {
        let mut next = u64::MAX;
        if let Some(b) = self.budget {
            next = next.min(b.saturating_add(1).max(n.saturating_add(1)));
        }
        if self.memory.is_some() {
            next = next.min((n / HEAP_CHECK_EVERY + 1).saturating_mul(HEAP_CHECK_EVERY));
        }
        next
    }

    /// Whether `v` is an instance of the class `cls` (for exceptions and `isinstance`).
    pub fn is_instance(&self, v: &Value, cls: &Rc<super::objects::Class>) -> bool {
        self.type_of(v).is_subclass(cls)
    }

    /// A new exception instance of `cls` with `args`.
    pub fn new_exception(&self, cls: &Rc<super::objects::Class>, args: Vec<Value>) -> Rc<Instance> {
        let inst = Instance::new(cls.clone());
        if let Some(e) = &inst.exc {
            e.borrow_mut().args = args;
        }
        Rc::new(inst)
    }
}
