//! Fast paths of the dispatch loop: the most frequent instructions on the most
//! common operands (locals, constants, small ints, bools, range iteration), done in
//! place without going through `step`. Anything else, including every case that
//! could raise, is left to `step`, with the frame untouched.

use super::attr_cache::LoadAttr;
use super::fast_call::{Called, Kw, Layout};
use super::{Frame, Vm};
use crate::vm::load::{Op, Op27};
use crate::vm::objects::IterState;
use crate::vm::value::num;
use crate::vm::value::Value;

/// What a fast path did.
pub(super) enum Fast {
    /// The instruction is done.
    Done,
    /// The frame returns the value on top of its stack.
    Return,
    /// The instruction raised (a call's callee did).
    Raise(super::Error),
    /// No fast path applies: `step` must run the instruction.
    Slow,
}

impl Vm {
    /// Execute `op` if it is one of the simple instructions with a fast path for
    /// the current operands (locals, constants, small ints, jumps, globals,
    /// `range` iteration): `true` when done. A jump sets `pc` (and `f.pc`). The
    /// result is a plain `bool` so that the loop continues without another
    /// dispatch on a result kept in memory.
    #[inline(always)]
    pub(super) fn simple_step(&mut self, f: &mut Frame, op: Op, pc: &mut usize) -> bool {
        let mut jump = |t: u32| {
            *pc = t as usize;
            f.pc = t as usize;
        };
        match op {
            Op::LoadFast(i) => match f.locals.get(i as usize) {
                Some(v) if !v.is_null() => {
                    let v = clone_fast(v);
                    f.stack.push(v);
                    true
                }
                _ => false,
            },
            Op::LoadFastPair(a, b) => match (f.locals.get(a as usize), f.locals.get(b as usize)) {
                (Some(x), Some(y)) if !x.is_null() && !y.is_null() => {
                    let (x, y) = (clone_fast(x), clone_fast(y));
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
                        drop_fast(std::mem::replace(&mut f.locals[i as usize], v));
                        true
                    }
                    None => false,
                }
            }
            Op::LoadConst(i) => match f.code.consts.get(i as usize) {
                Some(v) => {
                    let v = clone_fast(v);
                    f.stack.push(v);
                    true
                }
                None => false,
            },
            Op::LoadSmallInt(n) => {
                f.stack.push(Value::Int(i64::from(n)));
                true
            }
            Op::PopTop => match f.stack.pop() {
                Some(v) => {
                    drop_fast(v);
                    true
                }
                None => false,
            },
            Op::LoadGlobal {
                name,
                null,
                null_after,
                cache,
            } => {
                let (Some(n), Some(c)) = (
                    f.code.names.get(name as usize),
                    f.code.global_caches.get(cache as usize),
                ) else {
                    return false;
                };
                let Some(v) = super::global_cache::load_global(f, &self.builtins, c, n) else {
                    return false;
                };
                if null && !null_after {
                    f.stack.push(Value::Null);
                }
                f.stack.push(v);
                if null && null_after {
                    f.stack.push(Value::Null);
                }
                true
            }
            Op::Jump(t) => {
                jump(t);
                true
            }
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let Some(&Value::Bool(b)) = f.stack.last() else {
                    return false;
                };
                pop_plain(&mut f.stack);
                if b == matches!(op, Op::PopJumpIfTrue(_)) {
                    jump(t);
                }
                true
            }
            Op::ToBool => matches!(f.stack.last(), Some(Value::Bool(_))),
            Op::BinaryOp { op: bop, .. } => {
                let Some((x, y)) = top_two_ints(&f.stack) else {
                    return false;
                };
                let Some(r) = num::small_int_op(bop, x, y) else {
                    return false;
                };
                replace_top_two(&mut f.stack, Value::Int(r));
                true
            }
            Op::CompareOp { op: cmp, .. } => {
                let Some((x, y)) = top_two_ints(&f.stack) else {
                    return false;
                };
                replace_top_two(&mut f.stack, Value::Bool(cmp.holds(x.cmp(&y))));
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
                        jump(exit);
                    }
                }
                true
            }
            Op::Nop
            | Op::PushNull
            | Op::Copy(_)
            | Op::Swap(_)
            | Op::KwNames(_)
            | Op::LoadDeref(_)
            | Op::CopyFreeVars(_) => fast_frame_op(f, op),
            _ => false,
        }
    }

    /// Execute `op` if it is a return, call or attribute instruction with a fast
    /// path for the current operands.
    #[inline(always)]
    pub(super) fn fast_step(&mut self, f: &mut Frame, op: Op) -> Fast {
        match op {
            Op::ReturnValue => match f.stack.is_empty() {
                false => Fast::Return,
                true => Fast::Slow,
            },
            Op::ReturnConst(i) => match f.code.consts.get(i as usize) {
                Some(v) => {
                    let v = clone_fast(v);
                    f.stack.push(v);
                    Fast::Return
                }
                None => Fast::Slow,
            },
            Op::ReturnThroughBlocks if f.blocks.is_empty() => match f.stack.is_empty() {
                false => Fast::Return,
                true => Fast::Slow,
            },
            Op::Call(_)
            | Op::CallKw(_)
            | Op::CallPlain { .. }
            | Op::Py27(Op27::CallFunction { .. }) => match self.fast_call_op(f, op) {
                None => Fast::Slow,
                Some(Ok(())) => Fast::Done,
                Some(Err(e)) => Fast::Raise(e),
            },
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
            Op::BinaryOp { op, inplace: false } => self.fast_instance_binop(f, op),
            Op::BinarySubscr => super::fast_ops::fast_subscr(f, false),
            Op::StoreSubscr => super::fast_ops::fast_subscr(f, true),
            _ => Fast::Slow,
        }
    }

    /// The call instructions' fast path (`fast_call`), for each layout.
    #[inline(always)]
    fn fast_call_op(&mut self, f: &mut Frame, op: Op) -> Called {
        // Generators dropped since the last slow instruction are closed before
        // anything the program calls can observe the order.
        if crate::vm::objects::finalize_pending() {
            return None;
        }
        let (layout, nargs, kw_on_stack) = match op {
            Op::Call(argc) => (Layout::NullSlot, argc, false),
            Op::CallKw(argc) => (Layout::NullSlot, argc, true),
            Op::CallPlain { argc, kw } => (Layout::Plain, argc, kw),
            Op::Py27(Op27::CallFunction {
                npos,
                nkw,
                var: false,
                kw: false,
            }) => {
                if nkw == 0 {
                    if let Some(r) = self.fast_builtin_call(f, Layout::Plain, npos as usize) {
                        return Some(r);
                    }
                }
                let kw = Kw::Pairs(nkw as usize);
                return self.fast_call(f, Layout::Plain, (npos + 2 * nkw) as usize, kw, 0);
            }
            _ => return None,
        };
        let nargs = nargs as usize;
        if !kw_on_stack && f.kwnames.is_none() {
            if let Some(r) = self.fast_builtin_call(f, layout, nargs) {
                return Some(r);
            }
            if let Some(r) = self.fast_call(f, layout, nargs, Kw::None, 0) {
                return Some(r);
            }
            // `Point(x, y)`: a plain class with a Python `__init__`.
            if let Layout::NullSlot = layout {
                return self
                    .instantiate_simple(f, nargs)
                    .map(|r| r.map(|v| f.stack.push(v)));
            }
            return None;
        }
        let names = if kw_on_stack {
            f.stack.last().cloned()
        } else {
            f.kwnames.clone()
        };
        let Some(Value::Tuple(t)) = &names else {
            return None;
        };
        let r = self.fast_call(f, layout, nargs, Kw::Names(t), usize::from(kw_on_stack));
        if r.is_some() && !kw_on_stack {
            f.kwnames = None;
        }
        r
    }
}

/// `v.clone()`, inline for the values without a reference count and for the
/// commonest shared ones (the out-of-line clone returns its value through
/// memory, which the next read of it waits on).
#[inline(always)]
pub(super) fn clone_fast(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Int(*i),
        Value::Bool(b) => Value::Bool(*b),
        Value::None => Value::None,
        Value::Instance(i) => Value::Instance(i.clone()),
        Value::Function(func) => Value::Function(func.clone()),
        Value::List(l) => Value::List(l.clone()),
        other => other.clone(),
    }
}

/// Drop `v`, calling the drop code only for values with a reference count.
#[inline(always)]
pub(super) fn drop_fast(v: Value) {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::None | Value::Null => {}
        other => drop(other),
    }
}

/// The two small ints on top of the stack (below, top), if that is what they are.
#[inline(always)]
fn top_two_ints(stack: &[Value]) -> Option<(i64, i64)> {
    match stack {
        [.., Value::Int(x), Value::Int(y)] => Some((*x, *y)),
        _ => None,
    }
}

/// Replace the two plain values on top of the stack by `r`, in place.
#[inline(always)]
fn replace_top_two(stack: &mut Vec<Value>, r: Value) {
    pop_plain(stack);
    match stack.last_mut() {
        Some(top) => drop_fast(std::mem::replace(top, r)),
        None => stack.push(r),
    }
}

/// Pop a value that holds no reference (an int or a bool the caller matched):
/// the drop code runs only if it does after all.
#[inline(always)]
fn pop_plain(stack: &mut Vec<Value>) {
    match stack.pop() {
        // `forget`, not a no-op arm: the compiler folded that into a call of
        // the drop code for every pop.
        Some(v @ (Value::Int(_) | Value::Bool(_))) => std::mem::forget(v),
        other => drop(other),
    }
}

/// Stack shuffles, cells and the no-ops that start every 3.11+ call (`RESUME`,
/// `PRECALL`), done in place.
#[inline(always)]
fn fast_frame_op(f: &mut Frame, op: Op) -> bool {
    match op {
        Op::Nop => {}
        Op::PushNull => f.stack.push(Value::Null),
        Op::Copy(n) => {
            let len = f.stack.len();
            match len.checked_sub(n as usize) {
                Some(i) if n > 0 => {
                    let v = f.stack[i].clone();
                    f.stack.push(v);
                }
                _ => return false,
            }
        }
        Op::Swap(n) => {
            let len = f.stack.len();
            match len.checked_sub(n as usize) {
                Some(i) if n > 0 => f.stack.swap(len - 1, i),
                _ => return false,
            }
        }
        Op::KwNames(i) => match f.code.consts.get(i as usize) {
            Some(v) => f.kwnames = Some(v.clone()),
            None => return false,
        },
        Op::LoadDeref(i) => {
            let v = match f.locals.get(i as usize) {
                Some(Value::Cell(c)) => match &*c.borrow() {
                    Some(v) => clone_fast(v),
                    None => return false,
                },
                _ => return false,
            };
            f.stack.push(v);
        }
        Op::CopyFreeVars(n) => {
            let (n, total) = (n as usize, f.locals.len());
            let Some(cells) = &f.closure else {
                return false;
            };
            if n > total || n > cells.len() {
                return false;
            }
            for (slot, c) in f.locals[total - n..].iter_mut().zip(cells.iter()) {
                *slot = Value::Cell(c.clone());
            }
        }
        _ => return false,
    }
    true
}
