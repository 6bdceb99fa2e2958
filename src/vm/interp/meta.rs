//! Class creation and metaclasses: `__build_class__` (metaclass calculation,
//! `__prepare__`, running the body), `type.__new__` / `type.__call__` /
//! `type.__init__`, and the hooks a user metaclass provides to its classes.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Exit, Frame, PyResult, Vm};
use crate::vm::objects::{Args, BuiltinFn, Class, Dict};
use crate::vm::value::{Str, Value};

impl Vm {
    /// A method the user-defined metaclass of `cls` defines (`__instancecheck__`,
    /// `__call__`, ...); `None` for classes whose metaclass is `type`.
    pub fn meta_hook(&self, cls: &Rc<Class>, name: &str) -> Option<Value> {
        let meta = cls.meta.borrow().clone()?;
        match meta.lookup(name)? {
            f @ (Value::Function(_) | Value::ClassMethod(_)) => Some(f),
            _ => None,
        }
    }

    /// An attribute of a class found on its metaclass (`Colors.describe()`), bound to
    /// the class.
    pub fn meta_attr(&self, cls: &Rc<Class>, name: &str) -> Option<Value> {
        let meta = cls.meta.borrow().clone()?;
        let v = meta.lookup(name)?;
        Some(match v {
            Value::Function(_) => Value::BoundMethod(Rc::new((Value::Class(cls.clone()), v))),
            Value::Builtin(_) => return None,
            other => other,
        })
    }

    /// The most derived metaclass of `explicit` and the bases' metaclasses.
    fn calculate_meta(&self, explicit: Rc<Class>, bases: &[Rc<Class>]) -> PyResult<Rc<Class>> {
        let mut winner = explicit;
        for b in bases {
            let m = self.type_of(&Value::Class(b.clone()));
            if winner.is_subclass(&m) {
                continue;
            }
            if m.is_subclass(&winner) {
                winner = m;
                continue;
            }
            return Err(self.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }

    /// `__build_class__(func, name, *bases, metaclass=..., **kw)`.
    pub fn build_class(&mut self, args: Args) -> PyResult<Value> {
        let mut explicit = None;
        let mut class_kw = Vec::new();
        for (k, v) in args.kw {
            if k.as_str() == "metaclass" {
                explicit = Some(v);
            } else {
                class_kw.push((k, v));
            }
        }
        let mut pos = args.pos.into_iter();
        let (Some(Value::Function(body)), Some(Value::Str(name))) = (pos.next(), pos.next()) else {
            return Err(self.type_error("__build_class__: func and name required"));
        };
        let orig_bases: Vec<Value> = pos.collect();
        let bases = self.resolve_bases(&orig_bases)?;
        // A metaclass that is not a class (a plain function) is simply called.
        let meta = match explicit {
            Some(Value::Class(m)) => Some(self.calculate_meta(m, &bases)?),
            Some(other) => {
                let ns = self.run_class_body(&body, Dict::new())?;
                let bases_v = Value::tuple(bases.into_iter().map(Value::Class).collect());
                return self.call(
                    &other,
                    Args {
                        pos: vec![Value::Str(name), bases_v, Value::Dict(ns)],
                        kw: class_kw,
                    },
                );
            }
            None => Some(self.calculate_meta(self.types.type_.clone(), &bases)?),
        };
        let meta = meta.unwrap_or_else(|| self.types.type_.clone());
        let bases_v = Value::tuple(bases.iter().cloned().map(Value::Class).collect());
        let initial = match meta.lookup("__prepare__") {
            Some(p @ (Value::ClassMethod(_) | Value::Function(_) | Value::StaticMethod(_))) => {
                let (f, mut pos) = match p {
                    Value::ClassMethod(f) => ((*f).clone(), vec![Value::Class(meta.clone())]),
                    Value::StaticMethod(f) => ((*f).clone(), Vec::new()),
                    f => (f, Vec::new()),
                };
                pos.push(Value::Str(name.clone()));
                pos.push(bases_v.clone());
                let ns = self.call(
                    &f,
                    Args {
                        pos,
                        kw: class_kw.clone(),
                    },
                )?;
                match ns {
                    Value::Dict(d) => d.borrow().clone(),
                    other => {
                        return Err(self.type_error(format!(
                            "{}.__prepare__() must return a mapping, not {}",
                            meta.name,
                            self.type_name(&other)
                        )))
                    }
                }
            }
            _ => Dict::new(),
        };
        let ns = self.run_class_body(&body, initial)?;
        if Rc::ptr_eq(&meta, &self.types.type_) {
            return self.type_new(&meta, name, bases, ns.borrow().clone(), class_kw);
        }
        self.call(
            &Value::Class(meta),
            Args {
                pos: vec![Value::Str(name), bases_v, Value::Dict(ns)],
                kw: class_kw,
            },
        )
    }

    /// The bases as classes (`__mro_entries__` of non-class bases is applied).
    fn resolve_bases(&mut self, orig: &[Value]) -> PyResult<Vec<Rc<Class>>> {
        let mut bases = Vec::new();
        for b in orig {
            match b {
                Value::Class(c) => bases.push(c.clone()),
                other => {
                    let entries = match self.getattr_opt(other, &Str::from("__mro_entries__"))? {
                        Some(f) => self.call_pos(&f, vec![Value::tuple(orig.to_vec())])?,
                        None => {
                            return Err(self.type_error(format!(
                                "bases must be types, not '{}'",
                                self.type_name(other)
                            )))
                        }
                    };
                    for e in self.collect(&entries)? {
                        match e {
                            Value::Class(c) => bases.push(c),
                            _ => return Err(self.type_error("__mro_entries__ must return types")),
                        }
                    }
                }
            }
        }
        Ok(bases)
    }

    /// Run a class body in the namespace `initial` (plus `__module__` and
    /// `__qualname__`).
    fn run_class_body(
        &mut self,
        body: &Rc<crate::vm::objects::Function>,
        initial: Dict,
    ) -> PyResult<crate::vm::value::DictRef> {
        let ns = Rc::new(RefCell::new(initial));
        let module = body
            .globals
            .borrow()
            .get_str("__name__")
            .unwrap_or_else(|| Value::str("__main__"));
        ns.borrow_mut().set_str("__module__", module);
        ns.borrow_mut()
            .set_str("__qualname__", Value::Str(body.code.qualname.clone()));
        let mut frame = Frame::new(body.code.clone(), body.globals.clone(), Some(ns.clone()));
        frame.closure = Some(body.closure.borrow().clone());
        frame.legacy_cells();
        self.enter()?;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        // ≤ 3.7 bodies return the `__class__` cell instead of storing `__classcell__`.
        if let Exit::Return(c @ Value::Cell(_)) = r? {
            if ns.borrow().get_str("__classcell__").is_none() {
                ns.borrow_mut().set_str("__classcell__", c);
            }
        }
        Ok(ns)
    }

    /// `type.__new__(meta, name, bases, ns, **kw)`: make the class, fill the
    /// `__class__` cell, call `__set_name__` and the parent's `__init_subclass__`.
    pub fn type_new(
        &mut self,
        meta: &Rc<Class>,
        name: Str,
        mut bases: Vec<Rc<Class>>,
        mut dict: Dict,
        class_kw: Vec<(Str, Value)>,
    ) -> PyResult<Value> {
        if bases.is_empty() {
            bases.push(self.types.object.clone());
        }
        let qualname = match dict.remove(&Value::str("__qualname__")).ok().flatten() {
            Some(Value::Str(s)) => s,
            _ => name.clone(),
        };
        let cell = dict.remove(&Value::str("__classcell__")).ok().flatten();
        // 3.14 class bodies store a cell for `__classdict__`; it is not an attribute.
        let _ = dict.remove(&Value::str("__classdictcell__"));
        let module = match dict.get_str("__module__") {
            Some(Value::Str(s)) => s,
            _ => Str::from("__main__"),
        };
        let cls = Class::new(name, qualname, module, bases, dict, None)
            .map_err(|m| self.type_error(m))?;
        let cls = Rc::new(cls);
        if !Rc::ptr_eq(meta, &self.types.type_) {
            *cls.meta.borrow_mut() = Some(meta.clone());
        }
        if let Some(Value::Cell(c)) = cell {
            *c.borrow_mut() = Some(Value::Class(cls.clone()));
        }
        let class_value = Value::Class(cls.clone());
        let attrs = cls.dict.borrow().items();
        for (k, v) in attrs {
            if let Some(set_name) = self.special(&v, "__set_name__") {
                self.call_pos(&set_name, vec![v.clone(), class_value.clone(), k])?;
            }
        }
        let parent_hook = cls
            .mro_tail
            .iter()
            .find_map(|c| c.dict.borrow().get_str("__init_subclass__"));
        match parent_hook {
            Some(hook) => {
                let f = match hook {
                    Value::ClassMethod(f) => (*f).clone(),
                    other => other,
                };
                self.call(
                    &f,
                    Args {
                        pos: vec![class_value.clone()],
                        kw: class_kw,
                    },
                )?;
            }
            None if !class_kw.is_empty() => {
                return Err(self.type_error(format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    cls.name
                )))
            }
            None => {}
        }
        Ok(class_value)
    }

    /// Calling a class whose metaclass derives from `type`: the metaclass's
    /// `__call__` if it defines one, else `type.__call__`.
    pub fn call_class_with_meta(&mut self, cls: &Rc<Class>, args: Args) -> Option<PyResult<Value>> {
        let hook = self.meta_hook(cls, "__call__")?;
        let mut args = args;
        args.pos.insert(0, Value::Class(cls.clone()));
        Some(self.call(&hook, args))
    }

    /// `meta(name, bases, ns)` for a metaclass `meta` derived from `type`:
    /// `meta.__new__` then `meta.__init__` when the result is an instance of `meta`.
    pub fn instantiate_meta(&mut self, meta: &Rc<Class>, args: Args) -> PyResult<Value> {
        let new = match meta.lookup("__new__") {
            Some(Value::StaticMethod(f)) => (*f).clone(),
            Some(f) => f,
            None => Value::Builtin(Rc::new(type_builtin("__new__", type_new_builtin))),
        };
        let mut a = args.clone();
        a.pos.insert(0, Value::Class(meta.clone()));
        let obj = self.call(&new, a)?;
        if self.is_instance(&obj, meta) {
            if let Some(init) = meta.lookup("__init__") {
                let mut a = args;
                a.pos.insert(0, obj.clone());
                self.call(&init, a)?;
            }
        }
        Ok(obj)
    }
}

fn type_builtin(name: &'static str, func: crate::vm::objects::BuiltinImpl) -> BuiltinFn {
    BuiltinFn {
        name,
        func,
        receiver: None,
    }
}

/// The entries of `type`'s namespace that metaclasses reach through `super()`.
pub fn type_namespace() -> Vec<(&'static str, Value)> {
    vec![
        (
            "__new__",
            Value::StaticMethod(Rc::new(Value::Builtin(Rc::new(type_builtin(
                "__new__",
                type_new_builtin,
            ))))),
        ),
        (
            "__call__",
            Value::Builtin(Rc::new(type_builtin("__call__", type_call_builtin))),
        ),
        (
            "__init__",
            Value::Builtin(Rc::new(type_builtin("__init__", type_init_builtin))),
        ),
    ]
}

/// `type.__new__(meta, name, bases, ns, **kw)`
fn type_new_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [Value::Class(meta), Value::Str(name), bases, Value::Dict(ns)] = args.pos.as_slice() else {
        return Err(vm.type_error(
            "type.__new__() takes exactly 3 arguments (metaclass, name, bases, dict)",
        ));
    };
    let bases: Vec<Rc<Class>> = vm
        .collect(bases)?
        .into_iter()
        .filter_map(|b| match b {
            Value::Class(c) => Some(c),
            _ => None,
        })
        .collect();
    let meta = vm.calculate_meta(meta.clone(), &bases)?;
    let dict = ns.borrow().clone();
    vm.type_new(&meta, name.clone(), bases, dict, args.kw)
}

/// `type.__call__(cls, *args, **kw)`: plain instantiation.
fn type_call_builtin(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args.pos.is_empty() {
        return Err(vm.type_error("descriptor '__call__' of 'type' object needs an argument"));
    }
    let Value::Class(cls) = args.pos.remove(0) else {
        return Err(vm.type_error("descriptor '__call__' requires a 'type' object"));
    };
    vm.instantiate_plain(&cls, args)
}

/// `type.__init__(cls, ...)`: nothing to do.
fn type_init_builtin(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

impl Vm {
    /// Whether `__slots__` let instances of `cls` get the attribute `name`: every
    /// class in the MRO (but `object`) declares slots, none of them `__dict__`.
    pub(super) fn slot_allows(&self, cls: &Rc<Class>, name: &str) -> bool {
        let mut allowed = false;
        for c in cls.mro() {
            if c.builtin == Some(crate::vm::objects::BuiltinType::Object)
                && c.module.as_str() == "builtins"
            {
                continue;
            }
            let slots = c.dict.borrow().get_str("__slots__");
            let names: Vec<Value> = match slots {
                None => return true,
                Some(Value::Str(s)) => vec![Value::Str(s)],
                Some(Value::Tuple(t)) => t.to_vec(),
                Some(Value::List(l)) => l.borrow().clone(),
                Some(_) => return true,
            };
            for n in names {
                if let Value::Str(s) = n {
                    if s.as_str() == "__dict__" {
                        return true;
                    }
                    allowed |= s.as_str() == name;
                }
            }
        }
        allowed
    }
}
