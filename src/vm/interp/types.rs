//! The built-in types and the built-in exception hierarchy.

use std::rc::Rc;

use super::Vm;
use crate::vm::objects::{BuiltinType, Class, Dict};
use crate::vm::value::{Str, Value};

fn class(name: &str, bases: Vec<Rc<Class>>, kind: Option<BuiltinType>) -> Rc<Class> {
    let c = Class::new(
        Str::from(name),
        Str::from(name),
        Str::from("builtins"),
        bases,
        Dict::new(),
        kind,
    );
    // Built-in bases are always consistent.
    Rc::new(c.unwrap_or_else(|_| unreachable_class(name)))
}

fn unreachable_class(name: &str) -> Class {
    Class::base_only(Str::from(name), Str::from("builtins"))
}

macro_rules! builtin_types {
    ($($field:ident: $name:literal => $kind:ident),* $(,)?) => {
        /// The built-in classes the VM refers to directly.
        #[derive(Debug)]
        pub struct Types {
            $(
                #[doc = concat!("`", $name, "`")]
                pub $field: Rc<Class>,
            )*
            /// Every built-in exception class, by name.
            pub exceptions: Vec<Rc<Class>>,
            /// The types only 2.7 has.
            pub py27: Types27,
        }

        impl Types {
            fn plain(object: &Rc<Class>) -> Vec<(&'static str, Rc<Class>)> {
                vec![$((
                    $name,
                    if $name == "object" {
                        object.clone()
                    } else {
                        class($name, vec![object.clone()], Some(BuiltinType::$kind))
                    },
                )),*]
            }

            fn from_list(list: Vec<(&'static str, Rc<Class>)>, exceptions: Vec<Rc<Class>>) -> Types {
                let mut it = list.into_iter().map(|(_, c)| c);
                let object = it.next().unwrap_or_else(|| class("object", vec![], None));
                let py27 = Types27::new(&object);
                let mut it = std::iter::once(object).chain(it);
                Types {
                    $($field: it.next().unwrap_or_else(|| class($name, vec![], None)),)*
                    exceptions,
                    py27,
                }
            }

            /// The built-in types as (name, class).
            pub fn all(&self) -> Vec<(&'static str, Rc<Class>)> {
                vec![$(($name, self.$field.clone())),*]
            }
        }
    };
}

builtin_types! {
    object: "object" => Object,
    type_: "type" => Type,
    none: "NoneType" => NoneType,
    int: "int" => Int,
    bool_: "bool" => Bool,
    float: "float" => Float,
    complex: "complex" => Complex,
    str_: "str" => Str,
    bytes: "bytes" => Bytes,
    tuple: "tuple" => Tuple,
    list: "list" => List,
    dict: "dict" => Dict,
    set: "set" => Set,
    frozenset: "frozenset" => FrozenSet,
    range: "range" => Range,
    slice: "slice" => Slice,
    function: "function" => Function,
    builtin_function: "builtin_function_or_method" => BuiltinFunction,
    method: "method" => Method,
    generator: "generator" => Generator,
    coroutine: "coroutine" => Generator,
    async_generator: "async_generator" => Generator,
    iterator: "iterator" => Iterator,
    module: "module" => Module,
    code: "code" => Code,
    cell: "cell" => Cell,
    property: "property" => Property,
    staticmethod: "staticmethod" => StaticMethod,
    classmethod: "classmethod" => ClassMethod,
    super_: "super" => Super,
    not_implemented: "NotImplementedType" => NotImplementedType,
    ellipsis: "ellipsis" => Ellipsis,
}

/// The built-in types of 2.7 that 3.x does not have.
#[derive(Debug)]
pub struct Types27 {
    /// `basestring`, the base of `str` and `unicode` (which `isinstance` knows).
    pub basestring: Rc<Class>,
    /// `unicode`: a `Str` marked as such.
    pub unicode: Rc<Class>,
    /// `long`: every `Value::BigInt` of a 2.7 program.
    pub long: Rc<Class>,
    /// `instance`, the type of a classic class's instances.
    pub instance: Rc<Class>,
    /// `classobj`, the type of a classic class.
    pub classobj: Rc<Class>,
}

impl Types27 {
    fn new(object: &Rc<Class>) -> Types27 {
        // `Str` so that calling it reaches `construct27` (which refuses).
        let basestring = class("basestring", vec![object.clone()], Some(BuiltinType::Str));
        Types27 {
            unicode: class("unicode", vec![basestring.clone()], Some(BuiltinType::Str)),
            basestring,
            long: class("long", vec![object.clone()], Some(BuiltinType::Int)),
            instance: class("instance", vec![object.clone()], None),
            classobj: class("classobj", vec![object.clone()], None),
        }
    }
}

/// (name, base) in definition order; the base is earlier in the list.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("BaseExceptionGroup", "BaseException"),
    ("Exception", "BaseException"),
    ("ExceptionGroup", "BaseExceptionGroup Exception"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("BytesWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("EncodingWarning", "Warning"),
];

impl Types {
    /// Build the built-in types and exception classes.
    pub fn new() -> Types {
        let object = class("object", vec![], Some(BuiltinType::Object));
        let mut list = Types::plain(&object);
        // bool subclasses int.
        if let Some(int) = list
            .iter()
            .find(|(n, _)| *n == "int")
            .map(|(_, c)| c.clone())
        {
            if let Some(slot) = list.iter_mut().find(|(n, _)| *n == "bool") {
                slot.1 = class("bool", vec![int], Some(BuiltinType::Bool));
            }
        }
        let base = class(
            "BaseException",
            vec![object.clone()],
            Some(BuiltinType::BaseException),
        );
        let mut exceptions = vec![base];
        for (name, parents) in EXCEPTIONS {
            let bases = parents
                .split(' ')
                .map(|parent| {
                    exceptions
                        .iter()
                        .find(|c| c.name.as_str() == parent)
                        .cloned()
                        .unwrap_or_else(|| object.clone())
                })
                .collect();
            exceptions.push(class(name, bases, None));
        }
        Types::from_list(list, exceptions)
    }

    /// A built-in exception class by name (`BaseException` if unknown).
    pub fn exc(&self, name: &str) -> Rc<Class> {
        self.exceptions
            .iter()
            .find(|c| c.name.as_str() == name)
            .or_else(|| self.exceptions.first())
            .cloned()
            .unwrap_or_else(|| self.object.clone())
    }
}

impl Default for Types {
    fn default() -> Types {
        Types::new()
    }
}

impl Vm {
    /// `type(v)`.
    pub fn type_of(&self, v: &Value) -> Rc<Class> {
        let t = &self.types;
        match v {
            Value::Null | Value::None => t.none.clone(),
            Value::NotImplemented => t.not_implemented.clone(),
            Value::Ellipsis => t.ellipsis.clone(),
            Value::Bool(_) => t.bool_.clone(),
            Value::Int(_) => t.int.clone(),
            // Every 2.7 long is a `BigInt` (3.x normalizes small ones to `Int`).
            Value::BigInt(_) if self.version == crate::version::Version::V2_7 => {
                t.py27.long.clone()
            }
            Value::BigInt(_) => t.int.clone(),
            Value::Float(_) => t.float.clone(),
            Value::Complex(..) => t.complex.clone(),
            Value::Str(s) if s.is_unicode() => t.py27.unicode.clone(),
            Value::Str(_) => t.str_.clone(),
            Value::Bytes(_) => t.bytes.clone(),
            Value::Tuple(_) => t.tuple.clone(),
            Value::List(_) => t.list.clone(),
            Value::Dict(_) => t.dict.clone(),
            Value::Set(_) => t.set.clone(),
            Value::FrozenSet(_) => t.frozenset.clone(),
            Value::Slice(_) => t.slice.clone(),
            Value::Range(_) => t.range.clone(),
            Value::Function(_) => t.function.clone(),
            Value::Code(_) => t.code.clone(),
            Value::BoundMethod(_) => t.method.clone(),
            Value::Builtin(_) | Value::NativeMethod(_) => t.builtin_function.clone(),
            Value::Class(c) => c.meta.borrow().clone().unwrap_or_else(|| t.type_.clone()),
            Value::Instance(i) => i.class(),
            Value::Cell(_) => t.cell.clone(),
            Value::Generator(g) => match g.borrow().flags {
                f if f & 0x200 != 0 => t.async_generator.clone(),
                f if f & 0x80 != 0 => t.coroutine.clone(),
                _ => t.generator.clone(),
            },
            Value::Iter(_) | Value::DictView(_) => t.iterator.clone(),
            Value::Module(_) => t.module.clone(),
            Value::Property(_) => t.property.clone(),
            Value::StaticMethod(_) => t.staticmethod.clone(),
            Value::ClassMethod(_) => t.classmethod.clone(),
            Value::Super(_) => t.super_.clone(),
        }
    }

    /// The type name used in error messages (`'list'`).
    pub fn type_name(&self, v: &Value) -> String {
        if self.version == crate::version::Version::V2_7 {
            if let Some(n) = crate::vm::builtins::value_type_name27(v) {
                return n.to_string();
            }
        }
        match v {
            Value::Iter(it) => it.borrow().type_name().to_string(),
            Value::DictView(v) => v.1.type_name().to_string(),
            _ => self.type_of(v).name.to_string(),
        }
    }
}
