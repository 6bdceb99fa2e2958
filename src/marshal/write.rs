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
        tasks: Vec::new(),
    }
    .run(obj)
}

/// What the writer does next. The writer keeps these on an explicit stack instead of
/// recursing, so a tree nested up to [`MAX_DEPTH`](super::MAX_DEPTH) levels is
/// written on any thread's stack, whatever the build profile.
enum Task<'t> {
    /// Write an object.
    Obj(&'t Obj),
    /// Write a code object's field, which its layout requires.
    Field(Option<&'t Obj>, &'static str),
    /// Write a raw i32 (`co_firstlineno`).
    I32(i32),
    /// Write a byte (the `0` that ends a dict).
    Byte(u8),
    /// A container is complete.
    Leave,
}

struct Writer<'o, 't> {
    out: &'o mut Vec<u8>,
    version: Version,
    depth: usize,
    tasks: Vec<Task<'t>>,
}

impl<'t> Writer<'_, 't> {
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

    fn run(&mut self, root: &'t Obj) -> Result<(), Error> {
        self.tasks.push(Task::Obj(root));
        while let Some(task) = self.tasks.pop() {
            match task {
                Task::Obj(o) => self.object(o)?,
                Task::Field(Some(o), _) => self.object(o)?,
                Task::Field(None, name) => {
                    return Err(self.refuse(format!(
                        "code object without {name}, which {} requires",
                        self.version
                    )))
                }
                Task::I32(v) => self.i32(v),
                Task::Byte(b) => self.out.push(b),
                Task::Leave => self.depth -= 1,
            }
        }
        Ok(())
    }

    /// Schedule the children of a container (written before anything scheduled
    /// earlier), then its end.
    fn objects(&mut self, items: &'t [Obj]) {
        self.tasks.push(Task::Leave);
        self.tasks.extend(items.iter().rev().map(Task::Obj));
    }

    /// Write an object's type byte and scalar payload; schedule its children.
    fn object(&mut self, obj: &'t Obj) -> Result<(), Error> {
        if self.depth >= super::read::MAX_DEPTH {
            return Err(self.refuse(format!(
                "objects nested deeper than {} levels",
                super::read::MAX_DEPTH
            )));
        }
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
                self.depth += 1;
                self.objects(items);
            }
            Value::Tuple(items, TupleForm::Tuple)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => {
                self.len(items.len(), "sequence")?;
                self.depth += 1;
                self.objects(items);
            }
            Value::Dict(pairs) => {
                self.depth += 1;
                self.tasks.push(Task::Leave);
                self.tasks.push(Task::Byte(b'0'));
                for (k, v) in pairs.iter().rev() {
                    self.tasks.push(Task::Obj(v));
                    self.tasks.push(Task::Obj(k));
                }
            }
            Value::Slice(parts) => {
                self.depth += 1;
                self.objects(&parts[..]);
            }
            Value::Code(c) => {
                self.depth += 1;
                self.code(c);
            }
        }
        Ok(())
    }

    fn signed_len(&self, n: usize, negative: bool) -> Result<i32, Error> {
        let n = i32::try_from(n).map_err(|_| self.refuse(format!("long of {n} digits")))?;
        Ok(if negative { -n } else { n })
    }

    /// Write a code object's scalar head; schedule its nested fields.
    fn code(&mut self, c: &'t CodeObj) {
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
        // Scheduled last first.
        let py311 = layout == CodeLayout::Py311;
        let t = &mut self.tasks;
        t.push(Task::Leave);
        if py311 {
            t.push(Task::Field(c.exceptiontable.as_ref(), "co_exceptiontable"));
        }
        t.push(Task::Obj(&c.linetable));
        t.push(Task::I32(c.firstlineno));
        if py311 {
            t.push(Task::Field(c.qualname.as_ref(), "co_qualname"));
        }
        t.push(Task::Obj(&c.name));
        t.push(Task::Obj(&c.filename));
        if py311 {
            t.push(Task::Field(
                c.localspluskinds.as_ref(),
                "co_localspluskinds",
            ));
            t.push(Task::Field(
                c.localsplusnames.as_ref(),
                "co_localsplusnames",
            ));
        } else {
            t.push(Task::Field(c.cellvars.as_ref(), "co_cellvars"));
            t.push(Task::Field(c.freevars.as_ref(), "co_freevars"));
            t.push(Task::Field(c.varnames.as_ref(), "co_varnames"));
        }
        t.push(Task::Obj(&c.names));
        t.push(Task::Obj(&c.consts));
        t.push(Task::Obj(&c.code));
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
