//! Marshal shapes: the forms of a tree, apart from its values.
//!
//! CPython chooses among encodings of one value (`z`/`a`/`u` for a string, `(`/`)` for
//! a tuple, `i`/`l` for an int), sets FLAG_REF on objects it will share, and writes
//! references for repeats; those choices follow reference counts that no value shows.
//! A shape records them as text, one token per object in reading order:
//!
//! - an optional `&` (FLAG_REF), then the type code (`c`, `)`, `Z`, `i`, ...);
//! - `f(TEXT)` and `x(RE,IM)` for the text float and complex forms;
//! - `r12` for a reference, `R3` for a 2.7 string reference (which stand in for a
//!   whole object, so its contents have no tokens).
//!
//! [`describe`] writes the shape of a tree; [`apply`] rewrites a tree with the same
//! values (as [`crate::code::Code::to_marshal`] builds it) into that shape, checking
//! that every form can hold its value and that every reference names an equal object.

use super::convert::scalar;
use super::object::{CodeObj, Long, Obj, StrForm, TupleForm, Value};
use super::tree::{Item, NodeId, Tree};
use super::write::type_code;
use crate::version::Version;

mod describe;

pub use describe::{describe, write_shape};

/// A shape that does not fit the tree it is applied to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("marshal shape, object {index} (character {at}): {problem}")]
pub struct ShapeError {
    /// Index of the object in reading order.
    pub index: usize,
    /// Character offset in the shape text.
    pub at: usize,
    /// What does not fit.
    pub problem: String,
}

/// One token of a shape.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Code(u8),
    Ref(u32),
    StringRef(u32),
    FloatText(String),
    ComplexText(String, String),
}

fn tokens(shape: &str) -> Result<Vec<(usize, bool, Token)>, ShapeError> {
    let b = shape.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let bad = |at: usize, index: usize, p: &str| ShapeError {
        index,
        at,
        problem: p.to_string(),
    };
    while i < b.len() {
        let start = i;
        let flagged = b[i] == b'&';
        if flagged {
            i += 1;
        }
        let Some(&c) = b.get(i) else {
            return Err(bad(start, out.len(), "`&` without a type code"));
        };
        i += 1;
        let tok = match c {
            b'r' | b'R' => {
                let digits = b[i..].iter().take_while(|d| d.is_ascii_digit()).count();
                let n: u32 = shape[i..i + digits]
                    .parse()
                    .map_err(|_| bad(start, out.len(), "reference without a number"))?;
                i += digits;
                if c == b'r' {
                    Token::Ref(n)
                } else {
                    Token::StringRef(n)
                }
            }
            b'f' | b'x' => {
                if b.get(i) != Some(&b'(') {
                    return Err(bad(start, out.len(), "text float needs `(TEXT)`"));
                }
                let close = shape[i..]
                    .find(')')
                    .ok_or_else(|| bad(start, out.len(), "unclosed `(`"))?;
                let inner = &shape[i + 1..i + close];
                i += close + 1;
                if c == b'f' {
                    Token::FloatText(inner.to_string())
                } else {
                    let (re, im) = inner
                        .split_once(',')
                        .ok_or_else(|| bad(start, out.len(), "text complex needs `(RE,IM)`"))?;
                    Token::ComplexText(re.to_string(), im.to_string())
                }
            }
            b'N' | b'F' | b'T' | b'.' | b'S' | b'i' | b'I' | b'l' | b'g' | b'y' | b's' | b't'
            | b'u' | b'a' | b'A' | b'z' | b'Z' | b'(' | b')' | b'[' | b'{' | b'<' | b'>' | b':'
            | b'c' => Token::Code(c),
            _ => {
                return Err(bad(
                    start,
                    out.len(),
                    &format!("unknown type code `{}`", c as char),
                ))
            }
        };
        out.push((start, flagged, tok));
    }
    Ok(out)
}

/// Rewrite `canonical` into `shape`. The result is checked by writing and reading it
/// back and by comparing every reference's target with the object it replaced.
pub fn apply(canonical: Obj, shape: &str, version: Version) -> Result<Tree<'static>, ShapeError> {
    let toks = tokens(shape)?;
    let mut applier = Applier {
        toks: &toks,
        next: 0,
        version,
        replaced: Vec::new(),
    };
    let mut root = canonical;
    applier.node(&mut root)?;
    if applier.next != toks.len() {
        return Err(ShapeError {
            index: applier.next,
            at: toks[applier.next].0,
            problem: format!(
                "{} token(s) left over: the shape describes more objects than the code has",
                toks.len() - applier.next
            ),
        });
    }
    // References must read back and name an object equal to the one they replace.
    let whole = |problem: String| ShapeError {
        index: 0,
        at: 0,
        problem,
    };
    let bytes = super::write_obj(&root, version)
        .map_err(|e| whole(format!("the shaped tree cannot be written: {e}")))?;
    let back = super::read_owned(bytes, 0, version)
        .map_err(|e| whole(format!("the shaped tree does not read back: {e}")))?;
    let refs = back
        .preorder(back.root())
        .filter(|&id| matches!(back.item(id), Item::Ref(_) | Item::StringRef(_)));
    for (id, (index, at, original)) in refs.zip(&applier.replaced) {
        let same = back
            .resolve(id)
            .is_some_and(|target| equivalent(&back, target, original, version));
        if !same {
            return Err(ShapeError {
                index: *index,
                at: *at,
                problem: "the reference names an object with a different value".into(),
            });
        }
    }
    Ok(back)
}

struct Applier<'t> {
    toks: &'t [(usize, bool, Token)],
    next: usize,
    version: Version,
    /// Each reference's position and the canonical object it stands for.
    replaced: Vec<(usize, usize, Obj)>,
}

impl Applier<'_> {
    fn fail(&self, index: usize, problem: String) -> ShapeError {
        ShapeError {
            index,
            at: self.toks.get(index).map_or(0, |t| t.0),
            problem,
        }
    }

    fn node(&mut self, o: &mut Obj) -> Result<(), ShapeError> {
        let index = self.next;
        let Some((at, flagged, tok)) = self.toks.get(index).cloned() else {
            return Err(self.fail(index, "the shape ends before the objects do".into()));
        };
        self.next += 1;
        match tok {
            Token::Ref(i) | Token::StringRef(i) => {
                let value = if matches!(tok, Token::Ref(_)) {
                    Value::Ref(i)
                } else {
                    Value::StringRef(i)
                };
                let original = std::mem::replace(o, Obj { flagged, value });
                self.replaced.push((index, at, original));
                return Ok(());
            }
            Token::Code(c) => {
                let value = std::mem::replace(&mut o.value, Value::None);
                o.value = self.reform(value, c).map_err(|p| self.fail(index, p))?;
            }
            Token::FloatText(t) => match o.value {
                Value::Float(bits) if text_is(&t, bits) => {
                    o.value = Value::FloatText(t.into_bytes().into())
                }
                _ => return Err(self.fail(index, format!("`f({t})` does not hold this value"))),
            },
            Token::ComplexText(re, im) => match o.value {
                Value::Complex(a, b) if text_is(&re, a) && text_is(&im, b) => {
                    o.value = Value::ComplexText(re.into_bytes().into(), im.into_bytes().into())
                }
                _ => return Err(self.fail(index, "`x(..)` does not hold this value".into())),
            },
        }
        o.flagged = flagged;
        match &mut o.value {
            Value::Tuple(items, _)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => items.iter_mut().try_for_each(|x| self.node(x)),
            Value::Dict(pairs) => pairs.iter_mut().try_for_each(|(k, v)| {
                self.node(k)?;
                self.node(v)
            }),
            Value::Slice(parts) => parts.iter_mut().try_for_each(|x| self.node(x)),
            Value::Code(c) => code_fields_mut(c).try_for_each(|x| self.node(x)),
            _ => Ok(()),
        }
    }

    /// The same value in the form of type code `c`.
    fn reform(&self, v: Value, c: u8) -> Result<Value, String> {
        let have = type_code(&v);
        if have == c {
            return Ok(v);
        }
        let v27 = self.version == Version::V2_7;
        let mismatch = |v: &Value| {
            format!(
                "form `{}` cannot hold a value written as `{}`",
                c as char,
                type_code(v) as char
            )
        };
        match (&v, c) {
            (Value::Int(_) | Value::Int64(_) | Value::Long(_), b'i' | b'I' | b'l') => {
                let n = int_value(&v);
                match c {
                    b'i' => i32::try_from(&n)
                        .map(Value::Int)
                        .map_err(|_| format!("{n} does not fit form `i`")),
                    b'I' => i64::try_from(&n)
                        .map(Value::Int64)
                        .map_err(|_| format!("{n} does not fit form `I`")),
                    _ => Ok(Value::Long(Long::from_bigint(&n))),
                }
            }
            (Value::Tuple(..), b'(' | b')') => {
                let Value::Tuple(items, _) = v else {
                    return Err(mismatch(&v));
                };
                if c == b')' && items.len() > 255 {
                    return Err(format!("a tuple of {} items needs form `(`", items.len()));
                }
                let form = if c == b')' {
                    TupleForm::Small
                } else {
                    TupleForm::Tuple
                };
                Ok(Value::Tuple(items, form))
            }
            (Value::Str(..) | Value::Bytes(_), _) if is_text_code(c) || c == b's' => {
                let points = text_points(&v, v27).ok_or_else(|| mismatch(&v))?;
                // 3.x keeps bytes and str apart; 2.7's `s` and `t` are both byte strings.
                let is_bytes = matches!(v, Value::Bytes(_));
                if !v27 && (is_bytes != (c == b's')) {
                    return Err(mismatch(&v));
                }
                encode_text(&points, c, v27)
            }
            _ => Err(mismatch(&v)),
        }
    }
}

/// `bytes` in 3.x; `str` (as opposed to `unicode`) in 2.7.
fn is_byte_string(v: &Value, v27: bool) -> bool {
    matches!(v, Value::Bytes(_)) || (v27 && matches!(v, Value::Str(_, StrForm::Interned)))
}

fn is_text_code(c: u8) -> bool {
    matches!(c, b't' | b'u' | b'a' | b'A' | b'z' | b'Z')
}

fn text_is(t: &str, bits: u64) -> bool {
    super::read::parse_float_text(t)
        .is_some_and(|f| f.to_bits() == bits || (f.is_nan() && f64::from_bits(bits).is_nan()))
}

fn int_value(v: &Value) -> num_bigint::BigInt {
    match v {
        Value::Int(i) => (*i).into(),
        Value::Int64(i) => (*i).into(),
        Value::Long(l) => l.to_bigint(),
        _ => 0.into(),
    }
}

/// The code points of a string node as CPython reads it.
fn text_points(v: &Value, v27: bool) -> Option<Vec<u32>> {
    match v {
        Value::Bytes(b) => Some(b.iter().map(|&x| u32::from(x)).collect()),
        Value::Str(b, f) if f.is_ascii() || (v27 && *f == StrForm::Interned) => {
            Some(b.iter().map(|&x| u32::from(x)).collect())
        }
        Value::Str(b, _) => {
            crate::code::PyStr::from_utf8_surrogatepass(b).map(|s| s.code_points().collect())
        }
        _ => None,
    }
}

fn encode_text(points: &[u32], c: u8, v27: bool) -> Result<Value, String> {
    let latin1 = || -> Result<Box<[u8]>, String> {
        points
            .iter()
            .map(|&p| u8::try_from(p))
            .collect::<Result<Vec<u8>, _>>()
            .map(Into::into)
            .map_err(|_| format!("form `{}` holds only Latin-1 text", c as char))
    };
    let bytes = match c {
        b's' => return Ok(Value::Bytes(latin1()?)),
        b't' if v27 => return Ok(Value::Str(latin1()?, StrForm::Interned)),
        b'a' | b'A' | b'z' | b'Z' => latin1()?,
        _ => utf8_surrogatepass(points).into(),
    };
    let form = match c {
        b't' => StrForm::Interned,
        b'u' => StrForm::Unicode,
        b'a' => StrForm::Ascii,
        b'A' => StrForm::AsciiInterned,
        b'z' => StrForm::ShortAscii,
        _ => StrForm::ShortAsciiInterned,
    };
    if form.is_short() && bytes.len() > 255 {
        return Err(format!(
            "a string of {} bytes needs a long form",
            bytes.len()
        ));
    }
    Ok(Value::Str(bytes, form))
}

/// UTF-8 with surrogates encoded individually (CPython's `surrogatepass`).
pub fn utf8_surrogatepass(points: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(points.len());
    for &p in points {
        match p {
            0..=0x7f => out.push(p as u8),
            0x80..=0x7ff => out.extend([0xc0 | (p >> 6) as u8, 0x80 | (p & 0x3f) as u8]),
            0x800..=0xffff => out.extend([
                0xe0 | (p >> 12) as u8,
                0x80 | ((p >> 6) & 0x3f) as u8,
                0x80 | (p & 0x3f) as u8,
            ]),
            _ => out.extend([
                0xf0 | (p >> 18) as u8,
                0x80 | ((p >> 12) & 0x3f) as u8,
                0x80 | ((p >> 6) & 0x3f) as u8,
                0x80 | (p & 0x3f) as u8,
            ]),
        }
    }
    out
}

pub(super) fn code_fields_mut(c: &mut CodeObj) -> impl Iterator<Item = &mut Obj> {
    [
        Some(&mut c.code),
        Some(&mut c.consts),
        Some(&mut c.names),
        c.varnames.as_mut(),
        c.localsplusnames.as_mut(),
        c.localspluskinds.as_mut(),
        c.freevars.as_mut(),
        c.cellvars.as_mut(),
        Some(&mut c.filename),
        Some(&mut c.name),
        c.qualname.as_mut(),
        Some(&mut c.linetable),
        c.exceptiontable.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// Whether node `a` (references followed) has the same value as `b` (a canonical
/// tree without references), ignoring forms.
fn equivalent(t: &Tree<'_>, a: NodeId, b: &Obj, version: Version) -> bool {
    let v27 = version == Version::V2_7;
    let Some(a) = t.resolve(a) else {
        return false;
    };
    let seq = |x: super::Kids<'_>, y: &[Obj]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equivalent(t, p, q, version))
    };
    match (t.item(a), &b.value) {
        (Item::Tuple(x, _), Value::Tuple(y, _))
        | (Item::List(x), Value::List(y))
        | (Item::Set(x), Value::Set(y))
        | (Item::FrozenSet(x), Value::FrozenSet(y)) => seq(x, y),
        (Item::Slice(x), Value::Slice(y)) => seq(x, &y[..]),
        (Item::Dict(x), Value::Dict(y)) => {
            let flat: Vec<Obj> = y.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect();
            seq(x, &flat)
        }
        (Item::Code(x), Value::Code(y)) => {
            let h = x.head;
            let fy: Vec<&Obj> = y.fields().collect();
            (
                h.argcount,
                h.posonlyargcount,
                h.kwonlyargcount,
                h.nlocals,
                h.stacksize,
                h.flags,
                h.firstlineno,
            ) == (
                y.argcount,
                y.posonlyargcount,
                y.kwonlyargcount,
                y.nlocals,
                y.stacksize,
                y.flags,
                y.firstlineno,
            ) && x.fields.len() == fy.len()
                && x.fields
                    .iter()
                    .zip(&fy)
                    .all(|(p, q)| equivalent(t, p, q, version))
        }
        (item, y) => match scalar(item) {
            Some(x) => match (&x, y) {
                (
                    Value::Int(_) | Value::Int64(_) | Value::Long(_),
                    Value::Int(_) | Value::Int64(_) | Value::Long(_),
                ) => int_value(&x) == int_value(y),
                (Value::Str(..) | Value::Bytes(_), Value::Str(..) | Value::Bytes(_)) => {
                    is_byte_string(&x, v27) == is_byte_string(y, v27)
                        && text_points(&x, v27) == text_points(y, v27)
                }
                _ => x == *y,
            },
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuple(items: Vec<Obj>) -> Obj {
        Obj::new(Value::Tuple(items, TupleForm::Small))
    }

    fn text(s: &str) -> Obj {
        Obj::new(Value::Str(s.as_bytes().into(), StrForm::ShortAscii))
    }

    #[test]
    fn reshapes_forms_flags_and_references() {
        let canon = tuple(vec![text("abc"), text("abc"), Obj::new(Value::Int(7))]);
        let shaped = apply(canon, "&)&Zr1l", Version::V3_12).unwrap();
        assert_eq!(describe(&shaped), "&)&Zr1l");
        let Item::Tuple(items, _) = shaped.item(shaped.root()) else {
            panic!("not a tuple")
        };
        let second = items.get(1).unwrap();
        assert!(matches!(shaped.item(second), Item::Ref(1)));
    }

    #[test]
    fn rejects_forms_that_cannot_hold_the_value() {
        let err = |shape: &str, obj: Obj| apply(obj, shape, Version::V3_12).unwrap_err();
        let big = Obj::new(Value::Long(Long::from_bigint(
            &(num_bigint::BigInt::from(1) << 40u32),
        )));
        assert!(err("i", big).problem.contains("does not fit form `i`"));
        assert!(err("z", text(&"x".repeat(300)))
            .problem
            .contains("long form"));
        assert!(err("s", text("abc")).problem.contains("cannot hold"));
        let e = err(")&Zr0", tuple(vec![text("abc"), text("abd")]));
        assert!(e.problem.contains("different value"), "{e}");
        assert!(err(")Z", tuple(vec![text("a"), text("b")]))
            .problem
            .contains("ends before"));
        assert!(err(")ZZZ", tuple(vec![text("a"), text("b")]))
            .problem
            .contains("left over"));
        assert!(err("r", text("a")).problem.contains("without a number"));
    }
}
