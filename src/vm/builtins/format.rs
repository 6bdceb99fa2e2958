//! `format()` with the format-spec mini-language, and `%`-formatting.

use num_bigint::BigInt;
use num_traits::Signed;

use super::super::interp::{PyResult, Vm};
use crate::vm::value::{float_repr, Str, Value};

/// A parsed format spec (`[[fill]align][sign][z][#][0][width][,_][.prec][type]`).
#[derive(Debug, Clone, Default)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let mut spec = Spec {
        fill: ' ',
        sign: '-',
        ..Spec::default()
    };
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    let mut c = s.chars();
    let (first, second) = (c.clone().next(), c.clone().nth(1));
    if let (Some(f), Some(a)) = (first, second.filter(|&a| is_align(a))) {
        spec.fill = f;
        spec.align = Some(a);
        c.nth(1);
    } else if let Some(a) = first.filter(|&a| is_align(a)) {
        spec.align = Some(a);
        c.next();
    }
    // Everything after the fill is ASCII in a valid spec but the type character.
    let mut rest = c.as_str();
    let mut eat = |want: &dyn Fn(char) -> bool| -> Option<char> {
        let ch = rest.chars().next().filter(|&ch| want(ch))?;
        rest = &rest[ch.len_utf8()..];
        Some(ch)
    };
    if let Some(sign) = eat(&|ch| matches!(ch, '+' | '-' | ' ')) {
        spec.sign = sign;
    }
    eat(&|ch| ch == 'z');
    spec.alt = eat(&|ch| ch == '#').is_some();
    spec.zero = eat(&|ch| ch == '0').is_some();
    let digits = |rest: &mut &str| -> Option<Option<usize>> {
        let end = rest
            .find(|ch: char| !ch.is_ascii_digit())
            .unwrap_or(rest.len());
        let (d, tail) = rest.split_at(end);
        *rest = tail;
        if d.is_empty() {
            Some(None)
        } else {
            d.parse().ok().map(Some)
        }
    };
    spec.width = digits(&mut rest)?.unwrap_or(0);
    let mut eat = |want: char| -> bool {
        let hit = rest.starts_with(want);
        if hit {
            rest = &rest[1..];
        }
        hit
    };
    if eat(',') {
        spec.grouping = Some(',');
    } else if eat('_') {
        spec.grouping = Some('_');
    }
    if eat('.') {
        // A `.` with no digits is an invalid spec.
        spec.precision = Some(digits(&mut rest)??);
    }
    let mut tail = rest.chars();
    spec.ty = tail.next();
    tail.as_str().is_empty().then_some(spec)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / every);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn pad(spec: &Spec, sign: &str, body: &str, numeric: bool) -> String {
    let len = sign.chars().count() + body.chars().count();
    let fill_n = spec.width.saturating_sub(len);
    let (fill, align) = if spec.zero && spec.align.is_none() && numeric {
        ('0', '=')
    } else {
        (
            spec.fill,
            spec.align.unwrap_or(if numeric { '>' } else { '<' }),
        )
    };
    let (before, inner) = match align {
        '<' => (0, 0),
        '^' => (fill_n / 2, 0),
        '=' => (0, fill_n),
        _ => (fill_n, 0),
    };
    let after = fill_n - before - inner;
    let mut out = String::with_capacity(sign.len() + body.len() + fill_n * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, before));
    out.push_str(sign);
    out.extend(std::iter::repeat_n(fill, inner));
    out.push_str(body);
    out.extend(std::iter::repeat_n(fill, after));
    out
}

fn sign_str(neg: bool, spec: &Spec) -> &'static str {
    match (neg, spec.sign) {
        (true, _) => "-",
        (false, '+') => "+",
        (false, ' ') => " ",
        _ => "",
    }
}

/// Fixed notation with `prec` decimals.
fn fixed(x: f64, prec: usize) -> String {
    format!("{:.*}", prec, x.abs())
}

/// Scientific notation with `prec` decimals, CPython exponent layout.
fn sci(x: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, x.abs());
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let out = format!("{m}e{sign}{:02}", e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// `%g`-style general format.
pub(super) fn general(x: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = prec.max(1);
    if x == 0.0 {
        return if alt {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let s = sci(x, p - 1, false);
    let exp: i32 = s
        .rsplit_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let mut out = if -4 <= exp && exp < p as i32 {
        fixed(x, (p as i32 - 1 - exp).max(0) as usize)
    } else {
        s
    };
    if !alt {
        out = strip_zeros(&out);
    }
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

fn strip_zeros(s: &str) -> String {
    let (m, e) = match s.find('e') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let m = if m.contains('.') {
        m.trim_end_matches('0').trim_end_matches('.')
    } else {
        m
    };
    format!("{m}{e}")
}

fn format_float(x: f64, spec: &Spec) -> Option<String> {
    let neg = x.is_sign_negative() && !(x.is_nan());
    let upper = matches!(spec.ty, Some('E' | 'F' | 'G'));
    let body = if x.is_infinite() || x.is_nan() {
        let b = if x.is_nan() { "nan" } else { "inf" };
        if upper {
            b.to_uppercase()
        } else {
            b.to_string()
        }
    } else {
        match spec.ty {
            Some('f' | 'F') => fixed(x, spec.precision.unwrap_or(6)),
            Some('e' | 'E') => sci(x, spec.precision.unwrap_or(6), upper),
            Some('g' | 'G') => general(x, spec.precision.unwrap_or(6), spec.alt, upper),
            Some('%') => format!("{}%", fixed(x * 100.0, spec.precision.unwrap_or(6))),
            None => match spec.precision {
                Some(p) => {
                    let g = general(x, p, spec.alt, false);
                    if g.contains(['.', 'e', 'n', 'i']) {
                        g
                    } else {
                        format!("{g}.0")
                    }
                }
                None => float_repr(x.abs()),
            },
            _ => return None,
        }
    };
    let body = match spec.grouping {
        Some(g) => {
            let (int, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => body.split_at(i),
                None => (body.as_str(), ""),
            };
            format!("{}{rest}", group(int, g, 3))
        }
        None => body,
    };
    Some(pad(spec, sign_str(neg, spec), &body, true))
}

/// An int to format: most are small, and need no `BigInt`.
#[derive(Clone, Copy)]
enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntRef<'_> {
    fn is_negative(self) -> bool {
        match self {
            IntRef::Small(i) => i < 0,
            IntRef::Big(b) => b.is_negative(),
        }
    }

    /// The digits of the absolute value.
    fn abs_digits(self, radix: u32) -> String {
        match (self, radix) {
            (IntRef::Small(i), 2) => format!("{:b}", i.unsigned_abs()),
            (IntRef::Small(i), 8) => format!("{:o}", i.unsigned_abs()),
            (IntRef::Small(i), 16) => format!("{:x}", i.unsigned_abs()),
            (IntRef::Small(i), _) => i.unsigned_abs().to_string(),
            (IntRef::Big(b), _) => b.abs().to_str_radix(radix),
        }
    }

    fn to_f64(self) -> Option<f64> {
        match self {
            IntRef::Small(i) => Some(i as f64),
            IntRef::Big(b) => num_traits::ToPrimitive::to_f64(b),
        }
    }

    fn to_u32(self) -> Option<u32> {
        match self {
            IntRef::Small(i) => u32::try_from(i).ok(),
            IntRef::Big(b) => u32::try_from(b).ok(),
        }
    }
}

fn format_int(v: IntRef<'_>, spec: &Spec) -> Option<String> {
    let neg = v.is_negative();
    let (digits, prefix, every) = match spec.ty {
        None | Some('d' | 'n') => (v.abs_digits(10), "", 3),
        Some('b') => (v.abs_digits(2), "0b", 4),
        Some('o') => (v.abs_digits(8), "0o", 4),
        Some('x') => (v.abs_digits(16), "0x", 4),
        Some('X') => (v.abs_digits(16).to_uppercase(), "0X", 4),
        Some('c') => {
            let ch = v.to_u32().and_then(char::from_u32)?;
            return Some(pad(spec, "", &ch.to_string(), false));
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return format_float(v.to_f64()?, spec),
        _ => return None,
    };
    let digits = match spec.grouping {
        Some(g) => group(&digits, g, every),
        None => digits,
    };
    let prefix = if spec.alt { prefix } else { "" };
    let sign = sign_str(neg, spec);
    if prefix.is_empty() {
        return Some(pad(spec, sign, &digits, true));
    }
    Some(pad(spec, &format!("{sign}{prefix}"), &digits, true))
}

impl Vm {
    /// `format(v, spec)` appended to `out`; a str or an int with no spec goes
    /// straight on.
    pub fn format_into(&mut self, out: &mut String, v: &Value, spec: &str) -> PyResult<()> {
        match (v, spec.is_empty()) {
            (Value::Str(s), true) => out.push_str(s.as_str()),
            (Value::Int(n), true) => push_i64(out, *n),
            _ => out.push_str(&self.format(v, spec)?),
        }
        Ok(())
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        if let Value::Instance(_) = v {
            if let Some(m) = self.special(v, "__format__") {
                let r = self.call_pos(&m, vec![v.clone(), Value::str(spec)])?;
                return self.to_str(&r);
            }
            if spec.is_empty() {
                return self.to_str(v);
            }
            if let Some(p) = super::payload(v) {
                return self.format(&p, spec);
            }
        }
        if spec.is_empty() {
            return self.to_str(v);
        }
        let bad = |vm: &Vm| {
            vm.value_error(format!(
                "Invalid format specifier '{spec}' for object of type '{}'",
                vm.type_name(v)
            ))
        };
        let Some(p) = parse_spec(spec) else {
            return Err(bad(self));
        };
        let unknown = |vm: &Vm, c: char| {
            vm.value_error(format!(
                "Unknown format code '{c}' for object of type '{}'",
                vm.type_name(v)
            ))
        };
        let known: &[char] = match v {
            Value::Str(_) => &['s'],
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => &[
                'b', 'c', 'd', 'o', 'x', 'X', 'n', 'e', 'E', 'f', 'F', 'g', 'G', '%',
            ],
            Value::Float(_) => &['e', 'E', 'f', 'F', 'g', 'G', 'n', '%'],
            _ => &[],
        };
        if let Some(c) = p.ty {
            if !known.is_empty() && !known.contains(&c) {
                return Err(unknown(self, c));
            }
        }
        let r = match v {
            Value::Int(i) => format_int(IntRef::Small(*i), &p),
            Value::Bool(b) => format_int(IntRef::Small(i64::from(*b)), &p),
            Value::BigInt(b) => format_int(IntRef::Big(b), &p),
            Value::Float(x) => format_float(*x, &p),
            Value::Str(s) if matches!(p.ty, None | Some('s')) => {
                let text: String = match p.precision {
                    Some(n) => s.as_str().chars().take(n).collect(),
                    None => s.to_string(),
                };
                Some(pad(&p, "", &text, false))
            }
            _ if matches!(p.ty, None | Some('s')) => {
                let s = self.to_str(v)?;
                Some(pad(&p, "", &s, false))
            }
            _ => None,
        };
        r.ok_or_else(|| bad(self))
    }
}

/// `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    let items: &[Value] = match args {
        Value::Tuple(t) => t,
        other => std::slice::from_ref(other),
    };
    let mapping = matches!(args, Value::Dict(_) | Value::Instance(_));
    let mut next = 0usize;
    let mut out = String::with_capacity(fmt.len() + 8);
    // `i` is a byte index; everything the directives are made of but the key
    // and the conversion character is ASCII.
    let b = fmt.as_bytes();
    let digits_from = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        &fmt[start..*i]
    };
    let mut i = 0;
    while i < b.len() {
        let Some(at) = fmt[i..].find('%') else {
            out.push_str(&fmt[i..]);
            break;
        };
        out.push_str(&fmt[i..i + at]);
        i += at + 1;
        let mut key = None;
        if b.get(i) == Some(&b'(') {
            let Some(end) = fmt[i..].find(')').map(|p| p + i) else {
                return Err(vm.value_error("incomplete format key"));
            };
            key = Some(&fmt[i + 1..end]);
            i = end + 1;
        }
        let flags_start = i;
        while b
            .get(i)
            .is_some_and(|f| matches!(f, b'-' | b'+' | b' ' | b'#' | b'0'))
        {
            i += 1;
        }
        let flags = &fmt[flags_start..i];
        let mut take_arg = |vm: &mut Vm| -> PyResult<Value> {
            if let Some(k) = key {
                return vm.getitem(args, &Value::str(k));
            }
            let v = items.get(next).cloned();
            next += 1;
            v.ok_or_else(|| vm.type_error("not enough arguments for format string"))
        };
        let mut width = String::new();
        if b.get(i) == Some(&b'*') {
            i += 1;
            let w = take_arg(vm)?;
            width = vm.to_str(&w)?;
        }
        width.push_str(digits_from(&mut i));
        let mut prec = None;
        let prec_arg;
        if b.get(i) == Some(&b'.') {
            i += 1;
            if b.get(i) == Some(&b'*') {
                i += 1;
                let p = take_arg(vm)?;
                prec_arg = vm.to_str(&p)?;
                prec = Some(prec_arg.as_str());
            } else {
                let p = digits_from(&mut i);
                prec = Some(if p.is_empty() { "0" } else { p });
            }
        }
        let Some(conv) = fmt[i..].chars().next() else {
            return Err(vm.value_error("incomplete format"));
        };
        i += conv.len_utf8();
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = take_arg(vm)?;
        // `%s` and `%d` with no flags, width or precision: straight onto `out`.
        if flags.is_empty() && width.is_empty() && prec.is_none() {
            match (conv, &v) {
                ('s', Value::Str(s)) => {
                    out.push_str(s.as_str());
                    continue;
                }
                ('s' | 'd' | 'i' | 'u', Value::Int(n)) => {
                    push_i64(&mut out, *n);
                    continue;
                }
                _ => {}
            }
        }
        let align = if flags.contains('-') { "<" } else { "" };
        let sign = if flags.contains('+') {
            "+"
        } else if flags.contains(' ') {
            " "
        } else {
            ""
        };
        let zero = if flags.contains('0') && align.is_empty() {
            "0"
        } else {
            ""
        };
        let alt = if flags.contains('#') { "#" } else { "" };
        let precs = prec.map(|p| format!(".{p}")).unwrap_or_default();
        let piece = match conv {
            // 2.7 has no `%a`.
            's' | 'r' | 'a' if conv != 'a' || vm.version != crate::version::Version::V2_7 => {
                let s = match conv {
                    's' => vm.to_str(&v)?,
                    'r' => vm.repr(&v)?,
                    _ => super::ascii_escape(&vm.repr(&v)?),
                };
                let align = if align.is_empty() { ">" } else { align };
                let spec = format!("{align}{width}{precs}");
                vm.format(&Value::Str(Str::from(s)), &spec)?
            }
            'd' | 'i' | 'u' => {
                let n = match &v {
                    Value::Float(f) => {
                        Value::from_bigint(crate::vm::value::num::float_to_bigint(*f))
                    }
                    x if x.is_int() => x.clone(),
                    _ => {
                        let what = if vm.version <= crate::version::Version::V3_9 {
                            "a number"
                        } else {
                            "a real number"
                        };
                        return Err(vm.type_error(format!(
                            "%{conv} format: {what} is required, not {}",
                            vm.type_name(&v)
                        )));
                    }
                };
                vm.format(&n, &format!("{align}{sign}{zero}{width}d"))?
            }
            // 2.7 marks an alternate octal with a single leading `0`.
            'o' if alt == "#" && vm.version == crate::version::Version::V2_7 && v.is_int() => {
                let spec = parse_spec(&format!("{align}{sign}{zero}{width}o"));
                let n = v.as_bigint().unwrap_or_default();
                let digits = n.abs().to_str_radix(8);
                let body = if digits == "0" {
                    digits
                } else {
                    format!("0{digits}")
                };
                match spec {
                    Some(spec) => pad(&spec, sign_str(n.is_negative(), &spec), &body, true),
                    None => return Err(vm.value_error("invalid format")),
                }
            }
            'x' | 'X' | 'o' => vm.format(&v, &format!("{align}{sign}{alt}{zero}{width}{conv}"))?,
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let x = match &v {
                    Value::Float(_) => v.clone(),
                    x if x.is_int() => Value::Float(
                        num_traits::ToPrimitive::to_f64(&x.as_bigint().unwrap_or_default())
                            .unwrap_or(0.0),
                    ),
                    _ => {
                        return Err(
                            vm.type_error(format!("must be real number, not {}", vm.type_name(&v)))
                        )
                    }
                };
                let precs = if precs.is_empty() {
                    ".6".to_string()
                } else {
                    precs
                };
                vm.format(&x, &format!("{align}{sign}{alt}{zero}{width}{precs}{conv}"))?
            }
            'c' => match &v {
                Value::Str(s) => s.to_string(),
                x => vm.format(x, "c")?,
            },
            other => {
                return Err(vm.value_error(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {}",
                    other as u32,
                    fmt[..i].chars().count() - 1
                )))
            }
        };
        out.push_str(&piece);
    }
    if !mapping && next < items.len() {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

/// The decimal text of `n` appended to `out`.
pub(super) fn push_i64(out: &mut String, n: i64) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}
