//! The version-neutral code object.
//!
//! [`Code`] holds every field of every version's `PyCodeObject` as typed values;
//! [`Code::from_marshal`] builds one from a marshalled code object (following
//! references), [`Code::to_marshal`] writes one back in the forms CPython uses.
//! Bytecode, line table and exception table stay as bytes here; their typed views
//! come from [`instr`](super::instr) and the table codecs.

use num_bigint::BigInt;

use super::pystr::PyStr;
use crate::marshal::{CodeObj, Long, Obj, StrForm, TupleForm, Value};
use crate::version::{CodeLayout, Version};

/// A constant (an element of `co_consts`, or nested inside one).
#[derive(Debug, Clone)]
pub enum Const {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// `...`
    Ellipsis,
    /// The `StopIteration` type (marshal can hold it).
    StopIteration,
    /// An int (2.7: an `int`).
    Int(BigInt),
    /// A 2.7 `long` (marshal `l` in 2.7; every 3.x int is [`Const::Int`]).
    Long(BigInt),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex(f64, f64),
    /// `bytes` (2.7: `str`).
    Bytes(Vec<u8>),
    /// `str` (2.7: `unicode`).
    Str(PyStr),
    /// A tuple.
    Tuple(Vec<Const>),
    /// A list (not produced by compilers, but marshal holds it).
    List(Vec<Const>),
    /// A set (likewise).
    Set(Vec<Const>),
    /// A frozenset, in marshal order.
    FrozenSet(Vec<Const>),
    /// A dict (likewise).
    Dict(Vec<(Const, Const)>),
    /// A slice constant (3.14).
    Slice(Box<[Const; 3]>),
    /// A nested code object.
    Code(Box<Code>),
}

impl PartialEq for Const {
    fn eq(&self, other: &Const) -> bool {
        use Const::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) | (StopIteration, StopIteration) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) | (Long(a), Long(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Complex(a, b), Complex(c, d)) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Bytes(a), Bytes(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (Tuple(a), Tuple(b))
            | (List(a), List(b))
            | (Set(a), Set(b))
            | (FrozenSet(a), FrozenSet(b)) => a == b,
            (Dict(a), Dict(b)) => a == b,
            (Slice(a), Slice(b)) => a == b,
            (Code(a), Code(b)) => a == b,
            _ => false,
        }
    }
}

/// A local variable slot of 3.11+ (`co_localsplusnames` with its kind byte).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPlus {
    /// The name.
    pub name: PyStr,
    /// `CO_FAST_*` bits (pyc-formats §9.2).
    pub kind: u8,
}

/// `CO_FAST_LOCAL`
pub const CO_FAST_LOCAL: u8 = 0x20;
/// `CO_FAST_CELL`
pub const CO_FAST_CELL: u8 = 0x40;
/// `CO_FAST_FREE`
pub const CO_FAST_FREE: u8 = 0x80;

/// Local, cell and free variable names, in the shape the version stores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locals {
    /// Up to 3.10: three tuples (a cell argument is in both varnames and cellvars).
    Split {
        /// `co_varnames`.
        varnames: Vec<PyStr>,
        /// `co_cellvars`.
        cellvars: Vec<PyStr>,
        /// `co_freevars`.
        freevars: Vec<PyStr>,
    },
    /// 3.11+: one array with a kind per slot.
    Plus(Vec<LocalPlus>),
}

impl Locals {
    fn select(&self, split: impl Fn(&Locals) -> Option<&Vec<PyStr>>, bit: u8) -> Vec<PyStr> {
        match self {
            Locals::Plus(v) => v
                .iter()
                .filter(|l| l.kind & bit != 0)
                .map(|l| l.name.clone())
                .collect(),
            other => split(other).cloned().unwrap_or_default(),
        }
    }

    /// `co_varnames`.
    pub fn varnames(&self) -> Vec<PyStr> {
        self.select(
            |l| match l {
                Locals::Split { varnames, .. } => Some(varnames),
                _ => None,
            },
            CO_FAST_LOCAL,
        )
    }

    /// `co_cellvars`.
    pub fn cellvars(&self) -> Vec<PyStr> {
        self.select(
            |l| match l {
                Locals::Split { cellvars, .. } => Some(cellvars),
                _ => None,
            },
            CO_FAST_CELL,
        )
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> Vec<PyStr> {
        self.select(
            |l| match l {
                Locals::Split { freevars, .. } => Some(freevars),
                _ => None,
            },
            CO_FAST_FREE,
        )
    }
}

/// A code object of any version.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The version whose layout and bytecode this is.
    pub version: Version,
    /// `co_argcount`.
    pub argcount: u32,
    /// `co_posonlyargcount` (3.8+; 0 before).
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount` (3.x; 0 in 2.7).
    pub kwonlyargcount: u32,
    /// `co_nlocals` as stored (up to 3.10); 3.11+ derives it, see [`Code::nlocals`].
    pub stored_nlocals: u32,
    /// `co_stacksize`.
    pub stacksize: u32,
    /// `co_flags`.
    pub flags: u32,
    /// `co_code`.
    pub code: Vec<u8>,
    /// `co_consts`.
    pub consts: Vec<Const>,
    /// `co_names`.
    pub names: Vec<PyStr>,
    /// Local, cell and free variables.
    pub locals: Locals,
    /// `co_filename`.
    pub filename: PyStr,
    /// `co_name`.
    pub name: PyStr,
    /// `co_qualname` (3.11+).
    pub qualname: Option<PyStr>,
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// `co_lnotab` (up to 3.9) or `co_linetable` (3.10+), as bytes.
    pub linetable: Vec<u8>,
    /// `co_exceptiontable` (3.11+), as bytes.
    pub exceptiontable: Vec<u8>,
}

/// A marshalled object that is not a valid code object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct CodeError {
    /// Where in the object tree (`<module>.co_consts[3].co_names`).
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

impl Code {
    /// `co_nlocals`: stored up to 3.10, the number of `CO_FAST_LOCAL` slots after.
    pub fn nlocals(&self) -> u32 {
        match &self.locals {
            Locals::Split { .. } => self.stored_nlocals,
            Locals::Plus(v) => v.iter().filter(|l| l.kind & CO_FAST_LOCAL != 0).count() as u32,
        }
    }

    /// This code object and all nested ones, depth first, with their nesting depth.
    pub fn walk(&self, f: &mut impl FnMut(&Code, usize)) {
        fn go(c: &Code, depth: usize, f: &mut impl FnMut(&Code, usize)) {
            f(c, depth);
            for k in &c.consts {
                visit_codes(k, &mut |inner| go(inner, depth + 1, f));
            }
        }
        go(self, 0, f)
    }

    /// The marshal form CPython would write: interned identifiers, the shortest
    /// string and tuple forms, no references.
    pub fn to_marshal(&self) -> Obj {
        let v = self.version;
        let tuple_of_names =
            |names: &[PyStr]| tuple(names.iter().map(|n| text(n, true, v)).collect(), v);
        let (varnames, cellvars, freevars, lpn, lpk) = match &self.locals {
            Locals::Split {
                varnames,
                cellvars,
                freevars,
            } => (
                Some(tuple_of_names(varnames)),
                Some(tuple_of_names(cellvars)),
                Some(tuple_of_names(freevars)),
                None,
                None,
            ),
            Locals::Plus(slots) => {
                let names: Vec<PyStr> = slots.iter().map(|l| l.name.clone()).collect();
                let kinds: Vec<u8> = slots.iter().map(|l| l.kind).collect();
                (
                    None,
                    None,
                    None,
                    Some(tuple_of_names(&names)),
                    Some(Obj::new(Value::Bytes(kinds.into()))),
                )
            }
        };
        let is311 = v.code_layout() == CodeLayout::Py311;
        Obj::new(Value::Code(Box::new(CodeObj {
            argcount: self.argcount as i32,
            posonlyargcount: self.posonlyargcount as i32,
            kwonlyargcount: self.kwonlyargcount as i32,
            nlocals: self.stored_nlocals as i32,
            stacksize: self.stacksize as i32,
            flags: self.flags,
            code: Obj::new(Value::Bytes(self.code.clone().into())),
            consts: tuple(
                self.consts.iter().map(|c| const_to_marshal(c, v)).collect(),
                v,
            ),
            names: tuple_of_names(&self.names),
            varnames,
            freevars,
            cellvars,
            localsplusnames: lpn,
            localspluskinds: lpk,
            filename: text(&self.filename, false, v),
            name: text(&self.name, true, v),
            qualname: self.qualname.as_ref().map(|q| text(q, true, v)),
            firstlineno: self.firstlineno,
            linetable: Obj::new(Value::Bytes(self.linetable.clone().into())),
            exceptiontable: is311
                .then(|| Obj::new(Value::Bytes(self.exceptiontable.clone().into()))),
        })))
    }
}

/// Call `f` on each code object directly inside a constant (not recursing into them).
pub fn visit_codes<'c>(k: &'c Const, f: &mut impl FnMut(&'c Code)) {
    match k {
        Const::Code(c) => f(c),
        Const::Tuple(v) | Const::List(v) | Const::Set(v) | Const::FrozenSet(v) => {
            v.iter().for_each(|x| visit_codes(x, f))
        }
        Const::Dict(pairs) => pairs.iter().for_each(|(a, b)| {
            visit_codes(a, f);
            visit_codes(b, f)
        }),
        Const::Slice(parts) => parts.iter().for_each(|x| visit_codes(x, f)),
        _ => {}
    }
}

/// `(`, or `)` for a short tuple where marshal has it (version 4, 3.4+).
fn tuple(items: Vec<Obj>, v: Version) -> Obj {
    let form = if items.len() < 256 && v.marshal_version() >= 4 {
        TupleForm::Small
    } else {
        TupleForm::Tuple
    };
    Obj::new(Value::Tuple(items, form))
}

/// A string in the form CPython's marshal picks (`w_object` for str).
fn text(s: &PyStr, interned: bool, v: Version) -> Obj {
    let bytes: Box<[u8]> = s.as_bytes().into();
    if v == Version::V2_7 {
        // Identifiers and file names are byte strings in 2.7, read as Latin-1.
        return match (s.to_latin1(), interned) {
            (Some(b), true) => Obj::new(Value::Str(b.into(), StrForm::Interned)),
            (Some(b), false) => Obj::new(Value::Bytes(b.into())),
            (None, _) => Obj::new(Value::Str(bytes, StrForm::Unicode)),
        };
    }
    let form = match (s.is_ascii(), bytes.len() < 256, interned) {
        (true, true, true) => StrForm::ShortAsciiInterned,
        (true, true, false) => StrForm::ShortAscii,
        (true, false, true) => StrForm::AsciiInterned,
        (true, false, false) => StrForm::Ascii,
        (false, _, true) => StrForm::Interned,
        (false, _, false) => StrForm::Unicode,
    };
    Obj::new(Value::Str(bytes, form))
}

fn const_to_marshal(c: &Const, v: Version) -> Obj {
    let seq = |items: &[Const]| {
        items
            .iter()
            .map(|x| const_to_marshal(x, v))
            .collect::<Vec<_>>()
    };
    let value = match c {
        Const::None => Value::None,
        Const::Bool(true) => Value::True,
        Const::Bool(false) => Value::False,
        Const::Ellipsis => Value::Ellipsis,
        Const::StopIteration => Value::StopIteration,
        Const::Int(i) => match (i32::try_from(i), i64::try_from(i)) {
            (Ok(small), _) => Value::Int(small),
            (Err(_), Ok(wide)) if v == Version::V2_7 => Value::Int64(wide),
            _ => Value::Long(Long::from_bigint(i)),
        },
        Const::Long(i) => Value::Long(Long::from_bigint(i)),
        Const::Float(f) => Value::Float(f.to_bits()),
        Const::Complex(re, im) => Value::Complex(re.to_bits(), im.to_bits()),
        Const::Bytes(b) => Value::Bytes(b.clone().into()),
        Const::Str(s) if v == Version::V2_7 => Value::Str(s.as_bytes().into(), StrForm::Unicode),
        Const::Str(s) => return text(s, false, v),
        Const::Tuple(items) => return tuple(seq(items), v),
        Const::List(items) => Value::List(seq(items)),
        Const::Set(items) => Value::Set(seq(items)),
        Const::FrozenSet(items) => Value::FrozenSet(seq(items)),
        Const::Dict(pairs) => Value::Dict(
            pairs
                .iter()
                .map(|(a, b)| (const_to_marshal(a, v), const_to_marshal(b, v)))
                .collect(),
        ),
        Const::Slice(parts) => {
            let [a, b, c] = &**parts;
            Value::Slice(Box::new([
                const_to_marshal(a, v),
                const_to_marshal(b, v),
                const_to_marshal(c, v),
            ]))
        }
        Const::Code(code) => return code.to_marshal(),
    };
    Obj::new(value)
}
