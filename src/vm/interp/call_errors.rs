//! The `TypeError`s of `*`/`**` arguments and displays, worded per version:
//! ≤ 3.8 names a function `f()` (`PyEval_GetFuncName`), 3.9+ `module.qualname()`
//! (`_PyObject_FunctionStr`).

use super::{Error, Vm};
use crate::version::Version;
use crate::vm::value::Value;

impl Vm {
    /// How call errors name the callable `func`.
    pub(super) fn call_desc(&self, func: &Value) -> String {
        let modern = self.version >= Version::V3_9;
        let qualified = |module: &str, qualname: &str| {
            if module == "builtins" || module.is_empty() {
                format!("{qualname}()")
            } else {
                format!("{module}.{qualname}()")
            }
        };
        match func {
            Value::BoundMethod(m) => self.call_desc(&m.1),
            Value::Function(fun) if modern => {
                let module = match fun.globals.borrow().get_str("__name__") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                qualified(&module, fun.qualname.borrow().as_str())
            }
            Value::Function(fun) => format!("{}()", fun.name.borrow()),
            Value::Builtin(b) => format!("{}()", b.name),
            Value::Class(c) if modern => qualified(c.module.as_str(), c.qualname.as_str()),
            other => format!("{} object", self.type_name(other)),
        }
    }

    /// `e`, raised while iterating `value` for `*value` in a call to `func` (or a
    /// display, `func` = `None`), in the version's words.
    pub(super) fn star_error(&self, e: Error, value: &Value, func: Option<&Value>) -> Error {
        let not_iterable = self.error_is(&e, "TypeError")
            && self.special(value, "__iter__").is_none()
            && self.special(value, "__getitem__").is_none();
        if !not_iterable {
            return e;
        }
        let tname = self.type_name(value);
        match func {
            Some(func) => self.type_error(format!(
                "{} argument after * must be an iterable, not {tname}",
                self.call_desc(func)
            )),
            None if self.version >= Version::V3_9 => {
                self.type_error(format!("Value after * must be an iterable, not {tname}"))
            }
            None => e,
        }
    }

    /// `e`, raised while reading `value` for `**value` in a call to `func`.
    pub(super) fn double_star_error(&self, e: Error, value: &Value, func: &Value) -> Error {
        if self.special(value, "keys").is_some() || self.error_is(&e, "KeyError") {
            return e;
        }
        self.type_error(format!(
            "{} argument after ** must be a mapping, not {}",
            self.call_desc(func),
            self.type_name(value)
        ))
    }

    /// A keyword given twice in a call to `func`.
    pub(super) fn duplicate_keyword(
        &mut self,
        key: &Value,
        func: &Value,
    ) -> super::PyResult<Error> {
        let shown = match key {
            Value::Str(s) => format!("'{s}'"),
            other => self.repr(other)?,
        };
        Ok(self.type_error(format!(
            "{} got multiple values for keyword argument {shown}",
            self.call_desc(func)
        )))
    }
}
