//! The disassembler: a `.pyc` as `.pyasm` text (`docs/language.md`).
//!
//! The text reads like CPython's `dis` and is exact: `pycasm asm` rebuilds the same
//! bytes from it. Whatever the language derives by default (constant and name tables,
//! `EXTENDED_ARG` counts, line and exception tables, localsplus kinds, marshal forms)
//! is printed only where the default would not give back the file's value; see
//! [`exact`] for each decision.
//!
//! ```text
//! ; hello.py (CPython 3.12), disassembled by pycasm
//! .version 3.12
//! .header timestamp 0 0
//!
//! .code @<module>
//!     .filename 'hello.py'
//!     .firstlineno 1
//!     .stacksize 3
//!     0:0-0     RESUME      0
//!     1:0-5     PUSH_NULL
//!     ...
//! .end
//! ```

mod block;
pub mod exact;
pub mod flags;
mod line;
pub mod operand;
pub mod printable;
pub mod repr;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::code::{visit_codes, Code, CodeError, Const, DecodeError, PyStr};
use crate::pyc::{Invalidation, PycFile};
use crate::version::Version;
use exact::FxBuild;

pub use block::default_names;

/// Why a file cannot be disassembled.
#[derive(Debug, thiserror::Error)]
pub enum DisError {
    /// The body is not a valid code object tree.
    #[error("not a valid code object: {0}")]
    Code(#[from] CodeError),
    /// A code object's bytecode does not decode; the language has no raw-bytecode form.
    #[error("code object @{block}: bytecode does not decode ({error}); the assembly language cannot express it")]
    Decode {
        /// The block name.
        block: String,
        /// The decoding problem.
        error: DecodeError,
    },
    /// Something the language cannot express.
    #[error("{0}")]
    Inexpressible(String),
}

/// What every block of a file needs to know about the others.
pub struct FileCtx<'a> {
    module: &'a Code,
    /// The module's `co_filename`: nested blocks inherit it.
    filename: PyStr,
    /// The code objects in block order, sorted by address, with their block names.
    names: Vec<(*const Code, &'a str)>,
}

impl FileCtx<'_> {
    /// The block name of a code object of this file.
    fn block_name(&self, c: &Code) -> &str {
        let key = c as *const Code;
        self.names
            .binary_search_by_key(&key, |e| e.0)
            .map_or("?", |i| self.names[i].1)
    }

    fn is_module(&self, c: &Code) -> bool {
        std::ptr::eq(self.module, c)
    }
}

/// Every code object of the tree, module first, then depth first in constant order
/// (`co_consts`, nested tuples included): the order of the blocks.
fn collect(root: &Code) -> Vec<&Code> {
    fn go<'a>(c: &'a Code, out: &mut Vec<&'a Code>) {
        out.push(c);
        for k in &c.consts {
            // Most constants are scalars: no call for them.
            match k {
                Const::Code(inner) => go(inner, out),
                Const::Tuple(_)
                | Const::List(_)
                | Const::Set(_)
                | Const::FrozenSet(_)
                | Const::Dict(_)
                | Const::Slice(_) => visit_codes(k, &mut |inner| go(inner, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    go(root, &mut out);
    out
}

/// Whether `name` can follow `@`: no white space, `,`, `)`, `]`, `}` or `;`.
fn block_name_ok(name: &str) -> bool {
    // Nearly every name is ASCII and accepted: one table lookup per byte, folded
    // without a branch; the characters are looked at only otherwise.
    let plain = name
        .bytes()
        .fold(true, |ok, b| ok & PLAIN_ASCII[usize::from(b)]);
    let refused = |c: char| c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ';');
    !name.is_empty() && (plain || !name.chars().any(refused))
}

/// The ASCII characters [`block_name_ok`] refuses (white space as `char::is_whitespace`
/// has it).
const REFUSED_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = matches!(
            c as u8,
            b'\t'..=b'\r' | b' ' | b',' | b')' | b']' | b'}' | b';'
        );
        c += 1;
    }
    t
};

/// The bytes [`block_name_ok`] accepts without looking at characters: ASCII it does
/// not refuse.
const PLAIN_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = !REFUSED_ASCII[c];
        c += 1;
    }
    t
};

/// Block names: the qualified name (3.11+) or name, `#2`, `#3` ... on repeats,
/// `code#N` when the name has characters `@NAME` cannot hold.
fn block_names<'c>(codes: &[&'c Code]) -> Vec<Cow<'c, str>> {
    let bases: Vec<(&str, bool)> = codes
        .iter()
        .map(|c| {
            let base = c.qualname.as_ref().unwrap_or(&c.name);
            match base.as_str().filter(|s| block_name_ok(s)) {
                Some(s) => (s, false),
                None => ("code", true),
            }
        })
        .collect();
    number_names(&bases)
}

/// The names of [`block_names`] from each block's base name and whether it is always
/// numbered.
fn number_names<'c>(bases: &[(&'c str, bool)]) -> Vec<Cow<'c, str>> {
    let mut counts: HashMap<&str, usize, FxBuild> =
        HashMap::with_capacity_and_hasher(bases.len(), FxBuild::default());
    if bases.iter().any(|(b, _)| b.as_bytes().contains(&b'#')) {
        return numbered_names(bases, counts);
    }
    // Without `#` in any name, a plain name never equals a numbered one, nor do two
    // numbered names of different bases: the n-th use of a name is the n-th number.
    bases
        .iter()
        .map(|&(base, always_number)| {
            let n = counts.entry(base).or_insert(0);
            *n += 1;
            if *n == 1 && !always_number {
                Cow::Borrowed(base)
            } else {
                Cow::Owned(format!("{base}#{n}"))
            }
        })
        .collect()
}

/// [`block_names`] when a name holds `#`: each candidate is checked against the names
/// given so far.
fn numbered_names<'c>(
    bases: &[(&'c str, bool)],
    mut counts: HashMap<&'c str, usize, FxBuild>,
) -> Vec<Cow<'c, str>> {
    let mut used: HashSet<String, FxBuild> =
        HashSet::with_capacity_and_hasher(bases.len(), FxBuild::default());
    bases
        .iter()
        .map(|&(base, always_number)| {
            let n = counts.entry(base).or_insert(0);
            loop {
                *n += 1;
                let candidate = if *n == 1 && !always_number {
                    base.to_string()
                } else {
                    format!("{base}#{n}")
                };
                if !used.contains(&candidate) {
                    used.insert(candidate.clone());
                    break Cow::Owned(candidate);
                }
            }
        })
        .collect()
}

/// Disassemble a whole `.pyc`. The text is UTF-8 (every piece written is), returned
/// as bytes so that it is not checked again: what is written to a file needs no
/// `str`; `String::from_utf8` gives one where it is needed.
pub fn disassemble(pyc: &PycFile) -> Result<Vec<u8>, DisError> {
    let code = Code::from_pyc(pyc)?;
    let version = pyc.header.version;
    let source = code
        .filename
        .to_string_lossy()
        .replace(char::is_control, "?");
    let mut head = String::new();
    let _ = writeln!(
        head,
        "; {source} (CPython {version}), disassembled by pycasm"
    );
    let _ = writeln!(head, ".version {version}");
    header(&mut head, pyc)?;
    // About 10 characters of text per byte of bytecode (3.12 stdlib), rarely more
    // than 16: room for nearly every file without growing.
    let codes = collect(&code);
    let code_bytes: usize = codes.iter().map(|c| c.code.len()).sum();
    let mut out = Vec::with_capacity(4096 + 16 * code_bytes);
    out.extend_from_slice(head.as_bytes());
    write_codes(&mut out, &codes)?;
    if !canonical_forms(&code, &pyc.body) {
        out.extend_from_slice(
            b"\n; the marshal forms CPython chose (string forms, references):\n.marshal ",
        );
        marshal_shape(&mut out, &pyc.body);
        out.push(b'\n');
    }
    Ok(out)
}

/// The shape of `body` as a string literal: written in place between quotes when its
/// tokens need no escapes (nearly always), through [`repr::str_repr`] otherwise.
fn marshal_shape(out: &mut Vec<u8>, body: &crate::marshal::Tree<'_>) {
    let start = out.len();
    out.push(b'\'');
    if crate::marshal::shape::write_shape(out, body) {
        out.push(b'\'');
        return;
    }
    let shape = String::from_utf8_lossy(out.get(start + 1..).unwrap_or_default()).into_owned();
    out.truncate(start);
    let mut text = String::new();
    repr::str_repr(&mut text, &PyStr::from(shape.as_str()));
    out.extend_from_slice(text.as_bytes());
}

/// The text written as bytes (every piece of it is text, so this only checks).
fn into_text(out: Vec<u8>) -> Result<String, DisError> {
    String::from_utf8(out)
        .map_err(|e| DisError::Inexpressible(format!("internal: text is not UTF-8 ({e})")))
}

/// Whether the body is in the forms `Code::to_marshal` writes (no `.marshal`
/// needed). `to_marshal` never sets FLAG_REF nor writes references, so a body with
/// either differs without building the canonical tree.
fn canonical_forms(code: &Code, body: &crate::marshal::Tree<'_>) -> bool {
    use crate::marshal::{Item, Tree};
    let marked = body.any(body.root(), |id| {
        body.flagged(id) || matches!(body.item(id), Item::Ref(_) | Item::StringRef(_))
    });
    !marked && Tree::from_obj(&code.to_marshal()).is_ok_and(|t| t == *body)
}

/// Disassemble a code object and the ones nested in it, as blocks (no file
/// directives).
pub fn code_blocks(root: &Code) -> Result<String, DisError> {
    let mut out = Vec::new();
    write_blocks(&mut out, root)?;
    into_text(out)
}

fn write_blocks(out: &mut Vec<u8>, root: &Code) -> Result<(), DisError> {
    write_codes(out, &collect(root))
}

/// [`write_blocks`] of the collected code objects, module first.
fn write_codes(out: &mut Vec<u8>, codes: &[&Code]) -> Result<(), DisError> {
    let Some(&root) = codes.first() else {
        return Ok(());
    };
    let names = block_names(codes);
    let mut by_address: Vec<(*const Code, &str)> = codes
        .iter()
        .zip(&names)
        .map(|(c, n)| (*c as *const Code, n.as_ref()))
        .collect();
    by_address.sort_unstable_by_key(|e| e.0);
    let ctx = FileCtx {
        module: root,
        filename: root.filename.clone(),
        names: by_address,
    };
    let mut scratch = block::Scratch::default();
    for (c, name) in codes.iter().zip(&names) {
        out.push(b'\n');
        block::write_block(out, &ctx, c, name, &mut scratch)?;
    }
    Ok(())
}

/// `.header` and `.magic`.
fn header(out: &mut String, pyc: &PycFile) -> Result<(), DisError> {
    let h = &pyc.header;
    match h.invalidation {
        Invalidation::Timestamp { mtime, source_size } => {
            if h.flags != 0 {
                return Err(DisError::Inexpressible(format!(
                    "PEP 552 flags {:#x} on a timestamp pyc cannot be written as .header",
                    h.flags
                )));
            }
            let _ = write!(out, ".header timestamp {mtime}");
            if h.version != Version::V2_7 {
                let _ = write!(out, " {}", source_size.unwrap_or(0));
            }
            out.push('\n');
        }
        Invalidation::Hash {
            source_hash,
            check_source,
        } => {
            let check = if check_source { "checked" } else { "unchecked" };
            let _ = writeln!(out, ".header hash {source_hash:#018x} {check}");
        }
    }
    if h.magic != h.version.magic() {
        let _ = writeln!(out, ".magic {}", h.magic);
    }
    Ok(())
}

/// Disassemble, assemble the text again, and compare with the file's bytes: the
/// round trip `pycasm roundtrip` checks. The error says where it broke.
pub fn round_trip(pyc: &PycFile, data: &[u8]) -> Result<(), String> {
    let text = disassemble(pyc).map_err(|e| format!("dis: {e}"))?;
    let text = String::from_utf8(text).map_err(|e| format!("dis: text is not UTF-8 ({e})"))?;
    let (file, diags) = crate::asm::parse(&text);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        let (line, col) = d.line_col(&text);
        return Err(format!(
            "dis output does not parse at {line}:{col}: {}",
            d.message
        ));
    }
    let assembled = crate::asm::assemble(&file, None).map_err(|d| match d.first() {
        Some(d) => {
            let (line, col) = d.line_col(&text);
            format!(
                "dis output does not assemble at {line}:{col}: {}",
                d.message
            )
        }
        None => "dis output does not assemble".to_string(),
    })?;
    let bytes = assembled
        .pyc
        .to_bytes()
        .map_err(|e| format!("write: {e}"))?;
    if bytes == data {
        return Ok(());
    }
    let at = bytes
        .iter()
        .zip(data)
        .position(|(a, b)| a != b)
        .unwrap_or(bytes.len().min(data.len()));
    Err(format!(
        "reassembled bytes differ at byte {at} ({} written, {} read)",
        bytes.len(),
        data.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_refusals_are_those_of_char() {
        for b in 0..128u8 {
            let c = char::from(b);
            let refused = c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ';');
            assert_eq!(REFUSED_ASCII[usize::from(b)], refused, "{b:#x}");
            assert_eq!(block_name_ok(&format!("a{c}b")), !refused, "{b:#x}");
        }
        assert!(!block_name_ok(""));
        assert!(!block_name_ok("a\u{2003}b"));
        assert!(block_name_ok("é.<locals>.f"));
    }

    #[test]
    fn marshal_shape_is_the_repr_of_the_shape() {
        let bodies: [&[u8]; 2] = [b"\xa9\x02\xda\x01ar\x01\x00\x00\x00", b")\x02Nf\x031.5"];
        for body in bodies {
            let tree = crate::marshal::read(body, Version::V3_12).unwrap();
            let mut out = b"x".to_vec();
            marshal_shape(&mut out, &tree);
            let mut expected = String::from("x");
            let shape = crate::marshal::shape::describe(&tree);
            repr::str_repr(&mut expected, &PyStr::from(shape.as_str()));
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn numbering_without_hash_matches_the_checked_numbering() {
        let sets: [&[(&str, bool)]; 4] = [
            &[("f", false), ("f", false), ("g", false), ("f", false)],
            &[
                ("code", true),
                ("code", false),
                ("code", true),
                ("x", false),
            ],
            &[
                ("a", false),
                ("a.<locals>.b", false),
                ("a", false),
                ("a", false),
            ],
            &[],
        ];
        for bases in sets {
            let checked = numbered_names(bases, HashMap::default());
            assert_eq!(number_names(bases), checked, "{bases:?}");
        }
        // A name holding `#` is skipped by the numbering of its base.
        let bases = [("f#2", false), ("f", false), ("f", false), ("f", false)];
        assert_eq!(number_names(&bases), ["f#2", "f", "f#3", "f#4"]);
    }
}
