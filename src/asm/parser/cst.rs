//! What the grammar builds: one value per line, close to the source. `lower` turns
//! these into the AST, checking what the grammar leaves open (number ranges, where
//! options stand, `-` before a number).

use std::convert::Infallible;

use lalrpop_util::ErrorRecovery;
use num_bigint::BigInt;

use crate::asm::ast::{Expr, OpName, Span, Spanned};
use crate::asm::lexer::Tok;

/// One non-blank line.
#[derive(Debug)]
pub enum Line {
    /// `.name args`, including `.code` and `.end`.
    Directive(RawDirective),
    /// `name:` alone.
    Label(Spanned<String>),
    /// An instruction, maybe after a label.
    Instr(Option<Spanned<String>>, RawInstr),
    /// A line that did not parse; the offset is its newline's.
    Error(ErrorRecovery<usize, Tok, Infallible>, usize),
}

/// A directive line.
#[derive(Debug)]
pub struct RawDirective {
    /// Without the dot.
    pub name: Spanned<String>,
    /// The arguments.
    pub args: Vec<ArgItem>,
    /// The whole directive.
    pub span: Span,
}

/// An instruction.
#[derive(Debug)]
pub struct RawInstr {
    /// The position prefix.
    pub pos: Option<Spanned<RawPos>>,
    /// The opcode.
    pub op: Spanned<OpName>,
    /// Operands and options.
    pub args: Vec<ArgItem>,
    /// From the position (or opcode) to the end.
    pub span: Span,
}

/// A position prefix with unchecked numbers.
#[derive(Debug)]
pub enum RawPos {
    /// `-`
    None,
    /// `LINE[-END][:COL-COL]`
    At {
        /// The line (maybe negative).
        line: Spanned<BigInt>,
        /// The end line.
        end: Option<Spanned<BigInt>>,
        /// The columns, `?` as `None`.
        cols: Option<(Col, Col)>,
    },
}

/// A column number; `None` for `?`.
pub type Col = Option<Spanned<BigInt>>;

/// One item of an operand or argument list.
#[derive(Debug)]
pub struct ArgItem {
    /// The item.
    pub item: Item,
    /// Whether a comma separates it from the previous item.
    pub comma_before: bool,
}

/// An operand, or a bracket that is either a list or the options.
#[derive(Debug)]
pub enum Item {
    /// An expression or operator.
    Expr(Spanned<Expr>),
    /// `[...]` at the top level of a line.
    Bracket(Vec<Elem>, Span),
}

/// An element of a top-level bracket.
#[derive(Debug)]
pub enum Elem {
    /// A list element.
    Expr(Spanned<Expr>),
    /// `key=value`
    Opt(Spanned<String>, Spanned<Expr>, Span),
}

/// A spanned node from byte offsets.
pub fn sp<T>(node: T, l: usize, r: usize) -> Spanned<T> {
    Spanned::new(node, Span::new(l, r))
}
