//! Call, function, generator, exception, `with`, formatting, class and import
//! instructions.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Error, Exit, Frame, GenResult, PyResult, Vm};
use crate::vm::load::{Intrinsic1, Op};
use crate::vm::objects::{Args, Dict, Function, IterState};
use crate::vm::value::{CellRef, Str, Value};

impl Vm {
    pub(super) fn step_call(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::KwNames(i) => f.kwnames = Some(f.konst(i)?),
            Op::CallPlain { argc, kw } => {
                let names = if kw { Some(f.pop()?) } else { None };
                // Re-shape to the NULL-slot layout and share the 3.11+ path.
                let len = f.stack.len();
                if argc as usize >= len {
                    return Err(f.bad("stack underflow"));
                }
                f.stack.insert(len - argc as usize - 1, Value::Null);
                let r = self.do_call(f, argc as usize, names)?;
                f.push(r);
            }
            Op::CallFunctionExPlain(has_kw) => {
                let len = f.stack.len();
                let below = 2 + usize::from(has_kw);
                if below > len {
                    return Err(f.bad("stack underflow"));
                }
                f.stack.insert(len - below, Value::Null);
                return self.step_call(f, Op::CallFunctionEx(has_kw));
            }
            Op::MakeFunctionQualname(flags) => {
                let qualname = f.pop()?;
                self.step_call(f, Op::MakeFunction(Some(flags)))?;
                if let (Ok(Value::Function(func)), Value::Str(q)) = (f.peek(1).cloned(), qualname) {
                    *func.qualname.borrow_mut() = q;
                }
            }
            Op::YieldFrom => {
                let v = f.pop()?;
                let receiver = f.peek(1)?.clone();
                let r = self.send_value(&receiver, v)?;
                match r {
                    GenResult::Yielded(x) => {
                        // Resume at YIELD_FROM again, with the next sent value.
                        f.pc -= 1;
                        return Ok(Some(Exit::Yield(x)));
                    }
                    GenResult::Returned(x) => {
                        f.pop()?;
                        f.push(x);
                    }
                }
            }
            Op::CallKw(argc) => {
                let names = f.pop()?;
                let r = self.do_call(f, argc as usize, Some(names))?;
                f.push(r);
            }
            Op::CallFunctionEx(has_kw) => {
                let kwargs = if has_kw { f.pop()? } else { Value::Null };
                let args = f.pop()?;
                let b = f.pop()?;
                let a = f.pop()?;
                let (callable, self_arg) = pick_callable(a, b);
                let mut call = Args::new(self_arg.into_iter().collect());
                let pos = self
                    .collect(&args)
                    .map_err(|e| self.star_error(e, &args, Some(&callable)))?;
                call.pos.extend(pos);
                if !kwargs.is_null() && !kwargs.is_none() {
                    let items = self
                        .mapping_items(&kwargs)
                        .map_err(|e| self.double_star_error(e, &kwargs, &callable))?;
                    for (k, v) in items {
                        let Value::Str(k) = k else {
                            return Err(self.type_error("keywords must be strings"));
                        };
                        call.kw.push((k, v));
                    }
                }
                let r = self.call(&callable, call)?;
                f.push(r);
            }
            Op::MakeFunction(flags) => {
                let code = f.pop()?;
                let Value::Code(code) = code else {
                    return Err(f.bad("MAKE_FUNCTION without a code object"));
                };
                let func = Function {
                    name: RefCell::new(code.name.clone()),
                    qualname: RefCell::new(code.qualname.clone()),
                    code,
                    globals: f.globals.clone(),
                    defaults: RefCell::new(Vec::new()),
                    kwdefaults: RefCell::new(Dict::new()),
                    closure: RefCell::new(Rc::from(Vec::new())),
                    dict: RefCell::new(Dict::new()),
                };
                if let Some(flags) = flags {
                    for bit in [8, 4, 2, 1] {
                        if flags & bit != 0 {
                            let v = f.pop()?;
                            self.set_function_attribute(&func, bit, v)?;
                        }
                    }
                }
                f.push(Value::Function(Rc::new(func)));
            }
            Op::SetFunctionAttribute(flag) => {
                let func = f.pop()?;
                let v = f.pop()?;
                let Value::Function(func_ref) = &func else {
                    return Err(f.bad("SET_FUNCTION_ATTRIBUTE on a non-function"));
                };
                self.set_function_attribute(func_ref, flag, v)?;
                f.push(func);
            }
            Op::ReturnGenerator => f.push(Value::None),
            Op::YieldValue => return Ok(Some(Exit::Yield(f.pop()?))),
            Op::YieldAsyncGenValue => {
                let v = f.pop()?;
                return Ok(Some(Exit::Yield(self.async_gen_wrap(v))));
            }
            Op::Send {
                target,
                pop_receiver,
            } => {
                let v = f.pop()?;
                let receiver = f.peek(1)?.clone();
                let r = self.send_value(&receiver, v)?;
                match r {
                    GenResult::Yielded(x) => f.push(x),
                    GenResult::Returned(x) => {
                        if pop_receiver {
                            f.pop()?;
                        }
                        f.push(x);
                        f.pc = target as usize;
                    }
                }
            }
            Op::EndSend => {
                let v = f.pop()?;
                f.pop()?;
                f.push(v);
            }
            Op::CleanupThrow => {
                let exc = f.pop()?;
                f.pop_n(2)?;
                let Value::Instance(inst) = exc else {
                    return Err(f.bad("CLEANUP_THROW without an exception"));
                };
                if inst.class().is_subclass(&self.types.exc("StopIteration")) {
                    let value = self.exception_value(&inst);
                    f.push(Value::None);
                    f.push(value);
                } else {
                    return Err(Error::Py(inst));
                }
            }
            Op::RaiseVarargs(n) => return Err(self.raise_varargs(f, n)?),
            Op::Reraise(_) => {
                let exc = f.pop()?;
                return Err(match exc {
                    Value::Instance(i) if i.exc.is_some() => Error::Py(i),
                    _ => f.bad("RERAISE of a non-exception"),
                });
            }
            Op::PushExcInfo => {
                let exc = f.pop()?;
                let prev = std::mem::replace(&mut self.handled, exc.clone());
                f.push(prev);
                f.push(exc);
            }
            Op::PopExcept => {
                self.handled = f.pop()?;
            }
            Op::CheckExcMatch => {
                let typ = f.pop()?;
                let exc = f.peek(1)?.clone();
                let r = self.exception_matches(&exc, &typ)?;
                f.push(Value::Bool(r));
            }
            Op::LoadAssertionError => f.push(Value::Class(self.types.exc("AssertionError"))),
            Op::BeforeWith => {
                let mgr = f.pop()?;
                let no_protocol = |vm: &Vm, mgr: &Value| {
                    vm.type_error(format!(
                        "'{}' object does not support the context manager protocol",
                        vm.type_name(mgr)
                    ))
                };
                let exit = self
                    .getattr(&mgr, &Str::from("__exit__"))
                    .map_err(|_| no_protocol(self, &mgr))?;
                let enter = self
                    .getattr(&mgr, &Str::from("__enter__"))
                    .map_err(|_| no_protocol(self, &mgr))?;
                let r = self.call(&enter, Args::default())?;
                f.push(exit);
                f.push(r);
            }
            Op::WithExceptStart => {
                let val = f.peek(1)?.clone();
                let exit = f.peek(4)?.clone();
                let typ = Value::Class(self.type_of(&val));
                let r = self.call(&exit, Args::new(vec![typ, val, Value::None]))?;
                f.push(r);
            }
            Op::FormatValue(flags) => {
                let spec = if flags & 4 != 0 { Some(f.pop()?) } else { None };
                let v = f.pop()?;
                let v = self.convert_value(v, flags & 3)?;
                let spec = match spec {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                // A str formats as itself (marks such as lone surrogates kept).
                let s = match v {
                    Value::Str(s) if spec.is_empty() => s,
                    v => Str::from(self.format(&v, &spec)?),
                };
                f.push(Value::Str(s));
            }
            Op::ConvertValue(c) => {
                let v = f.pop()?;
                let v = self.convert_value(v, c)?;
                f.push(v);
            }
            Op::FormatSimple => {
                let v = f.pop()?;
                let s = match v {
                    Value::Str(_) => v,
                    other => Value::Str(Str::from(self.format(&other, "")?)),
                };
                f.push(s);
            }
            Op::FormatWithSpec => {
                let spec = f.pop()?;
                let v = f.pop()?;
                let spec = match spec {
                    Value::Str(s) => s.to_string(),
                    _ => String::new(),
                };
                let s = self.format(&v, &spec)?;
                f.push(Value::Str(Str::from(s)));
            }
            Op::LoadBuildClass => {
                let b = self.builtins.borrow().get_str("__build_class__");
                f.push(b.unwrap_or(Value::None));
            }
            Op::SetupAnnotations => {
                let ns = f.ns.clone().unwrap_or_else(|| f.globals.clone());
                if ns.borrow().get_str("__annotations__").is_none() {
                    ns.borrow_mut().set_str(
                        "__annotations__",
                        Value::Dict(Rc::new(RefCell::new(Dict::new()))),
                    );
                }
            }
            Op::ImportName(i) => {
                let fromlist = f.pop()?;
                let level = f.pop()?;
                let name = f.name(i)?;
                let level = match level {
                    Value::Int(n) => n,
                    _ => 0,
                };
                let globals = f.globals.clone();
                let m = self.import_name(&globals, &name, &fromlist, level)?;
                f.push(m);
            }
            Op::ImportFrom(i) => {
                let m = f.peek(1)?.clone();
                let name = f.name(i)?;
                let v = self.import_from(&m, &name)?;
                f.push(v);
            }
            Op::Setup(..)
            | Op::SetupWith(_)
            | Op::SetupAsyncWith(_)
            | Op::PopBlock { .. }
            | Op::PopExceptBlock
            | Op::Reraise3
            | Op::JumpIfNotExcMatch(_)
            | Op::ExcMatch
            | Op::WithExceptStart7
            | Op::BreakLoop
            | Op::ContinueLoop(_)
            | Op::ReturnThroughBlocks
            | Op::EndFinally { .. }
            | Op::WithCleanupStart { .. }
            | Op::WithCleanupFinish { .. }
            | Op::BeginFinally
            | Op::CallFinally(_)
            | Op::PopFinally(_)
            | Op::EndAsyncForBlocks => return self.step_blocks(f, op),
            Op::BuildUnpack { .. } | Op::StoreAnnotation(_) | Op::CopyDictWithoutKeys => {
                return self.step_legacy(f, op)
            }
            Op::GetAwaitable
            | Op::BeforeAsyncWith
            | Op::GetAIter { .. }
            | Op::GetANext
            | Op::EndAsyncFor => return self.step_async(f, op),
            Op::LoadSpecial(_) | Op::LoadCommonConstant(_) | Op::WithExceptStartSelf => {
                return self.step_v314(f, op)
            }
            Op::ImportStar => {
                let m = f.pop()?;
                self.intrinsic1(f, Intrinsic1::ImportStar, m)?;
            }
            Op::CallIntrinsic1(which) => {
                let v = f.pop()?;
                let r = self.intrinsic1(f, which, v)?;
                f.push(r);
            }
            Op::CallIntrinsic2(_) | Op::CheckEgMatch => return self.step_intrinsic(f, op),
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
        }
        Ok(None)
    }

    /// Send `v` into the sub-iterator of `yield from` / `await` (`YIELD_FROM` up to
    /// 3.10, `SEND` from 3.11): generators resume, other iterators get `send` or
    /// `next` (`Python/ceval.c: gen_send_ex`, `_PyIter_Send`).
    fn send_value(&mut self, receiver: &Value, v: Value) -> PyResult<GenResult> {
        Ok(match receiver {
            Value::Generator(g) => self.resume(g, v, None)?,
            Value::Instance(_) => self.send_to_iterator(receiver, v)?,
            Value::Iter(state) if matches!(&*state.borrow(), IterState::AIterWrapper(_)) => {
                match &*state.borrow() {
                    IterState::AIterWrapper(it) => GenResult::Returned(it.clone()),
                    _ => GenResult::Returned(Value::None),
                }
            }
            Value::Iter(it) if matches!(&*it.borrow(), IterState::AsyncGenOp { .. }) => {
                self.async_op_send(it, v, None)?
            }
            other => match self.next_value(other)? {
                Some(x) => GenResult::Yielded(x),
                None => GenResult::Returned(Value::None),
            },
        })
    }

    #[inline(never)]
    pub(super) fn do_call(
        &mut self,
        f: &mut Frame,
        argc: usize,
        names: Option<Value>,
    ) -> PyResult<Value> {
        if names.is_none() {
            if let Some(r) = self.instantiate_simple(f, argc) {
                return r;
            }
        }
        let base = f
            .stack
            .len()
            .checked_sub(argc + 2)
            .ok_or_else(|| f.bad("stack underflow"))?;
        // One vector for `self` and the arguments, taken off the stack.
        let mut slots = f.stack.drain(base..);
        let (a, b) = (
            slots.next().unwrap_or(Value::Null),
            slots.next().unwrap_or(Value::Null),
        );
        let (callable, self_arg) = pick_callable(a, b);
        let no_self = self_arg.is_none();
        let mut pos = Vec::with_capacity(argc + 1);
        pos.extend(self_arg);
        pos.extend(slots);
        if names.is_none() && no_self {
            if let Some(eval) = super::exec_code::is_exec_builtin(&callable) {
                return self.exec_code(f, pos, eval);
            }
        }
        if pos.is_empty() {
            if let Value::Class(c) = &callable {
                if c.builtin == Some(crate::vm::objects::BuiltinType::Super) {
                    return self.zero_arg_super(f);
                }
            }
            // Built-ins that read the calling frame.
            if let Value::Builtin(b) = &callable {
                match b.name {
                    "globals" => return Ok(Value::Dict(f.globals.clone())),
                    "locals" | "vars" => return Ok(super::frame::frame_locals(f)),
                    "dir" => {
                        let mut names: Vec<Value> = match super::frame::frame_locals(f) {
                            Value::Dict(d) => d.borrow().keys(),
                            _ => Vec::new(),
                        };
                        crate::vm::builtins::sort_values(self, &mut names, &Value::None, false)?;
                        return Ok(Value::list(names));
                    }
                    _ => {}
                }
            }
        }
        let kw = match names {
            None => Vec::new(),
            Some(Value::Tuple(t)) => {
                if t.len() > argc {
                    return Err(f.bad("more keyword names than arguments"));
                }
                let kwvals = pos.split_off(pos.len() - t.len());
                t.iter()
                    .zip(kwvals)
                    .map(|(n, v)| match n {
                        Value::Str(s) => Ok((s.clone(), v)),
                        _ => Err(f.bad("keyword names must be strings")),
                    })
                    .collect::<PyResult<_>>()?
            }
            Some(_) => return Err(f.bad("keyword names must be a tuple")),
        };
        let call = Args { pos, kw };
        self.call(&callable, call)
    }

    /// Run `func` with `n` positional arguments that [`takes_simply`] accepts.
    pub(super) fn run_simple(
        &mut self,
        func: &Rc<Function>,
        args: impl Iterator<Item = Value>,
        n: usize,
    ) -> PyResult<Value> {
        let nargs = func.code.argcount as usize;
        let mut frame = self.new_frame(func, None);
        frame.closure = Some(func.closure.borrow().clone());
        for (slot, v) in args.enumerate() {
            frame.locals[slot] = v;
        }
        if n < nargs {
            let defaults = func.defaults.borrow();
            let first = defaults.len() - (nargs - n);
            for (slot, v) in (n..nargs).zip(&defaults[first..]) {
                frame.locals[slot] = v.clone();
            }
        }
        frame.legacy_cells();
        self.run_function_frame(&mut frame)
    }

    /// `super()` without arguments: the `__class__` cell and the first argument of
    /// the calling frame.
    fn zero_arg_super(&mut self, f: &Frame) -> PyResult<Value> {
        let code = &f.code;
        if code.argcount == 0 && code.flags & crate::vm::load::CO_VARARGS == 0 {
            return Err(self.exc("RuntimeError", "super(): no arguments"));
        }
        let deref = |v: &Value| match v {
            Value::Cell(c) => c.borrow().clone(),
            Value::Null => None,
            other => Some(other.clone()),
        };
        let Some(obj) = f.locals.first().and_then(deref) else {
            return Err(self.exc("RuntimeError", "super(): arg[0] deleted"));
        };
        let cell = code
            .local_names
            .iter()
            .zip(&code.local_kinds)
            .position(|(n, k)| {
                n.as_str() == "__class__"
                    && k & (crate::code::CO_FAST_CELL | crate::code::CO_FAST_FREE) != 0
            })
            .and_then(|i| f.locals.get(i))
            .and_then(deref);
        match cell {
            Some(Value::Class(cls)) => Ok(Value::Super(Rc::new((cls, obj)))),
            _ => Err(self.exc("RuntimeError", "super(): __class__ cell not found")),
        }
    }

    fn set_function_attribute(&mut self, func: &Function, flag: u32, v: Value) -> PyResult<()> {
        match flag {
            1 => *func.defaults.borrow_mut() = self.collect(&v)?,
            2 => {
                if let Value::Dict(d) = &v {
                    *func.kwdefaults.borrow_mut() = d.borrow().clone();
                }
            }
            4 => func.dict.borrow_mut().set_str("__annotations__", v),
            16 => func.dict.borrow_mut().set_str("__annotate__", v),
            8 => {
                let cells: Vec<CellRef> = self
                    .collect(&v)?
                    .into_iter()
                    .filter_map(|c| match c {
                        Value::Cell(c) => Some(c),
                        _ => None,
                    })
                    .collect();
                *func.closure.borrow_mut() = cells.into();
            }
            _ => {}
        }
        Ok(())
    }

    fn raise_varargs(&mut self, f: &mut Frame, n: u32) -> PyResult<Error> {
        match n {
            0 => match self.handled.clone() {
                Value::Instance(i) if i.exc.is_some() => Ok(Error::Py(i)),
                _ => Ok(self.exc("RuntimeError", "No active exception to reraise")),
            },
            1 => {
                let v = f.pop()?;
                Ok(Error::Py(self.make_exception(v)?))
            }
            2 => {
                let cause = f.pop()?;
                let v = f.pop()?;
                let exc = self.make_exception(v)?;
                let cause = match cause {
                    Value::None => None,
                    c => Some(Value::Instance(self.make_exception(c)?)),
                };
                if let Some(d) = &exc.exc {
                    let mut d = d.borrow_mut();
                    d.cause = cause;
                    d.suppress_context = true;
                }
                Ok(Error::Py(exc))
            }
            _ => Err(f.bad("RAISE_VARARGS with more than 2 arguments")),
        }
    }

    fn convert_value(&mut self, v: Value, conversion: u32) -> PyResult<Value> {
        Ok(match conversion {
            1 if matches!(v, Value::Str(_)) => v,
            1 => Value::Str(Str::from(self.to_str(&v)?)),
            2 => Value::Str(Str::from(self.repr(&v)?)),
            3 => {
                let r = self.repr(&v)?;
                Value::Str(Str::from(crate::vm::builtins::ascii_escape(&r)))
            }
            _ => v,
        })
    }
}

/// The callable and optional `self` from the two slots below the arguments:
/// [NULL, callable], [callable, NULL] or [method, self].
fn pick_callable(a: Value, b: Value) -> (Value, Option<Value>) {
    if a.is_null() {
        (b, None)
    } else if b.is_null() {
        (a, None)
    } else {
        (a, Some(b))
    }
}

/// Whether `func` takes `n` positional arguments with nothing to bind but its
/// missing trailing parameters, all defaulted.
pub(super) fn takes_simply(func: &Function, n: usize) -> bool {
    let code = &func.code;
    let nargs = code.argcount as usize;
    n <= nargs
        && nargs - n <= func.defaults.borrow().len()
        && code.kwonlyargcount == 0
        // Not a 2.7 class body, which is called like a function but keeps a
        // namespace (it lacks CO_OPTIMIZED).
        && code.flags & 1 != 0
        && code.flags & (crate::vm::load::CO_VARARGS | crate::vm::load::CO_VARKEYWORDS) == 0
        && !code.is_generator()
        && code.local_names.len() >= nargs
}
