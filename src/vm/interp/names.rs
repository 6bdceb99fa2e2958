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
            getattribute: Str::from("__getattribute__"),
            getattr: Str::from("__getattr__"),
            setattr: Str::from("__setattr__"),
            new: Str::from("__new__"),
            init: Str::from("__init__"),
        }
    }
}

impl Default for Names {
    fn default() -> Names {
        Names::new()
    }
}
