//! Attribute access: instances (with properties and `__getattr__`), classes,
//! modules, functions, `super()`, and the methods of built-in values.

use std::rc::Rc;

use super::object_methods::object_method;
use super::{PyResult, Vm};
use crate::vm::objects::{BuiltinType, Class, NativeMethod};
use crate::vm::value::{Str, Value};

/// Attributes of a class answered before its namespace is looked at.
pub(super) const CLASS_SPECIAL: [&str; 7] = [
    "__class__",
    "__name__",
    "__qualname__",
    "__module__",
    "__bases__",
    "__mro__",
    "__dict__",
];

impl Vm {
    /// `getattr(obj, name)`.
    pub fn getattr(&mut self, obj: &Value, name: &Str) -> PyResult<Value> {
        match self.getattr_opt(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.no_attribute(obj, name)),
        }
    }

    pub(super) fn no_attribute(&self, obj: &Value, name: &Str) -> super::Error {
        let msg = match obj {
            Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
            Value::Class(c) if c.classic => format!("class {} has no attribute '{name}'", c.name),
            Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
            Value::Instance(i) if i.class().classic => {
                format!("{} instance has no attribute '{name}'", i.class().name)
            }
            _ => format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
        };
        self.exc("AttributeError", msg)
    }

    /// `getattr` that reports a missing attribute as `None`.
    ///
    /// On a class, `__class__` and the names of [`CLASS_SPECIAL`] come before the
    /// class's own attributes.
    pub fn getattr_opt(&mut self, obj: &Value, name: &Str) -> PyResult<Option<Value>> {
        let n = name.as_str();
        if n == "__class__" {
            return Ok(Some(Value::Class(self.type_of(obj))));
        }
        match obj {
            Value::Instance(inst) => {
                let cls = inst.class();
                if let Some(ga @ Value::Function(_)) = cls.lookup_name(&self.names.getattribute) {
                    let r = self.call_pos(&ga, vec![obj.clone(), Value::Str(name.clone())]);
                    return match r {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if self.error_is(&e, "AttributeError") => {
                            match cls.lookup_name(&self.names.getattr) {
                                Some(g) => self
                                    .call_pos(&g, vec![obj.clone(), Value::Str(name.clone())])
                                    .map(Some),
                                None => Err(e),
                            }
                        }
                        Err(e) => Err(e),
                    };
                }
                // As CPython's hook: an AttributeError from the generic lookup (a
                // property getter, a descriptor) falls back to `__getattr__`.
                match self.generic_getattr(obj, name) {
                    Ok(Some(v)) => return Ok(Some(v)),
                    Ok(None) => {}
                    Err(e) if self.error_is(&e, "AttributeError") => {
                        if let Some(ga) = cls.lookup_name(&self.names.getattr) {
                            return self
                                .call_pos(&ga, vec![obj.clone(), Value::Str(name.clone())])
                                .map(Some);
                        }
                        return Err(e);
                    }
                    Err(e) => return Err(e),
                }
                if let Some(v) = crate::vm::builtins::payload_attr(obj, n) {
                    return Ok(Some(v));
                }
                if inst.exc.is_some() {
                    if let Some(v) = self.group_attr(obj, n).or_else(|| self.exc_method(obj, n)) {
                        return Ok(Some(v));
                    }
                }
                if let Some(ga) = cls.lookup_name(&self.names.getattr) {
                    return self
                        .call_pos(&ga, vec![obj.clone(), Value::Str(name.clone())])
                        .map(Some);
                }
                Ok(None)
            }
            Value::Class(cls) => {
                let special = match n {
                    "__name__" => Some(Value::Str(cls.name.clone())),
                    "__qualname__" => Some(Value::Str(cls.qualname.clone())),
                    "__module__" => Some(Value::Str(cls.module.clone())),
                    // A classic class's `object` base is the VM's, not Python's.
                    "__bases__" => Some(Value::tuple(
                        cls.bases
                            .iter()
                            .filter(|b| !(cls.classic && b.builtin == Some(BuiltinType::Object)))
                            .map(|b| Value::Class(b.clone()))
                            .collect(),
                    )),
                    "__mro__" => Some(Value::tuple(
                        cls.mro().into_iter().map(Value::Class).collect(),
                    )),
                    // A snapshot rather than a live mappingproxy.
                    "__dict__" => Some(Value::Dict(Rc::new(std::cell::RefCell::new(
                        cls.dict.borrow().clone(),
                    )))),
                    _ => None,
                };
                if special.is_some() {
                    return Ok(special);
                }
                match cls.lookup_name(name) {
                    Some(Value::ClassMethod(f)) => Ok(Some(Value::BoundMethod(Rc::new((
                        obj.clone(),
                        (*f).clone(),
                    ))))),
                    Some(Value::StaticMethod(f)) => Ok(Some((*f).clone())),
                    Some(d @ Value::Instance(_)) if self.special(&d, "__get__").is_some() => {
                        let get = self.special(&d, "__get__").unwrap_or(Value::None);
                        self.call_pos(&get, vec![d, Value::None, obj.clone()])
                            .map(Some)
                    }
                    Some(v) => Ok(Some(v)),
                    None if n == "__doc__" => Ok(Some(Value::None)),
                    None if n == "__annotations__" => self.annotations(&cls.dict).map(Some),
                    None => Ok(self
                        .meta_attr(cls, n)
                        .or_else(|| crate::vm::builtins::class_attr(self, cls, n))),
                }
            }
            _ => self.getattr_other(obj, name),
        }
    }

    /// `object.__getattribute__`: data descriptors, the instance dict, then class
    /// attributes (bound).
    pub fn generic_getattr(&mut self, obj: &Value, name: &Str) -> PyResult<Option<Value>> {
        let n = name.as_str();
        let Value::Instance(inst) = obj else {
            return self.getattr_opt(obj, name);
        };
        {
            let cls = inst.class();
            if let Some(d) = &inst.exc {
                let d = d.borrow();
                let special = match n {
                    "args" => Some(Value::tuple(d.args.clone())),
                    "__traceback__" => Some(Value::None),
                    "__cause__" => Some(d.cause.clone().unwrap_or(Value::None)),
                    "__context__" => Some(d.context.clone().unwrap_or(Value::None)),
                    "__suppress_context__" => Some(Value::Bool(d.suppress_context)),
                    "value" if cls.is_subclass(&self.types.exc("StopIteration")) => {
                        Some(d.args.first().cloned().unwrap_or(Value::None))
                    }
                    "code" if cls.is_subclass(&self.types.exc("SystemExit")) => {
                        Some(match d.args.len() {
                            0 => Value::None,
                            1 => d.args[0].clone(),
                            _ => Value::tuple(d.args.clone()),
                        })
                    }
                    _ => None,
                };
                if special.is_some() {
                    return Ok(special);
                }
            }
            let class_attr = cls.lookup_name(name);
            if let Some(Value::Property(p)) = &class_attr {
                let getter = p.0.clone();
                return self.call_n(&getter, [obj.clone()]).map(Some);
            }
            if let Some(d @ Value::Instance(_)) = &class_attr {
                let data =
                    self.special(d, "__set__").is_some() || self.special(d, "__delete__").is_some();
                if let (true, Some(get)) = (data, self.special(d, "__get__")) {
                    let args = vec![d.clone(), obj.clone(), Value::Class(cls.clone())];
                    return self.call_pos(&get, args).map(Some);
                }
            }
            if let Some(v) = inst.dict.borrow().get_name(name) {
                return Ok(Some(v));
            }
            if let Some(v) = class_attr {
                return self.bind(v, obj, &cls).map(Some);
            }
            if n == "__dict__" {
                return Ok(Some(Value::Dict(inst.dict.shared())));
            }
            Ok(None)
        }
    }

    fn getattr_other(&mut self, obj: &Value, name: &Str) -> PyResult<Option<Value>> {
        let n = name.as_str();
        match obj {
            Value::Module(m) => {
                let v = m.dict.borrow().get_name(name);
                match v {
                    None if n == "__annotations__" => self.annotations(&m.dict).map(Some),
                    v => Ok(v),
                }
            }
            Value::Function(func) => Ok(match py27_alias(self.version, n) {
                "__name__" => Some(Value::Str(func.name.borrow().clone())),
                "__globals__" => Some(Value::Dict(func.globals.clone())),
                "__qualname__" => Some(Value::Str(func.qualname.borrow().clone())),
                "__defaults__" => {
                    let d = func.defaults.borrow();
                    Some(if d.is_empty() {
                        Value::None
                    } else {
                        Value::tuple(d.clone())
                    })
                }
                "__module__" => func.globals.borrow().get_str("__name__"),
                "__code__" => Some(Value::Code(func.code.clone())),
                "__annotations__" => return self.annotations(&func.dict).map(Some),
                "__closure__" => {
                    let cells = func.closure.borrow();
                    Some(if cells.is_empty() {
                        Value::None
                    } else {
                        Value::tuple(cells.iter().map(|c| Value::Cell(c.clone())).collect())
                    })
                }
                n => func.dict.borrow().get_str(n).or(if n == "__doc__" {
                    Some(Value::None)
                } else {
                    None
                }),
            }),
            Value::BoundMethod(m) => match py27_alias(self.version, n) {
                "__self__" => Ok(Some(m.0.clone())),
                "__func__" => Ok(Some(m.1.clone())),
                _ => {
                    let f = m.1.clone();
                    self.getattr_opt(&f, name)
                }
            },
            Value::Super(s) => {
                let (cls, target) = (s.0.clone(), s.1.clone());
                let (v, is_func) = self.super_lookup(&cls, &target, name)?;
                Ok(Some(if is_func {
                    Value::BoundMethod(Rc::new((target, v)))
                } else {
                    v
                }))
            }
            Value::Code(c) => Ok(match n {
                "co_name" => Some(Value::Str(c.name.clone())),
                "co_qualname" => Some(Value::Str(c.qualname.clone())),
                "co_filename" => Some(Value::Str(c.filename.clone())),
                "co_firstlineno" => Some(Value::Int(i64::from(c.firstlineno))),
                "co_argcount" => Some(Value::Int(i64::from(c.argcount))),
                "co_kwonlyargcount" => Some(Value::Int(i64::from(c.kwonlyargcount))),
                "co_posonlyargcount" => Some(Value::Int(i64::from(c.posonlyargcount))),
                "co_flags" => Some(Value::Int(i64::from(c.flags))),
                "co_varnames" | "co_cellvars" | "co_freevars" => {
                    use crate::code::{CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
                    let want = match n {
                        "co_varnames" => CO_FAST_LOCAL,
                        "co_cellvars" => CO_FAST_CELL,
                        _ => CO_FAST_FREE,
                    };
                    Some(Value::tuple(
                        c.local_names
                            .iter()
                            .zip(&c.local_kinds)
                            .filter(|(_, k)| *k & want != 0)
                            .map(|(name, _)| Value::Str(name.clone()))
                            .collect(),
                    ))
                }
                _ => None,
            }),
            Value::Cell(c) if n == "cell_contents" => match &*c.borrow() {
                Some(v) => Ok(Some(v.clone())),
                None => Err(self.value_error("Cell is empty")),
            },
            _ => {
                if let Some(v) = crate::vm::builtins::value_attr(self, obj, n) {
                    return Ok(Some(v));
                }
                if crate::vm::builtins::has_method_in(obj, n, self.version) {
                    return Ok(Some(Value::NativeMethod(Rc::new(NativeMethod {
                        receiver: obj.clone(),
                        name: name.clone(),
                    }))));
                }
                Ok(None)
            }
        }
    }

    /// Bind a class attribute found for `obj` (descriptor protocol, simplified).
    fn bind(&mut self, v: Value, obj: &Value, cls: &Rc<Class>) -> PyResult<Value> {
        Ok(match v {
            Value::Function(_) => Value::BoundMethod(Rc::new((obj.clone(), v))),
            Value::ClassMethod(f) => {
                Value::BoundMethod(Rc::new((Value::Class(cls.clone()), (*f).clone())))
            }
            Value::StaticMethod(f) => (*f).clone(),
            Value::Property(p) => {
                let g = p.0.clone();
                self.call_pos(&g, vec![obj.clone()])?
            }
            d @ Value::Instance(_) if self.special(&d, "__get__").is_some() => {
                let get = self.special(&d, "__get__").unwrap_or(Value::None);
                self.call_pos(&get, vec![d, obj.clone(), Value::Class(cls.clone())])?
            }
            other => other,
        })
    }

    /// For the method-call form of `LOAD_ATTR`: the plain function when `obj.name`
    /// would be a bound method of a Python class.
    pub fn lookup_method(&mut self, obj: &Value, name: &Str) -> Option<Value> {
        let Value::Instance(inst) = obj else {
            return None;
        };
        let cls = inst.class();
        // A `__getattribute__` of the class's own sees every lookup.
        if inst.dict.borrow().get_name(name).is_some()
            || matches!(
                cls.lookup_name(&self.names.getattribute),
                Some(Value::Function(_))
            )
        {
            return None;
        }
        match cls.lookup_name(name)? {
            f @ Value::Function(_) => Some(f),
            _ => None,
        }
    }

    /// Look `name` up for `super(cls, obj)`; `(value, true)` when the value is a
    /// function to be bound to `obj`.
    pub fn super_lookup(
        &mut self,
        cls: &Rc<Class>,
        obj: &Value,
        name: &Str,
    ) -> PyResult<(Value, bool)> {
        // `super(C, x)` binds to `x` when it is an instance of C (a class whose
        // metaclass derives from C included); for a subclass of C it is unbound.
        let (start, bound) = match obj {
            Value::Class(c) if c.is_subclass(cls) || !self.type_of(obj).is_subclass(cls) => {
                (c.clone(), false)
            }
            other => (self.type_of(other), true),
        };
        let found = start.lookup_after(cls, name.as_str());
        Ok(match found {
            Some(f @ Value::Function(_)) => (f, bound),
            Some(b @ Value::Builtin(_)) => (b, bound),
            Some(Value::ClassMethod(f)) => (
                Value::BoundMethod(Rc::new((Value::Class(start), (*f).clone()))),
                false,
            ),
            Some(Value::StaticMethod(f)) => ((*f).clone(), false),
            Some(Value::Property(p)) => {
                let g = p.0.clone();
                (self.call_pos(&g, vec![obj.clone()])?, false)
            }
            Some(v) => (v, false),
            None => match crate::vm::builtins::payload_attr(obj, name.as_str())
                .map(|v| (v, false))
                .or_else(|| object_method(name.as_str()).map(|v| (v, true)))
            {
                Some((f, _)) if name.as_str() == "__new__" => (f, false),
                Some(found) => found,
                None => {
                    return Err(self.exc(
                        "AttributeError",
                        format!("'super' object has no attribute '{name}'"),
                    ))
                }
            },
        })
    }
}

impl Vm {
    /// `setattr(obj, name, v)`.
    pub fn setattr(&mut self, obj: &Value, name: &Str, v: Value) -> PyResult<()> {
        match obj {
            Value::Instance(inst) => {
                if let Some(sa @ Value::Function(_)) = inst.class().lookup_name(&self.names.setattr)
                {
                    self.call_pos(&sa, vec![obj.clone(), Value::Str(name.clone()), v])?;
                    return Ok(());
                }
                self.generic_setattr(obj, name, v)
            }
            _ => self.setattr_other(obj, name, v),
        }
    }

    /// `object.__setattr__`: properties and data descriptors, then the dict.
    pub fn generic_setattr(&mut self, obj: &Value, name: &Str, v: Value) -> PyResult<()> {
        let Value::Instance(inst) = obj else {
            return self.setattr(obj, name, v);
        };
        {
            {
                let class_attr = inst.class().lookup_name(name);
                if let Some(d @ Value::Instance(_)) = &class_attr {
                    if let Some(set) = self.special(d, "__set__") {
                        self.call_pos(&set, vec![d.clone(), obj.clone(), v])?;
                        return Ok(());
                    }
                }
                if let Some(Value::Property(p)) = class_attr {
                    let setter = p.1.clone();
                    if setter.is_none() {
                        let msg = self.no_setter_message(name.as_str(), inst.class().name.as_str());
                        return Err(self.exc("AttributeError", msg));
                    }
                    self.call_pos(&setter, vec![obj.clone(), v])?;
                    return Ok(());
                }
                if let Some(d) = &inst.exc {
                    match name.as_str() {
                        "__cause__" => {
                            let mut d = d.borrow_mut();
                            d.suppress_context = true;
                            d.cause = (!v.is_none()).then_some(v);
                            return Ok(());
                        }
                        "__context__" => {
                            d.borrow_mut().context = (!v.is_none()).then_some(v);
                            return Ok(());
                        }
                        "args" => {
                            d.borrow_mut().args = self.collect(&v)?;
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                if !self.slot_allows(&inst.class(), name.as_str()) {
                    let tail = if self.version >= crate::version::Version::V3_13 {
                        " and no __dict__ for setting new attributes"
                    } else {
                        ""
                    };
                    return Err(self.exc(
                        "AttributeError",
                        format!(
                            "'{}' object has no attribute '{name}'{tail}",
                            inst.class().name
                        ),
                    ));
                }
                inst.dict.borrow_mut().set_name(name, v);
                Ok(())
            }
        }
    }

    fn setattr_other(&mut self, obj: &Value, name: &Str, v: Value) -> PyResult<()> {
        match obj {
            Value::Class(c) => {
                c.dict.borrow_mut().set_name(name, v);
                Ok(())
            }
            Value::Function(f) => {
                match name.as_str() {
                    "__name__" => {
                        if let Value::Str(s) = v {
                            *f.name.borrow_mut() = s;
                        }
                    }
                    "__qualname__" => {
                        if let Value::Str(s) = v {
                            *f.qualname.borrow_mut() = s;
                        }
                    }
                    _ => f.dict.borrow_mut().set_name(name, v),
                }
                Ok(())
            }
            Value::Module(m) => {
                m.dict.borrow_mut().set_name(name, v);
                Ok(())
            }
            _ => Err(self.exc(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
            )),
        }
    }

    /// `delattr(obj, name)`.
    pub fn delattr(&mut self, obj: &Value, name: &Str) -> PyResult<()> {
        let key = Value::Str(name.clone());
        let removed = match obj {
            Value::Instance(i) => i.dict.borrow_mut().remove(&key).ok().flatten(),
            Value::Class(c) => c.dict.borrow_mut().remove(&key).ok().flatten(),
            Value::Module(m) => m.dict.borrow_mut().remove(&key).ok().flatten(),
            _ => None,
        };
        match removed {
            Some(_) => Ok(()),
            None => Err(self.no_attribute(obj, name)),
        }
    }
}

/// 2.7's older names of function and method attributes (`func_code`, `im_self`, ...).
fn py27_alias(version: crate::version::Version, n: &str) -> &str {
    if version != crate::version::Version::V2_7 {
        return n;
    }
    match n {
        "func_name" => "__name__",
        "func_code" => "__code__",
        "func_defaults" => "__defaults__",
        "func_closure" => "__closure__",
        "func_globals" => "__globals__",
        "func_doc" => "__doc__",
        "im_self" => "__self__",
        "im_func" => "__func__",
        _ => n,
    }
}
