//! Instances of subclasses of built-in types carry a payload value (see
//! `Vm::instantiate_builtin_subclass`); these helpers fill and expose it.

use std::rc::Rc;

use super::super::interp::{PyResult, Vm};
use crate::vm::objects::{Args, BuiltinFn};
use crate::vm::value::Value;

/// The built-in value inside an instance of a built-in subclass.
pub fn payload(v: &Value) -> Option<Value> {
    match v {
        Value::Instance(i) => i.payload.borrow().clone(),
        _ => None,
    }
}

/// `list.__init__` / `dict.__init__` / `set.__init__` on a subclass instance:
/// refill the payload in place.
pub fn payload_init(vm: &mut Vm, obj: &Value, args: Args) -> PyResult<Value> {
    match payload(obj) {
        Some(Value::List(l)) => {
            let items = match args.pos.first() {
                Some(it) => vm.collect(it)?,
                None => Vec::new(),
            };
            *l.borrow_mut() = items;
        }
        Some(Value::Dict(d)) => {
            d.borrow_mut().clear();
            if let Some(src) = args.pos.first() {
                super::construct::fill_dict(vm, &d, src)?;
            }
            for (k, v) in args.kw {
                d.borrow_mut().set_str(k.as_str(), v);
            }
        }
        Some(Value::Set(s)) => {
            s.borrow_mut().clear();
            if let Some(src) = args.pos.first() {
                for x in vm.collect(src)? {
                    vm.set_add(&s, x)?;
                }
            }
        }
        _ => {}
    }
    Ok(Value::None)
}

fn init_builtin(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args.pos.is_empty() {
        return Err(vm.type_error("__init__ needs self"));
    }
    let obj = args.pos.remove(0);
    payload_init(vm, &obj, args)
}

/// What `super().name` finds in the built-in base of a subclass instance.
pub fn payload_attr(obj: &Value, name: &str) -> Option<Value> {
    let p = payload(obj)?;
    if name == "__init__" {
        return Some(Value::Builtin(Rc::new(BuiltinFn {
            name: "__init__",
            func: init_builtin,
            receiver: Some(obj.clone()),
        })));
    }
    super::has_method(&p, name).then(|| {
        Value::NativeMethod(Rc::new(crate::vm::objects::NativeMethod {
            receiver: p,
            name: name.into(),
        }))
    })
}
