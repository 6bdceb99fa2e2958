//! Async generators: the `asend`/`athrow`/`aclose`/`__anext__` awaitables
//! (`Objects/genobject.c: async_gen_asend_send`, `async_gen_athrow_send`), and
//! `ASYNC_GEN_WRAP`, which tells the values an async generator yields apart from
//! those an `await` inside it passes up to the event loop.

use std::cell::RefCell;
use std::rc::Rc;

use super::{new_iter, Error, GenResult, PyResult, Vm};
use crate::vm::objects::{Args, AsyncGenOpKind, Generator, IterState};
use crate::vm::value::{Str, Value};

/// `CO_ASYNC_GENERATOR`
const CO_ASYNC_GENERATOR: u32 = 0x200;

/// Whether `g` is an async generator.
pub fn is_async_gen(g: &Rc<RefCell<Generator>>) -> bool {
    g.borrow().flags & CO_ASYNC_GENERATOR != 0
}

impl Vm {
    /// `ASYNC_GEN_WRAP`
    pub(super) fn async_gen_wrap(&mut self, v: Value) -> Value {
        new_iter(IterState::AsyncGenWrapped(v))
    }

    /// The awaitable of one operation on an async generator.
    pub fn async_gen_op(
        &self,
        gen: &Rc<RefCell<Generator>>,
        kind: AsyncGenOpKind,
        default: Option<Value>,
    ) -> Value {
        new_iter(IterState::AsyncGenOp {
            gen: gen.clone(),
            kind,
            started: false,
            done: false,
            default,
        })
    }

    /// One step of an async generator operation awaited with `v` (or `throw`):
    /// `Yielded` passes an `await` of the generator up; `Returned` completes the
    /// operation with its result.
    pub fn async_op_send(
        &mut self,
        op: &Rc<RefCell<IterState>>,
        v: Value,
        throw: Option<Error>,
    ) -> PyResult<GenResult> {
        let (gen, kind, started, done, default) = match &*op.borrow() {
            IterState::AsyncGenOp {
                gen,
                kind,
                started,
                done,
                default,
            } => (gen.clone(), kind.clone(), *started, *done, default.clone()),
            _ => return Err(self.type_error("not an async generator operation")),
        };
        if done {
            return Err(self.exc(
                "RuntimeError",
                "cannot reuse already awaited __anext__()/asend()",
            ));
        }
        let close = matches!(kind, AsyncGenOpKind::Close);
        let (sent, throw) = if started {
            (v, throw)
        } else {
            if let IterState::AsyncGenOp { started, .. } = &mut *op.borrow_mut() {
                *started = true;
            }
            match kind {
                AsyncGenOpKind::Send(x) => (x, throw),
                AsyncGenOpKind::Throw(e) => {
                    let exc = self.make_exception(e)?;
                    (Value::None, Some(Error::Py(exc)))
                }
                AsyncGenOpKind::Close => {
                    let unstarted = gen.borrow().frame.as_ref().is_none_or(|f| !f.started);
                    if gen.borrow().finished || unstarted {
                        gen.borrow_mut().finished = true;
                        self.finish_op(op);
                        return Ok(GenResult::Returned(Value::None));
                    }
                    (Value::None, Some(self.exc_args("GeneratorExit", vec![])))
                }
            }
        };
        let r = self.resume(&gen, sent, throw);
        let wrapped = |x: &Value| match x {
            Value::Iter(it) => match &*it.borrow() {
                IterState::AsyncGenWrapped(inner) => Some(inner.clone()),
                _ => None,
            },
            _ => None,
        };
        match r {
            Ok(GenResult::Yielded(x)) => match wrapped(&x) {
                None => Ok(GenResult::Yielded(x)),
                Some(_) if close => {
                    self.finish_op(op);
                    Err(self.exc("RuntimeError", "async generator ignored GeneratorExit"))
                }
                Some(inner) => {
                    self.finish_op(op);
                    Ok(GenResult::Returned(inner))
                }
            },
            Ok(GenResult::Returned(_)) => {
                self.finish_op(op);
                match (close, default) {
                    (true, _) => Ok(GenResult::Returned(Value::None)),
                    (false, Some(d)) => Ok(GenResult::Returned(d)),
                    (false, None) => Err(self.exc_args("StopAsyncIteration", vec![])),
                }
            }
            Err(e) => {
                self.finish_op(op);
                let stop = self.error_is(&e, "StopAsyncIteration");
                if close && (stop || self.error_is(&e, "GeneratorExit")) {
                    return Ok(GenResult::Returned(Value::None));
                }
                match default {
                    Some(d) if stop => Ok(GenResult::Returned(d)),
                    _ => Err(e),
                }
            }
        }
    }

    fn finish_op(&self, op: &Rc<RefCell<IterState>>) {
        if let IterState::AsyncGenOp { done, .. } = &mut *op.borrow_mut() {
            *done = true;
        }
    }
}

/// `anext(it[, default])`
pub fn anext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::vm::builtins::arity(vm, "anext", &args, 1, 2)?;
    if let Value::Generator(g) = &args.pos[0] {
        if is_async_gen(g) {
            let kind = crate::vm::objects::AsyncGenOpKind::Send(Value::None);
            return Ok(vm.async_gen_op(g, kind, args.pos.get(1).cloned()));
        }
    }
    let m = vm.getattr(&args.pos[0], &Str::from("__anext__"))?;
    vm.call_pos(&m, vec![])
}

/// `aiter(it)`
pub fn aiter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::vm::builtins::arity(vm, "aiter", &args, 1, 1)?;
    if matches!(&args.pos[0], Value::Generator(g) if is_async_gen(g)) {
        return Ok(args.pos[0].clone());
    }
    let m = vm.getattr(&args.pos[0], &Str::from("__aiter__"))?;
    vm.call_pos(&m, vec![])
}
