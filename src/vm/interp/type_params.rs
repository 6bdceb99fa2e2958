//! Type parameters (3.12+): `TypeVar`, `ParamSpec`, `TypeVarTuple`, generic
//! functions and classes (`Generic`), and `type X = ...` aliases
//! (`TypeAliasType`). Bounds, constraints and alias values stay lazy, as in
//! CPython: they are evaluated on first access.

use std::rc::Rc;

use super::{Frame, PyResult, Vm};
use crate::vm::load::{Intrinsic1, Intrinsic2};
use crate::vm::objects::{Args, BuiltinFn, BuiltinImpl, Class, Dict, Instance};
use crate::vm::value::{Str, Value};

/// The hidden module that holds the runtime classes.
const RUNTIME: &str = "_pycasm_typing";

fn builtin(name: &'static str, func: BuiltinImpl) -> Value {
    Value::Builtin(Rc::new(BuiltinFn {
        name,
        func,
        receiver: None,
    }))
}

fn lazy(name: &'static str, func: BuiltinImpl) -> Value {
    Value::Property(Rc::new((builtin(name, func), Value::None)))
}

impl Vm {
    /// The runtime class `name` (`TypeVar`, `Generic`, ...), made on first use.
    fn typing_class(&mut self, name: &str) -> PyResult<Rc<Class>> {
        let key = Value::str(RUNTIME);
        let module = match self.modules.get(&key) {
            Ok(Some(Value::Dict(d))) => d,
            _ => {
                let d = Rc::new(std::cell::RefCell::new(Dict::new()));
                for cls in self.make_typing_classes()? {
                    d.borrow_mut()
                        .set_str(cls.name.as_str(), Value::Class(cls.clone()));
                }
                let _ = self.modules.insert(key, Value::Dict(d.clone()));
                d
            }
        };
        let found = module.borrow().get_str(name);
        match found {
            Some(Value::Class(c)) => Ok(c),
            _ => Err(self.type_error(format!("no runtime class {name}"))),
        }
    }

    fn make_typing_classes(&self) -> PyResult<Vec<Rc<Class>>> {
        let object = self.types.object.clone();
        let mk = |name: &str, entries: Vec<(&str, Value)>| -> PyResult<Rc<Class>> {
            let mut d = Dict::new();
            for (k, v) in entries {
                d.set_str(k, v);
            }
            Class::new(
                Str::from(name),
                Str::from(name),
                Str::from("typing"),
                vec![object.clone()],
                d,
                None,
            )
            .map(Rc::new)
            .map_err(|m| self.type_error(m))
        };
        let repr_name = ("__repr__", builtin("__repr__", repr_name));
        Ok(vec![
            mk(
                "TypeVar",
                vec![
                    repr_name.clone(),
                    ("__bound__", lazy("__bound__", typevar_bound)),
                    (
                        "__constraints__",
                        lazy("__constraints__", typevar_constraints),
                    ),
                ],
            )?,
            mk("ParamSpec", vec![repr_name.clone()])?,
            mk("ParamSpecArgs", vec![])?,
            mk("ParamSpecKwargs", vec![])?,
            mk("TypeVarTuple", vec![repr_name.clone()])?,
            mk(
                "TypeAliasType",
                vec![repr_name, ("__value__", lazy("__value__", alias_value))],
            )?,
            mk(
                "Generic",
                vec![(
                    "__class_getitem__",
                    Value::ClassMethod(Rc::new(builtin("__class_getitem__", class_getitem))),
                )],
            )?,
        ])
    }

    /// An instance of the runtime class `cls` with `attrs` in its dict.
    fn typing_instance(&mut self, cls: &str, attrs: Vec<(&str, Value)>) -> PyResult<Value> {
        let cls = self.typing_class(cls)?;
        let inst = Instance::new(cls);
        for (k, v) in attrs {
            inst.dict.borrow_mut().set_str(k, v);
        }
        Ok(Value::Instance(Rc::new(inst)))
    }

    pub(super) fn type_params_intrinsic1(
        &mut self,
        f: &mut Frame,
        which: Intrinsic1,
        v: Value,
    ) -> PyResult<Value> {
        match which {
            Intrinsic1::TypeVar => self.typing_instance("TypeVar", vec![("__name__", v)]),
            Intrinsic1::ParamSpec => {
                let p = self.typing_instance("ParamSpec", vec![("__name__", v)])?;
                let args =
                    self.typing_instance("ParamSpecArgs", vec![("__origin__", p.clone())])?;
                let kwargs =
                    self.typing_instance("ParamSpecKwargs", vec![("__origin__", p.clone())])?;
                if let Value::Instance(i) = &p {
                    i.dict.borrow_mut().set_str("args", args);
                    i.dict.borrow_mut().set_str("kwargs", kwargs);
                }
                Ok(p)
            }
            Intrinsic1::TypeVarTuple => self.typing_instance("TypeVarTuple", vec![("__name__", v)]),
            Intrinsic1::SubscriptGeneric => Ok(Value::Class(self.typing_class("Generic")?)),
            Intrinsic1::TypeAlias => {
                let parts = self.collect(&v)?;
                let [name, params, value] = parts.as_slice() else {
                    return Err(f.bad("INTRINSIC_TYPEALIAS needs (name, params, value)"));
                };
                let params = if params.is_none() {
                    Value::tuple(vec![])
                } else {
                    params.clone()
                };
                self.typing_instance(
                    "TypeAliasType",
                    vec![
                        ("__name__", name.clone()),
                        ("__type_params__", params),
                        (".evaluate", value.clone()),
                    ],
                )
            }
            other => Err(f.bad(&format!("intrinsic {other:?} reached the wrong handler"))),
        }
    }

    pub(super) fn type_params_intrinsic2(
        &mut self,
        which: Intrinsic2,
        v2: Value,
        v1: Value,
    ) -> PyResult<Value> {
        match which {
            Intrinsic2::TypeVarWithBound => {
                self.typing_instance("TypeVar", vec![("__name__", v2), (".bound", v1)])
            }
            Intrinsic2::TypeVarWithConstraints => {
                self.typing_instance("TypeVar", vec![("__name__", v2), (".constraints", v1)])
            }
            Intrinsic2::SetFunctionTypeParams => {
                if let Value::Function(func) = &v2 {
                    func.dict.borrow_mut().set_str("__type_params__", v1);
                }
                Ok(v2)
            }
            Intrinsic2::PrepReraiseStar => self.prep_reraise_star(v2, &v1),
        }
    }
}

fn instance(vm: &Vm, args: &Args) -> PyResult<Rc<Instance>> {
    match args.pos.first() {
        Some(Value::Instance(i)) => Ok(i.clone()),
        _ => Err(vm.type_error("descriptor needs a typing object")),
    }
}

/// A lazily evaluated attribute: call the evaluator stored under `hidden` once and
/// cache the result under `cached`.
fn evaluate(vm: &mut Vm, args: &Args, hidden: &str, cached: &str, empty: Value) -> PyResult<Value> {
    let inst = instance(vm, args)?;
    if let Some(v) = inst.dict.borrow().get_str(cached) {
        return Ok(v);
    }
    let func = inst.dict.borrow().get_str(hidden);
    let v = match func {
        Some(f) => vm.call_pos(&f, vec![])?,
        None => empty,
    };
    inst.dict.borrow_mut().set_str(cached, v.clone());
    Ok(v)
}

fn typevar_bound(vm: &mut Vm, args: Args) -> PyResult<Value> {
    evaluate(vm, &args, ".bound", ".bound_value", Value::None)
}

fn typevar_constraints(vm: &mut Vm, args: Args) -> PyResult<Value> {
    evaluate(
        vm,
        &args,
        ".constraints",
        ".constraints_value",
        Value::tuple(vec![]),
    )
}

fn alias_value(vm: &mut Vm, args: Args) -> PyResult<Value> {
    evaluate(vm, &args, ".evaluate", ".value", Value::None)
}

/// `repr(T)` of a type parameter or alias created by the syntax: its name.
fn repr_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let inst = instance(vm, &args)?;
    let name = inst.dict.borrow().get_str("__name__");
    Ok(name.unwrap_or_else(|| Value::str("?")))
}

/// `Generic.__class_getitem__`: `Box[int]` stands for `Box` (no alias objects).
fn class_getitem(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.pos.into_iter().next().unwrap_or(Value::None))
}
