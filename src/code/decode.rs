//! Reading a [`Code`] out of a marshal [`Tree`]: every field typed, references
//! followed, and an error naming the path of whatever is not a valid code object.

use std::cell::RefCell;

use num_bigint::BigInt;

use super::object::{Code, CodeError, Const, LocalPlus, Locals};
use super::pystr::{PyStr, INLINE};
use crate::marshal::{CodeField, CodeRef, Item, Kids, NodeId, StrForm, Tree};
use crate::version::{CodeLayout, Version};

type Result<T> = std::result::Result<T, CodeError>;

struct Ctx<'t> {
    tree: &'t Tree<'t>,
    version: Version,
    /// Strings too long to be stored inline, by node (direct-mapped): the uses of
    /// one marshalled string (a file's `co_filename`, once per code object; a long
    /// name used by several) share one allocation.
    long: RefCell<[Option<(NodeId, PyStr)>; LONG_SLOTS]>,
}

const LONG_SLOTS: usize = 64;

impl<'t> Ctx<'t> {
    #[inline]
    fn resolve(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Item<'t>> {
        match self.tree.resolve(o) {
            Some(id) => Ok(self.tree.item(id)),
            None => Err(dangling(path)),
        }
    }

    /// A byte string: the usual `s` inline, anything else out of line.
    #[inline]
    fn bytes(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<&'t [u8]> {
        match self
            .tree
            .resolve(o)
            .and_then(|k| self.tree.bytes_payload(k))
        {
            Some(b) => Ok(b),
            None => self.other_bytes(o, path),
        }
    }

    #[cold]
    #[inline(never)]
    fn other_bytes(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<&'t [u8]> {
        match self.resolve(o, path)? {
            Item::Bytes(b) => Ok(b),
            // 2.7 may intern a byte string that happens to equal an identifier.
            Item::Str(b, StrForm::Interned) if self.version == Version::V2_7 => Ok(b),
            other => Err(wrong(path, "bytes", self.tree, o, &other)),
        }
    }

    /// The common case of [`Ctx::text`], an ASCII string: its node (references
    /// followed) and payload, read without building the typed view; `None` for
    /// anything else. The callers make the `PyStr` where it is stored.
    #[inline]
    fn ascii_text(&self, o: NodeId) -> Option<(NodeId, &'t [u8])> {
        let id = self.tree.resolve(o)?;
        let (b, form) = self.tree.str_payload(id)?;
        form.is_ascii().then_some((id, b))
    }

    /// `PyStr::from_latin1` of node `id`'s payload `b`, shared when it is long.
    #[inline]
    fn latin1(&self, id: NodeId, b: &[u8]) -> PyStr {
        if b.len() <= INLINE {
            PyStr::from_latin1(b)
        } else {
            self.shared(id, || PyStr::from_latin1(b))
        }
    }

    /// The string of node `id` (references followed) from the cache of long
    /// strings, or made and cached. Out of line: the short strings' path of
    /// [`Ctx::latin1`] then needs no registers saved.
    #[inline(never)]
    fn shared(&self, id: NodeId, make: impl FnOnce() -> PyStr) -> PyStr {
        // Only a string flagged for the reference table can be met again (2.7
        // has no flags: its interned strings are shared through the string table).
        if self.version != Version::V2_7 && !self.tree.flagged(id) {
            return make();
        }
        let mut slots = self.long.borrow_mut();
        let Some(slot) = slots.get_mut(id.index() % LONG_SLOTS) else {
            return make();
        };
        match slot {
            Some((k, s)) if *k == id => s.clone(),
            _ => {
                let s = make();
                *slot = Some((id, s.clone()));
                s
            }
        }
    }

    /// A string: the usual ASCII one inline, anything else out of line.
    #[inline]
    fn text(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<PyStr> {
        match self.ascii_text(o) {
            Some((id, b)) => Ok(self.latin1(id, b)),
            None => self.other_text(o, path),
        }
    }

    #[cold]
    #[inline(never)]
    fn other_text(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<PyStr> {
        let v = self.resolve(o, path)?;
        self.text_of(o, v, path)
    }

    fn text_of(&self, o: NodeId, v: Item<'t>, path: &dyn Fn() -> String) -> Result<PyStr> {
        let id = self.tree.resolve(o).unwrap_or(o);
        let s = match v {
            Item::Str(b, form) if form.is_ascii() => Some(self.latin1(id, b)),
            // 2.7 byte strings used as text (identifiers, file names).
            Item::Str(b, StrForm::Interned) | Item::Bytes(b) if self.version == Version::V2_7 => {
                Some(self.latin1(id, b))
            }
            // Strict UTF-8 (nearly always) is surrogatepass UTF-8 too.
            Item::Str(b, _) if b.len() > INLINE => match std::str::from_utf8(b) {
                Ok(t) => Some(self.shared(id, || PyStr::from(t))),
                Err(_) => PyStr::from_utf8_surrogatepass(b),
            },
            Item::Str(b, _) => PyStr::from_utf8_surrogatepass(b),
            _ => return Err(wrong(path, "str", self.tree, o, &v)),
        };
        s.ok_or_else(|| CodeError {
            path: path(),
            problem: "string is not valid UTF-8 (surrogatepass)".into(),
        })
    }

    /// A tuple's items: the usual case inline, without the typed view.
    #[inline]
    fn items(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Kids<'t>> {
        match self.tree.resolve(o).and_then(|id| self.tree.tuple_kids(id)) {
            Some(k) => Ok(k),
            None => self.other_items(o, path),
        }
    }

    #[cold]
    #[inline(never)]
    fn other_items(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Kids<'t>> {
        match self.resolve(o, path)? {
            Item::Tuple(items, _) => Ok(items),
            other => Err(wrong(path, "tuple", self.tree, o, &other)),
        }
    }

    fn texts(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Vec<PyStr>> {
        let items = self.items(o, path)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, x) in items.iter().enumerate() {
            let s = match self.ascii_text(x) {
                Some((id, b)) => self.latin1(id, b),
                None => self.other_text(x, &|| format!("{}[{i}]", path()))?,
            };
            out.push(s);
        }
        Ok(out)
    }

    fn constants(&self, items: Kids<'t>, path: &dyn Fn() -> String) -> Result<Vec<Const>> {
        let mut out = Vec::with_capacity(items.len());
        for (i, x) in items.iter().enumerate() {
            let k = match self.ascii_text(x) {
                // What `constant` makes of an ASCII string, without the typed view.
                Some((id, b)) => Const::Str(self.latin1(id, b)),
                None => self.constant(x, &|| format!("{}[{i}]", path()))?,
            };
            out.push(k);
        }
        Ok(out)
    }

    fn constant(&self, o: NodeId, path: &dyn Fn() -> String) -> Result<Const> {
        let item = self.resolve(o, path)?;
        let seq = |items: Kids<'t>| self.constants(items, path);
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
            Item::Str(b, form) if form.is_ascii() => Const::Str(PyStr::from_latin1(b)),
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
            Item::Code(c) => Const::Code(self.code(c, path)?),
            Item::Ref(_) | Item::StringRef(_) => {
                return Err(CodeError {
                    path: path(),
                    problem: "reference to a reference".into(),
                })
            }
        })
    }

    /// Boxed as it is made: a nested code object is not moved into its box.
    fn code(&self, c: CodeRef<'t>, path: &dyn Fn() -> String) -> Result<Box<Code>> {
        let fields = c.field_table();
        let get = |f: CodeField| fields.get(f as usize).copied().flatten();
        let field = |f: CodeField, name: &str| {
            get(f).ok_or_else(|| CodeError {
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
            get(f).ok_or_else(|| CodeError {
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
                // The names first, as their errors come first; the kinds fill in.
                let path = || p("co_localsplusnames");
                let items = self.items(names_obj, &path)?;
                let mut slots = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    let name = match self.ascii_text(x) {
                        Some((id, b)) => self.latin1(id, b),
                        None => self.other_text(x, &|| format!("{}[{i}]", path()))?,
                    };
                    slots.push(LocalPlus { name, kind: 0 });
                }
                let kinds = self.bytes(kinds_obj, &|| p("co_localspluskinds"))?;
                if kinds.len() != slots.len() {
                    return Err(CodeError {
                        path: p("co_localspluskinds"),
                        problem: format!("{} kinds for {} names", kinds.len(), slots.len()),
                    });
                }
                for (slot, &kind) in slots.iter_mut().zip(kinds) {
                    slot.kind = kind;
                }
                Locals::Plus(slots)
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
        let consts_path = || p("co_consts");
        let consts = self.constants(
            self.items(opt(CodeField::Consts, "co_consts")?, &consts_path)?,
            &consts_path,
        )?;
        let h = c.head;
        Ok(Box::new(Code {
            version: self.version,
            argcount: count(h.argcount, "co_argcount")?,
            posonlyargcount: count(h.posonlyargcount, "co_posonlyargcount")?,
            kwonlyargcount: count(h.kwonlyargcount, "co_kwonlyargcount")?,
            stored_nlocals: count(h.nlocals, "co_nlocals")?,
            stacksize: count(h.stacksize, "co_stacksize")?,
            flags: h.flags,
            code: self
                .bytes(opt(CodeField::Code, "co_code")?, &|| p("co_code"))?
                .to_vec(),
            consts,
            names: self.texts(opt(CodeField::Names, "co_names")?, &|| p("co_names"))?,
            locals,
            filename: self.text(opt(CodeField::Filename, "co_filename")?, &|| {
                p("co_filename")
            })?,
            qualname: match get(CodeField::Qualname) {
                Some(q) => Some(self.text(q, &|| p("co_qualname"))?),
                None => None,
            },
            firstlineno: h.firstlineno,
            linetable: self
                .bytes(opt(CodeField::Linetable, "co_linetable")?, &|| {
                    p("co_linetable")
                })?
                .to_vec(),
            exceptiontable: match get(CodeField::Exceptiontable) {
                Some(e) => self.bytes(e, &|| p("co_exceptiontable"))?.to_vec(),
                None => Vec::new(),
            },
            // Last: the error paths above borrow it.
            name,
        }))
    }
}

fn float_text(t: &[u8]) -> f64 {
    std::str::from_utf8(t)
        .ok()
        .and_then(crate::marshal::parse_float_text)
        .unwrap_or(f64::NAN)
}

#[cold]
fn dangling(path: &dyn Fn() -> String) -> CodeError {
    CodeError {
        path: path(),
        problem: "dangling reference".into(),
    }
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
        let ctx = Ctx {
            tree,
            version,
            long: RefCell::new(std::array::from_fn(|_| None)),
        };
        let root = || String::new();
        match ctx.resolve(id, &root)? {
            Item::Code(c) => ctx.code(c, &root).map(|c| *c),
            other => Err(wrong(&|| "<top>".into(), "code object", tree, id, &other)),
        }
    }

    /// Build from the body of a .pyc.
    pub fn from_pyc(pyc: &crate::pyc::PycFile) -> Result<Code> {
        Code::from_marshal(&pyc.body, pyc.body.root(), pyc.header.version)
    }
}
