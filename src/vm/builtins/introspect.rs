//! Introspection built-ins: `isinstance`, `issubclass`, `getattr`, `setattr`,
//! `hasattr`, `delattr`, `callable`.

use std::rc::Rc;

use super::super::interp::{PyResult, Vm};
use super::functions::arity;
use crate::vm::objects::Args;
use crate::vm::value::{Str, Value};

fn class_list(vm: &Vm, v: &Value) -> PyResult<Vec<Rc<crate::vm::objects::Class>>> {
    match v {
        Value::Class(c) => Ok(vec![c.clone()]),
        Value::Tuple(t) => {
            let mut out = Vec::new();
            for x in t.iter() {
                out.extend(class_list(vm, x)?);
            }
            Ok(out)
        }
        _ if vm.version <= crate::version::Version::V3_9 => {
            Err(vm.type_error("isinstance() arg 2 must be a type or tuple of types"))
        }
        _ => Err(vm.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    }
}

pub(super) fn isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "isinstance", &args, 2, 2)?;
    let classes = class_list(vm, &args.pos[1])?;
    let t = vm.type_of(&args.pos[0]);
    for c in &classes {
        let hit = match vm.meta_hook(c, "__instancecheck__") {
            Some(h) => {
                let r = vm.call_pos(&h, vec![Value::Class(c.clone()), args.pos[0].clone()])?;
                vm.truthy(&r)?
            }
            None => t.is_subclass(c) || vm.basestring_hit(&t, c),
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub(super) fn issubclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "issubclass", &args, 2, 2)?;
    let Value::Class(c) = &args.pos[0] else {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    };
    let classes = class_list(vm, &args.pos[1])?;
    for k in &classes {
        let hit = match vm.meta_hook(k, "__subclasscheck__") {
            Some(h) => {
                let r = vm.call_pos(&h, vec![Value::Class(k.clone()), args.pos[0].clone()])?;
                vm.truthy(&r)?
            }
            None => c.is_subclass(k) || vm.basestring_hit(c, k),
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn attr_name(vm: &Vm, v: &Value) -> PyResult<Str> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(vm.type_error("attribute name must be string")),
    }
}

pub(super) fn getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "getattr", &args, 2, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    match (vm.getattr(&args.pos[0], &name), args.pos.get(2)) {
        (Ok(v), _) => Ok(v),
        (Err(e), Some(d)) if vm.error_is(&e, "AttributeError") => Ok(d.clone()),
        (Err(e), _) => Err(e),
    }
}

pub(super) fn setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "setattr", &args, 3, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.setattr(&args.pos[0], &name, args.pos[2].clone())?;
    Ok(Value::None)
}

pub(super) fn hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "hasattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.getattr(&args.pos[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if vm.error_is(&e, "AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

pub(super) fn delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "delattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.delattr(&args.pos[0], &name)?;
    Ok(Value::None)
}

pub(super) fn callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "callable", &args, 1, 1)?;
    let v = &args.pos[0];
    Ok(Value::Bool(match v {
        Value::Function(_)
        | Value::BoundMethod(_)
        | Value::Builtin(_)
        | Value::NativeMethod(_)
        | Value::Class(_) => true,
        Value::Instance(_) => vm.special(v, "__call__").is_some(),
        _ => false,
    }))
}

/// `vars(obj)`: the object's `__dict__` (the frame form is handled at the call).
pub(super) fn vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "vars", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Instance(i) => Ok(Value::Dict(i.dict.shared())),
        Value::Module(m) => Ok(Value::Dict(m.dict.clone())),
        Value::Class(c) => Ok(Value::Dict(Rc::new(std::cell::RefCell::new(
            c.dict.borrow().clone(),
        )))),
        _ => Err(vm.type_error("vars() argument must have __dict__ attribute")),
    }
}

/// `dir(obj)`: sorted attribute names from the instance, its class and bases.
pub(super) fn dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "dir", &args, 1, 1)?;
    let obj = &args.pos[0];
    let mut names = crate::vm::objects::Set::new();
    let mut add = |d: &crate::vm::objects::Dict| {
        for k in d.keys() {
            let _ = names.add(k);
        }
    };
    match obj {
        Value::Module(m) => add(&m.dict.borrow()),
        Value::Class(c) => {
            for k in c.mro() {
                add(&k.dict.borrow());
            }
        }
        Value::Instance(i) => {
            add(&i.dict.borrow());
            for k in i.class().mro() {
                add(&k.dict.borrow());
            }
        }
        _ => {}
    }
    let mut list = names.items();
    for m in super::method_list(obj) {
        if !m.starts_with("__") {
            list.push(Value::str(m));
        }
    }
    super::sort::sort_values(vm, &mut list, &Value::None, false)?;
    list.dedup_by(|a, b| crate::vm::value::key_eq(a, b));
    Ok(Value::list(list))
}
