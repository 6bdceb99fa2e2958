//! `hash()` as CPython computes it with `PYTHONHASHSEED=0`
//! (`Python/pyhash.c`, `Objects/tupleobject.c: tuplehash`), and the native key
//! equality that dicts and sets use.

use std::hash::Hasher;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use siphasher::sip::SipHasher13;

use super::Value;

const MODULUS: u64 = (1 << 61) - 1;

fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

fn hash_i64(i: i64) -> i64 {
    let m = (i.unsigned_abs() % MODULUS) as i64;
    fix(if i < 0 { -m } else { m })
}

fn hash_big(b: &BigInt) -> i64 {
    let m = (b.abs() % BigInt::from(MODULUS)).to_i64().unwrap_or(0);
    fix(if b.is_negative() { -m } else { m })
}

fn hash_float(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { 314_159 } else { -314_159 };
    }
    if x.fract() == 0.0 && x.abs() < 9.2e18 {
        return hash_i64(x as i64);
    }
    // _Py_HashDouble: fold the mantissa 28 bits at a time.
    let (mut m, mut e) = frexp(x.abs());
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | (h >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    h = ((h << e) & MODULUS) | (h >> (61 - e));
    let h = h as i64;
    fix(if x < 0.0 { -h } else { h })
}

pub(super) fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(54));
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

thread_local! {
    /// CPython ≤ 3.10 hashes str/bytes with SipHash-2-4, 3.11+ with SipHash-1-3.
    static SIPHASH24: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Select the str/bytes hash of CPython ≤ 3.10 for this thread's VM.
pub fn use_siphash24(on: bool) {
    if SIPHASH24.with(|c| c.replace(on)) != on {
        MEMO.with(|m| *m.borrow_mut() = [MemoEntry::EMPTY; MEMO_SIZE]);
    }
}

/// Longest str whose hash is remembered.
const MEMO_TEXT: usize = 32;
const MEMO_SIZE: usize = 256;

/// A remembered str hash. The text is kept (zero-padded) and compared, so an entry
/// is right whatever became of the string it came from.
#[derive(Clone, Copy)]
struct MemoEntry {
    len: usize,
    text: [u8; MEMO_TEXT],
    hash: i64,
}

impl MemoEntry {
    const EMPTY: MemoEntry = MemoEntry {
        len: usize::MAX,
        text: [0; MEMO_TEXT],
        hash: 0,
    };
}

thread_local! {
    /// Hashes of short str recently hashed, by address: names (attributes, globals,
    /// keywords) are hashed over and over from the same few strings.
    static MEMO: std::cell::RefCell<[MemoEntry; MEMO_SIZE]> =
        const { std::cell::RefCell::new([MemoEntry::EMPTY; MEMO_SIZE]) };
}

/// `hash_str` through the memo.
fn hash_str_memo(s: &str) -> i64 {
    let bytes = s.as_bytes();
    if bytes.len() > MEMO_TEXT {
        return hash_str_uncached(s);
    }
    let mut text = [0; MEMO_TEXT];
    text[..bytes.len()].copy_from_slice(bytes);
    let addr = bytes.as_ptr() as usize;
    let slot = (addr ^ (addr >> 9) ^ bytes.len()) % MEMO_SIZE;
    let hit = MEMO.with(|m| {
        let m = m.borrow();
        let e = &m[slot];
        (e.len == bytes.len() && e.text == text).then_some(e.hash)
    });
    if let Some(h) = hit {
        return h;
    }
    let h = hash_str_uncached(s);
    MEMO.with(|m| {
        m.borrow_mut()[slot] = MemoEntry {
            len: bytes.len(),
            text,
            hash: h,
        }
    });
    h
}

thread_local! {
    /// CPython ≤ 3.7 combines tuple item hashes with the multiplicative
    /// `tuplehash` (3.8+ use xxHash-style lanes).
    static OLD_TUPLE_HASH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Select the tuple hash of CPython ≤ 3.7 for this thread's VM.
pub fn use_old_tuple_hash(on: bool) {
    OLD_TUPLE_HASH.with(|c| c.set(on));
}

/// ≤ 3.7 `tuplehash`.
fn hash_lanes_old(lanes: &[i64]) -> i64 {
    let mut x: u64 = 0x34_5678;
    let mut mult: u64 = 1_000_003;
    for (i, &y) in lanes.iter().enumerate() {
        let left = (lanes.len() - 1 - i) as u64;
        x = (x ^ y as u64).wrapping_mul(mult);
        mult = mult.wrapping_add(82_520 + left + left);
    }
    x = x.wrapping_add(97_531);
    fix(x as i64)
}

fn siphash(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let h = if SIPHASH24.with(|c| c.get()) {
        let mut h = siphasher::sip::SipHasher24::new_with_keys(0, 0);
        h.write(data);
        h.finish()
    } else {
        let mut h = SipHasher13::new_with_keys(0, 0);
        h.write(data);
        h.finish()
    };
    fix(h as i64)
}

/// `hash(str)`.
pub fn hash_str(s: &str) -> i64 {
    if super::hash27::is_py27() {
        return super::hash27::str_hash27(s);
    }
    hash_str_memo(s)
}

fn hash_str_uncached(s: &str) -> i64 {
    // CPython hashes the canonical UCS1/UCS2/UCS4 form.
    if s.is_ascii() {
        return siphash(s.as_bytes());
    }
    hash_code_points(s.chars().map(u32::from))
}

/// `hash()` of a 3.x str from its code points (lone surrogates included).
pub(super) fn hash_code_points(points: impl Iterator<Item = u32> + Clone) -> i64 {
    let max = points.clone().max().unwrap_or(0);
    let bytes: Vec<u8> = if max < 0x100 {
        points.map(|c| c as u8).collect()
    } else if max < 0x10000 {
        points.flat_map(|c| (c as u16).to_le_bytes()).collect()
    } else {
        points.flat_map(|c| c.to_le_bytes()).collect()
    };
    siphash(&bytes)
}

fn hash_tuple(items: &[Value]) -> Option<i64> {
    let lanes = items.iter().map(hash_value).collect::<Option<Vec<i64>>>()?;
    Some(hash_lanes(&lanes))
}

/// `tuplehash` from the items' hashes (xxHash-style lanes).
pub fn hash_lanes(lanes: &[i64]) -> i64 {
    if OLD_TUPLE_HASH.with(|c| c.get()) {
        return hash_lanes_old(lanes);
    }
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for &lane in lanes {
        let lane = lane as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((lanes.len() as u64) ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// The hash of a value with a native hash; `None` when it is unhashable (or needs
/// `__hash__`, which the caller handles).
pub fn hash_value(v: &Value) -> Option<i64> {
    if super::hash27::is_py27() {
        if let Some(h) = super::hash27::hash27(v) {
            return h;
        }
    }
    Some(match v {
        Value::None => 0xFCA8_6420_i64,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => hash_i64(*i),
        Value::BigInt(b) => hash_big(b),
        Value::Float(x) => hash_float(*x),
        Value::Str(s) => s.hash(),
        Value::Bytes(b) => siphash(b),
        Value::Tuple(items) => hash_tuple(items)?,
        Value::FrozenSet(s) => s.hash()?,
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => return None,
        Value::Instance(i) if i.payload.borrow().is_some() => {
            return i.payload.borrow().as_ref().and_then(hash_value)
        }
        other => (other.id() >> 4) as i64,
    })
}

/// Equality of two keys without calling Python code: numbers by value, strings,
/// bytes and tuples structurally, everything else by identity.
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q))
        }
        (Bytes(x), Bytes(y)) => x == y,
        (FrozenSet(x), FrozenSet(y)) => x.same_items(y),
        (Instance(i), other) | (other, Instance(i)) if i.payload.borrow().is_some() => {
            let p = i.payload.borrow().clone().unwrap_or(Value::None);
            key_eq(&p, other)
        }
        _ => {
            if let Some(r) = super::num::num_eq(a, b) {
                return r;
            }
            a.is(b)
        }
    }
}
