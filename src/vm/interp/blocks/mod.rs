//! The ≤ 3.10 block stack (`Python/ceval.c` of those versions): `SETUP_*`
//! instructions push a block, `POP_BLOCK` pops it. An exception unwinds to the
//! innermost except/finally block, which becomes an `EXCEPT_HANDLER` block with the
//! previous and the new exception pushed as (traceback, value, type) triples.
//! Up to 3.7, `return`, `break` and `continue` unwind the blocks too (a "why"
//! code): loops stop `break` and `continue`, finally blocks run with the why code
//! (and the return value or continue target) on the stack, and `END_FINALLY`
//! resumes the unwinding. `finally.rs` has `END_FINALLY`, the `with` cleanup and
//! 3.8's `*_FINALLY` instructions.

mod finally;
mod with27;

use std::rc::Rc;

use super::{Block, BlockKind, Error, Exit, Frame, PyResult, Vm};
use crate::version::Version;
use crate::vm::load::{Op, SetupKind};
use crate::vm::objects::{Args, Instance};
use crate::vm::value::{Str, Value};

/// Why code of `return` (CPython's `WHY_RETURN`), kept on the stack as an int.
const WHY_RETURN: i64 = 0x08;
/// `WHY_BREAK`
const WHY_BREAK: i64 = 0x10;
/// `WHY_CONTINUE`
const WHY_CONTINUE: i64 = 0x20;
/// `WHY_SILENCED`: an exception was swallowed by `__exit__`.
const WHY_SILENCED: i64 = 0x80;

/// A non-exception reason to leave blocks (≤ 3.7).
#[derive(Debug)]
pub(super) enum Why {
    /// `return value`
    Return(Value),
    /// `break`
    Break,
    /// `continue` to this instruction.
    Continue(u32),
}

impl Why {
    fn code(&self) -> i64 {
        match self {
            Why::Return(_) => WHY_RETURN,
            Why::Break => WHY_BREAK,
            Why::Continue(_) => WHY_CONTINUE,
        }
    }
}

impl Vm {
    pub(super) fn step_blocks(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::Setup(kind, t) => push_block(f, BlockKind::Setup(kind), t),
            Op::SetupWith(t) => {
                let mgr = f.pop()?;
                // ≤ 3.10 looks the methods up on the type and names what is
                // missing; 2.7 looks for `__exit__` first, 3.x for `__enter__`.
                let names = if f.code.version == Version::V2_7 {
                    ["__exit__", "__enter__"]
                } else {
                    ["__enter__", "__exit__"]
                };
                for name in names {
                    if self.special(&mgr, name).is_none() {
                        return Err(self.exc("AttributeError", name));
                    }
                }
                let exit = self.getattr(&mgr, &Str::from("__exit__"))?;
                let enter = self.getattr(&mgr, &Str::from("__enter__"))?;
                f.push(exit);
                let r = self.call(&enter, Args::default())?;
                push_block(f, BlockKind::Setup(SetupKind::Finally), t);
                f.push(r);
            }
            Op::SetupAsyncWith(t) => {
                let r = f.pop()?;
                push_block(f, BlockKind::Setup(SetupKind::Finally), t);
                f.push(r);
            }
            Op::PopBlock { unwind } => {
                let b = f
                    .blocks
                    .pop()
                    .ok_or_else(|| f.bad("POP_BLOCK without a block"))?;
                if unwind {
                    truncate_to(f, b.level)?;
                }
            }
            Op::PopExceptBlock => {
                match f.blocks.pop() {
                    Some(b) if b.kind == BlockKind::ExceptHandler => {}
                    _ => return Err(f.bad("popped block is not an except handler")),
                }
                self.restore_handled(f)?;
            }
            Op::Reraise3 => {
                let _typ = f.pop()?;
                let value = f.pop()?;
                let _tb = f.pop()?;
                return Err(reraise(f, value));
            }
            Op::JumpIfNotExcMatch(t) => {
                let right = f.pop()?;
                let left = f.pop()?;
                if !self.class_matches(&left, &right)? {
                    f.pc = t as usize;
                }
            }
            Op::ExcMatch => {
                let right = f.pop()?;
                let left = f.pop()?;
                let r = self.class_matches(&left, &right)?;
                f.push(Value::Bool(r));
            }
            Op::WithExceptStart7 => {
                let exit = f.peek(7)?.clone();
                let args = vec![f.peek(1)?.clone(), f.peek(2)?.clone(), f.peek(3)?.clone()];
                let r = self.call(&exit, Args::new(args))?;
                f.push(r);
            }
            Op::BreakLoop => return self.unwind_why(f, Why::Break),
            Op::ContinueLoop(t) => return self.unwind_why(f, Why::Continue(t)),
            Op::ReturnThroughBlocks => {
                let v = f.pop()?;
                return self.unwind_why(f, Why::Return(v));
            }
            other => return self.step_finally(f, other),
        }
        Ok(None)
    }

    /// Whether the exception class `left` matches an `except` clause type.
    fn class_matches(&mut self, left: &Value, right: &Value) -> PyResult<bool> {
        match right {
            Value::Tuple(t) => {
                for c in t.iter() {
                    if self.class_matches(left, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Class(c) => Ok(matches!(left, Value::Class(l) if l.is_subclass(c))),
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// Pop the (traceback, value, type) triple an `EXCEPT_HANDLER` block saved and
    /// make its value the handled exception again.
    fn restore_handled(&mut self, f: &mut Frame) -> PyResult<()> {
        let _typ = f.pop()?;
        self.handled = f.pop()?;
        let _tb = f.pop()?;
        Ok(())
    }

    /// Leave an `EXCEPT_HANDLER` block (`UNWIND_EXCEPT_HANDLER`).
    fn unwind_except_handler(&mut self, f: &mut Frame, b: Block) -> PyResult<()> {
        if f.stack.len() < b.level + 3 {
            return Err(f.bad("except-handler block below its saved exception"));
        }
        f.stack.truncate(b.level + 3);
        self.restore_handled(f)
    }

    /// Unwind the block stack for `exc`; `true` when a handler was entered.
    pub(super) fn unwind_blocks(&mut self, f: &mut Frame, exc: &Rc<Instance>) -> PyResult<bool> {
        while let Some(b) = f.blocks.pop() {
            let BlockKind::Setup(kind) = b.kind else {
                self.unwind_except_handler(f, b)?;
                continue;
            };
            truncate_to(f, b.level)?;
            if kind != SetupKind::Loop {
                self.enter_handler(f, kind, b.handler, exc);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Jump to the handler of a block of `kind` for `exc`.
    fn enter_handler(&mut self, f: &mut Frame, kind: SetupKind, handler: u32, exc: &Rc<Instance>) {
        if f.code.version == Version::V2_7 {
            // 2.7: no EXCEPT_HANDLER block; a finally clause leaves
            // `sys.exc_info()` alone.
            if kind != SetupKind::Finally {
                self.handled = Value::Instance(exc.clone());
            }
        } else {
            push_block(f, BlockKind::ExceptHandler, 0);
            let prev = self.handled.clone();
            let prev_type = match &prev {
                Value::Instance(i) => Value::Class(i.class()),
                _ => Value::None,
            };
            f.push(Value::None);
            f.push(prev);
            f.push(prev_type);
            self.handled = Value::Instance(exc.clone());
        }
        f.push(Value::None);
        f.push(Value::Instance(exc.clone()));
        f.push(Value::Class(exc.class()));
        f.pc = handler as usize;
    }

    /// Unwind the block stack for `return`/`break`/`continue` (≤ 3.7,
    /// `fast_block_end`): a loop takes `break` and `continue`, a finally block
    /// runs with the why code on the stack; a return that leaves every block
    /// returns from the frame.
    pub(super) fn unwind_why(&mut self, f: &mut Frame, why: Why) -> PyResult<Option<Exit>> {
        while let Some(&b) = f.blocks.last() {
            if let (BlockKind::Setup(SetupKind::Loop), Why::Continue(t)) = (b.kind, &why) {
                f.pc = *t as usize;
                return Ok(None);
            }
            f.blocks.pop();
            let BlockKind::Setup(kind) = b.kind else {
                self.unwind_except_handler(f, b)?;
                continue;
            };
            truncate_to(f, b.level)?;
            match (kind, &why) {
                (SetupKind::Loop, Why::Break) => {
                    f.pc = b.handler as usize;
                    return Ok(None);
                }
                (SetupKind::Finally | SetupKind::With, _) => {
                    let code = why.code();
                    match why {
                        Why::Return(v) => f.push(v),
                        Why::Continue(t) => f.push(Value::Int(i64::from(t))),
                        Why::Break => {}
                    }
                    f.push(Value::Int(code));
                    f.pc = b.handler as usize;
                    return Ok(None);
                }
                _ => {}
            }
        }
        match why {
            Why::Return(v) => Ok(Some(Exit::Return(v))),
            Why::Break | Why::Continue(_) => Err(f.bad("'break' or 'continue' outside a loop")),
        }
    }
}

fn push_block(f: &mut Frame, kind: BlockKind, handler: u32) {
    f.blocks.push(Block {
        kind,
        handler,
        level: f.stack.len(),
    });
}

/// Drop the values above `level` (`UNWIND_BLOCK`).
fn truncate_to(f: &mut Frame, level: usize) -> PyResult<()> {
    if level > f.stack.len() {
        return Err(f.bad("block level above the stack"));
    }
    f.stack.truncate(level);
    Ok(())
}

/// Re-raise the exception `value` popped from the stack.
fn reraise(f: &Frame, value: Value) -> Error {
    match value {
        Value::Instance(i) if i.exc.is_some() => Error::Py(i),
        _ => f.bad("re-raise of a non-exception"),
    }
}
