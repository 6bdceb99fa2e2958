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
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut spec = Spec {
        fill: ' ',
        sign: '-',
        ..Spec::default()
    };
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    if c.len() >= 2 && is_align(c[1]) {
        spec.fill = c[0];
        spec.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        spec.align = Some(c[0]);
        i = 1;
    }
    if let Some(&s) = c.get(i) {
        if matches!(s, '+' | '-' | ' ') {
            spec.sign = s;
            i += 1;
        }
    }
    if c.get(i) == Some(&'z') {
        i += 1;
    }
    if c.get(i) == Some(&'#') {
        spec.alt = true;
        i += 1;
    }
    if c.get(i) == Some(&'0') {
        spec.zero = true;
        i += 1;
    }
    let start = i;
    while c.get(i).is_some_and(|d| d.is_ascii_digit()) {
        i += 1;
    }
    if i > start {
        spec.width = c[start..i].iter().collect::<String>().parse().ok()?;
    }
    if let Some(&g) = c.get(i) {
        if g == ',' || g == '_' {
            spec.grouping = Some(g);
            i += 1;
        }
    }
    if c.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while c.get(i).is_some_and(|d| d.is_ascii_digit()) {
            i += 1;
        }
        spec.precision = Some(c[start..i].iter().collect::<String>().parse().ok()?);
    }
    if i < c.len() {
        spec.ty = Some(c[i]);
        i += 1;
    }
    (i == c.len()).then_some(spec)
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
    if len >= spec.width {
        return format!("{sign}{body}");
    }
    let fill_n = spec.width - len;
    let (fill, align) = if spec.zero && spec.align.is_none() && numeric {
        ('0', '=')
    } else {
        (
            spec.fill,
            spec.align.unwrap_or(if numeric { '>' } else { '<' }),
        )
    };
    let f = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", f(fill_n)),
        '^' => format!("{}{sign}{body}{}", f(fill_n / 2), f(fill_n - fill_n / 2)),
        '=' => format!("{sign}{}{body}", f(fill_n)),
        _ => format!("{}{sign}{body}", f(fill_n)),
    }
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

fn format_int(v: &BigInt, spec: &Spec) -> Option<String> {
    let neg = v.is_negative();
    let a = v.abs();
    let (digits, prefix, every) = match spec.ty {
        None | Some('d' | 'n') => (a.to_string(), "", 3),
        Some('b') => (a.to_str_radix(2), "0b", 4),
        Some('o') => (a.to_str_radix(8), "0o", 4),
        Some('x') => (a.to_str_radix(16), "0x", 4),
        Some('X') => (a.to_str_radix(16).to_uppercase(), "0X", 4),
        Some('c') => {
            let ch = u32::try_from(v).ok().and_then(char::from_u32)?;
            return Some(pad(spec, "", &ch.to_string(), false));
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            return format_float(num_traits::ToPrimitive::to_f64(v)?, spec)
        }
        _ => return None,
    };
    let digits = match spec.grouping {
        Some(g) => group(&digits, g, every),
        None => digits,
    };
    let prefix = if spec.alt { prefix } else { "" };
    let sign = format!("{}{prefix}", sign_str(neg, spec));
    Some(pad(spec, &sign, &digits, true))
}

impl Vm {
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
            Value::Bool(_) if p.ty.is_none() => {
                let s = self.to_str(v)?;
                Some(pad(&p, "", &s, false))
            }
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                v.as_bigint().and_then(|b| format_int(&b, &p))
            }
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
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let mapping = matches!(args, Value::Dict(_) | Value::Instance(_));
    let mut next = 0usize;
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut key = None;
        if chars.get(i) == Some(&'(') {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
            let Some(end) = end else {
                return Err(vm.value_error("incomplete format key"));
            };
            key = Some(chars[i + 1..end].iter().collect::<String>());
            i = end + 1;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.get(i) {
            if matches!(f, '-' | '+' | ' ' | '#' | '0') {
                flags.push(f);
                i += 1;
            } else {
                break;
            }
        }
        let mut take_arg = |vm: &mut Vm| -> PyResult<Value> {
            if let Some(k) = &key {
                return vm.getitem(args, &Value::str(k));
            }
            let v = items.get(next).cloned();
            next += 1;
            v.ok_or_else(|| vm.type_error("not enough arguments for format string"))
        };
        let mut width = String::new();
        if chars.get(i) == Some(&'*') {
            i += 1;
            let w = take_arg(vm)?;
            width = vm.to_str(&w)?;
        }
        while let Some(&d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
            width.push(d);
            i += 1;
        }
        let mut prec = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            let mut p = String::new();
            while let Some(&d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                p.push(d);
                i += 1;
            }
            prec = Some(if p.is_empty() { "0".to_string() } else { p });
        }
        let Some(&conv) = chars.get(i) else {
            return Err(vm.value_error("incomplete format"));
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = take_arg(vm)?;
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
        let precs = prec.as_ref().map(|p| format!(".{p}")).unwrap_or_default();
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
                    i - 1
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
