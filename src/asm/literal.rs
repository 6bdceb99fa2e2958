//! Python's number and string literals, decoded as CPython's tokenizer and
//! `Parser/string_parser.c` decode them.
//!
//! The lexer hands over the literal's text; errors come back as diagnostics with the
//! span of the offending part (the escape, the character), and the value is still
//! produced where Python would produce one (an unknown escape keeps its backslash).

use num_bigint::BigInt;
use num_traits::Num;

use crate::asm::ast::{Expr, Span, StrPrefix};
use crate::diag::Diagnostic;

/// CPython's default `sys.get_int_max_str_digits()` is 4300; we allow more because a
/// `.pyc` may hold any int, but bound the quadratic decimal conversion.
pub const MAX_DECIMAL_DIGITS: usize = 100_000;

/// A decoded number literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// `42`, `0x1f`
    Int(BigInt),
    /// `42L`
    Long(BigInt),
    /// `1.5`
    Float(f64),
    /// `2j`
    Imag(f64),
}

/// Decode a number token (`0x1f`, `1_000`, `42L`, `1e-5`, `2j`); the error is a
/// message and a hint.
pub fn number(text: &str) -> Result<Number, (String, String)> {
    let (body, suffix) = match text.as_bytes().last() {
        Some(b'l' | b'L') => (&text[..text.len() - 1], 'L'),
        Some(b'j' | b'J') => (&text[..text.len() - 1], 'j'),
        _ => (text, ' '),
    };
    let radix = match body.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        if suffix == 'j' {
            return Err(invalid(text, "imaginary literals are decimal"));
        }
        let digits = &body[2..];
        if !underscores_ok(digits.strip_prefix('_').unwrap_or(digits)) {
            return Err(invalid(text, "underscores may only separate digits"));
        }
        let value = parse_int(&digits.replace('_', ""), radix).ok_or_else(|| invalid(text, ""))?;
        return Ok(if suffix == 'L' {
            Number::Long(value)
        } else {
            Number::Int(value)
        });
    }
    let is_float = body.contains(['.', 'e', 'E']);
    let pieces_ok = body
        .split(['.', 'e', 'E', '+', '-'])
        .all(|p| p.is_empty() || underscores_ok(p));
    if !pieces_ok {
        return Err(invalid(text, "underscores may only separate digits"));
    }
    let clean = body.replace('_', "");
    if is_float || suffix == 'j' {
        if suffix == 'L' {
            return Err(invalid(text, "only integers take the `L` suffix"));
        }
        let value: f64 = clean.parse().map_err(|_| invalid(text, ""))?;
        return Ok(if suffix == 'j' {
            Number::Imag(value)
        } else {
            Number::Float(value)
        });
    }
    if clean.len() > 1 && clean.starts_with('0') && clean.bytes().any(|b| b != b'0') {
        return Err((
            "leading zeros in decimal integer literals are not permitted".into(),
            "use an `0o` prefix for octal integers".into(),
        ));
    }
    if clean.len() > MAX_DECIMAL_DIGITS {
        return Err((
            format!("integer literal has more than {MAX_DECIMAL_DIGITS} digits"),
            "write it in hexadecimal (`0x...`)".into(),
        ));
    }
    let value = parse_int(&clean, 10).ok_or_else(|| invalid(text, ""))?;
    Ok(if suffix == 'L' {
        Number::Long(value)
    } else {
        Number::Int(value)
    })
}

fn parse_int(digits: &str, radix: u32) -> Option<BigInt> {
    if digits.is_empty() {
        return None;
    }
    BigInt::from_str_radix(digits, radix).ok()
}

/// Python allows one `_` between two digits, nowhere else.
fn underscores_ok(digits: &str) -> bool {
    !digits.starts_with('_') && !digits.ends_with('_') && !digits.contains("__")
}

fn invalid(text: &str, why: &str) -> (String, String) {
    let shown: String = text.chars().take(40).collect();
    let hint = if why.is_empty() {
        "numbers are written as in Python: `42`, `0x1f`, `1_000`, `1.5e-3`, `2j`"
    } else {
        why
    };
    (format!("invalid number literal `{shown}`"), hint.into())
}

/// Decode a string or bytes literal (prefix and quotes included) that starts at byte
/// `start` of the source; problems are pushed to `diags`.
pub fn string(text: &str, start: usize, diags: &mut Vec<Diagnostic>) -> Expr {
    let quote = text.find(['\'', '"']).unwrap_or(0);
    let prefix = text[..quote].to_ascii_lowercase();
    let raw = prefix.contains('r');
    let bytes = prefix.contains('b');
    let body_at = start + quote + 1;
    let body = text
        .get(quote + 1..text.len().saturating_sub(1))
        .unwrap_or("");
    let mut dec = Decoder {
        bytes,
        raw,
        out: Vec::new(),
        diags,
        body_at,
    };
    dec.run(body);
    let out = dec.out;
    if bytes {
        Expr::Bytes(out.into_iter().map(|c| c as u8).collect())
    } else if prefix.contains('u') {
        Expr::Str(out, StrPrefix::Unicode)
    } else {
        Expr::Str(out, StrPrefix::Plain)
    }
}

struct Decoder<'d> {
    bytes: bool,
    raw: bool,
    /// Code points, or byte values (< 256) for a bytes literal.
    out: Vec<u32>,
    diags: &'d mut Vec<Diagnostic>,
    body_at: usize,
}

impl Decoder<'_> {
    fn run(&mut self, body: &str) {
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if self.bytes && !c.is_ascii() {
                let span = self.span(i, i + c.len_utf8());
                self.diags.push(
                    Diagnostic::error(span, "bytes can only contain ASCII literal characters")
                        .with_hint(format!(
                            "write it as escapes: `\\x..` for each byte of {c:?}"
                        )),
                );
                continue;
            }
            if c != '\\' || self.raw {
                self.out.push(c as u32);
                // In a raw literal a backslash still protects the next character.
                if c == '\\' {
                    if let Some((_, n)) = chars.next() {
                        self.out.push(n as u32);
                    }
                }
                continue;
            }
            let Some((j, e)) = chars.next() else {
                break;
            };
            let mut end = j + e.len_utf8();
            match e {
                '\\' | '\'' | '"' => self.out.push(e as u32),
                'a' => self.out.push(7),
                'b' => self.out.push(8),
                'f' => self.out.push(12),
                'n' => self.out.push(10),
                'r' => self.out.push(13),
                't' => self.out.push(9),
                'v' => self.out.push(11),
                '0'..='7' => {
                    let mut value = e as u32 - '0' as u32;
                    for _ in 0..2 {
                        match chars.peek() {
                            Some(&(k, d @ '0'..='7')) => {
                                value = value * 8 + (d as u32 - '0' as u32);
                                end = k + 1;
                                chars.next();
                            }
                            _ => break,
                        }
                    }
                    if value > 0o377 {
                        self.diags.push(
                            Diagnostic::warning(
                                self.span(i, end),
                                format!("octal escape `{}` is above \\377", &body[i..end]),
                            )
                            .with_hint("Python reads it too, but warns; use `\\x..` or `\\u....`"),
                        );
                        if self.bytes {
                            value &= 0xff;
                        }
                    }
                    self.out.push(value);
                }
                'x' => self.hex(body, &mut chars, i, 2, "\\xXX"),
                'u' if !self.bytes => self.hex(body, &mut chars, i, 4, "\\uXXXX"),
                'U' if !self.bytes => self.hex(body, &mut chars, i, 8, "\\UXXXXXXXX"),
                'N' if !self.bytes => {
                    if chars.peek().map(|&(_, c)| c) == Some('{') {
                        for (k, c) in chars.by_ref() {
                            end = k + c.len_utf8();
                            if c == '}' {
                                break;
                            }
                        }
                    }
                    self.diags.push(
                        Diagnostic::error(
                            self.span(i, end),
                            "`\\N{...}` escapes are not supported",
                        )
                        .with_hint("write the character itself, or `\\u....` / `\\U........`"),
                    );
                }
                _ => {
                    self.diags.push(
                        Diagnostic::warning(self.span(i, end), format!("unknown escape `\\{e}`"))
                            .with_label("kept as a backslash and the character, as Python does")
                            .with_hint("write `\\\\` for a backslash"),
                    );
                    self.out.push('\\' as u32);
                    self.out.push(e as u32);
                }
            }
        }
    }

    fn hex(
        &mut self,
        body: &str,
        chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
        at: usize,
        width: usize,
        form: &str,
    ) {
        let mut value: u32 = 0;
        let mut end = at + 2;
        for _ in 0..width {
            match chars.peek() {
                Some(&(k, d)) if d.is_ascii_hexdigit() => {
                    value = value * 16 + d.to_digit(16).unwrap_or(0);
                    end = k + 1;
                    chars.next();
                }
                _ => {
                    self.diags.push(
                        Diagnostic::error(self.span(at, end), format!("truncated `{form}` escape"))
                            .with_hint(format!(
                                "`{}` takes exactly {width} hex digits",
                                &form[..2]
                            )),
                    );
                    return;
                }
            }
        }
        if value > 0x10ffff {
            self.diags.push(
                Diagnostic::error(
                    self.span(at, end),
                    format!("illegal Unicode character `{}`", &body[at..end]),
                )
                .with_hint("code points go up to \\U0010ffff"),
            );
            return;
        }
        self.out.push(value);
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.body_at + from, self.body_at + to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(t: &str) -> Number {
        number(t).unwrap()
    }

    fn big(v: i64) -> BigInt {
        BigInt::from(v)
    }

    #[test]
    fn integers_in_every_base() {
        assert_eq!(num("42"), Number::Int(big(42)));
        assert_eq!(num("0"), Number::Int(big(0)));
        assert_eq!(num("000"), Number::Int(big(0)));
        assert_eq!(num("1_000"), Number::Int(big(1000)));
        assert_eq!(num("0x1F"), Number::Int(big(31)));
        assert_eq!(num("0x_1f"), Number::Int(big(31)));
        assert_eq!(num("0o17"), Number::Int(big(15)));
        assert_eq!(num("0b101"), Number::Int(big(5)));
        assert_eq!(num("42L"), Number::Long(big(42)));
        assert_eq!(num("0xffL"), Number::Long(big(255)));
        let huge = num("123456789012345678901234567890");
        assert_eq!(
            huge,
            Number::Int("123456789012345678901234567890".parse().unwrap())
        );
    }

    #[test]
    fn floats_and_imaginaries() {
        assert_eq!(num("1.5"), Number::Float(1.5));
        assert_eq!(num("1."), Number::Float(1.0));
        assert_eq!(num(".5"), Number::Float(0.5));
        assert_eq!(num("1e100"), Number::Float(1e100));
        assert_eq!(num("1E+1_0"), Number::Float(1e10));
        assert_eq!(num("1e400"), Number::Float(f64::INFINITY));
        assert_eq!(num("2j"), Number::Imag(2.0));
        assert_eq!(num("1.5J"), Number::Imag(1.5));
        assert_eq!(num("0777j"), Number::Imag(777.0));
        // Correctly rounded (CPython's dtoa agrees).
        assert_eq!(num("0.1"), Number::Float(0.1));
        assert_eq!(
            num("2.2250738585072011e-308"),
            Number::Float(2.225_073_858_507_201e-308)
        );
    }

    #[test]
    fn bad_numbers() {
        for t in ["1__0", "1_", "0x", "0x__1", "1_.5", "1.5L", "012", "0b2"] {
            assert!(number(t).is_err(), "{t}");
        }
        assert!(number("012").unwrap_err().0.contains("leading zeros"));
    }

    fn s(t: &str) -> (Expr, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let e = string(t, 0, &mut d);
        (e, d)
    }

    fn cps(x: &str) -> Vec<u32> {
        x.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn escapes() {
        let (e, d) = s(r#"'a\n\t\\\'\"\x41\101\0\u00e9\U0001F600\udc80'"#);
        assert!(d.is_empty());
        let mut want = cps("a\n\t\\'\"AA\0é😀");
        want.push(0xdc80);
        assert_eq!(e, Expr::Str(want, StrPrefix::Plain));
        assert_eq!(s("u'x'").0, Expr::Str(cps("x"), StrPrefix::Unicode));
        assert_eq!(s(r"r'\n\''").0, Expr::Str(cps(r"\n\'"), StrPrefix::Plain));
        assert_eq!(
            s(r"b'\x00\xff\u'").0,
            Expr::Bytes(vec![0, 255, b'\\', b'u'])
        );
        assert_eq!(s(r"Rb'\x'").0, Expr::Bytes(b"\\x".to_vec()));
    }

    #[test]
    fn escape_errors_have_spans() {
        let (_, d) = s(r"'ab\x4'");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "truncated `\\xXX` escape");
        assert_eq!(d[0].span, Span::new(3, 6));
        let (e, d) = s(r"'\q'");
        assert!(!d[0].is_error() && d[0].message.contains("unknown escape"));
        assert_eq!(e, Expr::Str(cps(r"\q"), StrPrefix::Plain));
        let (_, d) = s("b'é'");
        assert!(d[0].message.contains("ASCII"));
        let (_, d) = s(r"'\N{DASH}'");
        assert!(d[0].message.contains("\\N"));
        let (_, d) = s(r"'\U00110000'");
        assert!(d[0].message.contains("illegal Unicode"));
    }
}
