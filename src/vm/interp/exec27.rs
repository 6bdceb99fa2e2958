//! CPython 2.7 instructions (`Python/ceval.c` of 2.7): the `print` statement with
//! its soft spaces, classic division, `SLICE+n`, `CALL_FUNCTION` with
//! (name, value) keyword pairs, `MAKE_FUNCTION`/`MAKE_CLOSURE`, `BUILD_CLASS`,
//! three-argument `raise`, the `exec` statement.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Error, Exit, Frame, PyResult, Vm};
use crate::vm::load::Op27;
use crate::vm::objects::{Args, Dict, Function};
use crate::vm::value::num::BinOp;
use crate::vm::value::{CellRef, Str, Value};

impl Vm {
    pub(super) fn step27(&mut self, f: &mut Frame, op: Op27) -> PyResult<Option<Exit>> {
        match op {
            Op27::PrintItem { to } => {
                let stream = if to { f.pop()? } else { Value::None };
                let item = f.pop()?;
                self.print_item(stream, &item)?;
            }
            Op27::PrintNewline { to } => {
                let stream = if to { f.pop()? } else { Value::None };
                let stream = self.print_stream(stream)?;
                self.stream_write(&stream, "\n")?;
                self.set_softspace(&stream, false)?;
            }
            Op27::ClassicDivide { inplace } => {
                let b = f.pop()?;
                let a = f.pop()?;
                let r = self.classic_divide(&a, &b, inplace)?;
                f.push(r);
            }
            Op27::Slice(n) => {
                let s = slice_of(f, n)?;
                let c = f.pop()?;
                let r = self.getitem(&c, &s)?;
                f.push(r);
            }
            Op27::StoreSlice(n) => {
                let s = slice_of(f, n)?;
                let c = f.pop()?;
                let v = f.pop()?;
                self.setitem(&c, s, v)?;
            }
            Op27::DeleteSlice(n) => {
                let s = slice_of(f, n)?;
                let c = f.pop()?;
                self.delitem(&c, &s)?;
            }
            Op27::CallFunction {
                npos,
                nkw: 0,
                var: false,
                kw: false,
            } => {
                // Positional arguments only: slide a NULL under the callable and
                // share the 3.x call path without copying the arguments out.
                let at = f
                    .stack
                    .len()
                    .checked_sub(npos as usize + 1)
                    .ok_or_else(|| f.bad("stack underflow"))?;
                f.stack.insert(at, Value::Null);
                let r = self.do_call(f, npos as usize, None)?;
                f.push(r);
            }
            Op27::CallFunction { npos, nkw, var, kw } => {
                let kwmap = if kw { Some(f.pop()?) } else { None };
                let star = if var { Some(f.pop()?) } else { None };
                let pairs = f.pop_n(2 * nkw as usize)?;
                let mut pos = f.pop_n(npos as usize)?;
                let callable = f.pop()?;
                if let Some(s) = star {
                    pos.extend(self.star_args(&callable, &s)?);
                }
                let mut names = Vec::new();
                let mut values = Vec::new();
                for pair in pairs.chunks(2) {
                    names.push(pair[0].clone());
                    values.push(pair[1].clone());
                }
                if let Some(m) = kwmap {
                    for (k, v) in self.kwargs_items(&callable, &m)? {
                        names.push(k);
                        values.push(v);
                    }
                }
                // Re-shape to [NULL, callable, args..., kw values...] and share
                // the 3.x call path (which also serves `locals()` and friends).
                let argc = pos.len() + values.len();
                f.push(Value::Null);
                f.push(callable);
                f.stack.extend(pos);
                f.stack.extend(values);
                let names = (!names.is_empty()).then(|| Value::tuple(names));
                let r = self.do_call(f, argc, names)?;
                f.push(r);
            }
            Op27::MakeFunction { ndefaults, closure } => {
                let Value::Code(code) = f.pop()? else {
                    return Err(f.bad("MAKE_FUNCTION without a code object"));
                };
                let cells: Vec<CellRef> = if closure {
                    match f.pop()? {
                        Value::Tuple(t) => t
                            .iter()
                            .filter_map(|c| match c {
                                Value::Cell(c) => Some(c.clone()),
                                _ => None,
                            })
                            .collect(),
                        _ => return Err(f.bad("MAKE_CLOSURE without a cell tuple")),
                    }
                } else {
                    Vec::new()
                };
                let defaults = f.pop_n(ndefaults as usize)?;
                let func = Function {
                    name: RefCell::new(code.name.clone()),
                    qualname: RefCell::new(code.qualname.clone()),
                    code,
                    globals: f.globals.clone(),
                    defaults: RefCell::new(defaults),
                    kwdefaults: RefCell::new(Dict::new()),
                    closure: RefCell::new(cells.into()),
                    dict: RefCell::new(Dict::new()),
                };
                f.push(Value::Function(Rc::new(func)));
            }
            Op27::BuildClass => {
                let ns = f.pop()?;
                let bases = f.pop()?;
                let name = f.pop()?;
                let cls = self.build_class27(f, name, bases, ns)?;
                f.push(cls);
            }
            Op27::BuildMap(n) => {
                let d = Dict::presized(n as usize);
                f.push(Value::Dict(Rc::new(RefCell::new(d))));
            }
            Op27::StoreMap => {
                let k = f.pop()?;
                let v = f.pop()?;
                match f.peek(1)?.clone() {
                    Value::Dict(d) => self.dict_set(&d, k, v)?,
                    _ => return Err(f.bad("STORE_MAP target is not a dict")),
                }
            }
            Op27::DupTopX(n) => {
                let n = n as usize;
                if n > f.stack.len() {
                    return Err(f.bad("stack underflow"));
                }
                let top = f.stack[f.stack.len() - n..].to_vec();
                f.stack.extend(top);
            }
            Op27::Convert => {
                let v = f.pop()?;
                let r = self.repr(&v)?;
                f.push(Value::Str(Str::from(r)));
            }
            Op27::WithCleanup => self.with_cleanup27(f)?,
            Op27::Raise(n) => return Err(self.raise27(f, n)?),
            Op27::ExecStmt => self.exec_stmt(f)?,
        }
        Ok(None)
    }

    /// `exec code [in globals[, locals]]`, also in its tuple form `exec(code, g[, l])`;
    /// a missing namespace is `None` on the stack.
    fn exec_stmt(&mut self, f: &mut Frame) -> PyResult<()> {
        let mut locals = f.pop()?;
        let mut globals = f.pop()?;
        let mut prog = f.pop()?;
        if let (Value::Tuple(t), Value::None, Value::None) = (&prog, &globals, &locals) {
            if let [c, g, rest @ ..] = &t[..] {
                if rest.len() <= 1 {
                    locals = rest.first().cloned().unwrap_or(Value::None);
                    (prog, globals) = (c.clone(), g.clone());
                }
            }
        }
        if !matches!(globals, Value::None | Value::Dict(_)) {
            return Err(self.type_error("exec: arg 2 must be a dictionary or None"));
        }
        if !matches!(locals, Value::None | Value::Dict(_)) {
            return Err(self.type_error("exec: arg 3 must be a mapping or None"));
        }
        match &prog {
            Value::Code(c) if c.nfree > 0 => {
                Err(self.type_error("code object passed to exec may not contain free variables"))
            }
            Value::Code(_) | Value::Str(_) => {
                self.exec_code(f, vec![prog, globals, locals], false)?;
                Ok(())
            }
            _ => Err(self.type_error("exec: arg 1 must be a string, file, or code object")),
        }
    }

    /// The `*args` of a call as a list of values.
    fn star_args(&mut self, callee: &Value, s: &Value) -> PyResult<Vec<Value>> {
        self.collect(s)
            .map_err(|e| self.star_error(e, s, Some(callee)))
    }

    fn kwargs_items(&mut self, callee: &Value, m: &Value) -> PyResult<Vec<(Value, Value)>> {
        let items = self
            .mapping_items(m)
            .map_err(|e| self.double_star_error(e, m, callee))?;
        if items.iter().any(|(k, _)| !matches!(k, Value::Str(_))) {
            return Err(self.type_error(format!(
                "{} keywords must be strings",
                self.call_desc(callee)
            )));
        }
        Ok(items)
    }

    /// `a / b` without `from __future__ import division`.
    fn classic_divide(&mut self, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
        if a.is_int() && b.is_int() {
            if b.as_i64() == Some(0) {
                return Err(self.exc("ZeroDivisionError", "integer division or modulo by zero"));
            }
            return self.binary_op(BinOp::FloorDiv, a, b, inplace);
        }
        let names: &[(&str, bool)] = if inplace {
            &[("__idiv__", false), ("__div__", false), ("__rdiv__", true)]
        } else {
            &[("__div__", false), ("__rdiv__", true)]
        };
        for &(name, reflected) in names {
            let (x, y) = if reflected { (b, a) } else { (a, b) };
            if let Some(m) = self.special(x, name) {
                let r = self.call_pos(&m, vec![x.clone(), y.clone()])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        self.binary_op(BinOp::TrueDiv, a, b, inplace)
            .map_err(|e| self.division_error27(e, a, b))
    }

    fn division_error27(&self, e: Error, a: &Value, b: &Value) -> Error {
        if self.error_is(&e, "TypeError") {
            return self.type_error(format!(
                "unsupported operand type(s) for /: '{}' and '{}'",
                self.type_name(a),
                self.type_name(b)
            ));
        }
        e
    }

    /// `raise`, `raise E`, `raise E, v`, `raise E, v, tb`.
    fn raise27(&mut self, f: &mut Frame, n: u32) -> PyResult<Error> {
        let mut args = f.pop_n(n as usize)?.into_iter();
        let Some(typ) = args.next() else {
            return Ok(match self.handled.clone() {
                Value::Instance(i) if i.exc.is_some() => Error::Py(i),
                _ => self.type_error(
                    "exceptions must be old-style classes or derived from BaseException, not NoneType",
                ),
            });
        };
        let value = args.next().unwrap_or(Value::None);
        let exc = match (&typ, value) {
            (Value::Class(c), v) if c.is_exception() => {
                if let Value::Instance(i) = &v {
                    if i.exc.is_some() && i.class().is_subclass(c) {
                        return Ok(Error::Py(i.clone()));
                    }
                }
                let pos = match v {
                    Value::None => Vec::new(),
                    Value::Tuple(t) => t.to_vec(),
                    other => vec![other],
                };
                self.call(&typ, Args::new(pos))?
            }
            (Value::Instance(i), v) if i.exc.is_some() => {
                if !v.is_none() {
                    return Ok(self.type_error("instance exception may not have a separate value"));
                }
                typ.clone()
            }
            _ => {
                return Ok(self.type_error(format!(
                    "exceptions must be old-style classes or derived from BaseException, not {}",
                    self.type_name(&typ)
                )))
            }
        };
        Ok(Error::Py(self.make_exception(exc)?))
    }

    /// `BUILD_CLASS`: `__metaclass__` from the namespace, the first base's type,
    /// or the module's `__metaclass__`; otherwise a (classic) class.
    fn build_class27(
        &mut self,
        f: &Frame,
        name: Value,
        bases: Value,
        ns: Value,
    ) -> PyResult<Value> {
        let Value::Dict(d) = &ns else {
            return Err(f.bad("BUILD_CLASS without a namespace dict"));
        };
        let base_list = match &bases {
            Value::Tuple(t) => t.to_vec(),
            _ => return Err(f.bad("BUILD_CLASS without a bases tuple")),
        };
        let meta = d
            .borrow()
            .get_str("__metaclass__")
            .or_else(|| {
                base_list
                    .first()
                    .filter(|b| !matches!(b, Value::Class(c) if c.classic))
                    .map(|b| Value::Class(self.type_of(b)))
            })
            .or_else(|| f.globals.borrow().get_str("__metaclass__"));
        // `type` as the metaclass makes a new-style class, even without bases.
        let new_style = meta.is_some();
        match meta {
            Some(m) if !is_type_class(self, &m) => {
                self.call_pos(&m, vec![name, bases.clone(), ns.clone()])
            }
            _ => {
                let Value::Str(name) = name else {
                    return Err(self.type_error("BUILD_CLASS: the name must be a string"));
                };
                let classic = !new_style
                    && base_list
                        .iter()
                        .all(|b| matches!(b, Value::Class(c) if c.classic));
                let classes =
                    self.class_bases(base_list, "Error when calling the metaclass bases\n    ")?;
                let module = match d.borrow().get_str("__module__") {
                    Some(Value::Str(s)) => s,
                    _ => Str::from("__main__"),
                };
                let dict = d.borrow().clone();
                let mut cls =
                    crate::vm::objects::Class::new(name.clone(), name, module, classes, dict, None)
                        .map_err(|m| self.type_error(m))?;
                cls.classic = classic;
                Ok(Value::Class(Rc::new(cls)))
            }
        }
    }

    /// 2.7's `__cmp__` of `a` (or reflected, of `b`), when one is defined.
    pub(super) fn cmp_method27(
        &mut self,
        a: &Value,
        b: &Value,
    ) -> PyResult<Option<std::cmp::Ordering>> {
        for (x, y, flip) in [(a, b, false), (b, a, true)] {
            let Some(m) = self.special(x, "__cmp__") else {
                continue;
            };
            let r = self.call_pos(&m, vec![x.clone(), y.clone()])?;
            if matches!(r, Value::NotImplemented) {
                continue;
            }
            let Some(n) = r.as_i64() else {
                return Err(self.type_error("comparison did not return an int"));
            };
            let ord = n.cmp(&0);
            return Ok(Some(if flip { ord.reverse() } else { ord }));
        }
        Ok(None)
    }

    /// At exit, a `print` statement's pending soft space becomes a newline.
    pub(super) fn end_softspace27(&mut self) {
        let Ok(Some(sys)) = self.modules.get(&Value::str("sys")) else {
            return;
        };
        let Ok(stdout) = self.getattr(&sys, &Str::from("stdout")) else {
            return;
        };
        if self.softspace(&stdout).unwrap_or(false) {
            let _ = self.stream_write(&stdout, "\n");
        }
    }

    /// The stream a `print` statement writes to (`sys.stdout` by default).
    fn print_stream(&mut self, stream: Value) -> PyResult<Value> {
        if !stream.is_none() {
            return Ok(stream);
        }
        let sys = self.import_module(&Str::from("sys"))?;
        self.getattr(&sys, &Str::from("stdout"))
    }

    fn print_item(&mut self, stream: Value, item: &Value) -> PyResult<()> {
        let stream = self.print_stream(stream)?;
        if self.softspace(&stream)? {
            self.stream_write(&stream, " ")?;
        }
        let text = self.to_str(item)?;
        // A `unicode` goes to `write` as it is (the stream encodes it).
        let out = match item {
            Value::Str(s) if s.is_unicode() => item.clone(),
            _ => Value::str(&text),
        };
        let write = self.getattr(&stream, &Str::from("write"))?;
        self.call_pos(&write, vec![out])?;
        // A string ending in whitespace other than a space leaves no soft space.
        let soft = match (item, text.chars().last()) {
            (Value::Str(_), Some(c)) => !c.is_ascii_whitespace() || c == ' ',
            _ => true,
        };
        self.set_softspace(&stream, soft)
    }

    fn stream_write(&mut self, stream: &Value, s: &str) -> PyResult<()> {
        let write = self.getattr(stream, &Str::from("write"))?;
        self.call_pos(&write, vec![Value::str(s)])?;
        Ok(())
    }

    fn softspace(&mut self, stream: &Value) -> PyResult<bool> {
        match self.getattr_opt(stream, &Str::from("softspace"))? {
            Some(v) => self.truthy(&v),
            None => Ok(false),
        }
    }

    fn set_softspace(&mut self, stream: &Value, on: bool) -> PyResult<()> {
        let v = Value::Int(i64::from(on));
        match stream {
            Value::Module(m) => {
                m.dict.borrow_mut().set_str("softspace", v);
                Ok(())
            }
            _ => self.setattr(stream, &Str::from("softspace"), v),
        }
    }
}

fn is_type_class(vm: &Vm, m: &Value) -> bool {
    matches!(m, Value::Class(c) if Rc::ptr_eq(c, &vm.types.type_))
}

/// The slice of `SLICE+n` and friends: bit 0 = start, bit 1 = stop on the stack.
fn slice_of(f: &mut Frame, n: u8) -> PyResult<Value> {
    let stop = if n & 2 != 0 { f.pop()? } else { Value::None };
    let start = if n & 1 != 0 { f.pop()? } else { Value::None };
    Ok(Value::Slice(Rc::new([start, stop, Value::None])))
}

/// 2.7's wrong-argument-count message: `f() takes exactly 2 arguments (1 given)`.
pub(super) fn arg_count27(name: &Str, how: &str, n: usize, given: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{name}() takes {how} {n} argument{s} ({given} given)")
}

impl Vm {
    /// 2.7's fallback ordering of values of different types: `None` first, then
    /// numbers, then the rest by type name (`default_3way_compare`). `None` when
    /// it cannot tell (same type or same name: CPython compares addresses).
    pub(super) fn default_order27(&self, a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
        let rank = |v: &Value| match v {
            Value::None => (0, String::new()),
            Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_) => {
                (1, String::new())
            }
            Value::Complex(..) => (1, String::new()),
            other => (2, self.type_name(other).to_string()),
        };
        let (ra, rb) = (rank(a), rank(b));
        match ra.cmp(&rb) {
            std::cmp::Ordering::Equal => None,
            o => Some(o),
        }
    }
}
