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
                // The callable of a `_WITH_CALL` form sits below the operands (and,
                // for mappings, below the positional-arguments tuple too).
                let below = if kind == UnpackKind::Map { 2 } else { 1 };
                let func = if call {
                    Some(f.peek(count as usize + below)?.clone())
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
                let name = f.name(i)?;
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

    fn concat_iterables(
        &mut self,
        kind: UnpackKind,
        parts: Vec<Value>,
        func: Option<&Value>,
    ) -> PyResult<Value> {
        let mut items = Vec::new();
        for p in &parts {
            let more = self.collect(p).map_err(|e| self.star_error(e, p, func))?;
            items.extend(more);
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
                (Err(e), Some(func)) => return Err(self.double_star_error(e, p, func)),
                (Err(e), None) => return Err(e),
            };
            for (k, v) in pairs {
                if let Some(func) = func {
                    if self.dict_get(&d, &k)?.is_some() {
                        return Err(self.duplicate_keyword(&k, func)?);
                    }
                }
                self.dict_set(&d, k, v)?;
            }
        }
        Ok(Value::Dict(d))
    }
}
