//! `CHECK_EG_MATCH`, `CALL_INTRINSIC_2`, and the `CALL_INTRINSIC_1` functions of
//! async generators and type parameters.

use super::{Exit, Frame, PyResult, Vm};
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

    /// The `CALL_INTRINSIC_1` functions added with async generators (3.11) and type
    /// parameters (3.12).
    pub(super) fn intrinsic1_more(
        &mut self,
        f: &mut Frame,
        which: Intrinsic1,
        v: Value,
    ) -> PyResult<Value> {
        match which {
            Intrinsic1::AsyncGenWrap => Ok(self.async_gen_wrap(v)),
            other => self.type_params_intrinsic1(f, other, v),
        }
    }
}
