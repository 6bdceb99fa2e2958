//! `repr()` and `str()` of every value, with CPython's layouts.

use super::super::interp::{PyResult, Vm};
use crate::vm::value::{float_repr, Str, Value};

/// A str's repr with CPython's quote choice and escapes (`unicode_repr`).
pub fn str_repr(s: &str) -> String {
    quoted_repr(s, escape_char)
}

/// [`str_repr`] of a `Str`, whose lone surrogates print as `\udXXX`.
pub fn str_value_repr(s: &Str) -> String {
    if !s.has_surrogates() {
        return str_repr(s.as_str());
    }
    quoted_repr(s.as_str(), |c, out| match s.code_point(c) {
        n @ 0xd800..=0xdfff => out.push_str(&format!("\\u{n:04x}")),
        _ => escape_char(c, out),
    })
}

/// How [`str_repr`] writes a character other than a quote or common escape.
fn escape_char(c: char, out: &mut String) {
    match c {
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            out.push_str(&format!("\\x{:02x}", c as u32));
        }
        c if (0x80..0xa0).contains(&(c as u32)) || c == '\u{ad}' => {
            out.push_str(&format!("\\x{:02x}", c as u32));
        }
        c if is_unprintable(c) => {
            let n = c as u32;
            if n <= 0xffff {
                out.push_str(&format!("\\u{n:04x}"));
            } else {
                out.push_str(&format!("\\U{n:08x}"));
            }
        }
        c => out.push(c),
    }
}

/// Quotes (single unless only a single quote occurs) around `s`, with the
/// backslash, newline, return, tab and quote escapes; `other` writes every other
/// character.
pub fn quoted_repr(s: &str, other: impl Fn(char, &mut String)) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => other(c, &mut out),
        }
    }
    out.push(quote);
    out
}

/// Whether `repr` escapes `c`: `str.isprintable()` of the newest local interpreter's
/// Unicode database (older ones know fewer assigned characters and escape a few more).
pub fn is_unprintable(c: char) -> bool {
    !crate::dis::printable::is_printable(c.into())
}

/// A bytes literal repr (`b'...'`).
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &x in b {
        match x {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            x if x == quote => {
                out.push('\\');
                out.push(x as char);
            }
            0x20..=0x7e => out.push(x as char),
            x => out.push_str(&format!("\\x{x:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// `ascii()`: non-ASCII characters escaped.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

fn complex_part(x: f64) -> String {
    let r = float_repr(x);
    r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
}

impl Vm {
    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        let nested = matches!(
            v,
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::DictView(_)
        );
        if !nested {
            return self.repr_inner(v);
        }
        self.enter_native(" while getting the repr of an object")?;
        let r = self.repr_inner(v);
        self.leave();
        r
    }

    fn repr_inner(&mut self, v: &Value) -> PyResult<String> {
        if self.version == crate::version::Version::V2_7 {
            if let Some(r) = self.repr27(v)? {
                return Ok(r);
            }
        }
        Ok(match v {
            Value::Null => "<NULL>".into(),
            Value::None => "None".into(),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => b.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Complex(r, i) => {
                if *r == 0.0 && r.is_sign_positive() {
                    format!("{}j", complex_part(*i))
                } else {
                    let sign = if *i < 0.0 || (*i == 0.0 && i.is_sign_negative()) {
                        "-"
                    } else {
                        "+"
                    };
                    format!("({}{sign}{}j)", complex_part(*r), complex_part(i.abs()))
                }
            }
            Value::Str(s) => str_value_repr(s),
            Value::Bytes(b) => bytes_repr(b),
            Value::List(l) => {
                let items = l.borrow().clone();
                return self.guarded(v, "[...]", |vm| Ok(format!("[{}]", vm.join_reprs(&items)?)));
            }
            Value::Tuple(t) => {
                if t.len() == 1 {
                    format!("({},)", self.repr(&t[0])?)
                } else {
                    format!("({})", self.join_reprs(t)?)
                }
            }
            Value::Dict(d) => {
                let items = d.borrow().items();
                return self.guarded(v, "{...}", |vm| {
                    let mut parts = Vec::with_capacity(items.len());
                    for (k, x) in &items {
                        parts.push(format!("{}: {}", vm.repr(k)?, vm.repr(x)?));
                    }
                    Ok(format!("{{{}}}", parts.join(", ")))
                });
            }
            Value::Set(s) => {
                let items = s.borrow().items();
                if items.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", self.join_reprs(&items)?)
                }
            }
            Value::FrozenSet(s) => {
                let items = s.items();
                if items.is_empty() {
                    "frozenset()".into()
                } else {
                    format!("frozenset({{{}}})", self.join_reprs(&items)?)
                }
            }
            Value::Range(r) => {
                if r[2] == 1 {
                    format!("range({}, {})", r[0], r[1])
                } else {
                    format!("range({}, {}, {})", r[0], r[1], r[2])
                }
            }
            Value::Slice(s) => {
                let s = s.clone();
                format!(
                    "slice({}, {}, {})",
                    self.repr(&s[0])?,
                    self.repr(&s[1])?,
                    self.repr(&s[2])?
                )
            }
            Value::Function(f) => format!("<function {} at {:#x}>", f.qualname.borrow(), v.id()),
            Value::Code(c) => format!(
                "<code object {} at {:#x}, file \"{}\", line {}>",
                c.name,
                v.id(),
                c.filename,
                c.firstlineno
            ),
            Value::BoundMethod(m) => {
                let (obj, f) = (m.0.clone(), m.1.clone());
                let name = match &f {
                    Value::Function(func) => func.qualname.borrow().to_string(),
                    _ => "?".into(),
                };
                format!("<bound method {name} of {}>", self.repr(&obj)?)
            }
            Value::Builtin(b) => format!("<built-in function {}>", b.name),
            Value::NativeMethod(m) => format!(
                "<built-in method {} of {} object at {:#x}>",
                m.name,
                self.type_name(&m.receiver),
                m.receiver.id()
            ),
            Value::Class(c) if self.meta_hook(c, "__repr__").is_some() => {
                let m = self.meta_hook(c, "__repr__").unwrap_or(Value::None);
                let r = self.call_pos(&m, vec![v.clone()])?;
                match r {
                    Value::Str(s) => s.to_string(),
                    other => {
                        return Err(self.type_error(format!(
                            "__repr__ returned non-string (type {})",
                            self.type_name(&other)
                        )))
                    }
                }
            }
            Value::Class(c) => {
                if c.module.as_str() == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{}.{}'>", c.module, c.qualname)
                }
            }
            Value::Instance(i) => {
                let cls = i.class();
                if let Some(m) = cls.lookup("__repr__") {
                    let r = self.call_pos(&m, vec![v.clone()])?;
                    return match r {
                        Value::Str(s) => Ok(s.to_string()),
                        other => Err(self.type_error(format!(
                            "__repr__ returned non-string (type {})",
                            self.type_name(&other)
                        ))),
                    };
                }
                if let Some(p) = super::payload(v) {
                    return self.repr(&p);
                }
                if let Some(d) = &i.exc {
                    let args = d.borrow().args.clone();
                    // 3.6 shows the args tuple as it is: `KeyError('k',)`.
                    let inner = if self.version <= crate::version::Version::V3_6 {
                        let t = self.repr(&Value::tuple(args))?;
                        t[1..t.len() - 1].to_string()
                    } else if args.len() == 1 {
                        self.repr(&args[0])?
                    } else {
                        self.join_reprs(&args)?
                    };
                    return Ok(format!("{}({inner})", cls.name));
                }
                let module = if cls.module.as_str() == "builtins" {
                    String::new()
                } else {
                    format!("{}.", cls.module)
                };
                format!("<{module}{} object at {:#x}>", cls.qualname, v.id())
            }
            Value::Cell(_) => format!("<cell at {:#x}>", v.id()),
            Value::Generator(g) => format!(
                "<generator object {} at {:#x}>",
                g.borrow().qualname,
                v.id()
            ),
            Value::DictView(view) => {
                let items = self.view_items(view);
                format!("{}([{}])", view.1.type_name(), self.join_reprs(&items)?)
            }
            Value::Iter(it) => format!("<{} object at {:#x}>", it.borrow().type_name(), v.id()),
            Value::Module(m) => format!("<module '{}'>", m.name),
            Value::Property(_) => format!("<property object at {:#x}>", v.id()),
            Value::StaticMethod(_) => format!("<staticmethod object at {:#x}>", v.id()),
            Value::ClassMethod(_) => format!("<classmethod object at {:#x}>", v.id()),
            Value::Super(s) => format!(
                "<super: <class '{}'>, <{} object>>",
                s.0.name,
                self.type_name(&s.1)
            ),
        })
    }

    fn guarded(
        &mut self,
        v: &Value,
        recursive: &str,
        f: impl FnOnce(&mut Vm) -> PyResult<String>,
    ) -> PyResult<String> {
        let id = v.id();
        if self.repr_guard.contains(&id) {
            return Ok(recursive.into());
        }
        self.repr_guard.push(id);
        let r = f(self);
        self.repr_guard.retain(|&x| x != id);
        r
    }

    fn join_reprs(&mut self, items: &[Value]) -> PyResult<String> {
        let mut parts = Vec::with_capacity(items.len());
        for it in items {
            parts.push(self.repr(it)?);
        }
        Ok(parts.join(", "))
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Float(x) if self.version == crate::version::Version::V2_7 => {
                Ok(super::py27::float_str27(*x))
            }
            Value::BigInt(b) => Ok(b.to_string()),
            Value::Class(c) if c.classic => Ok(format!("{}.{}", c.module, c.name)),
            Value::Instance(i) => {
                let cls = i.class();
                if let Some(m) = cls.lookup("__str__") {
                    let r = self.call_pos(&m, vec![v.clone()])?;
                    return match r {
                        Value::Str(s) => Ok(s.to_string()),
                        other => Err(self.type_error(format!(
                            "__str__ returned non-string (type {})",
                            self.type_name(&other)
                        ))),
                    };
                }
                if let (Some(p), None) = (super::payload(v), cls.lookup("__repr__")) {
                    return self.to_str(&p);
                }
                if self.is_group(v) {
                    return self.group_str(i);
                }
                if self.is_group(v) {
                    return self.group_str(i);
                }
                if let Some(d) = &i.exc {
                    let args = d.borrow().args.clone();
                    let key_error = cls.is_subclass(&self.types.exc("KeyError"));
                    return match args.len() {
                        0 => Ok(String::new()),
                        1 if key_error => self.repr(&args[0]),
                        1 => self.to_str(&args[0]),
                        _ => self.repr(&Value::tuple(args)),
                    };
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// A repr that never runs Python code (for `--trace`).
    pub fn quick_repr(&self, v: &Value) -> String {
        let s = match v {
            Value::Null => "NULL".to_string(),
            Value::None => "None".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s.as_str()),
            other => format!("<{}>", self.type_name(other)),
        };
        if s.len() > 60 {
            let cut: String = s.chars().take(57).collect();
            format!("{cut}...")
        } else {
            s
        }
    }
}
