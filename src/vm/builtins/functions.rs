//! The built-in functions (`print`, `len`, `sorted`, ...).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use super::super::interp::{new_iter, GenResult, PyResult, Vm};
use crate::vm::load::CmpOp;
use crate::vm::objects::{Args, IterState};
use crate::vm::value::num::{self, BinOp};
use crate::vm::value::{Str, Value};

/// Check the positional argument count.
pub fn arity(vm: &Vm, name: &str, args: &Args, min: usize, max: usize) -> PyResult<()> {
    let n = args.pos.len();
    if n < min || n > max {
        let msg = if min == 1 && max == 1 {
            format!("{name}() takes exactly one argument ({n} given)")
        } else if min == max {
            format!(
                "{name}() takes exactly {min} argument{} ({n} given)",
                if min == 1 { "" } else { "s" }
            )
        } else {
            // Up to 3.7 these counts always read "arguments".
            let (which, count) = if n < min {
                ("least", min)
            } else {
                ("most", max)
            };
            let s = if count == 1 && vm.version >= crate::version::Version::V3_8 {
                ""
            } else {
                "s"
            };
            format!("{name} expected at {which} {count} argument{s}, got {n}")
        };
        return Err(vm.type_error(msg));
    }
    Ok(())
}

pub(super) fn print(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let sep = match args.take_kw("sep") {
        Some(Value::Str(s)) => s.to_string(),
        _ => " ".into(),
    };
    let end = match args.take_kw("end") {
        Some(Value::Str(s)) => s.to_string(),
        _ => "\n".into(),
    };
    let file = args.take_kw("file").filter(|f| !f.is_none());
    let _ = args.take_kw("flush");
    // CPython writes each piece separately: item, sep, item, ..., end.
    let mut pieces = Vec::with_capacity(2 * args.pos.len() + 1);
    for (i, v) in args.pos.iter().enumerate() {
        if i > 0 {
            pieces.push(sep.clone());
        }
        if let Value::Str(s) = v {
            // Stdout cannot encode a lone surrogate; what came before is written.
            if let Err(e) = super::surrogates::check_writable(vm, s) {
                if file.is_none() {
                    vm.write_out(&pieces.concat());
                }
                return Err(e);
            }
        }
        pieces.push(vm.to_str(v)?);
    }
    pieces.push(end);
    match file {
        Some(f) => {
            let write = vm.getattr(&f, &Str::from("write"))?;
            for p in pieces {
                vm.call_pos(&write, vec![Value::Str(Str::from(p))])?;
            }
        }
        None => vm.write_out(&pieces.concat()),
    }
    Ok(Value::None)
}

pub(super) fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "len", &args, 1, 1)?;
    Ok(Value::Int(vm.len(&args.pos[0])? as i64))
}

pub(super) fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "repr", &args, 1, 1)?;
    Ok(Value::Str(Str::from(vm.repr(&args.pos[0])?)))
}

pub(super) fn ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "ascii", &args, 1, 1)?;
    let r = vm.repr(&args.pos[0])?;
    Ok(Value::Str(Str::from(super::ascii_escape(&r))))
}

pub(super) fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "format", &args, 1, 2)?;
    let spec = match args.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    Ok(Value::Str(Str::from(vm.format(&args.pos[0], &spec)?)))
}

pub(super) fn abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "abs", &args, 1, 1)?;
    let v = &args.pos[0];
    Ok(match v {
        Value::Float(f) => Value::Float(f.abs()),
        Value::Complex(r, i) => Value::Float(r.hypot(*i)),
        Value::Int(n) if *n != i64::MIN => Value::Int(n.abs()),
        x if x.is_int() => {
            let r = Value::from_bigint(x.as_bigint().unwrap_or_default().abs());
            vm.long27(x, x, r)
        }
        _ => match vm.special(v, "__abs__") {
            Some(m) => vm.call_pos(&m, vec![v.clone()])?,
            None => {
                return Err(
                    vm.type_error(format!("bad operand type for abs(): '{}'", vm.type_name(v)))
                )
            }
        },
    })
}

fn key_of(vm: &mut Vm, key: &Value, v: &Value) -> PyResult<Value> {
    if key.is_none() {
        Ok(v.clone())
    } else {
        vm.call_pos(key, vec![v.clone()])
    }
}

fn min_max(vm: &mut Vm, mut args: Args, name: &str, want: CmpOp) -> PyResult<Value> {
    let key = args.take_kw("key").unwrap_or(Value::None);
    let default = args.take_kw("default");
    if default.is_some() && vm.version == crate::version::Version::V2_7 {
        return Err(vm.type_error(format!("{name}() got an unexpected keyword argument")));
    }
    let items = if args.pos.len() == 1 {
        vm.collect(&args.pos[0])?
    } else {
        args.pos
    };
    let mut best: Option<(Value, Value)> = None;
    for v in items {
        let k = key_of(vm, &key, &v)?;
        let better = match &best {
            None => true,
            Some((bk, _)) => {
                let r = vm.compare(want, &k, bk)?;
                vm.truthy(&r)?
            }
        };
        if better {
            best = Some((k, v));
        }
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) if vm.version <= crate::version::Version::V3_11 => {
            Err(vm.value_error(format!("{name}() arg is an empty sequence")))
        }
        (None, None) => Err(vm.value_error(format!("{name}() iterable argument is empty"))),
    }
}

pub(super) fn min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, "min", CmpOp::Lt)
}

pub(super) fn max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, "max", CmpOp::Gt)
}

pub(super) fn sum(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let start = args.take_kw("start");
    arity(vm, "sum", &args, 1, 2)?;
    let mut acc = start
        .or_else(|| args.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    // Items are added as they come, as CPython does (a generator is not
    // collected first). From 3.12, CPython's phases decide the float result:
    // while the total is an exact int, items are added normally; once it becomes
    // a float, floats are added with Neumaier compensation and ints plainly;
    // the first other item ends that for good.
    let it = vm.get_iter(&args.pos[0])?;
    let compensated = vm.version >= crate::version::Version::V3_12;
    let mut int_phase = compensated && matches!(acc, Value::Int(_) | Value::BigInt(_));
    // (sum, compensation) in the float phase.
    let mut run = match acc {
        Value::Float(f) if compensated => Some((f, 0.0)),
        _ => None,
    };
    while let Some(x) = vm.next_value(&it)? {
        if let Some((s, c)) = run {
            match x {
                Value::Float(x) => {
                    let t = s + x;
                    let c = if s.abs() >= x.abs() {
                        c + ((s - t) + x)
                    } else {
                        c + ((x - t) + s)
                    };
                    run = Some((t, c));
                    continue;
                }
                Value::Int(n) => {
                    run = Some((s + n as f64, c));
                    continue;
                }
                Value::Bool(b) => {
                    run = Some((s + f64::from(u8::from(b)), c));
                    continue;
                }
                _ => {
                    acc = compensated_total(s, c);
                    run = None;
                }
            }
        }
        acc = vm.binary_op(BinOp::Add, &acc, &x, false)?;
        if int_phase {
            int_phase = matches!(acc, Value::Int(_) | Value::BigInt(_));
            if let Value::Float(f) = acc {
                run = Some((f, 0.0));
            }
        }
    }
    Ok(match run {
        Some((s, c)) => compensated_total(s, c),
        None => acc,
    })
}

fn compensated_total(s: f64, c: f64) -> Value {
    Value::Float(if c != 0.0 && c.is_finite() { s + c } else { s })
}

pub(super) fn sorted(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let key = args.take_kw("key").unwrap_or(Value::None);
    let reverse = args.take_kw("reverse").unwrap_or(Value::Bool(false));
    arity(vm, "sorted", &args, 1, 1)?;
    let reverse = vm.truthy(&reverse)?;
    let mut items = vm.collect(&args.pos[0])?;
    super::sort::sort_values(vm, &mut items, &key, reverse)?;
    Ok(Value::list(items))
}

pub(super) fn reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "reversed", &args, 1, 1)?;
    let v = &args.pos[0];
    if let Some(m) = vm.special(v, "__reversed__") {
        return vm.call_pos(&m, vec![v.clone()]);
    }
    let mut items = vm.collect(v)?;
    items.reverse();
    Ok(new_iter(IterState::Items { items, idx: 0 }))
}

pub(super) fn enumerate(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let start = args.take_kw("start");
    arity(vm, "enumerate", &args, 1, 2)?;
    let n = start
        .or_else(|| args.pos.get(1).cloned())
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let inner = vm.get_iter(&args.pos[0])?;
    Ok(new_iter(IterState::Enumerate { inner, n }))
}

pub(super) fn zip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut inners = Vec::new();
    for a in &args.pos {
        inners.push(vm.get_iter(a)?);
    }
    Ok(new_iter(IterState::Zip { inners }))
}

pub(super) fn map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos.len() < 2 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let mut inners = Vec::new();
    for a in &args.pos[1..] {
        inners.push(vm.get_iter(a)?);
    }
    Ok(new_iter(IterState::Map {
        func: args.pos[0].clone(),
        inners,
    }))
}

pub(super) fn filter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "filter", &args, 2, 2)?;
    let inner = vm.get_iter(&args.pos[1])?;
    Ok(new_iter(IterState::Filter {
        func: args.pos[0].clone(),
        inner,
    }))
}

pub(super) fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "iter", &args, 1, 2)?;
    if args.pos.len() == 2 {
        return Ok(new_iter(IterState::Callable {
            func: args.pos[0].clone(),
            sentinel: args.pos[1].clone(),
        }));
    }
    vm.get_iter(&args.pos[0])
}

pub(super) fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "next", &args, 1, 2)?;
    // A finished generator's StopIteration carries its return value.
    if let (Value::Generator(g), None) = (&args.pos[0], args.pos.get(1)) {
        return match vm.resume(g, Value::None, None)? {
            GenResult::Yielded(v) => Ok(v),
            GenResult::Returned(v) => Err(vm.stop_iteration(v)),
        };
    }
    if let (Value::Instance(_), None) = (&args.pos[0], args.pos.get(1)) {
        if let Some(m) = vm.special(&args.pos[0], "__next__") {
            return vm.call_pos(&m, vec![args.pos[0].clone()]);
        }
    }
    match vm.next_value(&args.pos[0])? {
        Some(v) => Ok(v),
        None => match args.pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.exc_args("StopIteration", vec![])),
        },
    }
}

pub(super) fn any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "any", &args, 1, 1)?;
    let it = vm.get_iter(&args.pos[0])?;
    while let Some(v) = vm.next_value(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub(super) fn all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "all", &args, 1, 1)?;
    let it = vm.get_iter(&args.pos[0])?;
    while let Some(v) = vm.next_value(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub(super) fn chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "chr", &args, 1, 1)?;
    let n = args.pos[0]
        .as_i64()
        .ok_or_else(|| vm.type_error("an integer is required"))?;
    match u32::try_from(n) {
        Ok(p @ 0xd800..=0xdfff) => Ok(Value::Str(Str::from_code_points(std::iter::once(p)))),
        Ok(p) => match char::from_u32(p) {
            Some(c) => Ok(Value::Str(Str::from_char(c))),
            None => Err(vm.value_error("chr() arg not in range(0x110000)")),
        },
        Err(_) => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

pub(super) fn ord(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "ord", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Str(s) if s.len() == 1 => Ok(Value::Int(i64::from(
            s.code_point(s.char_at(0).unwrap_or('\0')),
        ))),
        Value::Str(s) => Err(vm.type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.len()
        ))),
        other => Err(vm.type_error(format!(
            "ord() expected string of length 1, but {} found",
            vm.type_name(other)
        ))),
    }
}

fn radix(vm: &mut Vm, args: Args, name: &str, ty: &str) -> PyResult<Value> {
    arity(vm, name, &args, 1, 1)?;
    if !args.pos[0].is_int() {
        return Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(&args.pos[0])
        )));
    }
    Ok(Value::Str(Str::from(
        vm.format(&args.pos[0], &format!("#{ty}"))?,
    )))
}

pub(super) fn hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "hex", "x")
}

pub(super) fn bin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "bin", "b")
}

pub(super) fn oct(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "oct", "o")
}

pub(super) fn divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "divmod", &args, 2, 2)?;
    let (a, b) = (&args.pos[0], &args.pos[1]);
    let q = vm.binary_op(BinOp::FloorDiv, a, b, false)?;
    let r = vm.binary_op(BinOp::Mod, a, b, false)?;
    Ok(Value::tuple(vec![q, r]))
}

pub(super) fn pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "pow", &args, 2, 3)?;
    if let Some(m) = args.pos.get(2) {
        let (Some(b), Some(e), Some(m)) = (
            args.pos[0].as_bigint(),
            args.pos[1].as_bigint(),
            m.as_bigint(),
        ) else {
            return Err(
                vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            );
        };
        if m.is_zero() {
            return Err(vm.value_error("pow() 3rd argument cannot be 0"));
        }
        if e.is_negative() {
            return Err(vm.value_error("base is not invertible for the given modulus"));
        }
        let r = b.modpow(&e, &m);
        let r = if !r.is_zero() && (r.is_negative() != m.is_negative()) {
            r + &m
        } else {
            r
        };
        return Ok(Value::from_bigint(r));
    }
    vm.binary_op(BinOp::Pow, &args.pos[0], &args.pos[1], false)
}

pub(super) fn round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "round", &args, 1, 2)?;
    let nd = args
        .pos
        .get(1)
        .filter(|v| !v.is_none())
        .and_then(|v| v.as_i64());
    match (&args.pos[0], nd) {
        (Value::Float(x), None) => {
            if !x.is_finite() {
                return Err(if x.is_nan() {
                    vm.value_error("cannot convert float NaN to integer")
                } else {
                    vm.exc("OverflowError", "cannot convert float infinity to integer")
                });
            }
            let r = x.round_ties_even();
            Ok(Value::from_bigint(num::float_to_bigint(r)))
        }
        (Value::Float(x), Some(n)) => {
            // Round the exact decimal expansion half-even, as CPython's dtoa does.
            let s = format!("{:.*}", n.clamp(0, 300) as usize, x);
            if n >= 0 {
                Ok(Value::Float(s.parse().unwrap_or(*x)))
            } else {
                let p = 10f64.powi((-n) as i32);
                Ok(Value::Float((x / p).round_ties_even() * p))
            }
        }
        (v, None) if v.is_int() => Ok(Value::from_bigint(v.as_bigint().unwrap_or_default())),
        (v, Some(n)) if v.is_int() => {
            if n >= 0 {
                return Ok(Value::from_bigint(v.as_bigint().unwrap_or_default()));
            }
            let p = num_traits::pow(BigInt::from(10), (-n) as usize);
            let b = v.as_bigint().unwrap_or_default();
            let (q, r) = num_integer::Integer::div_mod_floor(&b, &p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
                q + 1
            } else {
                q
            };
            Ok(Value::from_bigint(q * p))
        }
        (v, _) => match vm.special(v, "__round__") {
            Some(m) => {
                let mut a = vec![v.clone()];
                a.extend(args.pos.get(1).cloned());
                vm.call_pos(&m, a)
            }
            None => Err(vm.type_error(format!(
                "type {} doesn't define __round__ method",
                vm.type_name(v)
            ))),
        },
    }
}

pub(super) fn hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "hash", &args, 1, 1)?;
    vm.key_hash(&args.pos[0]).map(Value::Int)
}

pub(super) fn id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    arity(vm, "id", &args, 1, 1)?;
    Ok(Value::Int(args.pos[0].id() as i64))
}

pub(super) fn build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.build_class(args)
}

pub(super) fn globals_stub(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.exc(
        "NotImplementedError",
        "globals()/locals()/vars() are not supported by the VM yet",
    ))
}

/// `exec`/`eval` reached other than by a direct call (through a variable, with
/// keywords): they need the calling frame, which only the `CALL` path has.
pub(super) fn exec_indirect(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.exc(
        "NotImplementedError",
        "exec()/eval() are supported only as direct calls with positional arguments",
    ))
}

pub(super) fn input(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.exc("EOFError", "EOF when reading a line"))
}

/// Python int from a float (truncating), with CPython's errors.
pub fn float_to_int(vm: &Vm, x: f64) -> PyResult<Value> {
    if x.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(vm.exc("OverflowError", "cannot convert float infinity to integer"));
    }
    Ok(Value::from_bigint(num::float_to_bigint(x)))
}

/// An int argument as i64 or a TypeError.
pub fn int_arg(vm: &Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::BigInt(b) => b.to_i64().ok_or_else(|| {
            vm.exc(
                "OverflowError",
                "Python int too large to convert to C ssize_t",
            )
        }),
        _ => v.as_i64().ok_or_else(|| {
            vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            ))
        }),
    }
}

/// Numeric conversion helper used by `float()`.
pub fn to_f64(vm: &Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::BigInt(b) => num::int_to_f64(b).map_err(|e| vm.num_error(e)),
        _ => v
            .as_i64()
            .map(|i| i as f64)
            .ok_or_else(|| vm.type_error(format!("must be real number, not {}", vm.type_name(v)))),
    }
}
