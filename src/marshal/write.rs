//! The marshal writer (`Python/marshal.c: w_object`).
//!
//! Writes an [`Obj`] tree exactly as it says: type codes, FLAG_REF bits and references
//! are the tree's, so a tree from [`read`](super::read) is written back to the same
//! bytes. Trees that the format cannot hold (a `z` string of 300 bytes, a flag in 2.7)
//! are refused rather than silently changed.

use super::error::{Error, ErrorKind};
use super::object::{CodeObj, Obj, StrForm, TupleForm, Value};
use crate::version::{CodeLayout, Version};

/// Marshal one object as `version` would.
pub fn write(obj: &Obj, version: Version) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(4096);
    write_into(obj, version, &mut out)?;
    Ok(out)
}

/// Marshal one object, appending to `out`.
pub fn write_into(obj: &Obj, version: Version, out: &mut Vec<u8>) -> Result<(), Error> {
    Writer {
        out,
        version,
        depth: 0,
    }
    .object(obj)
}

struct Writer<'o> {
    out: &'o mut Vec<u8>,
    version: Version,
    depth: usize,
}

impl Writer<'_> {
    #[cold]
    fn refuse(&self, msg: String) -> Error {
        Error::new(self.out.len(), ErrorKind::Unwritable(msg))
    }

    fn i32(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize, what: &str) -> Result<(), Error> {
        match i32::try_from(n) {
            Ok(n) => {
                self.i32(n);
                Ok(())
            }
            Err(_) => Err(self.refuse(format!("{what} of {n} items is too long"))),
        }
    }

    fn bytes(&mut self, b: &[u8], what: &str) -> Result<(), Error> {
        self.len(b.len(), what)?;
        self.out.extend_from_slice(b);
        Ok(())
    }

    fn short(&mut self, b: &[u8], what: &str) -> Result<(), Error> {
        match u8::try_from(b.len()) {
            Ok(n) => {
                self.out.push(n);
                self.out.extend_from_slice(b);
                Ok(())
            }
            Err(_) => Err(self.refuse(format!("{what} of {} bytes needs a long form", b.len()))),
        }
    }

    fn objects(&mut self, items: &[Obj]) -> Result<(), Error> {
        items.iter().try_for_each(|o| self.object(o))
    }

    fn object(&mut self, obj: &Obj) -> Result<(), Error> {
        if self.depth >= super::read::MAX_DEPTH {
            return Err(self.refuse(format!(
                "objects nested deeper than {} levels",
                super::read::MAX_DEPTH
            )));
        }
        self.depth += 1;
        let r = self.object_inner(obj);
        self.depth -= 1;
        r
    }

    fn object_inner(&mut self, obj: &Obj) -> Result<(), Error> {
        let v3 = self.version.has_marshal_refs();
        let code = type_code(&obj.value);
        let allowed = match code {
            b'a' | b'A' | b'z' | b'Z' | b')' | b'r' => v3,
            b'R' => !v3,
            b':' => self.version.marshal_version() >= 5,
            _ => true,
        };
        if !allowed {
            return Err(self.refuse(format!(
                "type code '{}' does not exist in marshal version {}",
                code as char,
                self.version.marshal_version()
            )));
        }
        if obj.flagged && !v3 {
            return Err(self.refuse("FLAG_REF does not exist in marshal version 2".into()));
        }
        self.out.push(if obj.flagged { code | 0x80 } else { code });
        match &obj.value {
            Value::None | Value::False | Value::True | Value::Ellipsis | Value::StopIteration => {}
            Value::Int(v) => self.i32(*v),
            Value::Int64(v) => self.out.extend_from_slice(&v.to_le_bytes()),
            Value::Long(l) => {
                let n = self.signed_len(l.digits.len(), l.negative)?;
                self.i32(n);
                for d in l.digits.iter() {
                    self.out.extend_from_slice(&d.to_le_bytes());
                }
            }
            Value::Float(bits) => self.out.extend_from_slice(&bits.to_le_bytes()),
            Value::Complex(re, im) => {
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
            }
            Value::FloatText(t) => self.short(t, "float text")?,
            Value::ComplexText(re, im) => {
                self.short(re, "complex text")?;
                self.short(im, "complex text")?;
            }
            Value::Bytes(b) => self.bytes(b, "bytes")?,
            Value::Str(s, form) if form.is_short() => self.short(s, "short string")?,
            Value::Str(s, _) => self.bytes(s, "string")?,
            Value::StringRef(i) | Value::Ref(i) => self.i32(*i as i32),
            Value::Tuple(items, TupleForm::Small) => {
                let n = u8::try_from(items.len())
                    .map_err(|_| self.refuse(format!("small tuple of {} items", items.len())))?;
                self.out.push(n);
                self.objects(items)?;
            }
            Value::Tuple(items, TupleForm::Tuple)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => {
                self.len(items.len(), "sequence")?;
                self.objects(items)?;
            }
            Value::Dict(pairs) => {
                for (k, v) in pairs {
                    self.object(k)?;
                    self.object(v)?;
                }
                self.out.push(b'0');
            }
            Value::Slice(parts) => self.objects(&parts[..])?,
            Value::Code(c) => self.code(c)?,
        }
        Ok(())
    }

    fn signed_len(&self, n: usize, negative: bool) -> Result<i32, Error> {
        let n = i32::try_from(n).map_err(|_| self.refuse(format!("long of {n} digits")))?;
        Ok(if negative { -n } else { n })
    }

    fn field(&mut self, o: Option<&Obj>, name: &str) -> Result<(), Error> {
        match o {
            Some(o) => self.object(o),
            None => Err(self.refuse(format!(
                "code object without {name}, which {} requires",
                self.version
            ))),
        }
    }

    fn code(&mut self, c: &CodeObj) -> Result<(), Error> {
        let layout = self.version.code_layout();
        self.i32(c.argcount);
        if matches!(layout, CodeLayout::Py38 | CodeLayout::Py311) {
            self.i32(c.posonlyargcount);
        }
        if layout != CodeLayout::Py27 {
            self.i32(c.kwonlyargcount);
        }
        if layout != CodeLayout::Py311 {
            self.i32(c.nlocals);
        }
        self.i32(c.stacksize);
        self.i32(c.flags as i32);
        self.object(&c.code)?;
        self.object(&c.consts)?;
        self.object(&c.names)?;
        if layout == CodeLayout::Py311 {
            self.field(c.localsplusnames.as_ref(), "co_localsplusnames")?;
            self.field(c.localspluskinds.as_ref(), "co_localspluskinds")?;
        } else {
            self.field(c.varnames.as_ref(), "co_varnames")?;
            self.field(c.freevars.as_ref(), "co_freevars")?;
            self.field(c.cellvars.as_ref(), "co_cellvars")?;
        }
        self.object(&c.filename)?;
        self.object(&c.name)?;
        if layout == CodeLayout::Py311 {
            self.field(c.qualname.as_ref(), "co_qualname")?;
        }
        self.i32(c.firstlineno);
        self.object(&c.linetable)?;
        if layout == CodeLayout::Py311 {
            self.field(c.exceptiontable.as_ref(), "co_exceptiontable")?;
        }
        Ok(())
    }
}

/// The type code of a value.
pub fn type_code(v: &Value) -> u8 {
    match v {
        Value::None => b'N',
        Value::False => b'F',
        Value::True => b'T',
        Value::Ellipsis => b'.',
        Value::StopIteration => b'S',
        Value::Int(_) => b'i',
        Value::Int64(_) => b'I',
        Value::Long(_) => b'l',
        Value::Float(_) => b'g',
        Value::FloatText(_) => b'f',
        Value::Complex(..) => b'y',
        Value::ComplexText(..) => b'x',
        Value::Bytes(_) => b's',
        Value::Str(_, form) => StrForm::code(*form),
        Value::StringRef(_) => b'R',
        Value::Tuple(_, TupleForm::Tuple) => b'(',
        Value::Tuple(_, TupleForm::Small) => b')',
        Value::List(_) => b'[',
        Value::Dict(_) => b'{',
        Value::Set(_) => b'<',
        Value::FrozenSet(_) => b'>',
        Value::Slice(_) => b':',
        Value::Code(_) => b'c',
        Value::Ref(_) => b'r',
    }
}
