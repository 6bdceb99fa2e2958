//! Methods of `list`, `tuple`, `dict`, `set`, numbers, bytes, generators and
//! properties.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::interp::{GenResult, PyResult, Vm};
use super::functions::{arity, int_arg};
use super::sort::sort_values;
use crate::vm::objects::{Args, AsyncGenOpKind, Dict, Set};
use crate::vm::value::{Str, Value, ViewKind};

/// Method names per receiver kind.
pub const LIST_METHODS: &[&str] = &[
    "append",
    "extend",
    "pop",
    "insert",
    "remove",
    "index",
    "count",
    "sort",
    "reverse",
    "copy",
    "clear",
    "__len__",
    "__getitem__",
    "__contains__",
];
/// `tuple` methods.
pub const TUPLE_METHODS: &[&str] = &["index", "count", "__len__", "__getitem__"];
/// `dict` methods.
pub const DICT_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "copy",
    "clear",
    "__len__",
    "__getitem__",
    "__contains__",
    "__setitem__",
];
/// `set` / `frozenset` methods.
pub const SET_METHODS: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "clear",
    "update",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "copy",
    "__len__",
    "__contains__",
];
/// `int` methods.
pub const INT_METHODS: &[&str] = &["bit_length", "bit_count", "conjugate", "__index__"];
/// `float` methods.
pub const FLOAT_METHODS: &[&str] = &["is_integer", "conjugate", "as_integer_ratio"];
/// `bytes` methods.
pub const BYTES_METHODS: &[&str] = &["decode", "hex"];
/// Generator methods.
pub const GEN_METHODS: &[&str] = &[
    "send",
    "throw",
    "close",
    "__next__",
    "__iter__",
    "asend",
    "athrow",
    "aclose",
    "__anext__",
    "__aiter__",
];
/// `property` methods.
pub const PROPERTY_METHODS: &[&str] = &["setter", "getter", "deleter"];

fn norm_index(i: i64, len: usize) -> i64 {
    if i < 0 {
        (i + len as i64).max(0)
    } else {
        i.min(len as i64)
    }
}

/// Call a `list` method.
pub fn list(
    vm: &mut Vm,
    recv: &Value,
    l: &Rc<RefCell<Vec<Value>>>,
    name: &str,
    mut args: Args,
) -> PyResult<Value> {
    let p = &args.pos;
    Ok(match name {
        "append" => {
            arity(vm, &qualified(vm, "list", "append"), &args, 1, 1)?;
            l.borrow_mut().push(p[0].clone());
            Value::None
        }
        "extend" => {
            arity(vm, "extend", &args, 1, 1)?;
            let items = vm.collect(&p[0])?;
            l.borrow_mut().extend(items);
            Value::None
        }
        "pop" => {
            arity(vm, "pop", &args, 0, 1)?;
            let len = l.borrow().len();
            if len == 0 {
                return Err(vm.index_error("pop from empty list"));
            }
            let i = match p.first() {
                Some(v) => int_arg(vm, v)?,
                None => -1,
            };
            let j = if i < 0 { i + len as i64 } else { i };
            if j < 0 || j >= len as i64 {
                return Err(vm.index_error("pop index out of range"));
            }
            l.borrow_mut().remove(j as usize)
        }
        "insert" => {
            arity(vm, "insert", &args, 2, 2)?;
            let len = l.borrow().len();
            let i = norm_index(int_arg(vm, &p[0])?, len);
            l.borrow_mut().insert(i as usize, p[1].clone());
            Value::None
        }
        "remove" => {
            arity(vm, "remove", &args, 1, 1)?;
            let items = l.borrow().clone();
            for (i, x) in items.iter().enumerate() {
                if vm.eq(x, &p[0])? {
                    l.borrow_mut().remove(i);
                    return Ok(Value::None);
                }
            }
            return Err(vm.value_error("list.remove(x): x not in list"));
        }
        "index" => {
            let items = l.borrow().clone();
            for (i, x) in items.iter().enumerate() {
                if vm.eq(x, p.first().unwrap_or(&Value::None))? {
                    return Ok(Value::Int(i as i64));
                }
            }
            let r = vm.repr(p.first().unwrap_or(&Value::None))?;
            return Err(vm.value_error(format!("{r} is not in list")));
        }
        "count" => {
            let items = l.borrow().clone();
            let mut n = 0;
            for x in &items {
                if vm.eq(x, p.first().unwrap_or(&Value::None))? {
                    n += 1;
                }
            }
            Value::Int(n)
        }
        "sort" => {
            let key = args.take_kw("key").unwrap_or(Value::None);
            let reverse = args.take_kw("reverse").unwrap_or(Value::Bool(false));
            let reverse = vm.truthy(&reverse)?;
            let mut items = std::mem::take(&mut *l.borrow_mut());
            let r = sort_values(vm, &mut items, &key, reverse);
            *l.borrow_mut() = items;
            r?;
            Value::None
        }
        "reverse" => {
            l.borrow_mut().reverse();
            Value::None
        }
        "copy" => Value::list(l.borrow().clone()),
        "clear" => {
            l.borrow_mut().clear();
            Value::None
        }
        "__len__" => Value::Int(l.borrow().len() as i64),
        "__getitem__" => return vm.getitem(recv, p.first().unwrap_or(&Value::None)),
        "__contains__" => {
            return vm
                .contains(recv, p.first().unwrap_or(&Value::None))
                .map(Value::Bool)
        }
        _ => {
            return Err(vm.exc(
                "AttributeError",
                format!("'list' object has no attribute '{name}'"),
            ))
        }
    })
}

/// Call a `tuple` method.
pub fn tuple(vm: &mut Vm, recv: &Value, t: &[Value], name: &str, args: Args) -> PyResult<Value> {
    let target = args.pos.first().cloned().unwrap_or(Value::None);
    Ok(match name {
        "index" => {
            for (i, x) in t.iter().enumerate() {
                if vm.eq(x, &target)? {
                    return Ok(Value::Int(i as i64));
                }
            }
            return Err(vm.value_error("tuple.index(x): x not in tuple"));
        }
        "count" => {
            let mut n = 0;
            for x in t {
                if vm.eq(x, &target)? {
                    n += 1;
                }
            }
            Value::Int(n)
        }
        "__len__" => Value::Int(t.len() as i64),
        _ => return vm.getitem(recv, &target),
    })
}

/// Call a `dict` method.
pub fn dict(
    vm: &mut Vm,
    recv: &Value,
    d: &Rc<RefCell<Dict>>,
    name: &str,
    args: Args,
) -> PyResult<Value> {
    let p = &args.pos;
    let key = p.first().cloned().unwrap_or(Value::None);
    Ok(match name {
        "get" => {
            arity(vm, "get", &args, 1, 2)?;
            let v = vm.dict_get(d, &key)?;
            v.unwrap_or_else(|| p.get(1).cloned().unwrap_or(Value::None))
        }
        "keys" => Value::DictView(Rc::new((d.clone(), ViewKind::Keys))),
        "values" => Value::DictView(Rc::new((d.clone(), ViewKind::Values))),
        "items" => Value::DictView(Rc::new((d.clone(), ViewKind::Items))),
        "pop" => {
            arity(vm, "pop", &args, 1, 2)?;
            let v = vm.dict_del(d, &key)?;
            match (v, p.get(1)) {
                (Some(v), _) => v,
                (None, Some(default)) => default.clone(),
                (None, None) => return Err(vm.key_error(key)),
            }
        }
        "popitem" => {
            let last = d.borrow_mut().pop_last();
            match last {
                Some((k, v)) => Value::tuple(vec![k, v]),
                None => return Err(vm.key_error(Value::str("popitem(): dictionary is empty"))),
            }
        }
        "setdefault" => {
            let existing = vm.dict_get(d, &key)?;
            match existing {
                Some(v) => v,
                None => {
                    let v = p.get(1).cloned().unwrap_or(Value::None);
                    vm.dict_set(d, key, v.clone())?;
                    v
                }
            }
        }
        "update" => {
            match p.first() {
                // 2.7 merges a dict as a whole (`PyDict_Merge`), which decides the order.
                Some(Value::Dict(src)) if vm.version == crate::version::Version::V2_7 => {
                    let src = src.borrow().clone();
                    d.borrow_mut().merge_from(&src);
                }
                Some(other) => super::construct::fill_dict(vm, d, other)?,
                None => {}
            }
            for (k, v) in args.kw {
                d.borrow_mut().set_str(k.as_str(), v);
            }
            Value::None
        }
        "copy" => Value::Dict(Rc::new(RefCell::new(d.borrow().copied()))),
        "clear" => {
            d.borrow_mut().clear();
            Value::None
        }
        "__len__" => Value::Int(d.borrow().len() as i64),
        "__contains__" => return vm.contains(recv, &key).map(Value::Bool),
        "__setitem__" => {
            vm.setitem(recv, key, p.get(1).cloned().unwrap_or(Value::None))?;
            Value::None
        }
        _ => return vm.getitem(recv, &key),
    })
}

/// Call a `set`/`frozenset` method.
pub fn set(vm: &mut Vm, recv: &Value, name: &str, args: Args) -> PyResult<Value> {
    let p = &args.pos;
    let arg = p.first().cloned().unwrap_or(Value::None);
    let mutable = match recv {
        Value::Set(s) => Some(s.clone()),
        _ => None,
    };
    // Only what needs the members collects them (not `add` or `remove`).
    let items = |vm: &mut Vm| vm.collect(recv);
    let wrap = |s: Set| match recv {
        Value::FrozenSet(_) => Value::FrozenSet(Rc::new(s)),
        _ => Value::Set(Rc::new(RefCell::new(s))),
    };
    let algebra = |vm: &mut Vm, op: crate::vm::value::num::BinOp| -> PyResult<Value> {
        let mut acc = recv.clone();
        for other in p {
            let o = match other {
                Value::Set(_) | Value::FrozenSet(_) => other.clone(),
                x => {
                    let mut s = Set::new();
                    for v in vm.collect(x)? {
                        s.add(v.clone()).map_err(vm.hash_err(&v))?;
                    }
                    Value::FrozenSet(Rc::new(s))
                }
            };
            acc = vm.binary_op(op, &acc, &o, false)?;
        }
        if p.is_empty() {
            let mut s = Set::new();
            for v in items(vm)? {
                let _ = s.add(v);
            }
            return Ok(wrap(s));
        }
        Ok(acc)
    };
    use crate::vm::value::num::BinOp;
    match name {
        "union" => return algebra(vm, BinOp::Or),
        "intersection" => return algebra(vm, BinOp::And),
        "difference" => return algebra(vm, BinOp::Sub),
        "symmetric_difference" => return algebra(vm, BinOp::Xor),
        "copy" => {
            return Ok(match recv {
                Value::Set(s) => Value::Set(Rc::new(RefCell::new(s.borrow().copied()))),
                other => other.clone(),
            })
        }
        _ => {}
    }
    let contains = |vm: &mut Vm, v: &Value| vm.contains(&arg, v);
    Ok(match name {
        "issubset" => {
            for v in &items(vm)? {
                if !contains(vm, v)? {
                    return Ok(Value::Bool(false));
                }
            }
            Value::Bool(true)
        }
        "issuperset" => {
            for v in vm.collect(&arg)? {
                if !vm.contains(recv, &v)? {
                    return Ok(Value::Bool(false));
                }
            }
            Value::Bool(true)
        }
        "isdisjoint" => {
            for v in &items(vm)? {
                if contains(vm, v)? {
                    return Ok(Value::Bool(false));
                }
            }
            Value::Bool(true)
        }
        "__len__" => Value::Int(items(vm)?.len() as i64),
        "__contains__" => Value::Bool(vm.contains(recv, &arg)?),
        _ => {
            let Some(s) = mutable else {
                return Err(vm.exc(
                    "AttributeError",
                    format!("'frozenset' object has no attribute '{name}'"),
                ));
            };
            if matches!(name, "add" | "remove" | "discard") {
                arity(vm, &qualified(vm, "set", name), &args, 1, 1)?;
            }
            match name {
                "add" => {
                    vm.set_add(&s, arg)?;
                }
                "remove" => {
                    if !vm.set_remove(&s, &arg)? {
                        return Err(vm.key_error(arg));
                    }
                }
                "discard" => {
                    vm.set_remove(&s, &arg)?;
                }
                "pop" => {
                    let v = s.borrow_mut().pop();
                    return v.ok_or_else(|| vm.key_error(Value::str("pop from an empty set")));
                }
                "clear" => s.borrow_mut().clear(),
                "update" => {
                    for other in p {
                        if let Some(src) = crate::vm::interp::set_copy(other) {
                            s.borrow_mut().merge(&src);
                            continue;
                        }
                        for v in vm.collect(other)? {
                            vm.set_add(&s, v)?;
                        }
                    }
                }
                _ => {
                    return Err(vm.exc(
                        "AttributeError",
                        format!("'set' object has no attribute '{name}'"),
                    ))
                }
            }
            Value::None
        }
    })
}

/// Call a method of an int, float, bytes, generator or property.
pub fn other(vm: &mut Vm, recv: &Value, name: &str, args: Args) -> PyResult<Value> {
    let p = args.pos;
    Ok(match (recv, name) {
        (v, "bit_length") if v.is_int() => {
            Value::Int(v.as_bigint().unwrap_or_default().bits() as i64)
        }
        (v, "bit_count") if v.is_int() => {
            let b = v.as_bigint().unwrap_or_default();
            Value::Int(b.magnitude().count_ones() as i64)
        }
        (v, "conjugate" | "__index__") if v.is_int() => v.clone(),
        (Value::Float(x), "is_integer") => Value::Bool(x.fract() == 0.0 && x.is_finite()),
        (Value::Float(_), "conjugate") => recv.clone(),
        (Value::Float(x), "as_integer_ratio") => {
            let mut n = *x;
            let mut d = num_bigint::BigInt::from(1);
            let mut k = 0;
            while n.fract() != 0.0 && k < 1100 {
                n *= 2.0;
                d *= 2;
                k += 1;
            }
            let n = super::functions::float_to_int(vm, n)?;
            let nb = n.as_bigint().unwrap_or_default();
            let g = num_integer::Integer::gcd(&nb, &d);
            Value::tuple(vec![Value::from_bigint(nb / &g), Value::from_bigint(d / g)])
        }
        (Value::Bytes(b), "decode") => {
            Value::Str(Str::from(String::from_utf8_lossy(b).into_owned()))
        }
        (Value::Bytes(b), "hex") => Value::Str(Str::from(
            b.iter().map(|x| format!("{x:02x}")).collect::<String>(),
        )),
        (Value::Generator(g), "send") => {
            let v = p.first().cloned().unwrap_or(Value::None);
            match vm.resume(g, v, None)? {
                GenResult::Yielded(x) => x,
                GenResult::Returned(x) => return Err(vm.stop_iteration(x)),
            }
        }
        (Value::Generator(g), "__next__") => match vm.resume(g, Value::None, None)? {
            GenResult::Yielded(x) => x,
            GenResult::Returned(x) => return Err(vm.stop_iteration(x)),
        },
        (Value::Generator(_), "__iter__") => recv.clone(),
        (Value::Generator(g), "throw") => {
            let v = p.first().cloned().unwrap_or(Value::None);
            let exc = vm.make_exception(v)?;
            match vm.resume(g, Value::None, Some(super::super::interp::Error::Py(exc)))? {
                GenResult::Yielded(x) => x,
                GenResult::Returned(x) => return Err(vm.stop_iteration(x)),
            }
        }
        (Value::Generator(g), "asend" | "athrow" | "aclose" | "__anext__" | "__aiter__")
            if crate::vm::interp::is_async_gen(g) =>
        {
            let arg = p.first().cloned().unwrap_or(Value::None);
            let kind = match name {
                "__aiter__" => return Ok(recv.clone()),
                "asend" => AsyncGenOpKind::Send(arg),
                "__anext__" => AsyncGenOpKind::Send(Value::None),
                "athrow" => AsyncGenOpKind::Throw(arg),
                _ => AsyncGenOpKind::Close,
            };
            vm.async_gen_op(g, kind, None)
        }
        (Value::Generator(g), "close") => {
            vm.close_generator(g)?;
            Value::None
        }
        (Value::Property(prop), "setter") => Value::Property(Rc::new((
            prop.0.clone(),
            p.first().cloned().unwrap_or(Value::None),
        ))),
        (Value::Property(prop), "getter") => Value::Property(Rc::new((
            p.first().cloned().unwrap_or(Value::None),
            prop.1.clone(),
        ))),
        (Value::Property(_), "deleter") => recv.clone(),
        _ => {
            return Err(vm.exc(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", vm.type_name(recv)),
            ))
        }
    })
}

/// A method's name in argument-count errors: from 3.9 with its type (`list.append`).
fn qualified(vm: &Vm, ty: &str, name: &str) -> String {
    if vm.version >= crate::version::Version::V3_9 {
        format!("{ty}.{name}")
    } else {
        name.to_string()
    }
}

/// Keyword arguments given to a method of a list, tuple, dict or set that takes
/// none (all but `list.sort` and `dict.update`).
pub fn refuse_keywords(vm: &Vm, recv: &Value, name: &str) -> PyResult<()> {
    let ty = match (recv, name) {
        (Value::List(_), "sort") | (Value::Dict(_), "update") => return Ok(()),
        (Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_), _)
        | (Value::FrozenSet(_), _) => vm.type_name(recv),
        _ => return Ok(()),
    };
    let name = qualified(vm, &ty, name);
    Err(vm.type_error(format!("{name}() takes no keyword arguments")))
}
