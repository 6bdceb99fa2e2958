//! The version-neutral code object.
//!
//! [`Code`] holds every field of every version's `PyCodeObject` as typed values;
//! [`Code::from_marshal`] builds one from a marshalled code object (following
//! references), [`Code::to_marshal`] writes one back in the forms CPython uses.
//! Bytecode, line table and exception table stay as bytes here; their typed views
//! come from [`instr`](super::instr) and the table codecs.

use num_bigint::BigInt;

use super::pystr::PyStr;
use crate::marshal::{
    CodeField, CodeObj, CodeRef, Item, Kids, Long, NodeId, Obj, StrForm, Tree, TupleForm, Value,
};
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

type Result<T> = std::result::Result<T, CodeError>;

struct Ctx<'t> {
    tree: &'t Tree<'t>,
    version: Version,
}

impl<'t> Ctx<'t> {
    fn resolve(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Item<'t>> {
        match self.tree.resolve(o) {
            Some(id) => Ok(self.tree.item(id)),
            None => Err(CodeError {
                path: path(),
                problem: "dangling reference".into(),
            }),
        }
    }

    fn bytes(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Vec<u8>> {
        match self.resolve(o, path)? {
            Item::Bytes(b) => Ok(b.to_vec()),
            // 2.7 may intern a byte string that happens to equal an identifier.
            Item::Str(b, StrForm::Interned) if self.version == Version::V2_7 => Ok(b.to_vec()),
            other => Err(wrong(path, "bytes", self.tree, o, &other)),
        }
    }

    fn text(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<PyStr> {
        let v = self.resolve(o, path)?;
        self.text_of(o, v, path)
    }

    fn text_of(&self, o: NodeId, v: Item<'t>, path: &dyn Fn() -> String) -> Result<PyStr> {
        let s = match v {
            Item::Str(b, form) if form.is_ascii() => Some(PyStr::from_latin1(b)),
            // 2.7 byte strings used as text (identifiers, file names).
            Item::Str(b, StrForm::Interned) | Item::Bytes(b) if self.version == Version::V2_7 => {
                Some(PyStr::from_latin1(b))
            }
            Item::Str(b, _) => PyStr::from_utf8_surrogatepass(b),
            _ => return Err(wrong(path, "str", self.tree, o, &v)),
        };
        s.ok_or_else(|| CodeError {
            path: path(),
            problem: "string is not valid UTF-8 (surrogatepass)".into(),
        })
    }

    fn items(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Kids<'t>> {
        match self.resolve(o, path)? {
            Item::Tuple(items, _) => Ok(items),
            other => Err(wrong(path, "tuple", self.tree, o, &other)),
        }
    }

    fn texts(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Vec<PyStr>> {
        let items = self.items(o, path)?;
        items
            .iter()
            .enumerate()
            .map(|(i, x)| self.text(x, &|| format!("{}[{i}]", path())))
            .collect()
    }

    fn constant(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Const> {
        let item = self.resolve(o, path)?;
        let seq = |items: Kids<'t>| -> Result<Vec<Const>> {
            items
                .iter()
                .enumerate()
                .map(|(i, x)| self.constant(x, &|| format!("{}[{i}]", path())))
                .collect()
        };
        Ok(match item {
            Item::None => Const::None,
            Item::True => Const::Bool(true),
            Item::False => Const::Bool(false),
            Item::Ellipsis => Const::Ellipsis,
            Item::StopIteration => Const::StopIteration,
            Item::Int(i) => Const::Int(BigInt::from(i)),
            Item::Int64(i) => Const::Int(BigInt::from(i)),
            Item::Long(l) if self.version == Version::V2_7 => Const::Long(l.to_bigint()),
            Item::Long(l) => Const::Int(l.to_bigint()),
            Item::Float(bits) => Const::Float(f64::from_bits(bits)),
            Item::FloatText(t) => Const::Float(float_text(t)),
            Item::Complex(re, im) => Const::Complex(f64::from_bits(re), f64::from_bits(im)),
            Item::ComplexText(re, im) => Const::Complex(float_text(re), float_text(im)),
            Item::Bytes(b) => Const::Bytes(b.to_vec()),
            Item::Str(b, StrForm::Interned) if self.version == Version::V2_7 => {
                Const::Bytes(b.to_vec())
            }
            Item::Str(..) => Const::Str(self.text_of(o, item, path)?),
            Item::Tuple(items, _) => Const::Tuple(seq(items)?),
            Item::List(items) => Const::List(seq(items)?),
            Item::Set(items) => Const::Set(seq(items)?),
            Item::FrozenSet(items) => Const::FrozenSet(seq(items)?),
            Item::Dict(items) => {
                let mut pairs = Vec::with_capacity(items.len() / 2);
                for i in 0..items.len() / 2 {
                    let p = || format!("{}{{{i}}}", path());
                    let (Some(k), Some(v)) = (items.get(2 * i), items.get(2 * i + 1)) else {
                        break;
                    };
                    pairs.push((self.constant(k, &p)?, self.constant(v, &p)?));
                }
                Const::Dict(pairs)
            }
            Item::Slice(parts) => {
                let mut it = parts.iter().map(|x| self.constant(x, path));
                let mut next = || it.next().unwrap_or(Ok(Const::None));
                Const::Slice(Box::new([next()?, next()?, next()?]))
            }
            Item::Code(c) => Const::Code(Box::new(self.code(c, path)?)),
            Item::Ref(_) | Item::StringRef(_) => {
                return Err(CodeError {
                    path: path(),
                    problem: "reference to a reference".into(),
                })
            }
        })
    }

    fn code(&self, c: CodeRef<'t>, path: &dyn Fn() -> String) -> Result<Code> {
        let field = |f: CodeField, name: &str| {
            c.field(f).ok_or_else(|| CodeError {
                path: format!("{}.{name}", path()),
                problem: "missing".into(),
            })
        };
        let name = self.text(field(CodeField::Name, "co_name")?, &|| {
            format!("{}.co_name", path())
        })?;
        // Paths are only built for an error message.
        let p = |field: &str| {
            let (outer, here) = (path(), name.to_string_lossy());
            if outer.is_empty() {
                format!("{here}.{field}")
            } else {
                format!("{outer}/{here}.{field}")
            }
        };
        let opt = |f: CodeField, name: &str| {
            c.field(f).ok_or_else(|| CodeError {
                path: p(name),
                problem: "missing".into(),
            })
        };
        let count = |v: i32, f: &str| -> Result<u32> {
            u32::try_from(v).map_err(|_| CodeError {
                path: p(f),
                problem: format!("negative count {v}"),
            })
        };
        let locals = match self.version.code_layout() {
            CodeLayout::Py311 => {
                let names_obj = opt(CodeField::Localsplusnames, "co_localsplusnames")?;
                let kinds_obj = opt(CodeField::Localspluskinds, "co_localspluskinds")?;
                let names = self.texts(names_obj, &|| p("co_localsplusnames"))?;
                let kinds = self.bytes(kinds_obj, &|| p("co_localspluskinds"))?;
                if kinds.len() != names.len() {
                    return Err(CodeError {
                        path: p("co_localspluskinds"),
                        problem: format!("{} kinds for {} names", kinds.len(), names.len()),
                    });
                }
                Locals::Plus(
                    names
                        .into_iter()
                        .zip(kinds)
                        .map(|(name, kind)| LocalPlus { name, kind })
                        .collect(),
                )
            }
            _ => Locals::Split {
                varnames: self.texts(opt(CodeField::Varnames, "co_varnames")?, &|| {
                    p("co_varnames")
                })?,
                cellvars: self.texts(opt(CodeField::Cellvars, "co_cellvars")?, &|| {
                    p("co_cellvars")
                })?,
                freevars: self.texts(opt(CodeField::Freevars, "co_freevars")?, &|| {
                    p("co_freevars")
                })?,
            },
        };
        let consts = self
            .items(opt(CodeField::Consts, "co_consts")?, &|| p("co_consts"))?
            .iter()
            .enumerate()
            .map(|(i, x)| self.constant(x, &|| format!("{}[{i}]", p("co_consts"))))
            .collect::<Result<_>>()?;
        let h = c.head;
        Ok(Code {
            version: self.version,
            argcount: count(h.argcount, "co_argcount")?,
            posonlyargcount: count(h.posonlyargcount, "co_posonlyargcount")?,
            kwonlyargcount: count(h.kwonlyargcount, "co_kwonlyargcount")?,
            stored_nlocals: count(h.nlocals, "co_nlocals")?,
            stacksize: count(h.stacksize, "co_stacksize")?,
            flags: h.flags,
            code: self.bytes(opt(CodeField::Code, "co_code")?, &|| p("co_code"))?,
            consts,
            names: self.texts(opt(CodeField::Names, "co_names")?, &|| p("co_names"))?,
            locals,
            filename: self.text(opt(CodeField::Filename, "co_filename")?, &|| {
                p("co_filename")
            })?,
            qualname: match c.field(CodeField::Qualname) {
                Some(q) => Some(self.text(q, &|| p("co_qualname"))?),
                None => None,
            },
            firstlineno: h.firstlineno,
            linetable: self.bytes(opt(CodeField::Linetable, "co_linetable")?, &|| {
                p("co_linetable")
            })?,
            exceptiontable: match c.field(CodeField::Exceptiontable) {
                Some(e) => self.bytes(e, &|| p("co_exceptiontable"))?,
                None => Vec::new(),
            },
            // Last: the error paths above borrow it.
            name,
        })
    }
}

fn float_text(t: &[u8]) -> f64 {
    std::str::from_utf8(t)
        .ok()
        .and_then(crate::marshal::parse_float_text)
        .unwrap_or(f64::NAN)
}

#[cold]
fn wrong(
    path: &dyn Fn() -> String,
    expected: &str,
    tree: &Tree<'_>,
    id: NodeId,
    got: &Item<'_>,
) -> CodeError {
    let code = match got {
        Item::Ref(_) | Item::StringRef(_) => tree.type_code(id),
        _ => tree.resolve(id).map_or(b'?', |k| tree.type_code(k)),
    };
    CodeError {
        path: path(),
        problem: format!("expected {expected}, found marshal type '{}'", code as char),
    }
}

impl Code {
    /// Build from a marshalled code object, node `id` of `tree` (references are
    /// followed).
    pub fn from_marshal(tree: &Tree<'_>, id: NodeId, version: Version) -> Result<Code> {
        let ctx = Ctx { tree, version };
        let root = || String::new();
        match ctx.resolve(id, &root)? {
            Item::Code(c) => ctx.code(c, &root),
            other => Err(wrong(&|| "<top>".into(), "code object", tree, id, &other)),
        }
    }

    /// Build from the body of a .pyc.
    pub fn from_pyc(pyc: &crate::pyc::PycFile) -> Result<Code> {
        Code::from_marshal(&pyc.body, pyc.body.root(), pyc.header.version)
    }

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
