//! Type parameters (3.12+): `TypeVar`, `ParamSpec`, `TypeVarTuple`, generic
//! functions and classes, and `type X = ...` aliases.

use super::{Frame, PyResult, Vm};
use crate::vm::load::{Intrinsic1, Intrinsic2};
use crate::vm::value::Value;

impl Vm {
    pub(super) fn type_params_intrinsic1(
        &mut self,
        f: &mut Frame,
        which: Intrinsic1,
        v: Value,
    ) -> PyResult<Value> {
        let _ = v;
        Err(f.bad(&format!("intrinsic {which:?} is not supported")))
    }

    pub(super) fn type_params_intrinsic2(
        &mut self,
        which: Intrinsic2,
        v2: Value,
        v1: Value,
    ) -> PyResult<Value> {
        let _ = (v2, v1);
        Err(self.type_error(format!("intrinsic {which:?} is not supported")))
    }
}
