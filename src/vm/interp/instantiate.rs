//! Calling a plain class (no metaclass `__call__`, no `__new__`, no built-in
//! base) with positional arguments: the instance is made and its Python
//! `__init__` gets it and the arguments straight from the caller's stack.

use std::rc::Rc;

use super::exec_call::takes_simply;
use super::{Frame, PyResult, Vm};
use crate::vm::objects::{Class, Ctor, Instance};
use crate::vm::value::Value;

impl Vm {
    /// `CALL` of a plain class with `argc` positional arguments; `None`, with the
    /// frame untouched, for any other call.
    pub(super) fn instantiate_simple(
        &mut self,
        f: &mut Frame,
        argc: usize,
    ) -> Option<PyResult<Value>> {
        let base = f.stack.len().checked_sub(argc + 2)?;
        let cls = match (&f.stack[base], &f.stack[base + 1]) {
            (Value::Null, Value::Class(c)) | (Value::Class(c), Value::Null) => c.clone(),
            _ => return None,
        };
        if argc == 1 {
            if let Some(v) = crate::vm::builtins::construct_one(self, &cls, &f.stack[base + 2]) {
                f.stack.truncate(base);
                return Some(Ok(v));
            }
        }
        let ctor = cls.ctor(|| self.ctor_of(&cls));
        match ctor {
            Ctor::Init(init) if takes_simply(&init, argc + 1) => {
                let inst = Value::Instance(Rc::new(Instance::new(cls)));
                // Moved out slot by slot, not drained (as in `fast_call`); the
                // class stays on the stack until `__init__` returns.
                let args = f.stack[base + 2..]
                    .iter_mut()
                    .map(|v| std::mem::replace(v, Value::Null));
                let args = std::iter::once(inst.clone()).chain(args);
                let r = self.run_simple(&init, args, argc + 1);
                f.stack.truncate(base);
                let r = r.and_then(|r| self.init_returned(&r));
                Some(r.map(|()| inst))
            }
            Ctor::NoInit if argc == 0 => {
                f.stack.truncate(base);
                Some(Ok(Value::Instance(Rc::new(Instance::new(cls)))))
            }
            _ => None,
        }
    }

    /// What `instantiate_plain` would do with `cls`, when it is simple.
    fn ctor_of(&self, cls: &Rc<Class>) -> Ctor {
        if cls.builtin.is_some()
            || self.meta_hook(cls, "__call__").is_some()
            || cls.lookup_name(&self.names.new).is_some()
        {
            return Ctor::General;
        }
        match cls.lookup_name(&self.names.init) {
            Some(Value::Function(init)) => Ctor::Init(init),
            None => Ctor::NoInit,
            Some(_) => Ctor::General,
        }
    }
}
