//! Leaving `finally` clauses and `with` blocks on the block stack: `END_FINALLY`
//! (≤ 3.7 with why codes, 3.8 with `CALL_FINALLY` return indices),
//! `WITH_CLEANUP_START`/`WITH_CLEANUP_FINISH` (≤ 3.8), 3.8's `BEGIN_FINALLY`,
//! `CALL_FINALLY`, `POP_FINALLY`, and 3.8-3.10's `END_ASYNC_FOR`.

use super::{reraise, Why, WHY_BREAK, WHY_CONTINUE, WHY_RETURN, WHY_SILENCED};
use crate::vm::interp::{BlockKind, Exit, Frame, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::Args;
use crate::vm::value::Value;

impl Vm {
    pub(super) fn step_finally(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::EndFinally { why_codes } => {
                let status = f.pop()?;
                match status {
                    Value::None | Value::Null => {}
                    Value::Int(n) if why_codes => return self.end_finally_why(f, n),
                    Value::Int(n) => match usize::try_from(n) {
                        Ok(t) if t < f.code.ops.len() => f.pc = t,
                        _ => return Err(f.bad("END_FINALLY to a non-instruction")),
                    },
                    Value::Class(_) => {
                        let value = f.pop()?;
                        let _tb = f.pop()?;
                        return Err(reraise(f, value));
                    }
                    _ => return Err(f.bad("'finally' pops bad exception")),
                }
            }
            Op::WithCleanupStart { why_codes } => self.with_cleanup_start(f, why_codes)?,
            Op::WithCleanupFinish { why_codes } => {
                let res = f.pop()?;
                let exc = f.pop()?;
                if !exc.is_none() && self.truthy(&res)? {
                    if why_codes {
                        f.push(Value::Int(WHY_SILENCED));
                    } else {
                        self.pop_except_handler(f)?;
                        f.push(Value::Null);
                    }
                }
            }
            Op::BeginFinally => f.push(Value::Null),
            Op::CallFinally(t) => {
                f.push(Value::Int(f.pc as i64));
                f.pc = t as usize;
            }
            Op::PopFinally(preserve_tos) => {
                let res = if preserve_tos { Some(f.pop()?) } else { None };
                let exc = f.pop()?;
                if !matches!(exc, Value::Null | Value::Int(_)) {
                    f.pop()?;
                    f.pop()?;
                    match f.blocks.pop() {
                        Some(b) if b.kind == BlockKind::ExceptHandler => {}
                        _ => return Err(f.bad("popped block is not an except handler")),
                    }
                    self.restore_handled(f)?;
                }
                if let Some(res) = res {
                    f.push(res);
                }
            }
            Op::EndAsyncForBlocks => {
                let typ = f.pop()?;
                let stop = self.types.exc("StopAsyncIteration");
                if matches!(&typ, Value::Class(c) if c.is_subclass(&stop)) {
                    self.pop_except_handler(f)?;
                    f.pop()?;
                } else {
                    let value = f.pop()?;
                    let _tb = f.pop()?;
                    return Err(reraise(f, value));
                }
            }
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
        }
        Ok(None)
    }

    /// Pop the innermost block, which must be an `EXCEPT_HANDLER`, and restore the
    /// exception it saved.
    fn pop_except_handler(&mut self, f: &mut Frame) -> PyResult<()> {
        match f.blocks.pop() {
            Some(b) if b.kind == BlockKind::ExceptHandler => self.unwind_except_handler(f, b),
            _ => Err(f.bad("popped block is not an except handler")),
        }
    }

    /// `END_FINALLY` with a why code (≤ 3.7): resume what the finally clause
    /// interrupted.
    fn end_finally_why(&mut self, f: &mut Frame, why: i64) -> PyResult<Option<Exit>> {
        let why = match why {
            WHY_RETURN => Why::Return(f.pop()?),
            WHY_CONTINUE => match f.pop()? {
                Value::Int(t) if t >= 0 && (t as usize) < f.code.ops.len() => {
                    Why::Continue(t as u32)
                }
                _ => return Err(f.bad("continue target is not an instruction")),
            },
            WHY_BREAK => Why::Break,
            WHY_SILENCED => {
                self.pop_except_handler(f)?;
                return Ok(None);
            }
            _ => return Err(f.bad("'finally' pops bad exception")),
        };
        self.unwind_why(f, why)
    }

    /// `WITH_CLEANUP_START`: call `__exit__` with the exception being handled, or
    /// with three Nones. TOS says how the block was left: None/NULL (normally), a
    /// why code (≤ 3.7; `return`/`continue` keep their value above the exit
    /// function), or an exception type with its EXCEPT_HANDLER triples, under which
    /// the exit function is removed (the handler block's level drops by one).
    pub(super) fn with_cleanup_start(&mut self, f: &mut Frame, why_codes: bool) -> PyResult<()> {
        let top = f.peek(1)?.clone();
        let (exit, exc, val, tb) = match &top {
            Value::None | Value::Null => {
                f.pop()?;
                let exit = f.pop()?;
                f.push(top);
                (exit, Value::None, Value::None, Value::None)
            }
            Value::Int(why) if why_codes => {
                f.pop()?;
                let exit = if matches!(*why, WHY_RETURN | WHY_CONTINUE) {
                    let kept = f.pop()?;
                    let exit = f.pop()?;
                    f.push(kept);
                    exit
                } else {
                    f.pop()?
                };
                f.push(top);
                (exit, Value::None, Value::None, Value::None)
            }
            _ => {
                let len = f.stack.len();
                if len < 7 {
                    return Err(f.bad("stack underflow"));
                }
                let val = f.peek(2)?.clone();
                let tb = f.peek(3)?.clone();
                let exit = f.stack.remove(len - 7);
                f.stack.insert(len - 4, Value::Null);
                match f.blocks.last_mut() {
                    Some(b) if b.kind == BlockKind::ExceptHandler && b.level > 0 => {
                        b.level -= 1;
                    }
                    _ => return Err(f.bad("WITH_CLEANUP_START outside an except handler")),
                }
                (exit, top, val, tb)
            }
        };
        let res = self.call(&exit, Args::new(vec![exc.clone(), val, tb]))?;
        f.push(exc);
        f.push(res);
        Ok(())
    }
}
