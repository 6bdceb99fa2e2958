//! The marshal reader (`Python/marshal.c: r_object`), lossless.
//!
//! Hostile input is expected: every length is checked against the bytes that are left
//! before anything is allocated, nesting is limited like CPython's
//! `MAX_MARSHAL_STACK_DEPTH`, and references must name an object that is complete.

use std::borrow::Cow;

use super::error::{Error, ErrorKind};
use super::tree::{CodeHead, Packed, Tree, FIELDS_PLUS, FIELDS_SPLIT, FLAGGED, LISTED};
use crate::version::{CodeLayout, Version};

/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
pub const MAX_DEPTH: usize = 2000;

const FLAG_REF: u8 = 0x80;

/// `Packed::bits` while a container is being read (a reference to it is a cycle).
const OPEN: u8 = 4;

/// Read exactly one object that fills `data`, as written by `version`'s marshal. The
/// tree borrows its strings and bytes from `data`.
pub fn read(data: &[u8], version: Version) -> Result<Tree<'_>, Error> {
    read_whole(Cow::Borrowed(data), 0, version)
}

/// Read exactly one object that fills `data[start..]`; the tree keeps `data`, and error
/// offsets count from the start of `data` (a .pyc's header comes first).
pub fn read_owned(data: Vec<u8>, start: usize, version: Version) -> Result<Tree<'static>, Error> {
    read_whole(Cow::Owned(data), start, version)
}

fn read_whole(data: Cow<'_, [u8]>, start: usize, version: Version) -> Result<Tree<'_>, Error> {
    let (tree, end) = read_at(data, start, version)?;
    let len = tree.data.len();
    if end != len {
        return Err(Error::new(end, ErrorKind::Trailing(len - end)));
    }
    Ok(tree)
}

/// Read one object from the start of `data`; returns it and the bytes consumed.
pub fn read_prefix(data: &[u8], version: Version) -> Result<(Tree<'_>, usize), Error> {
    read_at(Cow::Borrowed(data), 0, version)
}

fn read_at(
    data: Cow<'_, [u8]>,
    start: usize,
    version: Version,
) -> Result<(Tree<'_>, usize), Error> {
    if u32::try_from(data.len()).is_err() {
        return Err(Error::new(0, ErrorKind::TooLarge(data.len())));
    }
    let mut r = Reader::new(&data, start, version);
    r.run()?;
    let Reader {
        pos,
        nodes,
        kids,
        codes,
        refs,
        strings,
        ..
    } = r;
    let tree = Tree {
        data,
        nodes,
        kids,
        codes,
        refs,
        strings,
    };
    Ok((tree, pos))
}

/// An open container.
///
/// The reader keeps these on an explicit stack instead of recursing, so hostile nesting
/// costs heap (bounded by `MAX_DEPTH` frames) and never the thread's stack, whatever the
/// build profile.
struct Frame {
    /// Its node.
    node: u32,
    /// Its first child's node, or (listed) where its children start in `Reader::listed`.
    first: u32,
    /// Children begun so far.
    got: u32,
    /// Children wanted (unused for a dict, which ends at `0`).
    want: u32,
    /// `(`, `)`, `[`, `<`, `>`, `:`, `c`, `{`, or `ROOT`.
    code: u8,
    /// The children get nodes as they come and are listed (dicts; sizes the input
    /// cannot hold) instead of taking reserved consecutive nodes.
    listed: bool,
}

/// The code of the pseudo-frame holding the result.
const ROOT: u8 = 0;

/// Nested objects of a code object before `co_firstlineno` (every layout).
const CODE_FIELDS_BEFORE_LINENO: u32 = 8;

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    version: Version,
    v3: bool,
    nodes: Vec<Packed>,
    kids: Vec<u32>,
    codes: Vec<CodeHead>,
    /// Reference slot to node.
    refs: Vec<u32>,
    /// 2.7: interned strings, in order.
    strings: Vec<u32>,
    /// The containers being read, innermost last.
    frames: Vec<Frame>,
    /// The children of the open listed containers.
    listed: Vec<u32>,
    /// Children not yet begun of the open containers of known size: each needs at
    /// least one more byte, which bounds the nodes a new container may reserve.
    pending: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], start: usize, version: Version) -> Self {
        Reader {
            data,
            pos: start,
            version,
            v3: version.has_marshal_refs(),
            nodes: Vec::with_capacity(data.len() / 16 + 4),
            kids: Vec::new(),
            codes: Vec::with_capacity(data.len() / 2048),
            refs: Vec::with_capacity(data.len() / 64),
            // 2.7 interns most names; about one per 48 bytes of a module.
            strings: Vec::with_capacity(if version.has_marshal_refs() {
                0
            } else {
                data.len() / 48
            }),
            frames: Vec::with_capacity(16),
            listed: Vec::new(),
            pending: 0,
        }
    }

    #[cold]
    fn err(&self, at: usize, kind: ErrorKind) -> Error {
        Error::new(at, kind)
    }

    fn left(&self) -> usize {
        self.data.len() - self.pos
    }

    #[cold]
    fn truncated(&self, needed: usize, what: &'static str) -> Error {
        self.err(
            self.pos,
            ErrorKind::Truncated {
                what,
                needed,
                left: self.left(),
            },
        )
    }

    /// Skip `n` bytes; their offset.
    #[inline(always)]
    fn skip(&mut self, n: usize, what: &'static str) -> Result<u32, Error> {
        if n > self.left() {
            return Err(self.truncated(n, what));
        }
        let at = self.pos;
        self.pos += n;
        Ok(at as u32)
    }

    #[inline(always)]
    fn u8(&mut self, what: &'static str) -> Result<u8, Error> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.truncated(1, what)),
        }
    }

    #[inline(always)]
    fn i32(&mut self, what: &'static str) -> Result<i32, Error> {
        match self.data.get(self.pos..self.pos + 4) {
            Some(b) => {
                self.pos += 4;
                Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            None => Err(self.truncated(4, what)),
        }
    }

    /// An i32 count of items that each need at least one byte.
    #[inline(always)]
    fn count(&mut self, what: &'static str) -> Result<u32, Error> {
        let at = self.pos;
        let n = self.i32(what)?;
        let left = self.left();
        match u32::try_from(n) {
            Ok(n) if n as usize <= left => Ok(n),
            _ => Err(self.err(
                at,
                ErrorKind::BadLength {
                    what,
                    len: i64::from(n),
                    left,
                },
            )),
        }
    }

    /// An i32-length payload: its offset and length.
    #[inline(always)]
    fn long_payload(&mut self, what: &'static str) -> Result<(u32, u32), Error> {
        let n = self.count(what)?;
        let at = self.pos as u32;
        self.pos += n as usize;
        Ok((at, n))
    }

    /// A u8-length payload: its offset and length.
    #[inline(always)]
    fn short_payload(&mut self, what: &'static str) -> Result<(u32, u32), Error> {
        let n = usize::from(self.u8(what)?);
        Ok((self.skip(n, what)?, n as u32))
    }

    /// Read the whole object at `pos`, without recursion.
    fn run(&mut self) -> Result<(), Error> {
        // A pseudo-container for the result, so every object has a parent.
        self.nodes.push(Packed::default());
        self.frames.push(Frame {
            node: 0,
            first: 0,
            got: 0,
            want: 1,
            code: ROOT,
            listed: false,
        });
        self.pending = 1;
        loop {
            self.begin()?;
            // At a child boundary of the innermost container: close every container
            // that is complete.
            while self.boundary()? {
                if self.close() {
                    return Ok(());
                }
            }
        }
    }

    /// At a child boundary of the innermost container (called exactly once per
    /// boundary): read what stands between children; true if the container is complete.
    #[inline(always)]
    fn boundary(&mut self) -> Result<bool, Error> {
        let Some(top) = self.frames.last() else {
            return Ok(true);
        };
        let (code, got, want, node) = (top.code, top.got, top.want, top.node);
        Ok(match code {
            b'{' => {
                if got % 2 == 0 && self.data.get(self.pos) == Some(&b'0') {
                    self.pos += 1;
                    true
                } else {
                    false
                }
            }
            b'c' => {
                if got == CODE_FIELDS_BEFORE_LINENO {
                    let line = self.i32("co_firstlineno")?;
                    let head = self.nodes.get(node as usize).map_or(0, |p| p.b);
                    if let Some(h) = self.codes.get_mut(head as usize) {
                        h.firstlineno = line;
                    }
                }
                got == want
            }
            _ => got == want,
        })
    }

    /// Complete the innermost container; true if it was the root pseudo-frame.
    fn close(&mut self) -> bool {
        let Some(f) = self.frames.pop() else {
            return true;
        };
        if f.code == ROOT {
            return true;
        }
        let a = if f.listed {
            let at = self.kids.len() as u32;
            self.kids.extend(self.listed.drain(f.first as usize..));
            at
        } else {
            f.first
        };
        if let Some(p) = self.nodes.get_mut(f.node as usize) {
            p.a = a;
            if f.code != b'c' {
                p.b = f.got;
            }
            p.bits &= !OPEN;
        }
        false
    }

    /// Start a container of `want` children (its type byte and length already read).
    fn open(&mut self, id: u32, code: u8, flagged: bool, want: u32, b: u32) {
        let mut bits = OPEN;
        if flagged {
            bits |= FLAGGED;
            self.refs.push(id);
        }
        // Reserve consecutive nodes only for what the bytes left can hold next to the
        // children the open containers still wait for (each needs a byte): nested
        // absurd lengths cannot multiply the allocation. Larger claims (which will
        // fail) and dicts get a node per child as it comes.
        let budget = self.left().saturating_sub(self.pending);
        let listed = code == b'{' || want as usize > budget;
        let first = if listed {
            bits |= LISTED;
            self.listed.len() as u32
        } else {
            let first = self.nodes.len();
            self.nodes.resize(first + want as usize, Packed::default());
            first as u32
        };
        if code != b'{' {
            self.pending += want as usize;
        }
        self.store(
            id,
            Packed {
                a: 0,
                b,
                code,
                bits,
            },
        );
        self.frames.push(Frame {
            node: id,
            first,
            got: 0,
            want,
            code,
            listed,
        });
    }

    #[inline(always)]
    fn store(&mut self, id: u32, p: Packed) {
        if let Some(slot) = self.nodes.get_mut(id as usize) {
            *slot = p;
        }
    }

    /// The node of the next child of the innermost container.
    #[inline(always)]
    fn next_child(&mut self) -> u32 {
        let new = self.nodes.len() as u32;
        let Some(top) = self.frames.last_mut() else {
            return new;
        };
        let got = top.got;
        top.got += 1;
        if top.code != b'{' {
            self.pending -= 1;
        }
        if top.listed {
            self.nodes.push(Packed::default());
            self.listed.push(new);
            new
        } else {
            top.first + got
        }
    }

    /// Read one object's type byte and, for a scalar, its payload, into the next child
    /// of the innermost container; or open a container.
    #[inline(always)]
    fn begin(&mut self) -> Result<(), Error> {
        let at = self.pos;
        // The root pseudo-frame does not count.
        if self.frames.len() > MAX_DEPTH {
            return Err(self.err(at, ErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        let byte = self.u8("type code")?;
        let v3 = self.v3;
        let (flagged, code) = if v3 {
            (byte & FLAG_REF != 0, byte & !FLAG_REF)
        } else {
            (false, byte)
        };
        let id = self.next_child();
        let (a, b) = match code {
            b'(' | b'[' | b'<' | b'>' => {
                let what = match code {
                    b'(' => "tuple",
                    b'[' => "list",
                    b'<' => "set",
                    _ => "frozenset",
                };
                let n = self.count(what)?;
                self.open(id, code, flagged, n, 0);
                return Ok(());
            }
            b')' if v3 => {
                let n = u32::from(self.u8("tuple length")?);
                self.open(id, code, flagged, n, 0);
                return Ok(());
            }
            b':' if self.version.marshal_version() >= 5 => {
                self.open(id, code, flagged, 3, 0);
                return Ok(());
            }
            b'{' => {
                // A dict's size is not known in advance: it ends at `0`.
                self.open(id, code, flagged, 0, 0);
                return Ok(());
            }
            b'c' => return self.code_head(id, flagged),
            // Singletons and references never take a slot.
            b'N' | b'F' | b'T' | b'.' | b'S' => return self.leaf(id, code, flagged, 0, 0),
            b'r' if v3 => {
                let idx = self.i32("reference")?;
                let target = u32::try_from(idx)
                    .ok()
                    .and_then(|i| self.refs.get(i as usize));
                return match target {
                    None => Err(self.bad_ref(at, idx, self.refs.len())),
                    Some(&t)
                        if self
                            .nodes
                            .get(t as usize)
                            .is_some_and(|p| p.bits & OPEN != 0) =>
                    {
                        Err(self.err(at, ErrorKind::RefToIncomplete { index: idx as u32 }))
                    }
                    Some(_) => self.leaf(id, code, flagged, idx as u32, 0),
                };
            }
            b'R' if !v3 => {
                let idx = self.i32("string reference")?;
                return match u32::try_from(idx) {
                    Ok(i) if (i as usize) < self.strings.len() => self.leaf(id, code, false, i, 0),
                    _ => Err(self.bad_ref(at, idx, self.strings.len())),
                };
            }
            b'0' => return Err(self.err(at, ErrorKind::Null)),
            b'z' | b'Z' if v3 => self.short_payload("string")?,
            b'a' | b'A' if v3 => self.long_payload("string")?,
            b'u' => self.long_payload("string")?,
            b't' => {
                if !v3 {
                    self.strings.push(id);
                }
                self.long_payload("string")?
            }
            b's' => self.long_payload("bytes")?,
            b'i' => (self.i32("int")? as u32, 0),
            b'I' => (self.skip(8, "int64")?, 0),
            b'g' => (self.skip(8, "float")?, 0),
            b'y' => (self.skip(16, "complex")?, 0),
            b'l' => self.long()?,
            b'f' => self.float_text()?,
            b'x' => {
                let (re, n) = self.float_text()?;
                let (_, m) = self.float_text()?;
                (re - 1, n + m + 2)
            }
            _ => return Err(self.err(at, ErrorKind::UnknownType { code })),
        };
        // A flagged scalar takes the next reference slot (complete at once: a scalar
        // has no parts that could refer to it).
        if flagged {
            self.refs.push(id);
        }
        self.leaf(id, code, flagged, a, b)
    }

    /// Store a scalar, a singleton or a reference.
    #[inline(always)]
    fn leaf(&mut self, id: u32, code: u8, flagged: bool, a: u32, b: u32) -> Result<(), Error> {
        let bits = u8::from(flagged) * FLAGGED;
        self.store(id, Packed { a, b, code, bits });
        Ok(())
    }

    #[cold]
    fn bad_ref(&self, at: usize, index: i32, count: usize) -> Error {
        let index = i64::from(index);
        self.err(at, ErrorKind::BadRef { index, count })
    }

    /// Read a code object's leading scalars and open its frame.
    fn code_head(&mut self, id: u32, flagged: bool) -> Result<(), Error> {
        let layout = self.version.code_layout();
        let mut h = CodeHead {
            argcount: self.i32("co_argcount")?,
            ..CodeHead::default()
        };
        if matches!(layout, CodeLayout::Py38 | CodeLayout::Py311) {
            h.posonlyargcount = self.i32("co_posonlyargcount")?;
        }
        if layout != CodeLayout::Py27 {
            h.kwonlyargcount = self.i32("co_kwonlyargcount")?;
        }
        if layout != CodeLayout::Py311 {
            h.nlocals = self.i32("co_nlocals")?;
        }
        h.stacksize = self.i32("co_stacksize")?;
        h.flags = self.i32("co_flags")? as u32;
        h.fields = if layout == CodeLayout::Py311 {
            FIELDS_PLUS
        } else {
            FIELDS_SPLIT
        };
        let head = self.codes.len() as u32;
        self.codes.push(h);
        self.open(id, b'c', flagged, h.fields.count_ones(), head);
        Ok(())
    }

    /// An `l` int: the offset of its digits and its signed digit count.
    fn long(&mut self) -> Result<(u32, u32), Error> {
        let at = self.pos;
        let n = self.i32("long size")?;
        let size = n.unsigned_abs() as usize;
        if size.saturating_mul(2) > self.left() {
            return Err(self.err(
                at,
                ErrorKind::BadLength {
                    what: "long",
                    len: i64::from(n),
                    left: self.left(),
                },
            ));
        }
        let start = self.pos;
        let digits = &self.data[start..start + 2 * size];
        for (k, d) in digits.chunks_exact(2).enumerate() {
            let d = u16::from_le_bytes([d[0], d[1]]);
            if d > 0x7fff {
                return Err(self.err(start + 2 * k, ErrorKind::BadLongDigit { digit: d }));
            }
        }
        if digits.ends_with(&[0, 0]) {
            return Err(self.err(at, ErrorKind::UnnormalizedLong));
        }
        self.pos += 2 * size;
        Ok((start as u32, n as u32))
    }

    /// A `f` float's text (checked to be a number): its offset and length.
    fn float_text(&mut self) -> Result<(u32, u32), Error> {
        let at = self.pos;
        let (start, n) = self.short_payload("float text")?;
        let s = &self.data[start as usize..(start + n) as usize];
        let ok = std::str::from_utf8(s)
            .ok()
            .map(|t| parse_float_text(t).is_some())
            .unwrap_or(false);
        if !ok {
            return Err(self.err(
                at,
                ErrorKind::BadFloatText(String::from_utf8_lossy(s).into_owned()),
            ));
        }
        Ok((start, n))
    }
}

/// Parse the text of a `f`/`x` float the way `float()` would accept it.
pub fn parse_float_text(t: &str) -> Option<f64> {
    let t = t.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    let special = match body {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    match special {
        Some(v) => Some(if neg { -v } else { v }),
        None if !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
        {
            t.parse().ok()
        }
        None => None,
    }
}
