//! The methods `object` gives every class: `__init__`, `__new__`, `__setattr__`,
//! `__getattribute__`, `__delattr__`, `__repr__`, `__str__`, `__init_subclass__`.

use std::rc::Rc;

use super::{PyResult, Vm};
use crate::vm::objects::{Args, BuiltinFn};
use crate::vm::value::{Str, Value};

/// The methods `object` provides to every class (`object.__setattr__`, ...), as
/// unbound built-ins taking `self` first.
pub fn object_method(name: &str) -> Option<Value> {
    let (name, func): (&'static str, crate::vm::objects::BuiltinImpl) = match name {
        "__init__" => ("__init__", object_init),
        "__new__" => ("__new__", object_new),
        "__setattr__" => ("__setattr__", object_setattr),
        "__getattribute__" => ("__getattribute__", object_getattribute),
        "__delattr__" => ("__delattr__", object_delattr),
        "__repr__" => ("__repr__", object_repr),
        "__str__" => ("__str__", object_str),
        "__init_subclass__" => ("__init_subclass__", object_init_subclass),
        _ => return None,
    };
    Some(Value::Builtin(Rc::new(BuiltinFn {
        name,
        func,
        receiver: None,
    })))
}

fn self_and(vm: &Vm, args: &Args, n: usize) -> PyResult<()> {
    if args.pos.len() != n + 1 {
        return Err(vm.type_error(format!("expected {n} arguments after self")));
    }
    Ok(())
}

fn name_arg(vm: &Vm, v: &Value) -> PyResult<Str> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(vm.type_error("attribute name must be string")),
    }
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    self_and(vm, &args, 2)?;
    let name = name_arg(vm, &args.pos[1])?;
    vm.generic_setattr(&args.pos[0], &name, args.pos[2].clone())?;
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    self_and(vm, &args, 1)?;
    let name = name_arg(vm, &args.pos[1])?;
    match vm.generic_getattr(&args.pos[0], &name)? {
        Some(v) => Ok(v),
        None => Err(vm.no_attribute(&args.pos[0], &name)),
    }
}

fn object_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    self_and(vm, &args, 1)?;
    let name = name_arg(vm, &args.pos[1])?;
    if let Value::Instance(i) = &args.pos[0] {
        if i.dict
            .borrow_mut()
            .remove(&Value::Str(name.clone()))
            .ok()
            .flatten()
            .is_some()
        {
            return Ok(Value::None);
        }
    }
    Err(vm.no_attribute(&args.pos[0], &name))
}

fn object_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.first() {
        Some(Value::Class(c)) => {
            let inst = crate::vm::objects::Instance::new(c.clone());
            if let Some(d) = &inst.exc {
                d.borrow_mut().args = args.pos[1..].to_vec();
            }
            Ok(Value::Instance(Rc::new(inst)))
        }
        _ => Err(vm.type_error("object.__new__(X): X is not a type object")),
    }
}

fn object_init_subclass(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn object_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(v) = args.pos.first() else {
        return Err(vm.type_error("descriptor '__repr__' of 'object' object needs an argument"));
    };
    let cls = vm.type_of(v);
    let module = if cls.module.as_str() == "builtins" {
        String::new()
    } else {
        format!("{}.", cls.module)
    };
    Ok(Value::Str(Str::from(format!(
        "<{module}{} object at {:#x}>",
        cls.qualname,
        v.id()
    ))))
}

fn object_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(v) = args.pos.first() else {
        return Err(vm.type_error("descriptor '__str__' of 'object' object needs an argument"));
    };
    Ok(Value::Str(Str::from(vm.repr(v)?)))
}

/// `object.__init__` (and `BaseException.__init__`, which stores the args).
fn object_init(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some(Value::Instance(i)) = args.pos.first() {
        if let Some(d) = &i.exc {
            d.borrow_mut().args = args.pos[1..].to_vec();
        }
    }
    Ok(Value::None)
}
