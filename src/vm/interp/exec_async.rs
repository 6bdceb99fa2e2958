//! Coroutine instructions (`await`, `async with`, `async for`) and delegation to
//! iterator objects (`yield from` / `await` through `SEND`).

use super::{Error, Exit, Frame, GenResult, PyResult, Vm};
use crate::vm::load::Op;
use crate::vm::objects::{Args, AsyncGenOpKind, IterState};
use crate::vm::value::{Str, Value};

impl Vm {
    pub(super) fn step_async(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::GetAwaitable => {
                let v = f.pop()?;
                let a = self.awaitable(&v)?;
                f.push(a);
            }
            Op::BeforeAsyncWith => {
                let mgr = f.pop()?;
                if self.version <= crate::version::Version::V3_10 {
                    for name in ["__aenter__", "__aexit__"] {
                        if self.special(&mgr, name).is_none() {
                            return Err(self.exc("AttributeError", name));
                        }
                    }
                }
                let no_protocol = |vm: &Vm, mgr: &Value| {
                    vm.type_error(format!(
                        "'{}' object does not support the asynchronous context manager protocol",
                        vm.type_name(mgr)
                    ))
                };
                let exit = self
                    .getattr(&mgr, &Str::from("__aexit__"))
                    .map_err(|_| no_protocol(self, &mgr))?;
                let enter = self
                    .getattr(&mgr, &Str::from("__aenter__"))
                    .map_err(|_| no_protocol(self, &mgr))?;
                let r = self.call(&enter, Args::default())?;
                f.push(exit);
                f.push(r);
            }
            Op::GetAIter { awaitable } => {
                let v = f.pop()?;
                if matches!(&v, Value::Generator(g) if super::is_async_gen(g)) {
                    f.push(if awaitable {
                        crate::vm::interp::new_iter(IterState::AIterWrapper(v))
                    } else {
                        v
                    });
                    return Ok(None);
                }
                let m = self.special(&v, "__aiter__").ok_or_else(|| {
                    self.type_error(format!(
                        "'async for' requires an object with __aiter__ method, got {}",
                        self.type_name(&v)
                    ))
                })?;
                let it = self.call_pos(&m, vec![v])?;
                if awaitable && self.special(&it, "__anext__").is_some() {
                    // 3.6 awaits the result of GET_AITER.
                    f.push(crate::vm::interp::new_iter(IterState::AIterWrapper(it)));
                } else {
                    f.push(it);
                }
            }
            Op::GetANext => {
                let it = f.peek(1)?.clone();
                if let Value::Generator(g) = &it {
                    if super::is_async_gen(g) {
                        let op = self.async_gen_op(g, AsyncGenOpKind::Send(Value::None), None);
                        f.push(op);
                        return Ok(None);
                    }
                }
                let m = self.special(&it, "__anext__").ok_or_else(|| {
                    self.type_error(format!(
                        "'async for' requires an iterator with __anext__ method, got {}",
                        self.type_name(&it)
                    ))
                })?;
                let r = self.call_pos(&m, vec![it])?;
                let a = self.awaitable(&r)?;
                f.push(a);
            }
            Op::EndAsyncFor => {
                let exc = f.pop()?;
                f.pop()?;
                let Value::Instance(inst) = exc else {
                    return Err(f.bad("END_ASYNC_FOR without an exception"));
                };
                if !inst
                    .class()
                    .is_subclass(&self.types.exc("StopAsyncIteration"))
                {
                    return Err(Error::Py(inst));
                }
            }
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
        }
        Ok(None)
    }

    /// `SEND` to an iterator object: `__next__()` (or `send(v)`), its
    /// `StopIteration` value becoming the result of `yield from` / `await`.
    pub(super) fn send_to_iterator(&mut self, it: &Value, v: Value) -> PyResult<GenResult> {
        let r = if v.is_none() {
            match self.special(it, "__next__") {
                Some(m) => self.call_pos(&m, vec![it.clone()]),
                None => Err(self.type_error(format!(
                    "'{}' object is not an iterator",
                    self.type_name(it)
                ))),
            }
        } else {
            let send = self.getattr(it, &Str::from("send"))?;
            self.call_pos(&send, vec![v])
        };
        match r {
            Ok(x) => Ok(GenResult::Yielded(x)),
            Err(Error::Py(inst)) if inst.class().is_subclass(&self.types.exc("StopIteration")) => {
                Ok(GenResult::Returned(self.exception_value(&inst)))
            }
            Err(e) => Err(e),
        }
    }

    /// The iterator behind `await v`: a coroutine itself, or `v.__await__()`.
    fn awaitable(&mut self, v: &Value) -> PyResult<Value> {
        if let Value::Generator(_) = v {
            return Ok(v.clone());
        }
        if let Value::Iter(it) = v {
            if matches!(&*it.borrow(), IterState::AsyncGenOp { .. }) {
                return Ok(v.clone());
            }
        }
        match self.special(v, "__await__") {
            Some(m) => self.call_pos(&m, vec![v.clone()]),
            None => Err(self.type_error(format!(
                "object {} can't be used in 'await' expression",
                self.type_name(v)
            ))),
        }
    }
}
