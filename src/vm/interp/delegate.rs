//! `throw()` and `close()` on a generator suspended in `yield from` / `await`:
//! the exception goes to the delegate first (`Objects/genobject.c: _gen_throw`).
//! If the delegate yields, so does the generator; if it returns, the `yield from`
//! completes with its value; if it raises, that exception is raised in the
//! generator's frame.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Error, Frame, GenResult, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::Generator;
use crate::vm::value::{Str, Value};

/// What the delegate did with a thrown exception.
pub(super) enum Delegated {
    /// It yielded this value (the generator stays suspended).
    Yielded(Value),
    /// The generator resumes with this exception instead.
    Raise(Error),
}

/// The receiver a suspended frame delegates to, if it is inside `yield from`.
fn delegate(frame: &Frame) -> Option<Value> {
    if !frame.started {
        return None;
    }
    let ops = &frame.code.ops;
    let pc = frame.pc;
    // ≤ 3.10 resumes by re-running YIELD_FROM; 3.11+ suspends at the YIELD_VALUE
    // of a SEND loop.
    let in_send_loop = pc >= 2
        && ops.get(pc - 1) == Some(&Op::YieldValue)
        && matches!(ops.get(pc - 2), Some(Op::Send { .. }));
    let legacy = ops.get(pc) == Some(&Op::YieldFrom);
    (legacy || in_send_loop)
        .then(|| frame.stack.last().cloned())
        .flatten()
}

/// Finish a frame's `yield from` with the delegate's return value `v`: the frame
/// continues after the delegation, where `v` is what resuming pushes.
fn complete(frame: &mut Frame) {
    let pc = frame.pc;
    if frame.code.ops.get(pc) == Some(&Op::YieldFrom) {
        frame.stack.pop();
        frame.pc = pc + 1;
    } else if let Some(&Op::Send {
        target,
        pop_receiver,
    }) = pc.checked_sub(2).and_then(|i| frame.code.ops.get(i))
    {
        if pop_receiver {
            frame.stack.pop();
        }
        frame.pc = target as usize;
    }
}

impl Vm {
    /// Offer `exc`, thrown into `gen`, to the generator's delegate. `Ok(Err(v))`:
    /// the delegate returned `v` and the frame was moved past its `yield from`.
    pub(super) fn throw_to_delegate(
        &mut self,
        gen: &Rc<RefCell<Generator>>,
        exc: Error,
    ) -> PyResult<Result<Delegated, Value>> {
        let recv = {
            let g = gen.borrow();
            match (&g.frame, g.running) {
                (Some(frame), false) => delegate(frame),
                _ => None,
            }
        };
        let Some(recv) = recv else {
            return Ok(Ok(Delegated::Raise(exc)));
        };
        let outcome = if self.error_is(&exc, "GeneratorExit") {
            let closed = match &recv {
                Value::Generator(g) => self.close_generator(g),
                other => match self.getattr(other, &Str::from("close")) {
                    Ok(close) => self.call_pos(&close, vec![]).map(|_| ()),
                    Err(_) => Ok(()),
                },
            };
            return Ok(Ok(Delegated::Raise(closed.err().unwrap_or(exc))));
        } else {
            match &recv {
                Value::Generator(g) => self.resume(g, Value::None, Some(exc)),
                other => match self.getattr(other, &Str::from("throw")) {
                    Err(_) => return Ok(Ok(Delegated::Raise(exc))),
                    Ok(throw) => {
                        let Error::Py(inst) = &exc else {
                            return Err(exc);
                        };
                        match self.call_pos(&throw, vec![Value::Instance(inst.clone())]) {
                            Ok(x) => Ok(GenResult::Yielded(x)),
                            Err(Error::Py(e))
                                if e.class().is_subclass(&self.types.exc("StopIteration")) =>
                            {
                                Ok(GenResult::Returned(self.exception_value(&e)))
                            }
                            Err(e) => Err(e),
                        }
                    }
                },
            }
        };
        Ok(match outcome {
            Ok(GenResult::Yielded(x)) => Ok(Delegated::Yielded(x)),
            Ok(GenResult::Returned(v)) => {
                if let Some(frame) = gen.borrow_mut().frame.as_mut() {
                    complete(frame);
                }
                Err(v)
            }
            Err(Error::Fatal(e)) => return Err(Error::Fatal(e)),
            Err(e) => Ok(Delegated::Raise(e)),
        })
    }
}
