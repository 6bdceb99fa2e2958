//! A small stand-in for `pycasm::asm::parse` while the real parser is being written on
//! its own branch: enough of `docs/language.md` for the test files here. Test code
//! only; replace its one call with the real parser once that is merged.
#![allow(clippy::type_complexity)]

use num_bigint::BigInt;
use pycasm::asm::ast::*;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Int(BigInt),
    Long(BigInt),
    Float(f64),
    Imag(f64),
    Str(Vec<u32>, StrPrefix),
    Bytes(Vec<u8>),
    CodeRef(String),
    Raw(u64),
    Op(String),
    Punct(char),
    Ellipsis,
}

fn lex(line: &str, base: usize) -> Vec<(Tok, Span)> {
    let b: Vec<char> = line.chars().collect();
    let byte_at = |i: usize| base + b[..i].iter().map(|c| c.len_utf8()).sum::<usize>();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == ';' {
            break;
        }
        let tok = if c == '.' && b.get(i + 1) == Some(&'.') && b.get(i + 2) == Some(&'.') {
            i += 3;
            Tok::Ellipsis
        } else if c.is_ascii_digit()
            || (c == '.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == '.'
                    || b[i] == '_'
                    || ((b[i] == '+' || b[i] == '-')
                        && matches!(b[i - 1], 'e' | 'E')
                        && !b[start..i].contains(&'x')))
            {
                i += 1;
            }
            let t: String = b[start..i].iter().collect();
            number(&t)
        } else if c == '@' {
            i += 1;
            while i < b.len() && !b[i].is_whitespace() && !",)]};".contains(b[i]) {
                i += 1;
            }
            Tok::CodeRef(b[start + 1..i].iter().collect())
        } else if c == '#' {
            i += 1;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let t: String = b[start + 1..i].iter().collect();
            let v = match t.strip_prefix("0x") {
                Some(h) => u64::from_str_radix(h, 16),
                None => t.parse(),
            };
            Tok::Raw(v.unwrap_or(u64::MAX))
        } else if c.is_alphabetic() || c == '_' {
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '.') {
                i += 1;
            }
            let w: String = b[start..i].iter().collect();
            if i < b.len()
                && (b[i] == '\'' || b[i] == '"')
                && w.len() <= 2
                && w.chars().all(|c| "bBuUrR".contains(c))
            {
                let prefix = if w.to_lowercase().contains('b') {
                    StrPrefix::Bytes
                } else if w.to_lowercase().contains('u') {
                    StrPrefix::Unicode
                } else {
                    StrPrefix::Plain
                };
                let raw = w.to_lowercase().contains('r');
                let (points, next) = string(&b, i, raw);
                i = next;
                if prefix == StrPrefix::Bytes {
                    Tok::Bytes(points.iter().map(|&p| p as u8).collect())
                } else {
                    Tok::Str(points, prefix)
                }
            } else {
                Tok::Word(w)
            }
        } else if c == '\'' || c == '"' {
            let (points, next) = string(&b, i, false);
            i = next;
            Tok::Str(points, StrPrefix::Plain)
        } else if "(),{}:".contains(c) {
            i += 1;
            Tok::Punct(c)
        } else if c == '[' {
            if b.get(i + 1) == Some(&']') {
                i += 2;
                Tok::Op("[]".into())
            } else {
                i += 1;
                Tok::Punct('[')
            }
        } else if c == ']' {
            i += 1;
            Tok::Punct(']')
        } else {
            while i < b.len() && "<>=!+-*/%&|^@~".contains(b[i]) {
                i += 1;
                if i - start >= 3 {
                    break;
                }
            }
            if i == start {
                i += 1;
            }
            Tok::Op(b[start..i].iter().collect())
        };
        out.push((tok, Span::new(byte_at(start), byte_at(i))));
    }
    out
}

fn number(t: &str) -> Tok {
    let clean = t.replace('_', "");
    if let Some(h) = clean
        .strip_prefix("0x")
        .or_else(|| clean.strip_prefix("0X"))
    {
        return Tok::Int(BigInt::parse_bytes(h.as_bytes(), 16).unwrap_or_default());
    }
    if let Some(l) = clean.strip_suffix('L') {
        return Tok::Long(l.parse().unwrap_or_default());
    }
    if let Some(j) = clean.strip_suffix('j') {
        return Tok::Imag(j.parse().unwrap_or(0.0));
    }
    if clean.contains(['.', 'e', 'E']) {
        return Tok::Float(clean.parse().unwrap_or(0.0));
    }
    Tok::Int(clean.parse().unwrap_or_default())
}

fn string(b: &[char], start: usize, raw: bool) -> (Vec<u32>, usize) {
    let q = b[start];
    let mut i = start + 1;
    let mut out = Vec::new();
    while i < b.len() && b[i] != q {
        if b[i] == '\\' && !raw && i + 1 < b.len() {
            i += 1;
            let e = b[i];
            let hexn = |n: usize, i: usize| -> u32 {
                u32::from_str_radix(
                    &b[i + 1..(i + 1 + n).min(b.len())]
                        .iter()
                        .collect::<String>(),
                    16,
                )
                .unwrap_or(0)
            };
            match e {
                'n' => out.push(10),
                't' => out.push(9),
                'r' => out.push(13),
                '0'..='7' => {
                    let mut v = 0;
                    let mut k = 0;
                    while k < 3 && i < b.len() && ('0'..='7').contains(&b[i]) {
                        v = v * 8 + b[i].to_digit(8).unwrap_or(0);
                        i += 1;
                        k += 1;
                    }
                    out.push(v);
                    continue;
                }
                'x' => {
                    out.push(hexn(2, i));
                    i += 2;
                }
                'u' => {
                    out.push(hexn(4, i));
                    i += 4;
                }
                'U' => {
                    out.push(hexn(8, i));
                    i += 8;
                }
                other => out.push(other as u32),
            }
            i += 1;
        } else {
            out.push(b[i] as u32);
            i += 1;
        }
    }
    (out, i + 1)
}

struct P {
    toks: Vec<(Tok, Span)>,
    i: usize,
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.0)
    }
    fn span(&self) -> Span {
        self.toks.get(self.i).map_or(Span::default(), |t| t.1)
    }
    fn prev_end(&self) -> u32 {
        self.toks.get(self.i.wrapping_sub(1)).map_or(0, |t| t.1.end)
    }

    fn seq(&mut self, close: char) -> (Vec<Spanned<Expr>>, bool) {
        let mut items = Vec::new();
        let mut comma = false;
        while self.peek().is_some() && self.peek() != Some(&Tok::Punct(close)) {
            items.push(self.expr());
            if self.peek() == Some(&Tok::Punct(',')) {
                comma = true;
                self.i += 1;
            }
        }
        self.i += 1;
        (items, comma)
    }

    fn expr(&mut self) -> Spanned<Expr> {
        let start = self.span();
        let Some((tok, _)) = self.toks.get(self.i).cloned() else {
            return Spanned::new(Expr::Ellipsis, start);
        };
        self.i += 1;
        let node = match tok {
            Tok::Word(w) => {
                if self.peek() == Some(&Tok::Punct('(')) && self.span().start == start.end {
                    self.i += 1;
                    let (args, _) = self.seq(')');
                    Expr::Call(w, args)
                } else {
                    Expr::Ident(w)
                }
            }
            Tok::Int(n) => Expr::Int(n),
            Tok::Long(n) => Expr::Long(n),
            Tok::Float(f) => Expr::Float(f),
            Tok::Imag(f) => Expr::Imag(f),
            Tok::Str(p, pre) => Expr::Str(p, pre),
            Tok::Bytes(b) => Expr::Bytes(b),
            Tok::CodeRef(n) => Expr::CodeRef(n),
            Tok::Raw(r) => Expr::Raw(r),
            Tok::Ellipsis => Expr::Ellipsis,
            Tok::Op(o)
                if o == "-"
                    && matches!(
                        self.peek(),
                        Some(
                            Tok::Int(_)
                                | Tok::Float(_)
                                | Tok::Imag(_)
                                | Tok::Long(_)
                                | Tok::Word(_)
                        )
                    )
                    && self.span().start == start.end =>
            {
                let inner = self.expr();
                Expr::Neg(Box::new(inner))
            }
            Tok::Op(o) => Expr::Op(o),
            Tok::Punct('(') => {
                let (mut items, comma) = self.seq(')');
                if items.len() == 3 && !comma {
                    if let Expr::Op(op) = &items[1].node {
                        if op == "+" || op == "-" {
                            let c = op.chars().next().unwrap_or('+');
                            let b = items.pop().expect("3");
                            items.pop();
                            let a = items.pop().expect("3");
                            return Spanned::new(
                                Expr::BinOp(Box::new(a), c, Box::new(b)),
                                Span::new(start.start as usize, self.prev_end() as usize),
                            );
                        }
                    }
                }
                if items.len() == 1 && !comma {
                    let e = items.pop().expect("1");
                    return Spanned::new(
                        e.node,
                        Span::new(start.start as usize, self.prev_end() as usize),
                    );
                }
                Expr::Tuple(items)
            }
            Tok::Punct('[') => Expr::List(self.seq(']').0),
            Tok::Punct('{') => {
                let mut items = Vec::new();
                let mut pairs = Vec::new();
                while self.peek().is_some() && self.peek() != Some(&Tok::Punct('}')) {
                    let k = self.expr();
                    if self.peek() == Some(&Tok::Punct(':')) {
                        self.i += 1;
                        pairs.push((k, self.expr()));
                    } else {
                        items.push(k);
                    }
                    if self.peek() == Some(&Tok::Punct(',')) {
                        self.i += 1;
                    }
                }
                self.i += 1;
                if pairs.is_empty() && !items.is_empty() {
                    Expr::Set(items)
                } else {
                    Expr::Dict(pairs)
                }
            }
            Tok::Punct(c) => Expr::Op(c.to_string()),
        };
        Spanned::new(
            node,
            Span::new(start.start as usize, self.prev_end() as usize),
        )
    }

    /// Operands, `A|B` flags joined, `[k=v]` options split off.
    fn operands(&mut self) -> (Vec<Spanned<Expr>>, Vec<Spanned<(String, Spanned<Expr>)>>) {
        let mut ops: Vec<Spanned<Expr>> = Vec::new();
        let mut opts = Vec::new();
        while let Some(t) = self.peek().cloned() {
            if t == Tok::Punct(',') {
                self.i += 1;
                continue;
            }
            if t == Tok::Punct('[') {
                if let Some((Tok::Word(_), _)) = self.toks.get(self.i + 1) {
                    if let Some((Tok::Op(eq), _)) = self.toks.get(self.i + 2) {
                        if eq == "=" {
                            self.i += 1;
                            while let Some(Tok::Word(k)) = self.peek().cloned() {
                                let ks = self.span();
                                self.i += 2;
                                let v = self.expr();
                                let sp = ks.to(v.span);
                                opts.push(Spanned::new((k, v), sp));
                                if self.peek() == Some(&Tok::Punct(',')) {
                                    self.i += 1;
                                }
                            }
                            self.i += 1;
                            continue;
                        }
                    }
                }
            }
            let e = self.expr();
            if let (Some(last), Expr::Op(o)) = (ops.last(), &e.node) {
                if o == "|" && !matches!(last.node, Expr::Op(_)) {
                    let left = match &last.node {
                        Expr::Ident(w) => vec![w.clone()],
                        Expr::Int(n) => vec![format!("{n}")],
                        Expr::Flags(v) => v.clone(),
                        _ => vec![],
                    };
                    let right = self.expr();
                    let rw = match &right.node {
                        Expr::Ident(w) => w.clone(),
                        Expr::Int(n) => format!("{n}"),
                        _ => String::new(),
                    };
                    let last = ops.pop().expect("last");
                    let mut v = left;
                    v.push(rw);
                    ops.push(Spanned::new(Expr::Flags(v), last.span.to(right.span)));
                    continue;
                }
            }
            ops.push(e);
        }
        (ops, opts)
    }
}

fn position(text: &str) -> Option<PosSpec> {
    if text == "-" {
        return Some(PosSpec::None);
    }
    let (lines, cols) = match text.split_once(':') {
        Some((l, c)) => (l, Some(c)),
        None => (text, None),
    };
    let (l0, l1) = match lines.split_once('-') {
        Some((a, b)) => (a.parse().ok()?, Some(b.parse().ok()?)),
        None => (lines.parse().ok()?, None),
    };
    let cols = match cols {
        Some(c) => {
            let (a, b) = c.split_once('-')?;
            let p = |s: &str| {
                if s == "?" {
                    Some(None)
                } else {
                    s.parse().ok().map(Some)
                }
            };
            Some((p(a)?, p(b)?))
        }
        None => None,
    };
    Some(PosSpec::At {
        line: l0,
        end_line: l1,
        cols,
    })
}

/// Parse a file.
pub fn parse(src: &str) -> File {
    let mut items = Vec::new();
    let mut block: Option<CodeBlock> = None;
    let mut base = 0;
    for line in src.split_inclusive('\n') {
        let here = base;
        base += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim_start();
        let indent = text.len() - trimmed.len();
        let code_part = trimmed.split(';').next().unwrap_or("").trim_end();
        if code_part.is_empty() {
            continue;
        }
        let line_span = Span::new(here + indent, here + indent + code_part.len());
        if let Some(rest) = code_part.strip_prefix('.') {
            let name_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let name = &rest[..name_len];
            let name_span = Span::new(here + indent, here + indent + 1 + name_len);
            if name == "code" {
                let n = rest[name_len..].trim().trim_start_matches('@').to_string();
                block = Some(CodeBlock {
                    name: Spanned::new(n, line_span),
                    body: Vec::new(),
                    span: line_span,
                });
                continue;
            }
            if name == "end" {
                if let Some(b) = block.take() {
                    items.push(Item::Code(b));
                }
                continue;
            }
            let mut p = P {
                toks: lex(&rest[name_len..], here + indent + 1 + name_len),
                i: 0,
            };
            let (args, _) = p.operands();
            let d = Directive {
                name: Spanned::new(name.to_string(), name_span),
                args,
                span: line_span,
            };
            match &mut block {
                Some(b) => b.body.push(Stmt::Directive(d)),
                None => items.push(Item::Directive(d)),
            }
            continue;
        }
        let Some(b) = block.as_mut() else { continue };
        let mut p = P {
            toks: lex(code_part, here + indent),
            i: 0,
        };
        // `label:`
        if let (Some((Tok::Word(w), s)), Some((Tok::Punct(':'), _))) =
            (p.toks.first().cloned(), p.toks.get(1))
        {
            if !w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                b.body.push(Stmt::Label(Spanned::new(w, s)));
                p.i = 2;
                if p.peek().is_none() {
                    continue;
                }
            }
        }
        // Position prefix: the text up to the first space, if it is one.
        let mut pos = None;
        let rest_start = p.span().start as usize - here;
        let rest = &line[rest_start..];
        let first = rest.split_whitespace().next().unwrap_or("");
        if first.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            if let Some(ps) = position(first) {
                let sp = Span::new(here + rest_start, here + rest_start + first.len());
                pos = Some(Spanned::new(ps, sp));
                while p.peek().is_some() && p.span().end <= sp.end {
                    p.i += 1;
                }
            }
        }
        let op_span = p.span();
        let op = match p.peek().cloned() {
            Some(Tok::Word(w)) => OpName::Name(w),
            Some(Tok::Raw(r)) => OpName::Raw(r),
            _ => OpName::Name(String::new()),
        };
        p.i += 1;
        let (operands, options) = p.operands();
        b.body.push(Stmt::Instr(Instr {
            position: pos,
            op: Spanned::new(op, op_span),
            operands,
            options,
            span: Span::new(op_span.start as usize, line_span.end as usize),
        }));
    }
    if let Some(b) = block {
        items.push(Item::Code(b));
    }
    File { items }
}
