//! The reader's checked path: every object type, each read checked byte by byte against
//! the end of the input (`Reader::pos`), for the rare types and the last bytes.

use super::{Frame, Reader};
use crate::marshal::error::{Error, ErrorKind};
use crate::marshal::tree::{CodeHead, FIELDS_PLUS, FIELDS_SPLIT};
use crate::version::CodeLayout;

impl Reader<'_> {
    fn left(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Skip `n` bytes; their offset.
    fn skip(&mut self, n: usize, what: &'static str) -> Result<u32, Error> {
        if n > self.left() {
            return Err(self.truncated(self.pos, what, n));
        }
        let at = self.pos;
        self.pos += n;
        Ok(at as u32)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, Error> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.truncated(self.pos, what, 1)),
        }
    }

    pub(super) fn i32(&mut self, what: &'static str) -> Result<i32, Error> {
        match self.data.get(self.pos..self.pos + 4) {
            Some(&[b0, b1, b2, b3]) => {
                self.pos += 4;
                Ok(i32::from_le_bytes([b0, b1, b2, b3]))
            }
            _ => Err(self.truncated(self.pos, what, 4)),
        }
    }

    /// An i32 count of items that each need at least one byte.
    fn count(&mut self, what: &'static str) -> Result<u32, Error> {
        let at = self.pos;
        let n = self.i32(what)?;
        let left = self.left();
        if n as u32 as usize > left {
            return Err(self.bad_length(at, what, n as u32, left));
        }
        Ok(n as u32)
    }

    /// A u8-length payload: its offset and length.
    fn short_payload(&mut self, what: &'static str) -> Result<(u32, u32), Error> {
        let n = usize::from(self.u8(what)?);
        Ok((self.skip(n, what)?, n as u32))
    }

    /// Read the object at `at` into node `id` (`pending`: what its parent still waits
    /// for); where it ends, and if it is a container with children, its frame.
    #[inline(never)]
    pub(super) fn begin(
        &mut self,
        at: usize,
        id: u32,
        pending: usize,
    ) -> Result<(usize, Option<Frame>), Error> {
        self.pos = at;
        let inner = self.object_checked(id, pending)?;
        Ok((self.pos, inner))
    }

    fn object_checked(&mut self, id: u32, pending: usize) -> Result<Option<Frame>, Error> {
        let at = self.pos;
        let byte = self.u8("type code")?;
        let v3 = self.v3;
        let code = byte & self.code_mask;
        let flagged = byte != code;
        let (a, b) = match code {
            b'(' | b'[' | b'<' | b'>' => {
                let what = match code {
                    b'(' => "tuple",
                    b'[' => "list",
                    b'<' => "set",
                    _ => "frozenset",
                };
                let n = self.count(what)?;
                return Ok(self.sized(id, code, flagged, n, self.pos, pending));
            }
            b')' if v3 => {
                let n = u32::from(self.u8("tuple length")?);
                return Ok(self.sized(id, code, flagged, n, self.pos, pending));
            }
            b':' if self.version.marshal_version() >= 5 => {
                return Ok(Some(self.open(id, code, flagged, 3, 0, self.pos, pending)));
            }
            b'{' => {
                // A dict's size is not known in advance: it ends at `0`.
                return Ok(Some(self.open(id, code, flagged, 0, 0, self.pos, pending)));
            }
            b'c' => return self.code_head(id, flagged, pending).map(Some),
            b'N' | b'F' | b'T' | b'.' | b'S' => {
                self.leaf(id, code, flagged, 0, 0);
                return Ok(None);
            }
            b'r' if v3 => {
                let index = self.i32("reference")? as u32;
                self.reference(at, id, flagged, index)?;
                return Ok(None);
            }
            b'R' if !v3 => {
                let idx = self.i32("string reference")?;
                if idx as u32 as usize >= self.strings.len() {
                    return Err(self.bad_ref(at, idx, self.strings.len()));
                }
                self.leaf(id, code, false, idx as u32, 0);
                return Ok(None);
            }
            b'0' => return Err(Error::new(at, ErrorKind::Null)),
            b'z' | b'Z' if v3 => self.short_payload("string")?,
            b't' | b's' | b'u' => {
                let n = self.count(if code == b's' { "bytes" } else { "string" })?;
                self.pos = self.long_payload(id, code, flagged, self.pos, n)?;
                return Ok(None);
            }
            b'a' | b'A' if v3 => {
                let n = self.count("string")?;
                self.pos = self.long_payload(id, code, flagged, self.pos, n)?;
                return Ok(None);
            }
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
            _ => return Err(Error::new(at, ErrorKind::UnknownType { code })),
        };
        self.scalar(id, code, flagged, a, b);
        Ok(None)
    }

    /// Read a code object's leading scalars and open its frame.
    pub(super) fn code_head(
        &mut self,
        id: u32,
        flagged: bool,
        pending: usize,
    ) -> Result<Frame, Error> {
        let layout = self.version.code_layout();
        let mut h = match self.code_scalars(layout) {
            Some(h) => h,
            None => self.code_scalars_checked(layout)?,
        };
        h.fields = if layout == CodeLayout::Py311 {
            FIELDS_PLUS
        } else {
            FIELDS_SPLIT
        };
        let head = self.codes.len() as u32;
        self.codes.push(h);
        let want = h.fields.count_ones();
        Ok(self.open(id, b'c', flagged, want, head, self.pos, pending))
    }

    /// A code object's leading i32s as one fixed-size read, when the input holds all
    /// of them (nearly always); `None` otherwise.
    fn code_scalars(&mut self, layout: CodeLayout) -> Option<CodeHead> {
        let w: [u8; 24] = *self.data.get(self.pos..)?.first_chunk()?;
        let field = |k: usize| {
            let b = w.get(4 * k..4 * k + 4).unwrap_or_default();
            i32::from_le_bytes(b.try_into().unwrap_or_default())
        };
        // Which of argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize and
        // flags the layout has, in marshal order (`None`: absent, 0).
        let [arg, posonly, kwonly, nlocals, stack, flags] = match layout {
            CodeLayout::Py27 => [Some(0), None, None, Some(1), Some(2), Some(3)],
            CodeLayout::Py36 => [Some(0), None, Some(1), Some(2), Some(3), Some(4)],
            CodeLayout::Py38 => [Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)],
            CodeLayout::Py311 => [Some(0), Some(1), Some(2), None, Some(3), Some(4)],
        };
        let get = |k: Option<usize>| k.map_or(0, field);
        self.pos += 4 * (flags? + 1);
        Some(CodeHead {
            argcount: get(arg),
            posonlyargcount: get(posonly),
            kwonlyargcount: get(kwonly),
            nlocals: get(nlocals),
            stacksize: get(stack),
            flags: get(flags) as u32,
            ..CodeHead::default()
        })
    }

    /// [`Reader::code_scalars`] field by field, each checked (an error names the
    /// field that is cut off).
    #[cold]
    fn code_scalars_checked(&mut self, layout: CodeLayout) -> Result<CodeHead, Error> {
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
        Ok(h)
    }

    /// An `l` int: the offset of its digits and its signed digit count.
    fn long(&mut self) -> Result<(u32, u32), Error> {
        let at = self.pos;
        let n = self.i32("long size")?;
        let size = n.unsigned_abs() as usize;
        if size.saturating_mul(2) > self.left() {
            let left = self.left();
            return Err(Error::new(
                at,
                ErrorKind::BadLength {
                    what: "long",
                    len: i64::from(n),
                    left,
                },
            ));
        }
        let start = self.pos;
        let digits = &self.data[start..start + 2 * size];
        for (k, d) in digits.chunks_exact(2).enumerate() {
            let d = u16::from_le_bytes([d[0], d[1]]);
            if d > 0x7fff {
                return Err(Error::new(
                    start + 2 * k,
                    ErrorKind::BadLongDigit { digit: d },
                ));
            }
        }
        if digits.ends_with(&[0, 0]) {
            return Err(Error::new(at, ErrorKind::UnnormalizedLong));
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
            return Err(Error::new(
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
