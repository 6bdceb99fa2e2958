//! From grammar lines to AST nodes: range checks on positions, options apart from
//! operands, `- 7` joined into `Neg(7)` and `A|B|0x4` into `Flags`.

use num_bigint::BigInt;

use super::cst::{ArgItem, Elem, Item, RawDirective, RawInstr, RawPos};
use crate::asm::ast::{Directive, Expr, Instr, PosSpec, Span, Spanned};
use crate::diag::Diagnostic;

/// An instruction's `[key=value]` options.
pub type Options = Vec<Spanned<(String, Spanned<Expr>)>>;

/// Lowering context: the source (for the text of flag numbers) and the diagnostics.
pub struct Lower<'a> {
    /// The whole input.
    pub source: &'a str,
    /// Where problems go.
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Lower<'_> {
    /// A directive; options are not allowed.
    pub fn directive(&mut self, d: RawDirective) -> Directive {
        let (mut args, options) = self.items(d.args);
        if d.name.node == "version" {
            // `3.10` is not the float `3.1`: keep the text.
            for a in &mut args {
                if let (Expr::Float(_), Some(text)) = (&a.node, self.source.get(a.span.range())) {
                    a.node = Expr::Ident(text.to_string());
                }
            }
        }
        if let Some(first) = options.first() {
            self.diags.push(
                Diagnostic::error(first.span, "options are only allowed on instructions")
                    .with_hint("write a list with values only: `[1, 2]`"),
            );
        }
        Directive {
            name: d.name,
            args,
            span: d.span,
        }
    }

    /// An instruction.
    pub fn instr(&mut self, i: RawInstr) -> Instr {
        let position = i.pos.map(|p| self.position(p.node, p.span));
        let (operands, options) = self.items(i.args);
        Instr {
            position,
            op: i.op,
            operands,
            options,
            span: i.span,
        }
    }

    fn position(&mut self, pos: RawPos, span: Span) -> Spanned<PosSpec> {
        let node = match pos {
            RawPos::None => PosSpec::None,
            RawPos::At { line, end, cols } => PosSpec::At {
                line: self.line_no(&line),
                end_line: end.map(|e| self.line_no(&e)),
                cols: cols.map(|(a, b)| {
                    (
                        a.and_then(|c| self.column(&c)),
                        b.and_then(|c| self.column(&c)),
                    )
                }),
            },
        };
        Spanned::new(node, span)
    }

    fn line_no(&mut self, n: &Spanned<BigInt>) -> i64 {
        i64::try_from(&n.node).unwrap_or_else(|_| {
            self.diags.push(
                Diagnostic::error(n.span, "line number out of range")
                    .with_hint("line numbers fit in 64 bits"),
            );
            0
        })
    }

    fn column(&mut self, n: &Spanned<BigInt>) -> Option<u64> {
        match u64::try_from(&n.node) {
            Ok(c) => Some(c),
            Err(_) => {
                self.diags.push(
                    Diagnostic::error(n.span, "column number out of range")
                        .with_hint("columns fit in 64 bits; write `?` for an unknown column"),
                );
                None
            }
        }
    }

    /// Split a line's items into operands and options, then join signs and flags.
    fn items(&mut self, items: Vec<ArgItem>) -> (Vec<Spanned<Expr>>, Options) {
        let mut values: Vec<(Spanned<Expr>, bool)> = Vec::new();
        let mut options = Options::new();
        let mut reported = false;
        for ArgItem { item, comma_before } in items {
            if !options.is_empty() && !matches!(item, Item::Bracket(ref e, _) if is_options(e)) {
                if !reported {
                    reported = true;
                    let span = match &item {
                        Item::Expr(e) => e.span,
                        Item::Bracket(_, s) => *s,
                    };
                    self.diags.push(
                        Diagnostic::error(span, "operand after the options")
                            .with_hint("options `[key=value]` come last on the line"),
                    );
                }
                continue;
            }
            match item {
                Item::Expr(e) => values.push((e, comma_before)),
                Item::Bracket(elems, _) if is_options(&elems) => {
                    options.extend(elems.into_iter().filter_map(|e| match e {
                        Elem::Opt(k, v, s) => Some(Spanned::new((k.node, v), s)),
                        Elem::Expr(_) => None,
                    }));
                }
                Item::Bracket(elems, span) => {
                    let mut list = Vec::new();
                    for e in elems {
                        match e {
                            Elem::Expr(x) => list.push(x),
                            Elem::Opt(_, _, s) => self.diags.push(
                                Diagnostic::error(s, "`key=value` inside a list")
                                    .with_hint("options are all `key=value`: `[ext=1, cache=\"0000\"]`; a list holds values only"),
                            ),
                        }
                    }
                    values.push((Spanned::new(Expr::List(list), span), comma_before));
                }
            }
        }
        let values = join_flags(self.source, join_signs(values));
        (values.into_iter().map(|(e, _)| e).collect(), options)
    }
}

fn is_options(elems: &[Elem]) -> bool {
    !elems.is_empty() && elems.iter().all(|e| matches!(e, Elem::Opt(..)))
}

/// `-` followed by a number (no comma between) is a negative number.
fn join_signs(items: Vec<(Spanned<Expr>, bool)>) -> Vec<(Spanned<Expr>, bool)> {
    let mut out: Vec<(Spanned<Expr>, bool)> = Vec::with_capacity(items.len());
    for (e, comma) in items {
        let joins =
            !comma && is_number(&e.node) && matches!(out.last(), Some((m, _)) if is_op(m, "-"));
        match out.last_mut() {
            Some(last) if joins => {
                let span = last.0.span.to(e.span);
                last.0 = Spanned::new(Expr::Neg(Box::new(e)), span);
            }
            _ => out.push((e, comma)),
        }
    }
    out
}

/// `A | B | 0x4` (no commas) is one `Flags` item; numbers keep their text.
fn join_flags(source: &str, items: Vec<(Spanned<Expr>, bool)>) -> Vec<(Spanned<Expr>, bool)> {
    let mut out: Vec<(Spanned<Expr>, bool)> = Vec::with_capacity(items.len());
    let mut iter = items.into_iter().peekable();
    while let Some((e, comma)) = iter.next() {
        let bar = !comma && is_op(&e, "|");
        let left_flags = matches!(out.last(), Some((l, _)) if matches!(l.node, Expr::Flags(_)));
        let left_text = out.last().and_then(|(l, _)| flag_text(source, l));
        let right = iter
            .peek()
            .filter(|(_, c)| !c)
            .and_then(|(r, _)| flag_text(source, r));
        match (out.last_mut(), right) {
            (Some((left, _)), Some(right)) if bar && (left_flags || left_text.is_some()) => {
                if let Some((r, _)) = iter.next() {
                    left.span = left.span.to(r.span);
                }
                match &mut left.node {
                    Expr::Flags(names) => names.push(right),
                    node => *node = Expr::Flags(left_text.into_iter().chain([right]).collect()),
                }
            }
            _ => out.push((e, comma)),
        }
    }
    out
}

fn flag_text(source: &str, e: &Spanned<Expr>) -> Option<String> {
    match &e.node {
        Expr::Ident(name) => Some(name.clone()),
        Expr::Int(_) => source.get(e.span.range()).map(str::to_string),
        _ => None,
    }
}

fn is_op(e: &Spanned<Expr>, op: &str) -> bool {
    matches!(&e.node, Expr::Op(o) if o == op)
}

fn is_number(e: &Expr) -> bool {
    match e {
        Expr::Int(_) | Expr::Long(_) | Expr::Float(_) | Expr::Imag(_) => true,
        Expr::Ident(name) => name == "inf" || name == "nan",
        _ => false,
    }
}
