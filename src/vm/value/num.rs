//! Int and float arithmetic with Python semantics: `i64` fast paths with overflow
//! checks, `BigInt` beyond; floor division and modulo take the divisor's sign.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::Value;

/// The largest int (in bits) the VM computes; beyond it, `OverflowError` rather
/// than exhausting memory.
const MAX_BITS: u128 = 1 << 34;

/// An arithmetic failure, raised as the named exception.
#[derive(Debug, Clone)]
pub enum NumError {
    /// `ZeroDivisionError`
    ZeroDivision(&'static str),
    /// `OverflowError`
    Overflow(&'static str),
    /// `ValueError`
    Value(&'static str),
}

/// Result of a numeric operation: `None` when the operand types do not apply.
pub type NumResult = Option<Result<Value, NumError>>;

/// A binary arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `@`
    MatMul,
}

impl BinOp {
    /// The operator symbol (`+`).
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            TrueDiv => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "** or pow()",
            LShift => "<<",
            RShift => ">>",
            And => "&",
            Or => "|",
            Xor => "^",
            MatMul => "@",
        }
    }

    /// The dunder names: (`__add__`, `__radd__`).
    pub fn dunders(self) -> (&'static str, &'static str) {
        use BinOp::*;
        match self {
            Add => ("__add__", "__radd__"),
            Sub => ("__sub__", "__rsub__"),
            Mul => ("__mul__", "__rmul__"),
            TrueDiv => ("__truediv__", "__rtruediv__"),
            FloorDiv => ("__floordiv__", "__rfloordiv__"),
            Mod => ("__mod__", "__rmod__"),
            Pow => ("__pow__", "__rpow__"),
            LShift => ("__lshift__", "__rlshift__"),
            RShift => ("__rshift__", "__rrshift__"),
            And => ("__and__", "__rand__"),
            Or => ("__or__", "__ror__"),
            Xor => ("__xor__", "__rxor__"),
            MatMul => ("__matmul__", "__rmatmul__"),
        }
    }
}

enum N {
    I(i64),
    B(BigInt),
    F(f64),
}

fn num(v: &Value) -> Option<N> {
    Some(match v {
        Value::Int(i) => N::I(*i),
        Value::Bool(b) => N::I(i64::from(*b)),
        Value::BigInt(b) => N::B((**b).clone()),
        Value::Float(f) => N::F(*f),
        _ => return None,
    })
}

fn big(n: &N) -> BigInt {
    match n {
        N::I(i) => BigInt::from(*i),
        N::B(b) => b.clone(),
        N::F(_) => BigInt::zero(),
    }
}

/// An int converted to float, with CPython's overflow error.
pub fn int_to_f64(b: &BigInt) -> Result<f64, NumError> {
    let f = b.to_f64().unwrap_or(f64::INFINITY);
    if f.is_infinite() {
        Err(NumError::Overflow("int too large to convert to float"))
    } else {
        Ok(f)
    }
}

fn float(n: &N) -> Result<f64, NumError> {
    match n {
        N::I(i) => Ok(*i as f64),
        N::B(b) => int_to_f64(b),
        N::F(f) => Ok(*f),
    }
}

/// Apply a binary operator to two numbers.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> NumResult {
    let (x, y) = (num(a)?, num(b)?);
    if matches!(x, N::F(_)) || matches!(y, N::F(_)) {
        return float_op(op, &x, &y);
    }
    if let (N::I(p), N::I(q)) = (&x, &y) {
        if let Some(r) = small_op(op, *p, *q) {
            return Some(r);
        }
    }
    big_op(op, big(&x), big(&y))
}

/// `a <op> b` on two small ints, if the result is a small int (`None` otherwise:
/// overflow, a float result, an operator without an int fast path).
pub fn small_op(op: BinOp, a: i64, b: i64) -> Option<Result<Value, NumError>> {
    use BinOp::*;
    if let Some(r) = small_int_op(op, a, b) {
        return Some(Ok(Value::Int(r)));
    }
    match op {
        FloorDiv if b == 0 => Some(Err(NumError::ZeroDivision(
            "integer division or modulo by zero",
        ))),
        Mod if b == 0 => Some(Err(NumError::ZeroDivision("integer modulo by zero"))),
        RShift if b < 0 => Some(Err(NumError::Value("negative shift count"))),
        _ => None,
    }
}

/// The small-int result of `a <op> b` when there is one and nothing can be
/// raised (`None` for overflow, a division by zero, a negative shift, a float
/// result or an operator without an int fast path). Returned in registers, for
/// the dispatch loop's fast path.
#[inline(always)]
pub fn small_int_op(op: BinOp, a: i64, b: i64) -> Option<i64> {
    use BinOp::*;
    Some(match op {
        Add => a.checked_add(b)?,
        Sub => a.checked_sub(b)?,
        Mul => a.checked_mul(b)?,
        FloorDiv => {
            a.checked_div_euclid(b)?;
            Integer::div_floor(&a, &b)
        }
        Mod => {
            a.checked_rem(b)?;
            Integer::mod_floor(&a, &b)
        }
        And => a & b,
        Or => a | b,
        Xor => a ^ b,
        RShift if b >= 64 => {
            if a < 0 {
                -1
            } else {
                0
            }
        }
        RShift if b >= 0 => a >> b,
        _ => return None,
    })
}

fn big_op(op: BinOp, a: BigInt, b: BigInt) -> NumResult {
    use BinOp::*;
    let r = match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        FloorDiv | Mod => {
            if b.is_zero() {
                let msg = if op == Mod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                };
                return Some(Err(NumError::ZeroDivision(msg)));
            }
            if op == Mod {
                a.mod_floor(&b)
            } else {
                a.div_floor(&b)
            }
        }
        TrueDiv => {
            if b.is_zero() {
                return Some(Err(NumError::ZeroDivision("division by zero")));
            }
            return Some(int_truediv(&a, &b));
        }
        Pow => {
            if b.is_negative() {
                let (x, y) = (int_to_f64(&a), int_to_f64(&b));
                return Some(match (x, y) {
                    (Ok(x), Ok(y)) => float_pow(x, y),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                });
            }
            let Some(e) = b.to_u32() else {
                return Some(Err(NumError::Overflow("exponent too large")));
            };
            if (a.bits() as u128) * u128::from(e) > MAX_BITS {
                return Some(Err(NumError::Overflow("too many digits in integer")));
            }
            num_traits::pow::Pow::pow(a, e)
        }
        LShift => {
            if b.is_negative() {
                return Some(Err(NumError::Value("negative shift count")));
            }
            let Some(s) = b.to_usize().filter(|&s| (s as u128) < MAX_BITS) else {
                return Some(Err(NumError::Overflow("too many digits in integer")));
            };
            a << s
        }
        RShift => {
            if b.is_negative() {
                return Some(Err(NumError::Value("negative shift count")));
            }
            let s = b.to_usize().unwrap_or(usize::MAX);
            if s > 1 << 20 {
                BigInt::from(if a.is_negative() { -1 } else { 0 })
            } else {
                // Arithmetic shift rounds toward negative infinity.
                a.div_floor(&(BigInt::from(1) << s))
            }
        }
        And => a & b,
        Or => a | b,
        Xor => a ^ b,
        MatMul => return None,
    };
    Some(Ok(Value::from_bigint(r)))
}

fn int_truediv(a: &BigInt, b: &BigInt) -> Result<Value, NumError> {
    match (a.to_i64(), b.to_i64()) {
        (Some(x), Some(y)) if x.unsigned_abs() < 1 << 53 && y.unsigned_abs() < 1 << 53 => {
            Ok(Value::Float(x as f64 / y as f64))
        }
        _ => {
            // Exact enough for ordinary programs: scale to keep 64 bits of quotient.
            let (x, y) = (int_to_f64(a), int_to_f64(b));
            match (x, y) {
                (Ok(x), Ok(y)) => Ok(Value::Float(x / y)),
                _ => {
                    let shift = (a.bits() as i64 - b.bits() as i64 - 64).max(0) as usize;
                    let q = (a << 64usize) / b;
                    let q = q >> shift;
                    let f = q.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(shift as i32 - 64);
                    if f.is_infinite() {
                        Err(NumError::Overflow(
                            "integer division result too large for a float",
                        ))
                    } else {
                        Ok(Value::Float(f))
                    }
                }
            }
        }
    }
}

fn float_pow(x: f64, y: f64) -> Result<Value, NumError> {
    if x == 0.0 && y < 0.0 {
        return Err(NumError::ZeroDivision(
            "0.0 cannot be raised to a negative power",
        ));
    }
    if x < 0.0 && y.fract() != 0.0 {
        // CPython returns a complex number here.
        return Err(NumError::Value("complex results are not supported yet"));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(NumError::Overflow("(34, 'Numerical result out of range')"));
    }
    Ok(Value::Float(r))
}

fn float_op(op: BinOp, x: &N, y: &N) -> NumResult {
    use BinOp::*;
    let (a, b) = match (float(x), float(y)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
    };
    let r = match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        TrueDiv => {
            if b == 0.0 {
                return Some(Err(NumError::ZeroDivision("float division by zero")));
            }
            a / b
        }
        FloorDiv | Mod => {
            if b == 0.0 {
                let msg = if op == Mod {
                    "float modulo"
                } else {
                    "float floor division by zero"
                };
                return Some(Err(NumError::ZeroDivision(msg)));
            }
            let (d, m) = float_divmod(a, b);
            if op == Mod {
                m
            } else {
                d
            }
        }
        Pow => return Some(float_pow(a, b)),
        _ => return None,
    };
    Some(Ok(Value::Float(r)))
}

/// `float_divmod` of `Objects/floatobject.c`.
pub fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(a / b)
    };
    (floordiv, m)
}

/// Numeric equality; `None` when either side is not a number.
pub fn num_eq(a: &Value, b: &Value) -> Option<bool> {
    num_cmp(a, b).map(|o| o == Some(Ordering::Equal))
}

/// Numeric ordering (`None` inside for NaN); `None` when either is not a number.
pub fn num_cmp(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    let (x, y) = (num(a)?, num(b)?);
    Some(match (&x, &y) {
        (N::I(p), N::I(q)) => Some(p.cmp(q)),
        (N::F(p), N::F(q)) => p.partial_cmp(q),
        (N::F(p), _) => float_int_cmp(*p, &big(&y)),
        (_, N::F(q)) => float_int_cmp(*q, &big(&x)).map(Ordering::reverse),
        _ => Some(big(&x).cmp(&big(&y))),
    })
}

fn float_int_cmp(f: f64, i: &BigInt) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    let fl = f.floor();
    let fb = float_to_bigint(fl);
    match fb.cmp(i) {
        Ordering::Equal if f > fl => Some(Ordering::Greater),
        o => Some(o),
    }
}

/// The exact integer value of an integral, finite float (0 for NaN/inf).
pub fn float_to_bigint(x: f64) -> BigInt {
    if !x.is_finite() {
        return BigInt::zero();
    }
    let x = x.trunc();
    if x.abs() < 9.0e15 {
        return BigInt::from(x as i64);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let m = BigInt::from(mant);
    let v = if exp >= 0 {
        m << (exp as usize)
    } else {
        m >> ((-exp) as usize)
    };
    if x < 0.0 {
        -v
    } else {
        v
    }
}

/// Unary minus.
pub fn neg(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Int(i) => match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::from_bigint(-BigInt::from(*i)),
        },
        Value::Bool(b) => Value::Int(-i64::from(*b)),
        Value::BigInt(b) => Value::from_bigint(-(**b).clone()),
        Value::Float(f) => Value::Float(-f),
        _ => return None,
    })
}

/// Unary `~`.
pub fn invert(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Int(i) => Value::Int(!i),
        Value::Bool(b) => Value::Int(!i64::from(*b)),
        Value::BigInt(b) => Value::from_bigint(-(**b).clone() - 1),
        _ => return None,
    })
}

/// Parse an int literal in `base` (2..=36) the way `int(str, base)` does.
pub fn parse_int(s: &str, base: u32) -> Option<Value> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let t: String = t.chars().filter(|&c| c != '_').collect();
    if t.is_empty() {
        return None;
    }
    let b = BigInt::parse_bytes(t.as_bytes(), base)?;
    Some(Value::from_bigint(if neg { -b } else { b }))
}
