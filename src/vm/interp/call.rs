//! Calling: Python functions (argument binding, frames, generators), built-ins,
//! bound methods, classes (instantiation) and `__build_class__`.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Error, Frame, PyResult, Vm, RECURSION_LIMIT};
use crate::vm::load::{CO_VARARGS, CO_VARKEYWORDS};
use crate::vm::objects::{Args, BuiltinType, Class, Dict, Function, Generator, Instance};
use crate::vm::value::{Str, Value};

impl Vm {
    /// Call any callable.
    pub fn call(&mut self, callable: &Value, args: Args) -> PyResult<Value> {
        match callable {
            Value::Function(func) => self.call_function(func, args),
            Value::BoundMethod(m) => {
                let mut args = args;
                args.pos.insert(0, m.0.clone());
                let f = m.1.clone();
                self.call(&f, args)
            }
            Value::Builtin(b) => {
                let mut args = args;
                if let Some(r) = &b.receiver {
                    args.pos.insert(0, r.clone());
                }
                (b.func)(self, args)
            }
            Value::NativeMethod(m) if m.receiver.is_null() => {
                let name = m.name.clone();
                self.call_unbound_native(&name, args)
            }
            Value::NativeMethod(m) => {
                let (recv, name) = (m.receiver.clone(), m.name.clone());
                crate::vm::builtins::call_method(self, &recv, &name, args)
            }
            Value::Class(cls) => match self.meta_hook(cls, "__call__") {
                Some(hook) => {
                    let mut args = args;
                    args.pos.insert(0, callable.clone());
                    self.call(&hook, args)
                }
                None => self.instantiate_plain(cls, args),
            },
            Value::StaticMethod(f) => {
                let f = (**f).clone();
                self.call(&f, args)
            }
            Value::Instance(_) => match self.lookup_method(callable, &Str::from("__call__")) {
                Some(m) => {
                    let mut args = args;
                    args.pos.insert(0, callable.clone());
                    self.call(&m, args)
                }
                None => Err(self.not_callable(callable)),
            },
            _ => Err(self.not_callable(callable)),
        }
    }

    fn not_callable(&self, v: &Value) -> Error {
        if let Value::Instance(i) = v {
            if i.class().classic {
                let msg = format!("{} instance has no __call__ method", i.class().name);
                return self.exc("AttributeError", msg);
            }
        }
        self.type_error(format!("'{}' object is not callable", self.type_name(v)))
    }

    /// Call with positional arguments only.
    pub fn call_pos(&mut self, callable: &Value, pos: Vec<Value>) -> PyResult<Value> {
        self.call(callable, Args::new(pos))
    }

    /// [`Vm::call_pos`] with a few arguments: a plain Python function gets them
    /// without an argument vector or a binding pass.
    pub fn call_n<const N: usize>(
        &mut self,
        callable: &Value,
        args: [Value; N],
    ) -> PyResult<Value> {
        if let Value::Function(func) = callable {
            if super::exec_call::takes_simply(func, N) {
                return self.run_simple(func, args.into_iter(), N);
            }
        }
        self.call_pos(callable, args.into())
    }

    /// Call a Python function.
    pub fn call_function(&mut self, func: &Rc<Function>, args: Args) -> PyResult<Value> {
        // A 2.7 class body is called like a function but keeps a namespace
        // (it lacks CO_OPTIMIZED).
        let ns = (func.code.version == crate::version::Version::V2_7 && func.code.flags & 1 == 0)
            .then(|| Rc::new(RefCell::new(Dict::new())));
        let mut frame = self.new_frame(func, ns);
        frame.closure = Some(func.closure.borrow().clone());
        self.bind_args(func, &mut frame, args)?;
        frame.legacy_cells();
        if func.code.is_generator() {
            return Ok(Value::Generator(Rc::new(RefCell::new(Generator {
                frame: Some(Box::new(frame)),
                finished: false,
                running: false,
                name: func.name.borrow().clone(),
                qualname: func.qualname.borrow().clone(),
                exc_state: Value::None,
                flags: func.code.flags,
            }))));
        }
        self.run_function_frame(&mut frame)
    }

    /// Run a new, bound frame of a (non-generator) function to its return.
    pub(super) fn run_function_frame(&mut self, frame: &mut Frame) -> PyResult<Value> {
        self.enter()?;
        // 2.7 restores `sys.exc_info()` when a frame that caught an exception ends.
        let saved =
            (frame.code.version == crate::version::Version::V2_7).then(|| self.handled.clone());
        let r = self.run_to_stop(frame, None);
        self.depth -= 1;
        if let Some(h) = saved {
            self.handled = h;
        }
        let r = match r {
            Ok(super::exec::Stop::Return) => frame.pop(),
            Ok(super::exec::Stop::Yield) => Err(frame.bad("yield outside a generator")),
            Err(e) => Err(e),
        };
        self.recycle(frame);
        r
    }

    /// A frame for `func` (slots unbound), with vectors of a finished frame.
    pub(super) fn new_frame(
        &mut self,
        func: &Function,
        ns: Option<crate::vm::value::DictRef>,
    ) -> Frame {
        let bufs = self.frame_buffers();
        Frame::with_buffers(func.code.clone(), func.globals.clone(), ns, bufs)
    }

    /// A stack and a slot vector of a finished frame, or new ones.
    #[inline]
    pub(super) fn frame_buffers(&mut self) -> (Vec<Value>, Vec<Value>) {
        (
            self.frame_pool.pop().unwrap_or_default(),
            self.locals_pool.pop().unwrap_or_default(),
        )
    }

    /// Keep a finished frame's vectors, emptied, for the next frame.
    #[inline]
    fn recycle(&mut self, frame: &mut Frame) {
        if self.frame_pool.len() < 1024 {
            clear_values(&mut frame.stack);
            clear_values(&mut frame.locals);
            self.frame_pool.push(std::mem::take(&mut frame.stack));
            self.locals_pool.push(std::mem::take(&mut frame.locals));
        }
    }

    /// Count a new Python frame; RecursionError past the limit.
    pub fn enter(&mut self) -> PyResult<()> {
        if self.depth >= RECURSION_LIMIT {
            return Err(self.exc("RecursionError", "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Guard a native recursion (repr or comparison of nested containers),
    /// `Py_EnterRecursiveCall`: up to 3.11 it shares the Python frame limit; 3.12
    /// has a separate C limit of 1500, 3.13+ of 10000. Pair with `leave`.
    pub fn enter_native(&mut self, what: &str) -> PyResult<()> {
        use crate::version::Version;
        let (depth, limit) = if self.version <= Version::V3_11 {
            (self.depth, RECURSION_LIMIT)
        } else if self.version == Version::V3_12 {
            (self.native_depth, 1500)
        } else {
            (self.native_depth, 10_000)
        };
        if depth >= limit {
            return Err(self.exc(
                "RecursionError",
                format!("maximum recursion depth exceeded{what}"),
            ));
        }
        if self.version <= Version::V3_11 {
            self.depth += 1;
        }
        self.native_depth += 1;
        Ok(())
    }

    /// End a native recursion step.
    pub fn leave(&mut self) {
        if self.version <= crate::version::Version::V3_11 {
            self.depth -= 1;
        }
        self.native_depth -= 1;
    }

    /// Bind call arguments to the frame's parameter slots (`Python/ceval.c:
    /// initialize_locals`), with CPython's error messages.
    fn bind_args(&mut self, func: &Function, frame: &mut Frame, args: Args) -> PyResult<()> {
        let code = &func.code;
        // Up to 3.9 argument errors name the function by `co_name`.
        let qn = if self.version >= crate::version::Version::V3_10 {
            func.qualname.borrow().clone()
        } else {
            code.name.clone()
        };
        let nargs = code.argcount as usize;
        let nkwonly = code.kwonlyargcount as usize;
        let posonly = (code.posonlyargcount as usize).min(nargs);
        let has_varargs = code.flags & CO_VARARGS != 0;
        let has_varkw = code.flags & CO_VARKEYWORDS != 0;
        let total = nargs + nkwonly;
        let needed = total + usize::from(has_varargs) + usize::from(has_varkw);
        if frame.locals.len() < needed {
            return Err(frame.bad("fewer local slots than parameters"));
        }
        let Args { pos, kw } = args;
        let npos = pos.len();
        let py27 = self.version == crate::version::Version::V2_7;
        let nkw = kw.len();
        let mut extra = Vec::new();
        for (i, v) in pos.into_iter().enumerate() {
            if i < nargs {
                frame.locals[i] = v;
            } else {
                extra.push(v);
            }
        }
        if has_varargs {
            frame.locals[total] = Value::tuple(extra);
        } else if !extra.is_empty() {
            let defaults = func.defaults.borrow().len();
            if py27 {
                let how = if defaults > 0 { "at most" } else { "exactly" };
                return Err(self.type_error(super::exec27::arg_count27(
                    &qn,
                    how,
                    nargs,
                    npos + nkw,
                )));
            }
            let takes = if defaults > 0 {
                format!("from {} to {}", nargs - defaults.min(nargs), nargs)
            } else {
                nargs.to_string()
            };
            let plural = if nargs == 1 && defaults == 0 { "" } else { "s" };
            let given = if npos == 1 { "was" } else { "were" };
            return Err(self.type_error(format!(
                "{qn}() takes {takes} positional argument{plural} but {npos} {given} given"
            )));
        }
        let kwdict_slot = total + usize::from(has_varargs);
        let mut kwdict = Dict::new();
        let posonly_named: Vec<Str> = kw
            .iter()
            .filter(|(k, _)| code.local_names[..posonly].contains(k))
            .map(|(k, _)| k.clone())
            .collect();
        if !posonly_named.is_empty() && !has_varkw {
            let names: Vec<String> = posonly_named.iter().map(|n| n.to_string()).collect();
            return Err(self.type_error(format!(
                "{qn}() got some positional-only arguments passed as keyword arguments: '{}'",
                names.join(", ")
            )));
        }
        for (name, v) in kw {
            let slot = code.local_names[..total]
                .iter()
                .position(|n| *n == name)
                .filter(|&i| i >= posonly);
            match slot {
                Some(i) => {
                    if !frame.locals[i].is_null() {
                        let what = if py27 { "keyword argument" } else { "argument" };
                        return Err(self.type_error(format!(
                            "{qn}() got multiple values for {what} '{name}'"
                        )));
                    }
                    frame.locals[i] = v;
                }
                None if has_varkw => kwdict.set_str(name.as_str(), v),
                None => {
                    return Err(self.type_error(format!(
                        "{qn}() got an unexpected keyword argument '{name}'"
                    )))
                }
            }
        }
        if has_varkw {
            frame.locals[kwdict_slot] = Value::Dict(Rc::new(RefCell::new(kwdict)));
        }
        // Defaults for the trailing positional parameters.
        let defaults = func.defaults.borrow();
        let first_default = nargs.saturating_sub(defaults.len());
        if py27 && (0..first_default).any(|i| frame.locals[i].is_null()) {
            let how = if has_varargs || !defaults.is_empty() {
                "at least"
            } else {
                "exactly"
            };
            let given = (0..nargs).filter(|&i| !frame.locals[i].is_null()).count();
            return Err(self.type_error(super::exec27::arg_count27(
                &qn,
                how,
                first_default,
                given,
            )));
        }
        let mut missing = Vec::new();
        for i in 0..nargs {
            if frame.locals[i].is_null() {
                if i >= first_default {
                    frame.locals[i] = defaults[i - first_default].clone();
                } else {
                    missing.push(code.local_names[i].clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(missing_message(&qn, "positional", &missing)));
        }
        let kwdefaults = func.kwdefaults.borrow();
        for i in nargs..total {
            if frame.locals[i].is_null() {
                match kwdefaults.get_str(code.local_names[i].as_str()) {
                    Some(v) => frame.locals[i] = v,
                    None => missing.push(code.local_names[i].clone()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(missing_message(&qn, "keyword-only", &missing)));
        }
        Ok(())
    }

    /// `cls(*args, **kw)` without a metaclass `__call__` (`type.__call__`).
    pub fn instantiate_plain(&mut self, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
        if cls.builtin == Some(BuiltinType::Type) && cls.module.as_str() != "builtins" {
            return self.instantiate_meta(cls, args);
        }
        match cls.builtin {
            None | Some(BuiltinType::Object) | Some(BuiltinType::BaseException) => {}
            Some(_) if cls.module.as_str() == "builtins" => {
                return crate::vm::builtins::construct(self, cls, args)
            }
            Some(_) => return self.instantiate_builtin_subclass(cls, args),
        }
        let new = cls.lookup_name(&self.names.new);
        if let Some(new) = new {
            let new = match new {
                Value::StaticMethod(f) => (*f).clone(),
                other => other,
            };
            let mut a = args.clone();
            a.pos.insert(0, Value::Class(cls.clone()));
            let obj = self.call(&new, a)?;
            if self.is_instance(&obj, cls) {
                self.init_instance(&obj, args)?;
            }
            return Ok(obj);
        }
        let cls = &self.group_class(cls, &args)?.unwrap_or_else(|| cls.clone());
        let inst = Value::Instance(Rc::new(Instance::new(cls.clone())));
        if let Value::Instance(i) = &inst {
            if let Some(d) = &i.exc {
                d.borrow_mut().args = args.pos.clone();
            }
        }
        self.init_instance(&inst, args)?;
        Ok(inst)
    }

    /// `class Stack(list)`: an instance whose payload is the built-in value. Mutable
    /// payloads start empty and are filled by the built-in `__init__` (directly or
    /// through `super().__init__`); immutable ones are built from the arguments.
    fn instantiate_builtin_subclass(&mut self, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
        let Some(base) = cls
            .mro_tail
            .iter()
            .find(|c| c.module.as_str() == "builtins" && c.builtin == cls.builtin)
            .cloned()
        else {
            return Err(self.type_error(format!("cannot create '{}' instances", cls.name)));
        };
        let mutable = matches!(
            cls.builtin,
            Some(BuiltinType::List | BuiltinType::Dict | BuiltinType::Set)
        );
        let inst = Rc::new(Instance::new(cls.clone()));
        let obj = Value::Instance(inst.clone());
        let payload = if mutable {
            crate::vm::builtins::construct(self, &base, Args::default())?
        } else {
            let new_args = if cls.lookup_name(&self.names.new).is_some() {
                Args::default()
            } else {
                args.clone()
            };
            crate::vm::builtins::construct(self, &base, new_args)?
        };
        *inst.payload.borrow_mut() = Some(payload);
        let user_init = cls
            .lookup_name(&self.names.init)
            .filter(|f| matches!(f, Value::Function(_)));
        match user_init {
            Some(_) => self.init_instance(&obj, args)?,
            None if mutable => {
                crate::vm::builtins::payload_init(self, &obj, args)?;
            }
            None => {}
        }
        Ok(obj)
    }

    fn init_instance(&mut self, inst: &Value, args: Args) -> PyResult<()> {
        let cls = self.type_of(inst);
        match cls.lookup_name(&self.names.init) {
            Some(init) => {
                let mut a = args;
                a.pos.insert(0, inst.clone());
                let r = self.call(&init, a)?;
                self.init_returned(&r)?;
            }
            None if !cls.is_exception() && (!args.pos.is_empty() || !args.kw.is_empty()) => {
                return Err(self.type_error(match self.version {
                    crate::version::Version::V2_7 if cls.classic => {
                        "this constructor takes no arguments".to_string()
                    }
                    crate::version::Version::V2_7 => "object() takes no parameters".to_string(),
                    _ => format!("{}() takes no arguments", cls.name),
                }));
            }
            None => {}
        }
        Ok(())
    }

    /// `__init__` must return `None`.
    pub(super) fn init_returned(&self, r: &Value) -> PyResult<()> {
        if r.is_none() {
            return Ok(());
        }
        Err(self.type_error(format!(
            "__init__() should return None, not '{}'",
            self.type_name(r)
        )))
    }

    /// The bases of a new class (`object` when there are none); `context`
    /// prefixes the error.
    pub(super) fn class_bases(
        &self,
        bases: impl IntoIterator<Item = Value>,
        context: &str,
    ) -> PyResult<Vec<Rc<Class>>> {
        let mut out = Vec::new();
        for b in bases {
            match b {
                Value::Class(c) => out.push(c),
                other => {
                    return Err(self.type_error(format!(
                        "{context}bases must be types, not '{}'",
                        self.type_name(&other)
                    )))
                }
            }
        }
        if out.is_empty() {
            out.push(self.types.object.clone());
        }
        Ok(out)
    }
}

fn missing_message(qn: &Str, kind: &str, names: &[Str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    let plural = if names.len() == 1 { "" } else { "s" };
    format!(
        "{qn}() missing {} required {kind} argument{plural}: {list}",
        names.len()
    )
}

/// Empty `v` front to back (the order CPython clears a frame in), calling drop
/// code only for the values with a reference count.
#[inline]
fn clear_values(v: &mut Vec<Value>) {
    v.drain(..).for_each(super::fast::drop_fast);
}
