//! A syntax error in words: what was found, and what the grammar would have taken
//! there ("expected an operand or end of line").

use std::convert::Infallible;

use lalrpop_util::ParseError;

use crate::asm::ast::Span;
use crate::asm::lexer::Tok;
use crate::diag::Diagnostic;

/// The diagnostic for a parse error; `None` when the lexer already reported it.
pub fn syntax_error(
    source: &str,
    error: &ParseError<usize, Tok, Infallible>,
) -> Option<Diagnostic> {
    let (span, found, expected) = match error {
        ParseError::UnrecognizedToken {
            token: (_, Tok::Error, _),
            ..
        } => return None,
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            // Point at the end of the line, not at the newline character.
            let r = if *tok == Tok::Newline { *l } else { *r };
            (Span::new(*l, r), describe(source, tok, *l, r), expected)
        }
        ParseError::UnrecognizedEof { location, expected } => (
            Span::new(*location, *location),
            "end of file".to_string(),
            expected,
        ),
        ParseError::ExtraToken { token: (l, _, r) } => {
            let found = source.get(*l..*r).unwrap_or("");
            return Some(Diagnostic::error(
                Span::new(*l, *r),
                format!("unexpected `{found}`"),
            ));
        }
        ParseError::InvalidToken { location } => {
            return Some(Diagnostic::error(
                Span::new(*location, *location),
                "invalid token",
            ));
        }
        ParseError::User { error } => match *error {},
    };
    let wanted = summarize(expected);
    let mut d = Diagnostic::error(span, format!("unexpected {found}"));
    if !wanted.is_empty() {
        d = d.with_hint(format!("expected {wanted}"));
    }
    Some(d)
}

fn describe(source: &str, tok: &Tok, l: usize, r: usize) -> String {
    match tok {
        Tok::Newline => "end of line".into(),
        _ => {
            let text = source.get(l..r).unwrap_or("");
            let clipped: String = text.chars().take(30).collect();
            let dots = if clipped.len() < text.len() {
                "…"
            } else {
                ""
            };
            format!("`{clipped}{dots}`")
        }
    }
}

/// Group the terminal names lalrpop reports into a few phrases.
fn summarize(expected: &[String]) -> String {
    let has = |t: &str| expected.iter().any(|e| e == t);
    let mut parts: Vec<&str> = Vec::new();
    if has("DirName") {
        parts.push("a directive, label or instruction");
    } else if has("Lit") {
        let closer = has("\")\"") || has("\"]\"") || has("\"}\"");
        parts.push(if closer { "a value" } else { "an operand" });
    } else if has("RawNum") {
        parts.push("an opcode name");
    } else if has("\"?\"") {
        parts.push("a column number or `?`");
    } else if has("Int") {
        parts.push("a line number");
    }
    for (token, phrase) in [
        ("\"-\"", "`-`"),
        ("\":\"", "`:`"),
        ("\"=\"", "`=`"),
        ("\",\"", "`,`"),
        ("\")\"", "`)`"),
        ("\"]\"", "`]`"),
        ("\"}\"", "`}`"),
    ] {
        // After a name `:` would make a label (or `a:0x20`), and after a value `-` a
        // complex literal: rarely what was meant.
        let value_follows = has("Lit") || has("DirName");
        let after_value = has("\",\"") || value_follows;
        let skip = (token == "\":\"" && value_follows) || (token == "\"-\"" && after_value);
        if has(token) && !skip {
            parts.push(phrase);
        }
    }
    if has("\"\\n\"") && !has("DirName") {
        parts.push("end of line");
    }
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
