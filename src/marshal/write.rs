//! The marshal writer (`Python/marshal.c: w_object`).
//!
//! Writes a [`Tree`] exactly as it says: type codes, FLAG_REF bits and references are
//! the tree's, so a tree from [`read`](super::read) is written back to the same bytes.
//! Trees that the format cannot hold (a `z` string of 300 bytes, a flag in 2.7) are
//! refused rather than silently changed.

use super::error::{Error, ErrorKind};
use super::object::{Obj, StrForm, TupleForm, Value};
use super::tree::{Item, NodeId, Tree, FIELDS_PLUS, FIELDS_SPLIT};
use crate::version::{CodeLayout, Version};

/// Marshal a tree as `version` would.
pub fn write(tree: &Tree<'_>, version: Version) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(tree.data.len().clamp(64, 1 << 20));
    write_into(tree, version, &mut out)?;
    Ok(out)
}

/// Marshal a tree, appending to `out`.
pub fn write_into(tree: &Tree<'_>, version: Version, out: &mut Vec<u8>) -> Result<(), Error> {
    Writer {
        out,
        tree,
        version,
        depth: 0,
        tasks: Vec::new(),
    }
    .run()
}

/// Marshal an owned object as `version` would.
pub fn write_obj(obj: &Obj, version: Version) -> Result<Vec<u8>, Error> {
    write(&Tree::from_obj(obj)?, version)
}

/// What the writer does next. The writer keeps these on an explicit stack instead of
/// recursing, so a tree nested up to [`MAX_DEPTH`](super::MAX_DEPTH) levels is
/// written on any thread's stack, whatever the build profile.
#[derive(Clone, Copy)]
enum Task {
    /// Write an object.
    Node(NodeId),
    /// Write a raw i32 (`co_firstlineno`).
    I32(i32),
    /// Write a byte (the `0` that ends a dict).
    Byte(u8),
    /// A container is complete.
    Leave,
}

struct Writer<'o, 't> {
    out: &'o mut Vec<u8>,
    tree: &'t Tree<'t>,
    version: Version,
    depth: usize,
    tasks: Vec<Task>,
}

impl Writer<'_, '_> {
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

    fn run(&mut self) -> Result<(), Error> {
        if self.tree.is_empty() {
            return Err(self.refuse("an empty tree".into()));
        }
        self.tasks.push(Task::Node(self.tree.root()));
        while let Some(task) = self.tasks.pop() {
            match task {
                Task::Node(id) => self.object(id)?,
                Task::I32(v) => self.i32(v),
                Task::Byte(b) => self.out.push(b),
                Task::Leave => self.depth -= 1,
            }
        }
        Ok(())
    }

    /// Schedule children (written before anything scheduled earlier), then the end of
    /// their container.
    fn children(&mut self, kids: impl DoubleEndedIterator<Item = NodeId>) {
        self.depth += 1;
        self.tasks.push(Task::Leave);
        self.tasks.extend(kids.rev().map(Task::Node));
    }

    /// Write an object's type byte and scalar payload; schedule its children.
    fn object(&mut self, id: NodeId) -> Result<(), Error> {
        if self.depth >= super::read::MAX_DEPTH {
            return Err(self.refuse(format!(
                "objects nested deeper than {} levels",
                super::read::MAX_DEPTH
            )));
        }
        let tree = self.tree;
        let v3 = self.version.has_marshal_refs();
        let code = tree.type_code(id);
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
        let flagged = tree.flagged(id);
        if flagged && !v3 {
            return Err(self.refuse("FLAG_REF does not exist in marshal version 2".into()));
        }
        self.out.push(if flagged { code | 0x80 } else { code });
        match tree.item(id) {
            Item::None | Item::False | Item::True | Item::Ellipsis | Item::StopIteration => {}
            Item::Int(v) => self.i32(v),
            Item::Int64(v) => self.out.extend_from_slice(&v.to_le_bytes()),
            Item::Long(l) => {
                let n = i32::try_from(l.raw.len() / 2)
                    .map_err(|_| self.refuse("long of too many digits".into()))?;
                self.i32(if l.negative { -n } else { n });
                self.out.extend_from_slice(l.raw);
            }
            Item::Float(bits) => self.out.extend_from_slice(&bits.to_le_bytes()),
            Item::Complex(re, im) => {
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
            }
            Item::FloatText(t) => self.short(t, "float text")?,
            Item::ComplexText(re, im) => {
                self.short(re, "complex text")?;
                self.short(im, "complex text")?;
            }
            Item::Bytes(b) => self.bytes(b, "bytes")?,
            Item::Str(s, form) if form.is_short() => self.short(s, "short string")?,
            Item::Str(s, _) => self.bytes(s, "string")?,
            Item::StringRef(i) | Item::Ref(i) => self.i32(i as i32),
            Item::Tuple(kids, TupleForm::Small) => {
                let n = u8::try_from(kids.len())
                    .map_err(|_| self.refuse(format!("small tuple of {} items", kids.len())))?;
                self.out.push(n);
                self.children(kids.iter());
            }
            Item::Tuple(kids, TupleForm::Tuple)
            | Item::List(kids)
            | Item::Set(kids)
            | Item::FrozenSet(kids) => {
                self.len(kids.len(), "sequence")?;
                self.children(kids.iter());
            }
            Item::Dict(kids) => {
                self.depth += 1;
                self.tasks.push(Task::Leave);
                self.tasks.push(Task::Byte(b'0'));
                self.tasks.extend(kids.iter().rev().map(Task::Node));
            }
            Item::Slice(kids) => self.children(kids.iter()),
            Item::Code(c) => {
                let layout = self.version.code_layout();
                let py311 = layout == CodeLayout::Py311;
                let want = if py311 { FIELDS_PLUS } else { FIELDS_SPLIT };
                if c.head.fields != want {
                    return Err(self.refuse(format!(
                        "code object without the fields {} requires",
                        self.version
                    )));
                }
                let h = c.head;
                self.i32(h.argcount);
                if matches!(layout, CodeLayout::Py38 | CodeLayout::Py311) {
                    self.i32(h.posonlyargcount);
                }
                if layout != CodeLayout::Py27 {
                    self.i32(h.kwonlyargcount);
                }
                if layout != CodeLayout::Py311 {
                    self.i32(h.nlocals);
                }
                self.i32(h.stacksize);
                self.i32(h.flags as i32);
                // `co_firstlineno` stands after the eighth nested field.
                self.depth += 1;
                self.tasks.push(Task::Leave);
                for (k, f) in c.fields.iter().enumerate().rev() {
                    if k == 7 {
                        self.tasks.push(Task::I32(h.firstlineno));
                    }
                    self.tasks.push(Task::Node(f));
                }
            }
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
