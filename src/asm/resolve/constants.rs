//! Constant literals to [`Const`] values (`docs/language.md`, "Constants").
//!
//! The literal syntax is Python's `repr`, so what `dis` prints reads back as the same
//! value: `-0.0`, `inf`, `(-0-1j)`, `frozenset({1, 2})`, `float.frombits(0x7ff8...)`.
//! 2.7 tells `str` (bytes) from `unicode` by the `u` prefix, and `int` from `long` by
//! the `L` suffix.

use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::asm::ast::{Expr, Span, Spanned, StrPrefix};
use crate::code::{Code, Const, PyStr};
use crate::diag::Diagnostic;
use crate::marshal::shape::utf8_surrogatepass;
use crate::version::Version;

/// What constants can refer to: the built code blocks, by name.
pub struct ConstCtx<'a> {
    /// The target version.
    pub version: Version,
    /// Code blocks built so far (every block a constant may refer to is built first);
    /// `None` for one that failed, whose errors are already reported.
    pub blocks: &'a HashMap<String, Option<Code>>,
}

/// A string of code points as a `PyStr`.
pub fn text(points: &[u32]) -> PyStr {
    PyStr::from_utf8_surrogatepass(&utf8_surrogatepass(points)).unwrap_or_default()
}

/// A short description of what an expression is, for "expected X, found Y".
pub fn describe(e: &Expr) -> &'static str {
    match e {
        Expr::Ident(_) => "a name",
        Expr::Int(_) | Expr::Long(_) => "an integer",
        Expr::Float(_) => "a float",
        Expr::Imag(_) => "a complex number",
        Expr::Str(_, StrPrefix::Bytes) | Expr::Bytes(_) => "a bytes literal",
        Expr::Str(..) => "a string",
        Expr::Neg(_) | Expr::BinOp(..) => "an expression",
        Expr::Tuple(_) => "a tuple",
        Expr::List(_) => "a list",
        Expr::Set(_) => "a set",
        Expr::Dict(_) => "a dict",
        Expr::Call(..) => "a call",
        Expr::Ellipsis => "`...`",
        Expr::CodeRef(_) => "a code block reference",
        Expr::Raw(_) => "a raw number",
        Expr::Op(_) => "an operator",
        Expr::Flags(_) => "flags",
    }
}

impl ConstCtx<'_> {
    /// The constant an expression denotes, or a diagnostic at the part that is not one.
    pub fn constant(&self, e: &Spanned<Expr>) -> Result<Const, Diagnostic> {
        let v = self.version;
        Ok(match &e.node {
            Expr::Ident(name) => match name.as_str() {
                "None" => Const::None,
                "True" => Const::Bool(true),
                "False" => Const::Bool(false),
                "Ellipsis" => Const::Ellipsis,
                "StopIteration" => Const::StopIteration,
                "inf" => Const::Float(f64::INFINITY),
                "nan" => Const::Float(f64::NAN),
                "infj" => Const::Complex(0.0, f64::INFINITY),
                "nanj" => Const::Complex(0.0, f64::NAN),
                _ => {
                    return Err(
                        Diagnostic::error(e.span, format!("`{name}` is not a constant"))
                            .with_label("expected a constant")
                            .with_hint(format!(
                        "a string constant is written '{name}'; labels and names are not constants"
                    )),
                    )
                }
            },
            Expr::Int(i) => self.int(i),
            Expr::Long(i) if v == Version::V2_7 => Const::Long(i.clone()),
            Expr::Long(_) => {
                return Err(Diagnostic::error(e.span, "`L` suffix outside Python 2.7")
                    .with_label("long literal")
                    .with_hint("3.x has one int type: drop the `L`"))
            }
            Expr::Float(f) => Const::Float(*f),
            Expr::Imag(f) => Const::Complex(0.0, *f),
            Expr::Str(points, prefix) => self.string(points, *prefix, e.span)?,
            Expr::Bytes(b) => Const::Bytes(b.clone()),
            Expr::Neg(inner) => self.negate(inner)?,
            Expr::BinOp(a, op, b) => self.complex_sum(a, *op, b, e.span)?,
            Expr::Tuple(items) => Const::Tuple(self.all(items)?),
            Expr::List(items) => Const::List(self.all(items)?),
            Expr::Set(items) => Const::Set(self.all(items)?),
            Expr::Dict(pairs) => Const::Dict(
                pairs
                    .iter()
                    .map(|(k, x)| Ok((self.constant(k)?, self.constant(x)?)))
                    .collect::<Result<_, Diagnostic>>()?,
            ),
            Expr::Call(f, args) => self.call(f, args, e.span)?,
            Expr::Ellipsis => Const::Ellipsis,
            Expr::CodeRef(name) => match self.blocks.get(name) {
                Some(Some(c)) => Const::Code(Box::new(c.clone())),
                Some(None) => Const::None,
                None => {
                    return Err(Diagnostic::error(
                        e.span,
                        format!("undefined code block `@{name}`"),
                    )
                    .with_label("no `.code` block has this name"))
                }
            },
            other => {
                return Err(Diagnostic::error(
                    e.span,
                    format!("expected a constant, found {}", describe(other)),
                )
                .with_label("not a constant"))
            }
        })
    }

    fn all(&self, items: &[Spanned<Expr>]) -> Result<Vec<Const>, Diagnostic> {
        items.iter().map(|x| self.constant(x)).collect()
    }

    /// An int literal: 2.7 makes one that does not fit a C long a `long`, as Python 2 does.
    fn int(&self, i: &BigInt) -> Const {
        if self.version == Version::V2_7 && i.to_i64().is_none() {
            Const::Long(i.clone())
        } else {
            Const::Int(i.clone())
        }
    }

    fn string(&self, points: &[u32], prefix: StrPrefix, span: Span) -> Result<Const, Diagnostic> {
        let bytes_of = |points: &[u32]| -> Result<Vec<u8>, Diagnostic> {
            points
                .iter()
                .map(|&p| u8::try_from(p).ok())
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| {
                    Diagnostic::error(span, "a byte string can only hold characters below 256")
                        .with_hint("use `\\xhh` escapes, or a `u'...'` string for text")
                })
        };
        Ok(match (prefix, self.version) {
            (StrPrefix::Bytes, _) | (StrPrefix::Plain, Version::V2_7) => {
                Const::Bytes(bytes_of(points)?)
            }
            _ => Const::Str(text(points)),
        })
    }

    fn negate(&self, inner: &Spanned<Expr>) -> Result<Const, Diagnostic> {
        Ok(match self.constant(inner)? {
            Const::Int(i) => Const::Int(-i),
            // `-9223372036854775808` without `L` is the 2.7 int `repr` writes.
            Const::Long(i) if matches!(inner.node, Expr::Int(_)) => self.int(&-i),
            Const::Long(i) => Const::Long(-i),
            Const::Float(f) => Const::Float(-f),
            // `-1j` is how `repr` writes complex(0.0, -1.0).
            Const::Complex(re, im) if re == 0.0 && re.is_sign_positive() => Const::Complex(re, -im),
            Const::Complex(re, im) => Const::Complex(-re, -im),
            _ => {
                return Err(Diagnostic::error(inner.span, "only numbers can be negated")
                    .with_label("not a number"))
            }
        })
    }

    /// The real part of a complex literal: `-0` in `(-0-1j)` is -0.0.
    fn real_part(&self, e: &Spanned<Expr>) -> Result<f64, Diagnostic> {
        let neg = matches!(e.node, Expr::Neg(_));
        let value = match self.constant(e)? {
            Const::Int(i) | Const::Long(i) => i.to_f64().unwrap_or(f64::INFINITY),
            Const::Float(f) => f,
            _ => {
                return Err(
                    Diagnostic::error(e.span, "expected the real part of a complex number")
                        .with_hint("write complex numbers as `(1+2j)` or `complex(1.5, -0.0)`"),
                )
            }
        };
        Ok(if neg && value == 0.0 { -0.0 } else { value })
    }

    fn imag_part(&self, e: &Spanned<Expr>) -> Result<f64, Diagnostic> {
        match self.constant(e)? {
            Const::Complex(re, im) if re.abs() == 0.0 => Ok(im),
            _ => Err(
                Diagnostic::error(e.span, "expected the imaginary part of a complex number")
                    .with_hint("write complex numbers as `(1+2j)` or `complex(1.5, -0.0)`"),
            ),
        }
    }

    fn complex_sum(
        &self,
        a: &Spanned<Expr>,
        op: char,
        b: &Spanned<Expr>,
        span: Span,
    ) -> Result<Const, Diagnostic> {
        let re = self.real_part(a)?;
        let im = self.imag_part(b)?;
        match op {
            '+' => Ok(Const::Complex(re, im)),
            '-' => Ok(Const::Complex(re, -im)),
            _ => Err(Diagnostic::error(span, format!("`{op}` in a constant"))
                .with_hint("only complex literals such as `(1+2j)` may use `+` and `-`")),
        }
    }

    fn call(&self, f: &str, args: &[Spanned<Expr>], span: Span) -> Result<Const, Diagnostic> {
        let arity = |n: usize| -> Result<(), Diagnostic> {
            if args.len() == n {
                Ok(())
            } else {
                Err(Diagnostic::error(
                    span,
                    format!("`{f}(...)` takes {n} argument(s), found {}", args.len()),
                ))
            }
        };
        Ok(match f {
            "frozenset" | "set" => {
                let items = match args {
                    [] => Vec::new(),
                    [one] => match &one.node {
                        Expr::Set(items) | Expr::Tuple(items) | Expr::List(items) => {
                            self.all(items)?
                        }
                        _ => {
                            return Err(Diagnostic::error(
                                one.span,
                                format!("`{f}(...)` takes a set display: `{f}({{1, 2}})`"),
                            ))
                        }
                    },
                    _ => arity(1).map(|()| Vec::new())?,
                };
                if f == "set" {
                    Const::Set(items)
                } else {
                    Const::FrozenSet(items)
                }
            }
            "slice" => {
                arity(3)?;
                Const::Slice(Box::new([
                    self.constant(&args[0])?,
                    self.constant(&args[1])?,
                    self.constant(&args[2])?,
                ]))
            }
            "complex" => {
                arity(2)?;
                let part = |e: &Spanned<Expr>| -> Result<f64, Diagnostic> {
                    match self.constant(e)? {
                        Const::Float(x) => Ok(x),
                        Const::Int(i) => Ok(i.to_f64().unwrap_or(f64::INFINITY)),
                        _ => Err(Diagnostic::error(e.span, "expected a real number")),
                    }
                };
                Const::Complex(part(&args[0])?, part(&args[1])?)
            }
            "float.frombits" => {
                arity(1)?;
                let bits = match &args[0].node {
                    Expr::Int(i) => i.to_u64(),
                    Expr::Raw(r) => Some(*r),
                    _ => None,
                };
                match bits {
                    Some(b) => Const::Float(f64::from_bits(b)),
                    None => {
                        return Err(Diagnostic::error(
                            args[0].span,
                            "`float.frombits` takes a 64-bit unsigned integer",
                        ))
                    }
                }
            }
            _ => {
                return Err(
                    Diagnostic::error(span, format!("`{f}(...)` is not a constant")).with_hint(
                        "constant calls are `frozenset(...)`, `set()`, `slice(a, b, c)`, \
                         `complex(re, im)` and `float.frombits(N)`",
                    ),
                )
            }
        })
    }
}
