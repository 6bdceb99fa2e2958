//! The `builtins` namespace, methods of built-in types, formatting and the few
//! native modules (`sys`, `math`).

mod construct;
mod format;
mod functions;
mod importer;
mod introspect;
mod math;
mod methods_coll;
mod methods_str;
mod modules;
mod py27;
mod repr;
mod sort;
mod subclass;
mod surrogates;
mod unicode27;

use std::rc::Rc;

pub use construct::{construct, construct_one};
pub use format::percent_format;
pub use functions::arity;
pub use py27::{cmp_values, install27, type_name27, value_type_name27};
pub use repr::{ascii_escape, bytes_repr, str_repr};
pub use sort::sort_values;
pub use subclass::{payload, payload_attr, payload_init};
pub use unicode27::{args_kind, to_unicode27};

use super::interp::{PyResult, Vm};
use super::objects::{Args, BuiltinFn, BuiltinImpl, BuiltinType, Class};
use super::value::{Str, Value};

fn builtin(name: &'static str, func: BuiltinImpl) -> Value {
    Value::Builtin(Rc::new(BuiltinFn {
        name,
        func,
        receiver: None,
    }))
}

/// Fill the `builtins` namespace.
pub fn install(vm: &mut Vm) {
    use functions as f;
    let fns: &[(&'static str, BuiltinImpl)] = &[
        ("print", f::print),
        ("len", f::len),
        ("repr", f::repr),
        ("ascii", f::ascii),
        ("format", f::format),
        ("abs", f::abs),
        ("min", f::min),
        ("max", f::max),
        ("sum", f::sum),
        ("sorted", f::sorted),
        ("reversed", f::reversed),
        ("enumerate", f::enumerate),
        ("zip", f::zip),
        ("map", f::map),
        ("filter", f::filter),
        ("iter", f::iter),
        ("next", f::next),
        ("any", f::any),
        ("all", f::all),
        ("isinstance", introspect::isinstance),
        ("issubclass", introspect::issubclass),
        ("getattr", introspect::getattr),
        ("setattr", introspect::setattr),
        ("hasattr", introspect::hasattr),
        ("delattr", introspect::delattr),
        ("callable", introspect::callable),
        ("chr", f::chr),
        ("ord", f::ord),
        ("hex", f::hex),
        ("bin", f::bin),
        ("oct", f::oct),
        ("divmod", f::divmod),
        ("pow", f::pow),
        ("round", f::round),
        ("hash", f::hash),
        ("id", f::id),
        ("input", f::input),
        ("globals", f::globals_stub),
        ("locals", f::globals_stub),
        ("vars", introspect::vars),
        ("anext", crate::vm::interp::anext),
        ("aiter", crate::vm::interp::aiter),
        ("exec", f::exec_indirect),
        ("eval", f::exec_indirect),
        ("dir", introspect::dir),
        ("__build_class__", f::build_class),
    ];
    for (name, v) in crate::vm::interp::type_namespace() {
        vm.types.type_.dict.borrow_mut().set_str(name, v);
    }
    let mut b = vm.builtins.borrow_mut();
    for (name, func) in fns {
        b.set_str(name, builtin(name, *func));
    }
    for (name, cls) in vm.types.all() {
        if !matches!(
            name,
            "NoneType"
                | "NotImplementedType"
                | "ellipsis"
                | "function"
                | "builtin_function_or_method"
                | "method"
                | "generator"
                | "coroutine"
                | "async_generator"
                | "iterator"
                | "module"
                | "code"
                | "cell"
        ) {
            b.set_str(name, Value::Class(cls));
        }
    }
    for cls in &vm.types.exceptions {
        b.set_str(cls.name.as_str(), Value::Class(cls.clone()));
    }
    for alias in ["IOError", "EnvironmentError"] {
        b.set_str(alias, Value::Class(vm.types.exc("OSError")));
    }
    b.set_str("None", Value::None);
    b.set_str("True", Value::Bool(true));
    b.set_str("False", Value::Bool(false));
    b.set_str("Ellipsis", Value::Ellipsis);
    b.set_str("NotImplemented", Value::NotImplemented);
    b.set_str("__name__", Value::str("builtins"));
}

fn method_list(v: &Value) -> &'static [&'static str] {
    match v {
        Value::Str(_) => methods_str::STR_METHODS,
        Value::List(_) => methods_coll::LIST_METHODS,
        Value::Tuple(_) => methods_coll::TUPLE_METHODS,
        Value::Dict(_) => methods_coll::DICT_METHODS,
        Value::Set(_) | Value::FrozenSet(_) => methods_coll::SET_METHODS,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => methods_coll::INT_METHODS,
        Value::Float(_) => methods_coll::FLOAT_METHODS,
        Value::Bytes(_) => methods_coll::BYTES_METHODS,
        Value::Generator(_) => methods_coll::GEN_METHODS,
        Value::Property(_) => methods_coll::PROPERTY_METHODS,
        _ => &[],
    }
}

/// Whether a built-in value has the method `name`.
pub fn has_method(v: &Value, name: &str) -> bool {
    method_list(v).contains(&name) || (crate::vm::value::is_py27() && py27::has_method27(v, name))
}

/// Methods newer than 2.7 or 3.6, with the (first supported) version that has them.
const ADDED_IN: &[(&str, crate::version::Version)] = &[
    ("casefold", crate::version::Version::V3_6),
    ("isascii", crate::version::Version::V3_7),
    ("removeprefix", crate::version::Version::V3_9),
    ("removesuffix", crate::version::Version::V3_9),
    ("bit_count", crate::version::Version::V3_10),
];

/// Whether a built-in value has the method `name` in CPython `version`.
pub fn has_method_in(v: &Value, name: &str, version: crate::version::Version) -> bool {
    // 2.7's byte strings lack what only `unicode` has, and both what 3.x added.
    if let (crate::version::Version::V2_7, Value::Str(s)) = (version, v) {
        let unicode_only = matches!(name, "isnumeric" | "isdecimal");
        if (unicode_only && !s.is_unicode())
            || matches!(name, "isidentifier" | "isprintable" | "format_map")
        {
            return false;
        }
    }
    has_method(v, name)
        && ADDED_IN
            .iter()
            .all(|&(added, since)| added != name || version >= since)
}

/// Call the method `name` of a built-in value.
pub fn call_method(vm: &mut Vm, recv: &Value, name: &Str, args: Args) -> PyResult<Value> {
    let n = name.as_str();
    if vm.version == crate::version::Version::V2_7 {
        if let Some(r) = py27::call_method27(vm, recv, n, &args)? {
            return Ok(r);
        }
        if let Value::Str(s) = recv {
            if unicode27::method_gives_unicode(s, n, &args) {
                return methods_str::call(vm, s, n, args).map(unicode27::as_unicode);
            }
        }
    }
    if !args.kw.is_empty() {
        methods_coll::refuse_keywords(vm, recv, n)?;
    }
    match recv {
        Value::Str(s) => methods_str::call(vm, s, n, args),
        Value::List(l) => methods_coll::list(vm, recv, l, n, args),
        Value::Tuple(t) => methods_coll::tuple(vm, recv, t, n, args),
        Value::Dict(d) => methods_coll::dict(vm, recv, d, n, args),
        Value::Set(_) | Value::FrozenSet(_) => methods_coll::set(vm, recv, n, args),
        _ => methods_coll::other(vm, recv, n, args),
    }
}

/// Data attributes of built-in values (`x.real`, `r.start`, `g.__name__`).
pub fn value_attr(vm: &Vm, v: &Value, name: &str) -> Option<Value> {
    let _ = vm;
    Some(match (v, name) {
        (x, "real" | "numerator") if x.is_int() => Value::from_bigint(x.as_bigint()?),
        (x, "imag") if x.is_int() => Value::Int(0),
        (x, "denominator") if x.is_int() => Value::Int(1),
        (Value::Float(_), "real") => v.clone(),
        (Value::Float(_), "imag") => Value::Float(0.0),
        (Value::Complex(r, _), "real") => Value::Float(*r),
        (Value::Complex(_, i), "imag") => Value::Float(*i),
        (Value::Range(r), "start") => Value::Int(r[0]),
        (Value::Range(r), "stop") => Value::Int(r[1]),
        (Value::Range(r), "step") => Value::Int(r[2]),
        (Value::Slice(s), "start") => s[0].clone(),
        (Value::Slice(s), "stop") => s[1].clone(),
        (Value::Slice(s), "step") => s[2].clone(),
        (Value::Generator(g), "__name__") => Value::Str(g.borrow().name.clone()),
        (Value::Generator(g), "__qualname__") => Value::Str(g.borrow().qualname.clone()),
        (Value::Builtin(b), "__name__") => Value::str(b.name),
        (Value::NativeMethod(m), "__name__") => Value::Str(m.name.clone()),
        (Value::Property(p), "fget") => p.0.clone(),
        (Value::Property(p), "fset") => p.1.clone(),
        (Value::StaticMethod(f) | Value::ClassMethod(f), "__func__") => (**f).clone(),
        _ => return None,
    })
}

/// Attributes of built-in classes: unbound methods (`str.upper`) and class methods
/// (`dict.fromkeys`).
pub fn class_attr(vm: &Vm, cls: &Rc<Class>, name: &str) -> Option<Value> {
    let _ = vm;
    if cls.builtin == Some(BuiltinType::Object) || (cls.is_exception() && name == "__init__") {
        return crate::vm::interp::object_method(name);
    }
    let sample = match cls.builtin? {
        BuiltinType::Str => Value::str(""),
        BuiltinType::List => Value::list(vec![]),
        BuiltinType::Dict if name == "fromkeys" => return Some(builtin("fromkeys", dict_fromkeys)),
        BuiltinType::Dict => Value::Dict(Default::default()),
        BuiltinType::Int => Value::Int(0),
        BuiltinType::Float => Value::Float(0.0),
        BuiltinType::Set => Value::Set(Default::default()),
        BuiltinType::Tuple => Value::tuple(vec![]),
        _ => return None,
    };
    let n = method_list(&sample).iter().find(|m| **m == name)?;
    let ty = Value::str(&vm.type_name(&sample));
    Some(Value::Builtin(Rc::new(BuiltinFn {
        name: n,
        func: unbound_method,
        receiver: Some(Value::tuple(vec![Value::str(n), ty])),
    })))
}

/// `str.upper(s)`: the receiver slot holds the method name and the type's name.
fn unbound_method(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let Value::Tuple(t) = args.pos.remove(0) else {
        return Err(vm.type_error("bad unbound method"));
    };
    let [Value::Str(name), Value::Str(ty)] = t.as_ref() else {
        return Err(vm.type_error("bad unbound method"));
    };
    if args.pos.is_empty() {
        let msg = if vm.version >= crate::version::Version::V3_9 {
            format!("unbound method {ty}.{name}() needs an argument")
        } else {
            format!("descriptor '{name}' of '{ty}' object needs an argument")
        };
        return Err(vm.type_error(msg));
    }
    let recv = args.pos.remove(0);
    let recv = payload(&recv).unwrap_or(recv);
    call_method(vm, &recv, name, args)
}

fn dict_fromkeys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let keys = vm.collect(args.pos.first().unwrap_or(&Value::None))?;
    let v = args.pos.get(1).cloned().unwrap_or(Value::None);
    let d = Rc::new(std::cell::RefCell::new(super::objects::Dict::new()));
    for k in keys {
        vm.dict_set(&d, k, v.clone())?;
    }
    Ok(Value::Dict(d))
}
