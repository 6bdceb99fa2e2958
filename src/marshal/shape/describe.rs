//! Writing a shape: [`describe`] and [`write_shape`], one token per object in reading
//! order.

use std::fmt::Write;

use crate::decimal::{push_int, SMALL_WORDS};
use crate::marshal::tree::{Item, Kids, NodeId, Packed, Tree, FLAGGED};

/// The shape of a tree.
pub fn describe(tree: &Tree<'_>) -> String {
    let mut out = Vec::new();
    write_shape(&mut out, tree);
    // Every piece is UTF-8, so this only checks.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Append the shape of a tree ([`describe`]) to `out`. True when every token is plain
/// (type codes, `&`, reference numbers: printable ASCII, no quote nor backslash), so
/// that the text needs no escapes in a string literal; false when a text float or
/// complex brought text of its own.
pub fn write_shape(out: &mut Vec<u8>, tree: &Tree<'_>) -> bool {
    // About one character per object: nearly every token is a type code or two.
    out.reserve(tree.len() + tree.len() / 4);
    let mut plain = true;
    // Reading order (`Tree::preorder`): the children of the container being walked
    // in a local, those of the containers around it on a stack.
    let mut open: Vec<Pending<'_>> = Vec::new();
    let mut kids = Pending::run(tree, tree.root().0, 1);
    loop {
        let Some(p) = kids.next(tree) else {
            match open.pop() {
                Some(outer) => {
                    kids = outer;
                    continue;
                }
                None => return plain,
            }
        };
        if p.bits & FLAGGED != 0 {
            out.push(b'&');
        }
        match p.code {
            b'(' | b')' | b'[' | b'{' | b'<' | b'>' | b':' | b'c' => {
                out.push(p.code);
                let inner = Pending::of(tree, p);
                if !inner.is_empty() {
                    open.push(std::mem::replace(&mut kids, inner));
                }
            }
            b'r' | b'R' => {
                out.push(p.code);
                push_number(out, p.a);
            }
            b'N' | b'F' | b'T' | b'.' | b'S' | b'i' | b'I' | b'l' | b'g' | b'y' | b's' | b't'
            | b'u' | b'a' | b'A' | b'z' | b'Z' => out.push(p.code),
            b'f' | b'x' => {
                plain = false;
                text_form(out, tree.item_of(p), p.code);
            }
            // No reader makes other codes.
            c => {
                plain = false;
                out.extend_from_slice(char::from(c).encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }
}

/// Append the decimal text of `n`: below 1000 as one fixed-size copy cut to length.
#[inline]
fn push_number(out: &mut Vec<u8>, n: u32) {
    match SMALL_WORDS.get(n as usize) {
        Some(w) => {
            let at = out.len();
            out.extend_from_slice(&[w[0], w[1], w[2], w[3]]);
            out.truncate(at + usize::from(w[7]));
        }
        None => push_int(out, n.into()),
    }
}

/// The children of a container not yet written: a run of consecutive nodes read in
/// place from the arena (no lookup by id), or listed ids.
struct Pending<'t> {
    run: std::slice::Iter<'t, Packed>,
    listed: std::slice::Iter<'t, u32>,
}

impl<'t> Pending<'t> {
    /// The `n` nodes from `first`.
    fn run(tree: &'t Tree<'_>, first: u32, n: u32) -> Self {
        let (first, n) = (first as usize, n as usize);
        Pending {
            run: tree.nodes.get(first..first + n).unwrap_or_default().iter(),
            listed: [].iter(),
        }
    }

    /// The children of container `p`.
    fn of(tree: &'t Tree<'_>, p: Packed) -> Self {
        match tree.container_kids(p) {
            Kids::Run(first, n) => Pending::run(tree, first, n),
            Kids::Listed(ids) => Pending {
                run: [].iter(),
                listed: ids.iter(),
            },
        }
    }

    fn is_empty(&self) -> bool {
        self.run.len() == 0 && self.listed.len() == 0
    }

    #[inline]
    fn next(&mut self, tree: &Tree<'_>) -> Option<Packed> {
        match self.run.next() {
            Some(&p) => Some(p),
            None => self.listed.next().map(|&k| tree.packed(NodeId(k))),
        }
    }
}

/// The token of a text float or complex, `f(TEXT)` / `x(RE,IM)`.
fn text_form(out: &mut Vec<u8>, item: Item<'_>, code: u8) {
    let mut text = String::new();
    match item {
        Item::FloatText(t) => {
            let _ = write!(text, "f({})", String::from_utf8_lossy(t));
        }
        Item::ComplexText(re, im) => {
            let _ = write!(
                text,
                "x({},{})",
                String::from_utf8_lossy(re),
                String::from_utf8_lossy(im)
            );
        }
        _ => text.push(char::from(code)),
    }
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Version;

    fn shape(bytes: &[u8]) -> (String, bool) {
        let tree = crate::marshal::read(bytes, Version::V3_12).unwrap();
        let mut out = b"x".to_vec();
        let plain = write_shape(&mut out, &tree);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text[1..], describe(&tree));
        (text[1..].to_string(), plain)
    }

    #[test]
    fn tokens_in_reading_order_plain_unless_text() {
        // A flagged tuple of a flagged string, a reference to it, a nested tuple and an
        // int.
        let body = b"\xa9\x04\xda\x01ar\x01\x00\x00\x00)\x01Ni\x07\x00\x00\x00";
        assert_eq!(shape(body), ("&)&Zr1)Ni".to_string(), true));
        // A text float brings its own text.
        let body = b")\x02\xda\x01af\x031.5";
        assert_eq!(shape(body), (")&Zf(1.5)".to_string(), false));
    }

    #[test]
    fn reference_numbers() {
        for n in [0, 9, 10, 99, 100, 999, 1000, 123_456] {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
        // 1,001 flagged ints take slots 1 to 1001 (the tuple has 0).
        let mut body = b"\xa8\xea\x03\x00\x00".to_vec();
        for _ in 0..1001 {
            body.extend_from_slice(b"\xe9\x07\x00\x00\x00");
        }
        body.extend_from_slice(b"r\xe8\x03\x00\x00");
        let expected = format!("&({}r1000", "&i".repeat(1001));
        assert_eq!(shape(&body), (expected, true));
    }
}
