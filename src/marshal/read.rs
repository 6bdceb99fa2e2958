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
    let obj = r.object()?;
    if r.pos != data.len() {
        return Err(Error::new(r.pos, ErrorKind::Trailing(data.len() - r.pos)));
    }
    Ok(obj)
}

/// Read one object from the start of `data`; returns it and the bytes consumed.
pub fn read_prefix(data: &[u8], version: Version) -> Result<(Obj, usize), Error> {
    let mut r = Reader::new(data, version);
    let obj = r.object()?;
    Ok((obj, r.pos))
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    version: Version,
    depth: usize,
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
            depth: 0,
            slots: Vec::new(),
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

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Error> {
        match self.data.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.err(
                self.pos,
                ErrorKind::Truncated {
                    what,
                    needed: n,
                    left: self.left(),
                },
            )),
        }
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, Error> {
        Ok(self.take(1, what)?[0])
    }

    fn i32(&mut self, what: &'static str) -> Result<i32, Error> {
        let b = self.take(4, what)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, Error> {
        Ok(self.i32(what)? as u32)
    }

    fn u64(&mut self, what: &'static str) -> Result<u64, Error> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// An i32 count of items that each need at least `min_item` bytes.
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

    fn bytes(&mut self, what: &'static str) -> Result<Box<[u8]>, Error> {
        let n = self.count(what, 1)?;
        Ok(self.take(n, what)?.into())
    }

    fn short_bytes(&mut self, what: &'static str) -> Result<Box<[u8]>, Error> {
        let n = usize::from(self.u8(what)?);
        Ok(self.take(n, what)?.into())
    }

    fn items(&mut self, n: usize) -> Result<Vec<Obj>, Error> {
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.object()?);
        }
        Ok(v)
    }

    fn object(&mut self) -> Result<Obj, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(self.pos, ErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        self.depth += 1;
        let r = self.object_inner();
        self.depth -= 1;
        r
    }

    fn object_inner(&mut self) -> Result<Obj, Error> {
        let at = self.pos;
        let byte = self.u8("type code")?;
        let refs = self.version.has_marshal_refs();
        let (flagged, code) = if refs {
            (byte & FLAG_REF != 0, byte & !FLAG_REF)
        } else {
            (false, byte)
        };
        // Containers and code take their slot before their contents are read.
        let slot = if flagged && !matches!(code, b'N' | b'F' | b'T' | b'.' | b'S' | b'r' | b'0') {
            self.slots.push(false);
            Some(self.slots.len() - 1)
        } else {
            None
        };
        let value = self.value(at, code)?;
        if let Some(i) = slot {
            self.slots[i] = true;
        }
        Ok(Obj { flagged, value })
    }

    fn value(&mut self, at: usize, code: u8) -> Result<Value, Error> {
        let v3 = self.version.has_marshal_refs();
        let v5 = self.version.marshal_version() >= 5;
        Ok(match code {
            b'0' => return Err(self.err(at, ErrorKind::Null)),
            b'N' => Value::None,
            b'F' => Value::False,
            b'T' => Value::True,
            b'.' => Value::Ellipsis,
            b'S' => Value::StopIteration,
            b'i' => Value::Int(self.i32("int")?),
            b'I' => Value::Int64(self.u64("int64")? as i64),
            b'l' => Value::Long(self.long()?),
            b'g' => Value::Float(self.u64("float")?),
            b'y' => {
                let re = self.u64("complex")?;
                Value::Complex(re, self.u64("complex")?)
            }
            b'f' => Value::FloatText(self.float_text()?),
            b'x' => {
                let re = self.float_text()?;
                Value::ComplexText(re, self.float_text()?)
            }
            b's' => Value::Bytes(self.bytes("bytes")?),
            b't' => {
                let s = self.bytes("string")?;
                self.strings += 1;
                Value::Str(s, StrForm::Interned)
            }
            b'u' => Value::Str(self.bytes("string")?, StrForm::Unicode),
            b'a' if v3 => Value::Str(self.bytes("string")?, StrForm::Ascii),
            b'A' if v3 => Value::Str(self.bytes("string")?, StrForm::AsciiInterned),
            b'z' if v3 => Value::Str(self.short_bytes("string")?, StrForm::ShortAscii),
            b'Z' if v3 => Value::Str(self.short_bytes("string")?, StrForm::ShortAsciiInterned),
            b'R' if !v3 => {
                let idx = self.i32("string reference")?;
                match u32::try_from(idx) {
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
                }
            }
            b'r' if v3 => {
                let idx = self.i32("reference")?;
                match u32::try_from(idx)
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
                }
            }
            b'(' => {
                let n = self.count("tuple", 1)?;
                Value::Tuple(self.items(n)?, TupleForm::Tuple)
            }
            b')' if v3 => {
                let n = usize::from(self.u8("tuple length")?);
                Value::Tuple(self.items(n)?, TupleForm::Small)
            }
            b'[' => {
                let n = self.count("list", 1)?;
                Value::List(self.items(n)?)
            }
            b'<' => {
                let n = self.count("set", 1)?;
                Value::Set(self.items(n)?)
            }
            b'>' => {
                let n = self.count("frozenset", 1)?;
                Value::FrozenSet(self.items(n)?)
            }
            b'{' => Value::Dict(self.dict()?),
            b':' if v5 => {
                let start = self.object()?;
                let stop = self.object()?;
                let step = self.object()?;
                Value::Slice(Box::new([start, stop, step]))
            }
            b'c' => Value::Code(Box::new(self.code()?)),
            _ => return Err(self.err(at, ErrorKind::UnknownType { code })),
        })
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

    fn dict(&mut self) -> Result<Vec<(Obj, Obj)>, Error> {
        let mut pairs = Vec::new();
        loop {
            if self.data.get(self.pos) == Some(&b'0') {
                self.pos += 1;
                return Ok(pairs);
            }
            let k = self.object()?;
            let v = self.object()?;
            pairs.push((k, v));
        }
    }

    fn code(&mut self) -> Result<CodeObj, Error> {
        let layout = self.version.code_layout();
        let argcount = self.i32("co_argcount")?;
        let posonlyargcount = match layout {
            CodeLayout::Py38 | CodeLayout::Py311 => self.i32("co_posonlyargcount")?,
            _ => 0,
        };
        let kwonlyargcount = match layout {
            CodeLayout::Py27 => 0,
            _ => self.i32("co_kwonlyargcount")?,
        };
        let nlocals = match layout {
            CodeLayout::Py311 => 0,
            _ => self.i32("co_nlocals")?,
        };
        let stacksize = self.i32("co_stacksize")?;
        let flags = self.u32("co_flags")?;
        let code = self.object()?;
        let consts = self.object()?;
        let names = self.object()?;
        let (varnames, localsplusnames, localspluskinds, freevars, cellvars) =
            if layout == CodeLayout::Py311 {
                let n = self.object()?;
                let k = self.object()?;
                (None, Some(n), Some(k), None, None)
            } else {
                let v = self.object()?;
                let f = self.object()?;
                let c = self.object()?;
                (Some(v), None, None, Some(f), Some(c))
            };
        let filename = self.object()?;
        let name = self.object()?;
        let qualname = match layout {
            CodeLayout::Py311 => Some(self.object()?),
            _ => None,
        };
        let firstlineno = self.i32("co_firstlineno")?;
        let linetable = self.object()?;
        let exceptiontable = match layout {
            CodeLayout::Py311 => Some(self.object()?),
            _ => None,
        };
        Ok(CodeObj {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            nlocals,
            stacksize,
            flags,
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
            firstlineno,
            linetable,
            exceptiontable,
        })
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
