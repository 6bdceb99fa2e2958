//! Operators: arithmetic with `__op__`/`__rop__` dispatch, truth, exception
//! matching (comparisons: `compare.rs`).

use std::rc::Rc;

use super::{Frame, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::Set;
use crate::vm::value::num::{self, BinOp};
use crate::vm::value::{Str, Value};

impl Vm {
    /// `a <op> b` (or `a <op>= b`).
    pub fn binary_op(&mut self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
        if let Some(r) = num::binary(op, a, b) {
            let r = r.map_err(|e| self.num_error(e))?;
            return Ok(self.long27(a, b, r));
        }
        if let Some(r) = self.builtin_binary(op, a, b, inplace)? {
            return Ok(r);
        }
        let (name, rname) = self.names.binop[op as usize].clone();
        if inplace {
            let iname = Str::from(format!("__i{}", &name.as_str()[2..]));
            if let Some(r) = self.try_dunder(a, &iname, b)? {
                return Ok(r);
            }
        }
        let order = reflect_order(a, b, &rname);
        if order == Reflect::First {
            if let Some(r) = self.try_dunder(b, &rname, a)? {
                return Ok(r);
            }
        }
        if let Some(r) = self.try_dunder(a, &name, b)? {
            return Ok(r);
        }
        self.binary_op_reflected(op, &rname, a, b, inplace, order == Reflect::After)
    }

    /// The rest of `binary_op` once `a`'s own dunder has not answered: `b`'s
    /// reflected one (`rname`) when `reflect`, the payloads of built-in subclasses,
    /// the error.
    pub(super) fn binary_op_reflected(
        &mut self,
        op: BinOp,
        rname: &Str,
        a: &Value,
        b: &Value,
        inplace: bool,
        reflect: bool,
    ) -> PyResult<Value> {
        if reflect {
            if let Some(r) = self.try_dunder(b, rname, a)? {
                return Ok(r);
            }
        }
        let (pa, pb) = (
            crate::vm::builtins::payload(a),
            crate::vm::builtins::payload(b),
        );
        if pa.is_some() || pb.is_some() {
            let x = pa.clone().unwrap_or_else(|| a.clone());
            let y = pb.unwrap_or_else(|| b.clone());
            let r = self.binary_op(op, &x, &y, inplace)?;
            // An in-place list/dict/set operation mutated the payload: keep `self`.
            if inplace && pa.is_some_and(|p| p.is(&r)) {
                return Ok(a.clone());
            }
            return Ok(r);
        }
        if op == BinOp::Add {
            if let Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_) = a {
                let (ta, tb) = (self.type_name(a), self.type_name(b));
                if matches!(a, Value::Str(_)) && self.version == crate::version::Version::V2_7 {
                    return Err(
                        self.type_error(format!("cannot concatenate 'str' and '{tb}' objects"))
                    );
                }
                if matches!(a, Value::Str(_)) && self.version <= crate::version::Version::V3_6 {
                    return Err(self.type_error(format!("must be str, not {tb}")));
                }
                return Err(
                    self.type_error(format!("can only concatenate {ta} (not \"{tb}\") to {ta}"))
                );
            }
        }
        if op == BinOp::Mul {
            let seq = |v: &Value| {
                matches!(
                    v,
                    Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)
                )
            };
            let other = match (seq(a), seq(b)) {
                (true, _) => Some(b),
                (_, true) => Some(a),
                _ => None,
            };
            if let Some(other) = other {
                return Err(self.type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(other)
                )));
            }
        }
        let sym = if inplace && op != BinOp::Pow {
            format!("{}=", op.symbol())
        } else if inplace {
            "**=".to_string()
        } else {
            op.symbol().to_string()
        };
        Err(self.type_error(format!(
            "unsupported operand type(s) for {sym}: '{}' and '{}'",
            self.type_name(a),
            self.type_name(b)
        )))
    }

    /// A special method of a Python class instance (looked up on the class).
    pub fn special(&self, v: &Value, name: &str) -> Option<Value> {
        match v {
            Value::Instance(i) => i.class().lookup(name),
            Value::Class(c) => self.meta_hook(c, name),
            _ => None,
        }
    }

    fn builtin_binary(
        &mut self,
        op: BinOp,
        a: &Value,
        b: &Value,
        inplace: bool,
    ) -> PyResult<Option<Value>> {
        use BinOp::*;
        Ok(Some(match (op, a, b) {
            (Add, Value::Str(x), Value::Str(y)) => {
                if x.is_unicode() != y.is_unicode() {
                    return self.concat27(x, y).map(Some);
                }
                Value::Str(x.concat(y))
            }
            (Add, Value::List(x), Value::List(y)) => {
                if inplace {
                    let extra = y.borrow().clone();
                    x.borrow_mut().extend(extra);
                    return Ok(Some(a.clone()));
                }
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Value::list(v)
            }
            (Add, Value::List(x), other) if inplace => {
                let items = self.collect(other)?;
                x.borrow_mut().extend(items);
                return Ok(Some(a.clone()));
            }
            (Add, Value::Tuple(x), Value::Tuple(y)) => {
                Value::tuple(x.iter().chain(y.iter()).cloned().collect())
            }
            (Add, Value::Bytes(x), Value::Bytes(y)) => Value::Bytes(
                x.iter()
                    .chain(y.iter())
                    .copied()
                    .collect::<Vec<u8>>()
                    .into(),
            ),
            (Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_), n)
                if n.as_i64().is_some() =>
            {
                return self.repeat(a, n.as_i64().unwrap_or(0), inplace).map(Some);
            }
            (Mul, n, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_))
                if n.as_i64().is_some() =>
            {
                return self.repeat(b, n.as_i64().unwrap_or(0), false).map(Some);
            }
            (Mod, Value::Str(fmt), args) => Value::Str(Str::with_kind(
                crate::vm::builtins::percent_format(self, fmt.as_str(), args)?,
                fmt.kind() | crate::vm::builtins::args_kind(args),
            )),
            (
                Or | And | Sub | Xor,
                Value::Set(_) | Value::FrozenSet(_) | Value::DictView(_),
                Value::Set(_) | Value::FrozenSet(_) | Value::DictView(_),
            ) if set_copy(a).is_some() && set_copy(b).is_some() => {
                if let (true, Value::Set(target), Some(other)) = (inplace, a, set_copy(b)) {
                    let mut t = target.borrow_mut();
                    match op {
                        BinOp::Or => t.merge(&other),
                        BinOp::And => *t = t.intersection(&other),
                        BinOp::Sub => {
                            for k in other.items() {
                                let _ = t.remove(&k);
                            }
                        }
                        _ => {
                            for k in other.items() {
                                if !t.remove(&k).unwrap_or(false) {
                                    let _ = t.add(k);
                                }
                            }
                        }
                    }
                    drop(t);
                    return Ok(Some(a.clone()));
                }
                self.set_op(op, a, b)?
            }
            (Or, Value::Dict(x), Value::Dict(y))
                if self.version >= crate::version::Version::V3_9 =>
            {
                if inplace {
                    let items = y.borrow().items();
                    for (k, v) in items {
                        let _ = x.borrow_mut().insert(k, v);
                    }
                    return Ok(Some(a.clone()));
                }
                let mut d = x.borrow().clone();
                for (k, v) in y.borrow().items() {
                    let _ = d.insert(k, v);
                }
                Value::Dict(Rc::new(std::cell::RefCell::new(d)))
            }
            _ => return Ok(None),
        }))
    }

    fn repeat(&mut self, v: &Value, n: i64, inplace: bool) -> PyResult<Value> {
        let n = n.max(0) as usize;
        let len = match v {
            Value::Str(s) => s.as_str().len(),
            Value::Bytes(b) => b.len(),
            Value::Tuple(t) => t.len(),
            Value::List(l) => l.borrow().len(),
            _ => 0,
        };
        if (len as u128) * (n as u128) > MAX_ALLOC {
            return Err(self.exc_args("MemoryError", vec![]));
        }
        Ok(match v {
            Value::Str(s) => Value::Str(Str::with_kind(s.as_str().repeat(n), s.kind())),
            Value::Bytes(b) => Value::Bytes(b.repeat(n).into()),
            Value::Tuple(t) => {
                let mut out = Vec::with_capacity(t.len() * n);
                for _ in 0..n {
                    out.extend(t.iter().cloned());
                }
                Value::tuple(out)
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                let mut out = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    out.extend(items.iter().cloned());
                }
                if inplace {
                    *l.borrow_mut() = out;
                    return Ok(v.clone());
                }
                Value::list(out)
            }
            _ => return Err(self.type_error("can't multiply sequence")),
        })
    }

    fn set_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        let (Some(x), Some(y)) = (set_copy(a), set_copy(b)) else {
            return Err(self.type_error("set operation on a non-set"));
        };
        let out = match op {
            BinOp::Or => x.union(&y),
            BinOp::And => x.intersection(&y),
            BinOp::Sub => x.difference(&y),
            _ => x.symmetric_difference(&y),
        };
        Ok(match a {
            Value::FrozenSet(_) => Value::FrozenSet(Rc::new(out)),
            _ => Value::Set(Rc::new(std::cell::RefCell::new(out))),
        })
    }

    /// `-v`, `~v`, `+v` by dunder name.
    pub fn unary_op(&mut self, v: &Value, dunder: &str) -> PyResult<Value> {
        let r = match dunder {
            "__neg__" => num::neg(v),
            "__invert__" => num::invert(v),
            _ => match v {
                Value::Bool(b) => Some(Value::Int(i64::from(*b))),
                Value::Int(_) | Value::BigInt(_) | Value::Float(_) => Some(v.clone()),
                _ => None,
            },
        };
        if let Some(r) = r {
            return Ok(self.long27(v, v, r));
        }
        if let Some(m) = self.special(v, dunder) {
            return self.call_pos(&m, vec![v.clone()]);
        }
        let sym = match dunder {
            "__neg__" => "-",
            "__invert__" => "~",
            _ => "+",
        };
        Err(self.type_error(format!(
            "bad operand type for unary {sym}: '{}'",
            self.type_name(v)
        )))
    }

    /// 2.7: arithmetic on a `long` gives a `long` (kept as an un-normalized
    /// [`Value::BigInt`] even when it fits in an `i64`).
    pub fn long27(&self, a: &Value, b: &Value, r: Value) -> Value {
        match r {
            Value::Int(i)
                if self.version == crate::version::Version::V2_7
                    && (matches!(a, Value::BigInt(_)) || matches!(b, Value::BigInt(_))) =>
            {
                Value::BigInt(Rc::new(num_bigint::BigInt::from(i)))
            }
            r => r,
        }
    }

    /// Truth value.
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::Null | Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(b) => !num_traits::Zero::is_zero(&**b),
            Value::Float(f) => *f != 0.0,
            Value::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::FrozenSet(s) => !s.is_empty(),
            Value::Range(r) => range_len(r) > 0,
            Value::DictView(view) => !view.0.borrow().is_empty(),
            Value::Instance(_) => {
                let dunder = if self.version == crate::version::Version::V2_7 {
                    "__nonzero__"
                } else {
                    "__bool__"
                };
                if let Some(m) = self.special(v, dunder) {
                    let r = self.call_pos(&m, vec![v.clone()])?;
                    return match r {
                        Value::Bool(b) => Ok(b),
                        _ => Err(self.type_error(format!(
                            "__bool__ should return bool, returned {}",
                            self.type_name(&r)
                        ))),
                    };
                }
                if self.special(v, "__len__").is_some() {
                    return Ok(self.len(v)? > 0);
                }
                match crate::vm::builtins::payload(v) {
                    Some(p) => return self.truthy(&p),
                    None => true,
                }
            }
            _ => true,
        })
    }

    /// Whether `exc` matches the `except` clause type `typ` (a class or tuple).
    pub fn exception_matches(&mut self, exc: &Value, typ: &Value) -> PyResult<bool> {
        match typ {
            Value::Class(c) => Ok(self.is_instance(exc, c)),
            Value::Tuple(t) => {
                for c in t.iter() {
                    if self.exception_matches(exc, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// `StopIteration.value`: the first argument or None.
    pub fn exception_value(&self, inst: &crate::vm::objects::Instance) -> Value {
        inst.exc
            .as_ref()
            .and_then(|d| d.borrow().args.first().cloned())
            .unwrap_or(Value::None)
    }
}

/// An owned copy of a set or frozenset's table.
pub fn set_copy(v: &Value) -> Option<Set> {
    match v {
        Value::Set(s) => Some(s.borrow().clone()),
        Value::FrozenSet(s) => Some((**s).clone()),
        Value::DictView(view) if view.1 != crate::vm::value::ViewKind::Values => {
            let mut s = Set::new();
            let d = view.0.borrow();
            let items: Vec<Value> = match view.1 {
                crate::vm::value::ViewKind::Keys => d.keys(),
                _ => d
                    .items()
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k, v]))
                    .collect(),
            };
            for it in items {
                s.add(it).ok()?;
            }
            Some(s)
        }
        _ => None,
    }
}

/// A native set of values (for membership tests in set algebra).
pub(super) fn set_of(items: &[Value]) -> Set {
    let mut s = Set::new();
    for v in items {
        let _ = s.add(v.clone());
    }
    s
}

/// The largest sequence (in items or bytes) the VM will build; beyond it,
/// `MemoryError` instead of aborting the process.
pub const MAX_ALLOC: u128 = 1 << 32;

/// Number of values in a range.
pub fn range_len(r: &[i64; 3]) -> i64 {
    let [start, stop, step] = *r;
    if step > 0 && start < stop {
        ((stop as i128 - start as i128 - 1) / step as i128 + 1) as i64
    } else if step < 0 && start > stop {
        ((start as i128 - stop as i128 - 1) / (-(step as i128)) + 1) as i64
    } else {
        0
    }
}

/// `s += t` on two strs when the next instruction stores the result into the
/// local that holds `s` (CPython's `unicode_concatenate`): the local lets go of
/// its reference first, so that a string nothing else holds grows in place
/// instead of being copied. `false`, with nothing touched, when that does not
/// apply.
pub(super) fn concat_in_place(f: &mut Frame) -> bool {
    let [.., Value::Str(a), Value::Str(b)] = f.stack.as_slice() else {
        return false;
    };
    if a.is_unicode() != b.is_unicode() {
        return false;
    }
    let slot = match f.code.ops.get(f.pc) {
        Some(&(Op::StoreFast(i) | Op::StoreFastLoadFast(i, _))) => i as usize,
        _ => return false,
    };
    match f.locals.get(slot) {
        Some(Value::Str(held)) if held.ptr_eq(a) => {}
        _ => return false,
    }
    // The store that follows rebinds the local anyway.
    f.locals[slot] = Value::Null;
    let (Some(Value::Str(b)), Some(Value::Str(mut a))) = (f.stack.pop(), f.stack.pop()) else {
        return false;
    };
    if !a.append_if_unique(&b) {
        a = a.concat(&b);
    }
    f.stack.push(Value::Str(a));
    true
}

/// When the right operand's reflected method is tried, for instances of Python
/// classes (`Objects/typeobject.c: SLOT1BINFULL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reflect {
    /// Operands of one (new-style) class: never.
    Never,
    /// A right operand of a subclass that overrides the reflected method: first.
    First,
    /// Otherwise after the left operand's method.
    After,
}

/// The [`Reflect`] order of `a <op> b` (classic 2.7 classes always reflect after).
pub(super) fn reflect_order(a: &Value, b: &Value, rname: &Str) -> Reflect {
    let (Value::Instance(x), Value::Instance(y)) = (a, b) else {
        return Reflect::After;
    };
    let (cx, cy) = (x.class.borrow().clone(), y.class.borrow().clone());
    if cx.classic || cy.classic {
        return Reflect::After;
    }
    if std::rc::Rc::ptr_eq(&cx, &cy) {
        return Reflect::Never;
    }
    if cy.is_subclass(&cx) {
        let overridden = match (cx.lookup_name(rname), cy.lookup_name(rname)) {
            (Some(p), Some(q)) => !p.is(&q),
            (None, Some(_)) => true,
            _ => false,
        };
        if overridden {
            return Reflect::First;
        }
    }
    Reflect::After
}
