//! Data instructions only older versions have: `BUILD_*_UNPACK` (≤ 3.8), 3.6's
//! `STORE_ANNOTATION`, 3.10's `COPY_DICT_WITHOUT_KEYS`.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Exit, Frame, PyResult, Vm};
use crate::vm::load::{Op, UnpackKind};
use crate::vm::objects::{Dict, Set};
use crate::vm::value::Value;

impl Vm {
    pub(super) fn step_legacy(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::BuildUnpack { kind, count, call } => {
                // The callable of a `_WITH_CALL` form sits just below the operands.
                let func = if call {
                    Some(f.peek(count as usize + 1)?.clone())
                } else {
                    None
                };
                let parts = f.pop_n(count as usize)?;
                let v = if kind == UnpackKind::Map {
                    self.merge_mappings(parts, func.as_ref())?
                } else {
                    self.concat_iterables(kind, parts, func.as_ref())?
                };
                f.push(v);
            }
            Op::StoreAnnotation(i) => {
                let name = f
                    .code
                    .names
                    .get(i as usize)
                    .cloned()
                    .ok_or_else(|| f.bad("name index out of range"))?;
                let ann = f.pop()?;
                let ns = f.ns.clone().unwrap_or_else(|| f.globals.clone());
                let dict = ns.borrow().get_str("__annotations__");
                match dict {
                    Some(Value::Dict(d)) => self.dict_set(&d, Value::Str(name), ann)?,
                    Some(other) => {
                        let setitem = crate::vm::value::Str::from("__setitem__");
                        let m = self.getattr(&other, &setitem)?;
                        self.call_pos(&m, vec![Value::Str(name), ann])?;
                    }
                    None => return Err(self.exc("NameError", "__annotations__ not found")),
                }
            }
            Op::CopyDictWithoutKeys => {
                let keys = f.pop()?;
                let subject = f.peek(1)?.clone();
                let rest = Rc::new(RefCell::new(Dict::new()));
                for (k, v) in self.mapping_items(&subject)? {
                    self.dict_set(&rest, k, v)?;
                }
                for k in self.collect(&keys)? {
                    if self.dict_del(&rest, &k)?.is_none() {
                        return Err(self.key_error(k));
                    }
                }
                f.push(Value::Dict(rest));
            }
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
        }
        Ok(None)
    }

    /// `name()` of a callable, as CPython's call errors show it.
    fn call_desc(&self, func: &Value) -> String {
        match func {
            Value::Function(func) => format!("{}()", func.name.borrow()),
            Value::Class(c) => format!("{}()", c.name),
            Value::Builtin(b) => format!("{}()", b.name),
            other => format!("{} object", self.type_name(other)),
        }
    }

    fn concat_iterables(
        &mut self,
        kind: UnpackKind,
        parts: Vec<Value>,
        func: Option<&Value>,
    ) -> PyResult<Value> {
        let mut items = Vec::new();
        for p in &parts {
            match self.collect(p) {
                Ok(more) => items.extend(more),
                Err(e) => {
                    let Some(func) = func else { return Err(e) };
                    if !self.error_is(&e, "TypeError") || self.special(p, "__iter__").is_some() {
                        return Err(e);
                    }
                    return Err(self.type_error(format!(
                        "{} argument after * must be an iterable, not {}",
                        self.call_desc(func),
                        self.type_name(p)
                    )));
                }
            }
        }
        Ok(match kind {
            UnpackKind::List => Value::List(Rc::new(RefCell::new(items))),
            UnpackKind::Set => {
                let s = Rc::new(RefCell::new(Set::new()));
                for it in items {
                    self.set_add(&s, it)?;
                }
                Value::Set(s)
            }
            _ => Value::tuple(items),
        })
    }

    fn merge_mappings(&mut self, parts: Vec<Value>, func: Option<&Value>) -> PyResult<Value> {
        let d = Rc::new(RefCell::new(Dict::new()));
        for p in &parts {
            let pairs = match (self.mapping_items(p), func) {
                (Ok(pairs), _) => pairs,
                (Err(_), Some(func)) if self.special(p, "keys").is_none() => {
                    return Err(self.type_error(format!(
                        "{} argument after ** must be a mapping, not {}",
                        self.call_desc(func),
                        self.type_name(p)
                    )));
                }
                (Err(e), _) => return Err(e),
            };
            for (k, v) in pairs {
                if let Some(func) = func {
                    if self.dict_get(&d, &k)?.is_some() {
                        let shown = match &k {
                            Value::Str(s) => format!("'{s}'"),
                            other => self.repr(other)?,
                        };
                        return Err(self.type_error(format!(
                            "{} got multiple values for keyword argument {shown}",
                            self.call_desc(func)
                        )));
                    }
                }
                self.dict_set(&d, k, v)?;
            }
        }
        Ok(Value::Dict(d))
    }
}
