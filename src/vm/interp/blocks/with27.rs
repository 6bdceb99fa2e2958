//! 2.7's single `WITH_CLEANUP` (`Python/ceval.c` of 2.7): below TOS — None, a why
//! code (with the return value or `continue` target under `WHY_RETURN` /
//! `WHY_CONTINUE`), or an exception triple — sits the `__exit__` method. It is
//! removed and called; a true result for an exception replaces the triple with
//! None, so that `END_FINALLY` does not re-raise.

use crate::vm::interp::{Frame, PyResult, Vm};
use crate::vm::objects::Args;
use crate::vm::value::Value;

impl Vm {
    pub(in crate::vm::interp) fn with_cleanup27(&mut self, f: &mut Frame) -> PyResult<()> {
        let top = f.peek(1)?.clone();
        if matches!(top, Value::None | Value::Int(_)) {
            // As ≤ 3.7's WITH_CLEANUP_START without an exception; nothing to
            // silence, so its (None, result) pair is dropped.
            self.with_cleanup_start(f, true)?;
            f.pop_n(2)?;
            return Ok(());
        }
        let top = f.pop()?;
        let value = f.pop()?;
        let tb = f.pop()?;
        let exit = f.pop()?;
        f.push(tb.clone());
        f.push(value.clone());
        f.push(top.clone());
        let res = self.call(&exit, Args::new(vec![top, value, tb]))?;
        if self.truthy(&res)? {
            f.pop_n(3)?;
            f.push(Value::None);
        }
        Ok(())
    }
}
