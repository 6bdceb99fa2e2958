//! The marshal reader (`Python/marshal.c: r_object`), lossless.
//!
//! Hostile input is expected: every length is checked against the bytes that are left
//! before anything is allocated, nesting is limited like CPython's
//! `MAX_MARSHAL_STACK_DEPTH`, and references must name an object that is complete.
//!
//! The loop over a container's children keeps the container's state in locals, and
//! reads the common objects (a type byte and at most an i32) through one bounds check;
//! the rest, and anything in the last bytes of the input, go through [`checked`].

use std::borrow::Cow;

use super::error::{Error, ErrorKind};
use super::tree::{CodeHead, Packed, Tree, FLAGGED, LISTED};
use crate::version::Version;

mod checked;
mod leaf;

pub use checked::parse_float_text;

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
    let mut r = Reader::new(&data, version);
    let end = r.run(start)?;
    let Reader {
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
    Ok((tree, end))
}

/// An open container.
///
/// The reader keeps the enclosing ones on an explicit stack instead of recursing, so
/// hostile nesting costs heap (bounded by `MAX_DEPTH` frames) and never the thread's
/// stack, whatever the build profile.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Its node.
    node: u32,
    /// Its first child's node; listed: where its children start in `Reader::listed`.
    first: u32,
    /// The next child's node; listed: children begun so far.
    next: u32,
    /// Where the loop over the children pauses: before a code object's
    /// `co_firstlineno`, otherwise `end`.
    stop: u32,
    /// `first` plus the children wanted; listed: the children wanted (unused for a
    /// dict, which ends at `0`).
    end: u32,
    /// `(`, `)`, `[`, `<`, `>`, `:`, `c`, `{`, or `ROOT`.
    code: u8,
    /// The children get nodes as they come and are listed (dicts; sizes the input
    /// cannot hold) instead of taking reserved consecutive nodes.
    listed: bool,
}

impl Frame {
    /// Children not yet begun, each needing at least one more byte (a dict's are not
    /// counted: it may end at any even child).
    fn remaining(&self) -> usize {
        if self.code == b'{' {
            0
        } else {
            (self.end - self.next) as usize
        }
    }
}

/// The code of the pseudo-frame holding the result.
const ROOT: u8 = 0;

/// Nested objects of a code object before `co_firstlineno` (every layout).
const CODE_FIELDS_BEFORE_LINENO: u32 = 8;

struct Reader<'a> {
    data: &'a [u8],
    /// Where the checked reads are (the child loops keep their position in a local).
    pos: usize,
    version: Version,
    v3: bool,
    /// The bits of a type byte that are the type code (FLAG_REF is one only in 3.x).
    code_mask: u8,
    nodes: Vec<Packed>,
    kids: Vec<u32>,
    codes: Vec<CodeHead>,
    /// Reference slot to node.
    refs: Vec<u32>,
    /// 2.7: interned strings, in order.
    strings: Vec<u32>,
    /// The enclosing containers of the one being read, innermost last.
    frames: Vec<Frame>,
    /// The children of the open listed containers.
    listed: Vec<u32>,
    /// Children not yet begun of the containers in `frames` (`Frame::remaining`): each
    /// needs at least one more byte, which bounds the nodes a new container may reserve.
    pending: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], version: Version) -> Self {
        let v3 = version.has_marshal_refs();
        Reader {
            data,
            pos: 0,
            version,
            v3,
            code_mask: if v3 { !FLAG_REF } else { !0 },
            // 2.7 has about one object per 17 bytes, many files twice as many.
            nodes: Vec::with_capacity(data.len() / if v3 { 16 } else { 8 } + 4),
            kids: Vec::new(),
            codes: Vec::with_capacity(data.len() / 2048),
            refs: Vec::with_capacity(if v3 { data.len() / 64 } else { 0 }),
            // 2.7 interns most names; about one per 48 bytes of a module.
            strings: Vec::with_capacity(if v3 { 0 } else { data.len() / 48 }),
            frames: Vec::with_capacity(16),
            listed: Vec::new(),
            pending: 0,
        }
    }

    /// Read the whole object at `start`, without recursion; where it ends.
    fn run(&mut self, start: usize) -> Result<usize, Error> {
        // One loop per marshal generation: the tests of `v3` per object are gone.
        if self.v3 {
            self.run_as::<true>(start)
        } else {
            self.run_as::<false>(start)
        }
    }

    /// [`Reader::run`] for 3.x (`V3`) or 2.7.
    #[inline(never)]
    fn run_as<const V3: bool>(&mut self, start: usize) -> Result<usize, Error> {
        let mut pos = start;
        // A pseudo-container for the result, so every object has a parent.
        self.nodes.push(Packed::default());
        let mut cur = Frame {
            node: 0,
            first: 0,
            next: 0,
            stop: 1,
            end: 1,
            code: ROOT,
            listed: false,
        };
        loop {
            let complete = if cur.listed {
                self.listed_children::<V3>(&mut pos, &mut cur)?
            } else {
                self.run_children::<V3>(&mut pos, &mut cur)?
            };
            if complete {
                if cur.code == ROOT {
                    return Ok(pos);
                }
                self.close(&cur);
                let Some(outer) = self.frames.pop() else {
                    return Ok(pos);
                };
                self.pending -= outer.remaining();
                cur = outer;
            }
        }
    }

    /// Make `inner`, a child of `cur` whose header ends at `pos`, the container being
    /// read.
    #[inline(always)]
    fn enter(&mut self, cur: &mut Frame, inner: Frame, pos: usize) -> Result<(), Error> {
        self.pending += cur.remaining();
        self.frames.push(*cur);
        *cur = inner;
        // The root pseudo-frame counts as one level: `frames` holds the levels around
        // `cur`.
        if self.frames.len() >= MAX_DEPTH {
            self.check_depth(pos, cur)?;
        }
        Ok(())
    }

    /// Read children of a container with reserved nodes until it is complete (true) or
    /// a child opens a container (false; `cur` is now that one).
    #[inline(always)]
    fn run_children<const V3: bool>(
        &mut self,
        pos: &mut usize,
        cur: &mut Frame,
    ) -> Result<bool, Error> {
        loop {
            // Scalars and references, most children, with the loop's state in locals.
            let (mut at, mut next, stop) = (*pos, cur.next, cur.stop);
            while next < stop {
                match self.simple::<V3>(at, next)? {
                    Some(end) => {
                        at = end;
                        next += 1;
                    }
                    None => {
                        *pos = at;
                        cur.next = next + 1;
                        if self.object::<V3>(pos, next, cur)? {
                            return Ok(false);
                        }
                        (at, next) = (*pos, cur.next);
                    }
                }
            }
            (*pos, cur.next) = (at, next);
            if cur.stop == cur.end {
                return Ok(true);
            }
            *pos = self.firstlineno(*pos, cur.node)?;
            cur.stop = cur.end;
        }
    }

    /// The same for a listed container: a dict, or one whose claimed size the input
    /// cannot hold.
    #[inline(always)]
    fn listed_children<const V3: bool>(
        &mut self,
        pos: &mut usize,
        cur: &mut Frame,
    ) -> Result<bool, Error> {
        loop {
            if cur.code == b'{' {
                if cur.next % 2 == 0 && self.data.get(*pos) == Some(&b'0') {
                    *pos += 1;
                    return Ok(true);
                }
            } else {
                if cur.code == b'c' && cur.next == CODE_FIELDS_BEFORE_LINENO {
                    *pos = self.firstlineno(*pos, cur.node)?;
                }
                if cur.next == cur.end {
                    return Ok(true);
                }
            }
            let id = self.nodes.len() as u32;
            self.nodes.push(Packed::default());
            self.listed.push(id);
            cur.next += 1;
            if self.object::<V3>(pos, id, cur)? {
                return Ok(false);
            }
        }
    }

    /// `cur` has just been opened at the depth limit: an error if it has a child.
    #[cold]
    fn check_depth(&self, pos: usize, cur: &Frame) -> Result<(), Error> {
        let has_child = if cur.code == b'{' {
            self.data.get(pos) != Some(&b'0')
        } else {
            cur.end > cur.next
        };
        if has_child {
            return Err(Error::new(pos, ErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        Ok(())
    }

    /// Complete a container.
    fn close(&mut self, f: &Frame) {
        let (a, n) = if f.listed {
            let at = self.kids.len() as u32;
            self.kids.extend(self.listed.drain(f.first as usize..));
            (at, f.next)
        } else {
            (f.first, f.end - f.first)
        };
        if let Some(p) = self.nodes.get_mut(f.node as usize) {
            p.a = a;
            if f.code != b'c' {
                p.b = n;
            }
            p.bits &= !OPEN;
        }
    }

    /// Start a container of `want` children whose header ends at `pos`; `pending` is
    /// what its parent still waits for.
    #[allow(clippy::too_many_arguments)]
    fn open(
        &mut self,
        id: u32,
        code: u8,
        flagged: bool,
        want: u32,
        b: u32,
        pos: usize,
        pending: usize,
    ) -> Frame {
        let mut bits = OPEN;
        if flagged {
            bits |= FLAGGED;
            self.refs.push(id);
        }
        // Reserve consecutive nodes only for what the bytes left can hold next to the
        // children the open containers still wait for (each needs a byte): nested
        // absurd lengths cannot multiply the allocation. Larger claims (which will
        // fail) and dicts get a node per child as it comes.
        let budget = (self.data.len() - pos).saturating_sub(self.pending + pending);
        let listed = code == b'{' || want as usize > budget;
        let (first, next, end) = if listed {
            bits |= LISTED;
            (self.listed.len() as u32, 0, want)
        } else {
            let first = self.nodes.len();
            self.nodes.resize(first + want as usize, Packed::default());
            let first = first as u32;
            (first, first, first + want)
        };
        self.store(
            id,
            Packed {
                a: 0,
                b,
                code,
                bits,
            },
        );
        let stop = if code == b'c' && !listed {
            first + CODE_FIELDS_BEFORE_LINENO
        } else {
            end
        };
        Frame {
            node: id,
            first,
            next,
            stop,
            end,
            code,
            listed,
        }
    }

    #[inline(always)]
    fn store(&mut self, id: u32, p: Packed) {
        if let Some(slot) = self.nodes.get_mut(id as usize) {
            *slot = p;
        }
    }

    /// Store a scalar, singleton or reference.
    #[inline(always)]
    fn leaf(&mut self, id: u32, code: u8, flagged: bool, a: u32, b: u32) {
        let bits = u8::from(flagged) * FLAGGED;
        self.store(id, Packed { a, b, code, bits });
    }

    /// Read one object into node `id`, a child of `cur`: a scalar whole, or a
    /// container's header (true: `cur` is now that container).
    #[inline(always)]
    fn object<const V3: bool>(
        &mut self,
        pos: &mut usize,
        id: u32,
        cur: &mut Frame,
    ) -> Result<bool, Error> {
        let at = *pos;
        let data = self.data;
        let Some(w) = self.word(at) else {
            return self.slow(pos, id, cur);
        };
        let x0 = (w >> 8) as u8;
        let arg = (w >> 8) as u32;
        let v3 = V3;
        let rule = &leaf::RULES[usize::from(V3)][usize::from(w as u8)];
        if rule.head != 0 {
            *pos = self.leaf_by_rule::<V3>(rule, at, id, arg)?;
            return Ok(false);
        }
        let (code, flagged) = (rule.code, rule.flags & leaf::FLAG != 0);
        let after = at + 5;
        let left = data.len() - after;
        match code {
            b'r' if v3 => {
                self.reference(at, id, flagged, arg)?;
                *pos = after;
                Ok(false)
            }
            b'(' | b'[' | b'<' | b'>' => {
                if arg as usize > left {
                    let what = match code {
                        b'(' => "tuple",
                        b'[' => "list",
                        b'<' => "set",
                        _ => "frozenset",
                    };
                    return Err(self.bad_length(at + 1, what, arg, left));
                }
                *pos = after;
                self.container(id, code, flagged, arg, after, cur)
            }
            b'c' => {
                self.pos = at + 1;
                let inner = self.code_head(id, flagged, cur.remaining())?;
                *pos = self.pos;
                self.enter(cur, inner, *pos)?;
                Ok(true)
            }
            b')' if v3 => {
                *pos = at + 2;
                self.container(id, code, flagged, x0.into(), at + 2, cur)
            }
            _ => self.slow(pos, id, cur),
        }
    }

    /// A string or bytes object of `len` bytes at `at`; where it ends.
    #[inline(always)]
    fn long_payload(
        &mut self,
        id: u32,
        code: u8,
        flagged: bool,
        at: usize,
        len: u32,
    ) -> Result<usize, Error> {
        let left = self.data.len() - at;
        if len as usize > left {
            let what = if code == b's' { "bytes" } else { "string" };
            return Err(self.bad_length(at - 4, what, len, left));
        }
        if code == b't' && !self.v3 {
            self.strings.push(id);
        }
        self.scalar(id, code, flagged, at as u32, len);
        Ok(at + len as usize)
    }

    /// Store a scalar; if flagged it takes the next reference slot (complete at once: a
    /// scalar has no parts that could refer to it).
    #[inline(always)]
    fn scalar(&mut self, id: u32, code: u8, flagged: bool, a: u32, b: u32) {
        if flagged {
            self.refs.push(id);
        }
        self.leaf(id, code, flagged, a, b);
    }

    /// A container of `want` children, a child of `cur`, whose header ends at `pos`:
    /// true if it is now `cur`, false if it is empty (stored complete).
    #[inline(always)]
    fn container(
        &mut self,
        id: u32,
        code: u8,
        flagged: bool,
        want: u32,
        pos: usize,
        cur: &mut Frame,
    ) -> Result<bool, Error> {
        match self.sized(id, code, flagged, want, pos, cur.remaining()) {
            Some(inner) => {
                self.enter(cur, inner, pos)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// A tuple, list, set or frozenset of `want` children whose header ends at `pos`
    /// (`pending`: what its parent still waits for): its frame, or none if it is empty
    /// (stored complete).
    #[inline(always)]
    fn sized(
        &mut self,
        id: u32,
        code: u8,
        flagged: bool,
        want: u32,
        pos: usize,
        pending: usize,
    ) -> Option<Frame> {
        if want == 0 {
            let first = self.nodes.len() as u32;
            self.scalar(id, code, flagged, first, 0);
            return None;
        }
        Some(self.open(id, code, flagged, want, 0, pos, pending))
    }

    /// The rare objects and those near the end of the input, through checked reads.
    #[inline(always)]
    fn slow(&mut self, pos: &mut usize, id: u32, cur: &mut Frame) -> Result<bool, Error> {
        let (end, inner) = self.begin(*pos, id, cur.remaining())?;
        *pos = end;
        match inner {
            Some(inner) => {
                self.enter(cur, inner, end)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Read a code object's `co_firstlineno` at `pos` into `node`'s head; where it
    /// ends.
    fn firstlineno(&mut self, pos: usize, node: u32) -> Result<usize, Error> {
        self.pos = pos;
        let line = self.i32("co_firstlineno")?;
        let head = self.nodes.get(node as usize).map_or(0, |p| p.b);
        if let Some(h) = self.codes.get_mut(head as usize) {
            h.firstlineno = line;
        }
        Ok(self.pos)
    }

    /// An `r` with index `index` (3.x).
    #[inline(always)]
    fn reference(&mut self, at: usize, id: u32, flagged: bool, index: u32) -> Result<(), Error> {
        match self.refs.get(index as usize) {
            None => Err(self.bad_ref(at, index as i32, self.refs.len())),
            Some(&t)
                if self
                    .nodes
                    .get(t as usize)
                    .is_some_and(|p| p.bits & OPEN != 0) =>
            {
                Err(Error::new(at, ErrorKind::RefToIncomplete { index }))
            }
            Some(_) => {
                self.leaf(id, b'r', flagged, index, 0);
                Ok(())
            }
        }
    }

    #[cold]
    fn bad_ref(&self, at: usize, index: i32, count: usize) -> Error {
        let index = i64::from(index);
        Error::new(at, ErrorKind::BadRef { index, count })
    }

    /// A length (at `at`) that is negative or more than the `left` bytes after it.
    #[cold]
    fn bad_length(&self, at: usize, what: &'static str, len: u32, left: usize) -> Error {
        let len = i64::from(len as i32);
        Error::new(at, ErrorKind::BadLength { what, len, left })
    }

    /// `needed` bytes wanted at `at`.
    #[cold]
    fn truncated(&self, at: usize, what: &'static str, needed: usize) -> Error {
        let left = self.data.len() - at;
        Error::new(at, ErrorKind::Truncated { what, needed, left })
    }
}
