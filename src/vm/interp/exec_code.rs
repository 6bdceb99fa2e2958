//! `exec` and `eval` of code objects. The VM has no compiler, so source text is a
//! VM error (status 2) rather than a Python exception a program could catch.

use super::{Error, Frame, PyResult, Vm};
use crate::vm::value::Value;
use crate::vm::VmError;

impl Vm {
    /// `exec(code[, globals[, locals]])` / `eval(...)` called from frame `f` (whose
    /// namespaces are the defaults).
    pub(super) fn exec_code(&mut self, f: &Frame, args: Vec<Value>, eval: bool) -> PyResult<Value> {
        let fname = if eval { "eval" } else { "exec" };
        let mut args = args.into_iter();
        let code = match args.next() {
            Some(Value::Code(c)) => c,
            Some(Value::Str(_) | Value::Bytes(_)) => {
                return Err(Error::from(VmError::NoCompiler(fname)));
            }
            Some(_) => {
                return Err(self.type_error(format!(
                    "{fname}() arg 1 must be a string, bytes or code object"
                )));
            }
            None => {
                return Err(self.type_error(format!("{fname} expected at least 1 argument, got 0")))
            }
        };
        let globals = match args.next() {
            None | Some(Value::None) => None,
            Some(Value::Dict(d)) => Some(d),
            Some(other) => {
                return Err(self.type_error(format!(
                    "{fname}() globals must be a dict, not {}",
                    self.type_name(&other)
                )))
            }
        };
        let locals = match args.next() {
            None | Some(Value::None) => None,
            Some(Value::Dict(d)) => Some(d),
            Some(other) => {
                return Err(self.type_error(format!(
                    "locals must be a mapping, not {}",
                    self.type_name(&other)
                )))
            }
        };
        if code.nfree > 0 {
            return Err(self.type_error(format!(
                "code object passed to {fname}() may not contain free variables"
            )));
        }
        let (globals, locals) = match (globals, locals) {
            (Some(g), Some(l)) => (g, l),
            (Some(g), None) => (g.clone(), g),
            (None, l) => {
                let cur = match super::frame::frame_locals(f) {
                    Value::Dict(d) => d,
                    _ => f.globals.clone(),
                };
                (f.globals.clone(), l.unwrap_or(cur))
            }
        };
        if globals.borrow().get_str("__builtins__").is_none() {
            globals
                .borrow_mut()
                .set_str("__builtins__", Value::Dict(self.builtins.clone()));
        }
        let mut frame = Frame::new(code, globals, Some(locals));
        self.enter()?;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        let v = match r? {
            super::Exit::Return(v) => v,
            super::Exit::Yield(_) => return Err(frame.bad("yield outside a generator")),
        };
        Ok(if eval { v } else { Value::None })
    }
}

/// Whether `exec`/`eval` are the real built-ins (not shadowed values of the same
/// name): both are `Builtin`s without a receiver.
pub(super) fn is_exec_builtin(v: &Value) -> Option<bool> {
    match v {
        Value::Builtin(b) if b.receiver.is_none() => match b.name {
            "exec" => Some(false),
            "eval" => Some(true),
            _ => None,
        },
        _ => None,
    }
}
