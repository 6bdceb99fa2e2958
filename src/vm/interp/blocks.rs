//! The ≤ 3.10 block stack (`Python/ceval.c` of 3.9/3.10): `SETUP_FINALLY` /
//! `SETUP_WITH` push a block, `POP_BLOCK` pops it; an exception unwinds to the
//! innermost handler block, which becomes an `EXCEPT_HANDLER` block with the
//! previous and the new exception pushed as (traceback, value, type) triples.

use std::rc::Rc;

use super::{Block, Error, Exit, Frame, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::{Args, Instance};
use crate::vm::value::{Str, Value};

impl Vm {
    pub(super) fn step_blocks(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::SetupFinally(t) => f.blocks.push(Block {
                handler: t,
                level: f.stack.len(),
                except_handler: false,
            }),
            Op::SetupWith(t) => {
                let mgr = f.pop()?;
                let exit = self.getattr(&mgr, &Str::from("__exit__"))?;
                let enter = self.getattr(&mgr, &Str::from("__enter__"))?;
                f.push(exit);
                let r = self.call(&enter, Args::default())?;
                f.blocks.push(Block {
                    handler: t,
                    level: f.stack.len(),
                    except_handler: false,
                });
                f.push(r);
            }
            Op::PopBlock => {
                f.blocks
                    .pop()
                    .ok_or_else(|| f.bad("POP_BLOCK without a block"))?;
            }
            Op::PopExceptBlock => {
                match f.blocks.pop() {
                    Some(b) if b.except_handler => {}
                    _ => return Err(f.bad("popped block is not an except handler")),
                }
                let _typ = f.pop()?;
                self.handled = f.pop()?;
                let _tb = f.pop()?;
            }
            Op::Reraise3 => {
                let _typ = f.pop()?;
                let value = f.pop()?;
                let _tb = f.pop()?;
                return Err(match value {
                    Value::Instance(i) if i.exc.is_some() => Error::Py(i),
                    _ => f.bad("RERAISE of a non-exception"),
                });
            }
            Op::JumpIfNotExcMatch(t) => {
                let right = f.pop()?;
                let left = f.pop()?;
                if !self.class_matches(&left, &right)? {
                    f.pc = t as usize;
                }
            }
            Op::WithExceptStart7 => {
                let exit = f.peek(7)?.clone();
                let args = vec![f.peek(1)?.clone(), f.peek(2)?.clone(), f.peek(3)?.clone()];
                let r = self.call(&exit, Args::new(args))?;
                f.push(r);
            }
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
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

    /// Unwind the block stack for `exc`; `true` when a handler was entered.
    pub(super) fn unwind_blocks(&mut self, f: &mut Frame, exc: &Rc<Instance>) -> PyResult<bool> {
        while let Some(b) = f.blocks.pop() {
            if b.except_handler {
                // Leaving a handler: restore the exception it saved.
                if f.stack.len() < b.level + 3 {
                    return Err(f.bad("except-handler block below its saved exception"));
                }
                f.stack.truncate(b.level + 3);
                let _typ = f.pop()?;
                self.handled = f.pop()?;
                let _tb = f.pop()?;
                continue;
            }
            if b.level > f.stack.len() {
                return Err(f.bad("block level above the stack"));
            }
            f.stack.truncate(b.level);
            f.blocks.push(Block {
                handler: 0,
                level: f.stack.len(),
                except_handler: true,
            });
            let prev = self.handled.clone();
            let prev_type = match &prev {
                Value::Instance(i) => Value::Class(i.class()),
                _ => Value::None,
            };
            f.push(Value::None);
            f.push(prev);
            f.push(prev_type);
            f.push(Value::None);
            f.push(Value::Instance(exc.clone()));
            f.push(Value::Class(exc.class()));
            self.handled = Value::Instance(exc.clone());
            f.pc = b.handler as usize;
            return Ok(true);
        }
        Ok(false)
    }
}
