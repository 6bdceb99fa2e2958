//! Method calls on built-in values (`lst.append(x)`, `d.get(k)`, `s.join(p)`):
//! the method-call form of `LOAD_ATTR` pushes one shared unbound marker per
//! (type, name) and the receiver, as CPython pushes the method descriptor and
//! `self`, instead of allocating a bound method for every call.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use super::fast_call::{Called, Layout};
use super::{Frame, PyResult, Vm};
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

impl Vm {
    /// The fast path of a call of a method of a built-in value (an unbound marker
    /// below its receiver, or a bound [`NativeMethod`]) with positional arguments
    /// from `base` up: a few hot methods take their arguments borrowed from the
    /// caller's stack, the others get them in one vector, without the general
    /// call path's detour. Its result is pushed.
    #[inline(never)]
    pub(super) fn fast_native_call(
        &mut self,
        f: &mut Frame,
        layout: Layout,
        base: usize,
    ) -> Called {
        let below = match layout {
            Layout::NullSlot => 2,
            Layout::Plain => 1,
        };
        let (recv, name, first) = match (layout, &f.stack[base..]) {
            (Layout::NullSlot, [Value::NativeMethod(m), recv, ..]) if m.receiver.is_null() => {
                (recv, &m.name, base + 2)
            }
            (Layout::NullSlot, [Value::Null, Value::NativeMethod(m), ..])
            | (Layout::NullSlot, [Value::NativeMethod(m), Value::Null, ..])
            | (Layout::Plain, [Value::NativeMethod(m), ..])
                if !m.receiver.is_null() =>
            {
                (&m.receiver, &m.name, base + below)
            }
            _ => return None,
        };
        let r = match self.call_native_borrowed(recv, name, &f.stack[first..]) {
            Some(r) => r,
            None => {
                let (recv, name) = (recv.clone(), name.clone());
                let pos = f.stack.drain(first..).collect();
                crate::vm::builtins::call_method(self, &recv, &name, Args::new(pos))
            }
        };
        f.stack.truncate(base);
        Some(r.map(|v| f.stack.push(v)))
    }

    /// `lst.append(x)`, `d.get(k[, default])` and `s.add(k)` with their arguments
    /// borrowed; `None` for any other method or argument count (the general path
    /// then answers, errors included).
    fn call_native_borrowed(
        &mut self,
        recv: &Value,
        name: &Str,
        args: &[Value],
    ) -> Option<PyResult<Value>> {
        Some(match (recv, name.as_str(), args) {
            (Value::List(l), "append", [x]) => {
                l.borrow_mut().push(x.clone());
                Ok(Value::None)
            }
            (Value::Dict(d), "get", [k, rest @ ..]) if rest.len() <= 1 => self
                .dict_get(d, k)
                .map(|v| v.unwrap_or_else(|| rest.first().cloned().unwrap_or(Value::None))),
            (Value::Set(s), "add", [k]) => self.set_add(s, k.clone()).map(|()| Value::None),
            _ => return None,
        })
    }
}
