//! Functions, built-in functions, bound native methods, generators and modules.

use std::cell::RefCell;
use std::rc::Rc;

use super::Dict;
use crate::vm::interp::{Frame, PyResult, Vm};
use crate::vm::load::LoadedCode;
use crate::vm::value::{CellRef, DictRef, Str, Value};

/// A Python function.
#[derive(Debug)]
pub struct Function {
    /// The code.
    pub code: Rc<LoadedCode>,
    /// The module globals.
    pub globals: DictRef,
    /// `__name__`
    pub name: RefCell<Str>,
    /// `__qualname__`
    pub qualname: RefCell<Str>,
    /// `__defaults__`
    pub defaults: RefCell<Vec<Value>>,
    /// `__kwdefaults__`
    pub kwdefaults: RefCell<Dict>,
    /// `__closure__`
    pub closure: RefCell<Rc<[CellRef]>>,
    /// `__dict__` (and `__doc__`, `__annotations__`, ...).
    pub dict: RefCell<Dict>,
}

/// Call arguments: positional, then keyword (name, value) pairs.
#[derive(Debug, Default, Clone)]
pub struct Args {
    /// Positional arguments.
    pub pos: Vec<Value>,
    /// Keyword arguments in call order.
    pub kw: Vec<(Str, Value)>,
}

impl Args {
    /// Positional-only arguments.
    pub fn new(pos: Vec<Value>) -> Args {
        Args {
            pos,
            kw: Vec::new(),
        }
    }

    /// Take the keyword argument `name`, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| k.as_str() == name)?;
        Some(self.kw.remove(i).1)
    }
}

/// The Rust side of a built-in function.
pub type BuiltinImpl = fn(&mut Vm, Args) -> PyResult<Value>;

/// A built-in function.
pub struct BuiltinFn {
    /// Its name.
    pub name: &'static str,
    /// The implementation.
    pub func: BuiltinImpl,
    /// The bound receiver (`module.func` or `type.method` bound to a value).
    pub receiver: Option<Value>,
}

impl std::fmt::Debug for BuiltinFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<built-in function {}>", self.name)
    }
}

/// A method of a built-in type bound to its receiver (`"abc".upper`).
#[derive(Debug)]
pub struct NativeMethod {
    /// The receiver.
    pub receiver: Value,
    /// The method name.
    pub name: Str,
}

/// A generator: its suspended frame.
#[derive(Debug)]
pub struct Generator {
    /// The frame, `None` while it runs or once finished.
    pub frame: Option<Box<Frame>>,
    /// Whether it has finished.
    pub finished: bool,
    /// Whether it is running (re-entering raises ValueError).
    pub running: bool,
    /// `__name__`
    pub name: Str,
    /// `__qualname__`
    pub qualname: Str,
    /// The exception the generator was handling when it last yielded
    /// (`gi_exc_state`), or `None`.
    pub exc_state: Value,
    /// The code flags (generator, coroutine or async generator).
    pub flags: u32,
}

/// A module.
#[derive(Debug)]
pub struct Module {
    /// `__name__`
    pub name: Str,
    /// The namespace.
    pub dict: DictRef,
}
