//! Calling a built-in type: `int(x)`, `list(it)`, `range(n)`, `type(x)`, ...

use std::cell::RefCell;
use std::rc::Rc;

use super::super::interp::{PyResult, Vm};
use super::functions::{arity, float_to_int, int_arg, to_f64};
use crate::vm::objects::{Args, BuiltinType, Class, Dict, Set};
use crate::vm::value::num::parse_int;
use crate::vm::value::{Str, Value};

/// `str(x)` of an int or a (byte) str, `int(n)` of an int: the calls a hot loop
/// makes, answered without an argument vector; `None` for anything else.
pub fn construct_one(vm: &Vm, cls: &Rc<Class>, arg: &Value) -> Option<Value> {
    let t = &vm.types;
    if Rc::ptr_eq(cls, &t.str_) {
        return match arg {
            Value::Int(i) => Some(Value::Str(Str::from_i64(*i))),
            Value::Str(s) if !s.is_unicode() => Some(arg.clone()),
            _ => None,
        };
    }
    match arg {
        Value::Int(_) if Rc::ptr_eq(cls, &t.int) => Some(arg.clone()),
        _ => None,
    }
}

/// Construct a value of the built-in type `cls`.
pub fn construct(vm: &mut Vm, cls: &Rc<Class>, mut args: Args) -> PyResult<Value> {
    if vm.version == crate::version::Version::V2_7 {
        if let Some(v) = super::unicode27::construct27(vm, cls, &args)? {
            return Ok(v);
        }
    }
    let Some(kind) = cls.builtin else {
        return Err(vm.type_error(format!("cannot create '{}' instances", cls.name)));
    };
    if let (BuiltinType::Str, [v], true) = (kind, args.pos.as_slice(), args.kw.is_empty()) {
        // `str(s)` is `s`; `str(n)` of a small int needs no formatting machinery.
        match v {
            Value::Str(s) => return Ok(Value::Str(s.clone())),
            Value::Int(i) => return Ok(Value::Str(Str::from_i64(*i))),
            _ => {}
        }
    }
    let first = args.pos.first().cloned();
    let first = match first.as_ref().and_then(super::payload) {
        Some(p)
            if !matches!(
                kind,
                BuiltinType::Str | BuiltinType::Bool | BuiltinType::Type
            ) =>
        {
            Some(p)
        }
        _ => first,
    };
    Ok(match kind {
        BuiltinType::Int => {
            let base = args.take_kw("base").or_else(|| args.pos.get(1).cloned());
            match (first, base) {
                (None, _) => Value::Int(0),
                (Some(Value::Str(s)), base) => {
                    let b = match base {
                        Some(b) => int_arg(vm, &b)?,
                        None => 10,
                    };
                    let text = s.as_str().trim();
                    let (b, body) = if b == 0 || b == 16 || b == 8 || b == 2 {
                        let lower = text.to_ascii_lowercase();
                        let (sign, rest) = match lower.strip_prefix('-') {
                            Some(r) => ("-", r.to_string()),
                            None => ("", lower.trim_start_matches('+').to_string()),
                        };
                        match (rest.get(..2), b) {
                            (Some("0x"), 0 | 16) => (16, format!("{sign}{}", &rest[2..])),
                            (Some("0o"), 0 | 8) => (8, format!("{sign}{}", &rest[2..])),
                            (Some("0b"), 0 | 2) => (2, format!("{sign}{}", &rest[2..])),
                            _ => (if b == 0 { 10 } else { b }, text.to_string()),
                        }
                    } else {
                        (b, text.to_string())
                    };
                    if !(2..=36).contains(&b) {
                        return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
                    }
                    parse_int(&body, b as u32).ok_or_else(|| {
                        vm.value_error(format!(
                            "invalid literal for int() with base {b}: {}",
                            super::repr::str_repr(s.as_str())
                        ))
                    })?
                }
                (Some(Value::Float(x)), None) => float_to_int(vm, x)?,
                (Some(v), None) if v.is_int() => {
                    Value::from_bigint(v.as_bigint().unwrap_or_default())
                }
                (Some(v), None) => {
                    let m = vm
                        .special(&v, "__int__")
                        .or_else(|| vm.special(&v, "__index__"));
                    match m {
                        Some(m) => vm.call_pos(&m, vec![v])?,
                        None => {
                            return Err(vm.type_error(format!(
                                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                                vm.type_name(&v)
                            )))
                        }
                    }
                }
                (Some(_), Some(_)) => {
                    return Err(vm.type_error("int() can't convert non-string with explicit base"))
                }
            }
        }
        BuiltinType::Float => match first {
            None => Value::Float(0.0),
            Some(Value::Str(s)) => Value::Float(parse_float(s.as_str()).ok_or_else(|| {
                vm.value_error(format!(
                    "could not convert string to float: {}",
                    super::repr::str_repr(s.as_str())
                ))
            })?),
            Some(v) => match vm.special(&v, "__float__") {
                Some(m) => vm.call_pos(&m, vec![v])?,
                None => Value::Float(to_f64(vm, &v)?),
            },
        },
        BuiltinType::Complex => {
            let r = first.map(|v| to_f64(vm, &v)).transpose()?.unwrap_or(0.0);
            let i = args
                .pos
                .get(1)
                .map(|v| to_f64(vm, v))
                .transpose()?
                .unwrap_or(0.0);
            Value::Complex(r, i)
        }
        BuiltinType::Bool => match first {
            None => Value::Bool(false),
            Some(v) => Value::Bool(vm.truthy(&v)?),
        },
        BuiltinType::Str => match first {
            None => Value::str(""),
            Some(Value::Bytes(b)) if args.pos.len() > 1 || !args.kw.is_empty() => {
                Value::Str(Str::from(String::from_utf8_lossy(&b).into_owned()))
            }
            Some(v) => Value::Str(Str::from(vm.to_str(&v)?)),
        },
        BuiltinType::Bytes => match first {
            None => Value::Bytes(Rc::from(Vec::new())),
            Some(Value::Str(s)) => Value::Bytes(s.as_str().as_bytes().into()),
            Some(v) if v.is_int() => {
                let n = int_arg(vm, &v)?;
                if n < 0 {
                    return Err(vm.value_error("negative count"));
                }
                if n as u128 > crate::vm::interp::MAX_ALLOC {
                    return Err(vm.exc_args("MemoryError", vec![]));
                }
                Value::Bytes(vec![0u8; n as usize].into())
            }
            Some(v) => {
                let mut out = Vec::new();
                for x in vm.collect(&v)? {
                    let n = int_arg(vm, &x)?;
                    let b = u8::try_from(n)
                        .map_err(|_| vm.value_error("bytes must be in range(0, 256)"))?;
                    out.push(b);
                }
                Value::Bytes(out.into())
            }
        },
        BuiltinType::Tuple => match first {
            None => Value::tuple(vec![]),
            Some(v) => Value::tuple(vm.collect(&v)?),
        },
        BuiltinType::List => match first {
            None => Value::list(vec![]),
            Some(v) => Value::list(vm.collect(&v)?),
        },
        BuiltinType::Set | BuiltinType::FrozenSet => {
            let s = Rc::new(RefCell::new(Set::new()));
            if let Some(Value::Set(src)) = &first {
                let src = src.borrow().clone();
                s.borrow_mut().merge(&src);
            } else if let Some(Value::FrozenSet(src)) = &first {
                s.borrow_mut().merge(src);
            } else if let Some(v) = first {
                for x in vm.collect(&v)? {
                    vm.set_add(&s, x)?;
                }
            }
            if kind == BuiltinType::Set {
                Value::Set(s)
            } else {
                Value::FrozenSet(Rc::new(s.borrow().clone()))
            }
        }
        BuiltinType::Dict => {
            let d = Rc::new(RefCell::new(Dict::new()));
            match first {
                // A plain dict merges as a whole (which decides 2.7's order).
                Some(Value::Dict(src)) if vm.version == crate::version::Version::V2_7 => {
                    let src = src.borrow().clone();
                    d.borrow_mut().merge_from(&src);
                }
                Some(v) => fill_dict(vm, &d, &v)?,
                None => {}
            }
            let mut kw = Dict::new();
            for (k, v) in args.kw {
                kw.set_str(k.as_str(), v);
            }
            d.borrow_mut().merge_from(&kw);
            Value::Dict(d)
        }
        BuiltinType::Range => {
            arity(vm, "range", &args, 1, 3)?;
            let mut n = Vec::new();
            for a in &args.pos {
                n.push(int_arg(vm, a)?);
            }
            let (start, stop, step) = match n.as_slice() {
                [stop] => (0, *stop, 1),
                [a, b] => (*a, *b, 1),
                [a, b, c] => (*a, *b, *c),
                _ => (0, 0, 1),
            };
            if step == 0 {
                return Err(vm.value_error("range() arg 3 must not be zero"));
            }
            Value::Range(Rc::new([start, stop, step]))
        }
        BuiltinType::Slice => {
            arity(vm, "slice", &args, 1, 3)?;
            let p = &args.pos;
            match p.len() {
                1 => Value::Slice(Rc::new([Value::None, p[0].clone(), Value::None])),
                2 => Value::Slice(Rc::new([p[0].clone(), p[1].clone(), Value::None])),
                _ => Value::Slice(Rc::new([p[0].clone(), p[1].clone(), p[2].clone()])),
            }
        }
        BuiltinType::Type => match args.pos.len() {
            1 => Value::Class(vm.type_of(&args.pos[0])),
            3 => {
                let Value::Str(n) = &args.pos[0] else {
                    return Err(vm.type_error("type() argument 1 must be str"));
                };
                let bases: Vec<Rc<Class>> = vm
                    .collect(&args.pos[1])?
                    .into_iter()
                    .filter_map(|b| match b {
                        Value::Class(c) => Some(c),
                        _ => None,
                    })
                    .collect();
                let mut dict = match &args.pos[2] {
                    Value::Dict(d) => d.borrow().clone(),
                    _ => Dict::new(),
                };
                if dict.get_str("__module__").is_none() {
                    dict.set_str("__module__", Value::str("__main__"));
                }
                let meta = vm.types.type_.clone();
                return vm.type_new(&meta, n.clone(), bases, dict, args.kw);
            }
            _ => return Err(vm.type_error("type() takes 1 or 3 arguments")),
        },
        BuiltinType::Property => {
            let fget = first.unwrap_or(Value::None);
            let fset = args.pos.get(1).cloned().unwrap_or(Value::None);
            Value::Property(Rc::new((fget, fset)))
        }
        BuiltinType::StaticMethod => {
            arity(vm, "staticmethod", &args, 1, 1)?;
            Value::StaticMethod(Rc::new(args.pos[0].clone()))
        }
        BuiltinType::ClassMethod => {
            arity(vm, "classmethod", &args, 1, 1)?;
            Value::ClassMethod(Rc::new(args.pos[0].clone()))
        }
        BuiltinType::Super => match (args.pos.first(), args.pos.get(1)) {
            (Some(Value::Class(c)), Some(obj)) => Value::Super(Rc::new((c.clone(), obj.clone()))),
            _ => return Err(vm.exc("RuntimeError", "super(): no arguments")),
        },
        _ => return Err(vm.type_error(format!("cannot create '{}' instances", cls.name))),
    })
}

/// `dict.update(other)`: a mapping or an iterable of pairs.
pub fn fill_dict(vm: &mut Vm, d: &crate::vm::value::DictRef, v: &Value) -> PyResult<()> {
    if let Some(p @ Value::Dict(_)) = super::payload(v) {
        return fill_dict(vm, d, &p);
    }
    if matches!(v, Value::Dict(_)) || vm.special(v, "keys").is_some() {
        for (k, x) in vm.mapping_items(v)? {
            vm.dict_set(d, k, x)?;
        }
        return Ok(());
    }
    for (i, pair) in vm.collect(v)?.into_iter().enumerate() {
        let kv = vm.collect(&pair).map_err(|e| {
            if vm.error_is(&e, "TypeError") && vm.special(&pair, "__iter__").is_none() {
                vm.type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                ))
            } else {
                e
            }
        })?;
        if kv.len() != 2 {
            return Err(vm.value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                kv.len()
            )));
        }
        vm.dict_set(d, kv[0].clone(), kv[1].clone())?;
    }
    Ok(())
}

/// `float(str)`.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim().replace('_', "");
    match t.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    t.parse().ok()
}
