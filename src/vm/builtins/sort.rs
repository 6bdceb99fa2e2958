//! `sorted()` and `list.sort()`: a stable sort of keys.
//!
//! Keys that are all numbers, all strs, or all tuples of those (the same kind at
//! each position) are ordered natively, with no Python-level comparison; CPython
//! likewise pre-checks key types (`unsafe_long_compare` and friends). Any other keys
//! go through `<` in a merge sort that stops at the first comparison error and
//! never relies on the comparisons being consistent.

use std::cmp::Ordering;

use super::super::interp::{PyResult, Vm};
use crate::vm::load::CmpOp;
use crate::vm::value::num::num_cmp;
use crate::vm::value::Value;

/// Sort values in place by `key` (`None`: the values themselves), stable. On error
/// the values are left in their original order.
pub fn sort_values(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: &Value,
    reverse: bool,
) -> PyResult<()> {
    let order = if key.is_none() {
        sort_order(vm, items, reverse)?
    } else {
        let mut keys = Vec::with_capacity(items.len());
        for v in items.iter() {
            keys.push(vm.call_pos(key, vec![v.clone()])?);
        }
        sort_order(vm, &keys, reverse)?
    };
    let old = std::mem::take(items);
    items.extend(order.iter().map(|&i| old[i].clone()));
    Ok(())
}

/// The positions of `keys` in sorted order.
fn sort_order(vm: &mut Vm, keys: &[Value], reverse: bool) -> PyResult<Vec<usize>> {
    if let Some(order) = int_order(keys, reverse) {
        return Ok(order);
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    if natively_ordered(keys) {
        // A total order: std's stable sort keeps equal keys in their first order.
        if reverse {
            order.sort_by(|&a, &b| native_cmp(&keys[b], &keys[a]));
        } else {
            order.sort_by(|&a, &b| native_cmp(&keys[a], &keys[b]));
        }
        return Ok(order);
    }
    merge_sort(&mut order, &mut |a, b| {
        let (x, y) = if reverse {
            (&keys[b], &keys[a])
        } else {
            (&keys[a], &keys[b])
        };
        let r = vm.compare(CmpOp::Lt, x, y)?;
        vm.truthy(&r)
    })?;
    Ok(order)
}

/// The order of keys that are all small ints: (key, position) pairs sorted
/// directly, the position keeping equal keys stable.
fn int_order(keys: &[Value], reverse: bool) -> Option<Vec<usize>> {
    let mut pairs = keys
        .iter()
        .enumerate()
        .map(|(i, k)| match k {
            Value::Int(n) => Some((*n, i)),
            _ => None,
        })
        .collect::<Option<Vec<(i64, usize)>>>()?;
    if reverse {
        pairs.sort_unstable_by_key(|&(n, i)| (std::cmp::Reverse(n), i));
    } else {
        pairs.sort_unstable();
    }
    Some(pairs.into_iter().map(|(_, i)| i).collect())
}

/// The kinds of key with a native total order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// int, bool or float (not NaN): compared exactly, as CPython does.
    Num,
    Str,
}

fn scalar_kind(v: &Value) -> Option<Kind> {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => Some(Kind::Num),
        Value::Float(f) if !f.is_nan() => Some(Kind::Num),
        Value::Str(_) => Some(Kind::Str),
        _ => None,
    }
}

/// Whether every pair of keys compares natively: all of one scalar kind, or all
/// tuples whose items at each position are of one scalar kind.
fn natively_ordered(keys: &[Value]) -> bool {
    let Some(first) = keys.first() else {
        return true;
    };
    if let Some(kind) = scalar_kind(first) {
        return keys.iter().all(|k| scalar_kind(k) == Some(kind));
    }
    let mut kinds: Vec<Kind> = Vec::new();
    for k in keys {
        let Value::Tuple(t) = k else {
            return false;
        };
        for (i, x) in t.iter().enumerate() {
            let Some(kind) = scalar_kind(x) else {
                return false;
            };
            match kinds.get(i) {
                Some(&known) if known != kind => return false,
                Some(_) => {}
                None => kinds.push(kind),
            }
        }
    }
    true
}

/// The order of two keys that [`natively_ordered`] accepted together.
fn native_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        // Tuples: the first unequal items decide, else the lengths.
        (Value::Tuple(x), Value::Tuple(y)) => x
            .iter()
            .zip(y.iter())
            .map(|(p, q)| native_cmp(p, q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        _ => num_cmp(a, b).flatten().unwrap_or(Ordering::Equal),
    }
}

/// Runs this short are sorted by binary insertion before merging.
const RUN: usize = 16;

/// A stable merge sort of `v` by a fallible `is_less`, which may be inconsistent
/// (a Python `__lt__`): the result is then some permutation, never a panic.
fn merge_sort(
    v: &mut Vec<usize>,
    is_less: &mut dyn FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    let n = v.len();
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        // Binary insertion (as timsort's `binarysort`): equal keys go right.
        for i in start + 1..end {
            let x = v[i];
            let (mut l, mut r) = (start, i);
            while l < r {
                let m = l + (r - l) / 2;
                if is_less(x, v[m])? {
                    r = m;
                } else {
                    l = m + 1;
                }
            }
            v.copy_within(l..i, l + 1);
            v[l] = x;
        }
    }
    let mut buf = vec![0; n];
    let mut width = RUN;
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            // Already in order (e.g. presorted input): one comparison.
            if mid == hi || !is_less(v[mid], v[mid - 1])? {
                buf[lo..hi].copy_from_slice(&v[lo..hi]);
                continue;
            }
            let (mut i, mut j, mut out) = (lo, mid, lo);
            while i < mid && j < hi {
                // Equal keys take the left run's first: stable.
                if is_less(v[j], v[i])? {
                    buf[out] = v[j];
                    j += 1;
                } else {
                    buf[out] = v[i];
                    i += 1;
                }
                out += 1;
            }
            let rest = if i < mid { i..mid } else { j..hi };
            buf[out..hi].copy_from_slice(&v[rest]);
        }
        std::mem::swap(v, &mut buf);
        width *= 2;
    }
    Ok(())
}
