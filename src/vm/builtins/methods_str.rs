//! Methods of `str`, including `str.format`.

use super::super::interp::{PyResult, Vm};
use super::functions::{arity, int_arg};
use crate::vm::objects::Args;
use crate::vm::value::{Str, Value};

/// The `str` methods the VM implements.
pub const STR_METHODS: &[&str] = &[
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "join",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "format",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "title",
    "capitalize",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "splitlines",
    "partition",
    "rpartition",
    "encode",
    "swapcase",
    "casefold",
    "removeprefix",
    "removesuffix",
    "isidentifier",
    "isprintable",
    "isdecimal",
    "isnumeric",
    "istitle",
    "isascii",
    "__len__",
    "__contains__",
    "__getitem__",
];

fn s_arg(vm: &Vm, v: Option<&Value>, what: &str) -> PyResult<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.to_string())),
        Some(other) => Err(vm.type_error(format!(
            "{what} arg must be None or str, not {}",
            vm.type_name(other)
        ))),
    }
}

/// `str.format` referring to a missing positional argument.
fn replacement_index_error(vm: &Vm, n: usize) -> crate::vm::interp::Error {
    if vm.version <= crate::version::Version::V3_7 {
        vm.index_error("tuple index out of range")
    } else {
        vm.index_error(format!(
            "Replacement index {n} out of range for positional args tuple"
        ))
    }
}

fn st(s: String) -> Value {
    Value::Str(Str::from(s))
}

fn strs(v: Vec<&str>) -> Value {
    Value::list(v.into_iter().map(Value::str).collect())
}

/// Char-index bounds `[start:end]` of a find/count call, as byte offsets.
fn bounds(vm: &Vm, s: &str, args: &[Value]) -> PyResult<(usize, usize)> {
    let n = s.chars().count() as i64;
    let get = |i: usize, default: i64| -> PyResult<i64> {
        match args.get(i) {
            None | Some(Value::None) => Ok(default),
            Some(v) => {
                let x = int_arg(vm, v)?;
                Ok(if x < 0 { (x + n).max(0) } else { x.min(n) })
            }
        }
    };
    let (a, b) = (get(1, 0)?, get(2, n)?);
    let byte = |ci: i64| {
        s.char_indices()
            .nth(ci as usize)
            .map_or(s.len(), |(b, _)| b)
    };
    Ok((byte(a), byte(b.max(a))))
}

fn char_pos(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

/// Call a `str` method.
pub fn call(vm: &mut Vm, s: &Str, name: &str, mut args: Args) -> PyResult<Value> {
    let text = s.as_str();
    let p = &args.pos;
    Ok(match name {
        "upper" => st(text.to_uppercase()),
        "lower" => st(text.to_lowercase()),
        // Full case folding differs from lowercasing mainly in these expansions.
        "casefold" => st(text.to_lowercase().replace('ß', "ss").replace('ς', "σ")),
        "swapcase" => st(text
            .chars()
            .flat_map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().collect::<Vec<_>>()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect()),
        "strip" | "lstrip" | "rstrip" => {
            let chars = s_arg(vm, p.first(), name)?;
            let pat = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            st(match name {
                "strip" => text.trim_matches(pat),
                "lstrip" => text.trim_start_matches(pat),
                _ => text.trim_end_matches(pat),
            }
            .to_string())
        }
        "split" | "rsplit" => {
            let (sep, maxsplit) = (args.take_kw("sep"), args.take_kw("maxsplit"));
            let p = &args.pos;
            let sep = s_arg(vm, sep.as_ref().or(p.first()), "sep")?;
            let maxsplit = match maxsplit.or_else(|| p.get(1).cloned()) {
                Some(v) => int_arg(vm, &v)?,
                None => -1,
            };
            let limit = if maxsplit < 0 {
                usize::MAX
            } else {
                maxsplit as usize + 1
            };
            match sep {
                Some(sep) if sep.is_empty() => return Err(vm.value_error("empty separator")),
                Some(sep) => {
                    if name == "split" {
                        strs(text.splitn(limit, sep.as_str()).collect())
                    } else {
                        let mut v: Vec<&str> = text.rsplitn(limit, sep.as_str()).collect();
                        v.reverse();
                        strs(v)
                    }
                }
                None => {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    if limit == usize::MAX || words.len() < limit {
                        strs(words)
                    } else if name == "split" {
                        let mut out: Vec<String> = Vec::new();
                        let mut rest = text.trim_start();
                        while out.len() + 1 < limit {
                            match rest.find(char::is_whitespace) {
                                Some(i) => {
                                    out.push(rest[..i].to_string());
                                    rest = rest[i..].trim_start();
                                }
                                None => break,
                            }
                        }
                        if !rest.is_empty() {
                            out.push(rest.to_string());
                        }
                        Value::list(out.into_iter().map(|w| Value::Str(Str::from(w))).collect())
                    } else {
                        let mut out: Vec<String> = Vec::new();
                        let mut rest = text.trim_end();
                        while out.len() + 1 < limit {
                            match rest.rfind(char::is_whitespace) {
                                Some(i) => {
                                    let w = rest[i..].trim_start();
                                    out.push(w.to_string());
                                    rest = rest[..i].trim_end();
                                }
                                None => break,
                            }
                        }
                        if !rest.is_empty() {
                            out.push(rest.to_string());
                        }
                        out.reverse();
                        Value::list(out.into_iter().map(|w| Value::Str(Str::from(w))).collect())
                    }
                }
            }
        }
        "splitlines" => {
            let keep = match p.first() {
                Some(v) => vm.truthy(v)?,
                None => false,
            };
            strs(split_lines(text, keep))
        }
        "isascii" => Value::Bool(text.is_ascii()),
        "join" => {
            arity(vm, "join", &args, 1, 1)?;
            let mut out = String::new();
            for (i, item) in vm.collect(&p[0])?.iter().enumerate() {
                if i > 0 {
                    out.push_str(text);
                }
                match item {
                    Value::Str(x) => out.push_str(x.as_str()),
                    other => {
                        return Err(vm.type_error(format!(
                            "sequence item {i}: expected str instance, {} found",
                            vm.type_name(other)
                        )))
                    }
                }
            }
            st(out)
        }
        "replace" => {
            arity(vm, "replace", &args, 2, 3)?;
            let (Some(a), Some(b)) = (s_arg(vm, p.first(), name)?, s_arg(vm, p.get(1), name)?)
            else {
                return Err(vm.type_error("replace() arguments must be str"));
            };
            match p.get(2) {
                Some(n) if int_arg(vm, n)? >= 0 => {
                    st(text.replacen(&a, &b, int_arg(vm, n)? as usize))
                }
                _ => st(text.replace(&a, &b)),
            }
        }
        "startswith" | "endswith" => {
            let (lo, hi) = bounds(vm, text, p)?;
            let sub = &text[lo..hi];
            let pats: Vec<Value> = match p.first() {
                Some(Value::Tuple(t)) => t.to_vec(),
                Some(v) => vec![v.clone()],
                None => {
                    return Err(
                        vm.type_error(format!("{name}() takes at least 1 argument (0 given)"))
                    )
                }
            };
            let mut hit = false;
            for pat in pats {
                let Value::Str(x) = pat else {
                    return Err(vm.type_error(format!(
                        "{name} first arg must be str or a tuple of str, not {}",
                        vm.type_name(&pat)
                    )));
                };
                hit |= if name == "startswith" {
                    sub.starts_with(x.as_str())
                } else {
                    sub.ends_with(x.as_str())
                };
            }
            Value::Bool(hit)
        }
        "find" | "rfind" | "index" | "rindex" | "count" => {
            let Some(Value::Str(sub)) = p.first() else {
                return Err(vm.type_error(format!(
                    "must be str, not {}",
                    p.first().map_or("nothing".into(), |v| vm.type_name(v))
                )));
            };
            let (lo, hi) = bounds(vm, text, p)?;
            let hay = &text[lo..hi];
            if name == "count" {
                return Ok(Value::Int(if sub.is_empty() {
                    hay.chars().count() as i64 + 1
                } else {
                    hay.matches(sub.as_str()).count() as i64
                }));
            }
            let found = if name.starts_with('r') {
                hay.rfind(sub.as_str())
            } else {
                hay.find(sub.as_str())
            };
            match found {
                Some(b) => Value::Int(char_pos(text, lo + b)),
                None if name.ends_with("index") => {
                    return Err(vm.value_error("substring not found"))
                }
                None => Value::Int(-1),
            }
        }
        "format" => st(str_format(vm, text, &args)?),
        "isdigit" | "isdecimal" | "isnumeric" => {
            Value::Bool(!text.is_empty() && text.chars().all(|c| c.is_numeric()))
        }
        "isalpha" => Value::Bool(!text.is_empty() && text.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!text.is_empty() && text.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!text.is_empty() && text.chars().all(char::is_whitespace)),
        "isupper" => Value::Bool(
            text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase),
        ),
        "islower" => Value::Bool(
            text.chars().any(char::is_lowercase) && !text.chars().any(char::is_uppercase),
        ),
        "isprintable" => Value::Bool(!text.chars().any(super::repr::is_unprintable)),
        "isidentifier" => Value::Bool(
            text.chars()
                .next()
                .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
                && text
                    .chars()
                    .all(|c| c == '_' || unicode_ident::is_xid_continue(c)),
        ),
        "istitle" => Value::Bool(text == title(text) && text.chars().any(char::is_alphabetic)),
        "title" => st(title(text)),
        "capitalize" => {
            let mut c = text.chars();
            st(match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.as_str().to_lowercase().chars())
                    .collect(),
                None => String::new(),
            })
        }
        "center" | "ljust" | "rjust" => {
            arity(vm, name, &args, 1, 2)?;
            let w = int_arg(vm, &p[0])?.max(0) as usize;
            let fill = match p.get(1) {
                Some(Value::Str(f)) if f.len() == 1 => f.char_at(0).unwrap_or(' '),
                Some(_) => {
                    return Err(
                        vm.type_error("The fill character must be exactly one character long")
                    )
                }
                None => ' ',
            };
            let n = s.len();
            if w <= n {
                st(text.to_string())
            } else {
                let total = w - n;
                let (l, r) = match name {
                    "ljust" => (0, total),
                    "rjust" => (total, 0),
                    _ => {
                        let l = total / 2 + (total & w & 1);
                        (l, total - l)
                    }
                };
                let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
                st(format!("{}{text}{}", f(l), f(r)))
            }
        }
        "zfill" => {
            arity(vm, name, &args, 1, 1)?;
            let w = int_arg(vm, &p[0])?.max(0) as usize;
            let n = s.len();
            if w <= n {
                st(text.to_string())
            } else {
                let (sign, rest) = match text.chars().next() {
                    Some(c @ ('+' | '-')) => (c.to_string(), &text[1..]),
                    _ => (String::new(), text),
                };
                st(format!("{sign}{}{rest}", "0".repeat(w - n)))
            }
        }
        "partition" | "rpartition" => {
            let Some(Value::Str(sep)) = p.first() else {
                return Err(vm.type_error("must be str"));
            };
            let found = if name == "partition" {
                text.find(sep.as_str())
            } else {
                text.rfind(sep.as_str())
            };
            let parts = match found {
                Some(i) => vec![&text[..i], sep.as_str(), &text[i + sep.as_str().len()..]],
                None if name == "partition" => vec![text, "", ""],
                None => vec!["", "", text],
            };
            Value::tuple(parts.into_iter().map(Value::str).collect())
        }
        "removeprefix" | "removesuffix" => {
            let Some(Value::Str(a)) = p.first() else {
                return Err(vm.type_error("must be str"));
            };
            st(if name == "removeprefix" {
                text.strip_prefix(a.as_str()).unwrap_or(text).to_string()
            } else {
                text.strip_suffix(a.as_str()).unwrap_or(text).to_string()
            })
        }
        "encode" if s.has_surrogates() => return super::surrogates::encode(vm, s, &args),
        "encode" => Value::Bytes(text.as_bytes().into()),
        "__len__" => Value::Int(s.len() as i64),
        "__contains__" => {
            return vm
                .contains(&Value::Str(s.clone()), p.first().unwrap_or(&Value::None))
                .map(Value::Bool)
        }
        "__getitem__" => {
            return vm.getitem(&Value::Str(s.clone()), p.first().unwrap_or(&Value::None))
        }
        _ => {
            return Err(vm.exc(
                "AttributeError",
                format!("'str' object has no attribute '{name}'"),
            ))
        }
    })
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

/// `str.format(*args, **kwargs)`.
pub fn str_format(vm: &mut Vm, fmt: &str, args: &Args) -> PyResult<String> {
    let mut out = String::with_capacity(fmt.len() + 16);
    // Byte indices: braces are ASCII, so every cut below is on a char boundary.
    let b = fmt.as_bytes();
    let mut i = 0;
    let mut auto = 0usize;
    while i < b.len() {
        let Some(at) = fmt[i..].find(['{', '}']) else {
            out.push_str(&fmt[i..]);
            break;
        };
        out.push_str(&fmt[i..i + at]);
        i += at;
        let c = b[i];
        if b.get(i + 1) == Some(&c) {
            out.push(char::from(c));
            i += 2;
            continue;
        }
        if c == b'}' {
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        // Find the matching close brace (one level of nesting in the spec).
        let mut depth = 1;
        let mut j = i + 1;
        while j < b.len() && depth > 0 {
            match b[j] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        if depth != 0 {
            return Err(vm.value_error("Single '{' encountered in format string"));
        }
        let field = &fmt[i + 1..j - 1];
        i = j;
        let (head, spec) = match field.find(':') {
            Some(k) => (&field[..k], &field[k + 1..]),
            None => (field, ""),
        };
        let (name, conv) = match head.find('!') {
            Some(k) => (&head[..k], head[k + 1..].chars().next()),
            None => (head, None),
        };
        let nested;
        let spec = if spec.contains('{') {
            nested = str_format(vm, spec, args)?;
            nested.as_str()
        } else {
            spec
        };
        let split = name.find(['.', '[']).unwrap_or(name.len());
        let (base, mut rest) = name.split_at(split);
        let mut v = if base.is_empty() {
            let v = args.pos.get(auto).cloned();
            auto += 1;
            v.ok_or_else(|| replacement_index_error(vm, auto - 1))?
        } else if let Ok(n) = base.parse::<usize>() {
            args.pos
                .get(n)
                .cloned()
                .ok_or_else(|| replacement_index_error(vm, n))?
        } else {
            args.kw
                .iter()
                .find(|(k, _)| k.as_str() == base)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| vm.key_error(Value::str(base)))?
        };
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                v = vm.getattr(&v, &Str::from(&r[..end]))?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                let key = &r[..end];
                let k = match key.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => Value::str(key),
                };
                v = vm.getitem(&v, &k)?;
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        let v = match conv {
            Some('r') => Value::Str(Str::from(vm.repr(&v)?)),
            Some('s') => Value::Str(Str::from(vm.to_str(&v)?)),
            Some('a') => Value::Str(Str::from(super::ascii_escape(&vm.repr(&v)?))),
            _ => v,
        };
        vm.format_into(&mut out, &v, spec)?;
    }
    Ok(out)
}

/// `str.splitlines`: every line boundary CPython recognizes (`\r\n` counting once).
fn split_lines(text: &str, keep: bool) -> Vec<&str> {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = it.peek() {
                end = j + 1;
                it.next();
            }
        }
        out.push(if keep {
            &text[start..end]
        } else {
            &text[start..i]
        });
        start = end;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}
