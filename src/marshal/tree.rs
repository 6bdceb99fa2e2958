//! The marshal tree: every object of one marshalled value in one arena.
//!
//! A [`Tree`] is what [`read`](super::read) returns and what the writer writes. Each
//! object is a 12-byte node in one `Vec`: its type code, its FLAG_REF bit and two
//! numbers whose meaning depends on the type (an `i` value; the offset and length of a
//! string's payload in the input; a container's first child and count). Payloads stay
//! in the bytes they were read from, so a read allocates a few vectors per file, not
//! one block per object. A container's children are consecutive nodes, except for a
//! dict (whose size is known only at its end) and containers whose claimed size the
//! input cannot hold, whose child ids are listed in a side vector.
//!
//! Every child has a larger id than its parent. [`Item`] is the typed view of a node;
//! [`Obj`](super::Obj) is the owned, editable form ([`Tree::from_obj`],
//! [`Tree::to_obj`]).

use std::borrow::Cow;

use super::object::{Long, StrForm, TupleForm};

/// The id of a node in its [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(super) u32);

impl NodeId {
    /// The node's index (children have larger indices than their parents).
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One object, packed. `a` and `b` by type code:
/// `i`: the value; `r`/`R`: the index; `I`/`g`/`y`: offset of the 8 or 16 bytes;
/// `l`: offset of the digits, the signed digit count; strings, `s`, `f`: offset and
/// length of the payload; `x`: offset and length of both length-prefixed texts;
/// containers: first child (or first entry in `kids`) and count; `c`: first field
/// (or entry in `kids`) and index in `codes`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Packed {
    pub(super) a: u32,
    pub(super) b: u32,
    pub(super) code: u8,
    pub(super) bits: u8,
}

/// `Packed::bits`: FLAG_REF was set.
pub(super) const FLAGGED: u8 = 1;
/// `Packed::bits`: the children are listed in `Tree::kids`.
pub(super) const LISTED: u8 = 2;

/// A code object's scalars and which nested fields it has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeHead {
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
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// Bit `k` set: field `k` of [`CodeField`] order is present.
    pub(super) fields: u16,
}

/// The nested fields a code object can have, in [`CodeObj::fields`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeField {
    /// `co_code`
    Code = 0,
    /// `co_consts`
    Consts,
    /// `co_names`
    Names,
    /// `co_varnames` (up to 3.10)
    Varnames,
    /// `co_localsplusnames` (3.11+)
    Localsplusnames,
    /// `co_localspluskinds` (3.11+)
    Localspluskinds,
    /// `co_freevars` (up to 3.10)
    Freevars,
    /// `co_cellvars` (up to 3.10)
    Cellvars,
    /// `co_filename`
    Filename,
    /// `co_name`
    Name,
    /// `co_qualname` (3.11+)
    Qualname,
    /// `co_lnotab` / `co_linetable`
    Linetable,
    /// `co_exceptiontable` (3.11+)
    Exceptiontable,
}

/// The fields of a code object up to 3.10, as a [`CodeHead::fields`] mask.
pub(super) const FIELDS_SPLIT: u16 = 0b0_1011_1100_1111;
/// The fields of a 3.11+ code object.
pub(super) const FIELDS_PLUS: u16 = 0b1_1111_0011_0111;

/// Whole marshalled objects in one arena. See the module documentation.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    pub(super) data: Cow<'a, [u8]>,
    pub(super) nodes: Vec<Packed>,
    pub(super) kids: Vec<u32>,
    pub(super) codes: Vec<CodeHead>,
    /// Reference slot to node (3.x `r`).
    pub(super) refs: Vec<u32>,
    /// 2.7 string table entry to node (`R`).
    pub(super) strings: Vec<u32>,
}

/// The children of a node.
#[derive(Debug, Clone, Copy)]
pub enum Kids<'t> {
    /// Consecutive nodes from the first, this many.
    Run(u32, u32),
    /// Listed.
    Listed(&'t [u32]),
}

impl<'t> Kids<'t> {
    /// How many.
    pub fn len(&self) -> usize {
        match self {
            Kids::Run(_, n) => *n as usize,
            Kids::Listed(l) => l.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th.
    #[inline]
    pub fn get(&self, i: usize) -> Option<NodeId> {
        match self {
            Kids::Run(first, n) => (i < *n as usize).then(|| NodeId(first + i as u32)),
            Kids::Listed(l) => l.get(i).map(|&k| NodeId(k)),
        }
    }

    /// In order.
    #[inline]
    pub fn iter(&self) -> KidsIter<'t> {
        match *self {
            Kids::Run(first, n) => KidsIter {
                run: first..first + n,
                list: [].iter(),
            },
            Kids::Listed(l) => KidsIter {
                run: 0..0,
                list: l.iter(),
            },
        }
    }
}

/// The iterator of [`Kids::iter`].
#[derive(Debug, Clone)]
pub struct KidsIter<'t> {
    run: std::ops::Range<u32>,
    list: std::slice::Iter<'t, u32>,
}

impl Iterator for KidsIter<'_> {
    type Item = NodeId;

    #[inline]
    fn next(&mut self) -> Option<NodeId> {
        match self.run.next() {
            Some(k) => Some(NodeId(k)),
            None => self.list.next().map(|&k| NodeId(k)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.run.len() + self.list.len();
        (n, Some(n))
    }
}

impl DoubleEndedIterator for KidsIter<'_> {
    fn next_back(&mut self) -> Option<NodeId> {
        match self.list.next_back() {
            Some(&k) => Some(NodeId(k)),
            None => self.run.next_back().map(NodeId),
        }
    }
}

impl ExactSizeIterator for KidsIter<'_> {}

/// The digits of an `l` int as written: base 2^15, least significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongDigits<'t> {
    /// True for a negative value.
    pub negative: bool,
    /// Two little-endian bytes per digit.
    pub raw: &'t [u8],
}

impl LongDigits<'_> {
    /// The digits.
    pub fn digits(&self) -> impl Iterator<Item = u16> + '_ {
        self.raw
            .chunks_exact(2)
            .map(|d| u16::from_le_bytes([d[0], d[1]]))
    }

    /// As an owned [`Long`].
    pub fn to_long(&self) -> Long {
        Long {
            negative: self.negative,
            digits: self.digits().collect(),
        }
    }

    /// The value.
    pub fn to_bigint(&self) -> num_bigint::BigInt {
        self.to_long().to_bigint()
    }
}

/// A code object node: its scalars and nested fields.
#[derive(Debug, Clone, Copy)]
pub struct CodeRef<'t> {
    /// The scalars.
    pub head: &'t CodeHead,
    /// The nested fields present, in marshal order.
    pub fields: Kids<'t>,
}

impl CodeRef<'_> {
    /// A nested field, if this code object has it.
    #[inline]
    pub fn field(&self, f: CodeField) -> Option<NodeId> {
        let bit = 1u16 << (f as u16);
        if self.head.fields & bit == 0 {
            return None;
        }
        let pos = (self.head.fields & (bit - 1)).count_ones() as usize;
        self.fields.get(pos)
    }

    /// Every nested field by [`CodeField`] number, `None` where absent: what
    /// [`CodeRef::field`] answers for each, in one pass.
    pub fn field_table(&self) -> [Option<NodeId>; 13] {
        // The two layouts the reader makes, their fields consecutive: positions from
        // a table instead of a walk.
        let positions = match self.head.fields {
            FIELDS_SPLIT => Some(&SPLIT_POSITIONS),
            FIELDS_PLUS => Some(&PLUS_POSITIONS),
            _ => None,
        };
        if let (Some(positions), Kids::Run(first, _)) = (positions, self.fields) {
            return positions.map(|p| p.map(|k| NodeId(first + k)));
        }
        let mut table = [None; 13];
        let mut kids = self.fields.iter();
        for (k, slot) in table.iter_mut().enumerate() {
            if self.head.fields & (1 << k) != 0 {
                *slot = kids.next();
            }
        }
        table
    }

    /// Whether it has the 3.11+ fields.
    pub fn is_plus(&self) -> bool {
        self.head.fields & (1 << CodeField::Localsplusnames as u16) != 0
    }
}

/// Each field's position among the fields present in a [`CodeHead::fields`] mask.
const fn field_positions(mask: u16) -> [Option<u32>; 13] {
    let mut table = [None; 13];
    let (mut k, mut at) = (0, 0);
    while k < 13 {
        if mask & (1 << k) != 0 {
            table[k] = Some(at);
            at += 1;
        }
        k += 1;
    }
    table
}

const SPLIT_POSITIONS: [Option<u32>; 13] = field_positions(FIELDS_SPLIT);
const PLUS_POSITIONS: [Option<u32>; 13] = field_positions(FIELDS_PLUS);

/// The typed view of one node.
#[derive(Debug, Clone, Copy)]
pub enum Item<'t> {
    /// `N`
    None,
    /// `F`
    False,
    /// `T`
    True,
    /// `.`
    Ellipsis,
    /// `S`
    StopIteration,
    /// `i`
    Int(i32),
    /// `I`
    Int64(i64),
    /// `l`
    Long(LongDigits<'t>),
    /// `g`: IEEE-754 bits.
    Float(u64),
    /// `f`
    FloatText(&'t [u8]),
    /// `y`
    Complex(u64, u64),
    /// `x`
    ComplexText(&'t [u8], &'t [u8]),
    /// `s`
    Bytes(&'t [u8]),
    /// A text string in one of its forms; the payload as written.
    Str(&'t [u8], StrForm),
    /// `R`
    StringRef(u32),
    /// `(` or `)`
    Tuple(Kids<'t>, TupleForm),
    /// `[`
    List(Kids<'t>),
    /// `{`: keys and values alternating.
    Dict(Kids<'t>),
    /// `<`
    Set(Kids<'t>),
    /// `>`
    FrozenSet(Kids<'t>),
    /// `:`: start, stop, step.
    Slice(Kids<'t>),
    /// `c`
    Code(CodeRef<'t>),
    /// `r`
    Ref(u32),
}

fn le64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Whether a type code is a string form, and which.
#[inline]
pub(super) fn str_form(code: u8) -> Option<StrForm> {
    Some(match code {
        b'u' => StrForm::Unicode,
        b't' => StrForm::Interned,
        b'a' => StrForm::Ascii,
        b'A' => StrForm::AsciiInterned,
        b'z' => StrForm::ShortAscii,
        b'Z' => StrForm::ShortAsciiInterned,
        _ => return None,
    })
}

impl<'a> Tree<'a> {
    /// The root object.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// How many nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are none (never for a tree that was read).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    #[inline]
    pub(super) fn packed(&self, id: NodeId) -> Packed {
        self.nodes.get(id.index()).copied().unwrap_or_default()
    }

    /// The type code (FLAG_REF removed).
    pub fn type_code(&self, id: NodeId) -> u8 {
        self.packed(id).code
    }

    /// Whether FLAG_REF was set.
    pub fn flagged(&self, id: NodeId) -> bool {
        self.packed(id).bits & FLAGGED != 0
    }

    /// Whether the object takes a slot in the reference table (flagged, and neither a
    /// singleton nor a reference: `Python/marshal.c: r_object`).
    pub fn takes_ref_slot(&self, id: NodeId) -> bool {
        let p = self.packed(id);
        p.bits & FLAGGED != 0 && !matches!(p.code, b'N' | b'F' | b'T' | b'.' | b'S' | b'r' | b'R')
    }

    #[inline]
    pub(super) fn span(&self, start: u32, len: u32) -> &[u8] {
        self.data
            .get(start as usize..start as usize + len as usize)
            .unwrap_or_default()
    }

    #[inline]
    fn kids_of(&self, p: Packed, n: u32) -> Kids<'_> {
        if p.bits & LISTED != 0 {
            Kids::Listed(
                self.kids
                    .get(p.a as usize..p.a as usize + n as usize)
                    .unwrap_or_default(),
            )
        } else {
            Kids::Run(p.a, n)
        }
    }

    /// The children of a container from its packed node: what [`Tree::children`]
    /// answers, without the typed view.
    #[inline]
    pub(super) fn container_kids(&self, p: Packed) -> Kids<'_> {
        let n = match p.code {
            b':' => 3,
            b'c' => self
                .codes
                .get(p.b as usize)
                .map_or(0, |head| head.fields.count_ones()),
            _ => p.b,
        };
        self.kids_of(p, n)
    }

    /// The typed view of a node.
    #[inline]
    pub fn item(&self, id: NodeId) -> Item<'_> {
        self.item_of(self.packed(id))
    }

    /// The typed view of a packed node.
    #[inline]
    pub(super) fn item_of(&self, p: Packed) -> Item<'_> {
        match p.code {
            b'F' => Item::False,
            b'T' => Item::True,
            b'.' => Item::Ellipsis,
            b'S' => Item::StopIteration,
            b'i' => Item::Int(p.a as i32),
            b'I' => Item::Int64(le64(self.span(p.a, 8)) as i64),
            b'g' => Item::Float(le64(self.span(p.a, 8))),
            b'y' => {
                let b = self.span(p.a, 16);
                Item::Complex(le64(b), le64(&b[8..]))
            }
            b'l' => {
                let n = p.b as i32;
                Item::Long(LongDigits {
                    negative: n < 0,
                    raw: self.span(p.a, n.unsigned_abs() * 2),
                })
            }
            b'f' => Item::FloatText(self.span(p.a, p.b)),
            b'x' => {
                let b = self.span(p.a, p.b);
                let re_len = usize::from(b[0]);
                let re = &b[1..1 + re_len];
                let im = &b[2 + re_len..];
                Item::ComplexText(re, im)
            }
            b's' => Item::Bytes(self.span(p.a, p.b)),
            b'r' => Item::Ref(p.a),
            b'R' => Item::StringRef(p.a),
            b'(' => Item::Tuple(self.kids_of(p, p.b), TupleForm::Tuple),
            b')' => Item::Tuple(self.kids_of(p, p.b), TupleForm::Small),
            b'[' => Item::List(self.kids_of(p, p.b)),
            b'{' => Item::Dict(self.kids_of(p, p.b)),
            b'<' => Item::Set(self.kids_of(p, p.b)),
            b'>' => Item::FrozenSet(self.kids_of(p, p.b)),
            b':' => Item::Slice(self.kids_of(p, 3)),
            b'c' => match self.codes.get(p.b as usize) {
                Some(head) => Item::Code(CodeRef {
                    head,
                    fields: self.kids_of(p, head.fields.count_ones()),
                }),
                None => Item::None,
            },
            c => match str_form(c) {
                Some(form) => Item::Str(self.span(p.a, p.b), form),
                None => Item::None,
            },
        }
    }

    /// A text string's payload as written and its form, when the node (references not
    /// followed) is one: [`Tree::item`]'s [`Item::Str`] without the rest of the view.
    #[inline]
    pub fn str_payload(&self, id: NodeId) -> Option<(&[u8], StrForm)> {
        let p = self.packed(id);
        let form = str_form(p.code)?;
        Some((self.span(p.a, p.b), form))
    }

    /// A byte string's payload (`s`), when the node (references not followed) is one.
    #[inline]
    pub fn bytes_payload(&self, id: NodeId) -> Option<&[u8]> {
        let p = self.packed(id);
        (p.code == b's').then(|| self.span(p.a, p.b))
    }

    /// A tuple's children (`(`, `)`), when the node (references not followed) is one.
    #[inline]
    pub fn tuple_kids(&self, id: NodeId) -> Option<Kids<'_>> {
        let p = self.packed(id);
        matches!(p.code, b'(' | b')').then(|| self.container_kids(p))
    }

    /// The children of a node in marshal order (a dict's keys and values alternate).
    pub fn children(&self, id: NodeId) -> Kids<'_> {
        // Most nodes are scalars: no typed view for them.
        if !matches!(
            self.packed(id).code,
            b'(' | b')' | b'[' | b'{' | b'<' | b'>' | b':' | b'c'
        ) {
            return Kids::Run(0, 0);
        }
        match self.item(id) {
            Item::Tuple(k, _)
            | Item::List(k)
            | Item::Dict(k)
            | Item::Set(k)
            | Item::FrozenSet(k)
            | Item::Slice(k) => k,
            Item::Code(c) => c.fields,
            _ => Kids::Run(0, 0),
        }
    }

    /// Follow a reference to the object it names; any other object is itself. `None`
    /// for a dangling reference (the reader never produces one).
    #[inline]
    pub fn resolve(&self, id: NodeId) -> Option<NodeId> {
        let p = self.packed(id);
        match p.code {
            b'r' => self.refs.get(p.a as usize).map(|&k| NodeId(k)),
            b'R' => self.strings.get(p.a as usize).map(|&k| NodeId(k)),
            _ => Some(id),
        }
    }

    /// Every node under `id` (itself included), in reading order.
    pub fn preorder(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut stack = vec![id];
        std::iter::from_fn(move || {
            let id = stack.pop()?;
            stack.extend(self.children(id).iter().rev());
            Some(id)
        })
    }

    /// Whether `f` holds for an object under `id` (itself included), visited in
    /// reading order until the first that does.
    pub fn any(&self, id: NodeId, f: impl FnMut(NodeId) -> bool) -> bool {
        self.preorder(id).any(f)
    }

    /// The same tree owning its bytes.
    pub fn into_owned(self) -> Tree<'static> {
        Tree {
            data: Cow::Owned(self.data.into_owned()),
            nodes: self.nodes,
            kids: self.kids,
            codes: self.codes,
            refs: self.refs,
            strings: self.strings,
        }
    }
}
