//! 2.7's `unicode` next to its byte-string `str`: both are `Str`s, a `unicode`
//! marked as such. Here: `encode`/`decode` (ascii, utf-8, latin-1), the
//! `unicode()`/`long()`/`str()`/`type()` constructors where 2.7 differs, and the
//! rule that a string operation involving a `unicode` gives `unicode`.

use std::rc::Rc;

use super::super::interp::{PyResult, Vm};
use crate::vm::objects::{Args, Class};
use crate::vm::value::{Kind, Str, Value};

/// The codecs 2.7 programs commonly name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Ascii,
    Utf8,
    Latin1,
}

impl Codec {
    /// The name in error messages, as 2.7 words it.
    fn name(self) -> &'static str {
        match self {
            Codec::Ascii => "ascii",
            Codec::Utf8 => "utf8",
            Codec::Latin1 => "latin-1",
        }
    }

    fn limit(self) -> u32 {
        match self {
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
            Codec::Utf8 => 0x11_0000,
        }
    }
}

fn codec(vm: &Vm, name: &str) -> PyResult<Codec> {
    let n = name.to_ascii_lowercase().replace('_', "-");
    Ok(match n.as_str() {
        "ascii" | "us-ascii" | "646" => Codec::Ascii,
        "utf-8" | "utf8" | "u8" | "utf" => Codec::Utf8,
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "8859" | "l1" | "latin" => {
            Codec::Latin1
        }
        _ => {
            return Err(vm.exc_args(
                "LookupError",
                vec![Value::str(&format!("unknown encoding: {name}"))],
            ))
        }
    })
}

/// `(encoding, errors)` from a method's arguments; the default codec is ascii.
fn codec_args(vm: &Vm, args: &Args) -> PyResult<(Codec, String)> {
    let arg = |i: usize, name: &str| {
        args.pos.get(i).or_else(|| {
            args.kw
                .iter()
                .find(|(k, _)| k.as_str() == name)
                .map(|(_, v)| v)
        })
    };
    let text = |v: Option<&Value>| match v {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.to_string())),
        Some(other) => Err(vm.type_error(format!(
            "encode() argument 1 must be string, not {}",
            vm.type_name(other)
        ))),
    };
    let codec = match text(arg(0, "encoding"))? {
        Some(n) => codec(vm, &n)?,
        None => Codec::Ascii,
    };
    let errors = text(arg(1, "errors"))?.unwrap_or_else(|| "strict".into());
    Ok((codec, errors))
}

/// `u.encode(codec, errors)`: a byte string (one character per byte).
fn encode_with(vm: &Vm, s: &Str, codec: Codec, errors: &str) -> PyResult<Str> {
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out: Vec<u8> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if u32::from(c) < codec.limit() {
            match codec {
                Codec::Utf8 => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                _ => out.push(u32::from(c) as u8),
            }
            i += 1;
            continue;
        }
        // A run of characters the codec cannot encode.
        let end = (i..chars.len())
            .find(|&j| u32::from(chars[j]) < codec.limit())
            .unwrap_or(chars.len());
        match errors {
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', end - i)),
            _ => {
                let what = if end - i == 1 {
                    format!("character {} in position {i}", unicode_repr(&c.to_string()))
                } else {
                    format!("characters in position {i}-{}", end - 1)
                };
                let range = if codec == Codec::Ascii { 128 } else { 256 };
                return Err(vm.exc_args(
                    "UnicodeEncodeError",
                    vec![Value::str(&format!(
                        "'{}' codec can't encode {what}: ordinal not in range({range})",
                        codec.name()
                    ))],
                ));
            }
        }
        i = end;
    }
    Ok(Str::from_latin1(&out))
}

/// The bytes of a byte string (a `unicode` is first encoded to ascii, as 2.7
/// does before decoding one).
fn bytes_of(vm: &Vm, s: &Str) -> PyResult<Vec<u8>> {
    if s.is_unicode() {
        let b = encode_with(vm, s, Codec::Ascii, "strict")?;
        return Ok(b.as_str().chars().map(|c| u32::from(c) as u8).collect());
    }
    Ok(s.as_str().chars().map(|c| u32::from(c) as u8).collect())
}

fn decode_error(
    vm: &Vm,
    codec: Codec,
    bytes: &[u8],
    at: usize,
    len: usize,
    why: &str,
) -> crate::vm::interp::Error {
    let what = if len <= 1 {
        format!(
            "byte {:#04x} in position {at}",
            bytes.get(at).copied().unwrap_or(0)
        )
    } else {
        format!("bytes in position {at}-{}", at + len - 1)
    };
    vm.exc_args(
        "UnicodeDecodeError",
        vec![Value::str(&format!(
            "'{}' codec can't decode {what}: {why}",
            codec.name()
        ))],
    )
}

/// `s.decode(codec, errors)`: a `unicode`.
fn decode_with(vm: &Vm, s: &Str, codec: Codec, errors: &str) -> PyResult<Str> {
    let bytes = bytes_of(vm, s)?;
    let mut out = String::with_capacity(bytes.len());
    match codec {
        Codec::Latin1 => out.extend(bytes.iter().map(|&b| char::from(b))),
        Codec::Ascii => {
            for (i, &b) in bytes.iter().enumerate() {
                match (b < 0x80, errors) {
                    (true, _) => out.push(char::from(b)),
                    (false, "ignore") => {}
                    (false, "replace") => out.push('\u{fffd}'),
                    _ => {
                        return Err(decode_error(
                            vm,
                            codec,
                            &bytes,
                            i,
                            1,
                            "ordinal not in range(128)",
                        ))
                    }
                }
            }
        }
        Codec::Utf8 => {
            let mut rest = &bytes[..];
            let mut pos = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(t) => {
                        out.push_str(t);
                        break;
                    }
                    Err(e) => {
                        let ok = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..ok]).unwrap_or_default());
                        let bad = e.error_len().unwrap_or(rest.len() - ok);
                        if errors != "ignore" && errors != "replace" {
                            let lead = rest[ok];
                            let why = match e.error_len() {
                                None => "unexpected end of data",
                                Some(_) if (0x80..0xc2).contains(&lead) || lead > 0xf4 => {
                                    "invalid start byte"
                                }
                                Some(_) => "invalid continuation byte",
                            };
                            let len = if e.error_len().is_none() { bad } else { 1 };
                            return Err(decode_error(vm, codec, &bytes, pos + ok, len, why));
                        }
                        if errors == "replace" {
                            out.push('\u{fffd}');
                        }
                        pos += ok + bad;
                        rest = &rest[ok + bad..];
                    }
                }
            }
        }
    }
    Ok(Str::unicode(out))
}

/// `x.encode(...)` / `x.decode(...)` of a 2.7 string.
pub fn codec_method(vm: &mut Vm, s: &Str, name: &str, args: &Args) -> PyResult<Value> {
    let (codec, errors) = codec_args(vm, args)?;
    Ok(Value::Str(if name == "encode" {
        // A byte string is decoded (ascii) first, as 2.7 does.
        let u = if s.is_unicode() {
            s.clone()
        } else {
            decode_with(vm, s, Codec::Ascii, "strict")?
        };
        encode_with(vm, &u, codec, &errors)?
    } else {
        decode_with(vm, s, codec, &errors)?
    }))
}

/// The byte string 2.7 makes of a `unicode` where a `str` is needed (`str(u)`,
/// writing to a file): ascii, or `UnicodeEncodeError`.
pub fn to_bytes27(vm: &Vm, s: &Str) -> PyResult<Str> {
    if s.is_unicode() {
        encode_with(vm, s, Codec::Ascii, "strict")
    } else {
        Ok(s.clone())
    }
}

/// The `unicode` 2.7 makes of a byte string mixed with a `unicode` (ascii, or
/// `UnicodeDecodeError`).
pub fn to_unicode27(vm: &Vm, s: &Str) -> PyResult<Str> {
    if s.is_unicode() {
        Ok(s.clone())
    } else {
        decode_with(vm, s, Codec::Ascii, "strict")
    }
}

/// A `unicode`'s repr: `u'...'` with 2.7's escapes.
pub fn unicode_repr(s: &str) -> String {
    format!("u{}", super::py27::str_repr27(s))
}

/// The marks of the strings among `%` arguments (a `unicode` makes the result
/// `unicode`; lone surrogates carry over).
pub fn args_kind(v: &Value) -> Kind {
    let kind = |x: &Value| match x {
        Value::Str(s) => s.kind(),
        _ => Kind::PLAIN,
    };
    match v {
        Value::Tuple(t) => t.iter().fold(Kind::PLAIN, |k, x| k | kind(x)),
        Value::Dict(d) => d
            .borrow()
            .values()
            .iter()
            .fold(Kind::PLAIN, |k, x| k | kind(x)),
        other => kind(other),
    }
}

/// Whether a `str` method's result should be `unicode`: its receiver or a string
/// argument is one (for `join`, an element; `format` follows its receiver only).
pub fn method_gives_unicode(recv: &Str, name: &str, args: &Args) -> bool {
    if recv.is_unicode() {
        return true;
    }
    let is_u = |v: &Value| matches!(v, Value::Str(s) if s.is_unicode());
    match name {
        "format" | "encode" | "decode" => false,
        "join" => match args.pos.first() {
            Some(Value::List(l)) => l.borrow().iter().any(is_u),
            Some(Value::Tuple(t)) => t.iter().any(is_u),
            _ => false,
        },
        _ => args.pos.iter().any(is_u),
    }
}

/// A `str` method's result with its strings made `unicode`.
pub fn as_unicode(v: Value) -> Value {
    match v {
        Value::Str(s) => Value::Str(s.to_unicode()),
        Value::List(l) => {
            for x in l.borrow_mut().iter_mut() {
                if let Value::Str(s) = x {
                    *s = s.to_unicode();
                }
            }
            Value::List(l)
        }
        Value::Tuple(t) => Value::tuple(t.iter().cloned().map(as_unicode).collect()),
        other => other,
    }
}

/// Calling a built-in type whose 2.7 behaviour differs from 3.x's, or `None`.
pub fn construct27(vm: &mut Vm, cls: &Rc<Class>, args: &Args) -> PyResult<Option<Value>> {
    let t = &vm.types;
    let first = args.pos.first().cloned();
    if Rc::ptr_eq(cls, &t.py27.unicode) {
        let s = match (&first, args.pos.len() + args.kw.len()) {
            (None, _) => Str::unicode(""),
            (Some(Value::Str(s)), 1) => to_unicode27(vm, s)?,
            (Some(Value::Str(s)), _) => {
                let (codec, errors) = codec_args(
                    vm,
                    &Args {
                        pos: args.pos[1..].to_vec(),
                        kw: args.kw.clone(),
                    },
                )?;
                decode_with(vm, s, codec, &errors)?
            }
            (Some(v), _) => match vm.special(v, "__unicode__") {
                Some(m) => match vm.call_pos(&m, vec![v.clone()])? {
                    Value::Str(s) => s.to_unicode(),
                    _ => return Err(vm.type_error("coercing to Unicode: need string or buffer")),
                },
                None => {
                    let text = vm.to_str(v)?;
                    to_unicode27(vm, &Str::from(text))?
                }
            },
        };
        return Ok(Some(Value::Str(s)));
    }
    if Rc::ptr_eq(cls, &t.py27.long) {
        let int = vm.types.int.clone();
        let v = super::construct(vm, &int, args.clone())?;
        return Ok(Some(match v.as_bigint() {
            Some(b) => Value::BigInt(Rc::new(b)),
            None => v,
        }));
    }
    if Rc::ptr_eq(cls, &t.py27.basestring) {
        return Err(vm.type_error("The basestring type cannot be instantiated"));
    }
    if Rc::ptr_eq(cls, &t.str_) && args.pos.len() == 1 {
        if let Some(Value::Str(s)) = &first {
            return Ok(Some(Value::Str(to_bytes27(vm, s)?)));
        }
    }
    if Rc::ptr_eq(cls, &t.type_) && args.pos.len() == 1 {
        let classic = |v: &Value| match v {
            Value::Instance(i) => i.class().classic,
            Value::Class(c) => c.classic,
            _ => false,
        };
        return Ok(match &first {
            Some(v @ Value::Instance(_)) if classic(v) => {
                Some(Value::Class(t.py27.instance.clone()))
            }
            Some(v @ Value::Class(_)) if classic(v) => Some(Value::Class(t.py27.classobj.clone())),
            _ => None,
        });
    }
    Ok(None)
}

impl Vm {
    /// `str + unicode` (either order): a `unicode`, the byte string decoded as
    /// ascii first.
    pub fn concat27(&mut self, x: &Str, y: &Str) -> PyResult<Value> {
        let (x, y) = (to_unicode27(self, x)?, to_unicode27(self, y)?);
        Ok(Value::Str(Str::unicode(format!("{x}{y}"))))
    }

    /// `isinstance(v, basestring)` / `issubclass(t, basestring)`: `str` is not a
    /// subclass of it underneath (3.x shares the class), so this is asked first.
    pub fn basestring_hit(&self, t: &Rc<Class>, c: &Rc<Class>) -> bool {
        Rc::ptr_eq(c, &self.types.py27.basestring) && t.is_subclass(&self.types.str_)
    }
}
