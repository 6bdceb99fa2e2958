//! `CHECK_EG_MATCH`, `CALL_INTRINSIC_2` and `CALL_INTRINSIC_1` (with the functions
//! of async generators and type parameters).

use super::{Error, Exit, Frame, PyResult, Vm};
use crate::vm::load::{Intrinsic1, Intrinsic2, Op};
use crate::vm::value::Value;

impl Vm {
    pub(super) fn step_intrinsic(&mut self, f: &mut Frame, op: Op) -> PyResult<Option<Exit>> {
        match op {
            Op::CheckEgMatch => {
                let match_type = f.pop()?;
                let exc = f.pop()?;
                let (rest, matched) = self.check_eg_match(f, exc, &match_type)?;
                if !matched.is_none() {
                    self.handled = matched.clone();
                }
                f.push(rest);
                f.push(matched);
            }
            Op::CallIntrinsic2(which) => {
                let v1 = f.pop()?;
                let v2 = f.pop()?;
                let r = self.intrinsic2(which, v2, v1)?;
                f.push(r);
            }
            other => {
                return Err(f.bad(&format!("internal: {other:?} reached the wrong handler")));
            }
        }
        Ok(None)
    }

    fn intrinsic2(&mut self, which: Intrinsic2, v2: Value, v1: Value) -> PyResult<Value> {
        match which {
            Intrinsic2::PrepReraiseStar => self.prep_reraise_star(v2, &v1),
            other => self.type_params_intrinsic2(other, v2, v1),
        }
    }

    /// `CALL_INTRINSIC_1` (and the instructions it replaced before 3.12).
    pub(super) fn intrinsic1(
        &mut self,
        f: &mut Frame,
        which: Intrinsic1,
        v: Value,
    ) -> PyResult<Value> {
        Ok(match which {
            Intrinsic1::Print => {
                if !v.is_none() {
                    let r = self.repr(&v)?;
                    self.write_out(&format!("{r}\n"));
                }
                Value::None
            }
            Intrinsic1::ImportStar => {
                let ns = f.ns.clone().unwrap_or_else(|| f.globals.clone());
                self.import_star(&v, &ns)?;
                Value::None
            }
            Intrinsic1::StopIterationError => {
                let Value::Instance(inst) = &v else {
                    return Ok(v);
                };
                let stop = self.types.exc("StopIteration");
                let is_stop = inst.class().is_subclass(&stop);
                let flags = f.code.flags;
                let async_gen = flags & 0x200 != 0;
                let stop_async = async_gen
                    && inst
                        .class()
                        .is_subclass(&self.types.exc("StopAsyncIteration"));
                if is_stop || stop_async {
                    // `stopiteration_error` in Python/ceval.c.
                    let msg = match (is_stop, async_gen, flags & 0x80 != 0) {
                        (true, true, _) => "async generator raised StopIteration",
                        (true, false, true) => "coroutine raised StopIteration",
                        (true, false, false) => "generator raised StopIteration",
                        _ => "async generator raised StopAsyncIteration",
                    };
                    let Error::Py(new) = self.exc("RuntimeError", msg) else {
                        return Ok(v);
                    };
                    if let Some(d) = &new.exc {
                        let mut d = d.borrow_mut();
                        d.cause = Some(v.clone());
                        d.context = Some(v.clone());
                        d.suppress_context = true;
                    }
                    Value::Instance(new)
                } else {
                    v
                }
            }
            Intrinsic1::UnaryPositive => self.unary_op(&v, "__pos__")?,
            Intrinsic1::ListToTuple => Value::tuple(self.collect(&v)?),
            Intrinsic1::AsyncGenWrap => self.async_gen_wrap(v),
            other => self.type_params_intrinsic1(f, other, v)?,
        })
    }
}
