//! `hash()` of CPython 2.7 (hash randomization off, as with `PYTHONHASHSEED=0`):
//! `string_hash` / `unicode_hash` (`Objects/stringobject.c`), `_Py_HashDouble`
//! and `long_hash` (`Objects/object.c`, `Objects/longobject.c`); tuples hash as in
//! 3.7 and earlier (`hash.rs`).

use num_bigint::BigInt;
use num_traits::Signed;

use super::Value;

thread_local! {
    static PY27: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Select CPython 2.7's hashes for this thread's VM.
pub fn use_py27(on: bool) {
    PY27.with(|c| c.set(on));
}

/// Whether CPython 2.7's hashes are selected.
pub fn is_py27() -> bool {
    PY27.with(|c| c.get())
}

fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(str)`: the characters are the bytes of a 2.7 `str` (or the code points
/// of a `unicode`, which hashes the same way over its units).
pub fn str_hash27(s: &str) -> i64 {
    let mut chars = s.chars().map(|c| u32::from(c) as i64);
    let Some(first) = chars.next() else {
        return 0;
    };
    let mut x: i64 = first << 7;
    x = x.wrapping_mul(1_000_003) ^ first;
    let mut len: i64 = 1;
    for c in chars {
        x = x.wrapping_mul(1_000_003) ^ c;
        len += 1;
    }
    fix(x ^ len)
}

/// `long_hash` over 30-bit digits.
pub fn long_hash27(b: &BigInt) -> i64 {
    const SHIFT: u32 = 30;
    // Re-split the magnitude into 30-bit digits, most significant first.
    let mut mag = b.abs();
    let mut d30 = Vec::new();
    let mask = BigInt::from((1u64 << SHIFT) - 1);
    while mag > BigInt::from(0) {
        let low: BigInt = &mag & &mask;
        d30.push(u64::try_from(low).unwrap_or(0));
        mag >>= SHIFT;
    }
    let mut x: u64 = 0;
    for &d in d30.iter().rev() {
        x = x.rotate_left(SHIFT);
        x = x.wrapping_add(d);
        if x < d {
            x = x.wrapping_add(1);
        }
    }
    let x = x as i64;
    fix(if b.is_negative() { x.wrapping_neg() } else { x })
}

/// `_Py_HashDouble` of 2.7.
pub fn float_hash27(v: f64) -> i64 {
    if v.is_nan() {
        return 0;
    }
    if v.is_infinite() {
        return if v < 0.0 { -271_828 } else { 314_159 };
    }
    let int_part = v.trunc();
    if v - int_part == 0.0 {
        if int_part.abs() > (i64::MAX / 2) as f64 {
            // As the hash of the equal long.
            let b = num_bigint::BigInt::from(int_part as i128);
            return long_hash27(&b);
        }
        return fix(int_part as i64);
    }
    let (m, e) = super::hash::frexp(v);
    let m = m * 2_147_483_648.0;
    let hi = m as i64;
    let lo = ((m - hi as f64) * 2_147_483_648.0) as i64;
    fix(hi.wrapping_add(lo).wrapping_add(i64::from(e) << 15))
}

/// The 2.7 hash of a value whose hash differs from 3.x's, or `None` to use the
/// shared rules.
pub fn hash27(v: &Value) -> Option<Option<i64>> {
    Some(match v {
        Value::Int(i) => Some(fix(*i)),
        Value::BigInt(b) => Some(long_hash27(b)),
        Value::Float(x) => Some(float_hash27(*x)),
        Value::Str(s) => Some(str_hash27(s.as_str())),
        _ => return None,
    })
}
