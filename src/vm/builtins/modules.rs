//! Native modules: `sys` and `math` (enough for ordinary programs).

use std::cell::RefCell;
use std::rc::Rc;

use super::super::interp::{PyResult, Vm};
use super::builtin;
use super::functions::{float_to_int, int_arg, to_f64};
use crate::vm::objects::{Args, Dict, Module};
use crate::vm::value::{Str, Value};

impl Vm {
    /// `import name`: a loaded module or a native one.
    pub fn import_module(&mut self, name: &Str) -> PyResult<Value> {
        if let Ok(Some(m)) = self.modules.get(&Value::Str(name.clone())) {
            return Ok(m);
        }
        let mut d = Dict::new();
        d.set_str("__name__", Value::Str(name.clone()));
        match name.as_str() {
            "sys" => {
                let argv = self.argv.iter().map(|a| Value::str(a)).collect();
                d.set_str("argv", Value::list(argv));
                d.set_str("maxsize", Value::Int(i64::MAX));
                d.set_str("exit", builtin("exit", sys_exit));
                d.set_str("exc_info", builtin("exc_info", exc_info));
                d.set_str(
                    "getrecursionlimit",
                    builtin("getrecursionlimit", recursion_limit),
                );
                d.set_str(
                    "setrecursionlimit",
                    builtin("setrecursionlimit", set_recursion_limit),
                );
                d.set_str("stdout", stream("<stdout>", stdout_write));
                d.set_str("stderr", stream("<stderr>", stderr_write));
                let (major, minor) = self.version.major_minor();
                if self.version == crate::version::Version::V2_7 {
                    d.set_str("maxint", Value::Int(i64::MAX));
                }
                d.set_str(
                    "version_info",
                    Value::tuple(vec![
                        Value::Int(i64::from(major)),
                        Value::Int(i64::from(minor)),
                        Value::Int(0),
                    ]),
                );
            }
            "math" => {
                d.set_str("pi", Value::Float(std::f64::consts::PI));
                d.set_str("e", Value::Float(std::f64::consts::E));
                d.set_str("tau", Value::Float(std::f64::consts::TAU));
                d.set_str("inf", Value::Float(f64::INFINITY));
                d.set_str("nan", Value::Float(f64::NAN));
                d.set_str("sqrt", builtin("sqrt", math_sqrt));
                d.set_str("floor", builtin("floor", math_floor));
                d.set_str("ceil", builtin("ceil", math_ceil));
                d.set_str("gcd", builtin("gcd", math_gcd));
                if self.version >= crate::version::Version::V3_8 {
                    d.set_str("isqrt", builtin("isqrt", math_isqrt));
                }
                d.set_str("fabs", builtin("fabs", |vm, a| unary(vm, a, f64::abs)));
                d.set_str("sin", builtin("sin", |vm, a| unary(vm, a, f64::sin)));
                d.set_str("cos", builtin("cos", |vm, a| unary(vm, a, f64::cos)));
                d.set_str("exp", builtin("exp", |vm, a| unary(vm, a, f64::exp)));
                d.set_str("log", builtin("log", math_log));
                d.set_str("isclose", builtin("isclose", math_isclose));
                d.set_str("factorial", builtin("factorial", math_factorial));
                super::math::install(&mut d, self.version);
                if self.version == crate::version::Version::V2_7 {
                    // 2.7's floor and ceil return floats.
                    d.set_str("floor", builtin("floor", |vm, a| unary(vm, a, f64::floor)));
                    d.set_str("ceil", builtin("ceil", |vm, a| unary(vm, a, f64::ceil)));
                }
            }
            "builtins" => {
                let m = Value::Module(Rc::new(Module {
                    name: name.clone(),
                    dict: self.builtins.clone(),
                }));
                let _ = self.modules.insert(Value::Str(name.clone()), m.clone());
                return Ok(m);
            }
            _ => return self.import_file(name),
        }
        let m = Value::Module(Rc::new(Module {
            name: name.clone(),
            dict: Rc::new(RefCell::new(d)),
        }));
        let _ = self.modules.insert(Value::Str(name.clone()), m.clone());
        Ok(m)
    }
}

/// `sys.stdout` / `sys.stderr`: a namespace with `write` and `flush`.
fn stream(name: &str, write: crate::vm::objects::BuiltinImpl) -> Value {
    let mut d = Dict::new();
    d.set_str("name", Value::str(name));
    d.set_str("write", builtin("write", write));
    d.set_str("flush", builtin("flush", |_, _| Ok(Value::None)));
    Value::Module(Rc::new(Module {
        name: Str::from(name),
        dict: Rc::new(RefCell::new(d)),
    }))
}

fn text_arg(vm: &Vm, args: &Args) -> PyResult<String> {
    match args.pos.first() {
        Some(Value::Str(s)) => {
            super::surrogates::check_writable(vm, s)?;
            Ok(super::unicode27::to_bytes27(vm, s)?.to_string())
        }
        Some(other) => Err(vm.type_error(format!(
            "write() argument must be str, not {}",
            vm.type_name(other)
        ))),
        None => Err(vm.type_error("write() takes exactly one argument (0 given)")),
    }
}

fn stdout_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = text_arg(vm, &args)?;
    vm.write_out(&s);
    Ok(Value::Int(s.chars().count() as i64))
}

fn stderr_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = text_arg(vm, &args)?;
    vm.flush();
    eprint!("{s}");
    Ok(Value::Int(s.chars().count() as i64))
}

/// Read a `.pyc` or assemble a `.pyasm` into a code object.
pub(super) fn load_module_file(file: &std::path::Path) -> Result<crate::code::Code, String> {
    let pyc = if file.extension().is_some_and(|e| e == "pyasm") {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let (parsed, diags) = crate::asm::parse(&text);
        if diags.iter().any(crate::diag::Diagnostic::is_error) {
            return Err("the .pyasm does not parse".into());
        }
        crate::asm::assemble(&parsed, None)
            .map_err(|_| "the .pyasm does not assemble".to_string())?
            .pyc
    } else {
        crate::pyc::PycFile::read(file).map_err(|e| e.to_string())?
    };
    crate::code::Code::from_pyc(&pyc).map_err(|e| e.to_string())
}

fn sys_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Err(vm.exc_args("SystemExit", args.pos))
}

/// `sys.exc_info()`: the exception being handled as (type, value, traceback);
/// tracebacks are not objects here, so the third item is None.
fn exc_info(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(match &vm.handled {
        Value::Instance(i) => Value::tuple(vec![
            Value::Class(i.class()),
            vm.handled.clone(),
            Value::None,
        ]),
        _ => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn recursion_limit(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(super::super::interp::RECURSION_LIMIT as i64))
}

fn set_recursion_limit(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn arg0(vm: &Vm, args: &Args) -> PyResult<f64> {
    to_f64(vm, args.pos.first().unwrap_or(&Value::None))
}

/// `math_1`: a finite argument giving inf overflows, a non-NaN one giving NaN is
/// outside the domain.
pub(super) fn unary(vm: &mut Vm, args: Args, f: fn(f64) -> f64) -> PyResult<Value> {
    let x = arg0(vm, &args)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(vm.value_error("math domain error"));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(vm.exc("OverflowError", "math range error"));
    }
    Ok(Value::Float(r))
}

fn math_sqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = arg0(vm, &args)?;
    if x < 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    Ok(Value::Float(x.sqrt()))
}

fn math_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = arg0(vm, &args)?;
    if x <= 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    Ok(Value::Float(match args.pos.get(1) {
        Some(b) => x.ln() / to_f64(vm, b)?.ln(),
        None => x.ln(),
    }))
}

fn math_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.first() {
        Some(v) if v.is_int() => Ok(v.clone()),
        _ => float_to_int(vm, arg0(vm, &args)?.floor()),
    }
}

fn math_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.first() {
        Some(v) if v.is_int() => Ok(v.clone()),
        _ => float_to_int(vm, arg0(vm, &args)?.ceil()),
    }
}

fn math_gcd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut g = num_bigint::BigInt::from(0);
    for a in &args.pos {
        let b = a
            .as_bigint()
            .ok_or_else(|| vm.type_error("gcd() arguments must be integers"))?;
        g = num_integer::Integer::gcd(&g, &b);
    }
    Ok(Value::from_bigint(g))
}

fn math_isqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = args
        .pos
        .first()
        .and_then(Value::as_bigint)
        .ok_or_else(|| vm.type_error("isqrt() argument must be an integer"))?;
    if n.sign() == num_bigint::Sign::Minus {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}

fn math_factorial(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = int_arg(vm, args.pos.first().unwrap_or(&Value::None))?;
    if n < 0 {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let mut acc = num_bigint::BigInt::from(1);
    for k in 2..=n {
        acc *= k;
    }
    Ok(Value::from_bigint(acc))
}

fn math_isclose(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let rel = match args.take_kw("rel_tol") {
        Some(v) => to_f64(vm, &v)?,
        None => 1e-9,
    };
    let abs = match args.take_kw("abs_tol") {
        Some(v) => to_f64(vm, &v)?,
        None => 0.0,
    };
    let a = arg0(vm, &args)?;
    let b = to_f64(vm, args.pos.get(1).unwrap_or(&Value::None))?;
    let close = a == b || (a - b).abs() <= (rel * b.abs().max(a.abs())).max(abs);
    Ok(Value::Bool(close))
}
