//! The `.pyasm` parser: text to [`ast::File`] plus every syntax error.
//!
//! Three steps: `lexer::tokenize` (never fails; bad input becomes an error token), the
//! lalrpop grammar `grammar/pyasm.lalrpop` (one value per line; a line that does not
//! parse is skipped up to its newline and reported), and the pairing of `.code` and
//! `.end` lines into blocks done here, which reports unclosed and stray blocks.
//!
//! The AST stays generic (`ast.rs`); a few shapes worth knowing when resolving it:
//! - `.version 3.10` gives `Ident("3.10")`, not a float (3.10 is not 3.1);
//! - `A|B|0x4` (no commas) gives `Flags(["A", "B", "0x4"])`, numbers as written; a
//!   single name stays an `Ident`, a single number an `Int`;
//! - `.localsplus a:0x20` gives `BinOp(Ident(a), ':', Int(32))`;
//! - `[]` written without a space, at the top level of a line, is `Op("[]")` (3.14's
//!   subscript `BINARY_OP`), also after `LOAD_CONST`; `[ ]` and nested `[]` are empty
//!   lists;
//! - `-` then a number (or `inf`/`nan`) with no comma between is `Neg`; otherwise `-`
//!   is `Op("-")`; `not in` and `is not` are two `Ident`s;
//! - `name(` without a space is a call: `x (1, 2)` is two operands.
//!
//! ```
//! let (file, diags) = pycasm::asm::parse(".version 3.12\n.code @m\n  1 RESUME 0\n.end\n");
//! assert!(diags.is_empty());
//! assert_eq!(file.items.len(), 2);
//! ```

mod cst;
mod expect;
mod lower;

use crate::asm::ast::{self, CodeBlock, Expr, Item, Span, Spanned, Stmt};
use crate::asm::lexer;
use crate::diag::Diagnostic;
use cst::Line;
use lower::Lower;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        clippy::unwrap_used,
        missing_docs,
        unused
    )]
    grammar,
    "/pyasm.rs"
);

/// Parse a `.pyasm` text. The file holds everything that parsed, so it may be partial
/// when there are errors; the diagnostics come sorted by position.
pub fn parse(source: &str) -> (ast::File, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let tokens = lexer::tokenize(source, &mut diags);
    let lines = match grammar::FileParser::new().parse(tokens.into_iter().map(Ok)) {
        Ok(lines) => lines,
        // Unreachable: every line can end in `!` recovery, and the input ends in a
        // newline. Report it rather than panic.
        Err(e) => {
            diags.extend(expect::syntax_error(source, &e));
            Vec::new()
        }
    };
    let mut blocks = Blocks {
        lower: Lower {
            source,
            diags: &mut diags,
        },
        items: Vec::new(),
        open: None,
        outside: false,
    };
    for line in lines {
        blocks.line(line);
    }
    let file = blocks.finish();
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    (file, diags)
}

/// Pairs `.code` and `.end` lines.
struct Blocks<'a> {
    lower: Lower<'a>,
    items: Vec<Item>,
    /// The open block, and the span of its `.code` directive name.
    open: Option<(CodeBlock, Span)>,
    /// Whether the previous line was an instruction outside any block (reported once
    /// per run of such lines).
    outside: bool,
}

impl Blocks<'_> {
    fn line(&mut self, line: Line) {
        let was_outside = std::mem::take(&mut self.outside);
        match line {
            Line::Directive(d) => {
                let d = self.lower.directive(d);
                match d.name.node.as_str() {
                    "code" => self.open_block(d),
                    "end" => self.end_block(d),
                    _ => self.stmt(Stmt::Directive(d), was_outside),
                }
            }
            Line::Label(l) => self.stmt(Stmt::Label(l), was_outside),
            Line::Instr(label, i) => {
                let i = self.lower.instr(i);
                if let Some(l) = label {
                    self.stmt(Stmt::Label(l), was_outside);
                }
                self.stmt(Stmt::Instr(i), was_outside);
            }
            Line::Error(e, newline) => {
                self.lower
                    .diags
                    .extend(expect::syntax_error(self.lower.source, &e.error));
                self.broken_line(newline);
            }
        }
    }

    /// Keep the block structure when a `.code` or `.end` line itself is broken.
    fn broken_line(&mut self, newline: usize) {
        let source = self.lower.source;
        let start = source
            .get(..newline)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let text = source.get(start..newline).unwrap_or("");
        let trimmed = text.trim_start();
        let at = start + (text.len() - trimmed.len());
        let mut words = trimmed.split_whitespace();
        let name_span = |w: &str| Span::new(at, at + w.len());
        match words.next() {
            Some(w @ ".code") => {
                let name = words
                    .next()
                    .and_then(|n| n.strip_prefix('@'))
                    .and_then(|n| n.split([',', ')', ']', '}', ';']).next())
                    .unwrap_or("")
                    .to_string();
                let span = name_span(w);
                let d = ast::Directive {
                    name: Spanned::new("code".into(), span),
                    args: vec![Spanned::new(Expr::CodeRef(name), span)],
                    span,
                };
                self.open_block(d);
            }
            Some(w @ ".end") => {
                let span = name_span(w);
                let d = ast::Directive {
                    name: Spanned::new("end".into(), span),
                    args: Vec::new(),
                    span,
                };
                self.end_block(d);
            }
            _ => {}
        }
    }

    fn stmt(&mut self, stmt: Stmt, was_outside: bool) {
        if let Some((block, _)) = &mut self.open {
            block.body.push(stmt);
            return;
        }
        match stmt {
            Stmt::Directive(d) => self.items.push(Item::Directive(d)),
            Stmt::Label(Spanned { span, .. }) | Stmt::Instr(ast::Instr { span, .. }) => {
                self.outside = true;
                if !was_outside {
                    self.lower.diags.push(
                        Diagnostic::error(span, "instruction or label outside a `.code` block")
                            .with_hint("start a block with `.code @NAME` and close it with `.end`"),
                    );
                }
            }
        }
    }

    fn open_block(&mut self, d: ast::Directive) {
        if let Some((block, at)) = self.open.take() {
            self.unclosed(&block, at, Some(d.name.span));
            self.items.push(Item::Code(block));
        }
        let mut args = d.args.into_iter();
        let name = match args.next() {
            Some(Spanned {
                node: Expr::CodeRef(name),
                span,
            }) => Spanned::new(name, span),
            other => {
                let span = other.as_ref().map_or(d.name.span, |a| a.span);
                self.lower.diags.push(
                    Diagnostic::error(span, "expected `@NAME` after `.code`")
                        .with_hint("a block starts with `.code @NAME`, e.g. `.code @<module>`"),
                );
                Spanned::new(String::new(), span)
            }
        };
        if let Some(extra) = args.next() {
            self.lower.diags.push(
                Diagnostic::error(extra.span, "unexpected argument after `.code @NAME`")
                    .with_hint("the block's fields are set by directives on the following lines"),
            );
        }
        let block = CodeBlock {
            name,
            body: Vec::new(),
            span: d.span,
        };
        self.open = Some((block, d.name.span));
    }

    fn end_block(&mut self, d: ast::Directive) {
        if let Some(extra) = d.args.first() {
            self.lower.diags.push(
                Diagnostic::error(extra.span, "unexpected argument after `.end`")
                    .with_hint("`.end` stands alone on its line"),
            );
        }
        match self.open.take() {
            Some((mut block, _)) => {
                block.span = block.span.to(d.span);
                self.items.push(Item::Code(block));
            }
            None => self.lower.diags.push(
                Diagnostic::error(d.name.span, "`.end` without `.code`")
                    .with_label("no block is open here")
                    .with_hint("remove it, or start the block with `.code @NAME`"),
            ),
        }
    }

    fn unclosed(&mut self, block: &CodeBlock, at: Span, next: Option<Span>) {
        let mut d = Diagnostic::error(at, "`.code` block without `.end`")
            .with_label(format!("block `@{}` is not closed", block.name.node));
        d = match next {
            Some(span) => d
                .with_secondary(span, "the next block starts here")
                .with_hint("add `.end` before the next `.code`"),
            None => d.with_hint("add `.end` after the block's last line"),
        };
        self.lower.diags.push(d);
    }

    fn finish(mut self) -> ast::File {
        if let Some((mut block, at)) = self.open.take() {
            self.unclosed(&block, at, None);
            if let Some(last) = block.body.last() {
                block.span = block.span.to(stmt_span(last));
            }
            self.items.push(Item::Code(block));
        }
        ast::File { items: self.items }
    }
}

fn stmt_span(s: &Stmt) -> Span {
    match s {
        Stmt::Directive(d) => d.span,
        Stmt::Label(l) => l.span,
        Stmt::Instr(i) => i.span,
    }
}
