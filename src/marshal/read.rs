//! The marshal reader (`Python/marshal.c: r_object`), lossless.
//!
//! Hostile input is expected: every length is checked against the bytes that are left
//! before anything is allocated, nesting is limited like CPython's
//! `MAX_MARSHAL_STACK_DEPTH`, and references must name an object that is complete.

use super::error::{Error, ErrorKind};
use super::object::{CodeObj, Long, Obj, StrForm, TupleForm, Value};
use crate::version::{CodeLayout, Version};

/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
pub const MAX_DEPTH: usize = 2000;

const FLAG_REF: u8 = 0x80;

/// Read exactly one object that fills `data`, as written by `version`'s marshal.
pub fn read(data: &[u8], version: Version) -> Result<Obj, Error> {
    let mut r = Reader::new(data, version);
    let obj = r.run()?;
    if r.pos != data.len() {
        return Err(Error::new(r.pos, ErrorKind::Trailing(data.len() - r.pos)));
    }
    Ok(obj)
}

/// Read one object from the start of `data`; returns it and the bytes consumed.
pub fn read_prefix(data: &[u8], version: Version) -> Result<(Obj, usize), Error> {
    let mut r = Reader::new(data, version);
    let obj = r.run()?;
    Ok((obj, r.pos))
}

/// An open container: its type code and the parts collected so far.
///
/// The reader keeps these on an explicit stack instead of recursing, so hostile nesting
/// costs heap (bounded by `MAX_DEPTH` frames) and never the thread's stack, whatever the
/// build profile.
struct Frame {
    /// Children read so far (code: the nested fields in marshal order; dict: a key
    /// waiting for its value).
    items: Vec<Obj>,
    /// Its reference slot, or `NO_SLOT`.
    slot: usize,
    /// Children wanted in all (unused for a dict, which ends at `0`).
    want: u32,
    /// `(`, `)`, `[`, `<`, `>`, `:`, `c`, `{`, or `ROOT`.
    code: u8,
    /// FLAG_REF was set.
    flagged: bool,
}

const NO_SLOT: usize = usize::MAX;

/// The code of the pseudo-frame holding the result.
const ROOT: u8 = 0;

/// Nested objects of a code object before `co_firstlineno` (every layout).
const CODE_FIELDS_BEFORE_LINENO: usize = 8;

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    version: Version,
    /// The containers being read, innermost last.
    frames: Vec<Frame>,
    /// Children still wanted by the open containers of known size: each needs at least
    /// one more byte, which bounds what a new container may preallocate.
    pending: usize,
    /// The scalars of the open code objects, innermost last: argcount,
    /// posonlyargcount, kwonlyargcount, nlocals, stacksize, flags, firstlineno.
    heads: Vec<[i32; 7]>,
    /// The entries of the open dicts, innermost last.
    dicts: Vec<Vec<(Obj, Obj)>>,
    /// An empty list kept from the last code object closed, for the next one.
    spare: Vec<Obj>,
    /// One entry per reference slot: whether its object is complete.
    slots: Vec<bool>,
    /// 2.7: number of interned strings read so far.
    strings: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], version: Version) -> Self {
        Reader {
            data,
            pos: 0,
            version,
            frames: Vec::with_capacity(16),
            pending: 0,
            heads: Vec::new(),
            dicts: Vec::new(),
            spare: Vec::new(),
            slots: Vec::with_capacity(data.len() / 64),
            strings: 0,
        }
    }

    #[cold]
    fn err(&self, at: usize, kind: ErrorKind) -> Error {
        Error::new(at, kind)
    }

    fn left(&self) -> usize {
        self.data.len() - self.pos
    }

    #[inline(always)]
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Error> {
        match self.data.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.truncated(n, what)),
        }
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

    #[inline]
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
        let b = self.take(4, what)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self, what: &'static str) -> Result<u64, Error> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// An i32 count of items that each need at least `min_item` bytes.
    #[inline]
    fn count(&mut self, what: &'static str, min_item: usize) -> Result<usize, Error> {
        let at = self.pos;
        let n = self.i32(what)?;
        let left = self.left();
        match usize::try_from(n) {
            Ok(n) if n.saturating_mul(min_item) <= left => Ok(n),
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

    #[inline]
    fn bytes(&mut self, what: &'static str) -> Result<Box<[u8]>, Error> {
        let n = self.count(what, 1)?;
        Ok(self.take(n, what)?.into())
    }

    #[inline]
    fn short_bytes(&mut self, what: &'static str) -> Result<Box<[u8]>, Error> {
        let n = usize::from(self.u8(what)?);
        Ok(self.take(n, what)?.into())
    }

    /// Read the whole object at `pos`, without recursion.
    fn run(&mut self) -> Result<Obj, Error> {
        // A pseudo-container for the result, so every object has a parent.
        self.frames.push(Frame {
            items: Vec::with_capacity(1),
            slot: NO_SLOT,
            want: 1,
            code: ROOT,
            flagged: false,
        });
        self.pending = 1;
        loop {
            self.begin()?;
            // At a child boundary of the innermost container: close every container
            // that is complete, handing each to its parent.
            while self.boundary()? {
                let Some(frame) = self.frames.pop() else {
                    break;
                };
                if frame.code == ROOT {
                    let mut items = frame.items;
                    return Ok(items.pop().unwrap_or(NONE));
                }
                let obj = self.close(frame);
                self.push(obj);
            }
        }
    }

    /// Add a complete object to the innermost container.
    #[inline(always)]
    fn push(&mut self, obj: Obj) {
        let left = self.data.len() - self.pos;
        let Some(top) = self.frames.last_mut() else {
            return;
        };
        if top.code != b'{' {
            top.items.push(obj);
            self.pending -= 1;
        } else if let Some(key) = top.items.pop() {
            if let Some(pairs) = self.dicts.last_mut() {
                if pairs.len() == pairs.capacity() {
                    // Grow, but never past what the bytes left can hold (an entry
                    // takes at least two).
                    pairs.reserve_exact(pairs.len().max(4).min(left / 2 + 1));
                }
                pairs.push((key, obj));
            }
        } else {
            top.items.reserve_exact(1);
            top.items.push(obj);
        }
    }

    /// At a child boundary of the innermost container (called exactly once per
    /// boundary): read what stands between children; true if the container is complete.
    #[inline(always)]
    fn boundary(&mut self) -> Result<bool, Error> {
        let Some(top) = self.frames.last() else {
            return Ok(false);
        };
        let (code, got, want) = (top.code, top.items.len(), top.want as usize);
        Ok(match code {
            b'{' => {
                if got == 0 && self.data.get(self.pos) == Some(&b'0') {
                    self.pos += 1;
                    true
                } else {
                    false
                }
            }
            b'c' => {
                if got == CODE_FIELDS_BEFORE_LINENO {
                    let line = self.i32("co_firstlineno")?;
                    if let Some(head) = self.heads.last_mut() {
                        head[6] = line;
                    }
                }
                got == want
            }
            _ => got == want,
        })
    }

    /// Build a complete container.
    fn close(&mut self, frame: Frame) -> Obj {
        if let Some(done) = self.slots.get_mut(frame.slot) {
            *done = true;
        }
        let Frame {
            code,
            flagged,
            mut items,
            ..
        } = frame;
        let value = match code {
            b'(' => Value::Tuple(items, TupleForm::Tuple),
            b')' => Value::Tuple(items, TupleForm::Small),
            b'[' => Value::List(items),
            b'<' => Value::Set(items),
            b'>' => Value::FrozenSet(items),
            b'{' => Value::Dict(self.dicts.pop().unwrap_or_default()),
            b':' => {
                let step = items.pop();
                let stop = items.pop();
                let start = items.pop();
                let [start, stop, step] = [start, stop, step].map(|o| o.unwrap_or(NONE));
                Value::Slice(Box::new([start, stop, step]))
            }
            _ => {
                let head = self.heads.pop().unwrap_or_default();
                let code = self.code_obj(&mut items, head);
                // The emptied field list serves the next code object.
                self.spare = items;
                Value::Code(Box::new(code))
            }
        };
        Obj { flagged, value }
    }

    fn code_obj(&self, items: &mut Vec<Obj>, h: [i32; 7]) -> CodeObj {
        let mut it = items.drain(..);
        let mut next = || it.next().unwrap_or(NONE);
        let py311 = self.version.code_layout() == CodeLayout::Py311;
        let code = next();
        let consts = next();
        let names = next();
        let (varnames, localsplusnames, localspluskinds, freevars, cellvars) = if py311 {
            let n = next();
            let k = next();
            (None, Some(n), Some(k), None, None)
        } else {
            let v = next();
            let f = next();
            let c = next();
            (Some(v), None, None, Some(f), Some(c))
        };
        let filename = next();
        let name = next();
        let qualname = py311.then(&mut next);
        let linetable = next();
        let exceptiontable = py311.then(&mut next);
        CodeObj {
            argcount: h[0],
            posonlyargcount: h[1],
            kwonlyargcount: h[2],
            nlocals: h[3],
            stacksize: h[4],
            flags: h[5] as u32,
            code,
            consts,
            names,
            varnames,
            freevars,
            cellvars,
            localsplusnames,
            localspluskinds,
            filename,
            name,
            qualname,
            firstlineno: h[6],
            linetable,
            exceptiontable,
        }
    }

    /// Start a container of `want` children (its type byte and length already read).
    fn open(&mut self, code: u8, flagged: bool, want: usize) {
        let slot = if flagged {
            self.slots.push(false);
            self.slots.len() - 1
        } else {
            NO_SLOT
        };
        let cap = if code == b'{' {
            self.dicts.push(Vec::new());
            0
        } else {
            // Preallocate only what the bytes left can hold next to the children the
            // open containers still wait for (each needs a byte; the one being read is
            // counted by every level): nested absurd lengths cannot multiply the
            // allocation.
            let budget = (self.left() + self.frames.len()).saturating_sub(self.pending);
            self.pending += want;
            want.min(budget)
        };
        let items = if code == b'c' && self.spare.capacity() >= cap {
            std::mem::take(&mut self.spare)
        } else {
            Vec::with_capacity(cap)
        };
        self.frames.push(Frame {
            items,
            slot,
            want: u32::try_from(want).unwrap_or(u32::MAX),
            code,
            flagged,
        });
    }

    /// Read one object's type byte and, for a scalar, its payload, and add the object
    /// to the innermost container; or open a container.
    #[inline]
    fn begin(&mut self) -> Result<(), Error> {
        let at = self.pos;
        // The root pseudo-frame does not count.
        if self.frames.len() > MAX_DEPTH {
            return Err(self.err(at, ErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        let byte = self.u8("type code")?;
        let v3 = self.version.has_marshal_refs();
        let (flagged, code) = if v3 {
            (byte & FLAG_REF != 0, byte & !FLAG_REF)
        } else {
            (false, byte)
        };
        match code {
            b'(' => {
                let n = self.count("tuple", 1)?;
                self.open(code, flagged, n);
                Ok(())
            }
            b')' if v3 => {
                let n = usize::from(self.u8("tuple length")?);
                self.open(code, flagged, n);
                Ok(())
            }
            b'[' => {
                let n = self.count("list", 1)?;
                self.open(code, flagged, n);
                Ok(())
            }
            b'<' => {
                let n = self.count("set", 1)?;
                self.open(code, flagged, n);
                Ok(())
            }
            b'>' => {
                let n = self.count("frozenset", 1)?;
                self.open(code, flagged, n);
                Ok(())
            }
            b':' if self.version.marshal_version() >= 5 => {
                self.open(code, flagged, 3);
                Ok(())
            }
            b'{' => {
                // A dict's size is not known in advance: it ends at `0`.
                self.open(code, flagged, 0);
                Ok(())
            }
            b'c' => {
                self.code_head(flagged)?;
                Ok(())
            }
            // Singletons and references never take a slot.
            b'N' => self.leaf(flagged, Value::None),
            b'F' => self.leaf(flagged, Value::False),
            b'T' => self.leaf(flagged, Value::True),
            b'.' => self.leaf(flagged, Value::Ellipsis),
            b'S' => self.leaf(flagged, Value::StopIteration),
            b'r' if v3 => {
                let idx = self.i32("reference")?;
                let value = match u32::try_from(idx)
                    .ok()
                    .filter(|&i| (i as usize) < self.slots.len())
                {
                    Some(i) if self.slots[i as usize] => Value::Ref(i),
                    Some(i) => return Err(self.err(at, ErrorKind::RefToIncomplete { index: i })),
                    None => {
                        return Err(self.err(
                            at,
                            ErrorKind::BadRef {
                                index: i64::from(idx),
                                count: self.slots.len(),
                            },
                        ))
                    }
                };
                self.leaf(flagged, value)
            }
            b'R' if !v3 => {
                let idx = self.i32("string reference")?;
                let value = match u32::try_from(idx) {
                    Ok(i) if (i as usize) < self.strings => Value::StringRef(i),
                    _ => {
                        return Err(self.err(
                            at,
                            ErrorKind::BadRef {
                                index: i64::from(idx),
                                count: self.strings,
                            },
                        ))
                    }
                };
                self.leaf(flagged, value)
            }
            b'0' => Err(self.err(at, ErrorKind::Null)),
            // Scalars: each arm builds and stores its object itself (one merged
            // temporary would be copied with stalls on every object).
            b'z' if v3 => {
                self.done_slot(flagged);
                let s = self.short_bytes("string")?;
                self.leaf(flagged, Value::Str(s, StrForm::ShortAscii))
            }
            b'Z' if v3 => {
                self.done_slot(flagged);
                let s = self.short_bytes("string")?;
                self.leaf(flagged, Value::Str(s, StrForm::ShortAsciiInterned))
            }
            b'a' if v3 => {
                self.done_slot(flagged);
                let s = self.bytes("string")?;
                self.leaf(flagged, Value::Str(s, StrForm::Ascii))
            }
            b'A' if v3 => {
                self.done_slot(flagged);
                let s = self.bytes("string")?;
                self.leaf(flagged, Value::Str(s, StrForm::AsciiInterned))
            }
            b'u' => {
                self.done_slot(flagged);
                let s = self.bytes("string")?;
                self.leaf(flagged, Value::Str(s, StrForm::Unicode))
            }
            b't' => {
                self.done_slot(flagged);
                let s = self.bytes("string")?;
                self.strings += 1;
                self.leaf(flagged, Value::Str(s, StrForm::Interned))
            }
            b's' => {
                self.done_slot(flagged);
                let s = self.bytes("bytes")?;
                self.leaf(flagged, Value::Bytes(s))
            }
            b'i' => {
                self.done_slot(flagged);
                let i = self.i32("int")?;
                self.leaf(flagged, Value::Int(i))
            }
            b'I' => {
                self.done_slot(flagged);
                let i = self.u64("int64")? as i64;
                self.leaf(flagged, Value::Int64(i))
            }
            b'l' => {
                self.done_slot(flagged);
                let l = self.long()?;
                self.leaf(flagged, Value::Long(l))
            }
            b'g' => {
                self.done_slot(flagged);
                let f = self.u64("float")?;
                self.leaf(flagged, Value::Float(f))
            }
            b'y' => {
                self.done_slot(flagged);
                let re = self.u64("complex")?;
                let im = self.u64("complex")?;
                self.leaf(flagged, Value::Complex(re, im))
            }
            b'f' => {
                self.done_slot(flagged);
                let t = self.float_text()?;
                self.leaf(flagged, Value::FloatText(t))
            }
            b'x' => {
                self.done_slot(flagged);
                let re = self.float_text()?;
                let im = self.float_text()?;
                self.leaf(flagged, Value::ComplexText(re, im))
            }
            _ => Err(self.err(at, ErrorKind::UnknownType { code })),
        }
    }

    /// A flagged scalar takes the next reference slot (complete at once: a scalar has
    /// no parts that could refer to it).
    #[inline(always)]
    fn done_slot(&mut self, flagged: bool) {
        if flagged {
            self.slots.push(true);
        }
    }

    #[inline(always)]
    fn leaf(&mut self, flagged: bool, value: Value) -> Result<(), Error> {
        self.push(Obj { flagged, value });
        Ok(())
    }

    /// Read a code object's leading scalars and open its frame.
    fn code_head(&mut self, flagged: bool) -> Result<(), Error> {
        let layout = self.version.code_layout();
        let mut h = [0i32; 7];
        h[0] = self.i32("co_argcount")?;
        if matches!(layout, CodeLayout::Py38 | CodeLayout::Py311) {
            h[1] = self.i32("co_posonlyargcount")?;
        }
        if layout != CodeLayout::Py27 {
            h[2] = self.i32("co_kwonlyargcount")?;
        }
        if layout != CodeLayout::Py311 {
            h[3] = self.i32("co_nlocals")?;
        }
        h[4] = self.i32("co_stacksize")?;
        h[5] = self.i32("co_flags")?;
        let fields = if layout == CodeLayout::Py311 { 10 } else { 9 };
        self.heads.push(h);
        self.open(b'c', flagged, fields);
        Ok(())
    }

    fn long(&mut self) -> Result<Long, Error> {
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
        let mut digits = Vec::with_capacity(size);
        for _ in 0..size {
            let d_at = self.pos;
            let b = self.take(2, "long digit")?;
            let d = u16::from_le_bytes([b[0], b[1]]);
            if d > 0x7fff {
                return Err(self.err(d_at, ErrorKind::BadLongDigit { digit: d }));
            }
            digits.push(d);
        }
        if digits.last() == Some(&0) {
            return Err(self.err(at, ErrorKind::UnnormalizedLong));
        }
        Ok(Long {
            negative: n < 0,
            digits: digits.into_boxed_slice(),
        })
    }

    fn float_text(&mut self) -> Result<Box<[u8]>, Error> {
        let at = self.pos;
        let s = self.short_bytes("float text")?;
        let ok = std::str::from_utf8(&s)
            .ok()
            .map(|t| parse_float_text(t).is_some())
            .unwrap_or(false);
        if !ok {
            return Err(self.err(
                at,
                ErrorKind::BadFloatText(String::from_utf8_lossy(&s).into_owned()),
            ));
        }
        Ok(s)
    }
}

/// Stands in for a missing part in `close` (never used: frames close only when full).
const NONE: Obj = Obj {
    flagged: false,
    value: Value::None,
};

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
