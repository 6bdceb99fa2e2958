//! The texts of a block's table entries (constants, names, locals, free variables),
//! written on first use straight into a byte buffer.

use crate::code::{Code, Const, PyStr};
use crate::dis::line;
use crate::dis::repr::{const_repr, is_ascii_identifier, name_repr, push_int, quoted};
use crate::dis::FileCtx;
use crate::version::Version;

/// Texts of a table's entries, each written on first use and copied afterwards
/// (each followed by a chunk of spaces, see [`line`]).
#[derive(Default)]
pub(super) struct Reprs {
    pub text: Vec<u8>,
    /// Per entry, its range in `text`; `usize::MAX` as the start until written.
    spans: Vec<(usize, usize)>,
}

impl Reprs {
    /// Empty again, for a table of `n` entries (the buffers are kept).
    pub fn reset(&mut self, n: usize) {
        self.text.clear();
        self.spans.clear();
        self.spans.resize(n, (usize::MAX, 0));
    }

    /// Entry `i`'s range in `text` (`usize::MAX` as the start until written);
    /// `None` past the table.
    #[inline(always)]
    pub fn span(&self, i: usize) -> Option<(usize, usize)> {
        self.spans.get(i).copied()
    }

    /// Write entry `i`'s text (its first use); its range.
    #[inline]
    pub fn write(&mut self, i: usize, write: impl FnOnce(&mut Vec<u8>)) -> (usize, usize) {
        let start = self.text.len();
        write(&mut self.text);
        let end = self.text.len();
        self.text.extend_from_slice(&line::SPACES);
        if let Some(span) = self.spans.get_mut(i) {
            *span = (start, end);
        }
        (start, end)
    }

    /// Write name `s` as entry `i` (its first use); its range.
    #[inline]
    pub fn write_name(
        &mut self,
        i: usize,
        s: &PyStr,
        version: Version,
        tmp: &mut String,
    ) -> (usize, usize) {
        self.write(i, |out| name_bytes(out, s, version, tmp))
    }
}

/// [`name_repr`] into bytes: an ASCII identifier as it is, anything else through
/// `tmp`.
pub(super) fn name_bytes(out: &mut Vec<u8>, s: &PyStr, version: Version, tmp: &mut String) {
    let b = s.as_bytes();
    if is_ascii_identifier(b) {
        match s.inline_buf() {
            // Most names: a copy of fixed size cut back, without a call to `memcpy`.
            Some((n, buf)) => {
                let end = out.len() + n;
                out.extend_from_slice(buf);
                out.truncate(end);
            }
            None => out.extend_from_slice(b),
        }
    } else {
        tmp.clear();
        name_repr(tmp, s, version);
        out.extend_from_slice(tmp.as_bytes());
    }
}

/// Write the repr of constant `c` (its first use): the usual kinds straight as bytes,
/// the others through `tmp` and [`const_repr`].
pub(super) fn write_const(
    out: &mut Vec<u8>,
    c: &Const,
    version: Version,
    ctx: &FileCtx<'_>,
    tmp: &mut String,
) {
    let start = out.len();
    if !plain_const(out, c, version, ctx) {
        out.truncate(start);
        tmp.clear();
        const_repr(tmp, c, version, &|c: &Code| ctx.block_name(c));
        out.extend_from_slice(tmp.as_bytes());
    }
}

/// [`const_repr`] of the usual constants (`None`, booleans, ints, strings written as
/// they are, code objects, tuples of these), without the `String` and its UTF-8
/// checks; `false` for any other (what was written is then to be cut off).
fn plain_const(out: &mut Vec<u8>, c: &Const, version: Version, ctx: &FileCtx<'_>) -> bool {
    match c {
        Const::None => out.extend_from_slice(b"None"),
        Const::Bool(true) => out.extend_from_slice(b"True"),
        Const::Bool(false) => out.extend_from_slice(b"False"),
        Const::Ellipsis => out.extend_from_slice(b"..."),
        Const::Int(i) => match i64::try_from(i) {
            Ok(n) => push_int(out, n),
            Err(_) => return false,
        },
        Const::Str(s) => {
            if version == Version::V2_7 {
                out.push(b'u');
            }
            return quoted(out, s.as_bytes(), false);
        }
        Const::Bytes(b) => {
            if version != Version::V2_7 {
                out.push(b'b');
            }
            return quoted(out, b, true);
        }
        Const::Code(code) => {
            out.push(b'@');
            out.extend_from_slice(ctx.block_name(code).as_bytes());
        }
        Const::Tuple(items) => {
            out.push(b'(');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b", ");
                }
                if !plain_const(out, x, version, ctx) {
                    return false;
                }
            }
            if items.len() == 1 {
                out.push(b',');
            }
            out.push(b')');
        }
        _ => return false,
    }
    true
}
