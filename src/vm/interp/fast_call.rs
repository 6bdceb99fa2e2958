//! The fast path of a call of a plain Python function from the dispatch loop:
//! the arguments move from the caller's stack straight into the new frame's slots
//! (keywords matched to their parameters by name, missing ones defaulted), with no
//! argument vectors and no pass through `step`. Whatever it cannot bind without an
//! error (and every other callable) is left to the general path, with the stack
//! untouched, so that error messages come from one place.

use std::rc::Rc;

use super::{Frame, PyResult, Vm};
use crate::vm::load::{CO_VARARGS, CO_VARKEYWORDS};
use crate::vm::objects::{Args, Function};
use crate::vm::value::{Str, Value};

/// What a fast call did: `None` if it does not apply (the stack is untouched);
/// otherwise the call's outcome, its result pushed. Small enough to come back in
/// registers.
pub(super) type Called = Option<PyResult<()>>;

/// Most keyword arguments a fast call binds.
const MAX_KW: usize = 8;

/// Where a call's operands sit on the caller's stack.
#[derive(Clone, Copy)]
pub(super) enum Layout {
    /// 3.11+ (and `CALL_METHOD`): `[NULL, callable]`, `[callable, NULL]` or
    /// `[method, self]` below the arguments.
    NullSlot,
    /// ≤ 3.10 `CALL_FUNCTION[_KW]` and 2.7's `CALL_FUNCTION`: the callable alone.
    Plain,
}

/// How the keyword arguments are given.
#[derive(Clone, Copy)]
pub(super) enum Kw<'a> {
    /// None.
    None,
    /// Their names (a tuple); the values follow the positional arguments.
    Names(&'a [Value]),
    /// 2.7: `n` (name, value) pairs follow the positional arguments.
    Pairs(usize),
}

impl Kw<'_> {
    fn count(self) -> usize {
        match self {
            Kw::None => 0,
            Kw::Names(n) => n.len(),
            Kw::Pairs(n) => n,
        }
    }

    /// The name of keyword `k`, given the position `end` just past the positional
    /// arguments.
    fn name<'s>(self, stack: &'s [Value], end: usize, k: usize) -> Option<&'s Str>
    where
        Self: 's,
    {
        let v = match self {
            Kw::None => return None,
            Kw::Names(names) => names.get(k)?,
            Kw::Pairs(_) => stack.get(end + 2 * k)?,
        };
        match v {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl Vm {
    /// Call a built-in function below `nargs` positional arguments, and push its
    /// result; `None` if the callable is not one, or is `exec`/`eval`, or has no
    /// arguments (`globals()`, `locals()`, `vars()` and `dir()` read the calling
    /// frame): the general path handles those.
    #[inline(never)]
    pub(super) fn fast_builtin_call(
        &mut self,
        f: &mut Frame,
        layout: Layout,
        nargs: usize,
    ) -> Called {
        let below = match layout {
            Layout::NullSlot => 2,
            Layout::Plain => 1,
        };
        let base = f.stack.len().checked_sub(nargs + below)?;
        let b = match (layout, &f.stack[base..]) {
            (Layout::NullSlot, [Value::Null, Value::Builtin(b), ..])
            | (Layout::NullSlot, [Value::Builtin(b), Value::Null, ..])
            | (Layout::Plain, [Value::Builtin(b), ..]) => b.clone(),
            (_, [Value::NativeMethod(_), ..] | [Value::Null, Value::NativeMethod(_), ..]) => {
                return self.fast_native_call(f, layout, base);
            }
            _ => return None,
        };
        if nargs == 0 || (b.receiver.is_none() && matches!(b.name, "exec" | "eval")) {
            return None;
        }
        if nargs == 1 && b.receiver.is_none() {
            if let Some(v) = f.stack.last().and_then(|x| unary_builtin(b.name, x)) {
                f.stack.truncate(base);
                f.stack.push(v);
                return Some(Ok(()));
            }
        }
        let mut pos = Vec::with_capacity(nargs + 1);
        pos.extend(b.receiver.clone());
        pos.extend(f.stack.drain(base + below..));
        f.stack.truncate(base);
        Some((b.func)(self, Args::new(pos)).map(|v| f.stack.push(v)))
    }

    /// Call the function below `nargs` stack values (positional ones, then keyword
    /// values or pairs as `kw` says) if it is a plain Python function and the
    /// arguments bind without an error; its result is pushed. `extra` more values
    /// sit above the arguments (a keyword-names tuple) and are popped too.
    #[inline(never)]
    pub(super) fn fast_call(
        &mut self,
        f: &mut Frame,
        layout: Layout,
        nargs: usize,
        kw: Kw<'_>,
        extra: usize,
    ) -> Called {
        let len = f.stack.len();
        let below = match layout {
            Layout::NullSlot => 2,
            Layout::Plain => 1,
        };
        let base = len.checked_sub(nargs + below + extra)?;
        // The function, its `self` (a value to prepend, or one already on the
        // stack at `first`), and where the positional arguments start.
        let (func, bound_self, first) = match layout {
            Layout::NullSlot => match (&f.stack[base], &f.stack[base + 1]) {
                (Value::Null, c) | (c, Value::Null) => {
                    let (func, bound_self) = plain_function(c)?;
                    (func, bound_self, base + 2)
                }
                (Value::Function(func), _) => (func, None, base + 1),
                _ => return None,
            },
            Layout::Plain => {
                let (func, bound_self) = plain_function(&f.stack[base])?;
                (func, bound_self, base + 1)
            }
        };
        let nkw = kw.count();
        let npos_on_stack = (base + below + nargs).checked_sub(first + nkw * kw_width(kw))?;
        let npos = npos_on_stack + usize::from(bound_self.is_some());
        let slots = bind_plan(func, &f.stack, first + npos_on_stack, npos, kw)?;
        // What the new frame needs from the function, taken while it is borrowed
        // from the stack; the callable stays there until the call returns.
        let code = func.code.clone();
        let globals = func.globals.clone();
        let closure = func.closure.borrow().clone();
        let defaults_of = (nkw > 0 || npos < code.argcount as usize || code.kwonlyargcount > 0)
            .then(|| func.clone());
        let bound_self = bound_self.cloned();
        let (stack, mut locals) = self.frame_buffers();
        // The positional arguments become the first slots; keyword values go to
        // theirs (2.7: past each name); what is left (the callable, a NULL or a
        // keyword-names tuple) is dropped after the call.
        // Values are moved out slot by slot (leaving NULLs) rather than through
        // `drain`, whose `Option<Value>` went through memory in pieces and stalled.
        locals.extend(bound_self);
        let args = f.stack.get_mut(first..).unwrap_or_default();
        let (pos, rest) = args.split_at_mut(npos_on_stack.min(args.len()));
        locals.extend(pos.iter_mut().map(take));
        if nkw > 0 {
            locals.resize_with(code.local_names.len(), || Value::Null);
            let step = kw_width(kw);
            for (k, &s) in slots[..nkw].iter().enumerate() {
                if let (Some(v), Some(slot)) = (
                    rest.get_mut(k * step + step - 1),
                    locals.get_mut(s as usize),
                ) {
                    *slot = take(v);
                }
            }
        }
        // Not `pop`: reading back a whole slot just overwritten by a NULL tag
        // would stall the same way.
        f.stack.truncate(first);
        let mut frame = Frame::with_buffers(code, globals, None, (stack, locals));
        frame.closure = Some(closure);
        if let Some(func) = defaults_of {
            fill_defaults(&func, &mut frame);
        }
        frame.legacy_cells();
        let r = self.run_function_frame(&mut frame);
        f.stack.truncate(base);
        Some(r.map(|v| f.stack.push(v)))
    }
}

/// A Python function, or one bound to a `self`.
fn plain_function(v: &Value) -> Option<(&Rc<Function>, Option<&Value>)> {
    match v {
        Value::Function(func) => Some((func, None)),
        Value::BoundMethod(m) => match &m.1 {
            Value::Function(func) => Some((func, Some(&m.0))),
            _ => None,
        },
        _ => None,
    }
}

/// Move a value out of a stack slot, leaving NULL.
#[inline(always)]
fn take(v: &mut Value) -> Value {
    std::mem::replace(v, Value::Null)
}

fn kw_width(kw: Kw<'_>) -> usize {
    match kw {
        Kw::Pairs(_) => 2,
        _ => 1,
    }
}

/// The parameter slot of each keyword argument, if the call binds without an
/// error: no `*args`/`**kw` parameters, a code with fast locals (not a 2.7 class
/// body), not a generator, at most one value per parameter, every parameter
/// without an argument defaulted.
fn bind_plan(
    func: &Function,
    stack: &[Value],
    args_end: usize,
    npos: usize,
    kw: Kw<'_>,
) -> Option<[u32; MAX_KW]> {
    let code = &func.code;
    let nargs = code.argcount as usize;
    let total = nargs + code.kwonlyargcount as usize;
    if npos > nargs
        || code.flags & 1 == 0
        || code.flags & (CO_VARARGS | CO_VARKEYWORDS) != 0
        || code.is_generator()
        || code.local_names.len() < total
    {
        return None;
    }
    let nkw = kw.count();
    let mut slots = [0u32; MAX_KW];
    if nkw > MAX_KW {
        return None;
    }
    let posonly = (code.posonlyargcount as usize).min(nargs);
    for k in 0..nkw {
        let name = kw.name(stack, args_end, k)?;
        let s = code.local_names[..total]
            .iter()
            .position(|n| n == name)
            .filter(|&s| s >= posonly.max(npos))?;
        if slots[..k].contains(&(s as u32)) {
            return None;
        }
        slots[k] = s as u32;
    }
    let bound = |s: usize| s < npos || slots[..nkw].contains(&(s as u32));
    let first_default = nargs.saturating_sub(func.defaults.borrow().len());
    if (npos..first_default).any(|s| !bound(s)) {
        return None;
    }
    if total > nargs {
        let kwdefaults = func.kwdefaults.borrow();
        if (nargs..total)
            .any(|s| !bound(s) && kwdefaults.get_str(code.local_names[s].as_str()).is_none())
        {
            return None;
        }
    }
    Some(slots)
}

/// Defaults for the parameters a fast call left unbound (`bind_plan` checked
/// that each has one).
fn fill_defaults(func: &Function, frame: &mut Frame) {
    let code = &func.code;
    let nargs = code.argcount as usize;
    let total = nargs + code.kwonlyargcount as usize;
    let defaults = func.defaults.borrow();
    let first_default = nargs.saturating_sub(defaults.len());
    for s in first_default..nargs {
        if frame.locals[s].is_null() {
            frame.locals[s] = defaults[s - first_default].clone();
        }
    }
    if total > nargs {
        let kwdefaults = func.kwdefaults.borrow();
        for s in nargs..total {
            if frame.locals[s].is_null() {
                if let Some(v) = kwdefaults.get_str(code.local_names[s].as_str()) {
                    frame.locals[s] = v;
                }
            }
        }
    }
}

/// `abs()` and `len()` of the values that answer without a call or an error,
/// from the caller's stack (no argument vector); `None` for everything else.
fn unary_builtin(name: &str, x: &Value) -> Option<Value> {
    match (name, x) {
        ("abs", Value::Int(n)) if *n != i64::MIN => Some(Value::Int(n.abs())),
        ("abs", Value::Float(v)) => Some(Value::Float(v.abs())),
        ("len", Value::Str(s)) => Some(Value::Int(s.len() as i64)),
        ("len", Value::Tuple(t)) => Some(Value::Int(t.len() as i64)),
        ("len", Value::List(l)) => Some(Value::Int(l.borrow().len() as i64)),
        ("len", Value::Dict(d)) => Some(Value::Int(d.borrow().len() as i64)),
        _ => None,
    }
}
