//! Method calls on built-in values (`lst.append(x)`, `d.get(k)`, `s.join(p)`):
//! the method-call form of `LOAD_ATTR` pushes one shared unbound marker per
//! (type, name) and the receiver, as CPython pushes the method descriptor and
//! `self`, instead of allocating a bound method for every call.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use super::{PyResult, Vm};
use crate::vm::objects::{Args, MixHasher, NativeMethod};
use crate::vm::value::{Str, Value};

/// The unbound markers by name address and receiver type.
pub type MethodCache = HashMap<i64, Value, BuildHasherDefault<MixHasher>>;

impl Vm {
    /// For the method-call form of `LOAD_ATTR` on a str, list, tuple, dict, set or
    /// frozenset: the unbound marker of its method `name`, if it has one. The marker
    /// is a [`NativeMethod`] whose receiver is NULL; it only ever sits on the value
    /// stack below its receiver, and `CALL` passes that receiver first.
    pub(super) fn builtin_method(&mut self, obj: &Value, name: &Str) -> Option<Value> {
        let tag = match obj {
            Value::Str(_) => 1,
            Value::List(_) => 2,
            Value::Tuple(_) => 3,
            Value::Dict(_) => 4,
            Value::Set(_) => 5,
            Value::FrozenSet(_) => 6,
            _ => return None,
        };
        // Names are interned and the marker keeps its name alive, so the address
        // cannot be reused while the entry exists; the tag takes the low bits.
        let key = (name.addr() as i64).wrapping_mul(8) | tag;
        if let Some(m) = self.method_cache.get(&key) {
            return Some(m.clone());
        }
        if !crate::vm::builtins::has_method_in(obj, name.as_str(), self.version) {
            return None;
        }
        let m = Value::NativeMethod(Rc::new(NativeMethod {
            receiver: Value::Null,
            name: name.clone(),
        }));
        self.method_cache.insert(key, m.clone());
        Some(m)
    }

    /// Call an unbound marker from [`Vm::builtin_method`]: the receiver comes first.
    pub(super) fn call_unbound_native(&mut self, name: &Str, mut args: Args) -> PyResult<Value> {
        if args.pos.is_empty() {
            return Err(self.type_error(format!("unbound method {name}() needs an argument")));
        }
        let recv = args.pos.remove(0);
        crate::vm::builtins::call_method(self, &recv, name, args)
    }
}
