//! Resuming generators: `send`, `throw`, `close` and iteration.

use std::cell::RefCell;
use std::rc::Rc;

use super::delegate::Delegated;
use super::{Error, Exit, PyResult, Vm};
use crate::vm::objects::Generator;
use crate::vm::value::Value;

/// What a resumed generator did.
#[derive(Debug)]
pub enum GenResult {
    /// It yielded a value.
    Yielded(Value),
    /// It returned (finished) with a value.
    Returned(Value),
}

impl Vm {
    /// Resume `gen`, sending `sent` (or raising `throw` at the suspension point).
    pub fn resume(
        &mut self,
        gen: &Rc<RefCell<Generator>>,
        sent: Value,
        throw: Option<Error>,
    ) -> PyResult<GenResult> {
        let (mut sent, mut throw) = (sent, throw);
        if let Some(e) = throw.take() {
            match self.throw_to_delegate(gen, e)? {
                Ok(Delegated::Yielded(x)) => return Ok(GenResult::Yielded(x)),
                Ok(Delegated::Raise(e)) => throw = Some(e),
                Err(v) => sent = v,
            }
        }
        let taken = {
            let mut g = gen.borrow_mut();
            if g.running {
                drop(g);
                return Err(self.value_error("generator already executing"));
            }
            if g.finished {
                None
            } else {
                g.running = true;
                g.frame.take()
            }
        };
        let Some(mut frame) = taken else {
            return match throw {
                Some(e) => Err(e),
                None => Ok(GenResult::Returned(Value::None)),
            };
        };
        if !frame.started {
            if throw.is_none() && !sent.is_none() {
                gen.borrow_mut().frame = Some(frame);
                gen.borrow_mut().running = false;
                return Err(
                    self.type_error("can't send non-None value to a just-started generator")
                );
            }
            if let Some(e) = throw {
                let mut g = gen.borrow_mut();
                g.running = false;
                g.finished = true;
                return Err(e);
            }
            frame.started = true;
        } else {
            // Thrown into or not, a resumed frame gets the sent value pushed.
            frame.push(sent);
        }
        // The generator's own handled exception sits on top of the caller's while it
        // runs (`gi_exc_state`); the caller's is restored when it stops.
        let outer = self.handled.clone();
        let own = std::mem::replace(&mut gen.borrow_mut().exc_state, Value::None);
        if !own.is_none() {
            self.handled = own;
        }
        let r = match self.enter() {
            Ok(()) => {
                let r = self.run_frame_with(&mut frame, throw);
                self.depth -= 1;
                r
            }
            Err(e) => Err(e),
        };
        let inner = std::mem::replace(&mut self.handled, outer.clone());
        let mut g = gen.borrow_mut();
        g.running = false;
        match r {
            Ok(Exit::Yield(v)) => {
                if !inner.is(&outer) {
                    g.exc_state = inner;
                }
                g.frame = Some(frame);
                Ok(GenResult::Yielded(v))
            }
            Ok(Exit::Return(v)) => {
                g.finished = true;
                Ok(GenResult::Returned(v))
            }
            Err(e) => {
                g.finished = true;
                drop(g);
                // Before 3.12 the conversion happens in the generator machinery
                // (3.12+ compiles it into the frame as INTRINSIC_STOPITERATION_ERROR).
                // 3.6 converts only with `from __future__ import generator_stop`
                // and in coroutines; plain generators let it end the iteration.
                let converts = frame.code.version >= crate::version::Version::V3_7
                    || frame.code.flags & (CO_FUTURE_GENERATOR_STOP | 0x80 | 0x100 | 0x200) != 0;
                if frame.code.version < crate::version::Version::V3_12
                    && converts
                    && self.error_is(&e, "StopIteration")
                {
                    let msg = if frame.code.flags & 0x80 != 0 {
                        "coroutine raised StopIteration"
                    } else {
                        "generator raised StopIteration"
                    };
                    return Err(self.wrap_stop_iteration(e, msg));
                }
                Err(e)
            }
        }
    }

    /// `RuntimeError: generator raised StopIteration`, caused by `e`.
    pub fn wrap_stop_iteration(&self, e: Error, msg: &str) -> Error {
        let Error::Py(old) = e else { return e };
        let new = self.exc("RuntimeError", msg);
        if let Error::Py(n) = &new {
            if let Some(d) = &n.exc {
                let mut d = d.borrow_mut();
                d.cause = Some(Value::Instance(old.clone()));
                d.context = Some(Value::Instance(old));
                d.suppress_context = true;
            }
        }
        new
    }

    /// Close the generators dropped while suspended (see `objects/finalize.rs`);
    /// what they raise is reported and ignored, as CPython does.
    pub fn finalize(&mut self) {
        loop {
            let doomed = crate::vm::objects::take_doomed();
            if doomed.is_empty() {
                return;
            }
            for g in doomed {
                let gen = Rc::new(RefCell::new(g));
                if let Err(Error::Py(exc)) = self.close_generator(&gen) {
                    self.flush();
                    let name = gen.borrow().qualname.clone();
                    let id = Value::Generator(gen).id();
                    let mut text =
                        format!("Exception ignored in: <generator object {name} at {id:#x}>\n");
                    text.push_str(&crate::vm::traceback::exception_line(self, &exc));
                    eprintln!("{}", text.trim_end());
                }
            }
        }
    }

    /// `gen.close()`.
    pub fn close_generator(&mut self, gen: &Rc<RefCell<Generator>>) -> PyResult<()> {
        let unstarted = gen.borrow().frame.as_ref().is_none_or(|f| !f.started);
        if gen.borrow().finished || unstarted {
            gen.borrow_mut().finished = true;
            return Ok(());
        }
        let exit = self.exc_args("GeneratorExit", vec![]);
        match self.resume(gen, Value::None, Some(exit)) {
            Ok(GenResult::Yielded(_)) => {
                Err(self.exc("RuntimeError", "generator ignored GeneratorExit"))
            }
            Ok(GenResult::Returned(_)) => Ok(()),
            Err(e) if self.error_is(&e, "GeneratorExit") || self.error_is(&e, "StopIteration") => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// A `StopIteration` carrying a generator's return value.
    pub fn stop_iteration(&self, v: Value) -> Error {
        let args = if v.is_none() { vec![] } else { vec![v] };
        self.exc_args("StopIteration", args)
    }
}

/// `CO_FUTURE_GENERATOR_STOP`
const CO_FUTURE_GENERATOR_STOP: u32 = 0x80000;
