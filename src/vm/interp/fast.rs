//! Fast paths of the dispatch loop: the most frequent instructions on the most
//! common operands (locals, constants, small ints, bools, range iteration), done in
//! place without going through `step`. Anything else, including every case that
//! could raise, is left to `step`, with the frame untouched.

use super::{Frame, Vm};
use crate::vm::load::Op;
use crate::vm::objects::IterState;
use crate::vm::value::num;
use crate::vm::value::Value;

impl Vm {
    /// Execute `op` if it has a fast path for the current operands; whether it did.
    #[inline(always)]
    pub(super) fn fast_step(&mut self, f: &mut Frame, op: Op) -> bool {
        match op {
            Op::LoadFast(i) => match f.locals.get(i as usize) {
                Some(v) if !v.is_null() => {
                    let v = v.clone();
                    f.stack.push(v);
                    true
                }
                _ => false,
            },
            Op::LoadFastPair(a, b) => match (f.locals.get(a as usize), f.locals.get(b as usize)) {
                (Some(x), Some(y)) if !x.is_null() && !y.is_null() => {
                    let (x, y) = (x.clone(), y.clone());
                    f.stack.push(x);
                    f.stack.push(y);
                    true
                }
                _ => false,
            },
            Op::StoreFast(i) => {
                if i as usize >= f.locals.len() {
                    return false;
                }
                match f.stack.pop() {
                    Some(v) => {
                        f.locals[i as usize] = v;
                        true
                    }
                    None => false,
                }
            }
            Op::LoadConst(i) => match f.code.consts.get(i as usize) {
                Some(v) => {
                    let v = v.clone();
                    f.stack.push(v);
                    true
                }
                None => false,
            },
            Op::LoadSmallInt(n) => {
                f.stack.push(Value::Int(i64::from(n)));
                true
            }
            Op::PopTop => f.stack.pop().is_some(),
            Op::Jump(t) => {
                f.pc = t as usize;
                true
            }
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let Some(&Value::Bool(b)) = f.stack.last() else {
                    return false;
                };
                f.stack.pop();
                if b == matches!(op, Op::PopJumpIfTrue(_)) {
                    f.pc = t as usize;
                }
                true
            }
            Op::ToBool => matches!(f.stack.last(), Some(Value::Bool(_))),
            Op::BinaryOp { op: bop, .. } => {
                let n = f.stack.len();
                if n < 2 {
                    return false;
                }
                let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                    return false;
                };
                let Some(Ok(r)) = num::small_op(bop, *x, *y) else {
                    return false;
                };
                f.stack.truncate(n - 2);
                f.stack.push(r);
                true
            }
            Op::CompareOp { op: cmp, .. } => {
                let n = f.stack.len();
                if n < 2 {
                    return false;
                }
                let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                    return false;
                };
                let r = cmp.holds(x.cmp(y));
                f.stack.truncate(n - 2);
                f.stack.push(Value::Bool(r));
                true
            }
            Op::ForIter { exit, keep_iter } => {
                let Some(Value::Iter(state)) = f.stack.last() else {
                    return false;
                };
                let mut s = state.borrow_mut();
                let IterState::Range { cur, stop, step } = &mut *s else {
                    return false;
                };
                // `next_value` counts each step of an iterator against the budget;
                // `step` reports an exhausted one.
                if self.tick().is_err() {
                    return false;
                }
                let more = if *step > 0 { *cur < *stop } else { *cur > *stop };
                let next = more.then(|| {
                    let v = *cur;
                    *cur = cur.saturating_add(*step);
                    if *cur == v {
                        *stop = v;
                    }
                    v
                });
                drop(s);
                match next {
                    Some(v) => f.stack.push(Value::Int(v)),
                    None => {
                        if !keep_iter {
                            f.stack.pop();
                        }
                        f.pc = exit as usize;
                    }
                }
                true
            }
            _ => false,
        }
    }
}
