//! Fast paths of the dispatch loop: the most frequent instructions on the most
//! common operands (locals, constants, small ints, bools, range iteration), done in
//! place without going through `step`. Anything else, including every case that
//! could raise, is left to `step`, with the frame untouched.

use super::attr_cache::LoadAttr;
use super::{Frame, Vm};
use crate::vm::load::Op;
use crate::vm::objects::IterState;
use crate::vm::value::num;
use crate::vm::value::Value;

/// What a fast path did.
pub(super) enum Fast {
    /// The instruction is done.
    Done,
    /// The frame returns this value.
    Return(Value),
    /// No fast path applies: `step` must run the instruction.
    Slow,
}

impl Vm {
    /// Execute `op` if it has a fast path for the current operands.
    #[inline(always)]
    pub(super) fn fast_step(&mut self, f: &mut Frame, op: Op) -> Fast {
        match op {
            Op::LoadFast(i) => match f.locals.get(i as usize) {
                Some(v) if !v.is_null() => {
                    let v = v.clone();
                    f.stack.push(v);
                    Fast::Done
                }
                _ => Fast::Slow,
            },
            Op::LoadFastPair(a, b) => match (f.locals.get(a as usize), f.locals.get(b as usize)) {
                (Some(x), Some(y)) if !x.is_null() && !y.is_null() => {
                    let (x, y) = (x.clone(), y.clone());
                    f.stack.push(x);
                    f.stack.push(y);
                    Fast::Done
                }
                _ => Fast::Slow,
            },
            Op::StoreFast(i) => {
                if i as usize >= f.locals.len() {
                    return Fast::Slow;
                }
                match f.stack.pop() {
                    Some(v) => {
                        f.locals[i as usize] = v;
                        Fast::Done
                    }
                    None => Fast::Slow,
                }
            }
            Op::LoadConst(i) => match f.code.consts.get(i as usize) {
                Some(v) => {
                    let v = v.clone();
                    f.stack.push(v);
                    Fast::Done
                }
                None => Fast::Slow,
            },
            Op::LoadSmallInt(n) => {
                f.stack.push(Value::Int(i64::from(n)));
                Fast::Done
            }
            Op::PopTop => match f.stack.pop() {
                Some(_) => Fast::Done,
                None => Fast::Slow,
            },
            Op::ReturnValue => match f.stack.pop() {
                Some(v) => Fast::Return(v),
                None => Fast::Slow,
            },
            Op::LoadGlobal {
                name,
                null,
                null_after,
            } => {
                let Some(n) = f.code.names.get(name as usize) else {
                    return Fast::Slow;
                };
                let found = f.globals.borrow().get_name(n);
                let Some(v) = found.or_else(|| self.builtins.borrow().get_name(n)) else {
                    return Fast::Slow;
                };
                if null && !null_after {
                    f.stack.push(Value::Null);
                }
                f.stack.push(v);
                if null && null_after {
                    f.stack.push(Value::Null);
                }
                Fast::Done
            }
            Op::Jump(t) => {
                f.pc = t as usize;
                Fast::Done
            }
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let Some(&Value::Bool(b)) = f.stack.last() else {
                    return Fast::Slow;
                };
                f.stack.pop();
                if b == matches!(op, Op::PopJumpIfTrue(_)) {
                    f.pc = t as usize;
                }
                Fast::Done
            }
            Op::ToBool => match f.stack.last() {
                Some(Value::Bool(_)) => Fast::Done,
                _ => Fast::Slow,
            },
            Op::BinaryOp { op: bop, .. } => {
                let n = f.stack.len();
                if n < 2 {
                    return Fast::Slow;
                }
                let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                    return Fast::Slow;
                };
                let Some(Ok(r)) = num::small_op(bop, *x, *y) else {
                    return Fast::Slow;
                };
                f.stack.truncate(n - 2);
                f.stack.push(r);
                Fast::Done
            }
            Op::CompareOp { op: cmp, .. } => {
                let n = f.stack.len();
                if n < 2 {
                    return Fast::Slow;
                }
                let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                    return Fast::Slow;
                };
                let r = cmp.holds(x.cmp(y));
                f.stack.truncate(n - 2);
                f.stack.push(Value::Bool(r));
                Fast::Done
            }
            Op::ForIter { exit, keep_iter } => {
                let Some(Value::Iter(state)) = f.stack.last() else {
                    return Fast::Slow;
                };
                let mut s = state.borrow_mut();
                let IterState::Range { cur, stop, step } = &mut *s else {
                    return Fast::Slow;
                };
                // `next_value` counts each step of an iterator against the budget;
                // `step` reports an exhausted one.
                if self.tick().is_err() {
                    return Fast::Slow;
                }
                let more = if *step > 0 {
                    *cur < *stop
                } else {
                    *cur > *stop
                };
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
                Fast::Done
            }
            Op::LoadAttr {
                name,
                method,
                null_after,
                cache,
            } => self.fast_load_attr(
                f,
                LoadAttr {
                    name,
                    method,
                    null_after,
                    cache,
                },
            ),
            Op::StoreAttr { name, cache } => self.fast_store_attr(f, name, cache),
            _ => Fast::Slow,
        }
    }
}
