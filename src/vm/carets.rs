//! The caret line under a traceback's source line (3.11+): `^^^^` under the failing
//! expression, with `~` for the rest of a binary operation, subscript or (3.13) call
//! and `^` at its anchor. 3.11/3.12 follow `Python/traceback.c`
//! (`extract_anchors_from_expr`), 3.13 `Lib/traceback.py` (`_extract_caret_anchors_from_line_segment`,
//! `_should_show_carets`). Only the syntax the anchors need is recognized, with a
//! small tokenizer: anything else gets no anchors, as when CPython's parse fails.

use crate::version::Version;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Name,
    Keyword,
    Number,
    Str,
    Op,
    Open(char),
    Close(char),
}

/// A token: kind, text, start and end (char indices in the segment).
#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    text: String,
    start: usize,
    end: usize,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const OPS3: &[&str] = &["**=", "//=", ">>=", "<<=", "...", "!="];
const OPS2: &[&str] = &[
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "@=",
];

fn tokenize(s: &[char]) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' || c == '\\' {
            return None;
        }
        let start = i;
        let kind = if c.is_alphabetic() || c == '_' {
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            // String prefixes.
            if i < s.len() && (s[i] == '\'' || s[i] == '"') && i - start <= 2 {
                i = string_end(s, i)?;
                Tok::Str
            } else {
                let w: String = s[start..i].iter().collect();
                if KEYWORDS.contains(&w.as_str()) {
                    Tok::Keyword
                } else {
                    Tok::Name
                }
            }
        } else if c.is_ascii_digit() || (c == '.' && s.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < s.len()
                && (s[i].is_alphanumeric()
                    || s[i] == '.'
                    || s[i] == '_'
                    || ((s[i] == '+' || s[i] == '-') && matches!(s[i - 1], 'e' | 'E')))
            {
                i += 1;
            }
            Tok::Number
        } else if c == '\'' || c == '"' {
            i = string_end(s, i)?;
            Tok::Str
        } else if "([{".contains(c) {
            i += 1;
            Tok::Open(c)
        } else if ")]}".contains(c) {
            i += 1;
            Tok::Close(c)
        } else {
            let rest: String = s[i..s.len().min(i + 3)].iter().collect();
            let n = if OPS3.iter().any(|o| rest.starts_with(o)) {
                3
            } else if OPS2.iter().any(|o| rest.starts_with(o)) {
                2
            } else {
                1
            };
            i += n;
            Tok::Op
        };
        out.push(Token {
            kind,
            text: s[start..i].iter().collect(),
            start,
            end: i,
        });
    }
    Some(out)
}

/// The index after the string literal whose quote is at `i`.
fn string_end(s: &[char], i: usize) -> Option<usize> {
    let q = s[i];
    let triple = s.get(i + 1) == Some(&q) && s.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < s.len() {
        if s[j] == '\\' {
            j += 2;
            continue;
        }
        if s[j] == q && (!triple || (s.get(j + 1) == Some(&q) && s.get(j + 2) == Some(&q))) {
            return Some(if triple { j + 3 } else { j + 1 });
        }
        j += 1;
    }
    None
}

/// Binary operator precedence (higher binds tighter).
fn binop_level(op: &str) -> Option<u8> {
    Some(match op {
        "|" => 1,
        "^" => 2,
        "&" => 3,
        "<<" | ">>" => 4,
        "+" | "-" => 5,
        "*" | "/" | "//" | "%" | "@" => 6,
        "**" => 8,
        _ => return None,
    })
}

/// What the expression's root node is, with the positions the anchors use.
enum Root {
    /// `left op right`: the operator token, the end of the left operand's node and
    /// the start of the right operand's node (AST offsets, parentheses excluded).
    BinOp {
        op: usize,
        left_end: usize,
        right_start: usize,
    },
    /// `value[slice]`: the `[` and `]` tokens.
    Subscript { open: usize, close: usize },
    /// `func(args)`: the `(` and `)` tokens.
    Call { open: usize, close: usize },
}

/// The matching bracket of each open/close token (by token index).
fn matches(toks: &[Token]) -> Option<Vec<usize>> {
    let mut m = vec![usize::MAX; toks.len()];
    let mut stack = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Tok::Open(_) => stack.push(i),
            Tok::Close(_) => {
                let j = stack.pop()?;
                m[i] = j;
                m[j] = i;
            }
            _ => {}
        }
    }
    stack.is_empty().then_some(m)
}

/// Whether the token before `i` ends an operand (so `i` is binary, not unary).
fn after_operand(toks: &[Token], i: usize) -> bool {
    i > 0
        && match toks[i - 1].kind {
            Tok::Name | Tok::Number | Tok::Str | Tok::Close(_) => true,
            Tok::Keyword => matches!(toks[i - 1].text.as_str(), "None" | "True" | "False"),
            _ => false,
        }
}

/// The AST start/end of the operand `toks[a..b]`: grouping parentheses around the
/// whole operand are not part of its node.
fn node_span(toks: &[Token], m: &[usize], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    if a >= b {
        return None;
    }
    while toks[a].kind == Tok::Open('(') && m[a] == b - 1 && a + 1 < b - 1 {
        a += 1;
        b -= 1;
    }
    Some((toks[a].start, toks[b - 1].end))
}

fn root(toks: &[Token]) -> Option<Root> {
    let m = matches(toks)?;
    // Top-level tokens only.
    let mut top = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        top.push(i);
        if let Tok::Open(_) = toks[i].kind {
            i = m[i];
        }
        i += 1;
    }
    for &i in &top {
        let t = &toks[i];
        match t.kind {
            Tok::Keyword if !matches!(t.text.as_str(), "None" | "True" | "False") => return None,
            Tok::Op => {
                let binary = binop_level(&t.text).is_some() && after_operand(toks, i);
                let unary = matches!(t.text.as_str(), "-" | "+" | "~") && !after_operand(toks, i);
                let attr = t.text == ".";
                if !(binary || unary || attr) {
                    return None;
                }
            }
            _ => {}
        }
    }
    // The lowest-precedence binary operator is the root (the rightmost one, or the
    // leftmost for the right-associative `**`).
    let mut best: Option<(u8, usize)> = None;
    for &i in &top {
        let t = &toks[i];
        if t.kind != Tok::Op || !after_operand(toks, i) {
            continue;
        }
        let Some(level) = binop_level(&t.text) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((l, _)) if level < l => true,
            Some((l, _)) if level == l && level != 8 => true,
            _ => false,
        };
        if better {
            best = Some((level, i));
        }
    }
    let unary_start = toks[0].kind == Tok::Op;
    if let Some((level, op)) = best {
        // `-a ** b` is a unary minus around the power.
        if level == 8 && unary_start {
            return None;
        }
        let (_, left_end) = node_span(toks, &m, 0, op)?;
        let (right_start, _) = node_span(toks, &m, op + 1, toks.len())?;
        return Some(Root::BinOp {
            op,
            left_end,
            right_start,
        });
    }
    if unary_start {
        return None;
    }
    let last = toks.len() - 1;
    let Tok::Close(c) = toks[last].kind else {
        return None;
    };
    let open = m[last];
    if open == 0 {
        return None;
    }
    match c {
        ']' => Some(Root::Subscript { open, close: last }),
        ')' => Some(Root::Call { open, close: last }),
        _ => None,
    }
}

/// (left, right) anchors in the segment (char offsets, right exclusive), the
/// version's way.
fn anchors(seg: &[char], version: Version) -> Option<(usize, usize)> {
    let toks = tokenize(seg)?;
    if toks.is_empty() {
        return None;
    }
    let modern = version >= Version::V3_13;
    match root(&toks)? {
        Root::BinOp {
            op,
            left_end,
            right_start,
        } => {
            if modern {
                // The operator itself, found past spaces and `)`.
                let l = toks[op].start;
                let mut r = l + 1;
                if r < seg.len() && !seg[r].is_whitespace() && seg[r] != '\\' && seg[r] != '#' {
                    r += 1;
                }
                Some((l, r))
            } else {
                // The first character after the left operand's node that is not
                // blank or `)`, and the next one when it is not blank (before the
                // right operand).
                let l = (left_end..right_start)
                    .find(|&k| !matches!(seg[k], ' ' | '\t' | '\x0c' | ')'))?;
                let mut r = l + 1;
                if r < right_start && !matches!(seg[r], ' ' | '\t' | '\x0c') {
                    r += 1;
                }
                Some((l, r))
            }
        }
        // From the `[` to the end of the expression.
        Root::Subscript { open, close } => Some((toks[open].start, toks[close].end)),
        Root::Call { open, close } if modern => Some((toks[open].start, toks[close].end)),
        Root::Call { .. } => None,
    }
}

/// Whether 3.13 leaves the carets out for `return f(...)` / `x = f(...)` whose
/// call (for `return obj.m(...)`: whose `obj`) is exactly the instruction's span
/// (`_should_show_carets`); `line` is dedented, `start`/`end` relative to it.
fn full_line_call(line: &[char], start: usize, end: usize) -> bool {
    let Some(toks) = tokenize(line) else {
        return false;
    };
    let Some(first) = toks.first() else {
        return false;
    };
    let is_return = first.kind == Tok::Keyword && first.text == "return";
    let from = if is_return {
        1
    } else {
        match toks.iter().position(|t| t.text == "=") {
            Some(eq) => eq + 1,
            None => return false,
        }
    };
    let rest = &toks[from.min(toks.len())..];
    if rest.is_empty() {
        return false;
    }
    let Some(Root::Call { open, .. }) = root(rest) else {
        return false;
    };
    let value_start = rest[0].start;
    let value_end = if is_return && open >= 2 && rest[open - 2].text == "." {
        rest[open - 3].end
    } else {
        rest[rest.len() - 1].end
    };
    value_start == start && value_end == end
}

/// The caret line for `line` (the full source line) and the instruction span
/// `(start_line, end_line, start_col, end_col)` (UTF-8 byte columns), without the
/// leading indent: `None` when CPython draws none.
pub fn caret_line(
    line: &str,
    start_line: i32,
    span: (i32, u32, u32),
    version: Version,
) -> Option<String> {
    let (end_line, col, end_col) = span;
    let line = line.trim_end();
    let chars: Vec<char> = line.chars().collect();
    let to_char = |b: u32| -> usize {
        let b = b as usize;
        line.char_indices()
            .position(|(i, _)| i >= b)
            .unwrap_or(chars.len())
    };
    let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
    let start = to_char(col);
    let mut end = to_char(end_col);
    if start >= chars.len() {
        return None;
    }
    let single = end_line == start_line;
    if !single {
        if version >= Version::V3_13 {
            // Multi-line display is not reproduced.
            return None;
        }
        end = chars.len();
    }
    if end <= start {
        return None;
    }
    let seg = &chars[start..end];
    let anchor = if single { anchors(seg, version) } else { None };
    if version >= Version::V3_13 {
        if single && full_line_call(&chars[indent..], start - indent, end - indent) {
            return None;
        }
        let before = chars[indent..start].iter().any(|c| !c.is_whitespace());
        let after = chars[end..].iter().any(|c| !c.is_whitespace());
        if anchor.is_none() && !before && !after {
            return None;
        }
    } else if anchor.is_none() && end - start == chars.len() - indent {
        return None;
    }
    let mut out = " ".repeat(start - indent);
    for k in 0..end - start {
        let c = match anchor {
            Some((l, r)) if k >= l && k < r => '^',
            Some(_) => '~',
            None => '^',
        };
        out.push(c);
    }
    Some(out)
}
