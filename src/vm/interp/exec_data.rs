//! Attribute, operator, container and iteration instructions.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Exit, Frame, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::{Dict, Set};
use crate::vm::value::{Str, Value};

impl Vm {
    pub(super) fn step_data(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::LoadAttr {
                name,
                method,
                null_after,
                cache,
            } => self.load_attr(
                f,
                super::attr_cache::LoadAttr {
                    name,
                    method,
                    null_after,
                    cache,
                },
            )?,
            Op::LoadSuperAttr {
                name,
                method,
                null_after,
            } => {
                let obj = f.pop()?;
                let cls = f.pop()?;
                let _super = f.pop()?;
                let name = f.name(name)?;
                let Value::Class(cls) = cls else {
                    return Err(self.type_error(
                        "super(type, obj): obj must be an instance or subtype of type",
                    ));
                };
                let found = self.super_lookup(&cls, &obj, &name)?;
                match found {
                    (v, true) if method => {
                        f.push(v);
                        f.push(obj);
                    }
                    (v, _) if method => {
                        if null_after {
                            f.push(v);
                            f.push(Value::Null);
                        } else {
                            f.push(Value::Null);
                            f.push(v);
                        }
                    }
                    (v, true) => {
                        let bound = Value::BoundMethod(Rc::new((obj, v)));
                        f.push(bound);
                    }
                    (v, false) => f.push(v),
                }
            }
            Op::StoreAttr { name, cache } => self.store_attr(f, name, cache)?,
            Op::DeleteAttr(i) => {
                let owner = f.pop()?;
                let name = f.name(i)?;
                self.delattr(&owner, &name)?;
            }
            Op::BinaryOp {
                op: crate::vm::value::num::BinOp::Add,
                inplace: true,
            } if super::ops::concat_in_place(f) => {}
            Op::BinaryOp { op, inplace } => {
                let b = f.pop()?;
                let a = f.pop()?;
                let r = self.binary_op(op, &a, &b, inplace)?;
                f.push(r);
            }
            Op::BinarySubscr => {
                let k = f.pop()?;
                let c = f.pop()?;
                let r = self.getitem(&c, &k)?;
                f.push(r);
            }
            Op::StoreSubscr => {
                let k = f.pop()?;
                let c = f.pop()?;
                let v = f.pop()?;
                self.setitem(&c, k, v)?;
            }
            Op::DeleteSubscr => {
                let k = f.pop()?;
                let c = f.pop()?;
                self.delitem(&c, &k)?;
            }
            Op::BinarySlice => {
                let end = f.pop()?;
                let start = f.pop()?;
                let c = f.pop()?;
                let s = Value::Slice(Rc::new([start, end, Value::None]));
                let r = self.getitem(&c, &s)?;
                f.push(r);
            }
            Op::StoreSlice => {
                let end = f.pop()?;
                let start = f.pop()?;
                let c = f.pop()?;
                let v = f.pop()?;
                let s = Value::Slice(Rc::new([start, end, Value::None]));
                self.setitem(&c, s, v)?;
            }
            Op::UnaryNegative => {
                let v = f.pop()?;
                let r = self.unary_op(&v, "__neg__")?;
                f.push(r);
            }
            Op::UnaryInvert => {
                let v = f.pop()?;
                let r = self.unary_op(&v, "__invert__")?;
                f.push(r);
            }
            Op::UnaryNot => {
                let v = f.pop()?;
                let t = self.truthy(&v)?;
                f.push(Value::Bool(!t));
            }
            Op::ToBool => {
                let v = f.pop()?;
                let t = self.truthy(&v)?;
                f.push(Value::Bool(t));
            }
            Op::CompareOp { op, to_bool } => {
                let b = f.pop()?;
                let a = f.pop()?;
                if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
                    f.push(Value::Bool(op.holds(x.cmp(y))));
                    return Ok(None);
                }
                let mut r = self.compare(op, &a, &b)?;
                if to_bool {
                    r = Value::Bool(self.truthy(&r)?);
                }
                f.push(r);
            }
            Op::IsOp(invert) => {
                let b = f.pop()?;
                let a = f.pop()?;
                f.push(Value::Bool(a.is(&b) != invert));
            }
            Op::ContainsOp(invert) => {
                let c = f.pop()?;
                let v = f.pop()?;
                let r = self.contains(&c, &v)?;
                f.push(Value::Bool(r != invert));
            }
            Op::BuildTuple(n) => {
                let items = f.pop_n(n as usize)?;
                f.push(Value::tuple(items));
            }
            Op::BuildList(n) => {
                let items = f.pop_n(n as usize)?;
                f.push(Value::list(items));
            }
            Op::BuildSet(n) => {
                let items = f.pop_n(n as usize)?;
                let s = Rc::new(RefCell::new(Set::new()));
                for it in items {
                    self.set_add(&s, it)?;
                }
                f.push(Value::Set(s));
            }
            Op::BuildMap(n) => {
                let items = f.pop_n(2 * n as usize)?;
                let d = Rc::new(RefCell::new(Dict::new()));
                for pair in items.chunks(2) {
                    self.dict_set(&d, pair[0].clone(), pair[1].clone())?;
                }
                f.push(Value::Dict(d));
            }
            Op::BuildConstKeyMap(n) => {
                let keys = f.pop()?;
                let vals = f.pop_n(n as usize)?;
                let Value::Tuple(keys) = keys else {
                    return Err(f.bad("BUILD_CONST_KEY_MAP without a key tuple"));
                };
                let d = Rc::new(RefCell::new(Dict::new()));
                for (k, v) in keys.iter().zip(vals) {
                    self.dict_set(&d, k.clone(), v)?;
                }
                f.push(Value::Dict(d));
            }
            Op::BuildString(n) => {
                let parts = f.pop_n(n as usize)?;
                let mut s = String::new();
                let mut kind = crate::vm::value::Kind::PLAIN;
                for p in &parts {
                    match p {
                        Value::Str(x) => {
                            s.push_str(x.as_str());
                            kind = kind | x.kind();
                        }
                        other => s.push_str(&self.to_str(other)?),
                    }
                }
                f.push(Value::Str(Str::with_kind(s, kind)));
            }
            Op::BuildSlice(n) => {
                let mut parts = f.pop_n(n as usize)?;
                if parts.len() == 2 {
                    parts.push(Value::None);
                }
                let [a, b, c]: [Value; 3] = parts
                    .try_into()
                    .map_err(|_| f.bad("BUILD_SLICE needs 2 or 3 values"))?;
                f.push(Value::Slice(Rc::new([a, b, c])));
            }
            Op::ListAppend(i) => {
                let v = f.pop()?;
                match f.peek(i as usize)? {
                    Value::List(l) => l.borrow_mut().push(v),
                    _ => return Err(f.bad("LIST_APPEND target is not a list")),
                }
            }
            Op::SetAdd(i) => {
                let v = f.pop()?;
                let target = f.peek(i as usize)?.clone();
                match target {
                    Value::Set(s) => self.set_add(&s, v)?,
                    _ => return Err(f.bad("SET_ADD target is not a set")),
                }
            }
            Op::MapAdd { index, key_on_top } => {
                let (mut k, mut v) = (f.pop()?, f.pop()?);
                if !key_on_top {
                    std::mem::swap(&mut k, &mut v);
                }
                let target = f.peek(index as usize)?.clone();
                match target {
                    Value::Dict(d) => self.dict_set(&d, k, v)?,
                    _ => return Err(f.bad("MAP_ADD target is not a dict")),
                }
            }
            Op::ListExtend(i) => {
                let seq = f.pop()?;
                let items = self
                    .collect(&seq)
                    .map_err(|e| self.star_error(e, &seq, None))?;
                match f.peek(i as usize)? {
                    Value::List(l) => l.borrow_mut().extend(items),
                    _ => return Err(f.bad("LIST_EXTEND target is not a list")),
                }
            }
            Op::SetUpdate(i) => {
                let seq = f.pop()?;
                if let Some(src) = super::ops::set_copy(&seq) {
                    if let Value::Set(s) = f.peek(i as usize)? {
                        s.borrow_mut().merge(&src);
                        return Ok(None);
                    }
                }
                let items = self.collect(&seq)?;
                let target = f.peek(i as usize)?.clone();
                let Value::Set(s) = target else {
                    return Err(f.bad("SET_UPDATE target is not a set"));
                };
                for it in items {
                    self.set_add(&s, it)?;
                }
            }
            Op::DictUpdate(i) | Op::DictMerge(i) => {
                let other = f.pop()?;
                let target = f.peek(i as usize)?.clone();
                let Value::Dict(d) = target else {
                    return Err(f.bad("DICT_UPDATE target is not a dict"));
                };
                // DICT_MERGE builds call arguments: the callable is below them
                // (3.13+: with a NULL between).
                let func = match op {
                    Op::DictMerge(_) => match f.peek(i as usize + 2)? {
                        Value::Null => Some(f.peek(i as usize + 3)?.clone()),
                        v => Some(v.clone()),
                    },
                    _ => None,
                };
                let pairs = match (self.mapping_items(&other), &func) {
                    (Ok(pairs), _) => pairs,
                    (Err(e), Some(func)) => return Err(self.double_star_error(e, &other, func)),
                    (Err(e), None) => return Err(e),
                };
                for (k, v) in pairs {
                    if let Some(func) = &func {
                        if self.dict_get(&d, &k)?.is_some() {
                            return Err(self.duplicate_keyword(&k, func)?);
                        }
                    }
                    self.dict_set(&d, k, v)?;
                }
            }
            Op::UnpackSequence(n) => {
                let seq = f.pop()?;
                let items = self.collect(&seq)?;
                if items.len() != n as usize {
                    return Err(self.value_error(if items.len() < n as usize {
                        format!(
                            "not enough values to unpack (expected {n}, got {})",
                            items.len()
                        )
                    } else {
                        format!("too many values to unpack (expected {n})")
                    }));
                }
                f.stack.extend(items.into_iter().rev());
            }
            Op::UnpackEx(a) => {
                let (before, after) = ((a & 0xff) as usize, (a >> 8) as usize);
                let seq = f.pop()?;
                let mut items = self.collect(&seq)?;
                if items.len() < before + after {
                    return Err(self.value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        before + after,
                        items.len()
                    )));
                }
                let tail = items.split_off(items.len() - after);
                let mid = items.split_off(before);
                for v in tail.into_iter().rev() {
                    f.push(v);
                }
                f.push(Value::list(mid));
                for v in items.into_iter().rev() {
                    f.push(v);
                }
            }
            Op::GetIter => {
                let v = f.pop()?;
                let it = self.get_iter(&v)?;
                f.push(it);
            }
            Op::GetYieldFromIter => {
                let v = f.pop()?;
                let it = match v {
                    Value::Generator(_) => v,
                    other => self.get_iter(&other)?,
                };
                f.push(it);
            }
            Op::ForIter { exit, keep_iter } => {
                let it = f.peek(1)?.clone();
                match self.next_value(&it)? {
                    Some(v) => f.push(v),
                    None => {
                        if !keep_iter {
                            f.pop()?;
                        }
                        f.pc = exit as usize;
                    }
                }
            }
            Op::EndFor => {
                f.pop()?;
                f.pop()?;
            }
            Op::PopIter => {
                f.pop()?;
            }
            Op::MatchMapping => {
                let is = matches!(f.peek(1)?, Value::Dict(_));
                f.push(Value::Bool(is));
            }
            Op::MatchSequence => {
                let is = matches!(
                    f.peek(1)?,
                    Value::List(_) | Value::Tuple(_) | Value::Range(_)
                );
                f.push(Value::Bool(is));
            }
            Op::MatchKeys { push_bool } => {
                let keys = f.peek(1)?.clone();
                let subject = f.peek(2)?.clone();
                let mut values = Vec::new();
                let mut all = true;
                for k in self.collect(&keys)? {
                    let found = match &subject {
                        Value::Dict(d) => self.dict_get(d, &k)?,
                        _ => None,
                    };
                    match found {
                        Some(v) => values.push(v),
                        None => {
                            all = false;
                            break;
                        }
                    }
                }
                f.push(if all {
                    Value::tuple(values)
                } else {
                    Value::None
                });
                if push_bool {
                    f.push(Value::Bool(all));
                }
            }
            Op::MatchClass { count, push_bool } => {
                let names = f.pop()?;
                let cls = f.pop()?;
                let subject = f.pop()?;
                let r = self.match_class(&subject, &cls, count as usize, &names)?;
                if push_bool {
                    // 3.10: (attributes, True), or the subject left with False.
                    let matched = r.is_some();
                    f.push(r.unwrap_or(subject));
                    f.push(Value::Bool(matched));
                } else {
                    f.push(r.unwrap_or(Value::None));
                }
            }
            Op::GetLen => {
                let v = f.peek(1)?.clone();
                let n = self.len(&v)?;
                f.push(Value::Int(n as i64));
            }
            other => return self.step_call(f, other),
        }
        Ok(None)
    }
}

impl Vm {
    /// `MATCH_CLASS`: the attributes for `count` positional and the named
    /// sub-patterns, or `None` when `subject` does not match.
    fn match_class(
        &mut self,
        subject: &Value,
        cls: &Value,
        count: usize,
        names: &Value,
    ) -> PyResult<Option<Value>> {
        let Value::Class(c) = cls else {
            return Err(self.type_error("called match pattern must be a class"));
        };
        if !self.is_instance(subject, c) {
            return Ok(None);
        }
        let mut out = Vec::new();
        if count > 0 {
            match c.lookup("__match_args__") {
                Some(args) => {
                    let args = self.collect(&args)?;
                    if count > args.len() {
                        return Err(self.type_error(format!(
                            "{}() accepts {} positional sub-pattern{} ({count} given)",
                            c.name,
                            args.len(),
                            if args.len() == 1 { "" } else { "s" }
                        )));
                    }
                    for a in &args[..count] {
                        let Value::Str(n) = a else {
                            return Err(self.type_error("__match_args__ elements must be strings"));
                        };
                        match self.getattr_opt(subject, n)? {
                            Some(v) => out.push(v),
                            None => return Ok(None),
                        }
                    }
                }
                // int(x), str(x), ...: the subject itself.
                None if c.builtin.is_some() && c.module.as_str() == "builtins" && count == 1 => {
                    out.push(subject.clone());
                }
                None => {
                    return Err(self.type_error(format!(
                        "{}() accepts 0 positional sub-patterns ({count} given)",
                        c.name
                    )))
                }
            }
        }
        for n in self.collect(names)? {
            let Value::Str(n) = n else { continue };
            match self.getattr_opt(subject, &n)? {
                Some(v) => out.push(v),
                None => return Ok(None),
            }
        }
        Ok(Some(Value::tuple(out)))
    }
}
