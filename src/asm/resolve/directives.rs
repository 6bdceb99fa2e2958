//! The directives of a code block (`docs/language.md`, "Code blocks") and `.flags`.

use crate::asm::ast::{Directive, Expr, Span, Spanned};
use crate::code::{Const, PyStr};
use crate::diag::Diagnostic;
use crate::version::Version;

use super::constants::{describe, ConstCtx};
use super::operands::name_of;
use super::suggest::nearest;

/// The directives of one block, as written.
#[derive(Debug, Default)]
pub struct BlockDirs {
    pub name: Option<PyStr>,
    pub qualname: Option<PyStr>,
    pub filename: Option<PyStr>,
    pub firstlineno: Option<i32>,
    pub args: Option<u32>,
    pub posonly: Option<u32>,
    pub kwonly: Option<u32>,
    pub flags: Option<u32>,
    pub stacksize: Option<u32>,
    pub nlocals: Option<u32>,
    pub varnames: Option<Vec<PyStr>>,
    pub cellvars: Option<Vec<PyStr>>,
    pub freevars: Option<Vec<PyStr>>,
    pub localsplus: Option<Vec<(PyStr, u8)>>,
    pub consts: Option<(Vec<Const>, Span)>,
    pub names: Option<(Vec<PyStr>, Span)>,
    pub linetable: Option<(Vec<u8>, Span)>,
    pub exceptiontable: Option<(Vec<u8>, Span)>,
    /// `.except` entries, in table order.
    pub excepts: Vec<ExceptDir>,
}

/// `.except START END -> HANDLER depth N [lasti]`
#[derive(Debug)]
pub struct ExceptDir {
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub handler: Spanned<String>,
    pub depth: u32,
    pub lasti: bool,
    pub span: Span,
}

/// Every directive a block may hold (for suggestions).
const BLOCK_DIRECTIVES: &[&str] = &[
    "name",
    "qualname",
    "filename",
    "firstlineno",
    "args",
    "posonly",
    "kwonly",
    "flags",
    "stacksize",
    "nlocals",
    "varnames",
    "cellvars",
    "freevars",
    "localsplus",
    "consts",
    "names",
    "linetable",
    "exceptiontable",
    "except",
];

fn one(d: &Directive) -> Result<&Spanned<Expr>, Diagnostic> {
    match d.args.as_slice() {
        [a] => Ok(a),
        [] => Err(Diagnostic::error(
            d.span,
            format!("`.{}` needs a value", d.name.node),
        )),
        [_, extra, ..] => Err(Diagnostic::error(
            extra.span,
            format!("`.{}` takes one value", d.name.node),
        )
        .with_label("extra value")),
    }
}

fn count(d: &Directive) -> Result<u32, Diagnostic> {
    super::operands::number(one(d)?)
}

fn string(d: &Directive) -> Result<PyStr, Diagnostic> {
    name_of(one(d)?)
}

fn names(d: &Directive) -> Result<Vec<PyStr>, Diagnostic> {
    d.args.iter().map(name_of).collect()
}

/// Hex text (white space allowed) to bytes.
pub fn hex(e: &Spanned<Expr>) -> Result<Vec<u8>, Diagnostic> {
    let bad =
        || Diagnostic::error(e.span, "expected a string of hex digits").with_hint("`\"01ab\"`");
    let s: String = match &e.node {
        Expr::Str(points, _) => super::constants::text(points).to_string(),
        _ => return Err(bad()),
    };
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return Err(bad());
    }
    digits
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|t| u8::from_str_radix(t, 16).ok())
                .ok_or_else(bad)
        })
        .collect()
}

/// The bit of a `co_flags` name in `version`, if it has one (pyc-formats §9.1).
pub fn flag_bit(name: &str, version: Version) -> Option<u32> {
    let v3 = version >= Version::V3_6;
    let moved = version >= Version::V3_8;
    let future = |old: u32| Some(if moved { old << 4 } else { old });
    match name {
        "OPTIMIZED" => Some(0x1),
        "NEWLOCALS" => Some(0x2),
        "VARARGS" => Some(0x4),
        "VARKEYWORDS" => Some(0x8),
        "NESTED" => Some(0x10),
        "GENERATOR" => Some(0x20),
        "NOFREE" => Some(0x40),
        "COROUTINE" if v3 => Some(0x80),
        "ITERABLE_COROUTINE" if v3 => Some(0x100),
        "ASYNC_GENERATOR" if v3 => Some(0x200),
        "HAS_DOCSTRING" if version >= Version::V3_14 => Some(0x0400_0000),
        "METHOD" if version >= Version::V3_14 => Some(0x0800_0000),
        "FUTURE_DIVISION" => future(0x2000),
        "FUTURE_ABSOLUTE_IMPORT" => future(0x4000),
        "FUTURE_WITH_STATEMENT" => future(0x8000),
        "FUTURE_PRINT_FUNCTION" => future(0x10000),
        "FUTURE_UNICODE_LITERALS" => future(0x20000),
        "FUTURE_BARRY_AS_BDFL" if v3 => future(0x40000),
        "FUTURE_GENERATOR_STOP" if v3 => future(0x80000),
        "FUTURE_ANNOTATIONS" if version >= Version::V3_7 => future(0x100000),
        _ => None,
    }
}

const FLAG_NAMES: &[&str] = &[
    "OPTIMIZED",
    "NEWLOCALS",
    "VARARGS",
    "VARKEYWORDS",
    "NESTED",
    "GENERATOR",
    "NOFREE",
    "COROUTINE",
    "ITERABLE_COROUTINE",
    "ASYNC_GENERATOR",
    "HAS_DOCSTRING",
    "METHOD",
    "FUTURE_DIVISION",
    "FUTURE_ABSOLUTE_IMPORT",
    "FUTURE_WITH_STATEMENT",
    "FUTURE_PRINT_FUNCTION",
    "FUTURE_UNICODE_LITERALS",
    "FUTURE_BARRY_AS_BDFL",
    "FUTURE_GENERATOR_STOP",
    "FUTURE_ANNOTATIONS",
];

fn parse_number(s: &str) -> Option<u32> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

fn flag_word(word: &str, span: Span, version: Version) -> Result<u32, Diagnostic> {
    if let Some(n) = parse_number(word) {
        return Ok(n);
    }
    let word = word.strip_prefix("CO_").unwrap_or(word);
    if let Some(b) = flag_bit(word, version) {
        return Ok(b);
    }
    let mut d = Diagnostic::error(span, format!("unknown flag `{word}` in {version}"))
        .with_label("not a code flag");
    if FLAG_NAMES.contains(&word) {
        let have: Vec<String> = Version::ALL
            .iter()
            .filter(|v| flag_bit(word, **v).is_some())
            .map(|v| v.to_string())
            .collect();
        d = d.with_hint(format!("`{word}` exists in {}", have.join(", ")));
    } else if let Some(near) = nearest(word, FLAG_NAMES.iter().copied()) {
        d = d.with_hint(format!("did you mean `{near}`?"));
    }
    Err(d)
}

/// `.flags`: numbers and names joined by `|`.
pub fn flags(d: &Directive, version: Version) -> Result<u32, Diagnostic> {
    if d.args.is_empty() {
        return Err(Diagnostic::error(d.span, "`.flags` needs a value"));
    }
    let mut out = 0;
    for a in &d.args {
        out |= match &a.node {
            Expr::Int(_) | Expr::Raw(_) => super::operands::number(a)?,
            Expr::Ident(w) => flag_word(w, a.span, version)?,
            Expr::Flags(words) => {
                let mut bits = 0;
                for w in words {
                    bits |= flag_word(w, a.span, version)?;
                }
                bits
            }
            // `|` written between separate words.
            Expr::Op(o) if o == "|" => 0,
            other => {
                return Err(Diagnostic::error(
                    a.span,
                    format!("expected flag names, found {}", describe(other)),
                ))
            }
        };
    }
    Ok(out)
}

fn localsplus(d: &Directive) -> Result<Vec<(PyStr, u8)>, Diagnostic> {
    // Written `a:0x20 b:0x60`; accepted as name/number pairs however the parser
    // splits them (`a` `:` `0x20`, or a single string "a:0x20").
    let mut out = Vec::new();
    let mut pending: Option<PyStr> = None;
    for a in &d.args {
        match (&a.node, pending.take()) {
            (Expr::Int(_) | Expr::Raw(_), Some(name)) => {
                let k = super::operands::number(a)?;
                let kind = u8::try_from(k)
                    .map_err(|_| Diagnostic::error(a.span, "a kind is one byte (0 to 0xff)"))?;
                out.push((name, kind));
            }
            (Expr::Op(o), Some(name)) if o == ":" => pending = Some(name),
            // The parser's shape for `a:0x20`.
            (Expr::BinOp(name, ':', kind), None) => {
                let k = super::operands::number(kind)?;
                let kind = u8::try_from(k)
                    .map_err(|_| Diagnostic::error(a.span, "a kind is one byte (0 to 0xff)"))?;
                out.push((name_of(name)?, kind));
            }
            (_, None) => pending = Some(name_of(a)?),
            (_, Some(_)) => {
                return Err(Diagnostic::error(a.span, "expected `NAME:KIND`")
                    .with_hint("`.localsplus a:0x20 b:0x60`"))
            }
        }
    }
    if pending.is_some() {
        return Err(Diagnostic::error(d.span, "expected `NAME:KIND` pairs")
            .with_hint("`.localsplus a:0x20 b:0x60`"));
    }
    Ok(out)
}

fn label(e: &Spanned<Expr>) -> Result<Spanned<String>, Diagnostic> {
    match &e.node {
        Expr::Ident(l) => Ok(Spanned::new(l.clone(), e.span)),
        other => Err(Diagnostic::error(
            e.span,
            format!("expected a label, found {}", describe(other)),
        )),
    }
}

fn except(d: &Directive) -> Result<ExceptDir, Diagnostic> {
    let usage = || {
        Diagnostic::error(d.span, "malformed `.except`")
            .with_hint("`.except START END -> HANDLER depth N [lasti]`")
    };
    let args: Vec<&Spanned<Expr>> = d
        .args
        .iter()
        .filter(|a| !matches!(&a.node, Expr::Op(o) if o == "->"))
        .filter(|a| !matches!(&a.node, Expr::Ident(w) if w == "depth"))
        .collect();
    let (start, end, handler, depth, rest) = match args.as_slice() {
        [s, e, h, n, rest @ ..] => (s, e, h, n, rest),
        _ => return Err(usage()),
    };
    let lasti = match rest {
        [] => false,
        [w] if matches!(&w.node, Expr::Ident(x) if x == "lasti") => true,
        _ => return Err(usage()),
    };
    Ok(ExceptDir {
        start: label(start)?,
        end: label(end)?,
        handler: label(handler)?,
        depth: super::operands::number(depth)?,
        lasti,
        span: d.span,
    })
}

impl BlockDirs {
    /// Record one directive; `seen` finds duplicates.
    pub fn add(
        &mut self,
        d: &Directive,
        version: Version,
        consts: &ConstCtx<'_>,
        seen: &mut Vec<(String, Span)>,
    ) -> Result<(), Diagnostic> {
        let name = d.name.node.as_str();
        if name != "except" {
            if let Some((_, first)) = seen.iter().find(|(n, _)| n == name) {
                return Err(
                    Diagnostic::error(d.name.span, format!("duplicate `.{name}`"))
                        .with_secondary(*first, "first given here"),
                );
            }
            seen.push((name.to_string(), d.name.span));
        }
        let only = |min: Version, max: Version| -> Result<(), Diagnostic> {
            if version < min || version > max {
                let range = if max == Version::V3_14 {
                    format!("{min}+")
                } else if min == Version::V2_7 {
                    format!("up to {max}")
                } else {
                    format!("{min} to {max}")
                };
                Err(Diagnostic::error(
                    d.name.span,
                    format!("`.{name}` is for {range}, not {version}"),
                ))
            } else {
                Ok(())
            }
        };
        match name {
            "name" => self.name = Some(string(d)?),
            "qualname" => {
                only(Version::V3_11, Version::V3_14)?;
                self.qualname = Some(string(d)?)
            }
            "filename" => self.filename = Some(string(d)?),
            "firstlineno" => {
                let a = one(d)?;
                let n = match &a.node {
                    Expr::Neg(inner) => super::operands::number(inner).map(|x| -i64::from(x)),
                    _ => super::operands::number(a).map(i64::from),
                }?;
                self.firstlineno = Some(
                    i32::try_from(n).map_err(|_| Diagnostic::error(a.span, "line out of range"))?,
                );
            }
            "args" => self.args = Some(count(d)?),
            "posonly" => {
                only(Version::V3_8, Version::V3_14)?;
                self.posonly = Some(count(d)?)
            }
            "kwonly" => {
                only(Version::V3_6, Version::V3_14)?;
                self.kwonly = Some(count(d)?)
            }
            "flags" => self.flags = Some(flags(d, version)?),
            "stacksize" => self.stacksize = Some(count(d)?),
            "nlocals" => {
                only(Version::V2_7, Version::V3_10)?;
                self.nlocals = Some(count(d)?)
            }
            "varnames" => self.varnames = Some(names(d)?),
            "cellvars" => self.cellvars = Some(names(d)?),
            "freevars" => self.freevars = Some(names(d)?),
            "localsplus" => {
                only(Version::V3_11, Version::V3_14)?;
                self.localsplus = Some(localsplus(d)?)
            }
            "consts" => {
                let items = d
                    .args
                    .iter()
                    .map(|a| consts.constant(a))
                    .collect::<Result<_, _>>()?;
                self.consts = Some((items, d.span))
            }
            "names" => self.names = Some((names(d)?, d.span)),
            "linetable" => self.linetable = Some((hex(one(d)?)?, d.span)),
            "exceptiontable" => {
                only(Version::V3_11, Version::V3_14)?;
                self.exceptiontable = Some((hex(one(d)?)?, d.span))
            }
            "except" => {
                if !version.has_exception_table() {
                    return Err(Diagnostic::error(
                        d.name.span,
                        format!("`.except` is for 3.11+, not {version}"),
                    )
                    .with_hint("up to 3.10 handlers are set up by SETUP_FINALLY and friends"));
                }
                self.excepts.push(except(d)?)
            }
            other => {
                let mut e = Diagnostic::error(
                    d.name.span,
                    format!("unknown directive `.{other}` in a code block"),
                );
                if let Some(near) = nearest(other, BLOCK_DIRECTIVES.iter().copied()) {
                    e = e.with_hint(format!("did you mean `.{near}`?"));
                }
                return Err(e);
            }
        }
        Ok(())
    }
}
