//! The iteration protocol: `iter()`, `next()`, and collecting iterables.

use std::cell::RefCell;
use std::rc::Rc;

use super::{GenResult, PyResult, Vm};
use crate::vm::objects::{Args, IterState};
use crate::vm::value::{Str, Value};

impl Vm {
    /// `iter(v)`.
    pub fn get_iter(&mut self, v: &Value) -> PyResult<Value> {
        let state = match v {
            Value::List(_) => IterState::List {
                list: v.clone(),
                idx: 0,
            },
            Value::Tuple(t) => IterState::Items {
                items: t.to_vec(),
                idx: 0,
            },
            Value::Str(s) => IterState::Items {
                items: s
                    .as_str()
                    .chars()
                    .map(|c| Value::Str(Str::from_char(c).marked(s.kind())))
                    .collect(),
                idx: 0,
            },
            Value::Bytes(b) => IterState::Items {
                items: b.iter().map(|&x| Value::Int(i64::from(x))).collect(),
                idx: 0,
            },
            Value::Dict(d) => IterState::Items {
                items: d.borrow().keys(),
                idx: 0,
            },
            Value::Set(s) => IterState::Items {
                items: s.borrow().items(),
                idx: 0,
            },
            Value::FrozenSet(s) => IterState::Items {
                items: s.items(),
                idx: 0,
            },
            Value::Range(r) => IterState::Range {
                cur: r[0],
                stop: r[1],
                step: r[2],
            },
            Value::DictView(view) => IterState::Items {
                items: self.view_items(view),
                idx: 0,
            },
            Value::Iter(_) | Value::Generator(_) => return Ok(v.clone()),
            Value::Class(_) if self.special(v, "__iter__").is_some() => {
                let m = self.special(v, "__iter__").unwrap_or(Value::None);
                return self.call_pos(&m, vec![v.clone()]);
            }
            Value::Instance(_) => {
                if let Some(m) = self.special(v, "__iter__") {
                    return self.call_pos(&m, vec![v.clone()]);
                }
                if let Some(p) = crate::vm::builtins::payload(v) {
                    return self.get_iter(&p);
                }
                if self.special(v, "__getitem__").is_some() {
                    let mut items = Vec::new();
                    for i in 0.. {
                        match self.getitem(v, &Value::Int(i)) {
                            Ok(x) => items.push(x),
                            Err(e) if self.error_is(&e, "IndexError") => break,
                            Err(e) => return Err(e),
                        }
                    }
                    return Ok(new_iter(IterState::Items { items, idx: 0 }));
                }
                return Err(self.not_iterable(v));
            }
            _ => return Err(self.not_iterable(v)),
        };
        Ok(new_iter(state))
    }

    fn not_iterable(&self, v: &Value) -> super::Error {
        self.type_error(format!("'{}' object is not iterable", self.type_name(v)))
    }

    /// `next(it)`: `None` once exhausted. Each step counts against the budget, so
    /// that built-in loops over huge iterables stop too.
    pub fn next_value(&mut self, it: &Value) -> PyResult<Option<Value>> {
        self.tick()?;
        match it {
            Value::Iter(state) => self.next_builtin(state),
            Value::Generator(g) => match self.resume(g, Value::None, None) {
                Ok(GenResult::Yielded(v)) => Ok(Some(v)),
                Ok(GenResult::Returned(_)) => Ok(None),
                // A StopIteration that escaped a 3.6 generator ends the iteration.
                Err(e) if self.error_is(&e, "StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            Value::Instance(_) => {
                let dunder = if self.version == crate::version::Version::V2_7 {
                    "next"
                } else {
                    "__next__"
                };
                let Some(m) = self.special(it, dunder) else {
                    return Err(self.type_error(format!(
                        "'{}' object is not an iterator",
                        self.type_name(it)
                    )));
                };
                match self.call_pos(&m, vec![it.clone()]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.error_is(&e, "StopIteration") => Ok(None),
                    Err(e) => Err(e),
                }
            }
            _ => Err(self.type_error(format!(
                "'{}' object is not an iterator",
                self.type_name(it)
            ))),
        }
    }

    fn next_builtin(&mut self, state: &Rc<RefCell<IterState>>) -> PyResult<Option<Value>> {
        // Built-in states that only hold data advance without calling back.
        {
            let mut s = state.borrow_mut();
            match &mut *s {
                IterState::List { list, idx } => {
                    let Value::List(l) = list else {
                        return Ok(None);
                    };
                    let v = l.borrow().get(*idx).cloned();
                    *idx += 1;
                    if v.is_none() {
                        *s = IterState::Done;
                    }
                    return Ok(v);
                }
                IterState::Items { items, idx } => {
                    let v = items.get(*idx).cloned();
                    *idx += 1;
                    return Ok(v);
                }
                IterState::Range { cur, stop, step } => {
                    let more = if *step > 0 {
                        *cur < *stop
                    } else {
                        *cur > *stop
                    };
                    if !more {
                        return Ok(None);
                    }
                    let v = *cur;
                    *cur = cur.saturating_add(*step);
                    if *cur == v {
                        *stop = v;
                    }
                    return Ok(Some(Value::Int(v)));
                }
                IterState::Done => return Ok(None),
                _ => {}
            }
        }
        let snapshot = std::mem::replace(&mut *state.borrow_mut(), IterState::Done);
        let (result, back) = match snapshot {
            IterState::Enumerate { inner, n } => match self.next_value(&inner)? {
                Some(v) => (
                    Some(Value::tuple(vec![Value::Int(n), v])),
                    IterState::Enumerate { inner, n: n + 1 },
                ),
                None => (None, IterState::Done),
            },
            IterState::Zip { inners } => {
                match self.next_of_each(&inners)?.filter(|_| !inners.is_empty()) {
                    Some(out) => (Some(Value::tuple(out)), IterState::Zip { inners }),
                    None => (None, IterState::Done),
                }
            }
            IterState::Map { func, inners } => match self.next_of_each(&inners)? {
                Some(args) => {
                    let r = self.call(&func, Args::new(args))?;
                    (Some(r), IterState::Map { func, inners })
                }
                None => (None, IterState::Done),
            },
            IterState::Filter { func, inner } => {
                let mut found = None;
                while let Some(v) = self.next_value(&inner)? {
                    let keep = if func.is_none() {
                        self.truthy(&v)?
                    } else {
                        let r = self.call_pos(&func, vec![v.clone()])?;
                        self.truthy(&r)?
                    };
                    if keep {
                        found = Some(v);
                        break;
                    }
                }
                match found {
                    Some(v) => (Some(v), IterState::Filter { func, inner }),
                    None => (None, IterState::Done),
                }
            }
            IterState::Callable { func, sentinel } => {
                let v = self.call_pos(&func, vec![])?;
                if self.eq(&v, &sentinel)? {
                    (None, IterState::Done)
                } else {
                    (Some(v), IterState::Callable { func, sentinel })
                }
            }
            other => (None, other),
        };
        *state.borrow_mut() = back;
        Ok(result)
    }

    /// The current contents of a dict view.
    pub fn view_items(
        &self,
        view: &(crate::vm::value::DictRef, crate::vm::value::ViewKind),
    ) -> Vec<Value> {
        use crate::vm::value::ViewKind;
        let d = view.0.borrow();
        match view.1 {
            ViewKind::Keys => d.keys(),
            ViewKind::Values => d.values(),
            ViewKind::Items => d
                .items()
                .into_iter()
                .map(|(k, v)| Value::tuple(vec![k, v]))
                .collect(),
        }
    }

    /// All items of an iterable.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next_value(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// The (key, value) pairs of a mapping (a dict, or anything with `keys()`).
    pub fn mapping_items(&mut self, v: &Value) -> PyResult<Vec<(Value, Value)>> {
        if let Value::Dict(d) = v {
            return Ok(d.borrow().items());
        }
        if let Some(Value::Dict(d)) = crate::vm::builtins::payload(v) {
            if self.special(v, "keys").is_none() {
                return Ok(d.borrow().items());
            }
        }
        let keys = self.getattr(v, &Str::from("keys")).map_err(|_| {
            self.type_error(format!("'{}' object is not a mapping", self.type_name(v)))
        })?;
        let keys = self.call_pos(&keys, vec![])?;
        let mut out = Vec::new();
        for k in self.collect(&keys)? {
            let val = self.getitem(v, &k)?;
            out.push((k, val));
        }
        Ok(out)
    }

    /// The next item of each iterator (`zip`, `map`); `None` once one is exhausted.
    fn next_of_each(&mut self, inners: &[Value]) -> PyResult<Option<Vec<Value>>> {
        let mut out = Vec::with_capacity(inners.len());
        for i in inners {
            match self.next_value(i)? {
                Some(v) => out.push(v),
                None => return Ok(None),
            }
        }
        Ok(Some(out))
    }
}

/// Wrap an iterator state as a value.
pub fn new_iter(state: IterState) -> Value {
    Value::Iter(Rc::new(RefCell::new(state)))
}
