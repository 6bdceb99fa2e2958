//! The dispatch loop, exception unwinding through the exception table, and the
//! control-flow, stack, local and name instructions.

use std::rc::Rc;

use super::fast::Fast;
use super::{Error, Exit, Frame, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::TbEntry;
use crate::vm::value::Value;
use crate::vm::VmError;

/// How a frame stopped; the value returned or yielded is on top of its stack.
#[derive(Clone, Copy)]
pub(super) enum Stop {
    /// `return`
    Return,
    /// `yield`
    Yield,
}

impl Vm {
    /// Run a frame until it returns, yields or raises. `throw` raises an exception
    /// at the current position first (generator `throw()`).
    pub fn run_frame_with(&mut self, f: &mut Frame, throw: Option<Error>) -> PyResult<Exit> {
        let stop = self.run_to_stop(f, throw)?;
        let v = f.pop()?;
        Ok(match stop {
            Stop::Return => Exit::Return(v),
            Stop::Yield => Exit::Yield(v),
        })
    }

    /// [`Vm::run_frame_with`], leaving the value returned or yielded on top of
    /// the frame's stack: a value handed back through the result was written in
    /// pieces and read whole, which stalled every return.
    pub(super) fn run_to_stop(&mut self, f: &mut Frame, throw: Option<Error>) -> PyResult<Stop> {
        let mut pending = throw.map(|e| (f.pc.saturating_sub(1), e, false));
        loop {
            let (idx, err, reraise) = match pending.take() {
                Some(p) => p,
                None => match self.dispatch(f) {
                    Ok(stop) => return Ok(stop),
                    Err(p) => p,
                },
            };
            let exc = match err {
                Error::Fatal(e) => return Err(Error::Fatal(e)),
                Error::Py(exc) => exc,
            };
            if !reraise {
                self.note_raise(&exc, f, idx);
            }
            let Some(h) = f.code.handler(idx as u32).copied() else {
                if !f.blocks.is_empty() && self.unwind_blocks(f, &exc)? {
                    continue;
                }
                return Err(Error::Py(exc));
            };
            if h.depth as usize > f.stack.len() {
                return Err(f.bad("exception handler depth exceeds the stack"));
            }
            f.stack.truncate(h.depth as usize);
            if h.lasti {
                let off = f.code.offsets.get(idx).copied().unwrap_or(0);
                f.push(Value::Int(i64::from(off / 2)));
            }
            f.push(Value::Instance(exc));
            f.pc = h.target as usize;
        }
    }

    /// Execute instructions until the frame returns or yields (`Ok`, the value on
    /// top of the stack), or one raises: `Err((index of the instruction, error,
    /// whether it re-raises))`.
    #[inline(always)]
    fn dispatch(&mut self, f: &mut Frame) -> Result<Stop, (usize, Error, bool)> {
        // The position is kept in a local (a register) and stored for the code
        // that reads it; only `step` can move it otherwise.
        let mut pc = f.pc;
        loop {
            let idx = pc;
            pc += 1;
            f.pc = pc;
            if idx >= f.code.ops.len() {
                return Err((idx, f.bad("execution ran past the end of the code"), false));
            }
            // The budget ends the run; a `MemoryError` from the heap limit is
            // raised at this instruction like any other exception.
            if let Err(e) = self.tick() {
                return Err((idx, e, false));
            }
            if self.trace {
                self.trace_instr(f, idx);
            }
            // The instruction is read after the calls above (rare as they are),
            // so that its fields stay in registers instead of being spilled.
            let Some(&op) = f.code.ops.get(idx) else {
                return Err((idx, f.bad("execution ran past the end of the code"), false));
            };
            if self.simple_step(f, op, &mut pc) {
                continue;
            }
            match self.fast_step(f, op) {
                Fast::Done => continue,
                Fast::Return => return Ok(Stop::Return),
                Fast::Raise(e) => return Err((idx, e, false)),
                Fast::Slow => {}
            }
            // Read the instruction again rather than keep `op` alive across the
            // fast paths, which made every instruction spill it to the stack.
            let Some(&op) = f.code.ops.get(idx) else {
                return Err((idx, f.bad("execution ran past the end of the code"), false));
            };
            if crate::vm::objects::finalize_pending() {
                self.finalize();
            }
            match self.step(f, op) {
                Ok(None) => pc = f.pc,
                Ok(Some(exit)) => {
                    let (stop, v) = match exit {
                        Exit::Return(v) => (Stop::Return, v),
                        Exit::Yield(v) => (Stop::Yield, v),
                    };
                    f.stack.push(v);
                    return Ok(stop);
                }
                Err(e) => {
                    let reraise = matches!(
                        op,
                        Op::Reraise(_)
                            | Op::EndAsyncFor
                            | Op::Reraise3
                            | Op::EndFinally { .. }
                            | Op::EndAsyncForBlocks
                    );
                    return Err((idx, e, reraise));
                }
            }
        }
    }

    /// Run a frame from its current position.
    pub fn run_frame(&mut self, f: &mut Frame) -> PyResult<Exit> {
        self.run_frame_with(f, None)
    }

    /// Record that `exc` passes through instruction `idx` of `f`: a traceback entry,
    /// and `__context__` when it is new and another exception is being handled.
    fn note_raise(&mut self, exc: &Rc<crate::vm::objects::Instance>, f: &Frame, idx: usize) {
        let Some(data) = &exc.exc else { return };
        let mut d = data.borrow_mut();
        if d.traceback.is_empty() && d.context.is_none() {
            if let Value::Instance(h) = &self.handled {
                if !Rc::ptr_eq(h, exc) {
                    d.context = Some(self.handled.clone());
                }
            }
        }
        d.traceback.push(TbEntry {
            filename: f.code.filename.clone(),
            line: f.line_at(idx),
            name: f.code.name.clone(),
            span: f.code.spans.get(idx).copied().flatten(),
        });
    }

    fn trace_instr(&mut self, f: &Frame, idx: usize) {
        let code = &f.code;
        let tos = f
            .stack
            .last()
            .map_or_else(|| "-".to_string(), |v| self.quick_repr(v));
        eprintln!(
            "{}:{:>5} line {:>4} {:<24} {} | tos {}",
            code.qualname,
            code.offsets.get(idx).copied().unwrap_or(0),
            f.line_at(idx)
                .map_or_else(|| "-".to_string(), |l| l.to_string()),
            code.op_names.get(idx).copied().unwrap_or("?"),
            code.ops
                .get(idx)
                .map(|o| format!("{o:?}"))
                .unwrap_or_default(),
            tos
        );
    }

    /// Execute one instruction.
    pub(super) fn step(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::Nop => {}
            Op::PopTop => {
                f.pop()?;
            }
            Op::PushNull => f.push(Value::Null),
            Op::Copy(n) => {
                let v = f.peek(n as usize)?.clone();
                f.push(v);
            }
            Op::Swap(n) => {
                let len = f.stack.len();
                if n < 1 || n as usize > len {
                    return Err(f.bad("stack underflow"));
                }
                f.stack.swap(len - 1, len - n as usize);
            }
            Op::Rot(n) => {
                let len = f.stack.len();
                if n < 2 || n as usize > len {
                    return Err(f.bad("stack underflow"));
                }
                let top = f.pop()?;
                f.stack.insert(len - n as usize, top);
            }
            Op::DupTopTwo => {
                let a = f.peek(2)?.clone();
                let b = f.peek(1)?.clone();
                f.push(a);
                f.push(b);
            }
            Op::LoadConst(i) => {
                let v = f.konst(i)?;
                f.push(v);
            }
            Op::LoadSmallInt(n) => f.push(Value::Int(i64::from(n))),
            Op::ReturnValue => return Ok(Some(Exit::Return(f.pop()?))),
            Op::ReturnConst(i) => return Ok(Some(Exit::Return(f.konst(i)?))),
            Op::LoadFast(i) => {
                let v = f.slot(i)?.clone();
                if v.is_null() {
                    return Err(self.unbound_local(&f.local_name(i)));
                }
                f.push(v);
            }
            Op::LoadFastAndClear(i) => {
                let v = f.slot(i)?.clone();
                f.locals[i as usize] = Value::Null;
                f.push(v);
            }
            Op::LoadFastPair(a, b) => {
                self.step(f, Op::LoadFast(a))?;
                self.step(f, Op::LoadFast(b))?;
            }
            Op::StoreFast(i) => {
                let v = f.pop()?;
                f.slot(i)?;
                f.locals[i as usize] = v;
            }
            Op::StoreFastPair(a, b) => {
                self.step(f, Op::StoreFast(a))?;
                self.step(f, Op::StoreFast(b))?;
            }
            Op::StoreFastLoadFast(a, b) => {
                self.step(f, Op::StoreFast(a))?;
                self.step(f, Op::LoadFast(b))?;
            }
            Op::DeleteFast(i) => {
                if f.slot(i)?.is_null() {
                    return Err(self.unbound_local(&f.local_name(i)));
                }
                f.locals[i as usize] = Value::Null;
            }
            Op::MakeCell(i) => {
                let v = f.slot(i)?.clone();
                let init = (!v.is_null()).then_some(v);
                f.locals[i as usize] = Value::Cell(Rc::new(std::cell::RefCell::new(init)));
            }
            Op::CopyFreeVars(n) => {
                let n = n as usize;
                let total = f.locals.len();
                if n > total || n > f.cells().len() {
                    return Err(f.bad("COPY_FREE_VARS beyond the closure"));
                }
                for k in 0..n {
                    f.locals[total - n + k] = Value::Cell(f.cells()[k].clone());
                }
            }
            Op::LoadDeref(i) => {
                let v = self.load_deref(f, i)?;
                f.push(v);
            }
            Op::LoadFromDictOrDeref(i) => {
                let ns = f.pop()?;
                let name = crate::vm::value::Str::from(f.local_name(i));
                let found = match &ns {
                    Value::Dict(d) => d.borrow().get_name(&name),
                    _ => None,
                };
                let v = match found {
                    Some(v) => v,
                    None => self.load_deref(f, i)?,
                };
                f.push(v);
            }
            Op::LoadClassDeref(i) => {
                let name = f.local_name(i);
                let found = f.ns.as_ref().and_then(|ns| ns.borrow().get_str(&name));
                let v = match found {
                    Some(v) => v,
                    None => self.load_deref(f, i)?,
                };
                f.push(v);
            }
            Op::LoadClosure(i) => {
                let v = f.slot(i)?.clone();
                f.push(v);
            }
            Op::StoreDeref(i) => {
                let v = f.pop()?;
                match f.slot(i)? {
                    Value::Cell(c) => *c.borrow_mut() = Some(v),
                    _ => return Err(f.bad("STORE_DEREF on a slot without a cell")),
                }
            }
            Op::DeleteDeref(i) => match f.slot(i)? {
                Value::Cell(c) => *c.borrow_mut() = None,
                _ => return Err(f.bad("DELETE_DEREF on a slot without a cell")),
            },
            Op::LoadName(i) => {
                let name = f.name(i)?;
                let local = f.ns.as_ref().and_then(|ns| ns.borrow().get_name(&name));
                let v = match local {
                    Some(v) => v,
                    None => self.load_global(f, &name)?,
                };
                f.push(v);
            }
            Op::StoreName(i) => {
                let name = f.name(i)?;
                let v = f.pop()?;
                let ns = f.ns.clone().unwrap_or_else(|| f.globals.clone());
                ns.borrow_mut().set_name(&name, v);
            }
            Op::DeleteName(i) => {
                let name = f.name(i)?;
                let ns = f.ns.clone().unwrap_or_else(|| f.globals.clone());
                let removed = ns
                    .borrow_mut()
                    .remove(&Value::Str(name.clone()))
                    .ok()
                    .flatten();
                if removed.is_none() {
                    return Err(self.exc("NameError", format!("name '{name}' is not defined")));
                }
            }
            Op::LoadLocals => {
                let ns = f.ns.clone().unwrap_or_else(|| f.globals.clone());
                f.push(Value::Dict(ns));
            }
            Op::LoadFromDictOrGlobals(i) => {
                let name = f.name(i)?;
                let ns = f.pop()?;
                let found = match &ns {
                    Value::Dict(d) => d.borrow().get_name(&name),
                    _ => None,
                };
                let v = match found {
                    Some(v) => v,
                    None => self.load_global(f, &name)?,
                };
                f.push(v);
            }
            Op::LoadGlobal {
                name,
                null,
                null_after,
                cache,
            } => {
                let name = f.name(name)?;
                let cached =
                    f.code.global_caches.get(cache as usize).and_then(|c| {
                        super::global_cache::load_global(f, &self.builtins, c, &name)
                    });
                let v = match cached {
                    Some(v) => v,
                    None => self.load_global(f, &name)?,
                };
                if null && !null_after {
                    f.push(Value::Null);
                }
                f.push(v);
                if null && null_after {
                    f.push(Value::Null);
                }
            }
            Op::StoreGlobal(i) => {
                let name = f.name(i)?;
                let v = f.pop()?;
                f.globals.borrow_mut().set_name(&name, v);
            }
            Op::DeleteGlobal(i) => {
                let name = f.name(i)?;
                let removed = f
                    .globals
                    .borrow_mut()
                    .remove(&Value::Str(name.clone()))
                    .ok()
                    .flatten();
                if removed.is_none() {
                    return Err(self.exc("NameError", format!("name '{name}' is not defined")));
                }
            }
            Op::Call(argc) => {
                let names = f.kwnames.take();
                let r = self.do_call(f, argc as usize, names)?;
                f.push(r);
            }
            Op::Jump(t) => f.pc = t as usize,
            Op::PopJumpIfFalse(t) => {
                let v = f.pop()?;
                if !self.truthy(&v)? {
                    f.pc = t as usize;
                }
            }
            Op::PopJumpIfTrue(t) => {
                let v = f.pop()?;
                if self.truthy(&v)? {
                    f.pc = t as usize;
                }
            }
            Op::PopJumpIfNone(t) => {
                if f.pop()?.is_none() {
                    f.pc = t as usize;
                }
            }
            Op::PopJumpIfNotNone(t) => {
                if !f.pop()?.is_none() {
                    f.pc = t as usize;
                }
            }
            Op::JumpIfFalseOrPop(t) => {
                if self.truthy(f.peek(1)?)? {
                    f.pop()?;
                } else {
                    f.pc = t as usize;
                }
            }
            Op::JumpIfTrueOrPop(t) => {
                if self.truthy(f.peek(1)?)? {
                    f.pc = t as usize;
                } else {
                    f.pop()?;
                }
            }
            Op::Unsupported(name) => {
                let idx = f.pc.saturating_sub(1);
                return Err(Error::from(VmError::Unsupported {
                    opcode: name.to_string(),
                    version: f.code.version,
                    code: f.code.qualname.to_string(),
                    offset: f.code.offsets.get(idx).copied().unwrap_or(0),
                }));
            }
            Op::Unknown(n) => {
                let idx = f.pc.saturating_sub(1);
                return Err(Error::from(VmError::Unsupported {
                    opcode: format!("<opcode {n}>"),
                    version: f.code.version,
                    code: f.code.qualname.to_string(),
                    offset: f.code.offsets.get(idx).copied().unwrap_or(0),
                }));
            }
            Op::Py27(op) => return self.step27(f, op),
            other => return self.step_data(f, other),
        }
        Ok(None)
    }

    fn load_deref(&mut self, f: &Frame, i: u32) -> PyResult<Value> {
        match f.slot(i)? {
            Value::Cell(c) => match &*c.borrow() {
                Some(v) => Ok(v.clone()),
                None => {
                    let name = f.local_name(i);
                    let free = f
                        .code
                        .local_kinds
                        .get(i as usize)
                        .is_some_and(|k| k & crate::code::CO_FAST_FREE != 0);
                    Err(if free {
                        self.exc("NameError", if self.version <= crate::version::Version::V3_10 {
                            format!("free variable '{name}' referenced before assignment in enclosing scope")
                        } else {
                            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope")
                        })
                    } else {
                        self.unbound_local(&name)
                    })
                }
            },
            _ => Err(f.bad("LOAD_DEREF on a slot without a cell")),
        }
    }

    /// `UnboundLocalError` with the version's wording.
    fn unbound_local(&self, name: &str) -> Error {
        self.exc(
            "UnboundLocalError",
            if self.version <= crate::version::Version::V3_10 {
                format!("local variable '{name}' referenced before assignment")
            } else {
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                )
            },
        )
    }

    /// Globals, then builtins.
    pub fn load_global(&mut self, f: &Frame, name: &crate::vm::value::Str) -> PyResult<Value> {
        if let Some(v) = f.globals.borrow().get_name(name) {
            return Ok(v);
        }
        if let Some(v) = self.builtins.borrow().get_name(name) {
            return Ok(v);
        }
        if self.version == crate::version::Version::V2_7 && f.ns.is_none() {
            return Err(self.exc("NameError", format!("global name '{name}' is not defined")));
        }
        Err(self.exc("NameError", format!("name '{name}' is not defined")))
    }
}
