//! More of `math`: the float functions with CPython's domain and range errors
//! (`Modules/mathmodule.c` `math_1`/`math_2`), the predicates, `trunc`, and the
//! integer functions `comb`, `perm` and `prod` (3.8+).

use super::super::interp::{PyResult, Vm};
use super::builtin;
use super::functions::to_f64;
use super::modules::unary;
use crate::version::Version;
use crate::vm::objects::{Args, Dict};
use crate::vm::value::num::BinOp;
use crate::vm::value::Value;

/// Add this module's functions to the `math` namespace of `version`.
pub(super) fn install(d: &mut Dict, version: Version) {
    macro_rules! unary_fns {
        ($($name:literal => $f:expr),* $(,)?) => {
            $(d.set_str($name, builtin($name, |vm, a| unary(vm, a, $f)));)*
        };
    }
    unary_fns! {
        "tan" => f64::tan,
        "asin" => f64::asin,
        "acos" => f64::acos,
        "atan" => f64::atan,
        "sinh" => f64::sinh,
        "cosh" => f64::cosh,
        "tanh" => f64::tanh,
        "asinh" => f64::asinh,
        "acosh" => f64::acosh,
        "atanh" => |x: f64| if x.abs() < 1.0 || x.is_nan() { x.atanh() } else { f64::NAN },
        "degrees" => f64::to_degrees,
        "radians" => f64::to_radians,
        "expm1" => f64::exp_m1,
        "log10" => |x: f64| positive(x, f64::log10),
    }
    // log1p(-1) is a domain error, in 2.7 a range error (-inf).
    if version == Version::V2_7 {
        d.set_str(
            "log1p",
            builtin("log1p", |vm, a| unary(vm, a, |x| log1p(x, true))),
        );
    } else {
        d.set_str(
            "log1p",
            builtin("log1p", |vm, a| unary(vm, a, |x| log1p(x, false))),
        );
    }
    d.set_str(
        "atan2",
        builtin("atan2", |vm, a| binary(vm, a, "atan2", f64::atan2)),
    );
    d.set_str(
        "copysign",
        builtin("copysign", |vm, a| binary(vm, a, "copysign", f64::copysign)),
    );
    d.set_str("fmod", builtin("fmod", math_fmod));
    d.set_str("hypot", builtin("hypot", math_hypot));
    d.set_str("pow", builtin("pow", math_pow));
    d.set_str("isnan", builtin("isnan", |vm, a| test(vm, a, f64::is_nan)));
    d.set_str(
        "isinf",
        builtin("isinf", |vm, a| test(vm, a, f64::is_infinite)),
    );
    if version > Version::V2_7 {
        d.set_str(
            "isfinite",
            builtin("isfinite", |vm, a| test(vm, a, f64::is_finite)),
        );
        d.set_str(
            "log2",
            builtin("log2", |vm, a| unary(vm, a, |x| positive(x, f64::log2))),
        );
    }
    d.set_str("trunc", builtin("trunc", math_trunc));
    if version >= Version::V3_8 {
        d.set_str("comb", builtin("comb", math_comb));
        d.set_str("perm", builtin("perm", math_perm));
        d.set_str("prod", builtin("prod", math_prod));
    }
}

/// `f(x)` for `x > 0` (and NaN); NaN (a domain error) otherwise, as CPython's
/// logarithms.
fn positive(x: f64, f: fn(f64) -> f64) -> f64 {
    if x > 0.0 || x.is_nan() {
        f(x)
    } else {
        f64::NAN
    }
}

/// `ln(1 + x)` for `x > -1` (and -1 itself, giving -inf, when `minus_one`); NaN
/// (a domain error) below.
fn log1p(x: f64, minus_one: bool) -> f64 {
    if x > -1.0 || x.is_nan() || (x == -1.0 && minus_one) {
        x.ln_1p()
    } else {
        f64::NAN
    }
}

fn two_floats(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(f64, f64)> {
    if args.pos.len() != 2 {
        return Err(vm.type_error(format!(
            "{name} expected 2 arguments, got {}",
            args.pos.len()
        )));
    }
    Ok((to_f64(vm, &args.pos[0])?, to_f64(vm, &args.pos[1])?))
}

/// `math_2`: NaN from non-NaN arguments is a domain error, an infinity from finite
/// ones a range error.
fn checked2(vm: &mut Vm, x: f64, y: f64, r: f64) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(vm.value_error("math domain error"));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.exc("OverflowError", "math range error"));
    }
    Ok(Value::Float(r))
}

fn binary(vm: &mut Vm, args: Args, name: &str, f: fn(f64, f64) -> f64) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, name)?;
    checked2(vm, x, y, f(x, y))
}

fn math_fmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "fmod")?;
    // fmod(x, inf) is x for a finite x.
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    checked2(vm, x, y, x % y)
}

fn math_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "pow")?;
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(vm.value_error("math domain error"));
    }
    checked2(vm, x, y, x.powf(y))
}

fn math_hypot(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut r = 0.0f64;
    for a in &args.pos {
        r = r.hypot(to_f64(vm, a)?);
    }
    Ok(Value::Float(r))
}

fn test(vm: &mut Vm, args: Args, f: fn(f64) -> bool) -> PyResult<Value> {
    let x = to_f64(vm, args.pos.first().unwrap_or(&Value::None))?;
    Ok(Value::Bool(f(x)))
}

fn math_trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.pos.first() {
        Some(v) if v.is_int() => Ok(v.clone()),
        Some(Value::Float(x)) => super::functions::float_to_int(vm, x.trunc()),
        Some(v) => match vm.special(v, "__trunc__") {
            Some(m) => vm.call_pos(&m, vec![v.clone()]),
            None => Err(vm.type_error(format!(
                "type {} doesn't define __trunc__ method",
                vm.type_name(v)
            ))),
        },
        None => Err(vm.type_error("trunc() takes exactly one argument (0 given)")),
    }
}

fn nonnegative(vm: &mut Vm, v: Option<&Value>, what: &str) -> PyResult<num_bigint::BigInt> {
    let n = v
        .and_then(Value::as_bigint)
        .ok_or_else(|| vm.type_error("'float' object cannot be interpreted as an integer"))?;
    if n.sign() == num_bigint::Sign::Minus {
        return Err(vm.value_error(format!("{what} must be a non-negative integer")));
    }
    Ok(n)
}

/// n! / (n-k)! as a product of k factors.
fn falling(n: &num_bigint::BigInt, k: &num_bigint::BigInt) -> num_bigint::BigInt {
    let mut acc = num_bigint::BigInt::from(1);
    let mut f = n.clone();
    let mut i = num_bigint::BigInt::from(0);
    while &i < k {
        acc *= &f;
        f -= 1;
        i += 1;
    }
    acc
}

fn math_comb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = nonnegative(vm, args.pos.first(), "n")?;
    let mut k = nonnegative(vm, args.pos.get(1), "k")?;
    if k > n {
        return Ok(Value::Int(0));
    }
    if &n - &k < k {
        k = &n - &k;
    }
    let top = falling(&n, &k);
    let bottom = falling(&k, &k);
    Ok(Value::from_bigint(top / bottom))
}

fn math_perm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = nonnegative(vm, args.pos.first(), "n")?;
    let k = match args.pos.get(1) {
        None | Some(Value::None) => n.clone(),
        k => nonnegative(vm, k, "k")?,
    };
    if k > n {
        return Ok(Value::Int(0));
    }
    Ok(Value::from_bigint(falling(&n, &k)))
}

fn math_prod(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let mut acc = args.take_kw("start").unwrap_or(Value::Int(1));
    let items = match args.pos.first() {
        Some(v) => vm.collect(v)?,
        None => return Err(vm.type_error("prod() missing required argument 'iterable' (pos 1)")),
    };
    for x in &items {
        acc = vm.binary_op(BinOp::Mul, &acc, x, false)?;
    }
    Ok(acc)
}
