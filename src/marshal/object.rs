//! The lossless marshal object model.
//!
//! An [`Obj`] records a value exactly as it was written: which type code carried it
//! (`z` or `a` or `u` for the same text), whether the FLAG_REF bit was set, and where a
//! `TYPE_REF` (or 2.7 string reference) stood instead of a value. This is the owned,
//! editable form of a [`Tree`](super::Tree), for building and rewriting trees.

use num_bigint::{BigInt, Sign};

/// One marshalled value and its FLAG_REF bit.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj {
    /// FLAG_REF (0x80) was set on the type byte (3.x only).
    pub flagged: bool,
    /// The value.
    pub value: Value,
}

/// How a text string was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StrForm {
    /// `u`: UTF-8 (surrogates allowed), i32 length. 2.7: `unicode`.
    Unicode,
    /// `t`: interned. 3.x: UTF-8 text; 2.7: a byte `str` added to the string table.
    Interned,
    /// `a`: ASCII, i32 length.
    Ascii,
    /// `A`: interned ASCII, i32 length.
    AsciiInterned,
    /// `z`: ASCII, u8 length.
    ShortAscii,
    /// `Z`: interned ASCII, u8 length.
    ShortAsciiInterned,
}

impl StrForm {
    /// The type code.
    pub fn code(self) -> u8 {
        match self {
            StrForm::Unicode => b'u',
            StrForm::Interned => b't',
            StrForm::Ascii => b'a',
            StrForm::AsciiInterned => b'A',
            StrForm::ShortAscii => b'z',
            StrForm::ShortAsciiInterned => b'Z',
        }
    }

    /// Whether CPython interns the string on load.
    pub fn is_interned(self) -> bool {
        matches!(
            self,
            StrForm::Interned | StrForm::AsciiInterned | StrForm::ShortAsciiInterned
        )
    }

    /// Whether the payload is read as Latin-1 (the ASCII forms) rather than UTF-8.
    #[inline]
    pub fn is_ascii(self) -> bool {
        matches!(
            self,
            StrForm::Ascii
                | StrForm::AsciiInterned
                | StrForm::ShortAscii
                | StrForm::ShortAsciiInterned
        )
    }

    /// Whether the length is one byte.
    pub fn is_short(self) -> bool {
        matches!(self, StrForm::ShortAscii | StrForm::ShortAsciiInterned)
    }
}

/// Which sequence type code carried a tuple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TupleForm {
    /// `(`: i32 length.
    Tuple,
    /// `)`: u8 length (marshal v4+).
    Small,
}

/// An arbitrary-precision integer as marshal writes it: sign and base-2^15 digits,
/// least significant first.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Long {
    /// True for a negative value.
    pub negative: bool,
    /// Base 2^15 digits, least significant first; the last one is non-zero.
    pub digits: Box<[u16]>,
}

impl Long {
    /// The value.
    pub fn to_bigint(&self) -> BigInt {
        let mut v = BigInt::from(0u8);
        for d in self.digits.iter().rev() {
            v = (v << 15u32) + BigInt::from(*d);
        }
        if self.negative {
            -v
        } else {
            v
        }
    }

    /// The marshal digits of a value.
    pub fn from_bigint(v: &BigInt) -> Long {
        let (sign, mut mag) = (v.sign(), v.magnitude().clone());
        let mut digits = Vec::new();
        let mask = num_bigint::BigUint::from(0x7fffu16);
        while mag.bits() > 0 {
            let d = (&mag & &mask).to_u32_digits().first().copied().unwrap_or(0);
            digits.push(d as u16);
            mag >>= 15u32;
        }
        Long {
            negative: sign == Sign::Minus,
            digits: digits.into_boxed_slice(),
        }
    }
}

/// A marshalled code object: scalar fields, and the nested objects exactly as written
/// (each may be flagged or a reference). Which fields exist depends on the version's
/// [`CodeLayout`](crate::version::CodeLayout); absent ones are `None` / 0.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeObj {
    /// `co_argcount`.
    pub argcount: i32,
    /// `co_posonlyargcount` (3.8+).
    pub posonlyargcount: i32,
    /// `co_kwonlyargcount` (3.x).
    pub kwonlyargcount: i32,
    /// `co_nlocals` (up to 3.10).
    pub nlocals: i32,
    /// `co_stacksize`.
    pub stacksize: i32,
    /// `co_flags`.
    pub flags: u32,
    /// `co_code`.
    pub code: Obj,
    /// `co_consts`.
    pub consts: Obj,
    /// `co_names`.
    pub names: Obj,
    /// `co_varnames` (up to 3.10).
    pub varnames: Option<Obj>,
    /// `co_freevars` (up to 3.10).
    pub freevars: Option<Obj>,
    /// `co_cellvars` (up to 3.10).
    pub cellvars: Option<Obj>,
    /// `co_localsplusnames` (3.11+).
    pub localsplusnames: Option<Obj>,
    /// `co_localspluskinds` (3.11+).
    pub localspluskinds: Option<Obj>,
    /// `co_filename`.
    pub filename: Obj,
    /// `co_name`.
    pub name: Obj,
    /// `co_qualname` (3.11+).
    pub qualname: Option<Obj>,
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// `co_lnotab` (up to 3.9) or `co_linetable` (3.10+).
    pub linetable: Obj,
    /// `co_exceptiontable` (3.11+).
    pub exceptiontable: Option<Obj>,
}

/// A marshalled value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `N`
    None,
    /// `F`
    False,
    /// `T`
    True,
    /// `.`
    Ellipsis,
    /// `S`: the StopIteration type.
    StopIteration,
    /// `i`: a 32-bit int.
    Int(i32),
    /// `I`: a 64-bit int (written by 2.7 only).
    Int64(i64),
    /// `l`: an int of any size.
    Long(Long),
    /// `g`: a binary float, as its IEEE-754 bits.
    Float(u64),
    /// `f`: a float as text (marshal v0/v1).
    FloatText(Box<[u8]>),
    /// `y`: a binary complex, as the bits of its real and imaginary parts.
    Complex(u64, u64),
    /// `x`: a complex as two texts (marshal v0/v1).
    ComplexText(Box<[u8]>, Box<[u8]>),
    /// `s`: bytes (3.x) or a byte `str` (2.7).
    Bytes(Box<[u8]>),
    /// A text string in one of its forms; the payload as written.
    Str(Box<[u8]>, StrForm),
    /// `R`: a reference into the 2.7 string table.
    StringRef(u32),
    /// `(` or `)`.
    Tuple(Vec<Obj>, TupleForm),
    /// `[`
    List(Vec<Obj>),
    /// `{` ... `0`
    Dict(Vec<(Obj, Obj)>),
    /// `<`
    Set(Vec<Obj>),
    /// `>`
    FrozenSet(Vec<Obj>),
    /// `:` (marshal v5): start, stop, step.
    Slice(Box<[Obj; 3]>),
    /// `c`
    Code(Box<CodeObj>),
    /// `r`: a reference to the n-th flagged object.
    Ref(u32),
}

impl Default for Obj {
    fn default() -> Obj {
        Obj::new(Value::None)
    }
}

impl Obj {
    /// An unflagged object.
    pub fn new(value: Value) -> Obj {
        Obj {
            flagged: false,
            value,
        }
    }

    /// Whether this value takes a slot in the reference table when flagged
    /// (`Python/marshal.c: r_object`: singletons and references never do).
    pub fn takes_ref_slot(&self) -> bool {
        self.flagged
            && !matches!(
                self.value,
                Value::None
                    | Value::False
                    | Value::True
                    | Value::Ellipsis
                    | Value::StopIteration
                    | Value::Ref(_)
                    | Value::StringRef(_)
            )
    }

    /// Whether `f` holds for this object or anything inside it, visited in reading
    /// order (pre-order) until the first that does.
    pub fn any(&self, f: &mut impl FnMut(&Obj) -> bool) -> bool {
        if f(self) {
            return true;
        }
        match &self.value {
            Value::Tuple(items, _)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => items.iter().any(|o| o.any(f)),
            Value::Dict(pairs) => pairs.iter().any(|(k, v)| k.any(f) || v.any(f)),
            Value::Slice(parts) => parts.iter().any(|o| o.any(f)),
            Value::Code(code) => code.fields().any(|o| o.any(f)),
            _ => false,
        }
    }

    /// Visit this object and everything inside it in reading order (pre-order).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Obj)) {
        f(self);
        match &self.value {
            Value::Tuple(items, _) | Value::List(items) | Value::Set(items) => {
                items.iter().for_each(|o| o.walk(f))
            }
            Value::FrozenSet(items) => items.iter().for_each(|o| o.walk(f)),
            Value::Dict(pairs) => pairs.iter().for_each(|(k, v)| {
                k.walk(f);
                v.walk(f)
            }),
            Value::Slice(parts) => parts.iter().for_each(|o| o.walk(f)),
            Value::Code(code) => code.fields().for_each(|o| o.walk(f)),
            _ => {}
        }
    }
}

impl CodeObj {
    /// The nested objects, in marshal order.
    pub fn fields(&self) -> impl Iterator<Item = &Obj> {
        self.slots().into_iter().flatten()
    }

    /// Every nested field a code object of some version has, in marshal order (the
    /// order of [`CodeField`](super::CodeField)); `None` where this one has none.
    pub fn slots(&self) -> [Option<&Obj>; 13] {
        [
            Some(&self.code),
            Some(&self.consts),
            Some(&self.names),
            self.varnames.as_ref(),
            self.localsplusnames.as_ref(),
            self.localspluskinds.as_ref(),
            self.freevars.as_ref(),
            self.cellvars.as_ref(),
            Some(&self.filename),
            Some(&self.name),
            self.qualname.as_ref(),
            Some(&self.linetable),
            self.exceptiontable.as_ref(),
        ]
    }
}
