//! 2.7's single `WITH_CLEANUP` (`Python/ceval.c` of 2.7): below TOS — None, a why
//! code (with the return value or `continue` target under `WHY_RETURN` /
//! `WHY_CONTINUE`), or an exception triple — sits the `__exit__` method. It is
//! removed and called; a true result for an exception replaces the triple with
//! None, so that `END_FINALLY` does not re-raise.

use super::{WHY_CONTINUE, WHY_RETURN};
use crate::vm::interp::{Frame, PyResult, Vm};
use crate::vm::objects::Args;
use crate::vm::value::Value;

impl Vm {
    pub(in crate::vm::interp) fn with_cleanup27(&mut self, f: &mut Frame) -> PyResult<()> {
        let top = f.pop()?;
        let (exit, args) = match &top {
            Value::None => {
                let exit = f.pop()?;
                f.push(top);
                (exit, None)
            }
            Value::Int(why) => {
                let exit = if matches!(*why, WHY_RETURN | WHY_CONTINUE) {
                    let kept = f.pop()?;
                    let exit = f.pop()?;
                    f.push(kept);
                    exit
                } else {
                    f.pop()?
                };
                f.push(top);
                (exit, None)
            }
            _ => {
                let value = f.pop()?;
                let tb = f.pop()?;
                let exit = f.pop()?;
                f.push(tb.clone());
                f.push(value.clone());
                f.push(top.clone());
                (exit, Some(vec![top, value, tb]))
            }
        };
        let Some(args) = args else {
            self.call(&exit, Args::new(vec![Value::None; 3]))?;
            return Ok(());
        };
        let res = self.call(&exit, Args::new(args))?;
        if self.truthy(&res)? {
            f.pop_n(3)?;
            f.push(Value::None);
        }
        Ok(())
    }
}
