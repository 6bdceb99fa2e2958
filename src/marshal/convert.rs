//! Conversions between a [`Tree`] and its owned form, [`Obj`], and tree equality.

use std::borrow::Cow;

use super::error::{Error, ErrorKind};
use super::object::{CodeObj, Obj, StrForm, Value};
use super::tree::{CodeField, CodeHead, Item, Kids, NodeId, Packed, Tree, FLAGGED};

/// The owned value of a scalar (`None` for containers and code objects).
pub fn scalar(item: Item<'_>) -> Option<Value> {
    Some(match item {
        Item::None => Value::None,
        Item::False => Value::False,
        Item::True => Value::True,
        Item::Ellipsis => Value::Ellipsis,
        Item::StopIteration => Value::StopIteration,
        Item::Int(v) => Value::Int(v),
        Item::Int64(v) => Value::Int64(v),
        Item::Long(l) => Value::Long(l.to_long()),
        Item::Float(v) => Value::Float(v),
        Item::FloatText(t) => Value::FloatText(t.into()),
        Item::Complex(re, im) => Value::Complex(re, im),
        Item::ComplexText(re, im) => Value::ComplexText(re.into(), im.into()),
        Item::Bytes(b) => Value::Bytes(b.into()),
        Item::Str(b, form) => Value::Str(b.into(), form),
        Item::StringRef(k) => Value::StringRef(k),
        Item::Ref(k) => Value::Ref(k),
        _ => return None,
    })
}

impl Tree<'_> {
    /// The owned, editable form.
    pub fn to_obj(&self) -> Obj {
        // Children have larger ids than their parents: build from the last node back.
        let mut built: Vec<Option<Obj>> = vec![None; self.nodes.len()];
        for i in (0..self.nodes.len()).rev() {
            let id = NodeId(i as u32);
            let mut take = |k: NodeId| built.get_mut(k.index()).and_then(Option::take);
            let mut seq = |k: Kids<'_>| {
                k.iter()
                    .map(&mut take)
                    .map(Option::unwrap_or_default)
                    .collect::<Vec<Obj>>()
            };
            let value = match self.item(id) {
                Item::Tuple(k, form) => Value::Tuple(seq(k), form),
                Item::List(k) => Value::List(seq(k)),
                Item::Set(k) => Value::Set(seq(k)),
                Item::FrozenSet(k) => Value::FrozenSet(seq(k)),
                Item::Dict(k) => {
                    let mut items = seq(k).into_iter();
                    let mut pairs = Vec::with_capacity(k.len() / 2);
                    while let (Some(key), Some(val)) = (items.next(), items.next()) {
                        pairs.push((key, val));
                    }
                    Value::Dict(pairs)
                }
                Item::Slice(k) => {
                    let mut it = seq(k).into_iter();
                    let mut next = || it.next().unwrap_or_default();
                    Value::Slice(Box::new([next(), next(), next()]))
                }
                Item::Code(c) => {
                    let mut field = |f| c.field(f).and_then(&mut take);
                    let h = c.head;
                    Value::Code(Box::new(CodeObj {
                        argcount: h.argcount,
                        posonlyargcount: h.posonlyargcount,
                        kwonlyargcount: h.kwonlyargcount,
                        nlocals: h.nlocals,
                        stacksize: h.stacksize,
                        flags: h.flags,
                        code: field(CodeField::Code).unwrap_or_default(),
                        consts: field(CodeField::Consts).unwrap_or_default(),
                        names: field(CodeField::Names).unwrap_or_default(),
                        varnames: field(CodeField::Varnames),
                        localsplusnames: field(CodeField::Localsplusnames),
                        localspluskinds: field(CodeField::Localspluskinds),
                        freevars: field(CodeField::Freevars),
                        cellvars: field(CodeField::Cellvars),
                        filename: field(CodeField::Filename).unwrap_or_default(),
                        name: field(CodeField::Name).unwrap_or_default(),
                        qualname: field(CodeField::Qualname),
                        firstlineno: h.firstlineno,
                        linetable: field(CodeField::Linetable).unwrap_or_default(),
                        exceptiontable: field(CodeField::Exceptiontable),
                    }))
                }
                other => scalar(other).unwrap_or(Value::None),
            };
            built[i] = Some(Obj {
                flagged: self.flagged(id),
                value,
            });
        }
        built.first_mut().and_then(Option::take).unwrap_or_default()
    }
}

impl Tree<'static> {
    /// The tree of an owned object, laid out as the reader would lay it out.
    /// References are resolved as in the bytes the object would be written to.
    pub fn from_obj(root: &Obj) -> Result<Tree<'static>, Error> {
        let mut b = Builder::default();
        b.tree.nodes.push(Packed::default());
        let mut stack: Vec<(&Obj, u32)> = vec![(root, 0)];
        while let Some((o, id)) = stack.pop() {
            let node = b.node(o, id, &mut stack)?;
            b.tree.nodes[id as usize] = node;
        }
        Ok(b.tree)
    }
}

struct Builder {
    tree: Tree<'static>,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder {
            tree: Tree {
                data: Cow::Owned(Vec::new()),
                nodes: Vec::new(),
                kids: Vec::new(),
                codes: Vec::new(),
                refs: Vec::new(),
                strings: Vec::new(),
            },
        }
    }
}

fn too_big() -> Error {
    Error::new(
        0,
        ErrorKind::Unwritable("more than 4 GiB of objects".into()),
    )
}

impl Builder {
    /// Append a payload; its offset.
    fn put(&mut self, bytes: &[u8]) -> Result<u32, Error> {
        let data = self.tree.data.to_mut();
        let at = u32::try_from(data.len()).map_err(|_| too_big())?;
        data.extend_from_slice(bytes);
        u32::try_from(data.len()).map_err(|_| too_big())?;
        Ok(at)
    }

    fn len32(n: usize) -> Result<u32, Error> {
        u32::try_from(n).map_err(|_| too_big())
    }

    /// Reserve consecutive nodes for `children` and schedule them; the first id.
    fn open<'o>(
        &mut self,
        children: impl DoubleEndedIterator<Item = &'o Obj> + ExactSizeIterator,
        stack: &mut Vec<(&'o Obj, u32)>,
    ) -> Result<u32, Error> {
        let first = Self::len32(self.tree.nodes.len())?;
        let n = children.len();
        Self::len32(self.tree.nodes.len() + n)?;
        self.tree
            .nodes
            .resize(self.tree.nodes.len() + n, Packed::default());
        stack.extend(
            children
                .enumerate()
                .rev()
                .map(|(i, o)| (o, first + i as u32)),
        );
        Ok(first)
    }

    fn node<'o>(
        &mut self,
        o: &'o Obj,
        id: u32,
        stack: &mut Vec<(&'o Obj, u32)>,
    ) -> Result<Packed, Error> {
        let code = super::write::type_code(&o.value);
        let bits = if o.flagged { FLAGGED } else { 0 };
        if o.takes_ref_slot() {
            self.tree.refs.push(id);
        }
        let (a, b) = match &o.value {
            Value::None | Value::False | Value::True | Value::Ellipsis | Value::StopIteration => {
                (0, 0)
            }
            Value::Int(v) => (*v as u32, 0),
            Value::Int64(v) => (self.put(&v.to_le_bytes())?, 8),
            Value::Float(v) => (self.put(&v.to_le_bytes())?, 8),
            Value::Complex(re, im) => {
                let a = self.put(&re.to_le_bytes())?;
                self.put(&im.to_le_bytes())?;
                (a, 16)
            }
            Value::Long(l) => {
                let raw: Vec<u8> = l.digits.iter().flat_map(|d| d.to_le_bytes()).collect();
                let n = i32::try_from(l.digits.len()).map_err(|_| too_big())?;
                (self.put(&raw)?, (if l.negative { -n } else { n }) as u32)
            }
            Value::FloatText(t) => (self.put(t)?, Self::len32(t.len())?),
            Value::ComplexText(re, im) => {
                let mut raw = Vec::with_capacity(re.len() + im.len() + 2);
                for t in [re, im] {
                    raw.push(u8::try_from(t.len()).map_err(|_| {
                        Error::new(
                            0,
                            ErrorKind::Unwritable("complex text over 255 bytes".into()),
                        )
                    })?);
                    raw.extend_from_slice(t);
                }
                (self.put(&raw)?, Self::len32(raw.len())?)
            }
            Value::Bytes(s) => (self.put(s)?, Self::len32(s.len())?),
            Value::Str(s, form) => {
                if *form == StrForm::Interned {
                    self.tree.strings.push(id);
                }
                (self.put(s)?, Self::len32(s.len())?)
            }
            Value::StringRef(k) | Value::Ref(k) => (*k, 0),
            Value::Tuple(items, _)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => {
                (self.open(items.iter(), stack)?, Self::len32(items.len())?)
            }
            Value::Slice(parts) => (self.open(parts.iter(), stack)?, 3),
            Value::Dict(pairs) => {
                let flat: Vec<&Obj> = pairs.iter().flat_map(|(k, v)| [k, v]).collect();
                (
                    self.open(flat.into_iter(), stack)?,
                    Self::len32(pairs.len() * 2)?,
                )
            }
            Value::Code(c) => {
                let mut fields = 0u16;
                let all = c.slots();
                for (k, f) in all.iter().enumerate() {
                    if f.is_some() {
                        fields |= 1 << k;
                    }
                }
                let head = Self::len32(self.tree.codes.len())?;
                self.tree.codes.push(CodeHead {
                    argcount: c.argcount,
                    posonlyargcount: c.posonlyargcount,
                    kwonlyargcount: c.kwonlyargcount,
                    nlocals: c.nlocals,
                    stacksize: c.stacksize,
                    flags: c.flags,
                    firstlineno: c.firstlineno,
                    fields,
                });
                let present: Vec<&Obj> = all.into_iter().flatten().collect();
                (self.open(present.into_iter(), stack)?, head)
            }
        };
        Ok(Packed { a, b, code, bits })
    }
}

/// What identifies a node apart from its children: type code, flag, payload bytes,
/// scalars, child count.
fn token<'t>(t: &'t Tree<'_>, id: NodeId) -> (u8, bool, &'t [u8], u32, Option<CodeHead>, usize) {
    let p = t.packed(id);
    let (payload, scalar) = match p.code {
        b'i' | b'r' | b'R' => (&[][..], p.a),
        b'I' | b'g' => (t.span(p.a, 8), 0),
        b'y' => (t.span(p.a, 16), 0),
        b'l' => (t.span(p.a, (p.b as i32).unsigned_abs() * 2), p.b),
        b's' | b'f' | b'x' | b'u' | b't' | b'a' | b'A' | b'z' | b'Z' => (t.span(p.a, p.b), 0),
        _ => (&[][..], 0),
    };
    let head = match t.item(id) {
        Item::Code(c) => Some(*c.head),
        _ => None,
    };
    (
        p.code,
        p.bits & FLAGGED != 0,
        payload,
        scalar,
        head,
        t.children(id).len(),
    )
}

/// Two trees are equal when they hold the same objects in the same forms (they
/// write the same bytes), wherever their nodes and payloads are stored.
impl PartialEq for Tree<'_> {
    fn eq(&self, other: &Tree<'_>) -> bool {
        if self.nodes.len() != other.nodes.len() {
            return false;
        }
        let (mut a, mut b) = (self.preorder(self.root()), other.preorder(other.root()));
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if token(self, x) == token(other, y) => {}
                _ => return false,
            }
        }
    }
}
