//! Subscripts, slices, `len()` and `in`.

use super::{PyResult, Vm};
use crate::vm::value::{Str, Value};

/// Resolved slice bounds (`PySlice_AdjustIndices`).
#[derive(Debug, Clone, Copy)]
pub struct SliceIdx {
    /// First index.
    pub start: i64,
    /// Stop index.
    pub stop: i64,
    /// Step (non-zero).
    pub step: i64,
}

impl SliceIdx {
    /// The selected indices.
    pub fn indices(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = self.start;
        while (self.step > 0 && i < self.stop) || (self.step < 0 && i > self.stop) {
            out.push(i as usize);
            i += self.step;
        }
        out
    }

    /// The selected items of a sequence of that length (a plain copy for step 1).
    pub fn select<T: Clone>(&self, items: &[T]) -> Vec<T> {
        if self.step == 1 {
            let start = self.start as usize;
            let stop = (self.stop as usize).max(start);
            return items
                .get(start..stop)
                .map(<[T]>::to_vec)
                .unwrap_or_default();
        }
        self.indices()
            .into_iter()
            .map(|i| items[i].clone())
            .collect()
    }
}

/// A slice of a str: byte ranges for ASCII text, code points otherwise.
fn str_slice(s: &Str, idx: &SliceIdx) -> Str {
    let text = s.as_str();
    if idx.step == 1 && idx.start == 0 && idx.stop as usize >= s.len() {
        return s.clone();
    }
    let out: String = if s.is_ascii() {
        let bytes = idx.select(text.as_bytes());
        // ASCII bytes are valid UTF-8 on their own.
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        let chars: Vec<char> = text.chars().collect();
        idx.select(&chars).into_iter().collect()
    };
    let mut cs = out.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Str::from_char(c),
        _ => Str::from(out),
    }
}

impl Vm {
    fn index_of(&self, k: &Value, what: &str) -> PyResult<i64> {
        match k {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            // A 2.7 long may be small.
            Value::BigInt(b) => i64::try_from(&**b)
                .map_err(|_| self.index_error("cannot fit 'int' into an index-sized integer")),
            _ => Err(self.type_error(format!(
                "{what} indices must be integers or slices, not {}",
                self.type_name(k)
            ))),
        }
    }

    fn norm(&self, i: i64, len: usize, what: &str) -> PyResult<usize> {
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(self.index_error(format!("{what} index out of range")));
        }
        Ok(j as usize)
    }

    /// Resolve `slice` against a sequence of `len` items.
    pub fn slice_indices(&self, s: &[Value; 3], len: usize) -> PyResult<SliceIdx> {
        let get = |v: &Value| -> PyResult<Option<i64>> {
            match v {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(*i)),
                Value::Bool(b) => Ok(Some(i64::from(*b))),
                Value::BigInt(b) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                })),
                _ => Err(self.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            }
        };
        let step = get(&s[2])?.unwrap_or(1);
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        let len = len as i64;
        let adjust = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(i) => {
                    let i = if i < 0 { i + len } else { i };
                    if step > 0 {
                        i.clamp(0, len)
                    } else {
                        i.clamp(-1, len - 1)
                    }
                }
            }
        };
        let (ds, de) = if step > 0 { (0, len) } else { (len - 1, -1) };
        Ok(SliceIdx {
            start: adjust(get(&s[0])?, ds),
            stop: adjust(get(&s[1])?, de),
            step,
        })
    }

    /// `c[k]`.
    pub fn getitem(&mut self, c: &Value, k: &Value) -> PyResult<Value> {
        if let (
            Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::Range(_),
            Value::Instance(_),
        ) = (c, k)
        {
            if let Some(m) = self.special(k, "__index__") {
                let i = self.call_pos(&m, vec![k.clone()])?;
                if i.is_int() {
                    return self.getitem(c, &i);
                }
            }
        }
        match (c, k) {
            (Value::List(l), Value::Slice(s)) => {
                let items = l.borrow();
                let idx = self.slice_indices(s, items.len())?;
                Ok(Value::list(idx.select(&items)))
            }
            (Value::List(l), _) => {
                let i = self.index_of(k, "list")?;
                let items = l.borrow();
                let i = self.norm(i, items.len(), "list")?;
                Ok(items[i].clone())
            }
            (Value::Tuple(t), Value::Slice(s)) => {
                let idx = self.slice_indices(s, t.len())?;
                Ok(Value::tuple(idx.select(t)))
            }
            (Value::Tuple(t), _) => {
                let i = self.index_of(k, "tuple")?;
                let i = self.norm(i, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            (Value::Str(s), Value::Slice(sl)) => {
                let idx = self.slice_indices(sl, s.len())?;
                Ok(Value::Str(str_slice(s, &idx).marked(s.kind())))
            }
            (Value::Str(s), _) => {
                let i = self.index_of(k, "string")?;
                let i = self.norm(i, s.len(), "string")?;
                let ch = s.char_at(i).unwrap_or('\u{fffd}');
                Ok(Value::Str(Str::from_char(ch).marked(s.kind())))
            }
            (Value::Bytes(b), Value::Slice(sl)) => {
                let idx = self.slice_indices(sl, b.len())?;
                Ok(Value::Bytes(idx.select(b).into()))
            }
            (Value::Bytes(b), _) => {
                let i = self.index_of(k, "byte")?;
                let i = self.norm(i, b.len(), "index")?;
                Ok(Value::Int(i64::from(b[i])))
            }
            (Value::Range(r), Value::Slice(s)) => {
                let n = super::ops::range_len(r);
                let idx = self.slice_indices(s, n as usize)?;
                let at = |i: i64| r[0].saturating_add(r[2].saturating_mul(i));
                Ok(Value::Range(std::rc::Rc::new([
                    at(idx.start),
                    at(idx.stop),
                    r[2].saturating_mul(idx.step),
                ])))
            }
            (Value::Range(r), _) => {
                let i = self.index_of(k, "range")?;
                let n = super::ops::range_len(r);
                let i = self.norm(i, n as usize, "range object")?;
                Ok(Value::Int(r[0] + r[2] * i as i64))
            }
            (Value::Dict(d), _) => {
                let v = self.dict_get(d, k)?;
                match v {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(k.clone())),
                }
            }
            (Value::Instance(_), _) => match self.special(c, "__getitem__") {
                Some(m) => self.call_pos(&m, vec![c.clone(), k.clone()]),
                None => match crate::vm::builtins::payload(c) {
                    Some(Value::Dict(d)) => {
                        match (self.dict_get(&d, k)?, self.special(c, "__missing__")) {
                            (Some(v), _) => Ok(v),
                            (None, Some(m)) => self.call_pos(&m, vec![c.clone(), k.clone()]),
                            (None, None) => Err(self.key_error(k.clone())),
                        }
                    }
                    Some(p) => self.getitem(&p, k),
                    None => Err(self.not_subscriptable(c)),
                },
            },
            (Value::Class(cls), _) => {
                if let Some(f) = cls.lookup("__class_getitem__") {
                    let f = match f {
                        Value::ClassMethod(f) | Value::StaticMethod(f) => (*f).clone(),
                        other => other,
                    };
                    return self.call_pos(&f, vec![c.clone(), k.clone()]);
                }
                if let Some(m) = self.meta_hook(cls, "__getitem__") {
                    return self.call_pos(&m, vec![c.clone(), k.clone()]);
                }
                // `list[int]` and similar generic aliases: keep the class.
                Ok(c.clone())
            }
            _ => Err(self.not_subscriptable(c)),
        }
    }

    fn not_subscriptable(&self, c: &Value) -> super::Error {
        self.type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name(c)
        ))
    }

    /// `c[k] = v`.
    pub fn setitem(&mut self, c: &Value, k: Value, v: Value) -> PyResult<()> {
        match (c, &k) {
            (Value::List(l), Value::Slice(s)) => {
                let new = self.collect(&v)?;
                let len = l.borrow().len();
                let idx = self.slice_indices(s, len)?;
                if idx.step == 1 {
                    let start = idx.start as usize;
                    let stop = (idx.stop.max(idx.start)) as usize;
                    l.borrow_mut().splice(start..stop, new);
                } else {
                    let targets = idx.indices();
                    if targets.len() != new.len() {
                        return Err(self.value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            new.len(),
                            targets.len()
                        )));
                    }
                    let mut items = l.borrow_mut();
                    for (i, x) in targets.into_iter().zip(new) {
                        items[i] = x;
                    }
                }
                Ok(())
            }
            (Value::List(l), _) => {
                let i = self.index_of(&k, "list")?;
                let len = l.borrow().len();
                let i = self
                    .norm(i, len, "list")
                    .map_err(|_| self.index_error("list assignment index out of range"))?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            (Value::Dict(d), _) => self.dict_set(d, k, v),
            (Value::Instance(_), _) => match self.special(c, "__setitem__") {
                Some(m) => self.call_pos(&m, vec![c.clone(), k, v]).map(|_| ()),
                None if crate::vm::builtins::payload(c).is_some() => {
                    let p = crate::vm::builtins::payload(c).unwrap_or(Value::None);
                    self.setitem(&p, k, v)
                }
                None => Err(self.type_error(format!(
                    "'{}' object does not support item assignment",
                    self.type_name(c)
                ))),
            },
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                self.type_name(c)
            ))),
        }
    }

    /// `del c[k]`.
    pub fn delitem(&mut self, c: &Value, k: &Value) -> PyResult<()> {
        match (c, k) {
            (Value::List(l), Value::Slice(s)) => {
                let len = l.borrow().len();
                let idx = self.slice_indices(s, len)?;
                let mut targets = idx.indices();
                targets.sort_unstable();
                let mut items = l.borrow_mut();
                for i in targets.into_iter().rev() {
                    items.remove(i);
                }
                Ok(())
            }
            (Value::List(l), _) => {
                let i = self.index_of(k, "list")?;
                let len = l.borrow().len();
                let i = self
                    .norm(i, len, "list")
                    .map_err(|_| self.index_error("list assignment index out of range"))?;
                l.borrow_mut().remove(i);
                Ok(())
            }
            (Value::Dict(d), _) => {
                let r = self.dict_del(d, k)?;
                match r {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(k.clone())),
                }
            }
            (Value::Instance(_), _) => match self.special(c, "__delitem__") {
                Some(m) => self.call_pos(&m, vec![c.clone(), k.clone()]).map(|_| ()),
                None if crate::vm::builtins::payload(c).is_some() => {
                    let p = crate::vm::builtins::payload(c).unwrap_or(Value::None);
                    self.delitem(&p, k)
                }
                None => Err(self.type_error(format!(
                    "'{}' object doesn't support item deletion",
                    self.type_name(c)
                ))),
            },
            _ => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_name(c)
            ))),
        }
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v {
            Value::Str(s) => s.len(),
            Value::Bytes(b) => b.len(),
            Value::Tuple(t) => t.len(),
            Value::List(l) => l.borrow().len(),
            Value::Dict(d) => d.borrow().len(),
            Value::Set(s) => s.borrow().len(),
            Value::FrozenSet(s) => s.len(),
            Value::Range(r) => super::ops::range_len(r) as usize,
            Value::DictView(view) => view.0.borrow().len(),
            Value::Instance(_) | Value::Class(_) if self.special(v, "__len__").is_some() => {
                let m = self.special(v, "__len__").unwrap_or(Value::None);
                let r = self.call_pos(&m, vec![v.clone()])?;
                match r.as_i64() {
                    Some(n) if n >= 0 => n as usize,
                    Some(_) => return Err(self.value_error("__len__() should return >= 0")),
                    None => {
                        return Err(self.type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            self.type_name(&r)
                        )))
                    }
                }
            }
            Value::Instance(_) if crate::vm::builtins::payload(v).is_some() => {
                let p = crate::vm::builtins::payload(v).unwrap_or(Value::None);
                return self.len(&p);
            }
            _ => {
                return Err(self.type_error(format!(
                    "object of type '{}' has no len()",
                    self.type_name(v)
                )))
            }
        })
    }

    /// `v in c`.
    pub fn contains(&mut self, c: &Value, v: &Value) -> PyResult<bool> {
        match c {
            Value::Str(s) => match v {
                Value::Str(x) => Ok(s.as_str().contains(x.as_str())),
                _ => Err(self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(v)
                ))),
            },
            Value::Dict(d) => Ok(self.dict_get(d, v)?.is_some()),
            Value::DictView(view) if view.1 == crate::vm::value::ViewKind::Keys => {
                view.0.borrow().contains(v).map_err(self.hash_err(v))
            }
            Value::Set(s) if self.needs_vm(v) => {
                let snapshot = s.borrow().clone();
                self.set_contains(&snapshot, v)
            }
            Value::Set(s) => s.borrow().contains(v).map_err(self.hash_err(v)),
            Value::FrozenSet(s) => self.set_contains(s, v),
            Value::Range(r) => Ok(match v.as_i64() {
                Some(x) => {
                    let n = super::ops::range_len(r);
                    n > 0 && (x - r[0]) % r[2] == 0 && {
                        let k = (x - r[0]) / r[2];
                        k >= 0 && k < n
                    }
                }
                None => false,
            }),
            Value::Instance(_) | Value::Class(_) if self.special(c, "__contains__").is_some() => {
                let m = self.special(c, "__contains__").unwrap_or(Value::None);
                let r = self.call_pos(&m, vec![c.clone(), v.clone()])?;
                self.truthy(&r)
            }
            Value::Instance(_) if crate::vm::builtins::payload(c).is_some() => {
                let p = crate::vm::builtins::payload(c).unwrap_or(Value::None);
                self.contains(&p, v)
            }
            _ => {
                let it = self.get_iter(c)?;
                while let Some(x) = self.next_value(&it)? {
                    if x.is(v) || self.eq(&x, v)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}
