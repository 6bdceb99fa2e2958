//! Python exceptions as Rust errors, and helpers to raise the built-in ones.

use std::rc::Rc;

use super::Vm;
use crate::vm::objects::{Instance, Unhashable};
use crate::vm::value::num::NumError;
use crate::vm::value::Value;
use crate::vm::VmError;

/// Why execution stopped abnormally.
#[derive(Debug, Clone)]
pub enum Error {
    /// A Python exception (an exception instance).
    Py(Rc<Instance>),
    /// A failure of the VM itself (boxed: results stay small on the hot path).
    Fatal(Box<VmError>),
}

impl From<VmError> for Error {
    fn from(e: VmError) -> Error {
        Error::Fatal(Box::new(e))
    }
}

impl Vm {
    /// An exception of the built-in class `name` with a message.
    pub fn exc(&self, name: &str, msg: impl Into<String>) -> Error {
        let name = match name {
            "RecursionError" if self.version == crate::version::Version::V2_7 => "RuntimeError",
            "ModuleNotFoundError" if self.version == crate::version::Version::V2_7 => "ImportError",
            other => other,
        };
        let cls = self.types.exc(name);
        let msg: String = msg.into();
        Error::Py(self.new_exception(&cls, vec![Value::str(&msg)]))
    }

    /// An exception of the built-in class `name` with the given args.
    pub fn exc_args(&self, name: &str, args: Vec<Value>) -> Error {
        let cls = self.types.exc(name);
        Error::Py(self.new_exception(&cls, args))
    }

    /// `TypeError(msg)`
    pub fn type_error(&self, msg: impl Into<String>) -> Error {
        self.exc("TypeError", msg)
    }

    /// `ValueError(msg)`
    pub fn value_error(&self, msg: impl Into<String>) -> Error {
        self.exc("ValueError", msg)
    }

    /// `IndexError(msg)`
    pub fn index_error(&self, msg: impl Into<String>) -> Error {
        self.exc("IndexError", msg)
    }

    /// `KeyError(key)`
    pub fn key_error(&self, key: Value) -> Error {
        self.exc_args("KeyError", vec![key])
    }

    /// `TypeError: unhashable type: 'X'`
    pub fn unhashable(&self, v: &Value) -> Error {
        self.type_error(format!("unhashable type: '{}'", self.type_name(v)))
    }

    /// Map a dict/set error for key `k`.
    pub fn hash_err<'a>(&'a self, k: &'a Value) -> impl FnOnce(Unhashable) -> Error + 'a {
        // Built only on failure: the exception costs an allocation and a format.
        move |_| self.unhashable(k)
    }

    /// The version's wording of a `ZeroDivisionError` message.
    fn zero_division_wording(&self, m: &'static str) -> &'static str {
        use crate::version::Version;
        match m {
            "integer modulo by zero" if self.version <= Version::V3_10 => {
                "integer division or modulo by zero"
            }
            "float modulo" if self.version >= Version::V3_13 => "float modulo by zero",
            "float floor division by zero" if self.version <= Version::V3_8 => "float divmod()",
            _ => m,
        }
    }

    /// An arithmetic error as its exception.
    pub fn num_error(&self, e: NumError) -> Error {
        match e {
            NumError::ZeroDivision(m) => {
                self.exc("ZeroDivisionError", self.zero_division_wording(m))
            }
            NumError::Overflow(m) => self.exc("OverflowError", m),
            NumError::Value(m) => self.value_error(m),
        }
    }

    /// Whether the error is a Python exception of the built-in class `name`.
    pub fn error_is(&self, e: &Error, name: &str) -> bool {
        match e {
            Error::Py(inst) => inst.class().is_subclass(&self.types.exc(name)),
            Error::Fatal(_) => false,
        }
    }

    /// Turn a raised value (class or instance) into an exception instance.
    pub fn make_exception(&mut self, v: Value) -> super::PyResult<Rc<Instance>> {
        match v {
            Value::Instance(i) if i.exc.is_some() => Ok(i),
            Value::Class(c) if c.is_exception() => match self
                .call(&Value::Class(c), Default::default())?
            {
                Value::Instance(i) if i.exc.is_some() => Ok(i),
                _ => {
                    Err(self.type_error("calling the exception class did not return an exception"))
                }
            },
            _ => Err(self.type_error("exceptions must derive from BaseException")),
        }
    }
}
