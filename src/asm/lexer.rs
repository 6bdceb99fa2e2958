//! Tokens of `.pyasm` (`docs/language.md`, "Lexical structure").
//!
//! [`Lex`] is the logos automaton; [`tokenize`] turns its output into the [`Tok`]s the
//! grammar reads. It never fails: a character that starts no token, an unterminated
//! string or a too deep nesting becomes [`Tok::Error`] plus a diagnostic, because
//! lalrpop can only recover from errors the grammar sees as tokens. Literal values are
//! decoded here (`literal`), so a bad escape is reported but the line still parses.
//!
//! ```text
//! 12:4-20 LOAD_CONST (1, 'a') [ext=1]   ; comment
//! Int Colon Int Minus Int Name LParen Int Comma Lit RParen LBracket Name Eq Int RBracket Newline
//! ```

use logos::Logos;
use num_bigint::BigInt;

use crate::asm::ast::{Expr, Span};
use crate::asm::literal::{self, Number};
use crate::diag::Diagnostic;

/// Deeper nesting of brackets and unary minus signs is refused, so that nothing
/// recursive (conversion, `Drop`) can overflow the stack.
pub const MAX_NESTING: usize = 200;

/// The raw token kinds; values are decoded by [`tokenize`].
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(skip r"[ \t\r\x0C]+")]
#[logos(skip(r";[^\n]*", allow_greedy = true))]
#[logos(subpattern id = r"[\p{XID_Start}_]\p{XID_Continue}*")]
#[logos(subpattern dec = r"[0-9][0-9_]*")]
#[logos(subpattern exp = r"[eE][+-]?[0-9][0-9_]*")]
#[logos(subpattern sq = r"'([^'\\\n]|\\[^\n])*")]
#[logos(subpattern dq = r#""([^"\\\n]|\\[^\n])*"#)]
#[logos(subpattern strprefix = r"[bBrRuU]|[bB][rR]|[rR][bB]")]
pub enum Lex {
    /// End of a line.
    #[token("\n")]
    Newline,
    /// `.version`
    #[regex(r"\.(?&id)")]
    Directive,
    /// `LOAD_CONST`, `float.frombits`; 2.7's `SLICE+1` family (`+` is part of the name)
    #[regex(r"(?&id)(\.(?&id))*")]
    #[regex(r"(STORE_|DELETE_)?SLICE\+[0-3]")]
    Name,
    /// `frozenset(`: a call needs its `(` right after the name.
    #[regex(r"(?&id)(\.(?&id))*\(")]
    Call,
    /// `@<module>`
    #[regex(r"@[^\s,)\]};]+", priority = 1)]
    CodeRef,
    /// `#3`, `#0x1f`
    #[regex(r"#[0-9A-Za-z_]*")]
    Raw,
    /// Ints (any base, `L` suffix), floats, imaginaries.
    #[regex(
        r"(?&dec)[jJlL]?|0[xX][0-9a-fA-F_]+[lL]?|0[oO][0-7_]+[lL]?|0[bB][01_]+[lL]?",
        priority = 10
    )]
    #[regex(
        r"((?&dec)\.(?&dec)?(?&exp)?|\.(?&dec)(?&exp)?|(?&dec)(?&exp))[jJ]?",
        priority = 10
    )]
    Number,
    /// `12abc`, `0x`, `1.5e`: what Python calls an invalid literal.
    #[regex(r"[0-9][0-9A-Za-z_]*(\.[0-9A-Za-z_]*)?", priority = 2)]
    BadNumber,
    /// `'...'`, `b"..."`
    #[regex(r"((?&strprefix))?((?&sq)'|(?&dq)\x22)")]
    Str,
    /// A string without its closing quote before the end of the line.
    #[regex(r"((?&strprefix))?((?&sq)|(?&dq))\\?")]
    Unterminated,
    /// `...`
    #[token("...")]
    Ellipsis,
    /// Operator symbols other than `-` and `+`.
    #[regex(r"(<<|>>|\*\*|//|[<>*/%@&|^])=?|[+\-]=|==|!=|->", priority = 10)]
    Op,
    /// `-`
    #[token("-")]
    Minus,
    /// `+`
    #[token("+")]
    Plus,
    /// `:`
    #[token(":")]
    Colon,
    /// `,`
    #[token(",")]
    Comma,
    /// `=`
    #[token("=")]
    Eq,
    /// `?`
    #[token("?")]
    Question,
    /// `(`
    #[token("(")]
    LParen,
    /// `)`
    #[token(")")]
    RParen,
    /// `[`
    #[token("[")]
    LBracket,
    /// `]`
    #[token("]")]
    RBracket,
    /// `[]` written without a space: the 3.14 subscript operator (or an empty list).
    #[token("[]")]
    EmptyBrackets,
    /// `{`
    #[token("{")]
    LBrace,
    /// `}`
    #[token("}")]
    RBrace,
}

/// A token with its value, as the grammar reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// End of a line (one is added at the end of the input).
    Newline,
    /// An identifier or dotted name.
    Name(String),
    /// `name(`: the start of a call.
    Call(String),
    /// `.name`, without the dot.
    Directive(String),
    /// An int literal without suffix.
    Int(BigInt),
    /// Any other literal: long, float, imaginary, string, bytes.
    Lit(Expr),
    /// `#N`
    Raw(u64),
    /// `@NAME`, without the `@`.
    CodeRef(String),
    /// An operator symbol.
    Op(String),
    /// `...`
    Ellipsis,
    /// `-`
    Minus,
    /// `+`
    Plus,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// `=`
    Eq,
    /// `?`
    Question,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `[]`
    EmptyBrackets,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// Something the lexer already reported; the parser skips the rest of the line.
    Error,
}

/// A token and its byte range.
pub type Spanned = (usize, Tok, usize);

/// Tokenize `source`; it always ends with [`Tok::Newline`].
pub fn tokenize(source: &str, diags: &mut Vec<Diagnostic>) -> Vec<Spanned> {
    let mut out: Vec<Spanned> = Vec::new();
    let mut lex = Lex::lexer(source);
    let mut nesting = Nesting::default();
    // Where the last run of unexpected characters ended, to report a run once.
    let mut bad_run_end = None;
    while let Some(kind) = lex.next() {
        let range = lex.span();
        let (start, end) = (range.start, range.end);
        let tok = match kind {
            Ok(kind) => decode(kind, lex.slice(), start, diags),
            Err(()) if bad_run_end == Some(start) => {
                if let Some(d) = diags.last_mut() {
                    d.span.end = end as u32;
                    d.message =
                        format!("unexpected characters `{}`", clip(&source[d.span.range()]));
                }
                if let Some(last) = out.last_mut() {
                    last.2 = end;
                }
                bad_run_end = Some(end);
                continue;
            }
            Err(()) => {
                bad_run_end = Some(end);
                diags.push(
                    Diagnostic::error(
                        Span::new(start, end),
                        format!("unexpected character `{}`", clip(lex.slice())),
                    )
                    .with_hint("`;` starts a comment; names that are not identifiers are written as strings"),
                );
                Tok::Error
            }
        };
        let tok = nesting.check(tok, Span::new(start, end), diags);
        out.push((start, tok, end));
    }
    if !matches!(out.last(), Some((_, Tok::Newline, _))) {
        out.push((source.len(), Tok::Newline, source.len()));
    }
    out
}

fn clip(text: &str) -> String {
    let mut s: String = text.chars().take(30).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

fn decode(kind: Lex, text: &str, start: usize, diags: &mut Vec<Diagnostic>) -> Tok {
    let span = Span::new(start, start + text.len());
    match kind {
        Lex::Newline => Tok::Newline,
        Lex::Directive => Tok::Directive(text[1..].to_string()),
        Lex::Name => Tok::Name(text.to_string()),
        Lex::Call => Tok::Call(text[..text.len() - 1].to_string()),
        Lex::CodeRef => Tok::CodeRef(text[1..].to_string()),
        Lex::Raw => Tok::Raw(raw_number(&text[1..]).unwrap_or_else(|| {
            diags.push(
                Diagnostic::error(span, format!("invalid raw number `{}`", clip(text)))
                    .with_hint("`#` takes a decimal or `0x` hexadecimal number below 2**64"),
            );
            0
        })),
        Lex::Number => match literal::number(text) {
            Ok(Number::Int(v)) => Tok::Int(v),
            Ok(Number::Long(v)) => Tok::Lit(Expr::Long(v)),
            Ok(Number::Float(v)) => Tok::Lit(Expr::Float(v)),
            Ok(Number::Imag(v)) => Tok::Lit(Expr::Imag(v)),
            Err((message, hint)) => bad_number(span, message, hint, diags),
        },
        Lex::BadNumber => bad_number(
            span,
            format!("invalid number literal `{}`", clip(text)),
            "numbers are written as in Python: `42`, `0x1f`, `1_000`, `1.5e-3`, `2j`".into(),
            diags,
        ),
        Lex::Str => Tok::Lit(literal::string(text, start, diags)),
        Lex::Unterminated => {
            diags.push(
                Diagnostic::error(span, "unterminated string literal")
                    .with_label("the string starts here")
                    .with_hint("close it with the same quote on the same line"),
            );
            Tok::Error
        }
        Lex::Ellipsis => Tok::Ellipsis,
        Lex::Op => Tok::Op(text.to_string()),
        Lex::Minus => Tok::Minus,
        Lex::Plus => Tok::Plus,
        Lex::Colon => Tok::Colon,
        Lex::Comma => Tok::Comma,
        Lex::Eq => Tok::Eq,
        Lex::Question => Tok::Question,
        Lex::LParen => Tok::LParen,
        Lex::RParen => Tok::RParen,
        Lex::LBracket => Tok::LBracket,
        Lex::RBracket => Tok::RBracket,
        Lex::EmptyBrackets => Tok::EmptyBrackets,
        Lex::LBrace => Tok::LBrace,
        Lex::RBrace => Tok::RBrace,
    }
}

/// An invalid number still yields a number, so that the line keeps its shape.
fn bad_number(span: Span, message: String, hint: String, diags: &mut Vec<Diagnostic>) -> Tok {
    diags.push(Diagnostic::error(span, message).with_hint(hint));
    Tok::Int(BigInt::ZERO)
}

fn raw_number(text: &str) -> Option<u64> {
    match text.get(..2) {
        Some("0x" | "0X") => u64::from_str_radix(&text[2..], 16).ok(),
        _ if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        _ => None,
    }
}

/// Counts open brackets and pending unary minus signs on the current line.
#[derive(Default)]
struct Nesting {
    /// The minus signs waiting for their operand, per open bracket (index 0: none).
    minus_runs: Vec<usize>,
    depth: usize,
    reported: bool,
}

impl Nesting {
    fn check(&mut self, tok: Tok, span: Span, diags: &mut Vec<Diagnostic>) -> Tok {
        if self.minus_runs.is_empty() {
            self.minus_runs.push(0);
        }
        match tok {
            Tok::Newline => {
                *self = Nesting::default();
                return tok;
            }
            Tok::Minus => {
                self.depth += 1;
                if let Some(run) = self.minus_runs.last_mut() {
                    *run += 1;
                }
            }
            Tok::LParen | Tok::LBracket | Tok::LBrace | Tok::Call(_) => {
                self.depth += 1;
                self.minus_runs.push(0);
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                if self.minus_runs.len() > 1 {
                    let run = self.minus_runs.pop().unwrap_or(0);
                    self.depth -= run + 1;
                }
                self.end_operand();
            }
            _ => self.end_operand(),
        }
        if self.depth <= MAX_NESTING {
            return tok;
        }
        if !self.reported {
            self.reported = true;
            diags.push(
                Diagnostic::error(span, format!("nesting deeper than {MAX_NESTING} levels"))
                    .with_hint("brackets and `-` signs nest at most this deep"),
            );
        }
        Tok::Error
    }

    /// The minus signs before an operand apply to it, and are done.
    fn end_operand(&mut self) {
        if let Some(run) = self.minus_runs.last_mut() {
            self.depth -= *run;
            *run = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Lex> {
        Lex::lexer(src).map(|t| t.unwrap()).collect()
    }

    #[test]
    fn splits_positions_and_operators() {
        use Lex::*;
        assert_eq!(
            kinds("12-14:4-? ->//=<<[]"),
            [
                Number,
                Minus,
                Number,
                Colon,
                Number,
                Minus,
                Question,
                Op,
                Op,
                Op,
                EmptyBrackets
            ]
        );
        assert_eq!(kinds("@= @ @<module> @f#2"), [Op, Op, CodeRef, CodeRef]);
        assert_eq!(
            kinds("1.5 .5 1. 1e-5 2j 42L 0x1f 12ab"),
            [Number, Number, Number, Number, Number, Number, Number, BadNumber]
        );
        assert_eq!(
            kinds("b'x' rb\"y\" u 'z ; c"),
            [Str, Str, Name, Unterminated]
        );
        assert_eq!(
            kinds(".consts float.frombits( é_1 ... x"),
            [Directive, Call, Name, Ellipsis, Name]
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let mut d = Vec::new();
        let src = "(".repeat(MAX_NESTING + 5) + "\n" + &"(".repeat(MAX_NESTING);
        let toks = tokenize(&src, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(toks.iter().filter(|t| t.1 == Tok::Error).count(), 5);
        let mut d = Vec::new();
        let many = format!("{}1\n", "(-1, ".repeat(150));
        tokenize(&many, &mut d);
        assert!(d.is_empty());
        let many = format!("{}1\n", "-".repeat(MAX_NESTING + 1));
        tokenize(&many, &mut d);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn bad_characters_are_one_error_per_run() {
        let mut d = Vec::new();
        let toks = tokenize("a $$$ b $", &mut d);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].message, "unexpected characters `$$$`");
        assert_eq!(d[0].span, Span::new(2, 5));
        assert_eq!(toks.len(), 5);
    }
}
