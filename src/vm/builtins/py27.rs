//! What CPython 2.7 programs see differently from 3.x: list-returning `range`,
//! `map`, `filter`, `zip` and dict methods, `xrange`, `cmp`, `reduce`, float
//! `round`, `it.next()`, and the 2.7 `repr`/`str` of longs, floats, byte strings,
//! sets, types and exceptions.

use super::super::interp::{new_iter, PyResult, Vm};
use super::{builtin, functions};
use crate::vm::load::CmpOp;
use crate::vm::objects::{Args, IterState};
use crate::vm::value::{DictRef, Str, Value};

/// Adjust the builtins namespace for a 2.7 program.
pub fn install27(vm: &mut Vm) {
    let fns: &[(&'static str, crate::vm::objects::BuiltinImpl)] = &[
        ("range", range),
        ("map", map),
        ("filter", filter),
        ("zip", zip),
        ("cmp", cmp),
        ("reduce", reduce),
        ("round", round),
        ("unichr", chr),
        ("chr", chr27),
        ("intern", identity),
        ("sorted", sorted),
        ("hex", hex),
        ("oct", oct),
    ];
    let aliases = [
        ("xrange", vm.types.range.clone()),
        ("long", vm.types.py27.long.clone()),
        ("unicode", vm.types.py27.unicode.clone()),
        ("basestring", vm.types.py27.basestring.clone()),
    ];
    let mut b = vm.builtins.borrow_mut();
    for (name, func) in fns {
        b.set_str(name, builtin(name, *func));
    }
    for (name, cls) in aliases {
        b.set_str(name, Value::Class(cls));
    }
    for (alias, name) in [
        ("IOError", "OSError"),
        ("EnvironmentError", "OSError"),
        ("StandardError", "Exception"),
    ] {
        b.set_str(alias, Value::Class(vm.types.exc(name)));
    }
    for gone in [
        "ascii",
        "bytes",
        "__build_class__",
        "RecursionError",
        "ModuleNotFoundError",
        "StopAsyncIteration",
    ] {
        let _ = b.remove(&Value::str(gone));
    }
    b.set_str("__name__", Value::str("__builtin__"));
}

/// `chr(n)` of 2.7: a one-byte string.
fn chr27(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.as_slice() {
        [n] if n.as_i64().is_some_and(|n| !(0..256).contains(&n)) => {
            Err(vm.value_error("chr() arg not in range(256)"))
        }
        _ => functions::chr(vm, args),
    }
}

/// `unichr(n)`: a one-character `unicode`.
fn chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    functions::chr(vm, args).map(super::unicode27::as_unicode)
}

fn identity(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.first() {
        Some(v) if args.pos.len() == 1 => Ok(v.clone()),
        _ => Err(vm.type_error("intern() takes exactly one argument")),
    }
}

/// `hex(n)` / `oct(n)` of 2.7: `0x1f`, `017`, an `L` for longs.
fn int_text(vm: &mut Vm, args: &Args, radix: u32, prefix: &str) -> PyResult<String> {
    let v = args.pos.first().cloned().unwrap_or(Value::None);
    let Some(n) = v.as_bigint().filter(|_| args.pos.len() == 1) else {
        return Err(vm.type_error("hex() argument can't be converted to hex"));
    };
    let sign = if n < num_bigint::BigInt::from(0) {
        "-"
    } else {
        ""
    };
    let digits = n.magnitude().to_str_radix(radix);
    let body = if radix == 8 && digits == "0" {
        "0".to_string()
    } else {
        format!("{prefix}{digits}")
    };
    let suffix = if matches!(v, Value::BigInt(_)) {
        "L"
    } else {
        ""
    };
    Ok(format!("{sign}{body}{suffix}"))
}

fn hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Str(Str::from(int_text(vm, &args, 16, "0x")?)))
}

fn oct(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Str(Str::from(int_text(vm, &args, 8, "0")?)))
}

/// `sorted(iterable, cmp=None, key=None, reverse=False)`.
fn sorted(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let Some(cmp) = args.take_kw("cmp").filter(|c| !c.is_none()) else {
        return functions::sorted(vm, args);
    };
    let key = args.take_kw("key").unwrap_or(Value::None);
    let reverse = args.take_kw("reverse").unwrap_or(Value::Bool(false));
    let reverse = vm.truthy(&reverse)?;
    let [seq] = args.pos.as_slice() else {
        return Err(vm.type_error("sorted() takes exactly one positional argument"));
    };
    let mut items = vm.collect(seq)?;
    sort_cmp(vm, &mut items, &key, &cmp, reverse)?;
    Ok(Value::list(items))
}

/// A stable sort ordered by a 2.7 `cmp` function (on `key(x)` when given).
fn sort_cmp(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: &Value,
    cmp: &Value,
    reverse: bool,
) -> PyResult<()> {
    let mut keyed = Vec::with_capacity(items.len());
    for x in items.drain(..) {
        let k = if key.is_none() {
            x.clone()
        } else {
            vm.call_pos(key, vec![x.clone()])?
        };
        keyed.push((k, x));
    }
    if reverse {
        keyed.reverse();
    }
    let sorted = merge_sort(vm, keyed, cmp)?;
    items.extend(sorted.into_iter().map(|(_, x)| x));
    if reverse {
        items.reverse();
    }
    Ok(())
}

fn merge_sort(
    vm: &mut Vm,
    mut v: Vec<(Value, Value)>,
    cmp: &Value,
) -> PyResult<Vec<(Value, Value)>> {
    if v.len() <= 1 {
        return Ok(v);
    }
    let right = v.split_off(v.len() / 2);
    let left = merge_sort(vm, v, cmp)?;
    let right = merge_sort(vm, right, cmp)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        let c = vm.call_pos(cmp, vec![b.0.clone(), a.0.clone()])?;
        let Some(c) = c.as_i64() else {
            return Err(vm.type_error("comparison function must return int"));
        };
        let next = if c < 0 { r.next() } else { l.next() };
        out.extend(next);
    }
    out.extend(l);
    out.extend(r);
    Ok(out)
}

fn listed(vm: &mut Vm, v: PyResult<Value>) -> PyResult<Value> {
    let items = vm.collect(&v?)?;
    Ok(Value::list(items))
}

fn range(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = vm.call(&Value::Class(vm.types.range.clone()), args);
    listed(vm, r)
}

fn map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos.first().is_some_and(Value::is_none) {
        let mut rest = args;
        rest.pos.remove(0);
        if rest.pos.len() == 1 {
            let items = vm.collect(&rest.pos[0])?;
            return Ok(Value::list(items));
        }
        return zip(vm, rest);
    }
    let r = functions::map(vm, args);
    listed(vm, r)
}

fn filter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let seq = args.pos.get(1).cloned();
    let mut args = args;
    if args.pos.first().is_some_and(Value::is_none) {
        args.pos[0] = Value::Class(vm.types.bool_.clone());
    }
    let r = functions::filter(vm, args);
    let items = vm.collect(&r?)?;
    Ok(match seq {
        Some(Value::Str(_)) => {
            let mut s = String::new();
            for it in &items {
                if let Value::Str(c) = it {
                    s.push_str(c.as_str());
                }
            }
            Value::Str(Str::from(s))
        }
        Some(Value::Tuple(_)) => Value::tuple(items),
        _ => Value::list(items),
    })
}

fn zip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = functions::zip(vm, args);
    listed(vm, r)
}

fn cmp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b] = args.pos.as_slice() else {
        return Err(vm.type_error("cmp expected 2 arguments"));
    };
    Ok(Value::Int(cmp_values(vm, a, b)?))
}

/// `cmp(a, b)`: -1, 0 or 1.
pub fn cmp_values(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<i64> {
    if let Some(m) = vm.special(a, "__cmp__") {
        let r = vm.call_pos(&m, vec![a.clone(), b.clone()])?;
        return Ok(r.as_i64().unwrap_or(0).signum());
    }
    let lt = vm.compare(CmpOp::Lt, a, b)?;
    if vm.truthy(&lt)? {
        return Ok(-1);
    }
    let gt = vm.compare(CmpOp::Gt, a, b)?;
    Ok(i64::from(vm.truthy(&gt)?))
}

fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (func, seq) = match args.pos.as_slice() {
        [f, s] | [f, s, _] => (f.clone(), s.clone()),
        _ => return Err(vm.type_error("reduce expected 2 or 3 arguments")),
    };
    let mut items = vm.collect(&seq)?.into_iter();
    let mut acc = match args.pos.get(2).cloned().or_else(|| items.next()) {
        Some(v) => v,
        None => {
            return Err(vm.type_error("reduce() of empty sequence with no initial value"));
        }
    };
    for x in items {
        acc = vm.call_pos(&func, vec![acc, x])?;
    }
    Ok(acc)
}

/// 2.7's `round`: always a float, halves away from zero (of the exact value).
fn round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = match args.pos.first() {
        Some(Value::Float(x)) => *x,
        Some(v) if v.is_int() => functions::to_f64(vm, v)?,
        Some(v) => {
            return Err(vm.type_error(format!("a float is required, not {}", vm.type_name(v))))
        }
        None => return Err(vm.type_error("Required argument 'number' (pos 1) not found")),
    };
    let nd = args.pos.get(1).and_then(Value::as_i64).unwrap_or(0);
    if !x.is_finite() || nd > 300 {
        return Ok(Value::Float(x));
    }
    if nd < 0 {
        let p = 10f64.powi(nd.unsigned_abs().min(400) as i32);
        return Ok(Value::Float((x / p).round() * p));
    }
    let nd = nd as usize;
    // The exact decimal expansion decides; a tie rounds away from zero.
    let exact = format!("{:.*}", nd + 40, x.abs());
    let (keep, rest) = exact.split_at(exact.len() - 40);
    let tie = rest.starts_with('5') && rest[1..].bytes().all(|c| c == b'0');
    let r: f64 = if tie {
        let unit = 10f64.powi(-(nd as i32));
        keep.parse::<f64>().unwrap_or(x.abs()) + unit
    } else {
        format!("{:.*}", nd, x.abs()).parse().unwrap_or(x.abs())
    };
    let r = if tie {
        format!("{:.*}", nd, r).parse().unwrap_or(r)
    } else {
        r
    };
    Ok(Value::Float(if x < 0.0 { -r } else { r }))
}

/// Methods a 2.7 value has beyond the shared ones.
pub fn has_method27(v: &Value, name: &str) -> bool {
    match v {
        Value::Dict(_) => matches!(
            name,
            "has_key"
                | "iterkeys"
                | "itervalues"
                | "iteritems"
                | "viewkeys"
                | "viewvalues"
                | "viewitems"
        ),
        Value::Iter(_) | Value::Generator(_) => name == "next",
        Value::Str(_) => matches!(name, "decode" | "encode"),
        _ => false,
    }
}

/// Call a method whose 2.7 behaviour differs, or `None` for the shared one.
pub fn call_method27(
    vm: &mut Vm,
    recv: &Value,
    name: &str,
    args: &Args,
) -> PyResult<Option<Value>> {
    Ok(Some(match (recv, name) {
        (Value::Dict(d), "keys" | "values" | "items") if args.pos.is_empty() => {
            Value::list(dict_part(d, name))
        }
        (Value::Dict(d), "iterkeys" | "itervalues" | "iteritems") => {
            let items = dict_part(d, &name[4..]);
            new_iter(IterState::Items { items, idx: 0 })
        }
        (Value::Dict(_), "viewkeys" | "viewvalues" | "viewitems") => {
            let name = Str::from(&name[4..]);
            return super::call_method(vm, recv, &name, Args::default()).map(Some);
        }
        (Value::Dict(d), "has_key") => {
            let [k] = args.pos.as_slice() else {
                return Err(vm.type_error("has_key() takes exactly one argument"));
            };
            Value::Bool(vm.dict_get(d, k)?.is_some())
        }
        (Value::Iter(_) | Value::Generator(_), "next") => match vm.next_value(recv)? {
            Some(v) => v,
            None => return Err(vm.exc_args("StopIteration", vec![])),
        },
        (Value::Str(s), "decode" | "encode") => super::unicode27::codec_method(vm, s, name, args)?,
        (Value::List(l), "sort") if args.kw.iter().any(|(k, _)| k.as_str() == "cmp") => {
            let mut args = args.clone();
            let cmp = args.take_kw("cmp").unwrap_or(Value::None);
            let key = args.take_kw("key").unwrap_or(Value::None);
            let reverse = args.take_kw("reverse").unwrap_or(Value::Bool(false));
            let reverse = vm.truthy(&reverse)?;
            let mut items = std::mem::take(&mut *l.borrow_mut());
            let r = if cmp.is_none() {
                super::sort_values(vm, &mut items, &key, reverse)
            } else {
                sort_cmp(vm, &mut items, &key, &cmp, reverse)
            };
            *l.borrow_mut() = items;
            r?;
            Value::None
        }
        _ => return Ok(None),
    }))
}

fn dict_part(d: &DictRef, which: &str) -> Vec<Value> {
    let d = d.borrow();
    match which {
        "keys" => d.keys(),
        "values" => d.values(),
        _ => d
            .items()
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    }
}

/// A 2.7 byte string's repr: bytes outside printable ASCII are `\xNN`.
pub fn str_repr27(s: &str) -> String {
    super::repr::quoted_repr(s, |c, out| match u32::from(c) {
        0x20..=0x7e => out.push(c),
        n @ 0..=0xff => out.push_str(&format!("\\x{n:02x}")),
        n @ 0..=0xffff => out.push_str(&format!("\\u{n:04x}")),
        n => out.push_str(&format!("\\U{n:08x}")),
    })
}

/// `str(float)` of 2.7: 12 significant digits (`%.12g`, with `.0` added).
pub fn float_str27(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let body = super::format::general(x, 12, false, false);
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if body.contains(['.', 'e']) {
        format!("{sign}{body}")
    } else {
        format!("{sign}{body}.0")
    }
}

impl Vm {
    /// The 2.7 repr of `v` where it differs from 3.x's, else `None`.
    pub fn repr27(&mut self, v: &Value) -> PyResult<Option<String>> {
        Ok(Some(match v {
            Value::BigInt(b) => format!("{b}L"),
            Value::Str(s) if s.is_unicode() => super::unicode27::unicode_repr(s.as_str()),
            Value::Str(s) => str_repr27(s.as_str()),
            Value::Set(s) => {
                let items = s.borrow().items();
                format!("set([{}])", self.join_reprs27(&items)?)
            }
            Value::FrozenSet(s) => {
                let items = s.items();
                format!("frozenset([{}])", self.join_reprs27(&items)?)
            }
            Value::Range(r) => match (r[0], r[2]) {
                (0, 1) => format!("xrange({})", r[1]),
                (_, 1) => format!("xrange({}, {})", r[0], r[1]),
                _ => format!("xrange({}, {}, {})", r[0], r[1], r[2]),
            },
            Value::Class(c) if c.classic => {
                format!("<class {}.{} at {:#x}>", c.module, c.name, v.id())
            }
            Value::Instance(i) if i.class().classic && i.class().lookup("__repr__").is_none() => {
                let c = i.class();
                format!("<{}.{} instance at {:#x}>", c.module, c.name, v.id())
            }
            Value::Class(c) if c.module.as_str() == "builtins" => {
                format!("<type '{}'>", type_name27(c.name.as_str()))
            }
            Value::Function(f) => format!("<function {} at {:#x}>", f.name.borrow(), v.id()),
            Value::Instance(i) if i.exc.is_some() && i.class().lookup("__repr__").is_none() => {
                let args = i
                    .exc
                    .as_ref()
                    .map(|d| d.borrow().args.clone())
                    .unwrap_or_default();
                let inner = self.repr(&Value::tuple(args))?;
                format!("{}{inner}", i.class().name)
            }
            _ => return Ok(None),
        }))
    }

    fn join_reprs27(&mut self, items: &[Value]) -> PyResult<String> {
        let mut parts = Vec::with_capacity(items.len());
        for it in items {
            parts.push(self.repr(it)?);
        }
        Ok(parts.join(", "))
    }
}

/// 2.7's names of the built-in types that 3.x renamed.
pub fn type_name27(name: &str) -> &str {
    match name {
        "builtins" => "__builtin__",
        "range" => "xrange",
        "method" => "instancemethod",
        other => other,
    }
}

/// The 2.7 type name of a value (`long` for ints beyond `sys.maxint`).
pub fn value_type_name27(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::BigInt(_) => "long",
        Value::Range(_) => "xrange",
        Value::BoundMethod(_) => "instancemethod",
        _ => return None,
    })
}
