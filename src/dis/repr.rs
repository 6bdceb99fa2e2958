//! Python's `repr()` of constants, per version, as the assembly language writes them.
//!
//! - floats: `Objects/floatobject.c: float_repr` = `PyOS_double_to_string(x, 'r', 0,
//!   Py_DTSF_ADD_DOT_0)` with `float_repr_style = 'short'` (`Python/pystrtod.c:
//!   format_float_short`); the shortest round-trip digits come from `ryu`, which agrees
//!   with CPython's `_Py_dg_dtoa` mode 0 (docs: `/work/shared/style.md`);
//! - complex: `Objects/complexobject.c: complex_repr`;
//! - str: `Objects/unicodeobject.c: unicode_repr` (3.x), `unicodeescape_string` (2.7
//!   `unicode`); bytes: `Objects/bytesobject.c: PyBytes_Repr` (also 2.7 `str`).
//!
//! Deviations from `repr`, all required by the language: `...` for Ellipsis,
//! `frozenset({..})` in 2.7 too, `@NAME` for code objects, `float.frombits(0x..)` for NaNs
//! other than the default one, and `complex(re, im)` when a part is not finite.

use std::fmt::Write;

use crate::code::{Code, Const, PyStr};
pub use crate::decimal::push_int;
use crate::version::Version;
pub use float::{complex_repr, float_r, float_repr};

mod float;

/// The bits of `float('nan')` (what `nan` in a `.pyasm` file means).
pub const DEFAULT_NAN: u64 = 0x7ff8_0000_0000_0000;

/// Append bytes known to be ASCII, in one copy (validating ASCII is a fast scan).
fn push_ascii(out: &mut String, b: &[u8]) {
    match std::str::from_utf8(b) {
        Ok(t) => out.push_str(t),
        Err(_) => out.extend(b.iter().map(|&c| char::from(c))),
    }
}

/// Append `n` spaces: 32 at a time, the last group cut to length (a copy of a fixed
/// size needs no call).
pub fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        let at = out.len();
        out.push_str(SPACES);
        out.truncate(at + k);
        n -= k;
    }
}

pub(super) fn quote_for(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double {
        '"'
    } else {
        '\''
    }
}

/// `PyBytes_Repr` (3.x `bytes`, 2.7 `str`), after `prefix` (`b` or nothing).
pub fn bytes_repr(out: &mut String, b: &[u8], prefix: &str) {
    let mut text = Vec::with_capacity(b.len() + 2);
    quoted(&mut text, b, true);
    out.push_str(prefix);
    push_ascii(out, &text);
}

/// `repr` of an ASCII `str` or of `bytes` (after its prefix): CPython's quote choice
/// and escapes, which agree for these (`\\`, `\t`, `\n`, `\r`, the quote, `\xhh`).
/// Printable text without both quotes (nearly all) is one copy. `false` at a byte
/// above 0x7f unless `bytes` (a `str` then goes through [`const_repr`]).
pub(super) fn quoted(out: &mut Vec<u8>, b: &[u8], bytes: bool) -> bool {
    let scan = scan_ascii(b);
    let q = quote_for(scan.single, scan.double) as u8;
    out.push(q);
    if !(scan.special || scan.single && scan.double) {
        out.extend_from_slice(b);
        out.push(q);
        return true;
    }
    let mut rest = b;
    loop {
        let (plain, tail) = rest.split_at(plain_ascii_run(rest, q).min(rest.len()));
        out.extend_from_slice(plain);
        let Some((&c, tail)) = tail.split_first() else {
            break;
        };
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ if c == q => out.extend_from_slice(&[b'\\', q]),
            0x80.. if !bytes => return false,
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = |d: u8| HEX[usize::from(d & 15)];
                out.extend_from_slice(&[b'\\', b'x', hex(c >> 4), hex(c)]);
            }
        }
        rest = tail;
    }
    out.push(q);
    true
}

/// A backslash, `kind`, then `digits` lower-case hex digits of `c`.
fn push_hex_escape(out: &mut String, kind: char, c: u32, digits: u32) {
    out.push('\\');
    out.push(kind);
    for k in (0..digits).rev() {
        let d = (c >> (4 * k)) & 0xf;
        out.push(char::from_digit(d, 16).unwrap_or('0'));
    }
}

/// `unicode_repr` (3.x `str`): printable characters as they are (`str.isprintable`,
/// see [`super::printable`]), others as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
pub fn str_repr(out: &mut String, s: &PyStr) {
    text_repr(out, s, false);
}

/// 2.7 `unicode.__repr__` (`unicodeescape_string` with quotes): `u'...'`, every
/// non-ASCII character escaped.
pub fn unicode27_repr(out: &mut String, s: &PyStr) {
    out.push('u');
    text_repr(out, s, true);
}

fn text_repr(out: &mut String, s: &PyStr, escape_non_ascii: bool) {
    let bytes = s.as_bytes();
    let scan = scan_ascii(bytes);
    if !(scan.special || scan.single && scan.double) {
        // Printable ASCII with at most one kind of quote: written as it is, in the
        // other quote.
        if let Ok(t) = std::str::from_utf8(bytes) {
            let q = quote_for(scan.single, scan.double);
            out.reserve(t.len() + 2);
            out.push(q);
            out.push_str(t);
            out.push(q);
            return;
        }
    }
    let q = quote_for(scan.single, scan.double);
    out.push(q);
    match s.as_str() {
        // Runs of characters written as they are are copied as slices.
        Some(t) => {
            let (mut i, mut run) = (0, 0);
            while i < t.len() {
                i += plain_ascii_run(&t.as_bytes()[i..], q as u8);
                let Some(&b) = t.as_bytes().get(i) else {
                    break;
                };
                let (c, len) = if b.is_ascii() {
                    (u32::from(b), 1)
                } else {
                    let c = t[i..].chars().next().unwrap_or('\u{fffd}');
                    (u32::from(c), c.len_utf8())
                };
                if !is_plain(c, q, escape_non_ascii) {
                    out.push_str(&t[run..i]);
                    escape_point(out, c, q, escape_non_ascii);
                    run = i + len;
                }
                i += len;
            }
            out.push_str(&t[run..]);
        }
        None => {
            for c in s.code_points() {
                escape_point(out, c, q, escape_non_ascii);
            }
        }
    }
    out.push(q);
}

/// What one pass over a string's bytes finds for [`text_repr`].
pub(super) struct Scan {
    /// A `'`.
    pub single: bool,
    /// A `"`.
    pub double: bool,
    /// A byte that is not printable ASCII, or a backslash.
    pub special: bool,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `x`. Only bytes above a zero byte can be flagged
/// wrongly (by the borrow), so the lowest flag is always right.
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The high bit of each byte of `x` that is not printable ASCII, or is a backslash
/// (the lowest flag always right, as for [`zero_bytes`]).
fn unprintable_bytes(x: u64) -> u64 {
    (x & HIGH)
        | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
        | zero_bytes(x ^ (ONES * 0x7f))
        | zero_bytes(x ^ (ONES * u64::from(b'\\')))
}

fn word(chunk: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// [`Scan`] of `b`, eight bytes at a time.
pub(super) fn scan_ascii(b: &[u8]) -> Scan {
    let (mut single, mut double, mut special) = (0, 0, 0);
    let mut add = |x: u64| {
        single |= zero_bytes(x ^ (ONES * u64::from(b'\'')));
        double |= zero_bytes(x ^ (ONES * u64::from(b'"')));
        special |= unprintable_bytes(x);
    };
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        add(word(chunk));
    }
    // The last 1 to 7 bytes as one word without a copy call: the first and last four
    // (overlapping), or first, middle and last byte and plain `a`s (repeats do not
    // change what is found).
    let rest = chunks.remainder();
    let word = match (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        (Some(a), Some(b)) => {
            u64::from(u32::from_le_bytes(*a)) | u64::from(u32::from_le_bytes(*b)) << 32
        }
        _ => {
            let n = rest.len();
            let byte = |i: usize| rest.get(i).copied().unwrap_or(b'a');
            u64::from_le_bytes([
                byte(0),
                byte(n / 2),
                byte(n.wrapping_sub(1)),
                b'a',
                b'a',
                b'a',
                b'a',
                b'a',
            ])
        }
    };
    add(word);
    Scan {
        single: single != 0,
        double: double != 0,
        special: special != 0,
    }
}

/// How many leading bytes of `b` are ASCII that `text_repr` writes as they are inside
/// quotes `q` (printable, no backslash, not `q`): eight at a time, the first other one
/// found from the lowest flag.
pub(super) fn plain_ascii_run(b: &[u8], q: u8) -> usize {
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let x = word(chunk);
        let special = unprintable_bytes(x) | zero_bytes(x ^ (ONES * u64::from(q)));
        if special != 0 {
            return n + (special.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    let plain = |c: &&u8| (0x20..0x7f).contains(*c) && **c != b'\\' && **c != q;
    n + chunks.remainder().iter().take_while(plain).count()
}

/// Whether `text_repr` writes code point `c` as it is, inside quotes `q`.
fn is_plain(c: u32, q: char, escape_non_ascii: bool) -> bool {
    if c < 0x80 {
        (0x20..=0x7e).contains(&c) && c != 0x5c && c != q as u32
    } else {
        !escape_non_ascii && super::printable::is_printable(c)
    }
}

/// One code point of `text_repr`: as it is, or escaped.
fn escape_point(out: &mut String, c: u32, q: char, escape_non_ascii: bool) {
    match c {
        0x5c => out.push_str("\\\\"),
        0x09 => out.push_str("\\t"),
        0x0a => out.push_str("\\n"),
        0x0d => out.push_str("\\r"),
        _ if c == q as u32 => {
            out.push('\\');
            out.push(q);
        }
        0x20..=0x7e => out.push(c as u8 as char),
        _ if c < 0x80 => push_hex_escape(out, 'x', c, 2),
        _ if !escape_non_ascii && super::printable::is_printable(c) => {
            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
        }
        _ if c <= 0xff => push_hex_escape(out, 'x', c, 2),
        _ if c <= 0xffff => push_hex_escape(out, 'u', c, 4),
        _ => push_hex_escape(out, 'U', c, 8),
    }
}

/// Whether a name can be written bare: an identifier as Python's tokenizer (and the
/// `.pyasm` lexer) reads it, `[XID_Start _][XID_Continue]*`.
pub fn is_identifier(s: &PyStr) -> bool {
    let Some(t) = s.as_str() else { return false };
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if c == '_' || unicode_ident::is_xid_start(c) => {}
        _ => return false,
    }
    chars.all(unicode_ident::is_xid_continue)
}

/// A text value (name, file name) as a string literal of `version`: 2.7 identifiers
/// are byte strings (`'\xe9'`), `u'...'` only when a character is above U+00FF.
pub fn text_literal(out: &mut String, s: &PyStr, version: Version) {
    if version == Version::V2_7 {
        match s.to_latin1() {
            Some(b) => bytes_repr(out, &b, ""),
            None => unicode27_repr(out, s),
        }
    } else {
        str_repr(out, s);
    }
}

/// Per byte: bit 0 when it may continue an ASCII identifier, bit 1 when it may also
/// start one.
const IDENT_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b == b'_' || b.is_ascii_alphabetic() {
            3
        } else if b.is_ascii_digit() {
            1
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Whether `b` is an ASCII identifier (most names are: no Unicode tables needed), by
/// table lookups without a branch per byte.
pub fn is_ascii_identifier(b: &[u8]) -> bool {
    let ident = |c: &u8| IDENT_BYTES[usize::from(*c)];
    b.first().is_some_and(|c| ident(c) & 2 != 0) && b.iter().fold(1, |a, c| a & ident(c)) != 0
}

/// A name: bare when it is an identifier, else a string literal.
pub fn name_repr(out: &mut String, s: &PyStr, version: Version) {
    let b = s.as_bytes();
    if is_ascii_identifier(b) {
        push_ascii(out, b);
    } else if is_identifier(s) {
        out.push_str(s.as_str().unwrap_or_default());
    } else {
        text_literal(out, s, version);
    }
}

/// `repr()` of a constant of `version`; `code_name` gives the block name of a nested
/// code object.
pub fn const_repr<'n>(
    out: &mut String,
    c: &Const,
    version: Version,
    code_name: &dyn Fn(&Code) -> &'n str,
) {
    let seq = |out: &mut String, items: &[Const]| {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            const_repr(out, x, version, code_name);
        }
    };
    match c {
        Const::None => out.push_str("None"),
        Const::Bool(true) => out.push_str("True"),
        Const::Bool(false) => out.push_str("False"),
        Const::Ellipsis => out.push_str("..."),
        Const::StopIteration => out.push_str("StopIteration"),
        Const::Int(i) => match i64::try_from(i) {
            Ok(small) => push_int(out, small),
            Err(_) => {
                let _ = write!(out, "{i}");
            }
        },
        Const::Long(i) => {
            let _ = write!(out, "{i}L");
        }
        Const::Float(f) => float_repr(out, *f),
        Const::Complex(re, im) => complex_repr(out, *re, *im),
        Const::Bytes(b) if version == Version::V2_7 => bytes_repr(out, b, ""),
        Const::Bytes(b) => bytes_repr(out, b, "b"),
        Const::Str(s) if version == Version::V2_7 => unicode27_repr(out, s),
        Const::Str(s) => str_repr(out, s),
        Const::Tuple(items) => {
            out.push('(');
            seq(out, items);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Const::List(items) => {
            out.push('[');
            seq(out, items);
            out.push(']');
        }
        Const::Set(items) if items.is_empty() => out.push_str("set()"),
        Const::Set(items) => {
            out.push('{');
            seq(out, items);
            out.push('}');
        }
        Const::FrozenSet(items) if items.is_empty() => out.push_str("frozenset()"),
        Const::FrozenSet(items) => {
            out.push_str("frozenset({");
            seq(out, items);
            out.push_str("})");
        }
        Const::Dict(pairs) => {
            out.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                const_repr(out, k, version, code_name);
                out.push_str(": ");
                const_repr(out, v, version, code_name);
            }
            out.push('}');
        }
        Const::Slice(parts) => {
            out.push_str("slice(");
            seq(out, &parts[..]);
            out.push(')');
        }
        Const::Code(code) => {
            out.push('@');
            out.push_str(code_name(code));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table agrees with the definition (`_` or a letter, then `_`, letters and
    /// digits) on every byte, alone, first and after an identifier start.
    #[test]
    fn ascii_identifier_table_matches_its_definition() {
        let plain = |b: &[u8]| {
            b.first()
                .is_some_and(|c| *c == b'_' || c.is_ascii_alphabetic())
                && b.iter().all(|c| *c == b'_' || c.is_ascii_alphanumeric())
        };
        assert!(!is_ascii_identifier(b""));
        for c in 0..=255u8 {
            for s in [vec![c], vec![c, b'a'], vec![b'a', c], vec![b'_', c, b'9']] {
                assert_eq!(is_ascii_identifier(&s), plain(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn plain_runs_stop_at_the_first_special_byte() {
        let text = b"abcdefgh01234567 x'y\\z\x7f\x1f\xc3\xa9 tail....";
        for start in 0..text.len() {
            let rest = &text[start..];
            let plain = |c: u8| (0x20..0x7f).contains(&c) && c != b'\\' && c != b'\'';
            let expect = rest.iter().take_while(|&&c| plain(c)).count();
            assert_eq!(plain_ascii_run(rest, b'\''), expect, "from {start}");
        }
    }

    #[test]
    fn ascii_strings_match_a_plain_escaper() {
        fn expected(s: &str) -> String {
            let q = if s.contains('\'') && !s.contains('"') {
                '"'
            } else {
                '\''
            };
            let mut out = String::from(q);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    _ if c == q => {
                        out.push('\\');
                        out.push(q);
                    }
                    ' '..='~' => out.push(c),
                    _ => out.push_str(&format!("\\x{:02x}", c as u32)),
                }
            }
            out.push(q);
            out
        }
        let alphabet = b"ab '\"\\\n\t\x7f\x01~";
        let mut seed = 0x1234_5678_u64;
        for _ in 0..4000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 58) as usize;
            let mut r = seed | 1;
            let text: String = (0..len)
                .map(|_| {
                    r ^= r << 13;
                    r ^= r >> 7;
                    r ^= r << 17;
                    // Mostly letters, so that long plain runs occur.
                    let i = if r % 3 == 0 {
                        0
                    } else {
                        (r >> 32) as usize % alphabet.len()
                    };
                    char::from(alphabet[i])
                })
                .collect();
            let mut got = String::new();
            str_repr(&mut got, &PyStr::from(text.as_str()));
            assert_eq!(got, expected(&text), "{text:?}");
        }
    }

    #[test]
    fn integers_match_std_formatting() {
        let samples = [
            0, 7, 9, 10, 99, 100, 999, 1000, 1001, 65_536, 999_999, 1_000_000,
        ];
        for n in samples
            .into_iter()
            .flat_map(|n| [n, -n])
            .chain([i64::MAX, i64::MIN, i64::MIN + 1])
        {
            let mut s = String::new();
            push_int(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn strings_pick_quotes_and_escapes() {
        let mut s = String::new();
        str_repr(&mut s, &PyStr::from("it's \"x\"\n\u{e9}\u{7f}"));
        assert_eq!(s, "'it\\'s \"x\"\\n\u{e9}\\x7f'");
        s.clear();
        str_repr(&mut s, &PyStr::from("it's"));
        assert_eq!(s, "\"it's\"");
        s.clear();
        bytes_repr(&mut s, b"\x00a'\xff", "b");
        assert_eq!(s, "b\"\\x00a'\\xff\"");
        s.clear();
        unicode27_repr(&mut s, &PyStr::from("\u{e9}\u{1234}\u{1f600}"));
        assert_eq!(s, "u'\\xe9\\u1234\\U0001f600'");
    }
}
