//! Instruction operands by the opcode's operand kind (`docs/language.md`,
//! "Instructions"; encodings from pyc-formats §10).
//!
//! The first pass turns the written operands into an [`ArgSpec`]: a final number for
//! comparisons, operators and intrinsics, or a symbol (constant, name, local, label)
//! whose index is known once the block's tables are.

use crate::asm::ast::{Expr, Span, Spanned};
use crate::code::{Const, PyStr};
use crate::diag::Diagnostic;
use crate::opcode::{OpInfo, Operand};
use crate::version::Version;

use super::constants::{describe, text, ConstCtx};

/// An operand before the block's tables are known.
#[derive(Debug, Clone)]
pub enum ArgSpec {
    /// A final argument.
    Value(u32),
    /// A jump to a label.
    Label(String, Span),
    /// A `co_consts` index.
    Const(Const, Span),
    /// A `co_names` index, shifted left by `shift`, or-ed with `bits`.
    Name {
        /// The name.
        name: PyStr,
        /// Where.
        span: Span,
        /// Shift of the index.
        shift: u32,
        /// Flag bits below it.
        bits: u32,
    },
    /// A local variable (`co_varnames`; 3.11+ localsplus).
    Local(PyStr, Span),
    /// A cell or free variable (up to 3.10 `cellvars + freevars`; 3.11+ localsplus).
    Free(PyStr, Span),
    /// Two locals packed as `first << 4 | second` (3.13+).
    LocalPair(PyStr, Span, PyStr, Span),
    /// A raw index into a table, checked against it once known: the table (`Const`,
    /// `Name`, `Local` or `Free`), the raw argument and the index within it.
    RawIndex(Operand, u32, u32, Span),
}

/// How the operand kind is written, for "missing operand" hints.
pub fn kind_hint(op: &OpInfo) -> String {
    let n = op.name;
    match op.operand {
        Operand::Const => format!("a constant: `{n} 'text'`"),
        Operand::Name => format!("a name: `{n} print`"),
        Operand::NameNullBit => format!("a name, then `null` to push NULL: `{n} len null`"),
        Operand::NameMethodBit => format!("a name, then `method` for a method load: `{n} append`"),
        Operand::NameSuperAttr => format!("a name, then `method` and/or `twoarg`: `{n} __init__`"),
        Operand::Local => format!("a local variable: `{n} x`"),
        Operand::LocalPair => format!("two local variables: `{n} a, b`"),
        Operand::Free => format!("a cell or free variable: `{n} x`"),
        Operand::Compare => format!("a comparison operator: `{n} <`"),
        Operand::BinaryOp => format!("an operator symbol: `{n} +`"),
        Operand::Jump => format!("a label: `{n} L1`"),
        Operand::Intrinsic1 | Operand::Intrinsic2 => {
            format!("an intrinsic's name: `{n} INTRINSIC_PRINT`")
        }
        Operand::CommonConstant | Operand::SpecialMethod => {
            format!("a name as `dis` prints it: `{n} ...`")
        }
        Operand::SmallInt | Operand::Number | Operand::None => format!("a number: `{n} 1`"),
    }
}

/// How many operands the kind takes at most.
fn max_operands(kind: Operand) -> usize {
    match kind {
        Operand::None => 0,
        Operand::NameNullBit | Operand::NameMethodBit | Operand::LocalPair => 2,
        Operand::NameSuperAttr => 3,
        // Multi-word comparisons: `not in`, `is not`, `exception match`.
        Operand::Compare => 2,
        _ => 1,
    }
}

/// An identifier or string, as a name.
pub fn name_of(e: &Spanned<Expr>) -> Result<PyStr, Diagnostic> {
    match &e.node {
        Expr::Ident(s) => Ok(PyStr::from(s.as_str())),
        Expr::Str(points, _) => Ok(text(points)),
        other => Err(Diagnostic::error(
            e.span,
            format!("expected a name, found {}", describe(other)),
        )
        .with_label("not a name")
        .with_hint("names are identifiers, or strings for other text (`'<locals>'`)")),
    }
}

fn keyword(e: &Spanned<Expr>) -> Option<&str> {
    match &e.node {
        Expr::Ident(s) => Some(s),
        _ => None,
    }
}

/// A non-negative number that fits an argument.
pub fn number(e: &Spanned<Expr>) -> Result<u32, Diagnostic> {
    let out_of_range = || {
        Diagnostic::error(e.span, "number out of range").with_label("arguments are 0 to 4294967295")
    };
    match &e.node {
        Expr::Int(i) | Expr::Long(i) => u32::try_from(i).map_err(|_| out_of_range()),
        Expr::Raw(r) => u32::try_from(*r).map_err(|_| out_of_range()),
        Expr::Neg(_) => Err(out_of_range()),
        other => Err(Diagnostic::error(
            e.span,
            format!("expected a number, found {}", describe(other)),
        )
        .with_label("not a number")),
    }
}

/// The context the first pass needs.
pub struct OperandCtx<'a> {
    /// The target version.
    pub version: Version,
    /// Constants (code blocks).
    pub consts: &'a ConstCtx<'a>,
}

impl OperandCtx<'_> {
    /// Resolve the operands of an instruction with opcode `op`; `at` is the opcode's
    /// span (for "missing operand").
    pub fn resolve(
        &self,
        op: &OpInfo,
        operands: &[Spanned<Expr>],
        at: Span,
    ) -> Result<ArgSpec, Diagnostic> {
        let kind = if op.has_arg {
            op.operand
        } else {
            Operand::None
        };
        // `#N` is the raw argument of any opcode (wordcode keeps even an ignored one).
        if let [e @ Spanned {
            node: Expr::Raw(r), ..
        }] = operands
        {
            let v = u32::try_from(*r).map_err(|_| {
                Diagnostic::error(e.span, "raw argument out of range")
                    .with_label("arguments are 0 to 4294967295")
            })?;
            if !op.has_arg && !self.version.is_wordcode() {
                return Err(Diagnostic::error(
                    e.span,
                    format!("`{}` takes no argument in 2.7", op.name),
                ));
            }
            return Ok(match kind {
                Operand::Const | Operand::Name | Operand::Local | Operand::Free => {
                    ArgSpec::RawIndex(kind, v, v, e.span)
                }
                Operand::NameNullBit | Operand::NameMethodBit => {
                    ArgSpec::RawIndex(Operand::Name, v, v >> 1, e.span)
                }
                Operand::NameSuperAttr => ArgSpec::RawIndex(Operand::Name, v, v >> 2, e.span),
                _ => ArgSpec::Value(v),
            });
        }
        if let Some(extra) = operands.get(max_operands(kind)) {
            let msg = if kind == Operand::None {
                format!("`{}` takes no operand", op.name)
            } else {
                format!("too many operands for `{}`", op.name)
            };
            return Err(Diagnostic::error(extra.span, msg)
                .with_label("extra operand")
                .with_hint(if kind == Operand::None {
                    "write a raw argument as `#N` if you need one".to_string()
                } else {
                    format!("`{}` takes {}", op.name, kind_hint(op))
                }));
        }
        let Some(first) = operands.first() else {
            if kind == Operand::None {
                return Ok(ArgSpec::Value(0));
            }
            return Err(
                Diagnostic::error(at, format!("`{}` needs an operand", op.name))
                    .with_label("missing operand")
                    .with_hint(format!("`{}` takes {}", op.name, kind_hint(op))),
            );
        };
        let rest = &operands[1..];
        Ok(match kind {
            Operand::None => ArgSpec::Value(0),
            Operand::Number => ArgSpec::Value(number(first)?),
            Operand::SmallInt => ArgSpec::Value(number(first)?),
            Operand::Const => ArgSpec::Const(self.consts.constant(first)?, first.span),
            Operand::Name => self.name(first, 0, 0)?,
            Operand::NameNullBit => self.name(first, 1, self.flags(rest, &["null"])?)?,
            Operand::NameMethodBit => self.name(first, 1, self.flags(rest, &["method"])?)?,
            Operand::NameSuperAttr => {
                self.name(first, 2, self.flags(rest, &["method", "twoarg"])?)?
            }
            Operand::Local => ArgSpec::Local(name_of(first)?, first.span),
            Operand::Free => ArgSpec::Free(name_of(first)?, first.span),
            Operand::LocalPair => {
                let Some(second) = rest.first() else {
                    return Err(Diagnostic::error(
                        first.span,
                        format!("`{}` needs two local variables", op.name),
                    )
                    .with_hint(kind_hint(op)));
                };
                ArgSpec::LocalPair(name_of(first)?, first.span, name_of(second)?, second.span)
            }
            Operand::Jump => match &first.node {
                Expr::Ident(l) => ArgSpec::Label(l.clone(), first.span),
                other => {
                    return Err(Diagnostic::error(
                        first.span,
                        format!("expected a label, found {}", describe(other)),
                    )
                    .with_label("not a label")
                    .with_hint(format!(
                        "`{}` takes {}",
                        op.name,
                        kind_hint(op)
                    )))
                }
            },
            Operand::Compare => ArgSpec::Value(self.compare(operands)?),
            Operand::BinaryOp => {
                let table = self.version.opcodes().binary_ops;
                ArgSpec::Value(self.symbol(first, table, "binary operator")?)
            }
            Operand::Intrinsic1 => {
                let table = self.version.opcodes().intrinsic1;
                ArgSpec::Value(self.symbol(first, table, "intrinsic")?)
            }
            Operand::Intrinsic2 => {
                let table = self.version.opcodes().intrinsic2;
                ArgSpec::Value(self.symbol(first, table, "intrinsic")?)
            }
            Operand::CommonConstant => {
                let table = self.version.opcodes().common_constants;
                ArgSpec::Value(self.symbol(first, table, "common constant")?)
            }
            Operand::SpecialMethod => {
                let table = self.version.opcodes().special_methods;
                ArgSpec::Value(self.symbol(first, table, "special method")?)
            }
        })
    }

    fn name(&self, e: &Spanned<Expr>, shift: u32, bits: u32) -> Result<ArgSpec, Diagnostic> {
        Ok(ArgSpec::Name {
            name: name_of(e)?,
            span: e.span,
            shift,
            bits,
        })
    }

    /// Flag words after a name: bit `i` for `words[i]`.
    fn flags(&self, rest: &[Spanned<Expr>], words: &[&str]) -> Result<u32, Diagnostic> {
        let mut bits = 0;
        for e in rest {
            match keyword(e).and_then(|k| words.iter().position(|w| *w == k)) {
                Some(i) => bits |= 1 << i,
                None => {
                    let list = words
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    return Err(Diagnostic::error(e.span, format!("expected {list}"))
                        .with_label("unknown flag"));
                }
            }
        }
        // LOAD_SUPER_ATTR: `method` is bit 0, `twoarg` bit 1, as the words are listed.
        Ok(bits)
    }

    /// An operand written as a symbol or name from one of the version's tables.
    fn symbol(&self, e: &Spanned<Expr>, table: &[&str], what: &str) -> Result<u32, Diagnostic> {
        let written = match &e.node {
            Expr::Op(s) | Expr::Ident(s) => s.clone(),
            Expr::Str(points, _) => text(points).to_string(),
            Expr::List(items) if items.is_empty() => "[]".to_string(),
            other => {
                return Err(Diagnostic::error(
                    e.span,
                    format!("expected a {what}, found {}", describe(other)),
                ))
            }
        };
        match table.iter().position(|s| *s == written) {
            Some(i) => Ok(i as u32),
            None => {
                let mut d = Diagnostic::error(
                    e.span,
                    format!("unknown {what} `{written}` in {}", self.version),
                );
                if let Some(near) = super::suggest::nearest(&written, table.iter().copied()) {
                    d = d.with_hint(format!("did you mean `{near}`?"));
                } else if !table.is_empty() {
                    d = d.with_hint(format!("one of: {}", table.join(" ")));
                }
                Err(d)
            }
        }
    }

    /// `COMPARE_OP`'s argument (pyc-formats §10.4).
    fn compare(&self, operands: &[Spanned<Expr>]) -> Result<u32, Diagnostic> {
        let v = self.version;
        let span = operands
            .iter()
            .map(|e| e.span)
            .reduce(Span::to)
            .unwrap_or_default();
        let (written, coerce) = match operands {
            [Spanned {
                node: Expr::Call(f, args),
                ..
            }] if f == "bool" && args.len() == 1 => (word(&args[0]), true),
            _ => (
                operands
                    .iter()
                    .map(word)
                    .collect::<Option<Vec<_>>>()
                    .map(|w| w.join(" ")),
                false,
            ),
        };
        let Some(written) = written else {
            return Err(Diagnostic::error(span, "expected a comparison operator")
                .with_hint("`<` `<=` `==` `!=` `>` `>=`"));
        };
        let table = v.opcodes().cmp_op;
        let Some(index) = table.iter().position(|s| *s == written) else {
            let mut d = Diagnostic::error(span, format!("unknown comparison `{written}` in {v}"));
            d = match written.as_str() {
                "in" | "not in" => d.with_hint("from 3.9 use CONTAINS_OP"),
                "is" | "is not" => d.with_hint("from 3.9 use IS_OP"),
                _ => d.with_hint(format!("one of: {}", table.join(" "))),
            };
            return Err(d);
        };
        let index = index as u32;
        if coerce && v < Version::V3_13 {
            return Err(Diagnostic::error(
                span,
                format!("`bool(...)` comparisons are 3.13+, not {v}"),
            ));
        }
        // The outcomes that make the comparison true: 1 unordered, 2 less, 4 greater,
        // 8 equal (`Objects/object.c` `_Py_CMP_*` masks).
        let mask = [2, 10, 8, 7, 4, 12]
            .get(index as usize)
            .copied()
            .unwrap_or(0);
        Ok(match v {
            Version::V3_12 => (index << 4) | mask,
            v if v >= Version::V3_13 => (index << 5) | if coerce { 0x10 } else { 0 } | mask,
            _ => index,
        })
    }
}

fn word(e: &Spanned<Expr>) -> Option<String> {
    match &e.node {
        Expr::Op(s) | Expr::Ident(s) => Some(s.clone()),
        Expr::Str(points, _) => Some(text(points).to_string()),
        _ => None,
    }
}
