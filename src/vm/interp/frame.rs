//! Frames: value stack, localsplus slots, and the namespaces a frame sees.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Error, PyResult};
use crate::vm::load::{LoadedCode, SetupKind};
use crate::vm::objects::Dict;
use crate::vm::value::{CellRef, DictRef, Value};
use crate::vm::VmError;

/// How a frame stopped running.
#[derive(Debug)]
pub enum Exit {
    /// `return v`
    Return(Value),
    /// `yield v` (the frame can be resumed)
    Yield(Value),
}

/// One activation of a code object.
#[derive(Debug)]
pub struct Frame {
    /// The code.
    pub code: Rc<LoadedCode>,
    /// Index of the next instruction.
    pub pc: usize,
    /// The value stack.
    pub stack: Vec<Value>,
    /// Localsplus slots; [`Value::Null`] = unbound; cells hold [`Value::Cell`].
    pub locals: Vec<Value>,
    /// Module globals.
    pub globals: DictRef,
    /// The locals mapping of module and class bodies (`LOAD_NAME`).
    pub ns: Option<DictRef>,
    /// The function's closure cells (for `COPY_FREE_VARS`), shared with it.
    pub closure: Option<Rc<[CellRef]>>,
    /// Keyword names for the next `CALL` (`KW_NAMES`).
    pub kwnames: Option<Value>,
    /// Whether a generator frame has started.
    pub started: bool,
    /// The ≤ 3.10 block stack.
    pub blocks: Vec<Block>,
}

/// A ≤ 3.10 block (`PyTryBlock`).
#[derive(Debug, Clone, Copy)]
pub struct Block {
    /// What pushed it.
    pub kind: BlockKind,
    /// Handler instruction (the `SETUP_*` target; the loop's end for a loop).
    pub handler: u32,
    /// Value-stack depth when the block was pushed.
    pub level: usize,
}

/// The type of a ≤ 3.10 block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A `SETUP_*` block.
    Setup(SetupKind),
    /// `EXCEPT_HANDLER`: pushed when a handler is entered; the exception it
    /// replaced sits on the stack just above its level (3.x).
    ExceptHandler,
}

impl Frame {
    /// A frame with all slots unbound.
    pub fn new(code: Rc<LoadedCode>, globals: DictRef, ns: Option<DictRef>) -> Frame {
        Frame::with_buffers(code, globals, ns, (Vec::with_capacity(8), Vec::new()))
    }

    /// A frame whose stack and slots reuse two empty vectors.
    #[inline]
    pub fn with_buffers(
        code: Rc<LoadedCode>,
        globals: DictRef,
        ns: Option<DictRef>,
        (stack, mut locals): (Vec<Value>, Vec<Value>),
    ) -> Frame {
        locals.resize_with(code.local_names.len(), || Value::Null);
        Frame {
            code,
            pc: 0,
            stack,
            locals,
            globals,
            ns,
            closure: None,
            kwnames: None,
            started: false,
            blocks: Vec::new(),
        }
    }

    /// ≤ 3.10 frames create their cells on entry (there is no `MAKE_CELL` /
    /// `COPY_FREE_VARS`): a cell variable that is also a parameter starts with the
    /// argument's value; free variables come from the closure.
    #[inline]
    pub fn legacy_cells(&mut self) {
        if self.code.makes_cells {
            self.make_legacy_cells();
        }
    }

    fn make_legacy_cells(&mut self) {
        use crate::code::{CO_FAST_CELL, CO_FAST_FREE};
        let code = self.code.clone();
        let nargs = (code.argcount + code.kwonlyargcount) as usize
            + usize::from(code.flags & crate::vm::load::CO_VARARGS != 0)
            + usize::from(code.flags & crate::vm::load::CO_VARKEYWORDS != 0);
        let mut free = 0;
        for (i, kind) in code.local_kinds.iter().enumerate() {
            if kind & CO_FAST_CELL != 0 {
                let name = &code.local_names[i];
                let init = code.local_names[..nargs.min(i)]
                    .iter()
                    .position(|n| n == name)
                    .map(|a| self.locals[a].clone())
                    .filter(|v| !v.is_null());
                self.locals[i] = Value::Cell(std::rc::Rc::new(std::cell::RefCell::new(init)));
            } else if kind & CO_FAST_FREE != 0 {
                if let Some(c) = self.cells().get(free) {
                    self.locals[i] = Value::Cell(c.clone());
                }
                free += 1;
            }
        }
    }

    /// The closure cells.
    pub fn cells(&self) -> &[CellRef] {
        self.closure.as_deref().unwrap_or(&[])
    }

    /// The line of the instruction at `idx`.
    pub fn line_at(&self, idx: usize) -> Option<i32> {
        self.code.lines.get(idx).copied().flatten()
    }
}

impl Frame {
    /// A bad-bytecode error at the current instruction.
    pub fn bad(&self, what: &str) -> Error {
        let idx = self.pc.saturating_sub(1);
        Error::from(VmError::BadCode {
            code: self.code.qualname.to_string(),
            offset: self.code.offsets.get(idx).copied().unwrap_or(0),
            opcode: self
                .code
                .op_names
                .get(idx)
                .copied()
                .unwrap_or("?")
                .to_string(),
            what: what.to_string(),
        })
    }

    /// Pop the top of the stack.
    #[inline]
    pub fn pop(&mut self) -> PyResult<Value> {
        self.stack.pop().ok_or_else(|| self.bad("stack underflow"))
    }

    /// Pop `n` values, bottom first.
    pub fn pop_n(&mut self, n: usize) -> PyResult<Vec<Value>> {
        if n > self.stack.len() {
            return Err(self.bad("stack underflow"));
        }
        Ok(self.stack.split_off(self.stack.len() - n))
    }

    /// The value `n` slots below the top (`peek(1)` = TOS).
    #[inline]
    pub fn peek(&self, n: usize) -> PyResult<&Value> {
        if n == 0 || n > self.stack.len() {
            return Err(self.bad("stack underflow"));
        }
        Ok(&self.stack[self.stack.len() - n])
    }

    /// Push a value.
    #[inline]
    pub fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    pub(super) fn slot(&self, i: u32) -> PyResult<&Value> {
        self.locals
            .get(i as usize)
            .ok_or_else(|| self.bad("local index out of range"))
    }

    /// `co_names[i]`.
    pub(super) fn name(&self, i: u32) -> PyResult<crate::vm::value::Str> {
        self.code
            .names
            .get(i as usize)
            .cloned()
            .ok_or_else(|| self.bad("name index out of range"))
    }

    /// The constant `i`.
    pub fn konst(&self, i: u32) -> PyResult<Value> {
        self.code
            .consts
            .get(i as usize)
            .cloned()
            .ok_or_else(|| self.bad("constant index out of range"))
    }

    pub(super) fn local_name(&self, i: u32) -> String {
        self.code
            .local_names
            .get(i as usize)
            .map_or_else(|| "?".to_string(), |s| s.to_string())
    }
}

/// `locals()`: the namespace of a module or class body, or a snapshot of a
/// function's bound local and cell variables.
pub(super) fn frame_locals(f: &Frame) -> Value {
    if let Some(ns) = &f.ns {
        return Value::Dict(ns.clone());
    }
    let mut d = Dict::new();
    let mut slots: Vec<usize> = (0..f.code.local_names.len().min(f.locals.len())).collect();
    if f.code.version <= crate::version::Version::V3_6 {
        // 3.6 fills the dict from the end of each group (locals, cells, frees).
        let kinds = &f.code.local_kinds;
        slots.sort_by_key(|&i| (kinds.get(i).map(|k| k & 0xe0), std::cmp::Reverse(i)));
    }
    for i in slots {
        let (name, v) = (&f.code.local_names[i], &f.locals[i]);
        let v = match v {
            Value::Cell(c) => c.borrow().clone(),
            Value::Null => None,
            other => Some(other.clone()),
        };
        if let Some(v) = v {
            d.set_str(name.as_str(), v);
        }
    }
    Value::Dict(Rc::new(RefCell::new(d)))
}
