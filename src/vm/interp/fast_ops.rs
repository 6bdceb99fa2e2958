//! The fast path of a binary operator whose left operand is a Python class
//! instance: its `__op__` (a plain Python function) is called straight from the
//! dispatch loop, without `step` and `binary_op`'s tries of the built-in types,
//! none of which can apply to such operands.

use super::fast::Fast;
use super::{Frame, Vm};
use crate::vm::value::num::BinOp;
use crate::vm::value::Value;

impl Vm {
    /// `a <op> b` for an instance `a` whose class has `__op__` as a Python
    /// function taking two arguments, and a `b` that is an instance or a number
    /// (so that `binary_op` would go straight to the dunders too). Its result
    /// replaces the operands; `NotImplemented` goes on to `b`'s reflected method
    /// and the error as in `binary_op`.
    #[inline(never)]
    pub(super) fn fast_instance_binop(&mut self, f: &mut Frame, op: BinOp) -> Fast {
        // Generators dropped since the last slow instruction are closed before
        // anything the program calls can observe the order.
        if crate::vm::objects::finalize_pending() {
            return Fast::Slow;
        }
        let [.., Value::Instance(a), b] = f.stack.as_slice() else {
            return Fast::Slow;
        };
        if !matches!(
            b,
            Value::Instance(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)
        ) {
            return Fast::Slow;
        }
        let (name, rname) = &self.names.binop[op as usize];
        let order = super::ops::reflect_order(&f.stack[f.stack.len() - 2], b, rname);
        if order == super::ops::Reflect::First {
            return Fast::Slow;
        }
        let Some(Value::Function(func)) = a.class.borrow().lookup_name(name) else {
            return Fast::Slow;
        };
        if !super::exec_call::takes_simply(&func, 2) {
            return Fast::Slow;
        }
        let rname = rname.clone();
        // The operands stay on the stack until the call returns (CPython's
        // lifetimes); the callee gets its own references.
        let (a, b) = (Value::Instance(a.clone()), b.clone());
        let r = self.run_simple(&func, [a.clone(), b.clone()].into_iter(), 2);
        let r = match r {
            Ok(Value::NotImplemented) => {
                let reflect = order == super::ops::Reflect::After;
                self.binary_op_reflected(op, &rname, &a, &b, false, reflect)
            }
            r => r,
        };
        let len = f.stack.len();
        f.stack.truncate(len.saturating_sub(2));
        drop((a, b));
        match r {
            Ok(v) => {
                f.stack.push(v);
                Fast::Done
            }
            Err(e) => Fast::Raise(e),
        }
    }
}

/// `list[i]`, `tuple[i]` (`BINARY_SUBSCR`) and `list[i] = v` (`STORE_SUBSCR`) for
/// a small int index in range, in place; anything else (other containers and keys,
/// an index out of range: the error) is left to `step`.
#[inline(never)]
pub(super) fn fast_subscr(f: &mut Frame, store: bool) -> Fast {
    let len = f.stack.len();
    if store {
        let Some(pos) = len.checked_sub(3) else {
            return Fast::Slow;
        };
        let (value, target) = f.stack[pos..].split_at_mut(1);
        let (Value::List(l), Value::Int(i)) = (&target[0], &target[1]) else {
            return Fast::Slow;
        };
        let mut items = l.borrow_mut();
        let Some(i) = index_in(*i, items.len()) else {
            return Fast::Slow;
        };
        let old = std::mem::replace(&mut items[i], std::mem::replace(&mut value[0], Value::Null));
        drop(items);
        drop(old);
        f.stack.truncate(pos);
        return Fast::Done;
    }
    let v = match f.stack.as_slice() {
        [.., Value::List(l), Value::Int(i)] => {
            let items = l.borrow();
            match index_in(*i, items.len()) {
                Some(i) => super::fast::clone_fast(&items[i]),
                None => return Fast::Slow,
            }
        }
        [.., Value::Tuple(t), Value::Int(i)] => match index_in(*i, t.len()) {
            Some(i) => super::fast::clone_fast(&t[i]),
            None => return Fast::Slow,
        },
        _ => return Fast::Slow,
    };
    // The index is a plain int: only the container needs its drop.
    f.stack.truncate(len - 1);
    if let Some(top) = f.stack.last_mut() {
        *top = v;
    }
    Fast::Done
}

/// `i` as an index into a sequence of `len` items (negative from the end).
#[inline(always)]
fn index_in(i: i64, len: usize) -> Option<usize> {
    let i = if i < 0 { i.checked_add(len as i64)? } else { i };
    usize::try_from(i).ok().filter(|&i| i < len)
}
