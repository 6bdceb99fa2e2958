//! Comparisons: `==` with identity and sequence shortcuts, rich comparison with
//! `__eq__`/`__lt__`/... and their reflections, and the orderings built-in values
//! have natively.

use std::cmp::Ordering;
use std::rc::Rc;

use super::ops::set_of;
use super::{PyResult, Vm};
use crate::vm::load::CmpOp;
use crate::vm::value::num;
use crate::vm::value::{Str, Value};

impl Vm {
    /// `a == b` as a bool.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if matches!((a, b), (Value::Instance(_), _) | (_, Value::Instance(_))) {
            for (x, y) in [(a, b), (b, a)] {
                if let Some(m) = self.special(x, "__eq__") {
                    let r = self.call_pos(&m, vec![x.clone(), y.clone()])?;
                    if !matches!(r, Value::NotImplemented) {
                        return self.truthy(&r);
                    }
                }
            }
            if let Some((x, y)) = payloads(a, b) {
                return self.eq(&x, &y);
            }
            return Ok(a.is(b));
        }
        Ok(match (a, b) {
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(&x, &y)?
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.seq_eq(x, y)?,
            (Value::Dict(x), Value::Dict(y)) => {
                let (xi, y) = (x.borrow().items(), y.clone());
                if xi.len() != y.borrow().len() {
                    return Ok(false);
                }
                for (k, v) in xi {
                    let other = self.dict_get(&y, &k)?;
                    match other {
                        Some(o) if self.eq(&v, &o)? => {}
                        _ => return Ok(false),
                    }
                }
                true
            }
            (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
                let (xs, ys) = (self.collect(a)?, self.collect(b)?);
                let sy = set_of(&ys);
                xs.len() == ys.len() && xs.iter().all(|v| sy.contains(v).unwrap_or(false))
            }
            (Value::Range(x), Value::Range(y)) => x == y,
            (Value::Slice(x), Value::Slice(y)) => {
                let (x, y) = (x.clone(), y.clone());
                self.seq_eq(&x[..], &y[..])?
            }
            _ => crate::vm::value::key_eq(a, b),
        })
    }

    fn seq_eq(&mut self, x: &[Value], y: &[Value]) -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        self.enter_native(" in comparison")?;
        let mut r = Ok(true);
        for (p, q) in x.iter().zip(y) {
            if p.is(q) {
                continue;
            }
            match self.eq(p, q) {
                Ok(true) => {}
                Ok(false) => {
                    r = Ok(false);
                    break;
                }
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        self.leave();
        r
    }

    /// `recv.name(other)` when `recv`'s type defines `name` and the result is not
    /// `NotImplemented`.
    pub(super) fn try_dunder(
        &mut self,
        recv: &Value,
        name: &Str,
        other: &Value,
    ) -> PyResult<Option<Value>> {
        let m = match recv {
            Value::Instance(i) => i.class.borrow().lookup_name(name),
            Value::Class(c) => self.meta_hook(c, name.as_str()),
            _ => None,
        };
        let Some(m) = m else {
            return Ok(None);
        };
        let r = self.call_n(&m, [recv.clone(), other.clone()])?;
        Ok((!matches!(r, Value::NotImplemented)).then_some(r))
    }

    /// A rich comparison.
    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        let (name, rname) = self.names.cmpop[op as usize].clone();
        // A right operand of a proper subclass answers first
        // (`Objects/object.c: do_richcompare`).
        let subclass_first = match (a, b) {
            (Value::Instance(x), Value::Instance(y)) => {
                let (cx, cy) = (x.class.borrow().clone(), y.class.borrow().clone());
                !cx.classic && !std::rc::Rc::ptr_eq(&cx, &cy) && cy.is_subclass(&cx)
            }
            _ => false,
        };
        if subclass_first {
            if let Some(r) = self.try_dunder(b, &rname, a)? {
                return Ok(r);
            }
        }
        if let Some(r) = self.try_dunder(a, &name, b)? {
            return Ok(r);
        }
        if !subclass_first {
            if let Some(r) = self.try_dunder(b, &rname, a)? {
                return Ok(r);
            }
        }
        if self.version == crate::version::Version::V2_7 {
            if let Some(ord) = self.cmp_method27(a, b)? {
                return Ok(Value::Bool(match op {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Le => ord.is_le(),
                    CmpOp::Eq => ord.is_eq(),
                    CmpOp::Ne => ord.is_ne(),
                    CmpOp::Gt => ord.is_gt(),
                    CmpOp::Ge => ord.is_ge(),
                }));
            }
        }
        // Both operands' methods declined: instances of plain Python classes are
        // equal when identical (`object.__eq__`), without asking them again.
        let plain = |v: &Value| {
            matches!(v, Value::Instance(_)) && crate::vm::builtins::payload(v).is_none()
        };
        if op == CmpOp::Eq && plain(a) && plain(b) {
            return Ok(Value::Bool(a.is(b)));
        }
        match op {
            CmpOp::Eq => return Ok(Value::Bool(self.eq(a, b)?)),
            CmpOp::Ne => {
                if let Some(m) = self.special(a, "__eq__") {
                    let r = self.call_pos(&m, vec![a.clone(), b.clone()])?;
                    if !matches!(r, Value::NotImplemented) {
                        return Ok(Value::Bool(!self.truthy(&r)?));
                    }
                }
                return Ok(Value::Bool(!self.eq(a, b)?));
            }
            _ => {}
        }
        if let Some((x, y)) = payloads(a, b) {
            return self.compare(op, &x, &y);
        }
        let ord = self.order(a, b, op)?;
        Ok(Value::Bool(match (op, ord) {
            (_, None) => false,
            (CmpOp::Lt, Some(o)) => o == Ordering::Less,
            (CmpOp::Le, Some(o)) => o != Ordering::Greater,
            (CmpOp::Gt, Some(o)) => o == Ordering::Greater,
            (CmpOp::Ge, Some(o)) => o != Ordering::Less,
            _ => false,
        }))
    }

    /// Native ordering of two values (`None` = unordered, e.g. NaN).
    fn order(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Option<Ordering>> {
        if let Some(o) = num::num_cmp(a, b) {
            return Ok(o);
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => return Ok(Some(x.as_str().cmp(y.as_str()))),
            (Value::Bytes(x), Value::Bytes(y)) => return Ok(Some(x.cmp(y))),
            (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
                let (xs, ys) = (self.collect(a)?, self.collect(b)?);
                for (p, q) in xs.iter().zip(&ys) {
                    if !self.eq(p, q)? {
                        let lt = self.compare(CmpOp::Lt, p, q)?;
                        if self.truthy(&lt)? {
                            return Ok(Some(Ordering::Less));
                        }
                        let gt = self.compare(CmpOp::Gt, p, q)?;
                        return Ok(if self.truthy(&gt)? {
                            Some(Ordering::Greater)
                        } else {
                            None
                        });
                    }
                }
                return Ok(Some(xs.len().cmp(&ys.len())));
            }
            (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
                let (xs, ys) = (self.collect(a)?, self.collect(b)?);
                let (sx, sy) = (set_of(&xs), set_of(&ys));
                let sub = xs.iter().all(|v| sy.contains(v).unwrap_or(false));
                let sup = ys.iter().all(|v| sx.contains(v).unwrap_or(false));
                return Ok(match (sub, sup) {
                    (true, true) => Some(Ordering::Equal),
                    (true, false) => Some(Ordering::Less),
                    (false, true) => Some(Ordering::Greater),
                    _ => None,
                });
            }
            _ => {}
        }
        if self.version == crate::version::Version::V2_7 {
            if let Some(o) = self.default_order27(a, b) {
                return Ok(Some(o));
            }
        }
        Err(self.type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            self.type_name(a),
            self.type_name(b)
        )))
    }
}

/// Instances of built-in subclasses compare by their payloads: `a` and `b` with
/// payloads put in place, if either has one.
fn payloads(a: &Value, b: &Value) -> Option<(Value, Value)> {
    let (pa, pb) = (
        crate::vm::builtins::payload(a),
        crate::vm::builtins::payload(b),
    );
    if pa.is_none() && pb.is_none() {
        return None;
    }
    Some((
        pa.unwrap_or_else(|| a.clone()),
        pb.unwrap_or_else(|| b.clone()),
    ))
}
