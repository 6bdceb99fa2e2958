//! The parse tree of a `.pyasm` file (`docs/language.md`).
//!
//! The parser produces it; the resolver gives it meaning. It is deliberately generic:
//! a directive is a name and a list of expressions, an instruction a name and a list of
//! operand expressions, so the grammar stays small and the resolver, which knows the
//! target version's opcode table, reports what does not fit with a precise span.

use num_bigint::BigInt;

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// As a `Range` for codespan.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A node with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it is.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wrap a node.
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

/// A whole file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    /// File-level directives and code blocks, in order.
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `.version`, `.header`, `.magic`, `.marshal`.
    Directive(Directive),
    /// `.code @name ... .end`.
    Code(CodeBlock),
}

/// `.name args...`
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// The name without the dot (`version`).
    pub name: Spanned<String>,
    /// The arguments.
    pub args: Vec<Spanned<Expr>>,
    /// The whole directive.
    pub span: Span,
}

/// A code block.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The block's name (after `@`).
    pub name: Spanned<String>,
    /// Directives, labels and instructions, in order.
    pub body: Vec<Stmt>,
    /// From `.code` to `.end`.
    pub span: Span,
}

/// A statement inside a code block.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// A directive.
    Directive(Directive),
    /// `name:`
    Label(Spanned<String>),
    /// An instruction.
    Instr(Instr),
}

/// One instruction line.
#[derive(Debug, Clone, PartialEq)]
pub struct Instr {
    /// The source position prefix, if written.
    pub position: Option<Spanned<PosSpec>>,
    /// The opcode: a name, or `#N` for a raw opcode number.
    pub op: Spanned<OpName>,
    /// Operands, in order (commas are separators only).
    pub operands: Vec<Spanned<Expr>>,
    /// `[key=value, ...]` options.
    pub options: Vec<Spanned<(String, Spanned<Expr>)>>,
    /// The whole line.
    pub span: Span,
}

/// How an instruction names its opcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpName {
    /// `LOAD_CONST`
    Name(String),
    /// `#99`
    Raw(u64),
}

/// A source position prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosSpec {
    /// `-`: no position.
    None,
    /// `LINE[-END_LINE][:COL-END_COL]`; `?` for an unknown column is `None`.
    At {
        /// Start line.
        line: i64,
        /// End line (defaults to the start line).
        end_line: Option<i64>,
        /// Columns, when written.
        cols: Option<(Option<u64>, Option<u64>)>,
    },
}

/// A string literal's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrPrefix {
    /// No prefix (or `r`).
    Plain,
    /// `u'...'`
    Unicode,
    /// `b'...'`
    Bytes,
}

/// An expression: a constant literal, a name, an operator or a reference.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// An identifier, keyword or dotted name (`print`, `None`, `depth`, `L1`).
    Ident(String),
    /// An integer literal (`42`, `0x1f`); negative ones come as `Neg`.
    Int(BigInt),
    /// A 2.7 long literal (`42L`).
    Long(BigInt),
    /// A float literal (`1.5`, `1e100`).
    Float(f64),
    /// An imaginary literal (`2j`, `1.5j`).
    Imag(f64),
    /// A string literal: code points (surrogates allowed) and its prefix.
    Str(Vec<u32>, StrPrefix),
    /// A bytes literal.
    Bytes(Vec<u8>),
    /// `-x`
    Neg(Box<Spanned<Expr>>),
    /// `a + b` / `a - b` (only for complex literals such as `(1+2j)`).
    BinOp(Box<Spanned<Expr>>, char, Box<Spanned<Expr>>),
    /// `(a, b)`; a parenthesized single expression without a comma is not a tuple.
    Tuple(Vec<Spanned<Expr>>),
    /// `[a, b]`
    List(Vec<Spanned<Expr>>),
    /// `{a, b}`
    Set(Vec<Spanned<Expr>>),
    /// `{k: v}`
    Dict(Vec<(Spanned<Expr>, Spanned<Expr>)>),
    /// `f(args)`: `frozenset({...})`, `slice(a, b, c)`, `complex(a, b)`, `bool(<)`, ...
    Call(String, Vec<Spanned<Expr>>),
    /// `...`
    Ellipsis,
    /// `@name`: a code block.
    CodeRef(String),
    /// `#N`: a raw number.
    Raw(u64),
    /// An operator symbol (`<`, `==`, `+=`, `[]`, `->`, `|`).
    Op(String),
    /// `A|B|C`: flag names.
    Flags(Vec<String>),
}
