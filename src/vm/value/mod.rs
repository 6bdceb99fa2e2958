//! Runtime values: one enum for every version, cheap to clone (`Rc`-based,
//! single-threaded).

pub(crate) mod float;
mod hash;
mod hash27;
pub mod num;
mod str;

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

pub use self::float::float_repr;
pub use self::hash::{hash_lanes, hash_str, hash_value, key_eq, use_old_tuple_hash, use_siphash24};
pub use self::hash27::{is_py27, use_py27};
pub use self::str::{Kind, Str};
use super::load::LoadedCode;
use super::objects::{
    BuiltinFn, Class, Dict, Function, Generator, Instance, IterState, Module, NativeMethod, Set,
};

/// A shared, mutable dict.
pub type DictRef = Rc<RefCell<Dict>>;
/// A cell (closure variable); `None` = empty.
pub type CellRef = Rc<RefCell<Option<Value>>>;

/// Which view of a dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// `dict_keys`
    Keys,
    /// `dict_values`
    Values,
    /// `dict_items`
    Items,
}

impl ViewKind {
    /// The type name.
    pub fn type_name(self) -> &'static str {
        match self {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
}

/// A Python value.
#[derive(Clone, Debug)]
pub enum Value {
    /// The interpreter's NULL stack slot (CPython's NULL pointer); never visible to
    /// Python code.
    Null,
    /// `None`
    None,
    /// `NotImplemented`
    NotImplemented,
    /// `...`
    Ellipsis,
    /// `True` / `False`
    Bool(bool),
    /// An int that fits in an `i64`.
    Int(i64),
    /// An int beyond `i64` (always normalized: never fits in an `i64`).
    BigInt(Rc<BigInt>),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex(f64, f64),
    /// `str`
    Str(Str),
    /// `bytes`
    Bytes(Rc<[u8]>),
    /// `tuple`
    Tuple(Rc<[Value]>),
    /// `list`
    List(Rc<RefCell<Vec<Value>>>),
    /// `dict`
    Dict(DictRef),
    /// `set`
    Set(Rc<RefCell<Set>>),
    /// `frozenset`
    FrozenSet(Rc<Set>),
    /// `slice(start, stop, step)`
    Slice(Rc<[Value; 3]>),
    /// `range(start, stop, step)` with int bounds.
    Range(Rc<[i64; 3]>),
    /// A Python function.
    Function(Rc<Function>),
    /// A code object.
    Code(Rc<LoadedCode>),
    /// A method bound to its `self`: (self, function).
    BoundMethod(Rc<(Value, Value)>),
    /// A built-in function.
    Builtin(Rc<BuiltinFn>),
    /// A method of a built-in type, bound to its receiver.
    NativeMethod(Rc<NativeMethod>),
    /// A class (built-in or user-defined).
    Class(Rc<Class>),
    /// An instance of a user-defined class or of an exception class.
    Instance(Rc<Instance>),
    /// A closure cell.
    Cell(CellRef),
    /// A generator.
    Generator(Rc<RefCell<Generator>>),
    /// An iterator over a built-in sequence or a generator function's output.
    Iter(Rc<RefCell<IterState>>),
    /// A module.
    Module(Rc<Module>),
    /// `dict.keys()` / `values()` / `items()`: a live view of the dict.
    DictView(Rc<(DictRef, ViewKind)>),
    /// `property(fget, fset)`
    Property(Rc<(Value, Value)>),
    /// `staticmethod(f)`
    StaticMethod(Rc<Value>),
    /// `classmethod(f)`
    ClassMethod(Rc<Value>),
    /// `super(cls, obj)` bound: (class after which to search, object).
    Super(Rc<(Rc<Class>, Value)>),
}

impl Value {
    /// A str value.
    pub fn str(s: &str) -> Value {
        Value::Str(Str::from(s))
    }

    /// A tuple value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(items.into())
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// An int from a `BigInt`, normalized to [`Value::Int`] when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        match i64::try_from(&b) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(Rc::new(b)),
        }
    }

    /// Whether this is the NULL slot.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is `None`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Identity (`is`).
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) | (None, None) | (NotImplemented, NotImplemented) => true,
            (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            // Small ints are cached in CPython; treat equal ints as identical.
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Str(a), Str(b)) => a.ptr_eq(b) || (a.len() <= 1 && a == b),
            (Tuple(a), Tuple(b)) => Rc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (List(a), List(b)) => Rc::ptr_eq(a, b),
            (Dict(a), Dict(b)) => Rc::ptr_eq(a, b),
            (Set(a), Set(b)) => Rc::ptr_eq(a, b),
            (FrozenSet(a), FrozenSet(b)) => Rc::ptr_eq(a, b),
            (Function(a), Function(b)) => Rc::ptr_eq(a, b),
            (Builtin(a), Builtin(b)) => Rc::ptr_eq(a, b),
            (Class(a), Class(b)) => Rc::ptr_eq(a, b),
            (Instance(a), Instance(b)) => Rc::ptr_eq(a, b),
            (Generator(a), Generator(b)) => Rc::ptr_eq(a, b),
            (Iter(a), Iter(b)) => Rc::ptr_eq(a, b),
            (Module(a), Module(b)) => Rc::ptr_eq(a, b),
            (Code(a), Code(b)) => Rc::ptr_eq(a, b),
            (BigInt(a), BigInt(b)) => Rc::ptr_eq(a, b),
            (Bytes(a), Bytes(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A stable address-like id for `id()` and default reprs.
    pub fn id(&self) -> usize {
        fn addr<T: ?Sized>(r: &Rc<T>) -> usize {
            Rc::as_ptr(r) as *const u8 as usize
        }
        match self {
            Value::Str(s) => s.addr(),
            Value::Tuple(r) => addr(r),
            Value::List(r) => addr(r),
            Value::Dict(r) => addr(r),
            Value::Set(r) => addr(r),
            Value::FrozenSet(r) => addr(r),
            Value::Function(r) => addr(r),
            Value::Builtin(r) => addr(r),
            Value::Class(r) => addr(r),
            Value::Instance(r) => addr(r),
            Value::Generator(r) => addr(r),
            Value::Iter(r) => addr(r),
            Value::DictView(r) => addr(r),
            Value::Module(r) => addr(r),
            Value::BoundMethod(r) => addr(r),
            Value::NativeMethod(r) => addr(r),
            Value::Code(r) => addr(r),
            Value::Cell(r) => addr(r),
            Value::Int(i) => *i as usize,
            _ => 0x1000,
        }
    }

    /// The int value as an `i64`, if it is a (small) int or bool.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            // A 2.7 `long` may hold a small value.
            Value::BigInt(b) => i64::try_from(&**b).ok(),
            _ => None,
        }
    }

    /// The int value as a `BigInt`, if it is an int or bool.
    pub fn as_bigint(&self) -> Option<BigInt> {
        match self {
            Value::Int(i) => Some(BigInt::from(*i)),
            Value::Bool(b) => Some(BigInt::from(i64::from(*b))),
            Value::BigInt(b) => Some((**b).clone()),
            _ => None,
        }
    }

    /// Whether this is an int (bool included).
    pub fn is_int(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
    }
}
