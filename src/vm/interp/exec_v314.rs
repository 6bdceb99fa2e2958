//! Instructions that only CPython 3.14 has: `LOAD_SPECIAL`,
//! `LOAD_COMMON_CONSTANT`, the 3.14 stack layout of `WITH_EXCEPT_START`, and
//! lazily evaluated function annotations (`__annotate__`).

use std::cell::RefCell;
use std::rc::Rc;

use super::{Exit, Frame, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::{Args, Dict};
use crate::vm::value::{Str, Value};

impl Vm {
    pub(super) fn step_v314(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::LoadSpecial(name) => {
                let owner = f.pop()?;
                let (method, self_or_null) = self.load_special(&owner, name)?;
                f.push(method);
                f.push(self_or_null);
            }
            Op::LoadCommonConstant(name) => {
                let v = match name {
                    "AssertionError" | "NotImplementedError" => Value::Class(self.types.exc(name)),
                    _ => self
                        .builtins
                        .borrow()
                        .get_str(name)
                        .ok_or_else(|| f.bad("unknown common constant"))?,
                };
                f.push(v);
            }
            Op::WithExceptStartSelf => {
                // [exit, self or NULL, lasti, previous exception, exception]
                let val = f.peek(1)?.clone();
                let exit_self = f.peek(4)?.clone();
                let exit = f.peek(5)?.clone();
                let typ = Value::Class(self.type_of(&val));
                let mut args = Vec::with_capacity(4);
                if !exit_self.is_null() {
                    args.push(exit_self);
                }
                args.extend([typ, val, Value::None]);
                let r = self.call(&exit, Args::new(args))?;
                f.push(r);
            }
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
        }
        Ok(None)
    }

    /// `__annotations__` of a function, class or module namespace: the stored dict,
    /// else (PEP 649, 3.14) the result of `__annotate__(1)` (the VALUE format),
    /// else a new empty dict; cached in the namespace.
    pub(super) fn annotations(&mut self, ns: &RefCell<Dict>) -> PyResult<Value> {
        if let Some(d) = ns.borrow().get_str("__annotations__") {
            return Ok(d);
        }
        // A class body stores its function as `__annotate_func__`.
        let annotate = {
            let ns = ns.borrow();
            ns.get_str("__annotate__")
                .or_else(|| ns.get_str("__annotate_func__"))
        };
        let d = match annotate {
            Some(a) if !a.is_none() => {
                let d = self.call(&a, Args::new(vec![Value::Int(1)]))?;
                if !matches!(d, Value::Dict(_)) {
                    return Err(self.type_error(format!(
                        "__annotate__ returned non-dict of type '{}'",
                        self.type_name(&d)
                    )));
                }
                d
            }
            _ => Value::Dict(Rc::new(RefCell::new(Dict::new()))),
        };
        ns.borrow_mut().set_str("__annotations__", d.clone());
        Ok(d)
    }

    /// `_PyObject_LookupSpecialMethod`: the method found on the type, as
    /// [function, owner] for a plain function and [bound attribute, NULL]
    /// otherwise; a `TypeError` naming the protocol when it is missing.
    fn load_special(&mut self, owner: &Value, name: &'static str) -> PyResult<(Value, Value)> {
        let found = match owner {
            Value::Instance(_) => match self.special(owner, name) {
                Some(m @ Value::Function(_)) => return Ok((m, owner.clone())),
                Some(_) => self.getattr_opt(owner, &Str::from(name))?,
                None => None,
            },
            _ => self.getattr_opt(owner, &Str::from(name))?,
        };
        match found {
            Some(bound) => Ok((bound, Value::Null)),
            None => {
                let protocol = if name.starts_with("__a") {
                    "asynchronous context manager"
                } else {
                    "context manager"
                };
                Err(self.type_error(format!(
                    "'{}' object does not support the {protocol} protocol (missed {name} method)",
                    self.type_name(owner)
                )))
            }
        }
    }
}
