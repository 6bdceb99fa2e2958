//! Names the interpreter looks up on every attribute access or instantiation, made
//! once so that their hashes are computed once.

use crate::vm::value::Str;

/// Frequently looked-up special method names.
pub struct Names {
    /// `__getattribute__`
    pub getattribute: Str,
    /// `__getattr__`
    pub getattr: Str,
    /// `__setattr__`
    pub setattr: Str,
    /// `__new__`
    pub new: Str,
    /// `__init__`
    pub init: Str,
}

impl Names {
    /// The names.
    pub fn new() -> Names {
        Names {
            getattribute: Str::intern("__getattribute__"),
            getattr: Str::intern("__getattr__"),
            setattr: Str::intern("__setattr__"),
            new: Str::intern("__new__"),
            init: Str::intern("__init__"),
        }
    }
}

impl Default for Names {
    fn default() -> Names {
        Names::new()
    }
}
